"""Volunteer registration (by oneself or on someone's behalf), profile changes, claiming a proxy account."""

import datetime as dt
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from volunteerhub.accounts.codes import phone_code_check, phone_code_use
from volunteerhub.accounts.consents import consent_problems, consent_record
from volunteerhub.accounts.models import Role, User
from volunteerhub.regions.scope import can_manage_region
from volunteerhub.accounts.services import password_problems
from volunteerhub.audit.services import audit_record
from volunteerhub.core import crypto, throttle
from volunteerhub.core.errors import Conflict, PermissionDenied, ValidationFailed
from volunteerhub.geo.sphere import validate_lat_lng
from volunteerhub.geo.spatial import cell_for
from volunteerhub.core.masking import mask_id_number
from volunteerhub.volunteers.identity import parse_resident_id
from volunteerhub.accounts.phones import mask_contact_phone, validate_contact_phone, validate_phone
from volunteerhub.regions.models import Region
from volunteerhub.stats.services import volunteer_count_add
from volunteerhub.volunteers.models import AccountClaim, Qualification, Volunteer, VolunteerQualification

MAX_SKILLS = 20


@dataclass
class Problems:
    """Collects every wrong field before anything is written."""

    fields: dict[str, list] = field(default_factory=dict)

    def add(self, name: str, reason) -> None:
        self.fields.setdefault(name, []).append(reason)

    def raise_if_any(self) -> None:
        if self.fields:
            raise ValidationFailed(self.fields)


def _clean_name(name: str, problems: Problems) -> str:
    name = (name or "").strip()
    if not 2 <= len(name) <= 30:
        problems.add("name", gettext_lazy("must be 2 to 30 characters"))
    return name


def _clean_region(code: str | None, problems: Problems, *, field_name: str = "region_code") -> Region | None:
    region = Region.objects.filter(code=(code or "").strip()).first()
    if region is None:
        problems.add(field_name, gettext_lazy("no region has this code"))
    return region


def _clean_skills(skills: list[str] | None, problems: Problems) -> list[str]:
    cleaned = sorted({s.strip() for s in (skills or []) if isinstance(s, str) and s.strip()})
    if len(cleaned) > MAX_SKILLS or any(len(s) > 32 for s in cleaned):
        problems.add("skills", gettext_lazy("at most 20 skills of up to 32 characters"))
    return cleaned


def _clean_qualifications(codes: list[str] | None, problems: Problems) -> list[Qualification]:
    codes = sorted(set(codes or []))
    found = list(Qualification.objects.filter(code__in=codes))
    unknown = set(codes) - {q.code for q in found}
    if unknown:
        problems.add("qualifications", format_lazy(gettext_lazy("unknown qualifications: {join}"), join=', '.join(sorted(unknown))))
    return found


def _clean_home(lat, lng, problems: Problems) -> tuple[float | None, float | None]:
    if lat is None and lng is None:
        return None, None
    if not validate_lat_lng(lat, lng):
        problems.add("home_lat", gettext_lazy("lat and lng must come together and be in range"))
        return None, None
    return lat, lng


def volunteer_number_for(volunteer: Volunteer) -> str:
    """Unified volunteer number: 6-digit county code, registration year, 8-digit serial."""
    codes = volunteer.region.path.strip("/").split("/")
    county = codes[1] if len(codes) > 1 else codes[0]
    return f"{county}{volunteer.created_at:%Y}{volunteer.pk:08d}"


def _clean_own_phone(phone: str, problems: Problems, *, proxy: bool) -> str:
    """The person's own mobile, their login; someone registered on their behalf may have none."""
    if proxy and not (phone or "").strip():
        return ""
    try:
        return validate_phone(phone)
    except ValueError as exc:
        problems.add("phone", exc.args[0])
        return ""


def _clean_contact(contact_phone: str, contact_name: str, problems: Problems) -> tuple[str, str]:
    contact_name = (contact_name or "").strip()
    if len(contact_name) > 32:
        problems.add("contact_name", gettext_lazy("at most 32 characters"))
    if not (contact_phone or "").strip():
        return "", contact_name
    try:
        return validate_contact_phone(contact_phone), contact_name
    except ValueError as exc:
        problems.add("contact_phone", exc.args[0])
        return "", contact_name


