from django.urls import path

from volunteerhub.volunteers import views

urlpatterns = [
    path("register/", views.register, name="volunteer-register"),
    path("volunteers/qualifications/", views.qualifications_to_verify, name="qualifications-to-verify"),
]
