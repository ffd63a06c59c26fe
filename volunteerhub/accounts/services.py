from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction

from volunteerhub.accounts.models import ApiToken, Role, User
from volunteerhub.core import throttle
from volunteerhub.core.errors import Conflict, NotAuthenticated, ValidationFailed
from volunteerhub.core.i18n import Text
from volunteerhub.accounts.phones import validate_phone


def password_problems(password: str, *, user: User | None = None) -> list[Text]:
    try:
        validate_password(password, user=user)
    except DjangoValidationError as exc:
        return [Text("密码" + _zh_password_reason(e.code), " ".join(e.messages)) for e in exc.error_list]
    return []


def _zh_password_reason(code: str | None) -> str:
    return {
        "password_too_short": "至少8位",
        "password_too_common": "过于常见",
        "password_entirely_numeric": "不能全为数字",
        "password_too_similar": "与个人信息过于相似",
        "password_letters_digits": "须同时包含字母和数字",
    }.get(code or "", "不符合要求")


@transaction.atomic
def user_create(*, phone: str, password: str | None, role: str = Role.RESIDENT, region=None, team=None,
                display_name: str = "", is_staff: bool | None = None) -> User:
    """Create an account; admins get the back-office."""
    errors: dict[str, list] = {}
    try:
        phone = validate_phone(phone)
    except ValueError as exc:
        errors["phone"] = [exc.args[0]]
    if role not in Role.values:
        errors["role"] = [Text("角色无效", f"unknown role; one of {', '.join(Role.values)}")]
    if password is not None:
        if problems := password_problems(password):
            errors["password"] = problems
    if role in (Role.COUNTY_ADMIN, Role.CITY_ADMIN) and region is None:
        errors["region"] = [Text("管理员须指定管辖区划", "an administrator needs a region")]
    if errors:
        raise ValidationFailed(errors)
    if User.objects.filter(phone=phone).exists():
        raise Conflict(Text("该手机号已注册", "This mobile number is already registered"),
                       fields={"phone": [Text("已注册", "already registered")]})
    if is_staff is None:
        is_staff = role in (Role.COUNTY_ADMIN, Role.CITY_ADMIN, Role.ORGANIZER)
    user = User.objects.create_user(phone, password, role=role, region=region, team=team,
                                    display_name=display_name, is_staff=is_staff)
    if is_staff and role in BACKOFFICE_GROUPS:
        user.groups.add(backoffice_group(role))
    from volunteerhub.audit.services import audit_record

    audit_record(action="create", target_type="user", target_id=user.pk, region=region,
                 changes={"role": role, "team": team.pk if team else None, "staff": is_staff})
    return user


BACKOFFICE_GROUPS = {
    Role.CITY_ADMIN: ("市级管理员", {"view", "add", "change", "delete"}),
    Role.COUNTY_ADMIN: ("县区管理员", {"view", "add", "change", "delete"}),
    Role.ORGANIZER: ("队伍组织者", {"view", "change"}),
}


def backoffice_group(role: str):
    """The Django admin group of a role: rights on the platform's own models (rows are region-scoped)."""
    from django.contrib.auth.models import Group, Permission

    name, actions = BACKOFFICE_GROUPS[role]
    group, created = Group.objects.get_or_create(name=name)
    if created or not group.permissions.exists():
        perms = Permission.objects.filter(content_type__app_label__in=_platform_app_labels())
        group.permissions.set([p for p in perms if p.codename.split("_", 1)[0] in actions
                               and p.content_type.model != "apitoken"
                               and (p.content_type.model != "auditevent" or p.codename.startswith("view_"))])
    return group


def _platform_app_labels() -> list[str]:
    from django.apps import apps

    return [c.label for c in apps.get_app_configs() if c.name.startswith("volunteerhub.")]


def login_check(*, phone: str, password: str, ip: str = "") -> User:
    """Authenticate, counting failures: a mobile number (or an address) is locked after too many."""
    phone = (phone or "").strip()
    phone_key, ip_key = f"login:phone:{phone}", f"login:ip:{ip}"
    throttle.check(phone_key)
    throttle.check(ip_key)
    user = authenticate(phone=phone, password=password)
    if user is None:
        locked = throttle.record(phone_key, limit=settings.LOGIN_FAILURE_LIMIT, window_seconds=settings.LOGIN_LOCK_SECONDS,
                                 lock_seconds=settings.LOGIN_LOCK_SECONDS)
        throttle.record(ip_key, limit=settings.LOGIN_IP_FAILURE_LIMIT, window_seconds=settings.LOGIN_LOCK_SECONDS,
                        lock_seconds=settings.LOGIN_LOCK_SECONDS)
        if locked:
            raise throttle.TooManyRequests(settings.LOGIN_LOCK_SECONDS, Text(
                f"密码错误次数过多，账户已锁定{settings.LOGIN_LOCK_SECONDS // 60}分钟",
                f"Too many wrong passwords: locked for {settings.LOGIN_LOCK_SECONDS // 60} min"), code="locked")
        raise NotAuthenticated(Text("手机号或密码不正确", "Wrong mobile number or password"), code="bad_credentials")
    throttle.clear(phone_key)
    return user


def token_issue(*, phone: str, password: str, ip: str = "") -> str:
    """Check the credentials and return a new bearer token (shown once, stored hashed)."""
    user = login_check(phone=phone, password=password, ip=ip)
    key = ApiToken.new_key()
    ApiToken.objects.create(user=user, key_hash=ApiToken.hash_key(key))
    return key
