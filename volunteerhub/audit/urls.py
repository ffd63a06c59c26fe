from django.urls import path

from volunteerhub.audit import views

urlpatterns = [
    path("audit/", views.audit_list, name="audit"),
]
