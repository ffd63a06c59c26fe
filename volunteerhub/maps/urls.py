from django.urls import path

from volunteerhub.maps import views

urlpatterns = [
    path("map", views.map_page, name="map"),
    path("map/", views.map_page),
    path("map/posts/<id:post_id>/", views.post_page, name="map-post"),
]
