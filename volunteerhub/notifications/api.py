import datetime as dt
import hmac

from django.conf import settings
from django.utils.translation import gettext_lazy
from ninja import Field, Router, Schema

from volunteerhub.accounts.auth import AUTH
from volunteerhub.core.errors import PermissionDenied
from volunteerhub.notifications import selectors, services

router = Router(tags=["inbox"])


class DeliveryOut(Schema):
    channel: str
    status: str
    attempts: int
    sent_at: dt.datetime | None


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    link: str
    created_at: dt.datetime
    read_at: dt.datetime | None
    deliveries: list[DeliveryOut]

    @staticmethod
    def resolve_deliveries(obj):
        return list(obj.deliveries.all())


class InboxOut(Schema):
    unread: int
    count: int
    items: list[NotificationOut]


class MarkedOut(Schema):
    marked: int


@router.get("/inbox", response=InboxOut, auth=AUTH,
            summary="My in-app messages, newest first, with their WeChat/SMS deliveries (paged: limit, offset)")
def inbox(request, unread_only: bool = False, limit: int = 50, offset: int = 0):
    qs = selectors.inbox_of(user=request.auth)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    limit, offset = max(1, min(limit, 200)), max(0, offset)
    return {"unread": selectors.unread_count(user=request.auth), "count": qs.count(),
            "items": list(qs[offset:offset + limit])}


@router.post("/inbox/{notification_id}/read", response=MarkedOut, auth=AUTH, summary="Mark one message read")
def inbox_read(request, notification_id: int):
    return {"marked": services.notification_mark_read(user=request.auth, notification_id=notification_id)}


@router.post("/inbox/read-all", response=MarkedOut, auth=AUTH, summary="Mark every message read")
def inbox_read_all(request):
    return {"marked": services.notification_mark_read(user=request.auth)}


class PreferencesOut(Schema):
    wechat: bool
    sms: bool
    quiet_start: str
    quiet_end: str
    wechat_bound: bool
    wechat_available: bool
    sms_available: bool


class PreferencesIn(Schema):
    wechat: bool
    sms: bool
    quiet_start: dt.time
    quiet_end: dt.time


@router.get("/notifications/preferences", response=PreferencesOut, auth=AUTH,
            summary="My channels (WeChat subscribe messages, SMS) and quiet hours (local time, HH:MM)")
def preferences(request):
    return selectors.preferences_for(user=request.auth)


@router.put("/notifications/preferences", response=PreferencesOut, auth=AUTH,
            summary="Choose channels and quiet hours (start == end: no quiet hours); the inbox always gets everything")
def preferences_update(request, payload: PreferencesIn):
    # Quiet hours are wall-clock times where the person lives: an offset such as "+08:00" is dropped.
    services.preference_update(user=request.auth, wechat=payload.wechat, sms=payload.sms,
                               quiet_start=payload.quiet_start.replace(tzinfo=None),
                               quiet_end=payload.quiet_end.replace(tzinfo=None))
    return selectors.preferences_for(user=request.auth)


class TemplatesOut(Schema):
    templates: dict[str, str]


@router.get("/notifications/wechat-templates", response=TemplatesOut,
            summary="Subscribe-message template ids by kind, for wx.requestSubscribeMessage")
def wechat_templates(request):
    return {"templates": selectors.wechat_templates()}


class SmsInboundIn(Schema):
    sender: str = Field(alias="from", max_length=32)
    text: str = Field(max_length=500)


class SmsInboundOut(Schema):
    handled: bool


@router.post("/sms/inbound", response=SmsInboundOut, tags=["sms"],
             summary="The SMS gateway's inbound message ({from, text}), authenticated by the X-SMS-Secret header "
                     "(settings.SMS_INBOUND_SECRET); a keyword answers the sender's latest open call-out")
def sms_inbound(request, payload: SmsInboundIn):
    secret, given = settings.SMS_INBOUND_SECRET, request.headers.get("X-SMS-Secret", "")
    if not secret or not hmac.compare_digest(secret.encode(), given.encode()):
        raise PermissionDenied(gettext_lazy("Invalid SMS gateway secret"))
    return services.sms_inbound(phone=payload.sender, text=payload.text)
