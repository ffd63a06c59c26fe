from django.urls import path

from volunteerhub.workdays import views

urlpatterns = [
    path("workdays/", views.workdays_page, name="workdays"),
]
