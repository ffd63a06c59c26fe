"""Activities: create, publish, sign up with a waitlist, check in and out, finish."""

import datetime as dt

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy, pgettext_lazy

from volunteerhub.accounts.models import Role
from volunteerhub.regions.scope import can_manage_region
from volunteerhub.activities import selectors
from volunteerhub.activities.reminders import activity_reminders_reset
from volunteerhub.activities.models import Activity, CheckEvent, Kind, Project, Setting, SignUp
from volunteerhub.activities.tokens import CheckinCode, checkin_code_read
from volunteerhub.activities.workload import check_suitability_and_workload, service_day
from volunteerhub.audit.services import audit_record
from volunteerhub.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied, ValidationFailed
from volunteerhub.geo.sphere import haversine_m, validate_lat_lng
from volunteerhub.insurance import services as insurance
from volunteerhub.agreements import services as agreements
from volunteerhub.core.i18n import Text, localized
from volunteerhub.core.masking import mask_in_text
from volunteerhub.geo.spatial import cell_for
from volunteerhub.notifications.services import notify
from volunteerhub.organizations.models import Team
from volunteerhub.regions.models import Region
from volunteerhub.stats.services import rollup_add
from volunteerhub.training.selectors import check_required_courses
from volunteerhub.volunteers.models import Qualification, Volunteer
from volunteerhub.volunteers.selectors import verified_codes

MAX_CAPACITY = 10_000
MAX_REPEAT_WEEKS = 52
EDITABLE = ["title", "description", "kind", "setting", "place", "lat", "lng", "starts_at", "ends_at", "capacity",
            "region_code", "cohost_team_ids", "required_qualifications", "project_id", "contact_name", "contact_phone"]


class _Problems:
    def __init__(self):
        self.fields: dict[str, list] = {}

    def add(self, name: str, message: Text) -> None:
        self.fields.setdefault(name, []).append(message)

    def raise_if_any(self) -> None:
        if self.fields:
            raise ValidationFailed(self.fields)


def _check_fields(data: dict, problems: _Problems) -> dict:
    """Validate activity fields; returns the cleaned values (related rows looked up)."""
    clean = dict(data)
    if "title" in data and not 2 <= len((data["title"] or "").strip()) <= 128:
        problems.add("title", pgettext_lazy("variant-489ccc08", "must be 2 to 128 characters"))
    if "kind" in data and data["kind"] not in Kind.values:
        problems.add("kind", gettext_lazy("unknown kind"))
    if "setting" in data and data["setting"] not in Setting.values:
        problems.add("setting", gettext_lazy("unknown setting"))
    if "place" in data and not (data["place"] or "").strip():
        problems.add("place", gettext_lazy("the place is required"))
    if ("lat" in data or "lng" in data) and not validate_lat_lng(data.get("lat"), data.get("lng")):
        problems.add("lat", gettext_lazy("lat and lng must be valid WGS-84 coordinates"))
    if "capacity" in data and not (isinstance(data["capacity"], int) and 1 <= data["capacity"] <= MAX_CAPACITY):
        problems.add("capacity", pgettext_lazy("variant-6365632f", "must be between 1 and 10000"))
    starts, ends = data.get("starts_at"), data.get("ends_at")
    if starts and ends and ends <= starts:
        problems.add("ends_at", gettext_lazy("must be after the start"))
    elif starts and ends and ends - starts > dt.timedelta(days=366):
        problems.add("ends_at", gettext_lazy("an activity lasts at most a year"))
    if starts and not 2000 <= starts.year <= 2099:  # a page shows it in local time: year 9999 overflows
        problems.add("starts_at", gettext_lazy("must fall in the years 2000 to 2099"))
    if "region_code" in data:
        clean["region"] = Region.objects.filter(code=data["region_code"] or "").first()
        if clean["region"] is None:
            problems.add("region_code", gettext_lazy("no region has this code"))
    if "cohost_team_ids" in data:
        ids = sorted(set(data["cohost_team_ids"] or []))
        clean["cohost_teams"] = list(Team.objects.filter(pk__in=ids))
        if len(clean["cohost_teams"]) != len(ids):
            problems.add("cohost_team_ids", gettext_lazy("unknown co-hosting team"))
    if "required_qualifications" in data:
        codes = sorted(set(data["required_qualifications"] or []))
        clean["quals"] = list(Qualification.objects.filter(code__in=codes))
        if len(clean["quals"]) != len(codes):
            problems.add("required_qualifications", gettext_lazy("unknown qualification code"))
    if data.get("project_id"):
        clean["project"] = Project.objects.filter(pk=data["project_id"]).first()
        if clean["project"] is None:
            problems.add("project_id", gettext_lazy("no such project"))
    return clean


