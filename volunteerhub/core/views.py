"""The one error page of the site (and its JSON twin for API paths): refusals, not found, bad requests and
failures all look the same, in the site's layout and the person's language."""

from django.contrib import admin
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext_lazy

from volunteerhub.core.errors import ApplicationError
from volunteerhub.core.i18n import Text

TITLES = {
    400: gettext_lazy("Bad request"),
    401: gettext_lazy("Please sign in"),
    403: gettext_lazy("Not allowed"),
    404: gettext_lazy("Page not found"),
    409: gettext_lazy("Cannot be done"),
    429: gettext_lazy("Too many attempts"),
    500: gettext_lazy("Something went wrong"),
}
CODES = {400: "bad_request", 401: "not_authenticated", 403: "permission_denied", 404: "not_found",
         500: "server_error"}


def error_page(request, status: int, message: Text | str | None = None):
    """The styled page (or, under /api/, the JSON body) for an error with this status."""
    title = TITLES.get(status, TITLES[400] if status < 500 else TITLES[500])
    if request.path.startswith("/api/"):
        return JsonResponse({"code": CODES.get(status, "error"), "message": str(message or title), "fields": {}},
                            status=status, json_dumps_params={"ensure_ascii": False})
    context = {"status": status, "title": title, "message": message if message and str(message) != str(title) else ""}
    return render(request, "core/error.html", context, status=status)


def application_error_page(request, exc: ApplicationError):
    return error_page(request, exc.status, exc.message)


def bad_request(request, exception=None):
    return error_page(request, 400)


def permission_denied(request, exception=None):
    return error_page(request, 403)


def not_found(request, exception=None):
    return error_page(request, 404)


def server_error(request):
    return error_page(request, 500)


def csrf_failure(request, reason=""):
    """A form sent without its security token (an old page, cookies off): the refusal page, with what to do."""
    return error_page(request, 403, gettext_lazy("The page has expired: go back, reload it and try again"))


def admin_login(request, extra_context=None):
    """The back-office sign-in: someone signed in without back-office rights gets the refusal page, not the
    back-office's sign-in form with an error on top."""
    if request.user.is_authenticated and not admin.site.has_permission(request):
        return error_page(request, 403, gettext_lazy("The back-office is for administrators and organisers"))
    return admin.site.login(request, extra_context)


def favicon(request):
    """The icon where browsers look for it: its fingerprinted name is asked at each request, not when URLs load (the
    servers collect their static files after that)."""
    return redirect(static("core/favicon.svg"), permanent=True)
