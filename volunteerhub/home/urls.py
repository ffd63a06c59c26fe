from django.urls import path

from volunteerhub.home import views

urlpatterns = [
    path("", views.home, name="home"),
    path("me/", views.me, name="me"),
]
