from django.db import models
from django.utils.translation import gettext_lazy

from volunteerhub.core.models import TimeStampedModel
from volunteerhub.core.tenancy import CityScoped, SameCity, city_key


class Team(CityScoped, TimeStampedModel):
    """The corps, its sub-teams and the teams of counties, townships and villages."""

    class Kind(models.TextChoices):
        CORPS = "corps", gettext_lazy("Corps")
        SUB_TEAM = "sub_team", gettext_lazy("Sub-team")
        TEAM = "team", gettext_lazy("Volunteer team")

    name = models.CharField("名称", max_length=128, unique=True)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.TEAM)
    parent = models.ForeignKey("self", verbose_name="上级队伍", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="sub_teams")
    region = models.ForeignKey("regions.Region", verbose_name="所在区划", on_delete=models.PROTECT,
                               related_name="teams")
    leader_name = models.CharField("负责人", max_length=64, blank=True)
    contact_phone = models.CharField("联系电话", max_length=20, blank=True)
    description = models.TextField("简介", blank=True)
    is_active = models.BooleanField("在册", default=True)

    class Meta:
        verbose_name = "志愿服务队伍"
        verbose_name_plural = "志愿服务队伍"
        ordering = ["region_id", "name"]
        constraints = [
            city_key("team"),
            SameCity("parent", name="team_parent_same_city"),
        ]

    def __str__(self) -> str:
        return self.name


class ServicePost(CityScoped, TimeStampedModel):
    """A volunteer service post (志愿服务岗/站点), usually in a grassroots medical institution."""

    class Kind(models.TextChoices):
        CLINIC = "clinic", gettext_lazy("Village clinic")
        HEALTH_CENTER = "health_center", gettext_lazy("Township health centre")
        HOSPITAL = "hospital", gettext_lazy("Hospital")
        PHARMACY = "pharmacy", gettext_lazy("Pharmacy")
        STATION = "station", gettext_lazy("Volunteer service station")

    name = models.CharField("名称", max_length=128)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, db_index=True)
    address = models.CharField("地址", max_length=255, blank=True)
    lat = models.FloatField("纬度 (WGS-84)")
    lng = models.FloatField("经度 (WGS-84)")
    cell = models.BigIntegerField("空间网格", db_index=True, editable=False)
    region = models.ForeignKey("regions.Region", verbose_name="所在区划", on_delete=models.PROTECT,
                               related_name="service_posts")
    team = models.ForeignKey(Team, verbose_name="驻岗队伍", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="service_posts")
    # Text as people write it ("周一至周五 08:00-17:00") and a structured form for "open now":
    # [{"days": [0, 1, 2, 3, 4], "open": "08:00", "close": "17:00"}], Monday = 0.
    opening_hours = models.CharField("开放时间", max_length=255, blank=True)
    opening_schedule = models.JSONField("开放时段", default=list, blank=True)
    services = models.JSONField("服务项目", default=list, blank=True)
    contact_name = models.CharField("联系人", max_length=64, blank=True)
    contact_phone = models.CharField("联系电话", max_length=20, blank=True)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "志愿服务岗"
        verbose_name_plural = "志愿服务岗"
        ordering = ["region_id", "name"]
        constraints = [
            SameCity("team", name="servicepost_team_same_city"),
            models.CheckConstraint(condition=models.Q(lat__gte=-90, lat__lte=90, lng__gte=-180, lng__lte=180),
                                   name="servicepost_lat_lng_in_range"),
        ]

    def __str__(self) -> str:
        return self.name
