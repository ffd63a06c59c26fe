from django.db.models import QuerySet

from volunteerhub.regions.scope import in_reach
from volunteerhub.core.errors import NotFound
from volunteerhub.volunteers.models import Volunteer


def volunteers_visible_to(*, user) -> QuerySet[Volunteer]:
    """Volunteers an account may list: its region subtree; a volunteer sees only themselves."""
    base = Volunteer.objects.select_related("region", "team", "user").prefetch_related("qualifications")
    if user is not None and user.is_authenticated and not user.is_superuser and hasattr(user, "volunteer") \
            and user.role == "volunteer":
        return base.filter(pk=user.volunteer.pk)
    return in_reach(base, user)


def volunteer_get_for(*, user, volunteer_id: int) -> Volunteer:
    volunteer = volunteers_visible_to(user=user).filter(pk=volunteer_id).first()
    if volunteer is None:
        raise NotFound()
    return volunteer


def volunteer_record(*, user) -> Volunteer | None:
    """The user's volunteer record as signing in loaded it (a bearer token's lookup joins it), else one query."""
    if user is None or not user.is_authenticated:
        return None
    try:
        return user.volunteer
    except Volunteer.DoesNotExist:
        return None


def volunteer_of(*, user) -> Volunteer | None:
    return Volunteer.objects.select_related("region", "team").prefetch_related("qualifications") \
        .filter(user=user).first() if user is not None and user.is_authenticated else None
