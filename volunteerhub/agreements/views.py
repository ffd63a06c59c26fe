from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy

from volunteerhub.accounts.phones import mask_contact_phone
from volunteerhub.agreements import selectors, services
from volunteerhub.agreements.models import GuardianConsent
from volunteerhub.core.addresses import client_ip
from volunteerhub.core.errors import ApplicationError, PermissionDenied
from volunteerhub.core.masking import mask_name
from volunteerhub.stats.labels import KINDS, kind_label


def _error(request, exc: ApplicationError) -> None:
    reasons = "；".join(str(r) for rs in exc.fields.values() for r in rs)
    messages.error(request, f"{exc.message}{'：' + reasons if reasons else ''}")


def _int(value) -> int:
    value = (value or "").strip()
    return int(value) if value.isdigit() else 0


@login_required
def agreements_page(request):
    """The current agreements: a volunteer reads and signs them; administrators publish new versions."""
    if request.method == "POST":
        try:
            if request.POST.get("action") == "publish":
                services.agreement_publish(by=request.user, kind=request.POST.get("kind", ""),
                                           title=request.POST.get("title", ""), body=request.POST.get("body", ""))
                messages.success(request, gettext("New version published"))
            else:
                text = selectors.text_get(text_id=_int(request.POST.get("agreement_id")))
                services.agreement_sign(user=request.user, text=text, ip=client_ip(request))
                messages.success(request, gettext("Signed"))
        except ApplicationError as exc:
            _error(request, exc)
        return redirect("/agreements/")
    volunteer = selectors.own_volunteer(request.user)
    texts = [{"text": x, "kind": kind_label(x.kind) if x.kind else gettext("Every kind of service"),
              "standing": selectors.signature_standing(volunteer=volunteer, text=x) if volunteer else None}
             for x in selectors.current_texts()]
    return render(request, "agreements/list.html", {
        "texts": texts, "is_volunteer": volunteer is not None, "may_publish": request.user.is_admin,
        "kinds": [(code, kind_label(code)) for code in KINDS]})


@login_required
def consents_page(request):
    """Guardians' consents for minors in the organiser's reach (phones masked), and a form to record one."""
    if not selectors.may_record_consent(request.user):
        raise PermissionDenied(gettext_lazy("Only organisers and administrators record consent"))
    if request.method == "POST":
        try:
            volunteer = selectors.volunteer_for_consent(user=request.user, volunteer_id=_int(request.POST.get("volunteer_id")))
            services.guardian_consent_record(
                by=request.user, volunteer=volunteer, guardian_name=request.POST.get("guardian_name", ""),
                relation=request.POST.get("relation", ""), guardian_phone=request.POST.get("guardian_phone", ""),
                covers_personal_information=request.POST.get("covers_personal_information") == "1")
            messages.success(request, gettext("Consent recorded"))
            return redirect("/agreements/consents/")
        except ApplicationError as exc:
            _error(request, exc)
    consents = [{"volunteer": c.volunteer.volunteer_number, "name": mask_name(c.volunteer.name),
                 "guardian": mask_name(c.guardian_name), "relation": c.get_relation_display(),
                 "phone": mask_contact_phone(c.guardian_phone), "pi": c.covers_personal_information,
                 "at": c.recorded_at} for c in selectors.consents_for(user=request.user)[:200]]
    return render(request, "agreements/consents.html", {"consents": consents,
                                                        "relations": GuardianConsent.Relation.choices})
