"""The ledger's shapes at the API's edge, shared by the endpoints that answer with entries."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from volunteerhub.hours import selectors
from volunteerhub.hours.models import LedgerEntry


class EntryOut(Schema):
    id: int
    kind: str = Field(..., description="service | correction | backfill")
    category: str = Field(..., description="service | training: training hours are kept apart from service")
    status: str = Field(..., description="pending | approved | rejected (from the decision row; entries never change)")
    volunteer_id: int
    volunteer_name: str
    activity_id: int | None
    activity_title: str | None
    corrects_id: int | None
    served_on: dt.date
    started_at: dt.datetime | None
    ended_at: dt.datetime | None
    minutes: int
    hours: Decimal
    rounding_rule: str
    content: str
    reason: str
    author: str | None
    created_at: dt.datetime
    decided_at: dt.datetime | None
    decision_note: str | None
    running_total: Decimal | None = Field(None, description="approved hours of this entry's category (service or "
                                                            "training) up to and including this entry")


class CorrectionRequestOut(Schema):
    id: int
    volunteer_id: int
    volunteer_name: str
    entry_id: int | None
    activity_id: int | None
    message: str
    status: str
    resolution_entry_id: int | None
    resolution_note: str
    created_at: dt.datetime


def entry_out(entry: LedgerEntry, running_total=None) -> dict:
    decision = selectors._decision_or_none(entry)
    return {
        "id": entry.pk, "kind": entry.kind, "category": entry.category, "status": decision.decision if decision else "pending",
        "volunteer_id": entry.volunteer_id, "volunteer_name": entry.volunteer.name,
        "activity_id": entry.activity_id, "activity_title": entry.activity.title if entry.activity_id else None,
        "corrects_id": entry.corrects_id, "served_on": entry.served_on, "started_at": entry.started_at,
        "ended_at": entry.ended_at, "minutes": entry.minutes, "hours": entry.hours,
        "rounding_rule": entry.rounding_rule, "content": entry.content, "reason": entry.reason,
        "author": entry.author.display_name if entry.author_id else None, "created_at": entry.created_at,
        "decided_at": decision.created_at if decision else None, "decision_note": decision.note if decision else None,
        "running_total": running_total,
    }


def correction_request_out(r) -> dict:
    return {"id": r.pk, "volunteer_id": r.volunteer_id, "volunteer_name": r.volunteer.name, "entry_id": r.entry_id,
            "activity_id": r.activity_id, "message": r.message, "status": r.status,
            "resolution_entry_id": r.resolution_entry_id, "resolution_note": r.resolution_note,
            "created_at": r.created_at}
