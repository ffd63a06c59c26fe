"""Reads: who may manage a call, the pool a call reaches, a call's counts and roster, a volunteer's calls."""

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from volunteerhub.accounts.models import ADMIN_ROLES, Role
from volunteerhub.activities.models import Activity, SignUp
from volunteerhub.callouts.models import CallOut, Recipient
from volunteerhub.core.errors import NotFound
from volunteerhub.hours.models import VolunteerHours
from volunteerhub.notifications.models import Delivery, Notification
from volunteerhub.regions.scope import can_manage_region, in_reach
from volunteerhub.volunteers.models import Volunteer
from volunteerhub.volunteers.selectors import credentials_valid_on

KINDS = ("callout", "callout_reminder")


def is_manager(user) -> bool:
    """Organisers and administrators send calls, each within their reach."""
    return bool(user and user.is_authenticated and (user.is_superuser or user.role in {Role.ORGANIZER, *ADMIN_ROLES}))


def can_manage_callout(*, user, callout: CallOut) -> bool:
    return is_manager(user) and can_manage_region(user, callout.region)


def callouts_managed_by(*, user) -> QuerySet[CallOut]:
    if not is_manager(user):
        return CallOut.objects.none()
    return in_reach(CallOut.objects.select_related("region", "qualification"), user)


def callout_get_to_manage(*, user, callout_id: int) -> CallOut:
    callout = callouts_managed_by(user=user).filter(pk=callout_id).first()
    if callout is None:
        raise NotFound(gettext_lazy("No such call-out"))
    return callout


def callout_link(callout: CallOut) -> str:
    """Where a volunteer answers: the notification's link."""
    return f"/callouts/{callout.pk}/answer/"


def pool_for(*, callout: CallOut) -> QuerySet[Volunteer]:
    """Active volunteers in the call's region, holding its qualification verified and valid on the day, at its star level or above,
    and not already booked for its time (a confirmed sign-up, or deployed by another call, overlapping it)."""
    pool = Volunteer.objects.filter(status=Volunteer.Status.ACTIVE, region__path__startswith=callout.region.path)
    if callout.qualification_id:
        valid = credentials_valid_on(timezone.localdate(callout.starts_at))  # verified, not expired that day
        pool = pool.filter(pk__in=valid.filter(qualification_id=callout.qualification_id).values("volunteer_id"))
    if callout.min_star_level:
        pool = pool.filter(pk__in=VolunteerHours.objects.filter(star_level__gte=callout.min_star_level)
                           .values("volunteer_id"))
    booked = SignUp.objects.filter(status=SignUp.Status.CONFIRMED, activity__starts_at__lt=callout.ends_at,
                                   activity__ends_at__gt=callout.starts_at) \
        .exclude(activity__status=Activity.Status.CANCELLED).values("volunteer_id")
    deployed = Recipient.objects.filter(outcome=Recipient.Outcome.DEPLOYED, callout__starts_at__lt=callout.ends_at,
                                        callout__ends_at__gt=callout.starts_at) \
        .exclude(callout=callout).values("volunteer_id")
    return pool.exclude(pk__in=booked).exclude(pk__in=deployed)


def callout_counts(*, callout: CallOut) -> dict[str, int]:
    """Sent, delivered (read in the inbox, or a WeChat/SMS delivery sent), answered and deployed."""
    counts = Recipient.objects.filter(callout=callout).aggregate(
        sent=Count("pk"), answered=Count("pk", filter=~Q(answer="")),
        released=Count("pk", filter=Q(outcome=Recipient.Outcome.RELEASED)))
    messages = Notification.objects.filter(kind__in=KINDS, link=callout_link(callout))
    reached = messages.filter(Q(read_at__isnull=False) | Q(deliveries__status=Delivery.Status.SENT))
    counts["delivered"] = reached.values("user_id").distinct().count()
    counts["deployed"] = callout.deployed_count
    counts["needed"] = callout.needed
    return counts


def roster(*, callout: CallOut) -> QuerySet[Recipient]:
    """Who is deployed, in the order they answered."""
    return Recipient.objects.filter(callout=callout, outcome=Recipient.Outcome.DEPLOYED) \
        .select_related("volunteer", "volunteer__user").order_by("deployed_at", "pk")


def recipient_of(*, callout_id: int, volunteer) -> Recipient:
    """The volunteer's place in a sent call's pool; calls they were not sent are not found."""
    recipient = Recipient.objects.select_related("callout").filter(
        callout_id=callout_id, volunteer=volunteer).exclude(callout__status=CallOut.Status.DRAFT).first()
    if recipient is None:
        raise NotFound(gettext_lazy("No such call-out"))
    return recipient


def calls_of(*, volunteer) -> QuerySet[Recipient]:
    """The calls a volunteer was sent, newest first."""
    if volunteer is None:
        return Recipient.objects.none()
    return Recipient.objects.filter(volunteer=volunteer).exclude(callout__status=CallOut.Status.DRAFT) \
        .select_related("callout").order_by("-callout__sent_at", "-pk")


def latest_open_call(*, volunteer) -> Recipient | None:
    """The call an SMS keyword answers: the newest sent, not closed, that this volunteer has not answered."""
    return Recipient.objects.filter(volunteer=volunteer, callout__status=CallOut.Status.SENT, answer="") \
        .select_related("callout").order_by("-callout__sent_at", "-pk").first()
