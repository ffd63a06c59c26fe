from django.db import models
from django.utils.translation import gettext_lazy, pgettext_lazy

from volunteerhub.core.tenancy import CityScoped, SameCity, city_key


class Counters(models.Model):
    """The counted figures of one region-month-kind-setting cell."""

    hours = models.DecimalField("服务时长", max_digits=14, decimal_places=2, default=0)
    ledger_entries = models.IntegerField("时长记录数", default=0)
    activities = models.IntegerField("活动数", default=0)
    people_served = models.IntegerField("服务人次", default=0)

    class Meta:
        abstract = True


class MonthlyRollup(CityScoped, Counters):
    """Kept counters per region, month, activity kind and setting.

    Dashboards sum these few rows instead of the ledger. Writers call stats.services.rollup_add in the
    same transaction as the change they count (approval of hours, an activity finishing, ...).
    """

    region = models.ForeignKey("regions.Region", verbose_name="区划", on_delete=models.PROTECT, related_name="+")
    region_path = models.CharField("区划路径", max_length=64, db_index=True)
    month = models.DateField("月份", db_index=True)
    activity_kind = models.CharField("活动类型", max_length=32, blank=True, default="")
    setting = models.CharField("服务场景", max_length=32, blank=True, default="")

    class Meta:
        verbose_name = "月度统计"
        verbose_name_plural = "月度统计"
        constraints = [models.UniqueConstraint(fields=["region", "month", "activity_kind", "setting", "city_code"],
                                               name="monthly_rollup_unique_cell")]


class SubtreeRollup(CityScoped, Counters):
    """The same counters summed over a region's whole subtree: one row per (region, month, kind, setting).

    rollup_add keeps the row of the region itself and of each of its ancestors, so a subtree's figures
    are a read of that region's own few hundred rows (months x kinds x settings), never a scan.
    """

    region = models.ForeignKey("regions.Region", verbose_name="区划（含下级）", on_delete=models.PROTECT,
                               related_name="+")
    month = models.DateField("月份")
    activity_kind = models.CharField("活动类型", max_length=32, blank=True, default="")
    setting = models.CharField("服务场景", max_length=32, blank=True, default="")

    class Meta:
        verbose_name = "月度统计（含下级）"
        verbose_name_plural = "月度统计（含下级）"
        constraints = [models.UniqueConstraint(fields=["region", "month", "activity_kind", "setting", "city_code"],
                                               name="subtree_rollup_unique_cell")]


class RegionTally(CityScoped, models.Model):
    """Kept count of registered volunteers in a region's subtree (the region and everything below it).

    Registration adds one to the region and each of its ancestors in the same transaction.
    """

    region = models.OneToOneField("regions.Region", verbose_name="区划（含下级）", on_delete=models.PROTECT,
                                  primary_key=True, related_name="+")
    volunteers = models.IntegerField("注册志愿者数", default=0)

    class Meta:
        verbose_name = "区划志愿者计数"
        verbose_name_plural = "区划志愿者计数"


class PlanTarget(CityScoped, models.Model):
    """One target of the annual plan: the city sets them per county, a county may split its own to townships.

    `activity_kind` is set only for the "activities" metric (activities of that kind); hours and
    people served are targets for all kinds together.
    """

    class Metric(models.TextChoices):
        ACTIVITIES = "activities", pgettext_lazy("variant-a531f051", "Activities")
        HOURS = "hours", pgettext_lazy("variant-70e7a9e0", "Service hours")
        PEOPLE_SERVED = "people_served", gettext_lazy("People served")

    year = models.PositiveSmallIntegerField("年度", db_index=True)
    region = models.ForeignKey("regions.Region", verbose_name="区划", on_delete=models.PROTECT, related_name="+")
    region_path = models.CharField("区划路径", max_length=64, db_index=True)
    metric = models.CharField("指标", max_length=16, choices=Metric.choices)
    activity_kind = models.CharField("活动类型", max_length=32, blank=True, default="")
    target = models.DecimalField("目标值", max_digits=14, decimal_places=2)
    set_by = models.ForeignKey("accounts.User", verbose_name="下达人", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "年度计划目标"
        verbose_name_plural = "年度计划目标"
        ordering = ["year", "region_path", "metric", "activity_kind"]
        constraints = [
            models.UniqueConstraint(fields=["year", "region", "metric", "activity_kind", "city_code"],
                                    name="plan_target_unique"),
            models.CheckConstraint(condition=models.Q(target__gte=0), name="plan_target_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.region_id} {self.metric} {self.activity_kind} {self.target}"
