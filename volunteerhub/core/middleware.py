from volunteerhub.core.context import Actor, current_actor


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


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
            return self.get_response(request)
        finally:
            current_actor.reset(token)


class SecurityHeadersMiddleware:
    """A Content-Security-Policy without inline scripts, and a few more protective headers."""

    def __init__(self, get_response):
        from django.conf import settings

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
        return response
