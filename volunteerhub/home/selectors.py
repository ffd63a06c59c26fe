"""What each role's home shows: read from every app below, scoped by who asks."""

from decimal import Decimal

from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from volunteerhub.accounts.models import Role
from volunteerhub.activities.models import Activity, SignUp
from volunteerhub.activities.selectors import activities_filtered
from volunteerhub.core.i18n import Text
from volunteerhub.hours.selectors import correction_requests_open_for, entries_pending_for, volunteer_totals
from volunteerhub.needs.models import NeedStatus
from volunteerhub.needs.selectors import activities_for_volunteer, band_m, needs_for_volunteer, needs_managed_by, \
    needs_of
from volunteerhub.organizations.selectors import is_open_at, posts_public
from volunteerhub.regions.scope import in_reach
from volunteerhub.volunteers.selectors import qualifications_to_verify, volunteer_of
from volunteerhub.volunteers.team_joins import join_requests_to_decide

RESIDENT, VOLUNTEER, ORGANISER, ADMIN = "resident", "volunteer", "organiser", "admin"


def home_kind(user) -> str | None:
    """Which home a signed-in person lands on (None: the public home)."""
    if user is None or not user.is_authenticated:
        return None
    if user.is_admin:
        return ADMIN
    if user.role == Role.ORGANIZER:
        return ORGANISER
    return VOLUNTEER if volunteer_of(user=user) is not None else RESIDENT


def resident_home(*, user) -> dict:
    """A resident's needs with their status, and the service posts of their area (township first)."""
    mine = needs_of(user=user).order_by("-created_at")[:5]
    return {"needs": [_need_row(n) for n in mine], "posts": posts_near_home(user=user)}


def _need_row(need) -> dict:
    return {"pk": need.pk, "kind": need.get_kind_display(),
            "status": need.status, "status_label": need.get_status_display(),
            "window_start": need.window_start, "window_end": need.window_end, "region": need.region.name, "handler": need.volunteer.name if need.volunteer_id else ""}


def posts_near_home(*, user, limit: int = 3) -> list[dict]:
    """Open-to-the-public posts in the person's township, else their county: a short list beside the map."""
    region = user.region
    now = timezone.now()
    while region is not None:
        posts = list(posts_public().filter(region__path__startswith=region.path).order_by("name")[:limit])
        if posts or region.level == "county":
            return [{"post": p, "open_now": is_open_at(p.opening_schedule, now)} for p in posts]
        region = region.parent
    return []


def volunteer_home(*, volunteer) -> dict:
    """The next activity, what fits nearby, and the hours with what is left to the next star."""
    totals = volunteer_totals(volunteer=volunteer)
    return {"volunteer": volunteer, "next_signup": next_signup(volunteer=volunteer),
            "activities": [(distance_label(h.distance_m), h.obj)
                           for h in activities_for_volunteer(volunteer=volunteer, limit=3)],
            "needs_nearby": len(needs_for_volunteer(volunteer=volunteer, limit=20)),
            "totals": totals, "approved_hours": plain_hours(totals["approved_hours"]),
            "hours_to_next_star": hours_to_next_star(totals), "stars": range(totals["star_level"])}


def distance_label(distance_m: float) -> Text:
    """A banded distance as people say it: within about 500 m, within about 3 km."""
    band = band_m(distance_m)
    if band < 1000:
        return format_lazy(gettext_lazy("within about {band:.0f} m"), band=band)
    return format_lazy(gettext_lazy("within about {value:.0f} km"), value=band / 1000)


def next_signup(*, volunteer) -> SignUp | None:
    """The volunteer's next activity not yet over (confirmed first, else a waitlisted place)."""
    upcoming = SignUp.objects.filter(volunteer=volunteer, activity__ends_at__gt=timezone.now(),
                                     activity__status=Activity.Status.PUBLISHED) \
        .exclude(status=SignUp.Status.CANCELLED).select_related("activity").order_by("activity__starts_at", "pk")
    confirmed = upcoming.filter(status=SignUp.Status.CONFIRMED).first()
    return confirmed or upcoming.first()


def hours_to_next_star(totals: dict) -> str | None:
    """What is left to the next star level, as written ("345.5"), None at the top level."""
    if totals["next_threshold"] is None:
        return None
    return plain_hours(Decimal(totals["next_threshold"]) - totals["approved_hours"])


def plain_hours(hours: Decimal) -> str:
    """Hours without trailing zeros: 654.5, 200."""
    return format(Decimal(hours).normalize(), "f")


def workbench(*, user) -> dict:
    """The counts of each queue an organiser or admin works through, and the activities they run next."""
    today = timezone.localdate()
    return {
        "hours_pending": entries_pending_for(user=user).count(),
        "corrections_open": correction_requests_open_for(user=user).count(),
        "needs_open": needs_managed_by(user=user).filter(status=NeedStatus.OPEN).count(),
        "needs_to_assign": [_need_row(n) for n in needs_managed_by(user=user).filter(status=NeedStatus.OPEN)
                            .order_by("-urgency", "-priority", "window_end")[:3]],
        "callbacks_due": needs_managed_by(user=user).filter(status=NeedStatus.DONE, callback_at__isnull=True).count(),
        "qualifications_pending": qualifications_to_verify(user=user).count(),
        "role_is_organiser": user.role == Role.ORGANIZER,
        "joins_pending": join_requests_to_decide(user=user).count() if user.role == Role.ORGANIZER else 0,
        "today": today,
        "activities_today": _managed_activities(user).filter(starts_at__date__lte=today, ends_at__date__gte=today)
        .count(),
        "activities_next": list(_managed_activities(user).filter(ends_at__gt=timezone.now())
                                .order_by("starts_at", "pk")[:5]),
    }


def _managed_activities(user):
    """Published activities the person runs: an organiser's team's (hosted or co-hosted), an admin's region's."""
    published = Activity.objects.filter(status=Activity.Status.PUBLISHED).select_related("team", "region")
    if user.is_admin:
        return in_reach(published, user)
    return activities_filtered(published, team_id=user.team_id) if user.team_id else published.none()
