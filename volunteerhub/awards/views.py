from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from volunteerhub.awards import selectors, services
from volunteerhub.core.errors import ApplicationError, NotFound
from volunteerhub.core.i18n import t


def _get(request, pk: int):
    try:
        return selectors.nomination_get_for(user=request.user, nomination_id=pk)
    except NotFound:
        raise Http404 from None


def award_list(request):
    """The public notice board: nominations on notice (open to objections) and awards made."""
    now = timezone.now()
    items = [{"n": n, "name": selectors.public_nominee_name(n), "phase": selectors.phase(n, now),
              "label": selectors.phase_label(n, now)} for n in selectors.nominations_public()[:100]]
    awaiting = selectors.nominations_awaiting_decision(user=request.user) if request.user.is_authenticated \
        and request.user.is_admin else []
    return render(request, "awards/list.html", {"items": items, "awaiting": awaiting})


def award_detail(request, pk: int):
    nomination = _get(request, pk)
    return render(request, "awards/detail.html", {
        "n": nomination, "name": selectors.public_nominee_name(nomination), "phase": selectors.phase(nomination),
        "label": selectors.phase_label(nomination), "evidence": selectors.live_evidence(nomination),
        "objections": nomination.objections.all() if request.user.is_authenticated and request.user.is_admin else None,
        "objection_count": nomination.objections.count()})


@login_required
@require_POST
def award_object(request, pk: int):
    nomination = _get(request, pk)
    try:
        services.nomination_object(nomination=nomination, user=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, t("异议已提交", "Objection recorded"))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("award-detail", pk=pk)


@login_required
@require_POST
def award_decide(request, pk: int):
    nomination = _get(request, pk)
    try:
        services.nomination_decide(nomination=nomination, by=request.user, approve=request.POST.get("approve") == "1",
                                   note=request.POST.get("note", ""))
        messages.success(request, t("已审批", "Decision recorded"))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("award-detail", pk=pk)
