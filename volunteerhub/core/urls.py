from django.urls import path

from volunteerhub.core import views

urlpatterns = [
    path("", views.home, name="home"),
]