def _check_login_fields(problems: Problems, *, phone: str, contact_phone: str, proxy: bool, password,
                        password_hash) -> None:
    if proxy and not phone and not contact_phone and "phone" not in problems.fields \
            and "contact_phone" not in problems.fields:
        problems.add("contact_phone", gettext_lazy("give the person's own mobile or a contact phone (a family member's or the village clinic's)"))
    if not proxy and password is None and password_hash is None:
        problems.add("password", gettext_lazy("self-registration needs a password"))
    if proxy and not phone and (password is not None or password_hash is not None):
        problems.add("password", gettext_lazy("without a mobile of their own there is no login: the person sets a password when they claim the account with their own mobile"))
    if password is not None:
        for reason in password_problems(password):
            problems.add("password", reason)


def _phone_taken(phone: str, *, proxy: bool) -> Conflict:
    hint = gettext_lazy("; a family member's or the clinic's number goes in contact_phone, which many may share") if proxy else ""
    return Conflict(format_lazy(gettext_lazy("This mobile number is already registered{hint}"), hint=hint),
                    code="duplicate_phone", fields={"phone": [format_lazy(gettext_lazy("already registered{hint}"), hint=hint)]})


@dataclass(frozen=True)
class Consent:
    """The boxes a person ticks when registering themself, and where the request came from (kept with them)."""

    accept_policies: bool = False
    consent_id_number: bool = False
    consent_location: bool = False
    ip: str = ""
    user_agent: str = ""

    def problems(self) -> dict[str, list]:
        return consent_problems(accept_policies=self.accept_policies, consent_id_number=self.consent_id_number,
                                consent_location=self.consent_location)


def volunteer_register_self(*, phone: str = "", sms_code: str | None = None, consent: Consent | None = None,
                            account: User | None = None, **fields) -> Volunteer:
    """A person registering themself: the consents (the agreement and privacy policy, the ID number, location)
    and a code texted to the mobile; a resident already signed in (`account`) only the consents. The code is
    checked before the registration's transaction, so a wrong try counts even though nothing else is written."""
    consent = consent or Consent()
    problems = consent.problems()
    region = Region.objects.filter(code=(fields.get("region_code") or "").strip()).first()
    if region is not None and region.level in (Region.Level.CITY, Region.Level.COUNTY):
        problems["region_code"] = [gettext_lazy("choose your township too")]
    checked = _checked_code(phone, sms_code, problems) if account is None else None
    return volunteer_register(phone=phone, account=account, checked_code=checked, consent=consent,
                              extra_problems=problems, **fields)


def _checked_code(phone: str, sms_code: str | None, problems: dict):
    try:
        phone = validate_phone(phone)
    except ValueError:
        return None  # the registration names the mobile's problem
    if not (sms_code or "").strip():
        problems["sms_code"] = [gettext_lazy("enter the code texted to your mobile")]
        return None
    try:
        return phone_code_check(phone=phone, purpose="register", code=sms_code)
    except ValidationFailed as exc:
        problems.update(exc.fields)
        return None


