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


class DataVersion(models.Model):
    """A token per kind of data (`core.versions`), changed by every write to that data in the write's own
    transaction: a cache keyed by it is never stale, in any process. Random, not a counter, so a rolled-back
    or restored database never brings an old token back with other data behind it."""

    name = models.CharField(max_length=32, primary_key=True)
    token = models.CharField("数据版本", max_length=32)

    class Meta:
        verbose_name = "数据版本"
        verbose_name_plural = "数据版本"
