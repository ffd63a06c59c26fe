"""Activities API: create, publish, list; sign up and cancel; QR check-in and check-out; rosters."""

import base64
import datetime as dt
import io

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from ninja import Field, Router, Schema, Status

from volunteerhub.accounts.auth import AUTH, optional_user
from volunteerhub.activities import selectors, services
from volunteerhub.activities.exports import ROSTER_COLUMNS, roster_rows
from volunteerhub.activities.models import Activity, SignUp
from volunteerhub.activities.tokens import checkin_token_for
from volunteerhub.geo.coords import from_wgs84, point_in, require_system
from volunteerhub.core.tables import CONTENT_TYPES, write_table
from volunteerhub.core.errors import NotFound, PermissionDenied, ValidationFailed
from volunteerhub.volunteers.selectors import volunteer_get_for, volunteer_of, volunteer_record

router = Router(tags=["activities"])


# --- schemas ------------------------------------------------------------------------------------

class ActivityIn(Schema):
    title: str
    kind: str = Field(..., description="advocacy | counselling | convenience | poverty_relief | family_planning | "
                                       "patriotic_health | training")
    setting: str = Field(..., description="community | school | office | enterprise | home | village (六进)")
    region_code: str = Field(..., description="区划代码 of the place")
    place: str
    lat: float = Field(..., description="in the system named by `coord` (WGS-84 by default)")
    lng: float = Field(..., description="in the system named by `coord` (WGS-84 by default)")
    coord: str = Field("wgs84", description="the system of lat/lng: wgs84 | gcj02 (WeChat, AMap) | bd09 (Baidu); stored as WGS-84")
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int = Field(..., ge=1, le=10000)
    description: str = ""
    team_id: int | None = Field(None, description="admins only; an organiser always creates for their own team")
    project_id: int | None = None
    cohost_team_ids: list[int] = []
    required_qualifications: list[str] = Field([], description="qualification codes, see GET /qualifications")
    contact_name: str = ""
    contact_phone: str = ""
    repeat_weeks: int = Field(0, ge=0, le=52, description="recurring: also create this many weekly occurrences")


class ActivityPatch(Schema):
    title: str | None = None
    kind: str | None = None
    setting: str | None = None
    region_code: str | None = None
    place: str | None = None
    lat: float | None = Field(None, description="in the system named by `coord` (WGS-84 by default)")
    lng: float | None = Field(None, description="in the system named by `coord` (WGS-84 by default)")
    coord: str = Field("wgs84", description="the system of lat/lng: wgs84 | gcj02 (WeChat, AMap) | bd09 (Baidu); stored as WGS-84")
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    capacity: int | None = None
    description: str | None = None
    project_id: int | None = None
    cohost_team_ids: list[int] | None = None
    required_qualifications: list[str] | None = None
    contact_name: str | None = None
    contact_phone: str | None = None


class MySignUpOut(Schema):
    status: str
    position: int | None
    checked_in_at: dt.datetime | None
    checked_out_at: dt.datetime | None


class ActivityOut(Schema):
    id: int
    title: str
    description: str
    kind: str
    kind_name: str
    setting: str
    setting_name: str
    status: str
    team_id: int
    team_name: str
    cohost_teams: list[str]
    project_id: int | None
    series_id: int | None
    region_code: str
    region_name: str
    place: str
    lat: float = Field(..., description="in the system asked for with ?coord= (WGS-84 by default)")
    lng: float = Field(..., description="in the system asked for with ?coord= (WGS-84 by default)")
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    confirmed_count: int
    waitlist_count: int
    seats_left: int
    required_qualifications: list[str]
    people_served: int
    url: str
    my_signup: MySignUpOut | None = None
    can_manage: bool = False


class ActivityPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ActivityOut]


class SignUpOut(Schema):
    status: str = Field(..., description="confirmed | waitlisted | cancelled")
    position: int | None = Field(None, description="place in the waitlist, 1 = next to be promoted")
    activity_id: int
    confirmed_count: int
    waitlist_count: int


class ScanIn(Schema):
    token: str = Field(..., description="the text of the organiser's rotating QR code")
    lat: float = Field(..., description="the phone's latitude (browser geolocation gives WGS-84)")
    lng: float = Field(..., description="the phone's longitude")
    coord: str = Field("wgs84", description="wgs84 (browser, wx.getLocation type wgs84) | gcj02 (wx.getLocation type gcj02) | bd09")


