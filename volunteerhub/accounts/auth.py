"""API authentication: a bearer token (mini-program) or the session cookie (pages, with CSRF)."""

from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from volunteerhub.accounts.models import ApiToken
from volunteerhub.accounts.tokens import token_holder, token_used
from volunteerhub.core.context import Actor, current_actor


def user_for_token(key: str):
    # The user's volunteer record comes in the same query (most API callers are volunteers).
    key_hash = ApiToken.hash_key(key)
    found = token_holder(key_hash)
    if found is None or not found[2].is_active:
        return None
    token_id, last_used_at, user = found
    now = timezone.now()
    if last_used_at is None or (now - last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token_id).update(last_used_at=now)
        token_used(key_hash, now)
    return user


def _act_as(request, user) -> None:
    """The request's middleware restores the actor afterwards."""
    request.user = user
    current_actor.set(Actor(user_id=user.pk, ip=request.META.get("REMOTE_ADDR", ""), source="api"))


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


def optional_user(request):
    """The signed-in user for endpoints open to everyone, or None."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        user = user_for_token(header[7:].strip())
        if user is not None:
            _act_as(request, user)
        return user
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None
