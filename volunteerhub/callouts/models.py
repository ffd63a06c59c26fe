from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy, pgettext_lazy

from volunteerhub.core.models import TimeStampedModel
from volunteerhub.core.tenancy import CityScoped, SameCity, city_key


class CallOut(CityScoped, TimeStampedModel):
    """An emergency call to a filtered pool of volunteers; filled in the order answers arrive. Sent: not editable."""

    class Status(models.TextChoices):
        DRAFT = "draft", gettext_lazy("Draft")
        SENT = "sent", gettext_lazy("Sent")
        CLOSED = "closed", gettext_lazy("Closed")

    title = models.CharField("标题", max_length=128)
    message = models.TextField("动员内容")
    place = models.CharField("集合地点", max_length=255)
    region = models.ForeignKey("regions.Region", verbose_name="动员范围", on_delete=models.PROTECT, related_name="+")
    qualification = models.ForeignKey("volunteers.Qualification", verbose_name="所需资质", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    min_star_level = models.PositiveSmallIntegerField("最低星级", default=0)
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    needed = models.PositiveIntegerField("所需人数")
    deployed_count = models.PositiveIntegerField("已编入人数", default=0)
    remind_after_minutes = models.PositiveIntegerField("未回复再次提醒（分钟）", default=30)
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.DRAFT, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发起人", null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField("发出时间", null=True, blank=True)
    closed_at = models.DateTimeField("关闭时间", null=True, blank=True)

    class Meta:
        verbose_name = "应急动员"
        verbose_name_plural = "应急动员"
        ordering = ["-created_at", "-pk"]
        constraints = [
            city_key("callout"),
            models.CheckConstraint(condition=models.Q(deployed_count__lte=models.F("needed")),
                                   name="callout_not_overfilled"),
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                   name="callout_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_full(self) -> bool:
        return self.deployed_count >= self.needed


class Recipient(CityScoped, models.Model):
    """One volunteer of a call's pool: their answer, and whether they are deployed or released."""

    class Answer(models.TextChoices):
        NONE = "", gettext_lazy("No answer yet")
        YES = "yes", gettext_lazy("Can come")
        NO = "no", gettext_lazy("Cannot come")
        LATER = "later", gettext_lazy("Can come later")

    class Outcome(models.TextChoices):
        PENDING = "pending", gettext_lazy("Undecided")
        DEPLOYED = "deployed", gettext_lazy("Deployed")
        RELEASED = "released", gettext_lazy("Thanked and released")

    class Via(models.TextChoices):
        INBOX = "inbox", pgettext_lazy("variant-925f26b9", "Inbox")
        API = "api", gettext_lazy("Mini-program")
        SMS = "sms", gettext_lazy("Text-message reply")

    callout = models.ForeignKey(CallOut, verbose_name="应急动员", on_delete=models.CASCADE, related_name="recipients")
    volunteer = models.ForeignKey("volunteers.Volunteer", verbose_name="志愿者", on_delete=models.PROTECT,
                                  related_name="+")
    answer = models.CharField("回复", max_length=8, choices=Answer.choices, blank=True, default="")
    available_from = models.TimeField("可到达时间", null=True, blank=True)
    answered_at = models.DateTimeField("回复时间", null=True, blank=True)
    answered_via = models.CharField("回复方式", max_length=8, choices=Via.choices, blank=True)
    outcome = models.CharField("结果", max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    deployed_at = models.DateTimeField("编入时间", null=True, blank=True)
    reminded_at = models.DateTimeField("再次提醒时间", null=True, blank=True)

    class Meta:
        verbose_name = "动员对象"
        verbose_name_plural = "动员对象"
        ordering = ["callout_id", "deployed_at", "pk"]
        constraints = [
            SameCity("callout", name="recipient_callout_same_city"),
            models.UniqueConstraint(fields=["callout", "volunteer", "city_code"], name="callout_recipient_once"),
        ]
        indexes = [models.Index(fields=["callout", "outcome", "answer"], name="callout_recipient_state")]

    def __str__(self) -> str:
        return f"{self.volunteer_id} @ {self.callout_id}: {self.answer or '-'}"