def _organising_team(*, user, team_id: int | None) -> Team:
    if user.role == Role.ORGANIZER:
        if not user.team_id or (team_id and team_id != user.team_id):
            raise PermissionDenied(gettext_lazy("Organisers create activities for their own team"))
        return user.team
    if not user.is_admin:
        raise PermissionDenied(gettext_lazy("Only organisers and admins create activities"))
    team = Team.objects.filter(pk=team_id).select_related("region").first() if team_id else None
    if team is None:
        raise ValidationFailed({"team_id": [gettext_lazy("the organising team is required")]})
    if not can_manage_region(user, team.region):
        raise PermissionDenied(gettext_lazy("Only teams in your region"))
    return team


@transaction.atomic
def activity_create(*, user, title: str, kind: str, setting: str, region_code: str, place: str, lat: float,
                    lng: float, starts_at: dt.datetime, ends_at: dt.datetime, capacity: int, description: str = "",
                    team_id: int | None = None, project_id: int | None = None, cohost_team_ids=(),
                    required_qualifications=(), contact_name: str = "", contact_phone: str = "",
                    repeat_weeks: int = 0) -> Activity:
    """A draft activity of the user's team; with repeat_weeks, also its weekly occurrences."""
    team = _organising_team(user=user, team_id=team_id)
    problems = _Problems()
    data = _check_fields({"title": title, "kind": kind, "setting": setting, "region_code": region_code,
                          "place": place, "lat": lat, "lng": lng, "starts_at": starts_at, "ends_at": ends_at,
                          "capacity": capacity, "cohost_team_ids": list(cohost_team_ids),
                          "required_qualifications": list(required_qualifications), "project_id": project_id},
                         problems)
    if not 0 <= repeat_weeks <= MAX_REPEAT_WEEKS:
        problems.add("repeat_weeks", gettext_lazy("must be 0 to 52"))
    problems.raise_if_any()
    _check_place(user, data["region"], team)
    first = None
    for week in range(repeat_weeks + 1):
        shift = dt.timedelta(weeks=week)
        activity = Activity.objects.create(
            title=title.strip(), description=description, kind=kind, setting=setting, team=team,
            region=data["region"], place=place.strip(), lat=lat, lng=lng, cell=cell_for(lat, lng),
            starts_at=starts_at + shift, ends_at=ends_at + shift, capacity=capacity, project=data.get("project"),
            contact_name=contact_name, contact_phone=contact_phone, created_by=user, series=first)
        activity.cohost_teams.set(data["cohost_teams"])
        activity.required_qualifications.set(data["quals"])
        first = first or activity
        audit_record(action="create", target_type="activity", target_id=activity.pk, region=activity.region,
                     changes={"title": activity.title, "kind": kind, "starts_at": activity.starts_at.isoformat()})
    return first


def _check_place(user, region: Region, team: Team) -> None:
    """An activity takes place in the organiser's reach or within the organising team's region."""
    if not can_manage_region(user, region) and not region.path.startswith(team.region.path):
        raise PermissionDenied(gettext_lazy("The activity must be in your team's region"))


