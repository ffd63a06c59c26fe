import re

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext_lazy

from volunteerhub.core.addresses import client_ip
from volunteerhub.core.context import Actor, current_actor
from volunteerhub.core.errors import ApplicationError
from volunteerhub.core.views import application_error_page


class RequestContextMiddleware:
    """Records the acting user and address for the audit trail."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        user_id = user.pk if user is not None and user.is_authenticated else None
        source = "api" if request.path.startswith("/api/") else "web"
        token = current_actor.set(Actor(user_id=user_id, ip=client_ip(request), source=source))
        try:
            response = self.get_response(request)
        finally:
            current_actor.reset(token)
        if response.status_code == 405 and request.path.startswith("/api/") \
                and not response.get("Content-Type", "").startswith("application/json"):
            return _json_error(405, "method_not_allowed", gettext_lazy("Method not allowed"),
                               allow=response.get("Allow", ""))
        return response

    def process_exception(self, request, exception):
        """An application error a page view lets through (not found, not allowed, ...) is the site's error page
        with its status, never a 500; the API answers its own errors as JSON (config.api)."""
        if isinstance(exception, ApplicationError) and not request.path.startswith("/api/"):
            return application_error_page(request, exception)
        return None


def _json_error(status: int, code: str, message, allow: str = ""):
    response = JsonResponse({"code": code, "message": str(message), "fields": {}}, status=status,
                            json_dumps_params={"ensure_ascii": False})
    if allow:
        response["Allow"] = allow
    return response


WRITES = ("POST", "PUT", "PATCH", "DELETE")


class JsonBodiesMiddleware:
    """API writes carry JSON: a form or plain text is refused (415) before anything reads it, so that no browser
    form on another site can post to the API; a file goes only to the endpoints that take one
    (settings.API_UPLOAD_PATHS, patterns matched at the start of the path)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.upload_paths = re.compile("|".join(f"(?:{p})" for p in settings.API_UPLOAD_PATHS))

    def __call__(self, request):
        if request.path.startswith("/api/") and request.method in WRITES and _has_body(request):
            kind = request.content_type
            upload = kind == "multipart/form-data" and self.upload_paths.match(request.path) is not None
            if kind != "application/json" and not upload:
                return _json_error(415, "unsupported_media_type", gettext_lazy("The body must be JSON (Content-Type: application/json)"))
        return self.get_response(request)


def _has_body(request) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 1
    return length > 0 or "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()


class SecurityHeadersMiddleware:
    """A Content-Security-Policy without inline scripts, and a few more protective headers."""

    def __init__(self, get_response):
        self.get_response = get_response
        img = " ".join(["'self'", "data:", "blob:", *settings.CSP_EXTRA_IMG_SRC])
        self.policy = (
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            f"img-src {img}; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
            "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        response.headers.setdefault("Permissions-Policy", "geolocation=(self), camera=(self), microphone=()")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if _signed_in(request):  # answers for a person: never kept by a browser's or a proxy's cache
            response.headers.setdefault("Cache-Control", "no-store, private")
        return response


def _signed_in(request) -> bool:
    user = getattr(request, "user", None)
    return (user is not None and user.is_authenticated) or "HTTP_AUTHORIZATION" in request.META
