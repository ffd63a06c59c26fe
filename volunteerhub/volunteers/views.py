import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy

from volunteerhub.accounts.codes import phone_code_send
from volunteerhub.core import throttle
from volunteerhub.core.addresses import client_ip
from volunteerhub.accounts.models import Role
from volunteerhub.core.errors import ApplicationError, PermissionDenied, ValidationFailed
from volunteerhub.volunteers import selectors, services, team_joins
from volunteerhub.volunteers.models import Qualification
from volunteerhub.volunteers.scans import scan_response

FORM_FIELDS = ["name", "id_number", "phone", "password", "region_code", "skills", "home_lat", "home_lng",
               "contact_phone", "contact_name", "sms_code", "county", "township", "village"]
CONSENT_BOXES = ["accept_policies", "consent_id_number", "consent_location"]


def _float_or_none(value: str):
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _becomes_volunteer(user) -> bool:
    """A signed-in resident registers with the account they have."""
    return user.is_authenticated and user.role == Role.RESIDENT


def _form_context(user, data=None, error: ApplicationError | None = None, sent: bool = False) -> dict:
    data = data or {}
    on_behalf = selectors.registers_on_behalf(user)
    return {
        "becoming": _becomes_volunteer(user),
        "data": data,
        "error": error.as_json() if error else None,
        "on_behalf": on_behalf,
        "regions": selectors.registration_regions(user=user).only("code", "name", "level") if on_behalf else [],
        "picker": selectors.region_picker(county=data.get("county", ""), township=data.get("township", "")),
        "qualifications": Qualification.objects.all(),
        "code_sent": sent,
        "resend_seconds": settings.SMS_CODE_RESEND_SECONDS,
    }


def _region_code(data: dict) -> str:
    """The picker's deepest choice (village, township, county), or the organiser's single list."""
    return data["village"] or data["township"] or data["region_code"] or data["county"]


def _kept(request, data: dict) -> dict:
    """What the form shows again: never the password or the ID number (the person types them again)."""
    kept = {k: v for k, v in data.items() if k not in ("password", "id_number")}
    kept["qualifications"] = request.POST.getlist("qualifications")
    kept.update({box: bool(request.POST.get(box)) for box in CONSENT_BOXES})
    return kept


