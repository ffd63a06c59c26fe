from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy

from volunteerhub.core.tenancy import CityScoped, SameCity, city_key


class AgreementText(models.Model):
    """One version of a service agreement (志愿服务条例 Art. 14) for a kind of service, or for all kinds (kind "")."""

    kind = models.CharField("服务类型（空：全部）", max_length=20, blank=True, db_index=True)
    version = models.PositiveIntegerField("版本")
    title = models.CharField("标题", max_length=128)
    body = models.TextField("协议正文")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发布人", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    published_at = models.DateTimeField("发布时间", auto_now_add=True)

    class Meta:
        verbose_name = "服务协议文本"
        verbose_name_plural = "服务协议文本"
        ordering = ["kind", "-version"]
        constraints = [models.UniqueConstraint(fields=["kind", "version"], name="agreement_kind_version_unique")]

    def __str__(self) -> str:
        return f"{self.title}（第{self.version}版）"


class Signature(CityScoped, models.Model):
    """A volunteer's signature in the app: which version, when, by which account, from which address."""

    text = models.ForeignKey(AgreementText, verbose_name="协议版本", on_delete=models.PROTECT, related_name="signatures")
    volunteer = models.ForeignKey("volunteers.Volunteer", verbose_name="志愿者", on_delete=models.CASCADE,
                                  related_name="+")
    account = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="签署账户", on_delete=models.PROTECT,
                                related_name="+")
    signed_at = models.DateTimeField("签署时间")
    ip_address = models.GenericIPAddressField("签署地址", null=True, blank=True)

    class Meta:
        verbose_name = "协议签署记录"
        verbose_name_plural = "协议签署记录"
        indexes = [models.Index(fields=["volunteer", "text", "signed_at"], name="signature_volunteer_text")]
        constraints = [
            SameCity("volunteer", name="signature_volunteer_same_city"),
        ]


class GuardianConsent(CityScoped, models.Model):
    """A guardian's consent for a volunteer under 18, recorded by an organiser; under 14 it also covers the
    processing of the child's personal information (PIPL Art. 31)."""

    class Relation(models.TextChoices):
        FATHER = "father", gettext_lazy("Father")
        MOTHER = "mother", gettext_lazy("Mother")
        OTHER = "other", gettext_lazy("Other guardian")

    volunteer = models.ForeignKey("volunteers.Volunteer", verbose_name="志愿者", on_delete=models.CASCADE,
                                  related_name="+")
    guardian_name = models.CharField("监护人姓名", max_length=64)
    relation = models.CharField("关系", max_length=12, choices=Relation.choices)
    guardian_phone = models.CharField("监护人电话", max_length=24)
    covers_personal_information = models.BooleanField("同意处理未成年人个人信息（个人信息保护法第31条）", default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "监护人同意"
        verbose_name_plural = "监护人同意"
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            SameCity("volunteer", name="guardianconsent_volunteer_same_city"),
        ]
