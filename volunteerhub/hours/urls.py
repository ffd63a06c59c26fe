from django.urls import path

from volunteerhub.hours import views

urlpatterns = [
    path("hours/approvals/", views.approvals, name="hours-approvals"),
    path("hours/corrections/", views.correction_requests, name="hours-corrections"),
]
