from django.urls import path

from volunteerhub.dashboards import views

urlpatterns = [
    path("dashboard", views.dashboard, name="dashboard"),
    path("dashboard/", views.dashboard),
    path("dashboard/plan", views.plan_edit, name="dashboard-plan"),
    path("dashboard/xlsx/<slug:chart>", views.dashboard_xlsx, name="dashboard-xlsx"),
    path("stats/", views.public_summary, name="stats-public"),
    path("stats/xlsx/<slug:chart>", views.public_xlsx, name="stats-xlsx"),
    path("stats/boundaries.geojson", views.boundaries, name="stats-boundaries"),
]
