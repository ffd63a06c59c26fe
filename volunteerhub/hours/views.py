"""Hours pages: my ledger and certificate, the organiser's approval queue, public certificate check."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from volunteerhub.core.errors import ApplicationError
from volunteerhub.core.i18n import t
from volunteerhub.hours import selectors, services
from volunteerhub.hours.api import certificate_response, verification
from volunteerhub.hours.models import LedgerEntry
from volunteerhub.volunteers.selectors import volunteer_of


@login_required
def my_hours(request):
    volunteer = volunteer_of(user=request.user)
    if volunteer is None:
        return render(request, "hours/me.html", {"volunteer": None})
    if request.method == "POST":
        entry = LedgerEntry.objects.filter(pk=request.POST.get("entry_id") or 0, volunteer=volunteer).first()
        try:
            services.correction_request_create(volunteer=volunteer, entry=entry, message=request.POST.get("message", ""))
            messages.success(request, t("更正申请已提交，组织者会尽快处理", "Your correction request was sent"))
        except ApplicationError as exc:
            messages.error(request, str(exc.message))
        return redirect("my-hours")
    ledger = selectors.my_ledger(volunteer=volunteer)
    return render(request, "hours/me.html", {
        "volunteer": volunteer, "ledger": ledger, "rows": list(reversed(ledger["entries"])),
        "stars": "★" * ledger["star_level"], "trainings": selectors.training_record(volunteer=volunteer)[:20],
        "evaluations": selectors.evaluations(volunteer=volunteer)[:20],
        "certificates": volunteer.certificates.all()[:5]})


@login_required
def my_certificate(request):
    volunteer = volunteer_of(user=request.user)
    try:
        if volunteer is None:
            raise ApplicationError(t("请先注册为志愿者", "Register as a volunteer first"))
        cert = services.certificate_issue(volunteer=volunteer, issuer_user=request.user)
        return certificate_response(request, cert)
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
        return redirect("my-hours")


def certificate_verify(request, code: str):
    """Public: anyone holding the QR code sees whether the certificate is genuine, with masked data."""
    try:
        data = verification(selectors.certificate_by_code(code=code))
    except ApplicationError:
        return render(request, "hours/verify.html", {"data": None}, status=404)
    return render(request, "hours/verify.html", {"data": data, "stars": "★" * data["star_level"]})


@login_required
def approvals(request):
    """The organiser's (or admin's) queue of entries waiting for a decision."""
    if request.method == "POST":
        try:
            entry = selectors.entry_get_for_manager(user=request.user, entry_id=int(request.POST.get("entry_id", 0)))
            services.ledger_entry_decide(entry=entry, user=request.user, approve=request.POST.get("action") == "approve",
                                         note=request.POST.get("note", ""))
            messages.success(request, t("已审核", "Decided"))
        except (ApplicationError, ValueError) as exc:
            messages.error(request, str(getattr(exc, "message", exc)))
        return redirect("hours-approvals")
    return render(request, "hours/approvals.html", {
        "pending": selectors.entries_pending_for(user=request.user)[:200],
        "requests": selectors.correction_requests_for(user=request.user).filter(status="open")[:100]})
