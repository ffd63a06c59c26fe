from django.db import models

from volunteerhub.hours.models import AppendOnlyModel
from volunteerhub.core.tenancy import CityScoped, SameCity, city_key


class Certificate(CityScoped, AppendOnlyModel):
    """A service certificate as issued: a snapshot of what it certifies, checkable by its code."""

    number = models.CharField("证明编号", max_length=32, unique=True)
    code = models.CharField("核验码", max_length=32, unique=True)
    volunteer = models.ForeignKey("volunteers.Volunteer", verbose_name="志愿者", on_delete=models.PROTECT,
                                  related_name="certificates")
    name = models.CharField("姓名", max_length=64)
    id_type = models.CharField("证件类型", max_length=32, default="居民身份证")
    id_number_masked = models.CharField("证件号码（脱敏）", max_length=32)
    volunteer_number = models.CharField("志愿者编号", max_length=20)
    hours = models.DecimalField("服务时长（小时）", max_digits=10, decimal_places=2)
    star_level = models.PositiveSmallIntegerField("星级", default=0)
    training_hours = models.DecimalField("培训时长（小时）", max_digits=10, decimal_places=2, default=0,
                                         help_text="kept apart from service hours (2020 Measures)")
    evaluations = models.JSONField("服务评价", default=list, blank=True,
                                   help_text="[{activity, date, rating, note}] of the organisers' evaluations when issued")
    content = models.CharField("服务内容", max_length=500)
    period_from = models.DateField("服务起始", null=True, blank=True)
    period_to = models.DateField("服务截止", null=True, blank=True)
    issuer = models.CharField("出具单位", max_length=128)
    person_in_charge = models.CharField("负责人", max_length=64, blank=True)
    handling_officer = models.CharField("经办人", max_length=64, blank=True)
    contact = models.CharField("联系方式", max_length=64, blank=True)
    awards = models.JSONField("获得表彰", default=list, blank=True,
                              help_text="[{title, year}] of approved commendations when issued")
    entries_through = models.IntegerField("计入的最后记录号", default=0)
    issued_on = models.DateField("出具日期")
    created_at = models.DateTimeField("生成时间", auto_now_add=True)

    class Meta:
        db_table = "hours_certificate"  # made by the hours app before it moved here
        verbose_name = "志愿服务证明"
        verbose_name_plural = "志愿服务证明"
        ordering = ["-created_at"]
        constraints = [
            SameCity("volunteer", name="certificate_volunteer_same_city"),
        ]
