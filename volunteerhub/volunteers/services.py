"""Volunteer registration and profile changes."""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from volunteerhub.accounts.models import Role, User
from volunteerhub.regions.scope import can_manage_region
from volunteerhub.accounts.services import password_problems
from volunteerhub.audit.services import audit_record
from volunteerhub.core import crypto
from volunteerhub.core.errors import Conflict, PermissionDenied, ValidationFailed
from volunteerhub.geo.sphere import validate_lat_lng
from volunteerhub.core.i18n import Text
from volunteerhub.geo.spatial import cell_for
from volunteerhub.core.masking import mask_id_number
from volunteerhub.volunteers.identity import parse_resident_id
from volunteerhub.accounts.phones import validate_phone
from volunteerhub.regions.models import Region
from volunteerhub.stats.services import volunteer_count_add
from volunteerhub.volunteers.models import Qualification, Volunteer, VolunteerQualification

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
        problems.add("name", Text("姓名须为2至30个字符", "must be 2 to 30 characters"))
    return name


def _clean_region(code: str | None, problems: Problems, *, field_name: str = "region_code") -> Region | None:
    region = Region.objects.filter(code=(code or "").strip()).first()
    if region is None:
        problems.add(field_name, Text("行政区划代码不存在", "no region has this code"))
    return region


def _clean_skills(skills: list[str] | None, problems: Problems) -> list[str]:
    cleaned = sorted({s.strip() for s in (skills or []) if isinstance(s, str) and s.strip()})
    if len(cleaned) > MAX_SKILLS or any(len(s) > 32 for s in cleaned):
        problems.add("skills", Text("技能最多20项，每项不超过32字", "at most 20 skills of up to 32 characters"))
    return cleaned


def _clean_qualifications(codes: list[str] | None, problems: Problems) -> list[Qualification]:
    codes = sorted(set(codes or []))
    found = list(Qualification.objects.filter(code__in=codes))
    unknown = set(codes) - {q.code for q in found}
    if unknown:
        problems.add("qualifications", Text(f"未知的资质：{', '.join(sorted(unknown))}",
                                            f"unknown qualifications: {', '.join(sorted(unknown))}"))
    return found


def _clean_home(lat, lng, problems: Problems) -> tuple[float | None, float | None]:
    if lat is None and lng is None:
        return None, None
    if not validate_lat_lng(lat, lng):
        problems.add("home_lat", Text("住址坐标须成对给出且在有效范围内", "lat and lng must come together and be in range"))
        return None, None
    return lat, lng


def volunteer_number_for(volunteer: Volunteer) -> str:
    """Unified volunteer number: 6-digit county code, registration year, 8-digit serial."""
    codes = volunteer.region.path.strip("/").split("/")
    county = codes[1] if len(codes) > 1 else codes[0]
    return f"{county}{volunteer.created_at:%Y}{volunteer.pk:08d}"


