import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy

from volunteerhub.core.errors import ApplicationError, PermissionDenied, ValidationFailed
from volunteerhub.core.masking import mask_name
from volunteerhub.insurance import selectors, services
from volunteerhub.insurance.models import Claim, Policy


def _manager(request) -> None:
    if not selectors.may_manage_insurance(request.user):
        raise PermissionDenied(gettext_lazy("Only organisers and administrators see insurance"))


def _date(value, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        raise ValidationFailed({field: [gettext_lazy("a date like 2027-01-01")]}) from None


def _int(value) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() else None


def _error(request, exc: ApplicationError) -> None:
    reasons = "；".join(str(r) for rs in exc.fields.values() for r in rs)
    messages.error(request, f"{exc.message}{'：' + reasons if reasons else ''}")


@login_required
def policy_list_page(request):
    """The policies in reach, and a form to register one."""
    _manager(request)
    if request.method == "POST":
        try:
            ids = [int(x) for x in request.POST.get("volunteer_ids", "").replace("，", ",").split(",") if x.strip().isdigit()]
            policy = services.policy_create(
                by=request.user, insurer=request.POST.get("insurer", ""), number=request.POST.get("number", ""),
                cover=request.POST.get("cover", ""), starts_on=_date(request.POST.get("starts_on"), "starts_on"),
                ends_on=_date(request.POST.get("ends_on"), "ends_on"), covers=request.POST.get("covers", ""),
                team_id=_int(request.POST.get("team_id")), activity_id=_int(request.POST.get("activity_id")),
                volunteer_ids=ids, region_code=request.POST.get("region_code") or None)
            messages.success(request, gettext("Policy registered"))
            return redirect(f"/insurance/{policy.pk}/")
        except ApplicationError as exc:
            _error(request, exc)
    return render(request, "insurance/list.html", {
        "policies": selectors.policies_for(user=request.user)[:200], "covers": Policy.Covers.choices,
        "activities": selectors.activities_to_insure(user=request.user)[:50]})


@login_required
def policy_page(request, pk: int):
    """One policy: who it insures (masked) and its claims log, with a form to add a claim."""
    _manager(request)
    policy = selectors.policy_get_for(user=request.user, policy_id=pk)
    if request.method == "POST":
        try:
            amount = (request.POST.get("amount") or "").strip()
            services.claim_record(by=request.user, policy=policy, volunteer_id=_int(request.POST.get("volunteer_id")) or 0,
                                  occurred_on=_date(request.POST.get("occurred_on"), "occurred_on"),
                                  description=request.POST.get("description", ""),
                                  status=request.POST.get("status", Claim.Status.REPORTED),
                                  amount=Decimal(amount) if amount else None)
            messages.success(request, gettext("Claim recorded"))
            return redirect(f"/insurance/{policy.pk}/")
        except InvalidOperation:
            messages.error(request, gettext("The amount is not a number"))
        except ApplicationError as exc:
            _error(request, exc)
    insured = [{"id": v.pk, "number": v.volunteer_number, "name": mask_name(v.name)}
               for v in selectors.insured_of(policy)[:500]]
    return render(request, "insurance/policy.html", {
        "policy": policy, "insured": insured, "claims": selectors.claims_of(policy), "statuses": Claim.Status.choices})


@login_required
def activity_risk_page(request, pk: int):
    """An activity's risk flag and whether everyone confirmed is insured for its dates."""
    activity = selectors.activity_get_for(user=request.user, activity_id=pk)
    if request.method == "POST":
        services.activity_risk_set(by=request.user, activity=activity, risky=request.POST.get("risky") == "1")
        messages.success(request, gettext("Updated"))
        return redirect(f"/insurance/activities/{activity.pk}/")
    roster = [{"name": mask_name(v.name), "number": v.volunteer_number,
               "covered": selectors.is_covered(activity=activity, volunteer=v)}
              for v in selectors.confirmed_volunteers(activity)[:500]]
    return render(request, "insurance/activity.html", {"activity": activity, "roster": roster})