@transaction.atomic
def volunteer_register(*, name: str, id_number: str, region_code: str, phone: str = "", password: str | None = None,
                       skills: list[str] | None = None, qualifications: list[str] | None = None,
                       home_lat: float | None = None, home_lng: float | None = None, team=None,
                       registered_by: User | None = None, channel: str | None = None,
                       password_hash: str | None = None, contact_phone: str = "",
                       contact_name: str = "", account: User | None = None, checked_code=None,
                       consent: Consent | None = None, extra_problems: dict | None = None) -> Volunteer:
    """Real-name registration, by the volunteer or by an organiser on their behalf (proxy). Someone registered
    on their behalf may have no mobile of their own: a contact phone (a family member's, the village clinic's,
    shared by several, never a login) reaches them, and they can claim the account later. A resident already
    signed in (`account`) becomes a volunteer with the account they have: its mobile and password stay. From
    volunteer_register_self: the checked code is spent and the consent recorded in this transaction."""
    problems = Problems(fields={k: list(v) for k, v in (extra_problems or {}).items()})
    proxy = registered_by is not None
    if account is not None:
        if account.role != Role.RESIDENT or Volunteer.objects.filter(user=account).exists():
            raise Conflict(gettext_lazy("This account is already a volunteer's or a staff member's"), code="not_a_resident")
        phone, password, password_hash = account.phone, None, "kept"
    name = _clean_name(name, problems)
    resident_id = None
    try:
        resident_id = parse_resident_id(id_number)
    except ValueError as exc:
        problems.add("id_number", exc.args[0])
    phone = _clean_own_phone(phone, problems, proxy=proxy) if account is None else phone
    contact_phone, contact_name = _clean_contact(contact_phone, contact_name, problems)
    region = _clean_region(region_code, problems)
    skills = _clean_skills(skills, problems)
    quals = _clean_qualifications(qualifications, problems)
    home_lat, home_lng = _clean_home(home_lat, home_lng, problems)
    _check_login_fields(problems, phone=phone, contact_phone=contact_phone, proxy=proxy, password=password,
                        password_hash=password_hash)
    problems.raise_if_any()

    if registered_by is not None and not can_manage_region(registered_by, region):
        raise PermissionDenied(gettext_lazy("You may register volunteers only in your own region"),
                               fields={"region_code": [gettext_lazy("outside your reach")]})
    id_hash = crypto.blind_index(resident_id.number)
    if Volunteer.objects.filter(id_number_hash=id_hash).exists():
        raise Conflict(gettext_lazy("This ID number is already registered"),
                       code="duplicate_id_number", fields={"id_number": [gettext_lazy("already registered")]})
    if account is None and phone and User.objects.filter(phone=phone).exists():
        raise _phone_taken(phone, proxy=proxy)
    try:
        with transaction.atomic():
            if account is not None:  # the resident's own account becomes a volunteer's
                user = account
                user.role, user.region, user.display_name = Role.VOLUNTEER, region, name
                user.save(update_fields=["role", "region", "display_name"])
            else:
                user = User.objects.create_user(phone, password, role=Role.VOLUNTEER, region=region,
                                                display_name=name)
            if password_hash and account is None:
                user.password = password_hash
                user.save(update_fields=["password"])
            volunteer = Volunteer.objects.create(
                user=user, volunteer_number=f"tmp-{id_hash[:16]}", name=name,
                id_number_encrypted=crypto.encrypt(resident_id.number), id_number_hash=id_hash,
                id_number_masked=mask_id_number(resident_id.number), gender=resident_id.gender,
                birth_date=resident_id.birth_date, region=region, team=team, skills=skills,
                home_lat=home_lat, home_lng=home_lng, registered_by=registered_by,
                home_cell=cell_for(home_lat, home_lng) if home_lat is not None else None,
                contact_phone=contact_phone, contact_name=contact_name,
                channel=channel or (Volunteer.Channel.PROXY if registered_by else Volunteer.Channel.SELF),
            )
    except IntegrityError:  # a concurrent registration with the same ID number or phone won
        raise Conflict(gettext_lazy("This ID number or mobile number is already registered"),
                       code="duplicate_id_number") from None
    volunteer.volunteer_number = volunteer_number_for(volunteer)
    volunteer.save(update_fields=["volunteer_number"])
    volunteer_count_add(region=region)  # the dashboard's kept count, in this transaction
    volunteer.qualifications.set(quals, through_defaults={"city_code": volunteer.city_code})
    if checked_code is not None:
        phone_code_use(code=checked_code)
    if consent is not None:
        consent_record(user=user, accept_policies=True, consent_id_number=True, consent_location=True,
                       ip=consent.ip, user_agent=consent.user_agent)
    audit_record(action="register", target_type="volunteer", target_id=volunteer.pk, region=region,
                 actor=registered_by or user, changes={"channel": volunteer.channel, "name": name,
                                                       "id_number_masked": volunteer.id_number_masked,
                                                       "own_phone": bool(phone),
                                                       "contact": mask_contact_phone(contact_phone)})
    return volunteer


