"""Hours pages: my ledger, the organiser's approval queue and correction requests."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext

from volunteerhub.core.errors import ApplicationError
from volunteerhub.hours import selectors, services


@login_required
def approvals(request):
    """The organiser's (or admin's) queue of entries waiting for a decision."""
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action in ("approve_selected", "approve_all"):
                entries = selectors.entries_pending_for(user=request.user).exclude(author=request.user)
                if action == "approve_selected":
                    entries = entries.filter(pk__in=[int(i) for i in request.POST.getlist("entry_ids") if i.isdigit()])
                approved, problems = services.ledger_entries_approve(entries=list(entries), user=request.user)
                messages.success(request, gettext("{approved} entries approved").format(approved=approved))
                for problem in problems:
                    messages.error(request, problem)
                return redirect("hours-approvals")
            entry = selectors.entry_get_for_manager(user=request.user, entry_id=int(request.POST.get("entry_id", 0)))
            services.ledger_entry_decide(entry=entry, user=request.user, approve=action == "approve",
                                         note=request.POST.get("note", ""))
            if action == "approve":
                messages.success(request, gettext("Approved: {name}, {hours} h").format(name=entry.volunteer.name, hours=entry.hours))
            else:
                messages.success(request, gettext("Rejected: {name} is told why").format(name=entry.volunteer.name))
        except ApplicationError as exc:
            messages.error(request, _error_text(exc))
        except ValueError as exc:
            messages.error(request, str(exc))
        return redirect("hours-approvals")
    return render(request, "hours/approvals.html", {
        "pending": selectors.entries_pending_for(user=request.user)[:200],
        "requests": selectors.correction_requests_for(user=request.user).filter(status="open")[:100]})


def _error_text(exc: ApplicationError) -> str:
    """The error's message followed by its field reasons, for a page message."""
    reasons = "；".join(str(r) for rs in exc.fields.values() for r in rs)
    return f"{exc.message}：{reasons}" if reasons else str(exc.message)


def _optional_decimal(value: str) -> Decimal | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        return Decimal("NaN")  # refused by the service with a field error


def _optional_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
def correction_requests(request):
    """Organisers (own team) and admins (own region) answer volunteers' correction requests."""
    if request.method == "POST":
        try:
            found = selectors.correction_request_get_for(user=request.user,
                                                         request_id=int(request.POST.get("request_id") or 0))
            accept = request.POST.get("action") == "accept"
            services.correction_request_resolve(
                correction_request=found, user=request.user, accept=accept, note=request.POST.get("note", ""),
                hours_delta=_optional_decimal(request.POST.get("hours_delta", "")) if accept else None,
                served_on=_optional_date(request.POST.get("served_on", "")))
            messages.success(request, gettext("Accepted: the correcting entry awaits approval")
                             if accept else gettext("Answered: no correction"))
        except ApplicationError as exc:
            messages.error(request, _error_text(exc))
        except ValueError:
            messages.error(request, gettext("Bad request"))
        return redirect("hours-corrections")
    handled = selectors.correction_requests_for(user=request.user)
    return render(request, "hours/corrections.html", {
        "open": selectors.correction_requests_open_for(user=request.user)[:100],
        "answered": handled.exclude(status="open").select_related("resolution_entry", "resolved_by")
        .order_by("-resolved_at")[:20],
        "today": timezone.localdate()})
