from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy

from volunteerhub.core.tenancy import CityScoped, SameCity, city_key


class Nomination(CityScoped, models.Model):
    """A proposed commendation of a volunteer, a team or a project.

    It goes on public notice for settings.PUBLIC_NOTICE_WORKING_DAYS working days, during which any
    signed-in user may object; after that an admin approves it (it becomes an award) or rejects it.
    """

    class Kind(models.TextChoices):
        VOLUNTEER = "volunteer", gettext_lazy("Volunteer")
        TEAM = "team", gettext_lazy("Team")
        PROJECT = "project", gettext_lazy("Service project")

    class Status(models.TextChoices):
        NOTICE = "notice", gettext_lazy("On public notice")  # becomes "awaiting decision" once notice_ends_at has passed
        APPROVED = "approved", gettext_lazy("Awarded")
        REJECTED = "rejected", gettext_lazy("Not awarded")
        WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")

    kind = models.CharField("表彰对象类型", max_length=10, choices=Kind.choices)
    volunteer = models.ForeignKey("volunteers.Volunteer", verbose_name="志愿者", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="nominations")
    team = models.ForeignKey("organizations.Team", verbose_name="队伍", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="nominations")
    project_id = models.BigIntegerField("服务项目编号", null=True, blank=True, db_index=True)
    nominee_name = models.CharField("被推荐对象", max_length=128)
    region = models.ForeignKey("regions.Region", verbose_name="所在区划", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("表彰名称", max_length=128)
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    reason = models.TextField("推荐理由")
    evidence = models.JSONField("推荐时的事迹数据", default=dict, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.NOTICE, db_index=True)
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="推荐人", null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    nominated_at = models.DateTimeField("推荐时间")
    notice_ends_at = models.DateTimeField("公示截止", db_index=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审批人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=255, blank=True)

    class Meta:
        verbose_name = "表彰推荐"
        verbose_name_plural = "表彰推荐"
        ordering = ["-nominated_at"]
        constraints = [
            city_key("nomination"),
            SameCity("team", name="nomination_team_same_city"),
            models.CheckConstraint(name="nomination_has_its_nominee", condition=(
                models.Q(kind="volunteer", volunteer__isnull=False)
                | models.Q(kind="team", team__isnull=False)
                | models.Q(kind="project", project_id__isnull=False))),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.nominee_name}"


class Objection(CityScoped, models.Model):
    """An objection raised during the public notice; kept with the nomination for the decision."""

    nomination = models.ForeignKey(Nomination, verbose_name="表彰推荐", on_delete=models.CASCADE,
                                   related_name="objections")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提出人", on_delete=models.PROTECT,
                             related_name="+")
    reason = models.TextField("异议理由")
    created_at = models.DateTimeField("提出时间", auto_now_add=True)

    class Meta:
        verbose_name = "公示异议"
        verbose_name_plural = "公示异议"
        ordering = ["created_at"]
        constraints = [
            SameCity("nomination", name="objection_nomination_same_city"),
            models.UniqueConstraint(fields=["nomination", "user", "city_code"], name="one_objection_per_user"),
        ]
