import re

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy, pgettext_lazy

from volunteerhub.accounts.codes import WRONG_OR_EXPIRED, phone_code_check, phone_code_send, phone_code_use
from volunteerhub.accounts.models import ApiToken, Role, User, WeChatIdentity
from volunteerhub.accounts.wechat import Session, WeChatApi, WeChatError, WeChatUnavailable
from volunteerhub.accounts.wechat import enabled as wechat_enabled
from volunteerhub.audit.services import audit_record
from volunteerhub.core import throttle
from volunteerhub.core.errors import ApplicationError, Conflict, NotAuthenticated, ValidationFailed
from volunteerhub.core.i18n import Text, localized
from volunteerhub.accounts.phones import validate_phone


def password_problems(password: str, *, user: User | None = None) -> list[Text]:
    try:
        validate_password(password, user=user)
    except DjangoValidationError as exc:
        return [localized("密码" + _zh_password_reason(e.code), " ".join(e.messages)) for e in exc.error_list]
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
        errors["role"] = [format_lazy(pgettext_lazy("variant-edd76331", "unknown role; one of {join}"), join=', '.join(Role.values))]
    if password is not None:
        if problems := password_problems(password):
            errors["password"] = problems
    if role in (Role.COUNTY_ADMIN, Role.CITY_ADMIN, Role.OPERATOR) and region is None:
        errors["region"] = [gettext_lazy("an administrator or operator needs a region")]
    if errors:
        raise ValidationFailed(errors)
    if User.objects.filter(phone=phone).exists():
        raise Conflict(gettext_lazy("This mobile number is already registered"),
                       fields={"phone": [gettext_lazy("already registered")]})
    if is_staff is None:
        is_staff = role in (Role.COUNTY_ADMIN, Role.CITY_ADMIN, Role.ORGANIZER)
    user = User.objects.create_user(phone, password, role=role, region=region, team=team,
                                    display_name=display_name, is_staff=is_staff)
    if is_staff and role in BACKOFFICE_GROUPS:
        user.groups.add(backoffice_group(role))
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
    """Authenticate, counting failures per mobile number and per address. A locked number is refused even with
    the right password; a locked address only refuses wrong passwords (many people share a proxy's address).
    Every attempt goes to the audit trail."""
    phone = (phone or "").strip()
    phone_key, ip_key = f"login:phone:{phone}", f"login:ip:{ip}"
    throttle.check(phone_key)
    user = authenticate(phone=phone, password=password)
    if user is None:
        _login_failed(phone, phone_key, ip_key)
    throttle.clear(phone_key)
    audit_record(action="login", target_type="user", target_id=user.pk, actor=user, region=user.region)
    return user