@transaction.atomic
def activity_update(*, activity: Activity, user, changes: dict) -> Activity:
    """Edit an activity that has not finished; more seats promote the waitlist at once."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.status in (Activity.Status.FINISHED, Activity.Status.CANCELLED):
        raise Conflict(gettext_lazy("A finished or cancelled activity cannot be edited"))
    changes = {k: v for k, v in changes.items() if k in EDITABLE}
    problems = _Problems()
    data = _checked_changes(activity, changes, problems)
    problems.raise_if_any()
    if "region_code" in changes:  # moved: the same rule as where it may be created
        _check_place(user, data["region"], activity.team)
    before = {name: getattr(activity, name) for name in ("starts_at", "ends_at", "place", "lat", "lng")}
    for name in ["title", "description", "kind", "setting", "place", "lat", "lng", "starts_at", "ends_at",
                 "capacity", "contact_name", "contact_phone"]:
        if name in changes:
            setattr(activity, name, changes[name])
    activity.cell = cell_for(activity.lat, activity.lng)
    if "region_code" in changes:
        activity.region = data["region"]
    if "project_id" in changes:
        activity.project = data.get("project")
    activity.save()
    if "cohost_team_ids" in changes:
        activity.cohost_teams.set(data["cohost_teams"])
    if "required_qualifications" in changes:
        activity.required_qualifications.set(data["quals"])
    _promote_waitlisted(activity)
    audit_record(action="update", target_type="activity", target_id=activity.pk, region=activity.region,
                 changes={k: str(v) for k, v in changes.items()})
    _tell_roster_of_changes(activity, before)
    activity.refresh_from_db()
    return activity


def _checked_changes(activity: Activity, changes: dict, problems: _Problems) -> dict:
    merged = {"starts_at": activity.starts_at, "ends_at": activity.ends_at, "lat": activity.lat, "lng": activity.lng,
              **changes}
    data = _check_fields(merged, problems)
    if "capacity" in changes and isinstance(changes["capacity"], int) and changes["capacity"] < activity.confirmed_count:
        problems.add("capacity", gettext_lazy("cannot be below the number already confirmed"))
    return data


def activity_change_problems(*, activity: Activity, changes: dict) -> dict[str, list]:
    """What is wrong with these changes (field -> reasons), as activity_update would refuse them; empty if none."""
    problems = _Problems()
    if activity.status in (Activity.Status.FINISHED, Activity.Status.CANCELLED):
        problems.add("status", gettext_lazy("A finished or cancelled activity cannot be edited"))
    _checked_changes(activity, {k: v for k, v in changes.items() if k in EDITABLE}, problems)
    return problems.fields


def _tell_roster_of_changes(activity: Activity, before: dict) -> None:
    """A published activity whose time or place moved: the roster is told, reminders follow the new time."""
    moved = [name for name, value in before.items() if getattr(activity, name) != value]
    if activity.status != Activity.Status.PUBLISHED or not moved:
        return
    if {"starts_at", "ends_at"} & set(moved):
        activity_reminders_reset(activity=activity)
    users = list(SignUp.objects.filter(activity=activity).exclude(status=SignUp.Status.CANCELLED)
                 .values_list("volunteer__user_id", flat=True))
    start = timezone.localtime(activity.starts_at)
    notify(users=users, kind="activity_changed", title=f"活动有变动：{activity.title}",
           body=f"新的时间：{start:%Y-%m-%d %H:%M}；地点：{activity.place}。", link=f"/activities/{activity.pk}/")


@transaction.atomic
def activity_publish(*, activity: Activity, user) -> Activity:
    if activity.status == Activity.Status.PUBLISHED:
        return activity
    if activity.status != Activity.Status.DRAFT:
        raise Conflict(gettext_lazy("Only a draft can be published"))
    if activity.ends_at <= timezone.now():
        raise Conflict(gettext_lazy("The activity is already over"))
    # PUBLISH REQUIREMENTS (a risky activity's insurance), one call each, raising a Conflict that says why
    insurance.require_cover_for_publish(activity=activity)
    Activity.objects.filter(pk=activity.pk).update(status=Activity.Status.PUBLISHED, published_at=timezone.now())
    audit_record(action="publish", target_type="activity", target_id=activity.pk, region=activity.region)
    activity.refresh_from_db()
    return activity


@transaction.atomic
def activity_cancel(*, activity: Activity, user, reason: str) -> Activity:
    """Cancel an activity and tell everyone on its roster."""
    if activity.status == Activity.Status.CANCELLED:
        return activity
    if activity.status == Activity.Status.FINISHED:
        raise Conflict(gettext_lazy("A finished activity cannot be cancelled"))
    if len((reason or "").strip()) < 2:
        raise ValidationFailed({"reason": [pgettext_lazy("variant-f4233de3", "a reason is required")]})
    users = list(selectors.roster(activity=activity).values_list("volunteer__user_id", flat=True))
    Activity.objects.filter(pk=activity.pk).update(status=Activity.Status.CANCELLED)
    notify(users=users, kind="activity_cancelled", title=f"活动已取消：{activity.title}", body=reason.strip(),
           link=f"/activities/{activity.pk}/")
    audit_record(action="cancel", target_type="activity", target_id=activity.pk, region=activity.region,
                 changes={"reason": reason})
    activity.refresh_from_db()
    return activity


def _busy_message(other: SignUp) -> Conflict:
    return Conflict(format_lazy(gettext_lazy("You are already confirmed for \"{title}\" at an overlapping time"), title=other.activity.title), code="overlapping_activity")


def _check_can_sign_up(activity: Activity, volunteer: Volunteer) -> None:
    if activity.status != Activity.Status.PUBLISHED:
        raise Conflict(gettext_lazy("This activity is not open for sign-up"), code="not_open")
    if activity.ends_at <= timezone.now():
        raise Conflict(gettext_lazy("This activity is over"), code="not_open")
    if volunteer.status != Volunteer.Status.ACTIVE:
        raise PermissionDenied(gettext_lazy("Your volunteer status is suspended"))
    required = dict(Qualification.objects.filter(activities=activity).values_list("code", "name"))
    # only verified credentials, valid on the day of service, open the activity
    held = verified_codes(volunteer=volunteer, on=service_day(activity)) if required else set()
    missing = {code: name for code, name in required.items() if code not in held}
    if missing:
        names = localized("、".join(missing.values()), ", ".join(sorted(missing)))
        raise PermissionDenied(format_lazy(gettext_lazy("This activity requires: {names}"), names=names),
                               code="qualification_required")
    other = selectors.overlapping_confirmed(volunteer=volunteer, activity=activity)
    if other is not None:
        raise _busy_message(other)
    # The organisation's duties before service (志愿服务条例 Arts. 14-17), each kept by its own app below this one
    # and checked here, one call each, raising a Conflict or PermissionDenied that says why:
    # SIGN-UP REQUIREMENTS (credentials valid on the day, suitability and workload, insurance, agreements, training)
    check_required_courses(activity=activity, volunteer=volunteer)
    check_suitability_and_workload(activity=activity, volunteer=volunteer)
    insurance.require_cover_for_sign_up(activity=activity, volunteer=volunteer)
    agreements.require_agreements_for_sign_up(activity=activity, volunteer=volunteer)


def _update_returning(sql: str, activity_id: int) -> tuple | None:
    """An UPDATE of one activity row that also gives back columns of the row as written (one round trip)."""
    with connection.cursor() as cursor:
        cursor.execute(sql.format(table=connection.ops.quote_name(Activity._meta.db_table)), [activity_id])
        return cursor.fetchone()


def _take_seat(activity_id: int) -> tuple[int, int] | None:
    """One conditional UPDATE: a seat is taken only while confirmed_count < capacity (no overbooking).

    Gives the counters after it (confirmed, waitlisted), or None when every seat is taken."""
    return _update_returning("UPDATE {table} SET confirmed_count = confirmed_count + 1 WHERE id = %s AND "
                             "confirmed_count < capacity RETURNING confirmed_count, waitlist_count", activity_id)


def _join_waitlist(activity_id: int) -> tuple[int, int, int]:
    """The next waitlist position, and the counters after it (confirmed, waitlisted)."""
    return _update_returning("UPDATE {table} SET waitlist_count = waitlist_count + 1, waitlist_seq = waitlist_seq + 1 "
                             "WHERE id = %s RETURNING waitlist_seq, confirmed_count, waitlist_count", activity_id)


def _place(signup: SignUp, activity_id: int) -> tuple[int, int]:
    """Confirm or waitlist the sign-up; gives the activity's counters as just written (confirmed, waitlisted):
    exact, as the row stays locked until commit."""
    now = timezone.now()
    counters = _take_seat(activity_id)
    if counters is not None:
        signup.status, signup.position, signup.confirmed_at = SignUp.Status.CONFIRMED, None, now
    else:
        signup.position, *counters = _join_waitlist(activity_id)
        signup.status, signup.confirmed_at = SignUp.Status.WAITLISTED, None
    signup.cancelled_at = None
    return tuple(counters)


@transaction.atomic
def activity_sign_up(*, activity: Activity, volunteer: Volunteer) -> SignUp:
    """Confirmed while seats remain, else waitlisted; asking again gives the same place."""
    return _sign_up(activity, volunteer, actor=volunteer.user, action="sign_up")


@transaction.atomic
def activity_sign_up_on_behalf(*, activity: Activity, volunteer: Volunteer, by) -> SignUp:
    """An organiser signs up someone registered on their behalf (a villager with no phone to do it), under the
    same rules as signing up oneself; who did it is audited. Only for the organiser's own activities and people
    in their reach: someone who registered themself signs up themself."""
    if not selectors.can_manage_activity(user=by, activity=activity):
        raise PermissionDenied(gettext_lazy("Only the organising team or the region's admins sign people up"))
    if not can_manage_region(by, volunteer.region):
        raise PermissionDenied(gettext_lazy("You may sign up only people in your reach"),
                               fields={"volunteer_id": [gettext_lazy("outside your reach")]})
    if volunteer.channel == Volunteer.Channel.SELF:
        raise PermissionDenied(gettext_lazy("A volunteer who registered themself signs up themself"),
                               code="signs_up_themself")
    return _sign_up(activity, volunteer, actor=by, action="sign_up_on_behalf")


def _sign_up(activity: Activity, volunteer: Volunteer, *, actor, action: str) -> SignUp:
    # One sign-up at a time per volunteer (a phone and a tablet tapping together): the second waits here and
    # then finds the first one's row, so the insert below never meets a duplicate.
    list(Volunteer.objects.select_for_update().filter(pk=volunteer.pk).values_list("pk"))
    existing = SignUp.objects.filter(activity=activity, volunteer=volunteer).first()
    if existing is not None and existing.status != SignUp.Status.CANCELLED:
        existing.activity = activity
        return existing
    _check_can_sign_up(activity, volunteer)
    signup = existing or SignUp(activity=activity, volunteer=volunteer)
    counters = _place(signup, activity.pk)
    signup.save()
    activity.confirmed_count, activity.waitlist_count = counters
    signup.activity = activity  # the caller sees the counters this sign-up left
    audit_record(action=action, target_type="activity", target_id=activity.pk, region=activity.region,
                 actor=actor, changes={"volunteer": volunteer.pk, "status": signup.status})
    return signup


def _promote_waitlisted(activity: Activity) -> list[SignUp]:
    """Fill free seats from the waitlist in order, skipping volunteers now busy elsewhere."""
    promoted = []
    for signup in SignUp.objects.filter(activity_id=activity.pk, status=SignUp.Status.WAITLISTED) \
            .select_related("volunteer", "activity").order_by("position", "pk"):
        if selectors.overlapping_confirmed(volunteer=signup.volunteer, activity=signup.activity) is not None:
            continue
        if not _take_seat(activity.pk):
            break
        Activity.objects.filter(pk=activity.pk).update(waitlist_count=F("waitlist_count") - 1)
        SignUp.objects.filter(pk=signup.pk).update(status=SignUp.Status.CONFIRMED, position=None,
                                                   confirmed_at=timezone.now(), updated_at=timezone.now())
        promoted.append(signup)
        notify(users=[signup.volunteer.user_id], kind="waitlist_promoted", title=f"候补转正：{activity.title}",
               body=f"有人取消报名，您已从候补转为正式报名。活动时间：{timezone.localtime(activity.starts_at):%Y-%m-%d %H:%M}。",
               link=f"/activities/{activity.pk}/")
        audit_record(action="promote", target_type="activity", target_id=activity.pk, region=activity.region,
                     changes={"volunteer": signup.volunteer_id})
    return promoted


@transaction.atomic
def activity_cancel_sign_up(*, activity: Activity, volunteer: Volunteer) -> SignUp:
    """Give up a place; a freed seat goes at once to the first on the waitlist."""
    Volunteer.objects.select_for_update().filter(pk=volunteer.pk).values_list("pk").first()
    signup = SignUp.objects.filter(activity=activity, volunteer=volunteer).first()
    if signup is None:
        raise NotFound(gettext_lazy("You have not signed up for this activity"))
    if signup.status == SignUp.Status.CANCELLED:
        return signup
    if signup.checked_in_at is not None:
        raise Conflict(gettext_lazy("You have checked in: sign-up can no longer be cancelled"))
    was = signup.status
    signup.status, signup.position, signup.cancelled_at = SignUp.Status.CANCELLED, None, timezone.now()
    signup.save(update_fields=["status", "position", "cancelled_at", "updated_at"])
    if was == SignUp.Status.CONFIRMED:
        Activity.objects.filter(pk=activity.pk).update(confirmed_count=F("confirmed_count") - 1)
        _promote_waitlisted(activity)
    else:
        Activity.objects.filter(pk=activity.pk).update(waitlist_count=F("waitlist_count") - 1)
    audit_record(action="cancel_sign_up", target_type="activity", target_id=activity.pk, region=activity.region,
                 actor=volunteer.user, changes={"volunteer": volunteer.pk, "was": was})
    return signup


# --- check-in and check-out -------------------------------------------------------------------

def _refuse(code: str, message: Text, **fields) -> ApplicationError:
    return ApplicationError(message, code=code, fields={k: [str(v)] for k, v in fields.items()})


def _signup_for_scan(code: CheckinCode, volunteer: Volunteer, lat, lng) -> tuple[SignUp, float]:
    activity = Activity.objects.filter(pk=code.activity_id).select_related("region").first()
    if activity is None:
        raise _refuse("checkin_token_invalid", gettext_lazy("This is not a valid check-in QR code"))
    signup = SignUp.objects.filter(activity=activity, volunteer=volunteer).select_related("activity").first()
    if signup is None or signup.status != SignUp.Status.CONFIRMED:
        raise _refuse("not_confirmed", gettext_lazy("You hold no confirmed sign-up for this activity"))
    if not validate_lat_lng(lat, lng):
        raise _refuse("location_required", gettext_lazy("Your phone's location is needed: allow location access"))
    distance = haversine_m(lat, lng, activity.lat, activity.lng)
    if activity.status not in (Activity.Status.PUBLISHED, Activity.Status.FINISHED):
        raise _refuse("not_open", gettext_lazy("This activity is not running"))
    return signup, distance


def _too_far(distance: float) -> ApplicationError | None:
    radius = settings.CHECKIN_RADIUS_M
    if distance <= radius:
        return None
    return _refuse("checkin_too_far", format_lazy(gettext_lazy("You are about {distance:.0f} m from the activity's place; check in within {radius:.0f} m"), distance=distance, radius=radius),
                   distance_m=round(distance))


@transaction.atomic
def signup_check_in(*, token: str, volunteer: Volunteer, lat: float, lng: float,
                    now: dt.datetime | None = None) -> tuple[SignUp, bool]:
    """Check in by scanning the organiser's QR code; a second scan records nothing new."""
    now = now or timezone.now()
    signup, distance = _signup_for_scan(checkin_code_read(token), volunteer, lat, lng)
    if signup.checked_in_at is not None:
        return signup, True
    activity = signup.activity
    opens = activity.starts_at - dt.timedelta(minutes=settings.CHECKIN_EARLY_MINUTES)
    if now < opens:
        raise _refuse("checkin_too_early", format_lazy(gettext_lazy("Check-in opens at {localtime:%Y-%m-%d %H:%M}"), localtime=timezone.localtime(opens)))
    if now > activity.ends_at:
        raise _refuse("checkin_too_late", gettext_lazy("The activity is over: check-in is closed"))
    refusal = _too_far(distance)
    if refusal:
        raise refusal
    updated = SignUp.objects.filter(pk=signup.pk, checked_in_at__isnull=True) \
        .update(checked_in_at=now, checkin_method=SignUp.Method.QR, updated_at=now)
    if not updated:  # a concurrent scan of the same volunteer recorded it
        signup.refresh_from_db()
        return signup, True
    CheckEvent.objects.create(signup=signup, action=CheckEvent.Action.CHECK_IN, method=SignUp.Method.QR, at=now,
                              lat=lat, lng=lng, distance_m=round(distance, 1))
    audit_record(action="check_in", target_type="signup", target_id=signup.pk, region=activity.region,
                 changes={"activity": activity.pk, "method": "qr", "distance_m": round(distance)})
    signup.refresh_from_db()
    return signup, False


