from django.urls import path

from volunteerhub.volunteers import views

urlpatterns = [
    path("register/", views.register, name="volunteer-register"),
    path("register/claim/", views.claim, name="account-claim"),
    path("teams/", views.team_finder, name="team-finder"),
    path("teams/requests/", views.team_requests, name="team-requests"),
    path("volunteers/on-behalf/", views.registered_on_behalf, name="registered-on-behalf"),
    path("volunteers/qualifications/", views.qualifications_to_verify, name="qualifications-to-verify"),
    path("volunteers/credentials/", views.my_credentials, name="my-credentials"),
    path("volunteers/credentials/<int:credential_id>/scan/", views.credential_scan, name="credential-scan"),
]
