from django.urls import path

from volunteerhub.awards import views

urlpatterns = [
    path("awards/", views.award_list, name="award-list"),
    path("awards/nominate/", views.award_nominate, name="award-nominate"),
    path("awards/<int:pk>/", views.award_detail, name="award-detail"),
    path("awards/<int:pk>/object", views.award_object, name="award-object"),
    path("awards/<int:pk>/decide", views.award_decide, name="award-decide"),
]
