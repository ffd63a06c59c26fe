from django.db import models


class MonthlyRollup(models.Model):
    """Kept counters per region, month, activity kind and setting.

    Dashboards sum these few rows instead of the ledger. Writers call stats.services.rollup_add in the
    same transaction as the change they count (approval of hours, an activity finishing, ...).
    """

    region = models.ForeignKey("regions.Region", verbose_name="区划", on_delete=models.PROTECT, related_name="+")
    region_path = models.CharField("区划路径", max_length=64, db_index=True)
    month = models.DateField("月份", db_index=True)
    activity_kind = models.CharField("活动类型", max_length=32, blank=True, default="")
    setting = models.CharField("服务场景", max_length=32, blank=True, default="")
    hours = models.DecimalField("服务时长", max_digits=14, decimal_places=2, default=0)
    ledger_entries = models.IntegerField("时长记录数", default=0)
    activities = models.IntegerField("活动数", default=0)
    people_served = models.IntegerField("服务人次", default=0)

    class Meta:
        verbose_name = "月度统计"
        verbose_name_plural = "月度统计"
        constraints = [models.UniqueConstraint(fields=["region", "month", "activity_kind", "setting"],
                                               name="monthly_rollup_unique_cell")]