def _check_out(signup: SignUp, *, at: dt.datetime, method: str, lat=None, lng=None, distance=None, reason="",
               by=None):
    from volunteerhub.hours.services import ledger_record_service

    updated = SignUp.objects.filter(pk=signup.pk, checked_out_at__isnull=True).update(checked_out_at=at,
                                                                                      updated_at=timezone.now())
    signup.refresh_from_db()
    if updated:
        CheckEvent.objects.create(signup=signup, action=CheckEvent.Action.CHECK_OUT, method=method, at=at, lat=lat,
                                  lng=lng, distance_m=round(distance, 1) if distance is not None else None,
                                  reason=reason, by=by)
    entry = ledger_record_service(signup=signup, author=by)
    return signup, entry, not updated


@transaction.atomic
def signup_check_out(*, token: str, volunteer: Volunteer, lat: float, lng: float, now: dt.datetime | None = None):
    """Check out by scanning again; the time served becomes a ledger entry pending approval. A code shown before
    the check-in is refused: the one scanned to check in, forwarded, cannot check out from elsewhere."""
    now = now or timezone.now()
    code = checkin_code_read(token)
    signup, distance = _signup_for_scan(code, volunteer, lat, lng)
    if signup.checked_in_at is None:
        raise _refuse("not_checked_in", gettext_lazy("Check in first"))
    if code.shown_at <= signup.checked_in_at:
        raise _refuse("checkout_code_before_checkin", gettext_lazy("This QR code was shown before you checked in: scan the current one to check out"))
    if signup.checked_out_at is not None:
        from volunteerhub.hours.services import ledger_record_service

        return signup, ledger_record_service(signup=signup), True
    closes = signup.activity.ends_at + dt.timedelta(minutes=settings.CHECKOUT_GRACE_MINUTES)
    if now > closes:
        raise _refuse("checkout_too_late", gettext_lazy("Check-out is closed: ask the organiser"))
    refusal = _too_far(distance)
    if refusal:
        raise refusal
    result = _check_out(signup, at=now, method=SignUp.Method.QR, lat=lat, lng=lng, distance=distance)
    audit_record(action="check_out", target_type="signup", target_id=signup.pk, region=signup.activity.region,
                 changes={"activity": signup.activity_id, "method": "qr", "distance_m": round(distance)})
    return result


