"""Writes of agreements and consent, and the sign-up check they make (志愿服务条例 Art. 14; PIPL Art. 31)."""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from volunteerhub.accounts.models import Role
from volunteerhub.accounts.phones import mask_contact_phone, validate_contact_phone
from volunteerhub.agreements import selectors
from volunteerhub.agreements.models import AgreementText, GuardianConsent, Signature
from volunteerhub.audit.services import audit_record
from volunteerhub.core.errors import Conflict, PermissionDenied, Problems
from volunteerhub.core.masking import mask_name
from volunteerhub.stats.labels import KINDS
from volunteerhub.volunteers.models import Volunteer

STANDING = {"unsigned": ("请先在“服务协议”中签署", "sign it under Agreements first"),
            "outdated": gettext_lazy("the text has changed: sign it again"),
            "expired": gettext_lazy("signed over a year ago: sign it again")}


def require_agreements_for_sign_up(*, activity, volunteer: Volunteer) -> None:
    """The current agreements for the activity's kind are signed, and a minor has a guardian's consent."""
    day = timezone.localdate(activity.starts_at)
    if not selectors.consent_on_file(volunteer=volunteer, day=day):
        raise PermissionDenied(gettext_lazy("A volunteer under 18 signs up only with a guardian's consent recorded by an organiser (under 14, also to the processing of their personal information)"),
                               code="guardian_consent_required")
    for text in selectors.texts_for_kind(activity.kind):
        standing = selectors.signature_standing(volunteer=volunteer, text=text)
        if standing != "signed":
            reason = STANDING[standing]
            raise Conflict(format_lazy(gettext_lazy("Sign \"{title}\" (version {version}) before signing up: {reason}"), title=text.title, version=text.version, reason=reason),
                           code="agreement_required")


@transaction.atomic
def agreement_publish(*, by, kind: str, title: str, body: str) -> AgreementText:
    """A new version of a kind's agreement (administrators): everyone signs it again before their next sign-up."""
    if by is None or not by.is_authenticated or not (by.is_superuser or by.role == Role.CITY_ADMIN):
        raise PermissionDenied(gettext_lazy("Agreements hold city-wide: only city administrators publish them"))
    problems = Problems()
    kind, title, body = (kind or "").strip(), (title or "").strip(), (body or "").strip()
    if kind and kind not in KINDS:
        problems.add("kind", gettext_lazy("unknown kind of service"))
    if not title or len(title) > 128:
        problems.add("title", gettext_lazy("a title of at most 128 characters"))
    if not body or len(body) > 20000:
        problems.add("body", gettext_lazy("a text of at most 20000 characters"))
    problems.raise_any()
    version = (AgreementText.objects.select_for_update().filter(kind=kind).aggregate(v=Max("version"))["v"] or 0) + 1
    try:
        with transaction.atomic():
            text = AgreementText.objects.create(kind=kind, version=version, title=title, body=body, published_by=by)
    except IntegrityError:
        raise Conflict(gettext_lazy("Another version was published at the same time: try again")) from None
    audit_record(action="agreement_publish", target_type="agreement", target_id=text.pk, actor=by,
                 changes={"kind": kind, "version": version, "title": title})
    return text


@transaction.atomic
def agreement_sign(*, user, text: AgreementText, ip: str | None) -> Signature:
    """The signed-in volunteer signs the current version of an agreement; the record keeps version, time,
    account and address."""
    volunteer = Volunteer.objects.filter(user=user).first() if user is not None and user.is_authenticated else None
    if volunteer is None:
        raise PermissionDenied(gettext_lazy("Only the volunteer signs for themself"))
    if text not in selectors.current_texts():
        raise Conflict(gettext_lazy("This version has been replaced: sign the newest"),
                       code="agreement_outdated")
    signature = Signature.objects.create(text=text, volunteer=volunteer, account=user, signed_at=timezone.now(),
                                         ip_address=ip or None)
    audit_record(action="agreement_sign", target_type="agreement", target_id=text.pk, actor=user,
                 region=volunteer.region, changes={"version": text.version, "volunteer": volunteer.pk})
    return signature


@transaction.atomic
def guardian_consent_record(*, by, volunteer: Volunteer, guardian_name: str, relation: str, guardian_phone: str,
                            covers_personal_information: bool = False) -> GuardianConsent:
    """An organiser records a guardian's consent for a volunteer under 18 (reached through volunteers_in_reach)."""
    if not selectors.may_record_consent(by):
        raise PermissionDenied(gettext_lazy("Only organisers and administrators record consent"))
    problems = Problems()
    age = selectors.age_on(volunteer.birth_date, timezone.localdate())
    if age >= selectors.ADULT_AGE:
        problems.add("volunteer_id", gettext_lazy("this volunteer is an adult: no consent is needed"))
    guardian_name = (guardian_name or "").strip()
    if not guardian_name or len(guardian_name) > 64:
        problems.add("guardian_name", gettext_lazy("the guardian's name"))
    if relation not in GuardianConsent.Relation.values:
        problems.add("relation", gettext_lazy("father, mother or other guardian"))
    try:
        guardian_phone = validate_contact_phone(guardian_phone)
    except ValueError as exc:
        problems.setdefault("guardian_phone", []).append(exc.args[0])
    if age < selectors.PIPL_CHILD_AGE and not covers_personal_information:
        problems.add("covers_personal_information", gettext_lazy("under 14 the guardian must also consent to the processing of personal information (PIPL Art. 31)"))
    problems.raise_any()
    consent = GuardianConsent.objects.create(volunteer=volunteer, guardian_name=guardian_name, relation=relation,
                                             guardian_phone=guardian_phone, recorded_by=by,
                                             covers_personal_information=bool(covers_personal_information))
    audit_record(action="guardian_consent_record", target_type="guardian_consent", target_id=consent.pk, actor=by,
                 region=volunteer.region, changes={"volunteer": volunteer.pk, "guardian": mask_name(guardian_name),
                                                   "phone": mask_contact_phone(guardian_phone), "relation": relation,
                                                   "personal_information": bool(covers_personal_information)})
    return consent