@transaction.atomic
def volunteer_update_profile(*, volunteer: Volunteer, changes: dict) -> Volunteer:
    """Edit what a volunteer may change themselves. Name and ID number stay as registered."""
    problems = Problems()
    updates: dict = {}
    if "region_code" in changes:
        updates["region"] = _clean_region(changes["region_code"], problems)
    if "skills" in changes:
        updates["skills"] = _clean_skills(changes["skills"], problems)
    quals = _clean_qualifications(changes["qualifications"], problems) if "qualifications" in changes else None
    if "home_lat" in changes or "home_lng" in changes:
        updates["home_lat"], updates["home_lng"] = _clean_home(
            changes.get("home_lat", volunteer.home_lat), changes.get("home_lng", volunteer.home_lng), problems)
        updates["home_cell"] = cell_for(updates["home_lat"], updates["home_lng"]) if updates["home_lat"] is not None else None
    if "show_name_publicly" in changes:
        updates["show_name_publicly"] = bool(changes["show_name_publicly"])
    if "contact_phone" in changes or "contact_name" in changes:
        updates["contact_phone"], updates["contact_name"] = _clean_contact(
            changes.get("contact_phone", volunteer.contact_phone), changes.get("contact_name", volunteer.contact_name),
            problems)
    problems.raise_if_any()
    moved_from = volunteer.region if updates.get("region") not in (None, volunteer.region) else None
    for key, value in updates.items():
        setattr(volunteer, key, value)
    if moved_from is not None:  # the dashboard's kept count follows the volunteer
        volunteer_count_add(region=moved_from, delta=-1)
        volunteer_count_add(region=volunteer.region)
    if updates:
        volunteer.save(update_fields=[*updates.keys(), "updated_at"])
    if quals is not None:
        volunteer.qualifications.set(quals, through_defaults={"city_code": volunteer.city_code})
    changed = {k: (v.code if hasattr(v, "code") else v) for k, v in updates.items()}
    if quals is not None:
        changed["qualifications"] = [q.code for q in quals]
    audit_record(action="update", target_type="volunteer", target_id=volunteer.pk, region=volunteer.region,
                 changes=changed)
    return volunteer


def volunteer_id_number(*, volunteer: Volunteer) -> str:
    """The clear ID number, for the few places the law needs it (never for display)."""
    return crypto.decrypt(volunteer.id_number_encrypted)


def _check_verifier(declaration: VolunteerQualification, by) -> None:
    if not (by.is_admin or by.role == Role.ORGANIZER) or not can_manage_region(by, declaration.volunteer.region):
        raise PermissionDenied(gettext_lazy("Only organisers and admins in reach verify"))


@transaction.atomic
def qualification_verify(*, declaration: VolunteerQualification, by) -> VolunteerQualification:
    """An organiser or administrator in reach has seen the certificate: the qualification now opens gated work
    (on the days it is valid)."""
    _check_verifier(declaration, by)
    if declaration.valid_until is not None and declaration.valid_until < timezone.localdate():
        raise Conflict(gettext_lazy("The credential has expired: it cannot be verified"),
                       code="credential_expired", fields={"valid_until": [gettext_lazy("expired")]})
    declaration.verified_at, declaration.verified_by = timezone.now(), by
    declaration.rejected_at, declaration.rejected_by, declaration.reject_reason = None, None, ""
    declaration.save(update_fields=["verified_at", "verified_by", "rejected_at", "rejected_by", "reject_reason"])
    audit_record(action="qualification_verify", target_type="volunteer", target_id=declaration.volunteer_id,
                 region=declaration.volunteer.region, actor=by,
                 changes={"qualification": declaration.qualification_id, "number": declaration.number,
                          "valid_until": declaration.valid_until.isoformat() if declaration.valid_until else None})
    return declaration


@transaction.atomic
def qualification_reject(*, declaration: VolunteerQualification, by, reason: str) -> VolunteerQualification:
    """A declaration that does not hold (no certificate, an expired one): kept as rejected, with who, when and why;
    the volunteer may send it again with a new scan."""
    _check_verifier(declaration, by)
    if len((reason or "").strip()) < 2:
        raise ValidationFailed({"reason": [gettext_lazy("a reason is required")]})
    declaration.rejected_at, declaration.rejected_by = timezone.now(), by
    declaration.reject_reason = reason.strip()[:255]
    declaration.verified_at, declaration.verified_by = None, None
    declaration.save(update_fields=["rejected_at", "rejected_by", "reject_reason", "verified_at", "verified_by"])
    audit_record(action="qualification_reject", target_type="volunteer", target_id=declaration.volunteer_id,
                 region=declaration.volunteer.region, actor=by,
                 changes={"qualification": declaration.qualification_id, "reason": declaration.reject_reason})
    return declaration