def _login_failed(phone: str, phone_key: str, ip_key: str):
    known = User.objects.filter(phone=phone).values_list("pk", flat=True).first()
    typed = phone if re.fullmatch(r"1[3-9]\d{9}", phone or "", re.ASCII) else "（非手机号 not a mobile number）"  # a password?
    audit_record(action="login_failed", target_type="user", target_id=known or "", changes={"mobile": typed})
    throttle.check(ip_key)
    window = settings.LOGIN_LOCK_SECONDS
    locked = throttle.record(phone_key, limit=settings.LOGIN_FAILURE_LIMIT, window_seconds=window, lock_seconds=window)
    throttle.record(ip_key, limit=settings.LOGIN_IP_FAILURE_LIMIT, window_seconds=window, lock_seconds=window)
    if locked:
        raise throttle.TooManyRequests(window, format_lazy(gettext_lazy("Too many wrong passwords: locked for {value} min"), value=window // 60),
                                       code="locked")
    raise NotAuthenticated(gettext_lazy("Wrong mobile number or password"), code="bad_credentials")


@transaction.atomic
def account_sign_out_everywhere(*, user: User, reason: str = "sign_out_everywhere") -> int:
    """End every bearer token and every browser session of the account, from their next request on."""
    deleted, _ = ApiToken.objects.filter(user=user).delete()
    User.objects.filter(pk=user.pk).update(sessions_epoch=F("sessions_epoch") + 1)
    audit_record(action=reason, target_type="user", target_id=user.pk, actor=user, region=user.region,
                 changes={"tokens": deleted})
    return deleted


@transaction.atomic
def password_change(*, user: User, old_password: str, new_password: str) -> None:
    """A new password for the account; the old one must be given, and every device signs in again."""
    if not user.check_password(old_password or ""):
        raise ValidationFailed({"old_password": [gettext_lazy("the current password is wrong")]})
    if problems := password_problems(new_password or "", user=user):
        raise ValidationFailed({"new_password": problems})
    user.set_password(new_password)
    user.save(update_fields=["password"])
    account_sign_out_everywhere(user=user, reason="password_change")


def token_revoke(*, key: str) -> int:
    """Sign out the device holding this bearer token: refused from the very next request, in every process."""
    deleted, _ = ApiToken.objects.filter(key_hash=ApiToken.hash_key(key)).delete()
    return deleted


def token_issue(*, phone: str, password: str, ip: str = "") -> str:
    """Check the credentials and return a new bearer token (shown once, stored hashed)."""
    user = login_check(phone=phone, password=password, ip=ip)
    key = ApiToken.new_key()
    ApiToken.objects.create(user=user, key_hash=ApiToken.hash_key(key))
    return key


# --- WeChat login -------------------------------------------------------------------------------------

CODE_ERRORS = {40029, 40163, 40226}  # invalid code, code already used, high-risk user blocked


def wechat_login(*, code: str, user: User | None = None, phone: str = "", password: str = "", ip: str = "") -> str:
    """Log in with a wx.login code; a signed-in user (token, or phone and password) binds it. Returns a token."""
    code = (code or "").strip()
    if not 1 <= len(code) <= 128:
        raise ValidationFailed({"code": [gettext_lazy("the wx.login code is missing")]})
    if not wechat_enabled():
        raise ApplicationError(gettext_lazy("WeChat login is not enabled"), code="wechat_disabled", status=503)
    if user is None and phone:
        user = login_check(phone=phone, password=password, ip=ip)
    session = _code2session(code)
    return _wechat_session_login(session=session, user=user)


def _code2session(code: str) -> Session:
    try:
        return WeChatApi().code2session(code)
    except WeChatError as exc:
        if exc.code in CODE_ERRORS:
            raise ValidationFailed({"code": [gettext_lazy("The code is invalid or used: call wx.login again")]},
                                   code="wechat_code_invalid") from exc
        raise ApplicationError(format_lazy(pgettext_lazy("variant-22502d57", "WeChat answered error {code}"), code=exc.code),
                               code="wechat_error", status=502) from exc
    except WeChatUnavailable as exc:
        raise ApplicationError(gettext_lazy("WeChat is unavailable, try again later"),
                               code="wechat_unavailable", status=503) from exc


@transaction.atomic
def _wechat_session_login(*, session: Session, user: User | None) -> str:
    identity = WeChatIdentity.objects.select_for_update().select_related("user") \
        .filter(app_id=settings.WECHAT_APP_ID, openid=session.openid).first()
    if user is None:
        if identity is None:
            raise Conflict(gettext_lazy("This WeChat user is not bound: send a new code with your phone and password (or a bearer token) to bind it"), code="wechat_not_bound")
        user = identity.user
        if not user.is_active:
            raise NotAuthenticated(gettext_lazy("The account is disabled"), code="account_disabled")
    elif identity is not None and identity.user_id != user.pk:
        raise Conflict(gettext_lazy("This WeChat user is bound to another account"),
                       code="wechat_bound_elsewhere")
    elif identity is None:
        WeChatIdentity.objects.filter(user=user).delete()  # one WeChat per account: a new one replaces the old
        identity = WeChatIdentity(user=user, app_id=settings.WECHAT_APP_ID, openid=session.openid)
        audit_record(action="wechat_bind", target_type="user", target_id=user.pk, actor=user)
    identity.unionid = session.unionid or identity.unionid
    identity.last_login_at = timezone.now()
    identity.save()
    key = ApiToken.new_key()
    ApiToken.objects.create(user=user, key_hash=ApiToken.hash_key(key))
    return key


@transaction.atomic
def wechat_unbind(*, user: User) -> int:
    deleted, _ = WeChatIdentity.objects.filter(user=user).delete()
    if deleted:
        audit_record(action="wechat_unbind", target_type="user", target_id=user.pk, actor=user)
    return deleted


# --- a forgotten password, by a code texted to the mobile -----------------------------------------------

PASSWORD_CODE_SENT = gettext_lazy("If this mobile is registered, a code is on its way (valid 10 min)")


def password_reset_code_send(*, phone: str, ip: str) -> None:
    """The same answer whether or not the mobile has an account; only an account's mobile gets a text."""
    try:
        clean = validate_phone(phone)
    except ValueError:
        clean = ""  # phone_code_send names the mistake
    has_account = bool(clean) and User.objects.filter(phone=clean, is_active=True).exists()
    phone_code_send(phone=phone, purpose="password", ip=ip, deliver=has_account)


def password_reset(*, phone: str, code: str, new_password: str) -> None:
    """A new password with a code texted to the account's mobile; every device of the account signs in again.
    A mobile without an account gets the same refusal as a wrong code."""
    checked = phone_code_check(phone=phone, purpose="password", code=code)
    user = User.objects.filter(phone=checked.phone, is_active=True).first()
    if user is None:
        raise ValidationFailed({"sms_code": [WRONG_OR_EXPIRED]}, code="sms_code_invalid")
    if problems := password_problems(new_password or "", user=user):
        raise ValidationFailed({"new_password": problems})
    _password_reset_write(user=user, checked=checked, new_password=new_password)


@transaction.atomic
def _password_reset_write(*, user: User, checked, new_password: str) -> None:
    phone_code_use(code=checked)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    throttle.clear(f"login:phone:{user.phone}")  # a locked-out person who proved the mobile signs in again
    account_sign_out_everywhere(user=user, reason="password_reset")


def account_text(*, user: User, text: str, key: str) -> bool:
    """A text message to the account's own mobile after the current transaction commits (a decision the person
    waits for); nothing for an account without one. Sent by the SMS adapter (settings.SMS_CODE_SENDER)."""
    if not user.phone:
        return False
    sender = import_string(settings.SMS_CODE_SENDER)
    transaction.on_commit(lambda: sender(phone=user.phone, text=f"【{settings.SMS_SIGN}】{text}", key=key))
    return True
