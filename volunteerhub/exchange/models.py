from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy


class ExchangeLog(models.Model):
    """Every import and export: who, what, how many rows, whether personal data left in clear."""

    class Direction(models.TextChoices):
        IMPORT = "import", gettext_lazy("Import")
        EXPORT = "export", gettext_lazy("Export")

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    direction = models.CharField("方向", max_length=6, choices=Direction.choices, db_index=True)
    name = models.CharField("数据集", max_length=48)
    format = models.CharField("格式", max_length=8, blank=True)
    channel = models.CharField("渠道", max_length=8, blank=True)  # web, api, cli
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    region_path = models.CharField("操作人辖区", max_length=64, blank=True, db_index=True)
    file_name = models.CharField("文件名", max_length=255, blank=True)
    rows = models.IntegerField("行数", default=0)
    ok = models.BooleanField("成功", default=True)
    clear_personal_data = models.BooleanField("含未脱敏个人信息", default=False)
    report = models.JSONField("报告", default=dict, blank=True)

    class Meta:
        verbose_name = "数据交换记录"
        verbose_name_plural = "数据交换记录"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.direction} {self.name}"
