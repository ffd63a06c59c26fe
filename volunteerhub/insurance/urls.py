from django.urls import path

from volunteerhub.insurance import views

urlpatterns = [
    path("insurance/", views.policy_list_page, name="insurance"),
    path("insurance/<id:pk>/", views.policy_page, name="insurance-policy"),
    path("insurance/activities/<id:pk>/", views.activity_risk_page, name="insurance-activity"),
]
