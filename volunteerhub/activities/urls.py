from django.urls import path

from volunteerhub.activities import views

urlpatterns = [
    path("activities/", views.activity_list, name="activity-list"),
    path("activities/<id:activity_id>/", views.activity_detail, name="activity-detail"),
    path("activities/<id:activity_id>/signup/", views.activity_sign_up, name="activity-signup"),
    path("activities/<id:activity_id>/manage/", views.activity_manage, name="activity-manage"),
    path("activities/<id:activity_id>/manage/on-behalf/", views.activity_sign_up_on_behalf,
         name="activity-sign-up-on-behalf"),
    path("activities/<id:activity_id>/qr/", views.activity_qr, name="activity-qr"),
    path("checkin/", views.checkin, name="checkin"),
    path("me/activities/", views.my_activities, name="my-activities"),
]
