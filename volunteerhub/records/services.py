"""Certificates of service (志愿服务证明): issued free on request, a snapshot of the record checkable by its code."""

import datetime as dt
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from volunteerhub.activities.models import Kind
from volunteerhub.audit.services import audit_record
from volunteerhub.records.models import Certificate
from volunteerhub.records.selectors import volunteer_awards_snapshot, volunteer_evaluations_snapshot
from volunteerhub.core.errors import ApplicationError
from volunteerhub.core.i18n import in_language
from volunteerhub.hours.models import LedgerDecision, LedgerEntry, VolunteerHours
from volunteerhub.hours.rules import counts_as_service
from volunteerhub.volunteers.models import Volunteer


def _content_of(volunteer) -> tuple[str, dt.date | None, dt.date | None]:
    """The kinds of service (training is certified apart) and the period of the approved record."""
    approved = LedgerEntry.objects.filter(volunteer=volunteer, decision__decision=LedgerDecision.Decision.APPROVED)
    counted = [c for c in LedgerEntry.Category.values if counts_as_service(c)]
    kinds = approved.exclude(activity=None).filter(category__in=counted) \
        .values_list("activity__kind", flat=True).distinct()
    labels = [in_language(Kind(k).label, settings.LANGUAGE_CODE) for k in sorted(set(kinds))]  # the certificate's language
    first = approved.order_by("served_on").values_list("served_on", flat=True).first()
    last = approved.order_by("-served_on").values_list("served_on", flat=True).first()
    return ("、".join(labels) or "志愿服务"), first, last


@transaction.atomic
def certificate_issue(*, volunteer, issuer_user=None) -> Certificate:
    """The volunteer's certificate of service; a new one only when approved hours changed."""
    Volunteer.objects.select_for_update().filter(pk=volunteer.pk).first()  # one issue at a time per volunteer
    totals = VolunteerHours.objects.filter(volunteer=volunteer).first()
    if totals is None or (totals.approved_hours <= 0 and totals.training_hours <= 0):
        raise ApplicationError(gettext_lazy("No approved hours yet: no certificate"),
                               code="no_hours", status=409)
    last_entry = LedgerDecision.objects.filter(entry__volunteer=volunteer).order_by("-pk").values_list("pk", flat=True).first() or 0
    latest = Certificate.objects.filter(volunteer=volunteer).order_by("-pk").first()
    awards = volunteer_awards_snapshot(volunteer=volunteer)
    evaluations = volunteer_evaluations_snapshot(volunteer=volunteer)
    if latest is not None and latest.entries_through == last_entry and latest.hours == totals.approved_hours \
            and latest.training_hours == totals.training_hours and latest.awards == awards \
            and latest.evaluations == evaluations:
        return latest
    content, first, last = _content_of(volunteer)
    team = volunteer.team
    today = timezone.localdate()
    serial = Certificate.objects.filter(volunteer=volunteer).count() + 1
    cert = Certificate.objects.create(
        number=f"BZWJ{today:%Y}{volunteer.pk:07d}{serial:03d}", code=secrets.token_urlsafe(12)[:16],
        volunteer=volunteer, name=volunteer.name, id_number_masked=volunteer.id_number_masked,
        volunteer_number=volunteer.volunteer_number, hours=totals.approved_hours, star_level=totals.star_level,
        training_hours=totals.training_hours, evaluations=evaluations,
        content=content[:500], period_from=first, period_to=last, issuer=settings.CORPS_NAME,
        person_in_charge=getattr(settings, "CERTIFICATE_PERSON_IN_CHARGE", ""),
        handling_officer=(team.leader_name if team and team.leader_name else
                          getattr(settings, "CERTIFICATE_HANDLING_OFFICER", "")),
        contact=(team.contact_phone if team and team.contact_phone else
                 getattr(settings, "CERTIFICATE_CONTACT", "")),
        awards=awards, entries_through=last_entry, issued_on=today)
    audit_record(action="certificate_issue", target_type="certificate", target_id=cert.pk, region=volunteer.region,
                 actor=issuer_user, changes={"number": cert.number, "hours": str(cert.hours),
                                             "training_hours": str(cert.training_hours)})
    return cert
