"""The volunteer's service record page, my certificate as a PDF, and the public check its QR code opens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from volunteerhub.activities.selectors import evaluations_of, trainings_attended
from volunteerhub.hours.models import LedgerEntry
from volunteerhub.hours.selectors import my_ledger
from volunteerhub.hours.services import correction_request_create
from volunteerhub.records.pdf import certificate_response
from volunteerhub.records.selectors import certificate_by_code, public_certificate_awards, verification
from volunteerhub.records.services import certificate_issue
from volunteerhub.core.errors import ApplicationError
from volunteerhub.volunteers.selectors import volunteer_of


@login_required
def my_record(request):
    """The volunteer's service record: the ledger, trainings, evaluations and certificates."""
    volunteer = volunteer_of(user=request.user)
    if volunteer is None:
        return render(request, "records/me.html", {"volunteer": None})
    if request.method == "POST":
        entry = LedgerEntry.objects.filter(pk=request.POST.get("entry_id") or 0, volunteer=volunteer).first()
        try:
            correction_request_create(volunteer=volunteer, entry=entry, message=request.POST.get("message", ""))
            messages.success(request, gettext("Your correction request was sent"))
        except ApplicationError as exc:
            messages.error(request, str(exc.message))
        return redirect("my-hours")
    ledger = my_ledger(volunteer=volunteer)
    return render(request, "records/me.html", {
        "volunteer": volunteer, "ledger": ledger, "rows": list(reversed(ledger["entries"])),
        "stars": "★" * ledger["star_level"], "trainings": trainings_attended(volunteer=volunteer)[:20],
        "evaluations": evaluations_of(volunteer=volunteer)[:20],
        "certificates": volunteer.certificates.all()[:5]})


@login_required
def my_certificate(request):
    volunteer = volunteer_of(user=request.user)
    try:
        if volunteer is None:
            raise ApplicationError(gettext("Register as a volunteer first"))
        cert = certificate_issue(volunteer=volunteer, issuer_user=request.user)
        return certificate_response(request, cert)
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
        return redirect("my-hours")


def certificate_verify(request, code: str):
    """Public: anyone holding the QR code sees whether the certificate is genuine, with masked data."""
    try:
        cert = certificate_by_code(code=code)
    except ApplicationError:
        return render(request, "records/verify.html", {"data": None}, status=404)
    data = verification(cert)
    return render(request, "records/verify.html", {"data": data, "stars": "★" * data["star_level"],
                                                 "awards": public_certificate_awards(cert)})
