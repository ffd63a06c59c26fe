from django.urls import path

from volunteerhub.volunteers import views

urlpatterns = [
    path("register/", views.register, name="volunteer-register"),
]
