from django.templatetags.static import static
from django.urls import path
from django.views.generic.base import RedirectView

urlpatterns = [
    path("favicon.ico", RedirectView.as_view(url=static("core/favicon.svg"), permanent=True)),
]
