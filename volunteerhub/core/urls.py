from django.urls import path

from volunteerhub.core import views

urlpatterns = [
    path("favicon.ico", views.favicon),
]
