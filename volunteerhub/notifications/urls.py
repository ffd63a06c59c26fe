from django.urls import path

from volunteerhub.notifications import views

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/settings/", views.preferences, name="notification-preferences"),
]
