"""`--as PHONE` for commands: act with that account's reach (and be audited as it)."""

import contextlib

from django.core.management.base import CommandError

from volunteerhub.accounts.models import User
from volunteerhub.core.context import Actor, current_actor


@contextlib.contextmanager
def acting_account(phone: str | None):
    """Yield the account with this mobile number (None when no phone is given); audit records name it.

    The actor is restored afterwards, so nothing done later in the same process is attributed to it."""
    user = None
    if phone:
        user = User.objects.filter(phone=phone).first()
        if user is None:
            raise CommandError(f"--as: no account with the mobile number {phone}")
    token = current_actor.set(Actor(user_id=user.pk if user else None, source="cli"))
    try:
        yield user
    finally:
        current_actor.reset(token)
