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
