from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """Who changed what, when and from where. Append-only; never holds personal data in clear."""

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    ip = models.CharField("来源地址", max_length=45, blank=True)
    source = models.CharField("渠道", max_length=10, blank=True)
    action = models.CharField("操作", max_length=32, db_index=True)
    target_type = models.CharField("对象类型", max_length=32, db_index=True)
    target_id = models.CharField("对象", max_length=40, blank=True, db_index=True)
    region_path = models.CharField("区划路径", max_length=64, blank=True, db_index=True)
    changes = models.JSONField("变更内容", default=dict, blank=True)

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_type}#{self.target_id}"
