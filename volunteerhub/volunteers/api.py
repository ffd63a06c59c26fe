import datetime as dt

from django.conf import settings
from django.utils.translation import gettext_lazy
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from volunteerhub.accounts.auth import AUTH, optional_user
from volunteerhub.core import throttle
from volunteerhub.core.addresses import client_ip
from volunteerhub.core.errors import NotFound, PermissionDenied
from volunteerhub.core.masking import mask_phone
from volunteerhub.volunteers import selectors, services, team_joins
from volunteerhub.volunteers.models import Volunteer
from volunteerhub.volunteers.schemas import VolunteerOut, volunteer_out
from volunteerhub.volunteers.scans import scan_response

router = Router(tags=["volunteers"])


class RegistrationIn(Schema):
    name: str = Field(..., description="真实姓名 real name")
    id_number: str = Field(..., description="居民身份证号 (GB 11643); stored encrypted, answered masked")
    phone: str = Field("", description="本人手机号 1[3-9]xxxxxxxxx, the login: required for self-registration; "
                                       "an organiser registering someone without a mobile leaves it empty")
    password: str | None = Field(None, description="required for self-registration; omitted by an organiser registering on someone's behalf")
    contact_phone: str = Field("", description="联系电话: a family member's or the village clinic's mobile or "
                                               "landline (0543-3161234); not a login, several people may share it; "
                                               "an organiser registering someone gives this or the own phone")
    contact_name: str = Field("", max_length=32, description="联系人, whose contact phone it is (女儿, 村卫生室)")
    region_code: str = Field(..., description="居住区划代码 region of residence")
    skills: list[str] = []
    qualifications: list[str] = Field([], description="qualification codes, see GET /qualifications")
    home_lat: float | None = Field(None, description="WGS-84")
    home_lng: float | None = Field(None, description="WGS-84")
    sms_code: str = Field("", max_length=12, description="registering oneself: the code POST /auth/sms-code "
                                                         "(purpose register) texted to `phone`")
    accept_policies: bool = Field(False, description="registering oneself: accepts the current user agreement "
                                                     "and privacy policy (GET /policies)")
    consent_id_number: bool = Field(False, description="registering oneself: separate consent to the processing of "
                                                       "the ID number (sensitive personal information)")
    consent_location: bool = Field(False, description="registering oneself: separate consent to the processing of "
                                                      "location")


class RegistrationOut(Schema):
    id: int
    volunteer_number: str
    id_number_masked: str
    name: str
    channel: str


class ProfileIn(Schema):
    region_code: str | None = None
    skills: list[str] | None = None
    qualifications: list[str] | None = None
    home_lat: float | None = Field(None, description="WGS-84")
    home_lng: float | None = Field(None, description="WGS-84")
    show_name_publicly: bool | None = None
    contact_phone: str | None = Field(None, description="a contact phone (a family member's, the village clinic's); "
                                                    "\"\" removes it")
    contact_name: str | None = Field(None, max_length=32)


class MeOut(Schema):
    user_id: int
    phone_masked: str
    display_name: str
    role: str
    region_code: str | None
    team_id: int | None
    volunteer: VolunteerOut | None


class QualificationOut(Schema):
    code: str
    name: str
    name_en: str


@router.post("/volunteers", response={201: RegistrationOut}, summary="Register a volunteer (self or by an organiser)")
def volunteer_register(request, payload: RegistrationIn):
    registrar = optional_user(request)
    if not selectors.registers_on_behalf(registrar):
        registrar = None  # a signed-in resident registering themselves
    fields = dict(name=payload.name, id_number=payload.id_number, password=payload.password,
                  region_code=payload.region_code, skills=payload.skills, qualifications=payload.qualifications,
                  home_lat=payload.home_lat, home_lng=payload.home_lng, contact_phone=payload.contact_phone,
                  contact_name=payload.contact_name)
    if registrar is not None:
        volunteer = services.volunteer_register(phone=payload.phone, registered_by=registrar,
                                                team=registrar.team if registrar.team_id else None, **fields)
    else:  # registering oneself: rate limited per address, with the consents and a texted code
        throttle.rate_limit(f"register:ip:{client_ip(request)}",
                            limit=settings.REGISTRATION_RATE_PER_HOUR, window_seconds=3600)
        consent = services.Consent(accept_policies=payload.accept_policies, consent_id_number=payload.consent_id_number,
                                   consent_location=payload.consent_location, ip=client_ip(request),
                                   user_agent=request.headers.get("User-Agent", ""))
        volunteer = services.volunteer_register_self(phone=payload.phone, sms_code=payload.sms_code, consent=consent,
                                                     **fields)
    return Status(201, {"id": volunteer.pk, "volunteer_number": volunteer.volunteer_number,
                 "id_number_masked": volunteer.id_number_masked, "name": volunteer.name,
                 "channel": volunteer.channel})


