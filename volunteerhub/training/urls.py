from django.urls import path

from volunteerhub.training import views

urlpatterns = [
    path("training/", views.course_list, name="training-list"),
    path("training/new/", views.course_new, name="training-new"),
    path("training/<id:pk>/", views.course_detail, name="training-course"),
    path("training/<id:pk>/require/", views.course_require, name="training-require"),
]
