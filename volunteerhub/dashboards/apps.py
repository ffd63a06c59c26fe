from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    """The figures people steer by: the region-scoped dashboard, the annual plan's progress and the public
    figures page, read from the counters the stats app keeps and from every domain app."""

    name = "volunteerhub.dashboards"
    label = "dashboards"
    verbose_name = "统计看板 Dashboards"
