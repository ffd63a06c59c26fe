from django.urls import path

from volunteerhub.hours import views

urlpatterns = [
    path("me/hours/", views.my_hours, name="my-hours"),
    path("me/hours/certificate.pdf", views.my_certificate, name="my-certificate"),
    path("hours/approvals/", views.approvals, name="hours-approvals"),
    path("hours/corrections/", views.correction_requests, name="hours-corrections"),
    path("certificates/verify/<str:code>/", views.certificate_verify, name="certificate-verify"),
]
