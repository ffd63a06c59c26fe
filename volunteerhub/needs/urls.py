from django.urls import path

from volunteerhub.needs import views

urlpatterns = [
    path("needs/", views.need_list, name="needs"),
    path("needs/new/", views.need_new, name="need-new"),
    path("needs/batch/", views.batch, name="needs-batch"),
    path("needs/<id:need_id>/", views.need_detail, name="need-detail"),
    path("needs/<id:need_id>/matches/", views.need_matches, name="need-matches"),
    path("needs/<id:need_id>/evidence/<id:evidence_id>/", views.need_evidence_photo, name="need-evidence-photo"),
    path("needs/<id:need_id>/<str:action>/", views.need_action, name="need-action"),
    path("needs/rounds/<id:round_id>/", views.round_page, name="need-round"),
    path("needs/rate/<str:token>/", views.rate_by_link, name="need-rate-link"),
    path("me/matches/", views.my_matches, name="my-matches"),
]