def _me(user) -> dict:
    volunteer = selectors.volunteer_of(user=user)
    return {"user_id": user.pk, "phone_masked": mask_phone(user.phone), "display_name": user.display_name,
            "role": user.role, "region_code": user.region_id, "team_id": user.team_id,
            "volunteer": volunteer_out(volunteer, viewer=user) if volunteer else None}


@router.get("/me", response=MeOut, auth=AUTH, summary="The signed-in account and its volunteer profile")
def me(request):
    return _me(request.auth)


@router.patch("/me", response=MeOut, auth=AUTH, summary="Edit one's own volunteer profile")
def me_update(request, payload: ProfileIn):
    volunteer = selectors.volunteer_of(user=request.auth)
    if volunteer is None:
        raise NotFound()
    services.volunteer_update_profile(volunteer=volunteer, changes=payload.dict(exclude_unset=True))
    return _me(request.auth)


@router.get("/volunteers", response=list[VolunteerOut], auth=AUTH, summary="Volunteers in the caller's region (paged)")
def volunteer_list(request, region: str | None = None, q: str | None = None, limit: int = 50, offset: int = 0):
    qs = selectors.volunteers_visible_to(user=request.auth)
    if region:
        qs = qs.filter(region__path__contains=f"/{region}/")
    if q:
        qs = qs.filter(name__contains=q) | qs.filter(volunteer_number=q)
    limit = max(1, min(limit, 200))
    return [volunteer_out(v, viewer=request.auth) for v in qs.order_by("pk")[max(0, offset):max(0, offset) + limit]]


@router.get("/volunteers/{volunteer_id}", response=VolunteerOut, auth=AUTH, summary="One volunteer within the caller's reach")
def volunteer_detail(request, volunteer_id: int):
    return volunteer_out(selectors.volunteer_get_for(user=request.auth, volunteer_id=volunteer_id), viewer=request.auth)


class DeclarationOut(Schema):
    volunteer_id: int
    volunteer_number: str
    name: str
    region_name: str
    qualification: str
    qualification_name: str
    verified_at: dt.datetime | None
    credential_id: int
    number: str = Field("", description="the certificate's number")
    valid_until: dt.date | None = Field(None, description="its last valid day; none: no expiry")
    scan_url: str = Field("", description="the scan, for the volunteer and managers in reach; empty when none")


class RejectIn(Schema):
    reason: str = Field(..., max_length=255, description="why the declaration does not hold (kept in the audit trail)")


def _declaration_out(declaration) -> dict:
    volunteer = declaration.volunteer
    return {"volunteer_id": volunteer.pk, "volunteer_number": volunteer.volunteer_number, "name": volunteer.name,
            "region_name": volunteer.region.name, "qualification": declaration.qualification_id,
            "qualification_name": declaration.qualification.name, "verified_at": declaration.verified_at,
            "credential_id": declaration.pk, "number": declaration.number, "valid_until": declaration.valid_until,
            "scan_url": f"/api/v1/credentials/{declaration.pk}/scan" if declaration.scan else ""}


@router.get("/qualifications/to-verify", response=list[DeclarationOut], auth=AUTH,
            summary="Qualifications volunteers in my region declared, waiting to be verified (organisers, admins)")
def qualifications_to_verify(request, limit: int = 100, offset: int = 0):
    rows = selectors.qualifications_to_verify(user=request.auth)
    limit, offset = max(1, min(limit, 500)), max(0, offset)
    return [_declaration_out(d) for d in rows[offset:offset + limit]]


@router.post("/volunteers/{volunteer_id}/qualifications/{code}/verify", response=DeclarationOut, auth=AUTH,
             summary="Verify a declared qualification: from now on it opens gated activities and needs")
