"""Reads of activities and sign-ups, scoped by who asks; who may manage an activity."""

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy, pgettext_lazy

from volunteerhub.accounts.models import Role
from volunteerhub.regions.scope import can_manage_region, reach_path
from volunteerhub.core.errors import NotFound, PermissionDenied
from volunteerhub.activities.models import Activity, Kind, SignUp

PUBLIC_STATUSES = [Activity.Status.PUBLISHED, Activity.Status.FINISHED, Activity.Status.CANCELLED]


def can_manage_activity(*, user, activity: Activity) -> bool:
    """The organising team's organisers, and admins whose region contains the activity."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser or (user.is_admin and can_manage_region(user, activity.region)):
        return True
    return user.role == Role.ORGANIZER and user.team_id is not None and user.team_id == activity.team_id


def activities_visible_to(*, user) -> QuerySet[Activity]:
    """Published, finished and cancelled activities for everyone; drafts for those who manage them."""
    base = Activity.objects.select_related("team", "region", "project")
    visible = Q(status__in=PUBLIC_STATUSES)
    if user is not None and user.is_authenticated:
        if user.is_admin:
            path = reach_path(user)
            if path == "/":
                return base
            if path:
                visible |= Q(region__path__startswith=path)
        elif user.role == Role.ORGANIZER and user.team_id:
            visible |= Q(team_id=user.team_id)
    return base.filter(visible)


def _one(queryset: QuerySet[Activity], activity_id: int) -> Activity:
    activity = queryset.filter(pk=activity_id).first()
    if activity is None:
        raise NotFound(pgettext_lazy("variant-437da4ba", "No such activity"))
    return activity


def activity_get_for(*, user, activity_id: int) -> Activity:
    return _one(activities_visible_to(user=user), activity_id)


def activity_to_sign_up(*, user, activity_id: int) -> Activity:
    """activity_get_for with only what a sign-up reads (its region, for the audit trail)."""
    return _one(activities_visible_to(user=user).select_related(None).select_related("region"), activity_id)


def activity_get_to_manage(*, user, activity_id: int) -> Activity:
    activity = activity_get_for(user=user, activity_id=activity_id)
    if not can_manage_activity(user=user, activity=activity):
        raise PermissionDenied(gettext_lazy("Only the organising team or the region's admins may manage this activity"))
    return activity


def activities_filtered(qs: QuerySet[Activity], *, kind: str | None = None, setting: str | None = None,
                        region: str | None = None, status: str | None = None, date_from: dt.date | None = None,
                        date_to: dt.date | None = None, team_id: int | None = None, q: str | None = None):
    if kind:
        qs = qs.filter(kind=kind)
    if setting:
        qs = qs.filter(setting=setting)
    if region:
        qs = qs.filter(region__path__contains=f"/{region}/")
    if status:
        qs = qs.filter(status=status)
    if date_from:
        qs = qs.filter(ends_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(starts_at__date__lte=date_to)
    if team_id:
        qs = qs.filter(Q(team_id=team_id) | Q(cohost_teams=team_id)).distinct()
    if q:
        qs = qs.filter(Q(title__contains=q) | Q(place__contains=q))
    return qs


def volunteer_busy_ids(*, starts_at: dt.datetime, ends_at: dt.datetime) -> set[int]:
    """Volunteers holding a confirmed sign-up for an activity overlapping [starts_at, ends_at)."""
    return set(SignUp.objects.filter(
        status=SignUp.Status.CONFIRMED, activity__starts_at__lt=ends_at, activity__ends_at__gt=starts_at,
    ).exclude(activity__status=Activity.Status.CANCELLED).values_list("volunteer_id", flat=True))


def overlapping_confirmed(*, volunteer, activity: Activity) -> SignUp | None:
    return SignUp.objects.filter(
        volunteer=volunteer, status=SignUp.Status.CONFIRMED, activity__starts_at__lt=activity.ends_at,
        activity__ends_at__gt=activity.starts_at,
    ).exclude(activity=activity).exclude(activity__status=Activity.Status.CANCELLED).select_related("activity").first()


def waitlist_rank(signup: SignUp) -> int | None:
    """1 for the first in line; None unless waitlisted."""
    if signup.status != SignUp.Status.WAITLISTED:
        return None
    return SignUp.objects.filter(activity_id=signup.activity_id, status=SignUp.Status.WAITLISTED,
                                 position__lte=signup.position).count()


def signup_of(*, activity: Activity, volunteer) -> SignUp | None:
    if volunteer is None:
        return None
    return SignUp.objects.filter(activity=activity, volunteer=volunteer).first()


def roster(*, activity: Activity, include_cancelled: bool = False) -> QuerySet[SignUp]:
    qs = SignUp.objects.filter(activity=activity).select_related("volunteer", "volunteer__user", "volunteer__team")
    if not include_cancelled:
        qs = qs.exclude(status=SignUp.Status.CANCELLED)
    return qs.order_by("status", "position", "created_at", "pk")


def signups_of(*, volunteer) -> QuerySet[SignUp]:
    return SignUp.objects.filter(volunteer=volunteer).select_related("activity", "activity__team") \
        .order_by("-activity__starts_at")


def trainings_attended(*, volunteer) -> QuerySet:
    """Trainings attended (checked in), for the volunteer's service record."""
    return SignUp.objects.filter(volunteer=volunteer, activity__kind=Kind.TRAINING, checked_in_at__isnull=False) \
        .select_related("activity", "activity__team").order_by("-activity__starts_at")


def evaluations_of(*, volunteer) -> QuerySet:
    """The organisers' evaluations of a volunteer's service, newest activity first: part of the service record."""
    return SignUp.objects.filter(volunteer=volunteer, rating__isnull=False) \
        .select_related("activity", "activity__team", "rated_by").order_by("-activity__starts_at", "-pk")


def roster_volunteer(*, activity: Activity, volunteer_id: int):
    """A volunteer who signed up for this activity, whatever their region; or None."""
    found = SignUp.objects.filter(activity=activity, volunteer_id=volunteer_id).select_related("volunteer").first()
    return found.volunteer if found else None
