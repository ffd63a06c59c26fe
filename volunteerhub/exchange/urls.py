from django.urls import path

from volunteerhub.exchange import views

urlpatterns = [
    path("exchange/", views.exchange_index, name="exchange"),
    path("exchange/export/<slug:name>.<str:fmt>", views.exchange_export, name="exchange-export"),
]
