from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy, pgettext_lazy

from volunteerhub.accounts.phones import mask_contact_phone
from volunteerhub.core.models import TimeStampedModel
from volunteerhub.core.tenancy import CityScoped, SameCity, city_key


class Qualification(models.Model):
    """A professional qualification that some activities and needs require."""

    code = models.SlugField("代码", max_length=32, primary_key=True)
    name = models.CharField("名称", max_length=64)
    name_en = models.CharField("英文名", max_length=64)

    class Meta:
        verbose_name = "专业资质"
        verbose_name_plural = "专业资质"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Volunteer(CityScoped, TimeStampedModel):
    """A registered volunteer; the resident ID number is kept only encrypted, hashed and masked."""

    class Channel(models.TextChoices):
        SELF = "self", gettext_lazy("Registered themselves")
        PROXY = "proxy", gettext_lazy("Registered by someone else")
        IMPORT = "import", gettext_lazy("Imported in bulk")

    class Status(models.TextChoices):
        ACTIVE = "active", gettext_lazy("Active")
        SUSPENDED = "suspended", gettext_lazy("Suspended")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name="账户", on_delete=models.PROTECT,
                                related_name="volunteer")
    volunteer_number = models.CharField("志愿者编号", max_length=20, unique=True)
    name = models.CharField("姓名", max_length=64)
    id_number_encrypted = models.TextField("身份证号（密文）")
    id_number_hash = models.CharField("身份证号索引", max_length=64, unique=True)
    id_number_masked = models.CharField("身份证号", max_length=18)
    gender = models.CharField("性别", max_length=6, choices=[("male", "男"), ("female", "女")])
    birth_date = models.DateField("出生日期")
    region = models.ForeignKey("regions.Region", verbose_name="居住区划", on_delete=models.PROTECT,
                               related_name="volunteers")
    team = models.ForeignKey("organizations.Team", verbose_name="所属队伍", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="volunteers")
    skills = models.JSONField("技能特长", default=list, blank=True)
    qualifications = models.ManyToManyField(Qualification, verbose_name="专业资质", blank=True,
                                            related_name="volunteers", through="VolunteerQualification")
    home_lat = models.FloatField("住址纬度 (WGS-84)", null=True, blank=True)
    home_lng = models.FloatField("住址经度 (WGS-84)", null=True, blank=True)
    home_cell = models.BigIntegerField("住址空间网格", null=True, blank=True, db_index=True, editable=False)
    channel = models.CharField("注册方式", max_length=8, choices=Channel.choices, default=Channel.SELF)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="代注册人", null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    # Someone to reach a person without a mobile of their own (a family member, the village clinic): not a login,
    # and several people may share it.
    contact_phone = models.CharField("联系电话", max_length=32, blank=True, default="", db_default="")
    contact_name = models.CharField("联系人", max_length=32, blank=True, default="", db_default="",
                                    help_text="如：女儿、村卫生室")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.ACTIVE)
    show_name_publicly = models.BooleanField("公开显示姓名", default=False)

    class Meta:
        verbose_name = "志愿者"
        verbose_name_plural = "志愿者"
        ordering = ["-created_at"]
        constraints = [
            city_key("volunteer"),
            SameCity("team", name="volunteer_team_same_city"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.volunteer_number}）"

    @property
    def phone(self) -> str:
        return self.user.phone

    @property
    def contact_phone_masked(self) -> str:
        return mask_contact_phone(self.contact_phone)


class VolunteerQualification(CityScoped, models.Model):
    """A qualification a volunteer declared, as a credential (number, valid-until date, a scan). It opens gated
    activities and needs only once an organiser or an administrator in reach has verified it (who and when are
    kept), and only for service on a day it is still valid. A rejected one is kept with who, when and why."""

    volunteer = models.ForeignKey(Volunteer, verbose_name="志愿者", on_delete=models.CASCADE)
    qualification = models.ForeignKey(Qualification, verbose_name="专业资质", on_delete=models.CASCADE)
    number = models.CharField("证书编号", max_length=64, blank=True, default="", db_default="")
    valid_until = models.DateField("有效期至", null=True, blank=True, help_text="最后有效的一天；空为长期有效")
    scan = models.FileField("证书扫描件", upload_to="credentials/%Y/%m/", blank=True, default="", db_default="")
    verified_at = models.DateTimeField("核验时间", null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="核验人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    rejected_at = models.DateTimeField("驳回时间", null=True, blank=True)
    rejected_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="驳回人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reject_reason = models.CharField("驳回原因", max_length=255, blank=True, default="", db_default="")
    # The valid-until date the scheduled job last reminded of, and last acted on at expiry: a renewal (a new
    # date) is reminded of and acted on again; the same date never twice.
    reminded_for = models.DateField("已提醒的有效期", null=True, blank=True, editable=False)
    expiry_done_for = models.DateField("已处理的到期日", null=True, blank=True, editable=False)

    class Meta:
        db_table = "volunteers_volunteer_qualifications"  # the table the plain many-to-many kept
        verbose_name = "志愿者资质"
        verbose_name_plural = "志愿者资质"
        unique_together = [("volunteer", "qualification", "city_code")]
        constraints = [
            SameCity("volunteer", name="volunteerqualification_volunteer_same_city"),
        ]

    @property
    def status(self) -> str:
        return "rejected" if self.rejected_at else "verified" if self.verified_at else "pending"

    def valid_on(self, day) -> bool:
        """Verified, not rejected, and not expired on that day."""
        return self.status == "verified" and (self.valid_until is None or self.valid_until >= day)


class AccountClaim(CityScoped, models.Model):
    """A one-time code an organiser hands to a person registered on their behalf: with it and their ID number they
    take the account with a mobile number and a password of their own. Only a keyed hash of the code is kept."""

    volunteer = models.ForeignKey(Volunteer, verbose_name="志愿者", on_delete=models.CASCADE, related_name="claims")
    code_hash = models.CharField("认领码（哈希）", max_length=64)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发放人", null=True,
                                  on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("发放时间", auto_now_add=True)
    expires_at = models.DateTimeField("失效时间")
    used_at = models.DateTimeField("使用时间", null=True, blank=True)

    class Meta:
        verbose_name = "账户认领码"
        verbose_name_plural = "账户认领码"
        indexes = [models.Index(fields=["volunteer", "used_at"], name="account_claim_open")]
        constraints = [
            SameCity("volunteer", name="accountclaim_volunteer_same_city"),
        ]


class TeamJoinRequest(CityScoped, models.Model):
    """A volunteer asks to join a team; the team's organiser confirms or declines (with a reason)."""

    class Status(models.TextChoices):
        PENDING = "pending", gettext_lazy("Waiting for the organiser")
        ACCEPTED = "accepted", gettext_lazy("Joined")
        DECLINED = "declined", pgettext_lazy("variant-349c9e63", "Declined")

    volunteer = models.ForeignKey(Volunteer, verbose_name="志愿者", on_delete=models.CASCADE, related_name="join_requests")
    team = models.ForeignKey("organizations.Team", verbose_name="队伍", on_delete=models.CASCADE, related_name="+")
    message = models.CharField("留言", max_length=200, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField("未通过原因", max_length=255, blank=True)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="处理人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "入队申请"
        verbose_name_plural = "入队申请"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["volunteer", "team", "city_code"], condition=models.Q(status="pending"),
                                    name="team_join_one_pending"),
            SameCity("team", name="teamjoinrequest_team_same_city"),
        ]
