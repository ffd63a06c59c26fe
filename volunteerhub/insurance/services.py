"""Writes to the insurance register, and the checks that keep a risky activity insured (志愿服务条例 Art. 17)."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from volunteerhub.audit.services import audit_record
from volunteerhub.core.errors import Conflict, NotFound, PermissionDenied, Problems
from volunteerhub.core.masking import mask_name
from volunteerhub.insurance import selectors
from volunteerhub.insurance.models import Claim, Policy
from volunteerhub.organizations.models import Team
from volunteerhub.regions.models import Region
from volunteerhub.regions.scope import can_manage_region, in_reach
from volunteerhub.volunteers.models import Volunteer


def require_cover_for_sign_up(*, activity, volunteer: Volunteer) -> None:
    """A risky activity takes only volunteers insured for its dates."""
    if activity.is_risky and not selectors.is_covered(activity=activity, volunteer=volunteer):
        raise Conflict(gettext_lazy("This activity carries risk: you need accident insurance covering its dates to sign up; ask the organiser to insure you"), code="insurance_required")


def require_cover_for_publish(*, activity) -> None:
    """A risky activity is published only when everyone confirmed is insured for its dates."""
    if not activity.is_risky:
        return
    missing = selectors.uncovered_confirmed(activity=activity)
    if missing:
        names = "、".join(mask_name(v.name) for v in missing[:10])
        raise Conflict(format_lazy(gettext_lazy("A risky activity needs everyone insured: {count} confirmed volunteer(s) have no policy for its dates ({names})"), count=len(missing), names=names), code="insurance_required")


def _check_manager(by) -> None:
    if not selectors.may_manage_insurance(by):
        raise PermissionDenied(gettext_lazy("Only organisers and administrators keep insurance"))


def _holder(*, by, covers, team_id, activity_id, volunteer_ids, region_code, problems: Problems):
    """The region the policy belongs to, and what it covers, each checked against the account's reach."""
    team = activity = None
    volunteers: list = []
    region = None
    if covers == Policy.Covers.TEAM:
        team = Team.objects.select_related("region").filter(pk=team_id).first() if team_id else None
        if team is None or not can_manage_region(by, team.region) or (not by.is_admin and team.pk != by.team_id):
            problems.add("team_id", gettext_lazy("choose a team in your reach"))
        region = team.region if team else None
    elif covers == Policy.Covers.ACTIVITY:
        try:
            activity = selectors.activity_get_for(user=by, activity_id=activity_id or 0)
            region = activity.region
        except NotFound:
            problems.add("activity_id", gettext_lazy("choose an activity you manage"))
    elif covers == Policy.Covers.NAMED:
        ids = set(volunteer_ids or [])
        volunteers = list(selectors.volunteers_insurable_by(user=by).filter(pk__in=ids))
        if not ids or len(volunteers) != len(ids):
            problems.add("volunteer_ids", gettext_lazy("list volunteers in your reach"))
        region = Region.objects.filter(code=region_code).first() if region_code else by.managed_region()
        if region is None or not can_manage_region(by, region):
            problems.add("region_code", gettext_lazy("choose a region in your reach"))
    else:
        problems.add("covers", gettext_lazy("covers is team, activity or named"))
    return region, team, activity, volunteers


@transaction.atomic
def policy_create(*, by, insurer: str, number: str, cover: str, starts_on: dt.date, ends_on: dt.date, covers: str,
                  team_id: int | None = None, activity_id: int | None = None, volunteer_ids=(),
                  region_code: str | None = None) -> Policy:
    """Register a policy covering a team's members, an activity's roster or named volunteers."""
    _check_manager(by)
    problems = Problems()
    insurer, number, cover = (insurer or "").strip(), (number or "").strip(), (cover or "").strip()
    for field, value, size in (("insurer", insurer, 128), ("number", number, 64), ("cover", cover, 255)):
        if not value or len(value) > size:
            problems.add(field, format_lazy(gettext_lazy("required, at most {size} characters"), size=size))
    if starts_on and ends_on and ends_on < starts_on:
        problems.add("ends_on", gettext_lazy("the end is before the start"))
    region, team, activity, volunteers = _holder(by=by, covers=covers, team_id=team_id, activity_id=activity_id,
                                                 volunteer_ids=volunteer_ids, region_code=region_code,
                                                 problems=problems)
    if insurer and number and Policy.objects.filter(insurer=insurer, number=number).exists():
        problems.add("number", gettext_lazy("this policy is already registered"))
    problems.raise_any()
    policy = Policy.objects.create(insurer=insurer, number=number, cover=cover, starts_on=starts_on, ends_on=ends_on,
                                   covers=covers, team=team, activity=activity, region=region, created_by=by)
    policy.volunteers.set(volunteers)
    audit_record(action="policy_create", target_type="insurance_policy", target_id=policy.pk, region=region,
                 actor=by, changes={"insurer": insurer, "number": number, "covers": covers,
                                    "starts_on": str(starts_on), "ends_on": str(ends_on),
                                    "volunteers": sorted(v.pk for v in volunteers)})
    return policy


@transaction.atomic
def claim_record(*, by, policy: Policy, volunteer_id: int, occurred_on: dt.date, description: str,
                 status: str = Claim.Status.REPORTED, amount: Decimal | None = None) -> Claim:
    """Add an entry to a policy's claims log (the policy reached through policy_get_for)."""
    _check_manager(by)
    problems = Problems()
    volunteer = selectors.insured_of(policy).filter(pk=volunteer_id).first()
    if volunteer is None:
        problems.add("volunteer_id", gettext_lazy("this volunteer is not insured by the policy"))
    if not (policy.starts_on <= occurred_on <= policy.ends_on):
        problems.add("occurred_on", gettext_lazy("the date is outside the policy's period"))
    description = (description or "").strip()
    if not description or len(description) > 2000:
        problems.add("description", gettext_lazy("describe what happened (at most 2000 characters)"))
    if status not in Claim.Status.values:
        problems.add("status", gettext_lazy("unknown status"))
    if amount is not None and amount < 0:
        problems.add("amount", gettext_lazy("the amount cannot be negative"))
    problems.raise_any()
    claim = Claim.objects.create(policy=policy, volunteer=volunteer, occurred_on=occurred_on, description=description,
                                 status=status, amount=amount, recorded_by=by)
    audit_record(action="claim_record", target_type="insurance_claim", target_id=claim.pk, region=policy.region,
                 actor=by, changes={"policy": policy.pk, "volunteer": volunteer.pk, "status": status,
                                    "amount": str(amount) if amount is not None else None})
    return claim


@transaction.atomic
def activity_risk_set(*, by, activity, risky: bool):
    """Mark an activity (reached through selectors.activity_get_for) as risky or not; a published one only when
    everyone confirmed is already insured for its dates."""
    if activity.is_risky == bool(risky):
        return activity
    if risky and activity.status == "published":  # already open: the same duty as at publication
        activity.is_risky = True
        try:
            require_cover_for_publish(activity=activity)
        finally:
            activity.is_risky = False
    type(activity).objects.filter(pk=activity.pk).update(is_risky=bool(risky))
    activity.is_risky = bool(risky)
    audit_record(action="activity_risk_set", target_type="activity", target_id=activity.pk, region=activity.region,
                 actor=by, changes={"is_risky": bool(risky)})
    return activity
