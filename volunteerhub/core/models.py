from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


class Throttle(models.Model):
    """A fixed-window counter shared by every server process (login failures, rate limits)."""

    key = models.CharField(max_length=128, primary_key=True)
    window_start = models.DateTimeField()
    count = models.IntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "限流计数"
        verbose_name_plural = "限流计数"
