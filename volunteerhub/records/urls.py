from django.urls import path

from volunteerhub.records import views

urlpatterns = [
    path("me/hours/", views.my_record, name="my-hours"),
    path("me/hours/certificate.pdf", views.my_certificate, name="my-certificate"),
    path("certificates/verify/<str:code>/", views.certificate_verify, name="certificate-verify"),
]
