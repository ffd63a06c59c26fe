from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy, pgettext_lazy

from volunteerhub.core.tenancy import CityScoped, SameCity, city_key


class Policy(CityScoped, models.Model):
    """An accident insurance policy (志愿服务条例 Art. 17) covering a team's members, an activity, or named volunteers."""

    class Covers(models.TextChoices):
        TEAM = "team", gettext_lazy("The whole team")
        ACTIVITY = "activity", gettext_lazy("One activity")
        NAMED = "named", gettext_lazy("Named volunteers")

    insurer = models.CharField("保险公司", max_length=128)
    number = models.CharField("保单号", max_length=64)
    cover = models.CharField("保障内容", max_length=255, help_text="如：意外伤害 50 万元，意外医疗 5 万元")
    starts_on = models.DateField("保险起期")
    ends_on = models.DateField("保险止期")
    covers = models.CharField("承保对象", max_length=12, choices=Covers.choices)
    team = models.ForeignKey("organizations.Team", verbose_name="承保队伍", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    activity = models.ForeignKey("activities.Activity", verbose_name="承保活动", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    volunteers = models.ManyToManyField("volunteers.Volunteer", verbose_name="被保险志愿者", blank=True, related_name="+")
    region = models.ForeignKey("regions.Region", verbose_name="所属区划", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "保单"
        verbose_name_plural = "保单"
        ordering = ["-starts_on", "-pk"]
        constraints = [
            city_key("policy"),
            SameCity("team", name="policy_team_same_city"),
            SameCity("activity", name="policy_activity_same_city"),
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="policy_period_order"),
            models.UniqueConstraint(fields=["insurer", "number"], name="policy_insurer_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.insurer} {self.number}"


class Claim(CityScoped, models.Model):
    """One entry in a policy's claims log: what happened to whom, and how the claim stands."""

    class Status(models.TextChoices):
        REPORTED = "reported", gettext_lazy("Reported")
        SUBMITTED = "submitted", gettext_lazy("Claim submitted")
        PAID = "paid", gettext_lazy("Paid")
        DECLINED = "declined", pgettext_lazy("variant-b6da899b", "Declined")

    policy = models.ForeignKey(Policy, verbose_name="保单", on_delete=models.PROTECT, related_name="claims")
    volunteer = models.ForeignKey("volunteers.Volunteer", verbose_name="出险志愿者", on_delete=models.PROTECT,
                                  related_name="+")
    occurred_on = models.DateField("出险日期")
    description = models.TextField("经过")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.REPORTED)
    amount = models.DecimalField("赔付金额（元）", max_digits=10, decimal_places=2, null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "理赔记录"
        verbose_name_plural = "理赔记录"
        ordering = ["-occurred_on", "-pk"]
        constraints = [
            SameCity("policy", name="claim_policy_same_city"),
        ]