class CheckInOut(Schema):
    activity_id: int
    activity_title: str
    checked_in_at: dt.datetime | None
    checked_out_at: dt.datetime | None
    already: bool = Field(..., description="true when this scan recorded nothing new")
    ledger_entry_id: int | None = None
    minutes: int | None = None
    hours: str | None = None


class TokenOut(Schema):
    token: str
    url: str
    expires_in: int
    qr_svg: str = Field(..., description="data: URI of the QR code as SVG")


class ManualIn(Schema):
    reason: str = Field(..., description="why the record is made by hand; kept")
    at: dt.datetime | None = Field(None, description="defaults to now")


class RosterRow(Schema):
    signup_id: int
    volunteer_id: int
    volunteer_number: str
    name: str
    phone_masked: str
    status: str
    position: int | None
    checked_in_at: dt.datetime | None
    checked_out_at: dt.datetime | None
    checkin_method: str
    rating: int | None
    rating_note: str = ""
    rated_at: dt.datetime | None = None


class MessageIn(Schema):
    title: str
    body: str
    include_waitlist: bool = False


class SentOut(Schema):
    sent: int


class CancelIn(Schema):
    reason: str


class RatingIn(Schema):
    signup_id: int
    rating: int = Field(..., ge=1, le=5)
    note: str = ""


class FinishIn(Schema):
    people_served: int = Field(..., ge=0, description="people served at this activity")
    ratings: list[RatingIn] = Field([], description="evaluations of volunteers who served; on an activity already "
                                                    "finished they are recorded while its evaluation window is open, "
                                                    "else 409 evaluation_closed")


class RatingsIn(Schema):
    ratings: list[RatingIn] = Field(..., min_length=1)


class RatingsOut(Schema):
    changed: int = Field(..., description="evaluations given or changed (the same again changes nothing)")
    closes_at: dt.datetime = Field(..., description="until when evaluations may still be changed")


class ProjectIn(Schema):
    code: str
    name: str
    region_code: str
    kind: str = ""
    description: str = ""
    team_id: int | None = None


class ProjectOut(Schema):
    id: int
    code: str
    name: str
    team_id: int
    team_name: str
    region_code: str
    kind: str
    activity_count: int


# --- shaping ------------------------------------------------------------------------------------

def activity_out(activity: Activity, *, user=None, volunteer=None, coord: str = "wgs84") -> dict:
    mine = selectors.signup_of(activity=activity, volunteer=volunteer) if volunteer else None
    lat, lng = from_wgs84(activity.lat, activity.lng, coord)
    return {
        "id": activity.pk, "title": activity.title, "description": activity.description, "kind": activity.kind,
        "kind_name": activity.get_kind_display(), "setting": activity.setting,
        "setting_name": activity.get_setting_display(), "status": activity.status, "team_id": activity.team_id,
        "team_name": activity.team.name, "cohost_teams": [t.name for t in activity.cohost_teams.all()],
        "project_id": activity.project_id, "series_id": activity.series_id, "region_code": activity.region_id,
        "region_name": activity.region.name, "place": activity.place, "lat": lat, "lng": lng,
        "starts_at": activity.starts_at, "ends_at": activity.ends_at, "capacity": activity.capacity,
        "confirmed_count": activity.confirmed_count, "waitlist_count": activity.waitlist_count,
        "seats_left": activity.seats_left,
        "required_qualifications": [q.code for q in activity.required_qualifications.all()],
        "people_served": activity.people_served, "url": f"/activities/{activity.pk}/",
        "my_signup": None if mine is None else {
            "status": mine.status, "position": selectors.waitlist_rank(mine),
            "checked_in_at": mine.checked_in_at, "checked_out_at": mine.checked_out_at},
        "can_manage": selectors.can_manage_activity(user=user, activity=activity),
    }


def signup_out(signup: SignUp) -> dict:
    activity = signup.activity  # a sign-up's service leaves the counters it wrote
    return {"status": signup.status, "position": selectors.waitlist_rank(signup), "activity_id": activity.pk,
            "confirmed_count": activity.confirmed_count, "waitlist_count": activity.waitlist_count}


def _volunteer(user):
    volunteer = volunteer_record(user=user)
    if volunteer is None:
        raise PermissionDenied(gettext_lazy("Register as a volunteer first"), code="not_a_volunteer")
    return volunteer


def _manageable_signup(user, activity_id: int, signup_id: int) -> SignUp:
    activity = selectors.activity_get_to_manage(user=user, activity_id=activity_id)
    signup = SignUp.objects.filter(pk=signup_id, activity=activity).select_related("activity", "volunteer").first()
    if signup is None:
        raise NotFound()
    return signup


