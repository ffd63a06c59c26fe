from django.urls import path

from volunteerhub.awards import views

urlpatterns = [
    path("awards/", views.award_list, name="award-list"),
    path("awards/nominate/", views.award_nominate, name="award-nominate"),
    path("awards/<id:pk>/", views.award_detail, name="award-detail"),
    path("awards/<id:pk>/object", views.award_object, name="award-object"),
    path("awards/<id:pk>/decide", views.award_decide, name="award-decide"),
]
