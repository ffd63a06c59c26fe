from django.conf import settings
from django.db.models import QuerySet

from volunteerhub.accounts.models import WeChatIdentity
from volunteerhub.notifications import wechat
from volunteerhub.notifications.models import Delivery, Notification, NotificationPreference


def preference_of(*, user_id: int) -> NotificationPreference:
    """The person's stored preferences, or the defaults (unsaved) when they never chose."""
    return NotificationPreference.objects.filter(user_id=user_id).first() or NotificationPreference(user_id=user_id)


def inbox_of(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).prefetch_related("deliveries").order_by("-created_at", "-pk")


def unread_count(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def preferences_for(*, user) -> dict:
    """What the person allowed, and which channels can reach them at all."""
    pref = preference_of(user_id=user.pk)
    return {"wechat": pref.wechat, "sms": pref.sms, "quiet_start": pref.quiet_start.strftime("%H:%M"),
            "quiet_end": pref.quiet_end.strftime("%H:%M"),
            "wechat_bound": WeChatIdentity.objects.filter(user=user).exists(),
            "wechat_available": wechat.enabled(), "sms_available": bool(settings.SMS_PROVIDER)}


def wechat_templates() -> dict[str, str]:
    """Template ids the mini-program asks the user to subscribe to (wx.requestSubscribeMessage)."""
    return {kind: str(template) for kind, template in settings.WECHAT_TEMPLATES.items()} if wechat.enabled() else {}


def deliveries_for_admin() -> QuerySet[Delivery]:
    return Delivery.objects.select_related("notification", "notification__user")
