"""The service-hour ledger: entries and decisions are append-only; totals are kept beside them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy, pgettext_lazy

from volunteerhub.core.tenancy import CityScoped, SameCity, city_key


class AppendOnlyError(Exception):
    """Raised by any attempt to change or remove a ledger row: corrections are new rows."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model.__name__} rows are append-only: add a correction entry instead")

    def delete(self):
        raise AppendOnlyError(f"{self.model.__name__} rows are append-only: add a correction entry instead")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError(f"{self.model.__name__} rows are append-only")

    def update_or_create(self, *args, **kwargs):
        raise AppendOnlyError(f"{self.model.__name__} rows are append-only")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} #{self.pk} is append-only and cannot be changed")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{type(self).__name__} #{self.pk} is append-only and cannot be deleted")


class LedgerEntry(CityScoped, AppendOnlyModel):
    """Hours served, as computed from check-in/out, or a correction or back-filled record (补录)."""

    class Kind(models.TextChoices):
        SERVICE = "service", gettext_lazy("Check-in and check-out")
        CORRECTION = "correction", gettext_lazy("Correction")
        BACKFILL = "backfill", gettext_lazy("Back-fill")
        HOME_SERVICE = "home_service", gettext_lazy("Home service")

    class Category(models.TextChoices):
        """What the hours were for: service, or training (kept apart, 2020 Measures), whatever the entry's origin."""

        SERVICE = "service", gettext_lazy("Volunteer service")
        TRAINING = "training", gettext_lazy("Training")

    volunteer = models.ForeignKey("volunteers.Volunteer", verbose_name="志愿者", on_delete=models.PROTECT,
                                  related_name="ledger_entries")
    activity = models.ForeignKey("activities.Activity", verbose_name="活动", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="ledger_entries")
    signup = models.ForeignKey("activities.SignUp", verbose_name="报名", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="ledger_entries")
    team = models.ForeignKey("organizations.Team", verbose_name="记录队伍", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="ledger_entries")
    region = models.ForeignKey("regions.Region", verbose_name="区划", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类型", max_length=12, choices=Kind.choices, default=Kind.SERVICE)
    category = models.CharField("性质", max_length=10, choices=Category.choices, default=Category.SERVICE)
    corrects = models.ForeignKey("self", verbose_name="更正的记录", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="corrections")
    served_on = models.DateField("服务日期", db_index=True)
    started_at = models.DateTimeField("开始", null=True, blank=True)
    ended_at = models.DateTimeField("结束", null=True, blank=True)
    minutes = models.IntegerField("实际分钟数")
    hours = models.DecimalField("计入时长（小时）", max_digits=7, decimal_places=2)
    rounding_rule = models.CharField("取整规则", max_length=16)
    content = models.CharField("服务内容", max_length=255, blank=True)
    evidence = models.JSONField("服务凭证", default=dict, blank=True,
                                help_text="what proves the service: the resident's confirmation, photos, a link to its record")
    reason = models.CharField("更正/补录原因", max_length=255, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("记录时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "服务时长记录"
        verbose_name_plural = "服务时长记录"
        ordering = ["created_at", "pk"]
        constraints = [
            city_key("ledgerentry"),
            SameCity("activity", name="ledgerentry_activity_same_city"),
            SameCity("signup", name="ledgerentry_signup_same_city"),
            SameCity("team", name="ledgerentry_team_same_city"),
            SameCity("corrects", name="ledgerentry_corrects_same_city"),
            models.UniqueConstraint(fields=["signup", "city_code"], condition=models.Q(kind="service"),
                                    name="ledger_one_service_entry_per_signup"),
            models.CheckConstraint(condition=models.Q(kind="service") | ~models.Q(reason=""),
                                   name="ledger_correction_has_reason"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.volunteer_id} {self.hours}h ({self.kind})"


class LedgerDecision(CityScoped, AppendOnlyModel):
    """The one approval or rejection of an entry, recorded beside it: the entry is never changed."""

    class Decision(models.TextChoices):
        APPROVED = "approved", pgettext_lazy("variant-f852d91e", "Approved")
        REJECTED = "rejected", gettext_lazy("Rejected")

    entry = models.OneToOneField(LedgerEntry, verbose_name="时长记录", on_delete=models.PROTECT,
                                 related_name="decision")
    decision = models.CharField("审核结果", max_length=10, choices=Decision.choices)
    note = models.CharField("审核意见", max_length=255, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("审核时间", auto_now_add=True)

    class Meta:
        verbose_name = "时长审核"
        verbose_name_plural = "时长审核"
        ordering = ["created_at", "pk"]
        constraints = [
            SameCity("entry", name="ledgerdecision_entry_same_city"),
        ]


class VolunteerHours(CityScoped, models.Model):
    """Kept totals of a volunteer's approved hours, so reading them never sums the ledger.

    approved_hours is what counts (service, plus training where TRAINING_COUNTS_AS_SERVICE): star levels,
    leaderboards and certificates read it; service_hours and training_hours keep the two apart.
    """

    volunteer = models.OneToOneField("volunteers.Volunteer", verbose_name="志愿者", on_delete=models.PROTECT,
                                     primary_key=True, related_name="hours_total")
    approved_hours = models.DecimalField("累计时长（小时）", max_digits=10, decimal_places=2, default=0)
    approved_entries = models.IntegerField("已审核记录数", default=0)
    service_hours = models.DecimalField("累计服务时长（小时）", max_digits=10, decimal_places=2, default=0)
    training_hours = models.DecimalField("累计培训时长（小时）", max_digits=10, decimal_places=2, default=0)
    training_entries = models.IntegerField("已审核培训记录数", default=0)
    star_level = models.PositiveSmallIntegerField("星级", default=0)
    star_level_announced = models.PositiveSmallIntegerField("已通知的最高星级", default=0)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "志愿者累计时长"
        verbose_name_plural = "志愿者累计时长"
        # The leaderboard: top volunteers by approved hours, ties by volunteer (an index scan, no sort).
        indexes = [models.Index(fields=["-approved_hours", "volunteer"], name="volunteer_hours_top")]
        constraints = [
            SameCity("volunteer", name="volunteerhours_volunteer_same_city"),
        ]


class TeamHours(CityScoped, models.Model):
    """Kept total of the approved hours recorded by a team."""

    team = models.OneToOneField("organizations.Team", verbose_name="队伍", on_delete=models.PROTECT,
                                primary_key=True, related_name="hours_total")
    approved_hours = models.DecimalField("累计时长（小时）", max_digits=12, decimal_places=2, default=0)
    approved_entries = models.IntegerField("已审核记录数", default=0)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "队伍累计时长"
        verbose_name_plural = "队伍累计时长"
        constraints = [
            SameCity("team", name="teamhours_team_same_city"),
        ]


class CorrectionRequest(CityScoped, models.Model):
    """A volunteer asks for an error or gap in their record to be corrected (2020 Measures)."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("variant-59a9eb4e", "Open")
        RESOLVED = "resolved", gettext_lazy("Resolved")
        DECLINED = "declined", gettext_lazy("Declined")

    volunteer = models.ForeignKey("volunteers.Volunteer", verbose_name="志愿者", on_delete=models.PROTECT,
                                  related_name="correction_requests")
    entry = models.ForeignKey(LedgerEntry, verbose_name="相关记录", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="correction_requests")
    activity = models.ForeignKey("activities.Activity", verbose_name="相关活动", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey("organizations.Team", verbose_name="受理队伍", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("regions.Region", verbose_name="区划", on_delete=models.PROTECT, related_name="+")
    message = models.CharField("更正说明", max_length=500)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    resolution_entry = models.ForeignKey(LedgerEntry, verbose_name="更正记录", null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="+")
    resolution_note = models.CharField("处理意见", max_length=255, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="处理人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    resolved_at = models.DateTimeField("处理时间", null=True, blank=True)

    class Meta:
        verbose_name = "更正申请"
        verbose_name_plural = "更正申请"
        ordering = ["-created_at"]
        constraints = [
            SameCity("entry", name="correctionrequest_entry_same_city"),
            SameCity("activity", name="correctionrequest_activity_same_city"),
            SameCity("team", name="correctionrequest_team_same_city"),
            SameCity("resolution_entry", name="correctionrequest_resolution_entry_same_city"),
        ]
