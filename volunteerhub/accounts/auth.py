"""API authentication: a bearer token (mini-program) or the session cookie (pages, with CSRF)."""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from volunteerhub.accounts.models import ApiToken
from volunteerhub.accounts.selectors import token_get
from volunteerhub.core.addresses import client_ip
from volunteerhub.core.context import Actor, current_actor


def user_for_token(key: str):
    """The active user holding this bearer token while it is neither too old nor idle too long, or None; its
    last use is noted at most every 5 minutes."""
    token = token_get(key_hash=ApiToken.hash_key(key))
    now = timezone.now()
    if token is None or not token.user.is_active or _expired(token, now):
        return None
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def _expired(token: ApiToken, now) -> bool:
    idle_since = token.last_used_at or token.created_at
    return (now - token.created_at > dt.timedelta(days=settings.API_TOKEN_MAX_AGE_DAYS)
            or now - idle_since > dt.timedelta(days=settings.API_TOKEN_IDLE_DAYS))


def _act_as(request, user) -> None:
    """The request's middleware restores the actor afterwards."""
    request.user = user
    current_actor.set(Actor(user_id=user.pk, ip=client_ip(request), source="api"))


class BearerAuth(HttpBearer):
    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is not None:
            _act_as(request, user)
        return user


class SessionUserAuth(SessionAuth):
    def _get_key(self, request):
        """No session cookie, no session: nobody to find and nothing for a CSRF check to protect (a call
        with no token or a revoked one is then 401 not_authenticated, not a CSRF failure)."""
        if not request.COOKIES.get(self.param_name):
            return None
        return super()._get_key(request)

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        return user if user is not None and user.is_authenticated else None


AUTH = [BearerAuth(), SessionUserAuth()]


def bearer_key(request) -> str:
    """The bearer token the request carries, or ""."""
    header = request.headers.get("Authorization", "")
    return header[7:].strip() if header.lower().startswith("bearer ") else ""


def optional_user(request):
    """The signed-in user for endpoints open to everyone, or None."""
    if key := bearer_key(request):
        user = user_for_token(key)
        if user is not None:
            _act_as(request, user)
        return user
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None
