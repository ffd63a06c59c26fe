"""Consent to the user agreement and privacy policy: versioned texts, the separate consents PIPL asks for (the ID
number, a sensitive personal information; location), recorded with the versions, time, address and browser."""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy

from volunteerhub.accounts.models import PolicyConsent, PolicyText, Role, User
from volunteerhub.audit.services import audit_record
from volunteerhub.core.errors import NotFound, PermissionDenied, ValidationFailed

CONSENT_FIELDS = {
    "accept_policies": gettext_lazy("read and accept the user agreement and privacy policy"),
    "consent_id_number": gettext_lazy("consent separately to the processing of your ID number (sensitive personal information): real-name registration needs it"),
    "consent_location": gettext_lazy("consent separately to the processing of your location (matching nearby, check-in)"),
}


def policy_current(*, kind: str) -> PolicyText:
    text = _latest(kind)
    if text is None:
        raise NotFound(gettext_lazy("No such text"))
    return text


def policy_versions() -> dict[str, int]:
    """The current version of each text: {"terms": 2, "privacy": 1}."""
    rows = PolicyText.objects.values("kind").annotate(version=Max("version"))
    return {row["kind"]: row["version"] for row in rows}


def consent_problems(*, accept_policies: bool, consent_id_number: bool, consent_location: bool) -> dict[str, list]:
    given = {"accept_policies": accept_policies, "consent_id_number": consent_id_number,
             "consent_location": consent_location}
    return {name: [reason] for name, reason in CONSENT_FIELDS.items() if not given[name]}


@transaction.atomic
def consent_record(*, user: User, accept_policies: bool, consent_id_number: bool, consent_location: bool,
                   ip: str = "", user_agent: str = "") -> PolicyConsent:
    """Record the person's consent to the current versions; every box is needed."""
    if problems := consent_problems(accept_policies=accept_policies, consent_id_number=consent_id_number,
                                    consent_location=consent_location):
        raise ValidationFailed(problems, code="consent_required")
    versions = policy_versions()
    consent = PolicyConsent.objects.create(
        user=user, terms_version=versions.get("terms", 0), privacy_version=versions.get("privacy", 0),
        sensitive_id_number=True, location=True, ip=ip[:45], user_agent=(user_agent or "")[:255])
    audit_record(action="policy_consent", target_type="user", target_id=user.pk, actor=user, region=user.region,
                 changes={"terms": consent.terms_version, "privacy": consent.privacy_version,
                          "id_number": True, "location": True})
    return consent


def consent_is_current(*, user: User) -> bool:
    """Whether the person's latest consent covers the current versions (one query)."""
    latest_terms = PolicyText.objects.filter(kind="terms").order_by("-version").values("version")[:1]
    latest_privacy = PolicyText.objects.filter(kind="privacy").order_by("-version").values("version")[:1]
    return PolicyConsent.objects.filter(user=user, terms_version__gte=latest_terms,
                                        privacy_version__gte=latest_privacy).exists()


def policies_current() -> list[PolicyText]:
    """The newest version of each text (terms first)."""
    return [text for kind in PolicyText.Kind.values if (text := _latest(kind)) is not None]


def _latest(kind: str) -> PolicyText | None:
    return PolicyText.objects.filter(kind=kind).order_by("-version").first()


@transaction.atomic
def policy_publish(*, by: User, kind: str, title: str, body: str) -> PolicyText:
    """A new version of the agreement or privacy policy (the city's, or a superuser's): everyone signed in is asked
    again. Versions are never edited: a change is a new version."""
    if not (by.is_superuser or by.role == Role.CITY_ADMIN):
        raise PermissionDenied(gettext_lazy("Only the city publishes these texts"))
    problems = {}
    if kind not in PolicyText.Kind.values:
        problems["kind"] = [gettext_lazy("terms or privacy")]
    if not (title or "").strip() or len(title) > 64:
        problems["title"] = [gettext_lazy("1 to 64 characters")]
    if len((body or "").strip()) < 20:
        problems["body"] = [gettext_lazy("the text is too short")]
    if problems:
        raise ValidationFailed(problems)
    version = (PolicyText.objects.filter(kind=kind).aggregate(v=Max("version"))["v"] or 0) + 1
    text = PolicyText.objects.create(kind=kind, version=version, title=title.strip(), body=body.strip())
    audit_record(action="policy_publish", target_type="policy", target_id=text.pk, actor=by,
                 changes={"kind": kind, "version": version})
    return text