@transaction.atomic
def volunteer_register(*, name: str, id_number: str, phone: str, region_code: str, password: str | None = None,
                       skills: list[str] | None = None, qualifications: list[str] | None = None,
                       home_lat: float | None = None, home_lng: float | None = None, team=None,
                       registered_by: User | None = None, channel: str | None = None,
                       password_hash: str | None = None) -> Volunteer:
    """Real-name registration, by the volunteer or by an organiser on their behalf (proxy)."""
    problems = Problems()
    name = _clean_name(name, problems)
    resident_id = None
    try:
        resident_id = parse_resident_id(id_number)
    except ValueError as exc:
        problems.add("id_number", exc.args[0])
    try:
        phone = validate_phone(phone)
    except ValueError as exc:
        problems.add("phone", exc.args[0])
    region = _clean_region(region_code, problems)
    skills = _clean_skills(skills, problems)
    quals = _clean_qualifications(qualifications, problems)
    home_lat, home_lng = _clean_home(home_lat, home_lng, problems)
    if registered_by is None and password is None and password_hash is None:
        problems.add("password", Text("本人注册须设置密码", "self-registration needs a password"))
    if password is not None:
        for reason in password_problems(password):
            problems.add("password", reason)
    problems.raise_if_any()

    if registered_by is not None and not can_manage_region(registered_by, region):
        raise PermissionDenied(Text("只能为本辖区的居民代为注册", "You may register volunteers only in your own region"))
    id_hash = crypto.blind_index(resident_id.number)
    if Volunteer.objects.filter(id_number_hash=id_hash).exists():
        raise Conflict(Text("该身份证号已注册为志愿者", "This ID number is already registered"),
                       code="duplicate_id_number", fields={"id_number": [Text("已注册", "already registered")]})
    if User.objects.filter(phone=phone).exists():
        raise Conflict(Text("该手机号已注册", "This mobile number is already registered"),
                       code="duplicate_phone", fields={"phone": [Text("已注册", "already registered")]})
    try:
        with transaction.atomic():
            user = User.objects.create_user(phone, password, role=Role.VOLUNTEER, region=region, display_name=name)
            if password_hash:
                user.password = password_hash
                user.save(update_fields=["password"])
            volunteer = Volunteer.objects.create(
                user=user, volunteer_number=f"tmp-{id_hash[:16]}", name=name,
                id_number_encrypted=crypto.encrypt(resident_id.number), id_number_hash=id_hash,
                id_number_masked=mask_id_number(resident_id.number), gender=resident_id.gender,
                birth_date=resident_id.birth_date, region=region, team=team, skills=skills,
                home_lat=home_lat, home_lng=home_lng, registered_by=registered_by,
                home_cell=cell_for(home_lat, home_lng) if home_lat is not None else None,
                channel=channel or (Volunteer.Channel.PROXY if registered_by else Volunteer.Channel.SELF),
            )
    except IntegrityError:  # a concurrent registration with the same ID number or phone won
        raise Conflict(Text("该身份证号或手机号已注册", "This ID number or mobile number is already registered"),
                       code="duplicate_id_number") from None
    volunteer.volunteer_number = volunteer_number_for(volunteer)
    volunteer.save(update_fields=["volunteer_number"])
    volunteer_count_add(region=region)  # the dashboard's kept count, in this transaction
    volunteer.qualifications.set(quals)
    audit_record(action="register", target_type="volunteer", target_id=volunteer.pk, region=region,
                 actor=registered_by or user, changes={"channel": volunteer.channel, "name": name,
                                                       "id_number_masked": volunteer.id_number_masked})
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
        volunteer.qualifications.set(quals)
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
        raise PermissionDenied(Text("只有本辖区的组织者和管理员可以核验资质", "Only organisers and admins in reach verify"))


@transaction.atomic
def qualification_verify(*, declaration: VolunteerQualification, by) -> VolunteerQualification:
    """An organiser or administrator in reach has seen the certificate: the qualification now opens gated work."""
    _check_verifier(declaration, by)
    declaration.verified_at, declaration.verified_by = timezone.now(), by
    declaration.save(update_fields=["verified_at", "verified_by"])
    audit_record(action="qualification_verify", target_type="volunteer", target_id=declaration.volunteer_id,
                 region=declaration.volunteer.region, actor=by, changes={"qualification": declaration.qualification_id})
    return declaration


@transaction.atomic
def qualification_reject(*, declaration: VolunteerQualification, by, reason: str) -> None:
    """A declaration that does not hold (no certificate, an expired one): removed, with the reason kept."""
    _check_verifier(declaration, by)
    if len((reason or "").strip()) < 2:
        raise ValidationFailed({"reason": [Text("须写明原因", "a reason is required")]})
    audit_record(action="qualification_reject", target_type="volunteer", target_id=declaration.volunteer_id,
                 region=declaration.volunteer.region, actor=by,
                 changes={"qualification": declaration.qualification_id, "reason": reason.strip()[:255]})
    declaration.delete()
