from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.utils.translation import gettext, gettext_lazy

from volunteerhub.awards import selectors, services
from volunteerhub.awards.models import Nomination
from volunteerhub.core.errors import ApplicationError, NotFound, PermissionDenied


def _get(request, pk: int):
    try:
        return selectors.nomination_get_for(user=request.user, nomination_id=pk)
    except NotFound:
        raise Http404 from None


def award_list(request):
    """The public notice board: nominations on notice (open to objections) and awards made."""
    now = timezone.now()
    items = [{"n": n, "shown": selectors.public_view(n), "phase": selectors.phase(n, now),
              "label": selectors.phase_label(n, now)} for n in selectors.nominations_public()[:100]]
    awaiting = selectors.nominations_awaiting_decision(user=request.user) if request.user.is_authenticated \
        and request.user.is_admin else []
    return render(request, "awards/list.html", {"items": items, "awaiting": awaiting,
                                                "may_nominate": selectors.is_nominator(request.user)})


def award_detail(request, pk: int):
    nomination = _get(request, pk)
    return render(request, "awards/detail.html", {
        "n": nomination, "shown": selectors.public_view(nomination), "phase": selectors.phase(nomination),
        "label": selectors.phase_label(nomination), "evidence": selectors.live_evidence(nomination),
        "objections": nomination.objections.all() if request.user.is_authenticated and request.user.is_admin else None,
        "objection_count": nomination.objections.count()})


@login_required
@require_POST
def award_object(request, pk: int):
    nomination = _get(request, pk)
    try:
        services.nomination_object(nomination=nomination, user=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, gettext("Objection recorded"))
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
        messages.success(request, gettext("Decision recorded"))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("award-detail", pk=pk)


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def award_nominate(request):
    """Organisers and admins pick a volunteer, team or project, see its evidence, then nominate it."""
    if not selectors.is_nominator(request.user):
        raise PermissionDenied(gettext_lazy("Only organisers and admins may nominate"))
    params = request.POST if request.method == "POST" else request.GET
    kind = params.get("kind") if params.get("kind") in Nomination.Kind.values else Nomination.Kind.VOLUNTEER
    nominee_id, q = _int_or_none(params.get("nominee")), params.get("q", "").strip()
    preview = None
    if nominee_id is not None:
        try:
            preview = selectors.nominee_preview(user=request.user, kind=kind, nominee_id=nominee_id)
        except NotFound:
            messages.error(request, gettext("Not found, or outside what you may nominate"))
    if request.method == "POST" and preview is not None:
        nominee = preview["nominee"]
        try:
            made = services.nomination_create(
                by=request.user, kind=kind, title=params.get("title", ""), reason=params.get("reason", ""),
                volunteer=nominee if kind == Nomination.Kind.VOLUNTEER else None,
                team=nominee if kind == Nomination.Kind.TEAM else None,
                project_id=nominee.pk if kind == Nomination.Kind.PROJECT else None,
                year=_int_or_none(params.get("year")))
            messages.success(request, gettext("Nominated: the public notice has begun"))
            return redirect("award-detail", pk=made.pk)
        except ApplicationError as exc:
            reasons = "；".join(str(r) for rs in exc.fields.values() for r in rs)
            messages.error(request, f"{exc.message}{'：' + reasons if reasons else ''}")
    candidates = selectors.nominee_candidates(user=request.user, kind=kind, q=q) if preview is None else []
    return render(request, "awards/nominate.html", {
        "kind": kind, "kinds": Nomination.Kind.choices, "q": q, "candidates": candidates, "preview": preview,
        "form": {"title": params.get("title", ""), "reason": params.get("reason", ""),
                 "year": params.get("year") or timezone.localdate().year}})
