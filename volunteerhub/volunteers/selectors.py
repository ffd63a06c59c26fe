import datetime as dt

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from volunteerhub.regions.scope import can_manage_region, in_reach
from volunteerhub.core.errors import NotFound
from volunteerhub.accounts.models import Role
from volunteerhub.regions.models import Region
from volunteerhub.volunteers.models import Volunteer, VolunteerQualification

PUBLIC_REGISTRATION_LEVELS = [Region.Level.COUNTY, Region.Level.TOWNSHIP]


def may_see_clear_ids(user) -> bool:
    """Whether this account's role may see clear ID numbers (the national system's exports need them)."""
    return user is not None and user.is_authenticated and (
        user.is_superuser or user.role in settings.EXCHANGE_CLEAR_ID_ROLES)


def may_see_identity(*, viewer, volunteer: Volunteer) -> bool:
    """Whether the viewer may see what completes a masked ID number (the birth date, the gender): the volunteer
    themself, or a role that may see the clear number."""
    return (viewer is not None and viewer.is_authenticated and viewer.pk == volunteer.user_id) \
        or may_see_clear_ids(viewer)


def volunteers_visible_to(*, user) -> QuerySet[Volunteer]:
    """Volunteers an account may list: its region subtree; a volunteer sees only themselves."""
    base = Volunteer.objects.select_related("region", "team", "user") \
        .prefetch_related("qualifications", "volunteerqualification_set__qualification")
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
    return Volunteer.objects.select_related("region", "team") \
        .prefetch_related("qualifications", "volunteerqualification_set__qualification") \
        .filter(user=user).first() if user is not None and user.is_authenticated else None


def credentials_valid_on(day: dt.date) -> QuerySet[VolunteerQualification]:
    """Credentials verified, not rejected, and still valid on that day (valid_until is the last valid day)."""
    return VolunteerQualification.objects.filter(verified_at__isnull=False, rejected_at__isnull=True) \
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))


def verified_codes(*, volunteer, on: dt.date | None = None) -> set[str]:
    """The qualifications this volunteer holds verified and valid on the day of service (today unless given):
    the only ones that open gated activities and needs."""
    day = on or timezone.localdate()
    return set(credentials_valid_on(day).filter(volunteer=volunteer).values_list("qualification_id", flat=True))


def credentials_of(*, volunteer) -> QuerySet[VolunteerQualification]:
    return VolunteerQualification.objects.filter(volunteer=volunteer).select_related("qualification") \
        .order_by("qualification_id")


def credential_scan_for(*, user, credential_id: int) -> VolunteerQualification:
    """A credential whose scan the user may see: their own, or one of a volunteer a manager has in reach."""
    found = VolunteerQualification.objects.select_related("volunteer", "volunteer__region") \
        .filter(pk=credential_id).exclude(scan="").first()
    if found is None or not (found.volunteer.user_id == getattr(user, "pk", None) or (
            (user.is_admin or user.role == Role.ORGANIZER) and can_manage_region(user, found.volunteer.region))):
        raise NotFound()
    return found


def qualifications_to_verify(*, user) -> QuerySet[VolunteerQualification]:
    """Declared, not yet verified qualifications of volunteers in the user's region, oldest volunteer first."""
    declared = VolunteerQualification.objects.filter(verified_at__isnull=True, rejected_at__isnull=True) \
        .select_related("volunteer", "volunteer__region", "qualification").order_by("volunteer_id", "qualification_id")
    return in_reach(declared, user, region_field="volunteer__region")


def declaration_get_for(*, user, volunteer_id: int, code: str) -> VolunteerQualification:
    found = in_reach(VolunteerQualification.objects.select_related("volunteer", "volunteer__region"), user,
                     region_field="volunteer__region").filter(volunteer_id=volunteer_id, qualification_id=code).first()
    if found is None:
        raise NotFound()
    return found


def registers_on_behalf(user) -> bool:
    """Organisers and administrators register people on their behalf (within their reach)."""
    return user is not None and user.is_authenticated and (user.is_admin or user.role == Role.ORGANIZER)


def registration_regions(*, user) -> QuerySet[Region]:
    """The regions the registration page offers: to someone registering on another's behalf, every region of
    their reach down to the villages (none outside it); to everyone else, counties and townships."""
    if registers_on_behalf(user):
        return in_reach(Region.objects.all(), user, region_field="").order_by("path")
    return Region.objects.filter(level__in=PUBLIC_REGISTRATION_LEVELS).order_by("path")


def registered_on_behalf(*, user, q: str = "") -> QuerySet[Volunteer]:
    """People registered on someone's behalf (by proxy or imported) in the user's reach, by name."""
    if not registers_on_behalf(user):
        return Volunteer.objects.none()
    qs = in_reach(Volunteer.objects.select_related("user", "region").exclude(channel=Volunteer.Channel.SELF), user)
    q = (q or "").strip()
    if q:
        qs = qs.filter(name__contains=q) | qs.filter(volunteer_number=q)
    return qs.order_by("name", "pk")


def region_picker(*, county: str = "", township: str = "") -> dict:
    """The county-then-township(-then-village) picker's options: the counties, the townships of the chosen
    county and the villages of the chosen township (a township not in the county is ignored)."""
    counties = list(Region.objects.filter(level=Region.Level.COUNTY).order_by("code").only("code", "name"))
    townships = list(Region.objects.filter(level=Region.Level.TOWNSHIP, parent_id=county).order_by("code")
                     .only("code", "name")) if county else []
    chosen = township if any(t.code == township for t in townships) else ""
    villages = list(Region.objects.filter(level=Region.Level.VILLAGE, parent_id=chosen).order_by("code")
                    .only("code", "name")) if chosen else []
    return {"counties": counties, "townships": townships, "villages": villages}
