import datetime as dt

from ninja import Field, Router, Schema, Status

from django.utils.translation import gettext_lazy
from volunteerhub.accounts.auth import AUTH
from volunteerhub.callouts import selectors, services
from volunteerhub.callouts.models import Recipient
from volunteerhub.core.errors import PermissionDenied
from volunteerhub.core.masking import mask_phone
from volunteerhub.volunteers.selectors import volunteer_of

router = Router(tags=["callouts"])


class CallOutIn(Schema):
    title: str = Field(..., max_length=128)
    message: str = Field(..., max_length=1000)
    place: str = Field(..., max_length=255)
    region_code: str = Field(..., max_length=12, description="the pool: volunteers living in this region")
    needed: int = Field(..., description="how many to deploy; answers fill places in the order they arrive")
    starts_at: dt.datetime
    ends_at: dt.datetime
    qualification_code: str = Field("", max_length=32, description="only volunteers holding it verified")
    min_star_level: int = Field(0, description="only volunteers at this star level or above")
    remind_after_minutes: int = Field(30, description="a second message to those who have not answered after this")


class CallOutChangeIn(Schema):
    title: str | None = Field(None, max_length=128)
    message: str | None = Field(None, max_length=1000)
    place: str | None = Field(None, max_length=255)
    region_code: str | None = Field(None, max_length=12)
    needed: int | None = None
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    qualification_code: str | None = Field(None, max_length=32)
    min_star_level: int | None = None
    remind_after_minutes: int | None = None


class CountsOut(Schema):
    sent: int
    delivered: int
    answered: int
    deployed: int
    released: int
    needed: int


class RosterRow(Schema):
    volunteer_id: int
    volunteer_number: str
    name: str
    phone_masked: str
    answer: str
    available_from: dt.time | None
    answered_via: str
    deployed_at: dt.datetime | None


class CallOutOut(Schema):
    id: int
    title: str
    message: str
    place: str
    region_code: str
    qualification_code: str
    min_star_level: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    needed: int
    remind_after_minutes: int
    status: str
    sent_at: dt.datetime | None
    closed_at: dt.datetime | None

    @staticmethod
    def resolve_region_code(obj):
        return obj.region.code

    @staticmethod
    def resolve_qualification_code(obj):
        return obj.qualification_id or ""


class CallOutDetailOut(CallOutOut):
    counts: CountsOut
    roster: list[RosterRow]

    @staticmethod
    def resolve_counts(obj):
        return selectors.callout_counts(callout=obj)

    @staticmethod
    def resolve_roster(obj):
        return [{"volunteer_id": r.volunteer_id, "volunteer_number": r.volunteer.volunteer_number,
                 "name": r.volunteer.name, "phone_masked": mask_phone(r.volunteer.phone or ""), "answer": r.answer,
                 "available_from": r.available_from, "answered_via": r.answered_via, "deployed_at": r.deployed_at}
                for r in selectors.roster(callout=obj)]


def _managed(request, callout_id: int):
    if not selectors.is_manager(request.auth):
        raise PermissionDenied(gettext_lazy("Only organisers and admins manage call-outs"))
    return selectors.callout_get_to_manage(user=request.auth, callout_id=callout_id)


@router.get("/callouts", response=list[CallOutOut], auth=AUTH,
            summary="Call-outs in my reach, newest first (organisers and administrators)")
def callouts_list(request):
    if not selectors.is_manager(request.auth):
        raise PermissionDenied(gettext_lazy("Only organisers and admins manage call-outs"))
    return list(selectors.callouts_managed_by(user=request.auth)[:200])


@router.post("/callouts", response={201: CallOutDetailOut}, auth=AUTH,
             summary="Draft an emergency call-out to a filtered pool (region, qualification, star level, not booked)")
def callout_create(request, payload: CallOutIn):
    callout = services.callout_create(user=request.auth, **payload.dict())
    return Status(201, callout)


@router.get("/callouts/{callout_id}", response=CallOutDetailOut, auth=AUTH,
            summary="A call-out with its sent, delivered, answered and deployed counts and the deployment roster")
def callout_detail(request, callout_id: int):
    return _managed(request, callout_id)


@router.patch("/callouts/{callout_id}", response=CallOutDetailOut, auth=AUTH,
              summary="Edit a draft call-out; one that is sent cannot be edited, only closed (409)")
def callout_update(request, callout_id: int, payload: CallOutChangeIn):
    changes = payload.dict(exclude_unset=True)
    return services.callout_update(callout=_managed(request, callout_id), user=request.auth, changes=changes)


@router.post("/callouts/{callout_id}/send", response=CallOutDetailOut, auth=AUTH,
             summary="Send the call to its pool now (urgent: inbox, WeChat and SMS through quiet hours)")
def callout_send(request, callout_id: int):
    return services.callout_send(callout=_managed(request, callout_id), user=request.auth)


@router.post("/callouts/{callout_id}/close", response=CallOutDetailOut, auth=AUTH,
             summary="Close the call: no more answers; those not deployed are thanked and released")
def callout_close(request, callout_id: int):
    return services.callout_close(callout=_managed(request, callout_id), user=request.auth)


class MyCallOut(Schema):
    callout_id: int
    title: str
    message: str
    place: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: str
    answer: str
    available_from: dt.time | None
    outcome: str


def _mine(r: Recipient) -> dict:
    c = r.callout
    return {"callout_id": c.pk, "title": c.title, "message": c.message, "place": c.place, "starts_at": c.starts_at,
            "ends_at": c.ends_at, "status": c.status, "answer": r.answer, "available_from": r.available_from,
            "outcome": r.outcome}


@router.get("/me/callouts", response=list[MyCallOut], auth=AUTH,
            summary="The call-outs I was sent, newest first, with my answer and whether I am deployed")
def my_callouts(request):
    return [_mine(r) for r in selectors.calls_of(volunteer=volunteer_of(user=request.auth))[:50]]


class AnswerIn(Schema):
    answer: str = Field(..., description="yes, no, or later (with available_from)")
    available_from: dt.time | None = Field(None, description="later: from what time (HH:MM, local)")


@router.post("/callouts/{callout_id}/answer", response=MyCallOut, auth=AUTH,
             summary="Answer a call-out: yes, no, or available from HH:MM (one tap; the first answer stands)")
def callout_answer(request, callout_id: int, payload: AnswerIn):
    volunteer = volunteer_of(user=request.auth)
    if volunteer is None:
        raise PermissionDenied(gettext_lazy("Only volunteers answer call-outs"))
    available = payload.available_from.replace(tzinfo=None) if payload.available_from else None
    return _mine(services.callout_answer(callout_id=callout_id, volunteer=volunteer, answer=payload.answer,
                                         available_from=available, via=Recipient.Via.API))