def register(request):
    """Self-registration page (consents, a code texted to the mobile, the county-then-township picker); an
    organiser signed in registers on someone's behalf. Without JavaScript the code and the picker's next list
    come by the form's own buttons (action=send_code, action=pick)."""
    if request.method != "POST":
        return render(request, "volunteers/register.html", _form_context(request.user))
    data = {k: request.POST.get(k, "").strip() for k in FORM_FIELDS}
    action = request.POST.get("action", "")
    if action == "pick":
        return render(request, "volunteers/register.html", _form_context(request.user, _kept(request, data)))
    if action == "send_code":
        return _send_code(request, data)
    registrar = request.user if selectors.registers_on_behalf(request.user) else None
    account = request.user if _becomes_volunteer(request.user) else None
    try:
        volunteer = _register(request, data, registrar=registrar, account=account)
    except ApplicationError as exc:
        return render(request, "volunteers/register.html", _form_context(request.user, _kept(request, data), exc),
                      status=exc.status)
    messages.success(request, gettext("Registered: volunteer number {volunteer_number}").format(
        volunteer_number=volunteer.volunteer_number))
    if account is not None:
        return redirect("me")
    if registrar is None:
        login(request, volunteer.user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("me")
    return redirect("volunteer-register")


def _send_code(request, data: dict):
    try:
        phone_code_send(phone=data["phone"], purpose="register", ip=client_ip(request))
    except ApplicationError as exc:
        return render(request, "volunteers/register.html", _form_context(request.user, _kept(request, data), exc),
                      status=exc.status)
    return render(request, "volunteers/register.html", _form_context(request.user, _kept(request, data), sent=True))


def _register(request, data: dict, *, registrar, account):
    fields = dict(
        name=data["name"], id_number=data["id_number"], password=data["password"] or None,
        region_code=_region_code(data), skills=[s for s in data["skills"].replace("，", ",").split(",") if s.strip()],
        qualifications=request.POST.getlist("qualifications"),
        home_lat=_float_or_none(data["home_lat"]), home_lng=_float_or_none(data["home_lng"]),
        contact_phone=data["contact_phone"], contact_name=data["contact_name"])
    if registrar is not None:
        return services.volunteer_register(phone=data["phone"], registered_by=registrar,
                                           team=registrar.team if registrar.team_id else None, **fields)
    if account is None:
        throttle.rate_limit(f"register:ip:{client_ip(request)}",
                            limit=settings.REGISTRATION_RATE_PER_HOUR, window_seconds=3600)
    consent = services.Consent(**{box: bool(request.POST.get(box)) for box in CONSENT_BOXES}, ip=client_ip(request),
                               user_agent=request.headers.get("User-Agent", ""))
    return services.volunteer_register_self(phone=data["phone"], sms_code=data["sms_code"], consent=consent,
                                            account=account, **fields)


@login_required
def qualifications_to_verify(request):
    """The organiser's queue of declared qualifications: verify one once its certificate is seen, or reject it."""
    if request.method == "POST":
        declaration = selectors.declaration_get_for(user=request.user, volunteer_id=_int(request.POST.get("volunteer_id")),
                                                    code=request.POST.get("code", ""))
        try:
            if request.POST.get("action") == "verify":
                services.qualification_verify(declaration=declaration, by=request.user)
                messages.success(request, gettext("Verified"))
            else:
                services.qualification_reject(declaration=declaration, by=request.user,
                                              reason=request.POST.get("reason", ""))
                messages.success(request, gettext("Rejected"))
        except ApplicationError as exc:
            messages.error(request, str(exc.message))
        return redirect("qualifications-to-verify")
    if not (request.user.is_admin or request.user.role == "organizer"):
        raise PermissionDenied(gettext_lazy("Only organisers and admins verify qualifications"))
    return render(request, "volunteers/qualifications.html",
                  {"rows": selectors.qualifications_to_verify(user=request.user)[:200]})


@login_required
def my_credentials(request):
    """The volunteer's credentials: add or renew one with its number, valid-until date and a scan."""
    volunteer = selectors.volunteer_of(user=request.user)
    if volunteer is None:
        raise PermissionDenied(gettext_lazy("Register as a volunteer to add credentials"))
    error, status = None, 200
    if request.method == "POST":
        try:
            services.credential_submit(volunteer=volunteer, code=request.POST.get("code", ""),
                                       number=request.POST.get("number", ""),
                                       valid_until=_date_or_none(request.POST.get("valid_until")),
                                       scan=request.FILES.get("scan"))
            messages.success(request, gettext("Sent: an organiser will verify it"))
            return redirect("my-credentials")
        except ApplicationError as exc:
            error, status = exc.as_json(), exc.status
    return render(request, "volunteers/credentials.html", {
        "credentials": selectors.credentials_of(volunteer=volunteer), "qualifications": Qualification.objects.all(),
        "error": error, "data": request.POST if error else {}}, status=status)


@login_required
def credential_scan(request, credential_id: int):
    """A credential's scan, for the volunteer and managers in reach only."""
    return scan_response(selectors.credential_scan_for(user=request.user, credential_id=credential_id))


def _date_or_none(value):
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        raise ValidationFailed({"valid_until": [gettext_lazy("a date as YYYY-MM-DD")]}) from None


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@login_required
def registered_on_behalf(request):
    """The organiser's list of people registered on their behalf, in reach: who can sign in themself, and a
    one-time claim code for those who cannot yet (shown once, on this page only)."""
    if not selectors.registers_on_behalf(request.user):
        raise PermissionDenied(gettext_lazy("Only organisers and admins"))
    issued = None
    if request.method == "POST":
        volunteer = selectors.volunteer_get_for(user=request.user, volunteer_id=_int(request.POST.get("volunteer_id")))
        try:
            claim, code = services.account_claim_issue(volunteer=volunteer, by=request.user)
            issued = {"volunteer": volunteer, "code": code, "expires_at": claim.expires_at}
        except ApplicationError as exc:
            messages.error(request, str(exc.message))
    q = request.GET.get("q", "")
    return render(request, "volunteers/on_behalf.html",
                  {"rows": selectors.registered_on_behalf(user=request.user, q=q)[:200], "q": q, "issued": issued})


CLAIM_FIELDS = ["id_number", "code", "phone", "password"]


def claim(request):
    """A person registered on their behalf takes the account: ID number and the organiser's code, then their own
    mobile and a password; signed in at once."""
    if request.method != "POST":
        return render(request, "volunteers/claim.html", {"data": {}})
    data = {k: request.POST.get(k, "").strip() for k in CLAIM_FIELDS}
    try:
        volunteer = services.account_claim(**data, ip=client_ip(request))
    except ApplicationError as exc:
        kept = {"phone": data["phone"]}  # the ID number, the code and the password are typed again
        return render(request, "volunteers/claim.html", {"data": kept, "error": exc.as_json()}, status=exc.status)
    login(request, volunteer.user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, gettext("Account claimed: from now on sign in with your mobile and password"))
    return redirect("me")


@login_required
def team_finder(request):
    """A volunteer finds teams (their county's by default, their township's first) and asks to join one."""
    volunteer = selectors.volunteer_of(user=request.user)
    if volunteer is None:
        raise PermissionDenied(gettext_lazy("Register as a volunteer to join a team"))
    county = request.GET.get("county", "")
    if request.method == "POST":
        try:
            team = team_joins.team_get_joinable(team_id=_int(request.POST.get("team_id")))
            team_joins.team_join_request(volunteer=volunteer, team=team, message=request.POST.get("message", ""))
            messages.success(request, gettext("Asked to join {name}: the organiser will answer").format(name=team.name))
        except ApplicationError as exc:
            messages.error(request, str(exc.message))
        return redirect("team-finder")
    requests_ = list(team_joins.join_requests_of(volunteer=volunteer))
    return render(request, "volunteers/teams.html", {
        "volunteer": volunteer, "teams": team_joins.teams_to_join(volunteer=volunteer, county=county),
        "pending": {j.team_id for j in requests_ if j.status == "pending"}, "requests": requests_, "county": county,
        "counties": selectors.region_picker()["counties"]})


@login_required
def team_requests(request):
    """The organiser's queue of requests to join their own team: confirm, or decline with a reason."""
    if request.user.role != Role.ORGANIZER:
        raise PermissionDenied(gettext_lazy("Only a team's organiser answers requests to join it"))
    if request.method == "POST":
        join = team_joins.join_request_get_for(user=request.user, request_id=_int(request.POST.get("request_id")))
        try:
            team_joins.team_join_decide(join_request=join, by=request.user, accept=request.POST.get("action") == "accept",
                                        reason=request.POST.get("reason", ""))
            messages.success(request, gettext("Answered: the volunteer is told by text"))
        except ApplicationError as exc:
            messages.error(request, str(exc.message))
        return redirect("team-requests")
    return render(request, "volunteers/team_requests.html",
                  {"rows": team_joins.join_requests_to_decide(user=request.user)[:200]})
