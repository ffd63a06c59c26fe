from django.urls import path

from volunteerhub.callouts import views

urlpatterns = [
    path("callouts/", views.callouts_page, name="callouts"),
    path("callouts/<id:callout_id>/", views.callout_page, name="callout"),
    path("callouts/<id:callout_id>/answer/", views.answer_page, name="callout-answer"),
    path("callouts/<id:callout_id>/<str:action>/", views.callout_action, name="callout-action"),
]