def _scan_out(signup: SignUp, already: bool, entry=None) -> dict:
    return {"activity_id": signup.activity_id, "activity_title": signup.activity.title,
            "checked_in_at": signup.checked_in_at, "checked_out_at": signup.checked_out_at, "already": already,
            "ledger_entry_id": entry.pk if entry else None, "minutes": entry.minutes if entry else None,
            "hours": str(entry.hours) if entry else None}


# --- activities ---------------------------------------------------------------------------------

@router.post("/activities", response={201: ActivityOut}, auth=AUTH, summary="Create a draft activity (organisers, admins)")
def activity_create(request, payload: ActivityIn):
    data = payload.dict()
    coord = require_system(data.pop("coord"))
    data["lat"], data["lng"] = point_in(data["lat"], data["lng"], coord)
    activity = services.activity_create(user=request.auth, **data)
    return Status(201, activity_out(activity, user=request.auth, coord=coord))


@router.get("/activities", response=ActivityPage, summary="Activities, filtered and paged (newest start first)")
def activity_list(request, kind: str | None = None, setting: str | None = None, region: str | None = None,
                  status: str | None = None, date_from: dt.date | None = None, date_to: dt.date | None = None,
                  team_id: int | None = None, q: str | None = None, limit: int = 20, offset: int = 0,
                  coord: str = "wgs84"):
    require_system(coord)
    user = optional_user(request)
    qs = selectors.activities_filtered(selectors.activities_visible_to(user=user), kind=kind, setting=setting,
                                       region=region, status=status, date_from=date_from, date_to=date_to,
                                       team_id=team_id, q=q).order_by("-starts_at", "-pk")
    limit, offset = max(1, min(limit, 100)), max(0, offset)
    items = qs.prefetch_related("cohost_teams", "required_qualifications")[offset:offset + limit]
    return {"count": qs.count(), "limit": limit, "offset": offset,
            "items": [activity_out(a, user=user, coord=coord) for a in items]}


@router.get("/activities/{activity_id}", response=ActivityOut, summary="One activity, with its seat counters")
def activity_detail(request, activity_id: int, coord: str = "wgs84"):
    require_system(coord)
    user = optional_user(request)
    activity = selectors.activity_get_for(user=user, activity_id=activity_id)
    return activity_out(activity, user=user, volunteer=volunteer_of(user=user), coord=coord)


@router.patch("/activities/{activity_id}", response=ActivityOut, auth=AUTH, summary="Edit an activity")
def activity_update(request, activity_id: int, payload: ActivityPatch):
    activity = selectors.activity_get_to_manage(user=request.auth, activity_id=activity_id)
    changes = payload.dict(exclude_unset=True)
    coord = require_system(changes.pop("coord", "wgs84"))
    if "lat" in changes or "lng" in changes:
        changes["lat"], changes["lng"] = point_in(changes.get("lat", activity.lat), changes.get("lng", activity.lng), coord)
    activity = services.activity_update(activity=activity, user=request.auth, changes=changes)
    return activity_out(activity, user=request.auth, coord=coord)


@router.post("/activities/{activity_id}/publish", response=ActivityOut, auth=AUTH, summary="Publish a draft: sign-up opens")
def activity_publish(request, activity_id: int):
    activity = selectors.activity_get_to_manage(user=request.auth, activity_id=activity_id)
    return activity_out(services.activity_publish(activity=activity, user=request.auth), user=request.auth)


@router.post("/activities/{activity_id}/cancel", response=ActivityOut, auth=AUTH, summary="Cancel an activity (roster is told)")
def activity_cancel(request, activity_id: int, payload: CancelIn):
    activity = selectors.activity_get_to_manage(user=request.auth, activity_id=activity_id)
    return activity_out(services.activity_cancel(activity=activity, user=request.auth, reason=payload.reason),
                        user=request.auth)


@router.post("/activities/{activity_id}/finish", response=ActivityOut, auth=AUTH,
             summary="Finish: record people served and rate each volunteer's service")
def activity_finish(request, activity_id: int, payload: FinishIn):
    activity = selectors.activity_get_to_manage(user=request.auth, activity_id=activity_id)
    ratings = {r.signup_id: (r.rating, r.note) for r in payload.ratings}
    activity = services.activity_finish(activity=activity, user=request.auth, people_served=payload.people_served,
                                        ratings=ratings)
    return activity_out(activity, user=request.auth)


