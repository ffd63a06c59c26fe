"""Reads of the ledger, scoped by who asks; rights to record and decide entries."""

from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet, Sum

from volunteerhub.accounts.models import Role
from volunteerhub.regions.scope import can_manage_region, in_reach
from volunteerhub.core.errors import NotFound
from volunteerhub.hours import rules
from volunteerhub.hours.models import CorrectionRequest, LedgerDecision, LedgerEntry, VolunteerHours


def _is_manager(user) -> bool:
    return user is not None and user.is_authenticated and (user.is_admin or user.role == Role.ORGANIZER)


def _manages(user, *, team_id, region) -> bool:
    """An organiser manages their own team's records; an admin those in their region subtree."""
    if not _is_manager(user):
        return False
    if user.is_superuser or (user.is_admin and can_manage_region(user, region)):
        return True
    return user.role == Role.ORGANIZER and user.team_id is not None and user.team_id == team_id


def can_decide_entry(*, user, entry: LedgerEntry) -> bool:
    if entry.volunteer.user_id == getattr(user, "pk", None):
        return False  # nobody approves their own hours
    return _manages(user, team_id=entry.team_id, region=entry.region)


def can_record_for(*, user, volunteer, activity=None) -> bool:
    if volunteer.user_id == getattr(user, "pk", None):
        return False
    if activity is not None:
        return _manages(user, team_id=activity.team_id, region=activity.region)
    return _manages(user, team_id=volunteer.team_id, region=volunteer.region)


def can_handle_request(*, user, correction_request: CorrectionRequest) -> bool:
    return _manages(user, team_id=correction_request.team_id, region=correction_request.region)


def entries_managed_by(*, user) -> QuerySet[LedgerEntry]:
    """Entries an organiser (own team) or an admin (region subtree) may see and decide."""
    base = LedgerEntry.objects.select_related("volunteer", "activity", "decision", "author", "team")
    if not _is_manager(user):
        return base.none()
    if user.is_admin:
        return in_reach(base, user)
    return base.filter(team_id=user.team_id) if user.team_id else base.none()


def entries_pending_for(*, user) -> QuerySet[LedgerEntry]:
    return entries_managed_by(user=user).filter(decision__isnull=True).exclude(volunteer__user=user) \
        .order_by("created_at", "pk")


def entry_get_for_manager(*, user, entry_id: int) -> LedgerEntry:
    entry = entries_managed_by(user=user).filter(pk=entry_id).first()
    if entry is None:
        raise NotFound()
    return entry


def entry_status(entry: LedgerEntry) -> str:
    decision = _decision_or_none(entry)
    return decision.decision if decision is not None else "pending"


def _decision_or_none(entry: LedgerEntry):
    try:
        return entry.decision
    except LedgerDecision.DoesNotExist:
        return None


def my_ledger(*, volunteer) -> dict:
    """Every entry of a volunteer, oldest first, with the running totals of approved service and of training."""
    entries = list(LedgerEntry.objects.filter(volunteer=volunteer)
                   .select_related("activity", "decision", "author", "corrects").order_by("created_at", "pk"))
    running = {c: Decimal("0") for c in LedgerEntry.Category.values}
    pending = {c: Decimal("0") for c in LedgerEntry.Category.values}
    rows = []
    for entry in entries:
        decision = _decision_or_none(entry)
        status = decision.decision if decision else "pending"
        if status == LedgerDecision.Decision.APPROVED:
            running[entry.category] += entry.hours
        elif status == "pending":
            pending[entry.category] += entry.hours
        rows.append({"entry": entry, "status": status, "decision": decision,
                     "running_total": running[entry.category]})
    totals = volunteer_totals(volunteer=volunteer)
    return {"entries": rows, "pending_hours": pending["service"], "pending_training_hours": pending["training"],
            **totals}


def volunteer_totals(*, volunteer) -> dict:
    """Read from the kept totals: never sums the ledger."""
    row = VolunteerHours.objects.filter(volunteer=volunteer).first()
    hours = row.approved_hours if row else Decimal("0")
    return {"approved_hours": hours, "approved_entries": row.approved_entries if row else 0,
            "service_hours": row.service_hours if row else Decimal("0"),
            "training_hours": row.training_hours if row else Decimal("0"),
            "training_entries": row.training_entries if row else 0,
            "training_counts_as_service": bool(settings.TRAINING_COUNTS_AS_SERVICE),
            "star_level": row.star_level if row else 0, "next_threshold": rules.next_threshold(hours)}


def ledger_sum_approved(*, volunteer) -> Decimal:
    """The slow way (sums the ledger): used only to check the kept totals (what counts: see rules.counts_as_service)."""
    counted = [c for c in LedgerEntry.Category.values if rules.counts_as_service(c)]
    return LedgerEntry.objects.filter(volunteer=volunteer, decision__decision=LedgerDecision.Decision.APPROVED,
                                      category__in=counted).aggregate(s=Sum("hours"))["s"] or Decimal("0")


def correction_requests_for(*, user) -> QuerySet[CorrectionRequest]:
    base = CorrectionRequest.objects.select_related("volunteer", "entry", "activity")
    if not _is_manager(user):
        return base.none()
    if user.is_admin:
        return in_reach(base, user)
    return base.filter(team_id=user.team_id) if user.team_id else base.none()


def correction_requests_open_for(*, user) -> QuerySet[CorrectionRequest]:
    """Open requests in the asker's reach, oldest first, with the entry each one is about."""
    return correction_requests_for(user=user).filter(status=CorrectionRequest.Status.OPEN) \
        .select_related("volunteer__team", "entry__decision", "entry__activity", "entry__author", "team") \
        .order_by("created_at", "pk")


def correction_request_get_for(*, user, request_id: int) -> CorrectionRequest:
    found = correction_requests_for(user=user).filter(pk=request_id).first()
    if found is None:
        raise NotFound()
    return found


def team_totals(*, team_ids) -> dict[int, dict]:
    from volunteerhub.hours.models import TeamHours

    return {row.team_id: {"approved_hours": row.approved_hours, "approved_entries": row.approved_entries}
            for row in TeamHours.objects.filter(team_id__in=list(team_ids))}

