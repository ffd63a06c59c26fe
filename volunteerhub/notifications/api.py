import datetime as dt

from ninja import Router, Schema

from volunteerhub.accounts.auth import AUTH
from volunteerhub.notifications import selectors, services

router = Router(tags=["inbox"])


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    link: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class InboxOut(Schema):
    unread: int
    count: int
    items: list[NotificationOut]


class MarkedOut(Schema):
    marked: int


@router.get("/inbox", response=InboxOut, auth=AUTH, summary="My in-app messages, newest first (paged)")
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
