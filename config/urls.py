from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from config.api import api
from volunteerhub.accounts.forms import AdminLoginForm
from volunteerhub.core.views import admin_login

admin.site.site_header = "卫生健康志愿服务平台 · 管理后台"
admin.site.site_title = "VolunteerHub 管理后台"
admin.site.index_title = "数据管理"
admin.site.login_form = AdminLoginForm  # the same lock-out and audit as every other sign-in

urlpatterns = [
    path("admin/login/", admin_login),  # signed in without back-office rights: the site's refusal page
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("volunteerhub.home.urls")),
    path("", include("volunteerhub.accounts.urls")),
    path("", include("volunteerhub.volunteers.urls")),
    path("", include("volunteerhub.organizations.urls")),
    path("", include("volunteerhub.activities.urls")),
    path("", include("volunteerhub.hours.urls")),
    path("", include("volunteerhub.training.urls")),
    path("", include("volunteerhub.records.urls")),
    path("", include("volunteerhub.needs.urls")),
    path("", include("volunteerhub.callouts.urls")),
    path("", include("volunteerhub.maps.urls")),
    path("", include("volunteerhub.dashboards.urls")),
    path("", include("volunteerhub.articles.urls")),
    path("", include("volunteerhub.awards.urls")),
    path("", include("volunteerhub.exchange.urls")),
    path("", include("volunteerhub.notifications.urls")),
    path("", include("volunteerhub.audit.urls")),
    path("", include("volunteerhub.workdays.urls")),
    path("", include("volunteerhub.insurance.urls")),
    path("", include("volunteerhub.agreements.urls")),
    path("", include("volunteerhub.core.urls")),
    # Uploaded files (article covers): small volumes, served by the platform itself.
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
]

handler400 = "volunteerhub.core.views.bad_request"
handler403 = "volunteerhub.core.views.permission_denied"
handler404 = "volunteerhub.core.views.not_found"
handler500 = "volunteerhub.core.views.server_error"
