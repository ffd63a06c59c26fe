from django.apps import AppConfig, apps

# Models of other apps whose saves change what the dashboard shows (names, teams, projects, the ledger).
# The stats services move the data version themselves; these are the writes they never see.
WATCHED = [("hours", "LedgerEntry"), ("hours", "LedgerDecision"), ("hours", "VolunteerHours"), ("hours", "TeamHours"),
           ("volunteers", "Volunteer"), ("organizations", "Team"), ("activities", "Project"), ("regions", "Region")]


def _figures_changed(sender, using, **kwargs) -> None:
    from volunteerhub.stats.freshness import data_changed

    data_changed(using=using)


class StatsConfig(AppConfig):
    name = "volunteerhub.stats"
    label = "stats"
    verbose_name = "统计 Statistics"

    def ready(self) -> None:
        """Other apps' writes move the dashboard's data version (signals, so those apps need not know stats)."""
        from django.db.models.signals import post_delete, post_save

        for app_label, name in WATCHED:
            watched = apps.get_model(app_label, name)
            post_save.connect(_figures_changed, sender=watched, dispatch_uid=f"stats-version-{name}-save")
            post_delete.connect(_figures_changed, sender=watched, dispatch_uid=f"stats-version-{name}-delete")
