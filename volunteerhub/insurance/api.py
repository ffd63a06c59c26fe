import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Field, Router, Schema, Status

from volunteerhub.accounts.auth import AUTH
from volunteerhub.core.masking import mask_name
from volunteerhub.insurance import selectors, services

router = Router(tags=["insurance"])


class PolicyOut(Schema):
    id: int
    insurer: str
    number: str
    cover: str
    starts_on: dt.date
    ends_on: dt.date
    covers: str
    team_id: int | None
    activity_id: int | None
    region_code: str
    insured: int


def _policy(p) -> dict:
    return {"id": p.pk, "insurer": p.insurer, "number": p.number, "cover": p.cover, "starts_on": p.starts_on,
            "ends_on": p.ends_on, "covers": p.covers, "team_id": p.team_id, "activity_id": p.activity_id,
            "region_code": p.region_id, "insured": selectors.insured_of(p).count()}


@router.get("/insurance/policies", response=list[PolicyOut], auth=AUTH,
            summary="Insurance policies in the account's reach (organisers, admins)")
def policy_list(request):
    return [_policy(p) for p in selectors.policies_for(user=request.user)[:500]]


class PolicyIn(Schema):
    insurer: str = Field(..., max_length=128)
    number: str = Field(..., max_length=64)
    cover: str = Field(..., max_length=255)
    starts_on: dt.date
    ends_on: dt.date
    covers: Literal["team", "activity", "named"]
    team_id: int | None = None
    activity_id: int | None = None
    volunteer_ids: list[int] = Field(default_factory=list, max_length=5000)
    region_code: str | None = Field(None, max_length=12)


@router.post("/insurance/policies", response={201: PolicyOut}, auth=AUTH,
             summary="Register a policy covering a team, an activity or named volunteers (organisers, admins; audited)")
def policy_create(request, payload: PolicyIn):
    policy = services.policy_create(by=request.user, **payload.dict())
    return Status(201, _policy(policy))


class ClaimOut(Schema):
    id: int
    volunteer: str
    occurred_on: dt.date
    description: str
    status: str
    amount: Decimal | None


class PolicyDetailOut(PolicyOut):
    claims: list[ClaimOut]


def _claim(c) -> dict:
    return {"id": c.pk, "volunteer": mask_name(c.volunteer.name), "occurred_on": c.occurred_on,
            "description": c.description, "status": c.status, "amount": c.amount}


@router.get("/insurance/policies/{policy_id}", response=PolicyDetailOut, auth=AUTH,
            summary="One policy with its claims log")
def policy_detail(request, policy_id: int):
    policy = selectors.policy_get_for(user=request.user, policy_id=policy_id)
    return {**_policy(policy), "claims": [_claim(c) for c in selectors.claims_of(policy)]}


class ClaimIn(Schema):
    volunteer_id: int
    occurred_on: dt.date
    description: str = Field(..., max_length=2000)
    status: Literal["reported", "submitted", "paid", "declined"] = "reported"
    amount: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=2)


@router.post("/insurance/policies/{policy_id}/claims", response={201: ClaimOut}, auth=AUTH,
             summary="Add an entry to a policy's claims log (audited)")
def claim_record(request, policy_id: int, payload: ClaimIn):
    policy = selectors.policy_get_for(user=request.user, policy_id=policy_id)
    return Status(201, _claim(services.claim_record(by=request.user, policy=policy, **payload.dict())))


class RiskIn(Schema):
    risky: bool


class RiskOut(Schema):
    activity_id: int
    risky: bool
    uncovered: list[str]


@router.put("/insurance/activities/{activity_id}/risk", response=RiskOut, auth=AUTH,
            summary="Mark an activity risky (it then needs everyone insured) or not (its managers; audited)")
def activity_risk_set(request, activity_id: int, payload: RiskIn):
    activity = selectors.activity_get_for(user=request.user, activity_id=activity_id)
    services.activity_risk_set(by=request.user, activity=activity, risky=payload.risky)
    return {"activity_id": activity.pk, "risky": activity.is_risky,
            "uncovered": [mask_name(v.name) for v in selectors.uncovered_confirmed(activity=activity)]}
