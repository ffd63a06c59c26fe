"""What every page needs to know of the signed-in account."""

from django.utils.functional import SimpleLazyObject

from volunteerhub.accounts.consents import consent_is_current


def policy_consent(request) -> dict:
    """`policy_reask`: the agreement or privacy policy changed since the person last consented (a banner asks;
    nothing is blocked). Asked only when a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"policy_reask": False}
    return {"policy_reask": SimpleLazyObject(lambda: not consent_is_current(user=user))}