@router.post("/activities/{activity_id}/ratings", response=RatingsOut, auth=AUTH,
             summary="Give or change evaluations of volunteers' service, for EVALUATION_EDIT_DAYS after finishing "
                     "(each change audited; 409 not_finished or evaluation_closed outside that window)")
def activity_rate(request, activity_id: int, payload: RatingsIn):
    activity = selectors.activity_get_to_manage(user=request.auth, activity_id=activity_id)
    changed = services.signup_rate(activity=activity, user=request.auth,
                                   ratings={r.signup_id: (r.rating, r.note) for r in payload.ratings})
    return {"changed": changed, "closes_at": services.evaluation_closes_at(activity)}


# --- sign-up ------------------------------------------------------------------------------------

@router.post("/activities/{activity_id}/signup", response=SignUpOut, auth=AUTH,
             summary="Sign up: confirmed while seats remain, else waitlisted (idempotent)")
def activity_sign_up(request, activity_id: int):
    activity = selectors.activity_to_sign_up(user=request.auth, activity_id=activity_id)
    return signup_out(services.activity_sign_up(activity=activity, volunteer=_volunteer(request.auth)))


@router.delete("/activities/{activity_id}/signup", response=SignUpOut, auth=AUTH,
               summary="Cancel my sign-up; the first waitlisted volunteer is promoted at once")
def activity_cancel_sign_up(request, activity_id: int):
    activity = selectors.activity_get_for(user=request.auth, activity_id=activity_id)
    return signup_out(services.activity_cancel_sign_up(activity=activity, volunteer=_volunteer(request.auth)))


class MySignUpRow(Schema):
    activity: ActivityOut
    status: str
    position: int | None


@router.get("/me/signups", response=list[MySignUpRow], auth=AUTH, summary="My sign-ups, latest activity first")
def my_signups(request, limit: int = 50):
    volunteer = _volunteer(request.auth)
    rows = selectors.signups_of(volunteer=volunteer)[:max(1, min(limit, 200))]
    return [{"activity": activity_out(s.activity, user=request.auth), "status": s.status,
             "position": selectors.waitlist_rank(s)} for s in rows]


# --- check-in -----------------------------------------------------------------------------------

@router.get("/activities/{activity_id}/checkin-token", response=TokenOut, auth=AUTH,
            summary="A fresh signed check-in token and its QR code (organiser's rotating code)")
def checkin_token(request, activity_id: int):
    import segno

    activity = selectors.activity_get_to_manage(user=request.auth, activity_id=activity_id)
    token = checkin_token_for(activity_id=activity.pk)
    url = request.build_absolute_uri(f"/checkin/?token={token}")
    svg = io.BytesIO()
    segno.make(url, error="m").save(svg, kind="svg", scale=6, border=2)
    return {"token": token, "url": url, "expires_in": settings.CHECKIN_TOKEN_TTL_SECONDS,
            "qr_svg": "data:image/svg+xml;base64," + base64.b64encode(svg.getvalue()).decode()}


@router.post("/checkin", response=CheckInOut, auth=AUTH,
             summary="Check in with the QR token and the phone's WGS-84 location (second scan records nothing)")
def check_in(request, payload: ScanIn):
    lat, lng = point_in(payload.lat, payload.lng, require_system(payload.coord))
    signup, already = services.signup_check_in(token=payload.token, volunteer=_volunteer(request.auth), lat=lat, lng=lng)
    return _scan_out(signup, already)


@router.post("/checkout", response=CheckInOut, auth=AUTH,
             summary="Check out with the QR token and location; the time served becomes a pending ledger entry")
def check_out(request, payload: ScanIn):
    lat, lng = point_in(payload.lat, payload.lng, require_system(payload.coord))
    signup, entry, already = services.signup_check_out(token=payload.token, volunteer=_volunteer(request.auth),
                                                       lat=lat, lng=lng)
    return _scan_out(signup, already, entry)


@router.post("/activities/{activity_id}/roster/{signup_id}/checkin", response=CheckInOut, auth=AUTH,
             summary="Check a volunteer in by hand, with a reason that is kept (organiser)")
def manual_check_in(request, activity_id: int, signup_id: int, payload: ManualIn):
    signup = _manageable_signup(request.auth, activity_id, signup_id)
    signup, already = services.signup_check_in_manually(signup=signup, user=request.auth, reason=payload.reason,
                                                        at=payload.at)
    return _scan_out(signup, already)


