import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.utils.translation import gettext, gettext_lazy

from volunteerhub.callouts import selectors, services
from volunteerhub.callouts.models import Recipient
from volunteerhub.core.errors import NotFound, PermissionDenied, ValidationFailed
from volunteerhub.core.masking import mask_phone
from volunteerhub.volunteers.models import Qualification
from volunteerhub.volunteers.selectors import volunteer_of


def _managers_only(request) -> None:
    if not selectors.is_manager(request.user):
        raise PermissionDenied(gettext_lazy("Only organisers and admins manage call-outs"))


def _when(value: str) -> dt.datetime | None:
    try:
        return timezone.make_aware(dt.datetime.fromisoformat((value or "").strip()))
    except ValueError:
        return None


def _int(value, default: int = 0) -> int | None:
    try:
        return int(value) if value not in (None, "") else default
    except ValueError:
        return None


def _error(request, exc: ValidationFailed) -> None:
    reasons = "；".join(f"{name}: {r}" for name, rs in exc.fields.items() for r in rs)
    messages.error(request, f"{exc.message}：{reasons}")


@login_required
def callouts_page(request):
    """A manager's call-outs in reach, and a form to draft a new one."""
    _managers_only(request)
    if request.method == "POST":
        post = request.POST
        try:
            callout = services.callout_create(
                user=request.user, title=post.get("title", ""), message=post.get("message", ""),
                place=post.get("place", ""), region_code=post.get("region_code", ""), needed=_int(post.get("needed")),
                starts_at=_when(post.get("starts_at")), ends_at=_when(post.get("ends_at")),
                qualification_code=post.get("qualification_code", ""),
                min_star_level=_int(post.get("min_star_level")),
                remind_after_minutes=_int(post.get("remind_after_minutes"), 30))
        except ValidationFailed as exc:
            _error(request, exc)
            return redirect("/callouts/")
        messages.success(request, gettext("Draft saved: check it, then send"))
        return redirect(f"/callouts/{callout.pk}/")
    region = request.user.managed_region()
    return render(request, "callouts/list.html", {
        "callouts": selectors.callouts_managed_by(user=request.user)[:100],
        "qualifications": Qualification.objects.order_by("code"), "region_code": region.code if region else ""})


@login_required
def callout_page(request, callout_id: int):
    """A call's counts (sent, delivered, answered, deployed: reload for the latest) and its deployment roster."""
    _managers_only(request)
    callout = selectors.callout_get_to_manage(user=request.user, callout_id=callout_id)
    roster = list(selectors.roster(callout=callout))
    for row in roster:
        row.phone_masked = mask_phone(row.volunteer.phone or "")
    return render(request, "callouts/detail.html", {
        "callout": callout, "counts": selectors.callout_counts(callout=callout), "roster": roster, "pool_size": selectors.pool_for(callout=callout).count()
        if callout.status == callout.Status.DRAFT else None})


@login_required
@require_POST
def callout_action(request, callout_id: int, action: str):
    """Send or close a call from its page."""
    _managers_only(request)
    callout = selectors.callout_get_to_manage(user=request.user, callout_id=callout_id)
    if action == "send":
        services.callout_send(callout=callout, user=request.user)
        messages.success(request, gettext("The call-out is sent"))
    elif action == "close":
        services.callout_close(callout=callout, user=request.user)
        messages.success(request, gettext("The call-out is closed"))
    else:
        raise NotFound()
    return redirect(f"/callouts/{callout.pk}/")


@login_required
def answer_page(request, callout_id: int):
    """The page a call's message links to: one tap for yes, no, or available from a time."""
    volunteer = volunteer_of(user=request.user)
    if volunteer is None:
        raise NotFound(gettext_lazy("No such call-out"))
    recipient = selectors.recipient_of(callout_id=callout_id, volunteer=volunteer)
    if request.method == "POST":
        answer = request.POST.get("answer", "")
        available = None
        if answer == Recipient.Answer.LATER:
            try:
                available = dt.time.fromisoformat(request.POST.get("available_from", "").strip())
            except ValueError:
                available = None
        try:
            recipient = services.callout_answer(callout_id=callout_id, volunteer=volunteer, answer=answer,
                                                available_from=available, via=Recipient.Via.INBOX)
        except ValidationFailed as exc:
            _error(request, exc)
        return redirect(f"/callouts/{callout_id}/answer/")
    return render(request, "callouts/answer.html", {"recipient": recipient, "callout": recipient.callout})