def _clean_manual(signup: SignUp, reason: str, at: dt.datetime | None) -> tuple[str, dt.datetime]:
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ValidationFailed({"reason": [gettext_lazy("a reason is required for a manual record")]})
    if signup.status != SignUp.Status.CONFIRMED:
        raise Conflict(gettext_lazy("This volunteer holds no confirmed sign-up"), code="not_confirmed")
    return reason[:255], at or timezone.now()


@transaction.atomic
def signup_check_in_manually(*, signup: SignUp, user, reason: str, at: dt.datetime | None = None) -> tuple[SignUp, bool]:
    """An organiser checks a volunteer in by hand (phone without signal, ...); the reason is kept."""
    reason, at = _clean_manual(signup, reason, at)
    if signup.checked_in_at is not None:
        return signup, True
    if not signup.activity.starts_at - dt.timedelta(hours=12) <= at <= signup.activity.ends_at:
        raise ValidationFailed({"at": [gettext_lazy("must fall within the activity's time")]})
    SignUp.objects.filter(pk=signup.pk).update(checked_in_at=at, checkin_method=SignUp.Method.MANUAL,
                                               updated_at=timezone.now())
    CheckEvent.objects.create(signup=signup, action=CheckEvent.Action.CHECK_IN, method=SignUp.Method.MANUAL, at=at,
                              reason=reason, by=user)
    audit_record(action="manual_check_in", target_type="signup", target_id=signup.pk,
                 region=signup.activity.region, changes={"reason": reason, "at": at.isoformat()})
    signup.refresh_from_db()
    return signup, False


