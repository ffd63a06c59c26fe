from django.urls import path

from volunteerhub.agreements import views

urlpatterns = [
    path("agreements/", views.agreements_page, name="agreements"),
    path("agreements/consents/", views.consents_page, name="agreements-consents"),
]