def _credential_problems(code: str, number: str, valid_until: dt.date | None) -> tuple[Qualification | None, str]:
    problems = Problems()
    qualification = Qualification.objects.filter(code=(code or "").strip()).first()
    if qualification is None:
        problems.add("code", gettext_lazy("unknown qualification"))
    number = (number or "").strip()
    if not 2 <= len(number) <= 64:
        problems.add("number", gettext_lazy("the certificate number must be 2 to 64 characters"))
    if valid_until is not None and valid_until < timezone.localdate():
        problems.add("valid_until", gettext_lazy("already expired"))
    problems.raise_if_any()
    return qualification, number


@transaction.atomic
def credential_submit(*, volunteer: Volunteer, code: str, number: str, valid_until: dt.date | None = None,
                      scan=None) -> VolunteerQualification:
    """A volunteer adds a credential (or sends one again: renewed, or after a rejection) with its number, its
    valid-until date (none: no expiry) and a scan; it waits for an organiser in reach to verify it again."""
    from volunteerhub.volunteers.scans import clean_scan

    qualification, number = _credential_problems(code, number, valid_until)
    stored = clean_scan(scan) if scan is not None else None
    credential, _ = VolunteerQualification.objects.select_for_update().get_or_create(
        volunteer=volunteer, qualification=qualification)
    credential.number, credential.valid_until = number, valid_until
    credential.verified_at = credential.verified_by = credential.rejected_at = credential.rejected_by = None
    credential.reject_reason = ""
    if stored is not None:
        credential.scan.save(stored.name, stored, save=False)
    credential.save()
    audit_record(action="credential_submit", target_type="volunteer", target_id=volunteer.pk, region=volunteer.region,
                 actor=volunteer.user, changes={"qualification": qualification.code, "number": number,
                                                "valid_until": valid_until.isoformat() if valid_until else None,
                                                "scan": stored is not None})
    return credential


# --- claiming an account registered on one's behalf ----------------------------------------------------------

CLAIM_CODE_DIGITS = 8


def _claim_hash(volunteer_id: int, code: str) -> str:
    return crypto.blind_index(f"account-claim:{volunteer_id}:{code}")


def _check_claim_issuer(volunteer: Volunteer, by: User) -> None:
    if not (by.is_admin or by.role == Role.ORGANIZER) or not can_manage_region(by, volunteer.region):
        raise PermissionDenied(gettext_lazy("Only organisers and administrators in reach issue claim codes"))
    if volunteer.channel == Volunteer.Channel.SELF or volunteer.user.has_login:
        raise Conflict(gettext_lazy("This account already has its own login"),
                       code="already_claimed")