@transaction.atomic
def signup_check_out_manually(*, signup: SignUp, user, reason: str, at: dt.datetime | None = None):
    reason, at = _clean_manual(signup, reason, at)
    if signup.checked_in_at is None:
        raise Conflict(gettext_lazy("This volunteer has not checked in"), code="not_checked_in")
    if at < signup.checked_in_at:
        raise ValidationFailed({"at": [gettext_lazy("cannot be before the check-in")]})
    audit_record(action="manual_check_out", target_type="signup", target_id=signup.pk,
                 region=signup.activity.region, changes={"reason": reason, "at": at.isoformat()})
    return _check_out(signup, at=at, method=SignUp.Method.MANUAL, reason=reason, by=user)


@transaction.atomic
def activity_finish(*, activity: Activity, user, people_served: int, ratings: dict | None = None) -> Activity:
    """Close an activity: people served are counted, who is still checked in is checked out at its end, and the
    organiser's evaluations are recorded. Finishing again only records (or changes) evaluations, in their window."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.status == Activity.Status.FINISHED:
        signup_rate(activity=activity, user=user, ratings=ratings or {})
        return activity
    if activity.status != Activity.Status.PUBLISHED:
        raise Conflict(gettext_lazy("Only a published activity can be finished"))
    if activity.starts_at > timezone.now():
        raise Conflict(gettext_lazy("The activity has not started yet"))
    if not isinstance(people_served, int) or not 0 <= people_served <= 1_000_000:
        raise ValidationFailed({"people_served": [gettext_lazy("must be 0 to 1000000")]})
    for signup in SignUp.objects.filter(activity=activity, checked_in_at__isnull=False, checked_out_at__isnull=True):
        _check_out(signup, at=max(signup.checked_in_at, min(activity.ends_at, timezone.now())),
                   method=SignUp.Method.AUTO, reason="活动结束自动签退", by=user)
    Activity.objects.filter(pk=activity.pk).update(status=Activity.Status.FINISHED, people_served=people_served,
                                                   finished_at=timezone.now())
    rollup_add(region=activity.region, when=activity.starts_at, activity_kind=activity.kind, setting=activity.setting,
               activities=1, people_served=people_served)
    audit_record(action="finish", target_type="activity", target_id=activity.pk, region=activity.region,
                 changes={"people_served": people_served})
    activity.refresh_from_db()
    signup_rate(activity=activity, user=user, ratings=ratings or {})
    return activity


def evaluation_closes_at(activity: Activity) -> dt.datetime | None:
    """Until when the organisers may give or change evaluations: EVALUATION_EDIT_DAYS after finishing."""
    if activity.status != Activity.Status.FINISHED or activity.finished_at is None:
        return None
    return activity.finished_at + dt.timedelta(days=settings.EVALUATION_EDIT_DAYS)


def _clean_ratings(activity: Activity, user, ratings: dict) -> list[tuple[SignUp, int, str]]:
    """Every rating checked before any is kept: a volunteer who served here, 1 to 5 stars, a short note."""
    served = {s.pk: s for s in SignUp.objects.filter(pk__in=[k for k in ratings if isinstance(k, int)],
                                                     activity=activity, status=SignUp.Status.CONFIRMED,
                                                     checked_in_at__isnull=False).select_related("volunteer")}
    problems, cleaned = {}, []
    for i, (signup_id, (stars, note)) in enumerate(ratings.items()):
        signup = served.get(signup_id)
        if signup is None:
            problems[f"ratings.{i}.signup_id"] = [gettext_lazy("not a volunteer who served here")]
        elif signup.volunteer.user_id == user.pk:
            raise PermissionDenied(gettext_lazy("You cannot evaluate your own service"), code="own_rating")
        if not isinstance(stars, int) or isinstance(stars, bool) or not 1 <= stars <= 5:
            problems[f"ratings.{i}.rating"] = [gettext_lazy("ratings are 1 to 5 stars")]
        note = mask_in_text((note or "").strip())
        if len(note) > 255:
            problems[f"ratings.{i}.note"] = [pgettext_lazy("variant-c7ebceba", "at most 255 characters")]
        if signup is not None:
            cleaned.append((signup, stars, note))
    if problems:
        raise ValidationFailed(problems)
    return cleaned


@transaction.atomic
def signup_rate(*, activity: Activity, user, ratings: dict) -> int:
    """The organiser's evaluation of each volunteer's service, {signup_id: (stars 1-5, note)}: given on finishing and
    changeable for EVALUATION_EDIT_DAYS after, each change audited; afterwards refused (409), never dropped."""
    if not ratings:
        return 0
    closes = evaluation_closes_at(activity)
    if closes is None:
        raise Conflict(gettext_lazy("Evaluations are given when the activity is finished"),
                       code="not_finished", fields={"ratings": [gettext_lazy("not finished yet")]})
    if timezone.now() > closes:
        day = timezone.localtime(closes).strftime("%Y-%m-%d %H:%M")
        raise Conflict(format_lazy(gettext_lazy("Evaluations could be changed until {day}"), day=day),
                       code="evaluation_closed", fields={"ratings": [gettext_lazy("the window has closed")]})
    now, changed = timezone.now(), 0
    for signup, stars, note in _clean_ratings(activity, user, ratings):
        if (signup.rating, signup.rating_note) == (stars, note):
            continue
        SignUp.objects.filter(pk=signup.pk).update(rating=stars, rating_note=note, rated_at=now, rated_by=user,
                                                   updated_at=now)
        audit_record(action="rate" if signup.rating is None else "rate_change", target_type="signup",
                     target_id=signup.pk, region=activity.region,
                     changes={"activity": activity.pk, "volunteer": signup.volunteer_id,
                              "rating": [signup.rating, stars], "note": [signup.rating_note, note]})
        changed += 1
    return changed


@transaction.atomic
def roster_message(*, activity: Activity, user, title: str, body: str, include_waitlist: bool = False) -> int:
    """Send an in-app message to everyone confirmed (and, if asked, waitlisted) on the roster."""
    title, body = mask_in_text((title or "").strip()), mask_in_text((body or "").strip())  # ID numbers never sent
    if not 2 <= len(title) <= 100 or not body:
        raise ValidationFailed({"title": [gettext_lazy("title of 2 to 100 characters and a body")]})
    statuses = [SignUp.Status.CONFIRMED] + ([SignUp.Status.WAITLISTED] if include_waitlist else [])
    users = SignUp.objects.filter(activity=activity, status__in=statuses).values_list("volunteer__user_id", flat=True)
    sent = notify(users=list(users), kind="roster_message", title=f"【{activity.title}】{title}", body=body,
                  link=f"/activities/{activity.pk}/")
    audit_record(action="roster_message", target_type="activity", target_id=activity.pk, region=activity.region,
                 changes={"title": title, "recipients": sent})
    return sent


@transaction.atomic
def project_create(*, user, code: str, name: str, region_code: str, kind: str = "", description: str = "",
                   team_id: int | None = None) -> Project:
    team = _organising_team(user=user, team_id=team_id)
    region = Region.objects.filter(code=region_code).first()
    problems = _Problems()
    if region is None:
        problems.add("region_code", gettext_lazy("no region has this code"))
    if not (code or "").strip() or not (name or "").strip():
        problems.add("code", gettext_lazy("code and name are required"))
    if kind and kind not in Kind.values:
        problems.add("kind", gettext_lazy("unknown kind"))
    problems.raise_if_any()
    if not user.is_superuser and not can_manage_region(user, region):
        raise PermissionDenied(gettext_lazy("You may register projects only in your own region"))
    if Project.objects.filter(code=code.strip()).exists():
        raise Conflict(gettext_lazy("This project code exists"), fields={"code": [gettext_lazy("exists")]})
    project = Project.objects.create(code=code.strip(), name=name.strip(), team=team, region=region, kind=kind,
                                     description=description)
    audit_record(action="create", target_type="project", target_id=project.pk, region=region,
                 changes={"code": project.code, "name": project.name})
    return project
