"""`--as PHONE` for commands: act with that account's reach (and be audited as it)."""

from django.core.management.base import CommandError

from volunteerhub.core.context import Actor, current_actor


def acting_account(phone: str | None):
    """The account with this mobile number (None when no phone is given); audit records name it."""
    if not phone:
        current_actor.set(Actor(source="cli"))
        return None
    from volunteerhub.accounts.models import User

    user = User.objects.filter(phone=phone).first()
    if user is None:
        raise CommandError(f"--as: no account with the mobile number {phone}")
    current_actor.set(Actor(user_id=user.pk, source="cli"))
    return user
