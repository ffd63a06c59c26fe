"""Reads of the insurance register: who is covered for an activity's dates, and policies in an account's reach.

Activities sit above this app: they are reached by the app registry ("activities.Activity"), never imported.
"""

from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils import timezone

from volunteerhub.accounts.models import Role
from volunteerhub.core.errors import NotFound
from volunteerhub.insurance.models import Claim, Policy
from volunteerhub.regions.scope import can_manage_region, in_reach
from volunteerhub.volunteers.models import Volunteer

CONFIRMED = "confirmed"


def _activities():
    return apps.get_model("activities", "Activity").objects


def _sign_ups():
    return apps.get_model("activities", "SignUp").objects


def activity_dates(activity) -> tuple:
    """The first and last local day of an activity: a policy must run over both."""
    return timezone.localdate(activity.starts_at), timezone.localdate(activity.ends_at)


def policies_covering(*, activity, volunteer: Volunteer) -> QuerySet[Policy]:
    """Policies in force on every day of the activity that cover this volunteer on it."""
    first, last = activity_dates(activity)
    who = Q(covers=Policy.Covers.ACTIVITY, activity_id=activity.pk) | Q(covers=Policy.Covers.NAMED,
                                                                        volunteers=volunteer)
    if volunteer.team_id:
        who |= Q(covers=Policy.Covers.TEAM, team_id=volunteer.team_id)
    return Policy.objects.filter(who, starts_on__lte=first, ends_on__gte=last).distinct()


def is_covered(*, activity, volunteer: Volunteer) -> bool:
    return policies_covering(activity=activity, volunteer=volunteer).exists()


def confirmed_volunteers(activity) -> QuerySet[Volunteer]:
    ids = _sign_ups().filter(activity_id=activity.pk, status=CONFIRMED).values("volunteer_id")
    return Volunteer.objects.filter(pk__in=ids).order_by("pk")


def uncovered_confirmed(*, activity) -> list[Volunteer]:
    """The confirmed volunteers of an activity with no policy for its dates."""
    return [v for v in confirmed_volunteers(activity) if not is_covered(activity=activity, volunteer=v)]


def may_manage_insurance(user) -> bool:
    return user is not None and user.is_authenticated and (
        user.is_superuser or user.is_admin or user.role == Role.ORGANIZER) and user.reach_path() is not None


def policies_for(*, user) -> QuerySet[Policy]:
    """Administrators: the policies of their region. An organiser: their own team's (the team's policy, its
    activities', and those naming its volunteers), never another team's in the same township."""
    if not may_manage_insurance(user):
        return Policy.objects.none()
    qs = in_reach(Policy.objects.select_related("region", "team", "activity"), user)
    if user.is_admin:
        return qs
    own = Q(team_id=user.team_id) | Q(activity__team_id=user.team_id) | Q(volunteers__team_id=user.team_id)
    return qs.filter(own).distinct() if user.team_id else qs.none()


def volunteers_insurable_by(*, user) -> QuerySet[Volunteer]:
    """Whom an account may name on a policy: an administrator, the volunteers of their region; an organiser,
    their own team's."""
    qs = in_reach(Volunteer.objects.all(), user)
    return qs if user.is_admin else qs.filter(team_id=user.team_id) if user.team_id else qs.none()


def policy_get_for(*, user, policy_id: int) -> Policy:
    policy = policies_for(user=user).filter(pk=policy_id).first()
    if policy is None:
        raise NotFound()
    return policy


def claims_of(policy: Policy) -> QuerySet[Claim]:
    return policy.claims.select_related("volunteer", "recorded_by")


def insured_of(policy: Policy) -> QuerySet[Volunteer]:
    """Who a policy insures: the team's members, the activity's confirmed roster, or the named volunteers."""
    if policy.covers == Policy.Covers.TEAM:
        qs = Volunteer.objects.filter(team_id=policy.team_id)
    elif policy.covers == Policy.Covers.ACTIVITY:
        ids = _sign_ups().filter(activity_id=policy.activity_id, status=CONFIRMED).values("volunteer_id")
        qs = Volunteer.objects.filter(pk__in=ids)
    else:
        qs = policy.volunteers.all()
    return qs.select_related("user").order_by("pk")


def activity_get_for(*, user, activity_id: int):
    """An activity the account manages (its team's organisers, admins whose region holds it), or NotFound."""
    activity = _activities().select_related("region").filter(pk=activity_id).first()
    if activity is None or not may_manage_activity(user=user, activity=activity):
        raise NotFound()
    return activity


def may_manage_activity(*, user, activity) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser or (user.is_admin and can_manage_region(user, activity.region)):
        return True
    return user.role == Role.ORGANIZER and user.team_id is not None and user.team_id == activity.team_id


def activities_to_insure(*, user) -> QuerySet:
    """Upcoming drafts and published activities the account manages, for marking risky and checking cover."""
    if not may_manage_insurance(user):
        return _activities().none()
    qs = _activities().filter(status__in=("draft", "published"), ends_at__gt=timezone.now())
    if user.role == Role.ORGANIZER and not user.is_superuser:
        qs = qs.filter(team_id=user.team_id)
    else:
        qs = in_reach(qs, user)
    return qs.order_by("starts_at")
