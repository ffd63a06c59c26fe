"""Where a request comes from, as far as the proxies we trust say (TRUSTED_PROXY_HOPS)."""

from django.conf import settings


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or behind N trusted proxies the address the outermost of them saw
    (X-Forwarded-For read from the right, so that an address the client wrote itself is never believed)."""
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXY_HOPS
    if hops <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    chain = [*forwarded, remote]
    return chain[-(hops + 1)] if len(chain) > hops else chain[0]
