import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy, pgettext_lazy


class Notification(models.Model):
    """An in-app message in a user's inbox (waitlist promotion, messages to a roster, ...)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="接收人", on_delete=models.CASCADE,
                             related_name="notifications")
    kind = models.CharField("类型", max_length=32, db_index=True)
    title = models.CharField("标题", max_length=128)
    body = models.TextField("内容", blank=True)
    link = models.CharField("链接", max_length=255, blank=True)
    urgent = models.BooleanField("紧急（不受免打扰时段限制）", default=False)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "站内消息"
        verbose_name_plural = "站内消息"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self) -> str:
        return self.title


class Channel(models.TextChoices):
    WECHAT = "wechat", gettext_lazy("WeChat message")
    SMS = "sms", gettext_lazy("Text message")


def _quiet(part: int) -> dt.time:
    return dt.time.fromisoformat(settings.NOTIFICATION_QUIET_HOURS.split("-")[part].strip())


def default_quiet_start() -> dt.time:
    return _quiet(0)


def default_quiet_end() -> dt.time:
    return _quiet(1)


class NotificationPreference(models.Model):
    """Which outside channels a person allows, and when they want no messages (start == end: never quiet)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name="账户", on_delete=models.CASCADE,
                                related_name="notification_preference")
    wechat = models.BooleanField("接收微信订阅消息", default=True)
    sms = models.BooleanField("接收短信", default=False)
    quiet_start = models.TimeField("免打扰开始", default=default_quiet_start)
    quiet_end = models.TimeField("免打扰结束", default=default_quiet_end)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "通知偏好"
        verbose_name_plural = "通知偏好"

    def __str__(self) -> str:
        return f"通知偏好 #{self.user_id}"


class Delivery(models.Model):
    """One notification sent on one outside channel: outcome, attempts and the next try. Unique: never twice."""

    class Status(models.TextChoices):
        PENDING = "pending", gettext_lazy("Waiting to send")
        SENDING = "sending", gettext_lazy("Sending")
        SENT = "sent", pgettext_lazy("variant-afb62932", "Sent")
        REFUSED = "refused", gettext_lazy("Not delivered")
        FAILED = "failed", gettext_lazy("Failed")

    notification = models.ForeignKey(Notification, verbose_name="消息", on_delete=models.CASCADE,
                                     related_name="deliveries")
    channel = models.CharField("渠道", max_length=12, choices=Channel.choices)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField("已尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次尝试", null=True, blank=True)
    claimed_at = models.DateTimeField("开始发送", null=True, blank=True)
    sent_at = models.DateTimeField("送达时间", null=True, blank=True)
    last_code = models.CharField("返回码", max_length=48, blank=True)
    last_error = models.CharField("错误说明", max_length=255, blank=True)
    provider_id = models.CharField("渠道消息号", max_length=64, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "消息投递"
        verbose_name_plural = "消息投递"
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["notification", "channel"], name="delivery_once_per_channel")]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.get_status_display()}"


class AccessToken(models.Model):
    """An outside API's access token, shared by every process until it expires (WeChat allows few fetches)."""

    name = models.CharField("名称", max_length=64, unique=True)
    value = models.CharField("令牌", max_length=512)
    expires_at = models.DateTimeField("过期时间")
    updated_at = models.DateTimeField("获取时间", auto_now=True)

    class Meta:
        verbose_name = "接口访问令牌"
        verbose_name_plural = "接口访问令牌"

    def __str__(self) -> str:
        return self.name