@transaction.atomic
def account_claim_issue(*, volunteer: Volunteer, by: User) -> tuple[AccountClaim, str]:
    """A one-time code for a person registered on their behalf, handed over on paper or by voice; it replaces any
    earlier code, expires after ACCOUNT_CLAIM_CODE_HOURS, and is shown only now (a keyed hash is kept)."""
    _check_claim_issuer(volunteer, by)
    now = timezone.now()
    AccountClaim.objects.filter(volunteer=volunteer, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
    code = f"{secrets.randbelow(10 ** CLAIM_CODE_DIGITS):0{CLAIM_CODE_DIGITS}d}"
    claim = AccountClaim.objects.create(volunteer=volunteer, code_hash=_claim_hash(volunteer.pk, code), issued_by=by,
                                        expires_at=now + dt.timedelta(hours=settings.ACCOUNT_CLAIM_CODE_HOURS))
    audit_record(action="claim_code_issue", target_type="volunteer", target_id=volunteer.pk, region=volunteer.region,
                 actor=by, changes={"expires_at": claim.expires_at.isoformat()})
    return claim, code


def _claim_problems(*, id_number: str, code: str, phone: str, password: str) -> tuple[str, str, str]:
    problems = Problems()
    number = ""
    try:
        number = parse_resident_id(id_number).number
    except ValueError as exc:
        problems.add("id_number", exc.args[0])
    code = (code or "").strip().replace(" ", "")
    if not (len(code) == CLAIM_CODE_DIGITS and code.isdigit()):
        problems.add("code", gettext_lazy("the claim code is 8 digits"))
    try:
        phone = validate_phone(phone)
    except ValueError as exc:
        problems.add("phone", exc.args[0])
    for reason in password_problems(password or ""):
        problems.add("password", reason)
    problems.raise_if_any()
    return number, code, phone


def _claim_refused(key: str, volunteer: Volunteer | None) -> ValidationFailed:
    """A wrong ID number or code: counted against the person (locked at the limit), never saying which was wrong."""
    audit_record(action="claim_failed", target_type="volunteer", target_id=volunteer.pk if volunteer else "",
                 region=volunteer.region if volunteer else None)
    hour = 3600
    if throttle.record(key, limit=settings.ACCOUNT_CLAIM_FAILURE_LIMIT, window_seconds=hour, lock_seconds=hour):
        raise throttle.TooManyRequests(hour, gettext_lazy("Too many wrong codes: try again in an hour or ask the organiser"),
                                       code="locked")
    return ValidationFailed({"code": [gettext_lazy("the ID number or the claim code is wrong")]},
                            code="claim_invalid")


def _open_claim(volunteer: Volunteer | None, code: str) -> AccountClaim | None:
    if volunteer is None:
        return None
    wanted = _claim_hash(volunteer.pk, code)
    for claim in AccountClaim.objects.filter(volunteer=volunteer, used_at__isnull=True).order_by("-created_at")[:5]:
        if constant_time_compare(claim.code_hash, wanted):
            return claim
    return None


def account_claim(*, id_number: str, code: str, phone: str, password: str, ip: str = "") -> Volunteer:
    """The person registered on their behalf takes the account: their ID number and the organiser's code prove
    who they are; their own mobile becomes the login and they set the password. Tries are limited per address
    and per person (not in a transaction: a refused try must stay counted)."""
    throttle.rate_limit(f"claim:ip:{ip}", limit=settings.ACCOUNT_CLAIM_RATE_PER_HOUR, window_seconds=3600)
    number, code, phone = _claim_problems(id_number=id_number, code=code, phone=phone, password=password)
    id_hash = crypto.blind_index(number)
    volunteer = Volunteer.objects.select_related("user", "region").filter(id_number_hash=id_hash).first()
    key = f"claim:person:{id_hash[:32]}"
    throttle.check(key)
    claim = _open_claim(volunteer, code)
    if claim is None:
        raise _claim_refused(key, volunteer)
    if claim.expires_at <= timezone.now():
        raise Conflict(gettext_lazy("The claim code has expired: ask the organiser for a new one"),
                       code="claim_expired", fields={"code": [gettext_lazy("expired")]})
    volunteer = _claim_take(claim=claim, phone=phone, password=password)
    throttle.clear(key)
    return volunteer


@transaction.atomic
def _claim_take(*, claim: AccountClaim, phone: str, password: str) -> Volunteer:
    claim = AccountClaim.objects.select_for_update().select_related("volunteer__user", "volunteer__region") \
        .get(pk=claim.pk)
    volunteer, user = claim.volunteer, claim.volunteer.user
    if claim.used_at is not None or user.has_login:  # a concurrent claim with the same code won
        raise Conflict(gettext_lazy("This account has already been claimed"), code="already_claimed")
    if User.objects.filter(phone=phone).exclude(pk=user.pk).exists():
        raise _phone_taken(phone, proxy=False)
    user.phone = phone
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save(update_fields=["phone", "password"])
    except IntegrityError:  # the same number registered a moment ago
        raise _phone_taken(phone, proxy=False) from None
    claim.used_at = timezone.now()
    claim.save(update_fields=["used_at"])
    AccountClaim.objects.filter(volunteer=volunteer, used_at__isnull=True).exclude(pk=claim.pk) \
        .update(expires_at=claim.used_at)
    audit_record(action="account_claim", target_type="volunteer", target_id=volunteer.pk, region=volunteer.region,
                 actor=user, changes={"claim": claim.pk, "phone": phone})
    return volunteer