def qualification_verify(request, volunteer_id: int, code: str):
    declaration = selectors.declaration_get_for(user=request.auth, volunteer_id=volunteer_id, code=code)
    return _declaration_out(services.qualification_verify(declaration=declaration, by=request.auth))


@router.post("/volunteers/{volunteer_id}/qualifications/{code}/reject", response={204: None}, auth=AUTH,
             summary="Reject a declared qualification, with the reason (kept as rejected: who, when, why)")
def qualification_reject(request, volunteer_id: int, code: str, payload: RejectIn):
    declaration = selectors.declaration_get_for(user=request.auth, volunteer_id=volunteer_id, code=code)
    services.qualification_reject(declaration=declaration, by=request.auth, reason=payload.reason)
    return Status(204, None)


class CredentialOut(Schema):
    id: int
    qualification: str
    qualification_name: str
    number: str
    valid_until: dt.date | None = Field(None, description="its last valid day; none: no expiry")
    status: str = Field(..., description="pending, verified or rejected")
    verified_at: dt.datetime | None
    rejected_at: dt.datetime | None
    reject_reason: str
    scan_url: str = Field("", description="the scan, served only to the volunteer and managers in reach")


def _credential_out(c) -> dict:
    return {"id": c.pk, "qualification": c.qualification_id, "qualification_name": c.qualification.name,
            "number": c.number, "valid_until": c.valid_until, "status": c.status, "verified_at": c.verified_at,
            "rejected_at": c.rejected_at, "reject_reason": c.reject_reason,
            "scan_url": f"/api/v1/credentials/{c.pk}/scan" if c.scan else ""}


def _own_volunteer(user):
    volunteer = selectors.volunteer_of(user=user)
    if volunteer is None:
        raise NotFound()
    return volunteer


@router.get("/me/credentials", response=list[CredentialOut], auth=AUTH,
            summary="My credentials: number, valid-until date, verification")
def my_credentials(request):
    return [_credential_out(c) for c in selectors.credentials_of(volunteer=_own_volunteer(request.auth))]


@router.post("/me/credentials", response={201: CredentialOut}, auth=AUTH,
             summary="Add or renew a credential with its number, valid-until date and a scan (multipart form); "
                     "it waits to be verified by an organiser in reach")
def credential_submit(request, code: str = Form(...), number: str = Form(...), valid_until: dt.date | None = Form(None),
                      scan: UploadedFile | None = File(None)):
    credential = services.credential_submit(volunteer=_own_volunteer(request.auth), code=code, number=number,
                                            valid_until=valid_until, scan=scan)
    return Status(201, _credential_out(credential))


@router.get("/credentials/{credential_id}/scan", auth=AUTH,
            summary="A credential's scan (the volunteer's own; managers in reach)")
def credential_scan(request, credential_id: int):
    return scan_response(selectors.credential_scan_for(user=request.auth, credential_id=credential_id))


@router.get("/qualifications", response=list[QualificationOut], summary="Qualification codes")
def qualification_list(request):
    from volunteerhub.volunteers.models import Qualification

    return list(Qualification.objects.values("code", "name", "name_en"))



# --- claiming an account registered on one's behalf ----------------------------------------------------------

class ClaimCodeOut(Schema):
    volunteer_id: int
    code: str = Field(..., description="8 digits, shown only now: hand it to the person (on paper, by voice)")
    expires_at: dt.datetime


class ClaimIn(Schema):
    id_number: str = Field(..., max_length=32, description="the person's resident ID number")
    code: str = Field(..., max_length=32, description="the 8-digit claim code the organiser handed over")
    phone: str = Field(..., max_length=32, description="their own mobile: from now on the login")
    password: str = Field(..., max_length=128, description="their new password")


class ClaimedOut(Schema):
    volunteer_number: str
    phone_masked: str


@router.post("/volunteers/{volunteer_id}/claim-code", response={201: ClaimCodeOut}, auth=AUTH,
             summary="Issue a one-time code with which a person registered on their behalf claims the account "
                     "(organisers and admins in reach; replaces an earlier code)")
def claim_code_issue(request, volunteer_id: int):
    volunteer = selectors.volunteer_get_for(user=request.auth, volunteer_id=volunteer_id)
    claim, code = services.account_claim_issue(volunteer=volunteer, by=request.auth)
    return Status(201, {"volunteer_id": volunteer.pk, "code": code, "expires_at": claim.expires_at})


