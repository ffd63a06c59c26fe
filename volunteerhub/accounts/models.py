import hashlib
import secrets

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext, gettext_lazy


class Role(models.TextChoices):
    RESIDENT = "resident", gettext_lazy("Resident")
    VOLUNTEER = "volunteer", gettext_lazy("Volunteer")
    ORGANIZER = "organizer", gettext_lazy("Team organiser")
    COUNTY_ADMIN = "county_admin", gettext_lazy("County administrator")
    CITY_ADMIN = "city_admin", gettext_lazy("City administrator")
    # A hotline operator, village doctor or grid worker: records needs for people without a smartphone and
    # follows them by phone, in their region; no other managing rights (not in the back-office).
    OPERATOR = "operator", gettext_lazy("Hotline operator")


ADMIN_ROLES = {Role.COUNTY_ADMIN, Role.CITY_ADMIN}


class LoginPhoneField(models.CharField):
    """The mobile number one signs in with. A person registered on their behalf may have none yet: Python sees
    "", the database keeps NULL, so any number of such accounts stand beside the unique logins and "" finds none."""

    def from_db_value(self, value, expression, connection):
        return "" if value is None else value

    def to_python(self, value):
        return "" if value is None else super().to_python(value)

    def get_db_prep_save(self, value, connection):
        """Only what is written becomes NULL: a look-up of "" stays "" and so matches no account."""
        value = super().get_db_prep_save(value, connection)
        return None if value in ("", None) else value


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, phone: str, password: str | None = None, **extra):
        user = self.model(phone=phone, **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, phone: str, password: str | None = None, **extra):
        extra.setdefault("role", Role.CITY_ADMIN)
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(phone, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """An account; logs in with a mobile number. Role and region set what it may reach."""

    phone = LoginPhoneField("手机号", max_length=11, unique=True, null=True, blank=True,
                            help_text="登录用手机号；代为注册且尚未认领的账户没有")
    display_name = models.CharField("姓名/昵称", max_length=64, blank=True)
    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.RESIDENT, db_index=True)
    region = models.ForeignKey("regions.Region", verbose_name="管辖/所在区划", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey("organizations.Team", verbose_name="所属队伍", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="organizers")
    is_active = models.BooleanField("启用", default=True)
    is_staff = models.BooleanField("可登录后台", default=False)
    date_joined = models.DateTimeField("注册时间", default=timezone.now)
    # Moved by "sign out everywhere", a password change and a change of rights: every signed-in browser
    # session of the account ends on its next request (it is part of the session's check of the account).
    sessions_epoch = models.PositiveIntegerField("登录会话版本", default=0, db_default=0, editable=False)

    objects = UserManager()
    USERNAME_FIELD = "phone"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = "账户"
        verbose_name_plural = "账户"

    def __str__(self) -> str:
        from volunteerhub.core.masking import mask_phone

        phone = mask_phone(self.phone) if self.phone else gettext("no mobile number")
        name = self.display_name or gettext("User")
        return f"{name}（{phone}）"

    def get_session_auth_hash(self) -> str:
        """Django's check that a session still belongs to this account, which sign-outs everywhere also move."""
        return salted_hmac("volunteerhub.sessions", f"{super().get_session_auth_hash()}:{self.sessions_epoch}",
                           algorithm="sha256").hexdigest()

    @property
    def has_login(self) -> bool:
        """Whether the person can sign in themself: a mobile number of their own and a password."""
        return bool(self.phone) and self.has_usable_password()

    @property
    def is_admin(self) -> bool:
        return self.role in ADMIN_ROLES or self.is_superuser

    def reach_path(self) -> str | None:
        """The region path prefix of everything this account may see and manage ("/": everywhere), or None."""
        if self.is_superuser:
            return "/"
        region = self.managed_region()
        return region.path if region is not None else None

    def managed_region(self):
        """The root of the region subtree this account manages (an organiser: its team's region), or None."""
        if self.role in ADMIN_ROLES:
            return self.region
        if self.role == Role.ORGANIZER:
            return self.team.region if self.team_id else self.region
        return None


class ApiToken(models.Model):
    """A bearer token for the API (mini-program, scripts); only its hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API令牌"
        verbose_name_plural = "API令牌"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return secrets.token_urlsafe(32)


class WeChatIdentity(models.Model):
    """A mini-program user (openid, and unionid when the app is in an open platform) bound to an account."""

    user = models.OneToOneField(User, verbose_name="账户", on_delete=models.CASCADE,
                                related_name="wechat_identity")
    app_id = models.CharField("小程序 AppID", max_length=32)
    openid = models.CharField("OpenID", max_length=64)
    unionid = models.CharField("UnionID", max_length=64, blank=True)
    created_at = models.DateTimeField("绑定时间", auto_now_add=True)
    last_login_at = models.DateTimeField("最近登录", null=True, blank=True)

    class Meta:
        db_table = "notifications_wechatidentity"  # made by the notifications app before it moved here
        verbose_name = "微信身份"
        verbose_name_plural = "微信身份"
        constraints = [models.UniqueConstraint(fields=["app_id", "openid"], name="wechat_identity_unique_openid")]

    def __str__(self) -> str:
        return f"{self.openid[:6]}…（#{self.user_id}）"


class PolicyText(models.Model):
    """One version of the user agreement (用户协议) or the privacy policy (隐私政策); a new version asks again."""

    class Kind(models.TextChoices):
        TERMS = "terms", gettext_lazy("User agreement")
        PRIVACY = "privacy", gettext_lazy("Privacy policy")

    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    version = models.PositiveIntegerField("版本")
    title = models.CharField("标题", max_length=64)
    body = models.TextField("正文")
    published_at = models.DateTimeField("发布时间", default=timezone.now)

    class Meta:
        verbose_name = "用户协议与隐私政策"
        verbose_name_plural = "用户协议与隐私政策"
        ordering = ["kind", "-version"]
        constraints = [models.UniqueConstraint(fields=["kind", "version"], name="policy_text_unique_version")]

    def __str__(self) -> str:
        return f"{self.title}（第{self.version}版）"


class PolicyConsent(models.Model):
    """A person's consent to the agreement and privacy policy of given versions, with the separate consents PIPL
    asks for sensitive personal information (the ID number) and for location; kept, never edited."""

    user = models.ForeignKey(User, verbose_name="账户", on_delete=models.CASCADE, related_name="policy_consents")
    terms_version = models.PositiveIntegerField("用户协议版本")
    privacy_version = models.PositiveIntegerField("隐私政策版本")
    sensitive_id_number = models.BooleanField("同意处理身份证号（敏感个人信息）")
    location = models.BooleanField("同意处理位置信息")
    consented_at = models.DateTimeField("同意时间", default=timezone.now)
    ip = models.CharField("IP地址", max_length=45, blank=True)
    user_agent = models.CharField("浏览器", max_length=255, blank=True)

    class Meta:
        verbose_name = "协议同意记录"
        verbose_name_plural = "协议同意记录"
        ordering = ["-consented_at"]
        indexes = [models.Index(fields=["user", "-consented_at"], name="policy_consent_user_latest")]


class PhoneCode(models.Model):
    """A 6-digit code texted to a mobile (registration, a forgotten password); only its keyed hash is kept."""

    class Purpose(models.TextChoices):
        REGISTER = "register", gettext_lazy("Registration")
        PASSWORD = "password", gettext_lazy("Password reset")

    phone = models.CharField("手机号", max_length=11)
    purpose = models.CharField("用途", max_length=10, choices=Purpose.choices)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField("发送时间", default=timezone.now)
    expires_at = models.DateTimeField("失效时间")
    wrong_tries = models.PositiveSmallIntegerField("错误次数", default=0)
    used_at = models.DateTimeField("使用/作废时间", null=True, blank=True)

    class Meta:
        verbose_name = "短信验证码"
        verbose_name_plural = "短信验证码"
        indexes = [models.Index(fields=["phone", "purpose", "-created_at"], name="phone_code_latest")]

    @staticmethod
    def hash_code(*, phone: str, purpose: str, code: str) -> str:
        return salted_hmac("volunteerhub.phone_code", f"{phone}:{purpose}:{code}", algorithm="sha256").hexdigest()
