"""Reads of accounts."""

from volunteerhub.accounts.models import ApiToken


def token_get(*, key_hash: str) -> ApiToken | None:
    """The token with its user and the user's volunteer record, in one indexed query (every API call)."""
    return ApiToken.objects.select_related("user", "user__volunteer").filter(key_hash=key_hash).first()