@router.post("/account-claims", response=ClaimedOut,
             summary="Claim an account registered on one's behalf: ID number and the organiser's code; one's own "
                     "mobile becomes the login (tries limited per address and per person)")
def account_claim(request, payload: ClaimIn):
    volunteer = services.account_claim(id_number=payload.id_number, code=payload.code, phone=payload.phone,
                                       password=payload.password, ip=client_ip(request))
    return {"volunteer_number": volunteer.volunteer_number, "phone_masked": mask_phone(volunteer.user.phone)}


# --- joining a team -------------------------------------------------------------------------------------

class JoinableTeamOut(Schema):
    id: int
    name: str
    region_code: str
    region_name: str
    leader_name: str
    my_request: str | None = Field(None, description="pending, accepted or declined: my latest request to it")


class JoinIn(Schema):
    message: str = Field("", max_length=200, description="留言 to the organiser")


class JoinRequestOut(Schema):
    id: int
    team_id: int
    team_name: str
    status: str = Field(..., description="pending, accepted or declined")
    message: str
    reason: str
    created_at: str
    volunteer_name: str | None = Field(None, description="for the organiser: the volunteer's name")
    volunteer_region: str | None = None


class DecideIn(Schema):
    accept: bool
    reason: str = Field("", max_length=255, description="required when declining")


def _joining_volunteer(user) -> Volunteer:
    volunteer = selectors.volunteer_of(user=user)
    if volunteer is None:
        raise PermissionDenied(gettext_lazy("Register as a volunteer to join a team"))
    return volunteer


def join_out(join, *, for_organiser: bool = False) -> dict:
    return {"id": join.pk, "team_id": join.team_id, "team_name": join.team.name, "status": join.status,
            "message": join.message, "reason": join.reason, "created_at": join.created_at.isoformat(),
            "volunteer_name": join.volunteer.name if for_organiser else None,
            "volunteer_region": join.volunteer.region.name if for_organiser else None}


@router.get("/teams/joinable", response=list[JoinableTeamOut], auth=AUTH, tags=["teams"],
            summary="Teams a volunteer may ask to join: a county's (mine by default), my township's first")
def teams_joinable(request, county: str = ""):
    volunteer = _joining_volunteer(request.auth)
    mine = {j.team_id: j.status for j in reversed(team_joins.join_requests_of(volunteer=volunteer))}
    return [{"id": t.pk, "name": t.name, "region_code": t.region_id, "region_name": t.region.name,
             "leader_name": t.leader_name, "my_request": mine.get(t.pk)}
            for t in team_joins.teams_to_join(volunteer=volunteer, county=county)]


@router.post("/teams/{int:team_id}/join-requests", response={201: JoinRequestOut}, auth=AUTH, tags=["teams"],
             summary="Ask to join a team; its organiser confirms or declines")
def team_join(request, team_id: int, payload: JoinIn):
    volunteer = _joining_volunteer(request.auth)
    join = team_joins.team_join_request(volunteer=volunteer, team=team_joins.team_get_joinable(team_id=team_id),
                                        message=payload.message)
    return Status(201, join_out(join))


@router.get("/me/join-requests", response=list[JoinRequestOut], auth=AUTH, tags=["teams"],
            summary="My requests to join teams and their answers")
def my_join_requests(request):
    return [join_out(j) for j in team_joins.join_requests_of(volunteer=_joining_volunteer(request.auth))]


@router.get("/team-join-requests", response=list[JoinRequestOut], auth=AUTH, tags=["teams"],
            summary="An organiser's queue: pending requests to join their own team")
def join_requests_to_decide(request):
    return [join_out(j, for_organiser=True) for j in team_joins.join_requests_to_decide(user=request.auth)]


@router.post("/team-join-requests/{int:request_id}/decide", response=JoinRequestOut, auth=AUTH, tags=["teams"],
             summary="Confirm or decline (with a reason) a request to join my team; the volunteer is told")
def join_request_decide(request, request_id: int, payload: DecideIn):
    join = team_joins.join_request_get_for(user=request.auth, request_id=request_id)
    join = team_joins.team_join_decide(join_request=join, by=request.auth, accept=payload.accept,
                                       reason=payload.reason)
    return join_out(join, for_organiser=True)