@router.post("/activities/{activity_id}/roster/{signup_id}/checkout", response=CheckInOut, auth=AUTH,
             summary="Check a volunteer out by hand, with a reason that is kept (organiser)")
def manual_check_out(request, activity_id: int, signup_id: int, payload: ManualIn):
    signup = _manageable_signup(request.auth, activity_id, signup_id)
    signup, entry, already = services.signup_check_out_manually(signup=signup, user=request.auth,
                                                                reason=payload.reason, at=payload.at)
    return _scan_out(signup, already, entry)


# --- on someone's behalf -----------------------------------------------------------------------

class OnBehalfIn(Schema):
    volunteer_id: int = Field(..., description="someone registered on their behalf (proxy or import), in your reach")


class OnBehalfOut(SignUpOut):
    signup_id: int = Field(..., description="for checking them in and out by hand: /roster/{signup_id}/checkin")
    volunteer_id: int


@router.post("/activities/{activity_id}/roster", response={201: OnBehalfOut}, auth=AUTH,
             summary="Sign up someone registered on their behalf (a villager without a phone): the same rules as "
                     "signing up oneself; organisers of the activity and admins in reach, for people in their reach")
def activity_sign_up_on_behalf(request, activity_id: int, payload: OnBehalfIn):
    activity = selectors.activity_get_to_manage(user=request.auth, activity_id=activity_id)
    volunteer = volunteer_get_for(user=request.auth, volunteer_id=payload.volunteer_id)
    signup = services.activity_sign_up_on_behalf(activity=activity, volunteer=volunteer, by=request.auth)
    return Status(201, {**signup_out(signup), "signup_id": signup.pk, "volunteer_id": volunteer.pk})


# --- roster -------------------------------------------------------------------------------------

@router.get("/activities/{activity_id}/roster", response=list[RosterRow], auth=AUTH,
            summary="The roster: confirmed then waitlisted (organiser)")
def roster(request, activity_id: int):
    activity = selectors.activity_get_to_manage(user=request.auth, activity_id=activity_id)
    return list(roster_rows(activity=activity))


@router.get("/activities/{activity_id}/roster/export", auth=AUTH, summary="The roster as CSV or XLSX (organiser)",
            response={200: None})
def roster_export(request, activity_id: int, format: str = "csv"):
    activity = selectors.activity_get_to_manage(user=request.auth, activity_id=activity_id)
    if format not in ("csv", "xlsx"):
        raise ValidationFailed({"format": [gettext_lazy("must be csv or xlsx")]})
    out = io.BytesIO()
    rows = ({**r, "checked_in_at": _local(r["checked_in_at"]), "checked_out_at": _local(r["checked_out_at"])}
            for r in roster_rows(activity=activity))
    write_table(ROSTER_COLUMNS, rows, format, out)
    response = HttpResponse(out.getvalue(), content_type=CONTENT_TYPES[format])
    response["Content-Disposition"] = f'attachment; filename="roster-{activity.pk}.{format}"'
    return response


def _local(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


@router.post("/activities/{activity_id}/roster/message", response=SentOut, auth=AUTH,
             summary="Send an in-app message to everyone on the roster (organiser)")
def roster_message(request, activity_id: int, payload: MessageIn):
    activity = selectors.activity_get_to_manage(user=request.auth, activity_id=activity_id)
    return {"sent": services.roster_message(activity=activity, user=request.auth, title=payload.title,
                                            body=payload.body, include_waitlist=payload.include_waitlist)}


# --- projects -----------------------------------------------------------------------------------

def _project_out(project) -> dict:
    return {"id": project.pk, "code": project.code, "name": project.name, "team_id": project.team_id,
            "team_name": project.team.name, "region_code": project.region_id, "kind": project.kind,
            "activity_count": project.activities.count()}


@router.post("/projects", response={201: ProjectOut}, auth=AUTH, summary="Register a service project")
def project_create(request, payload: ProjectIn):
    return Status(201, _project_out(services.project_create(user=request.auth, **payload.dict())))


@router.get("/projects", response=list[ProjectOut], summary="Registered service projects")
def project_list(request, region: str | None = None, team_id: int | None = None, limit: int = 50, offset: int = 0):
    from volunteerhub.activities.models import Project

    qs = Project.objects.filter(is_active=True).select_related("team").order_by("code")
    if region:
        qs = qs.filter(region__path__contains=f"/{region}/")
    if team_id:
        qs = qs.filter(team_id=team_id)
    limit, offset = max(1, min(limit, 200)), max(0, offset)
    return [_project_out(p) for p in qs[offset:offset + limit]]
