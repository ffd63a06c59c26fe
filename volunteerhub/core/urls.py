from django.templatetags.static import static
from django.urls import path
from django.views.generic.base import RedirectView

from volunteerhub.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", RedirectView.as_view(url=static("core/favicon.svg"), permanent=True)),
]
