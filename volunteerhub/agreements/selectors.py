"""Reads of agreements and consent: which texts a volunteer still has to sign, and whether a minor may serve."""

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from volunteerhub.accounts.models import Role
from volunteerhub.core.errors import NotFound
from volunteerhub.agreements.models import AgreementText, GuardianConsent, Signature
from volunteerhub.regions.scope import in_reach
from volunteerhub.volunteers.models import Volunteer

SIGNATURE_VALID_DAYS = 365  # re-signed yearly, and whenever the text changes
ADULT_AGE, PIPL_CHILD_AGE = 18, 14


def _newest_of_each_kind(queryset) -> list[AgreementText]:
    newest: dict[str, AgreementText] = {}
    for text in queryset.order_by("kind", "-version"):
        newest.setdefault(text.kind, text)
    return list(newest.values())


def current_texts() -> list[AgreementText]:
    """The newest version of each kind's agreement."""
    return _newest_of_each_kind(AgreementText.objects.all())


def texts_for_kind(kind: str) -> list[AgreementText]:
    """What a volunteer signs before serving in this kind: the general agreement and the kind's own, if any
    (one query; none signed when there are none)."""
    return _newest_of_each_kind(AgreementText.objects.filter(kind__in=("", kind)).defer("body"))


def signature_standing(*, volunteer: Volunteer, text: AgreementText, now: dt.datetime | None = None) -> str:
    """"signed", "outdated" (an earlier version only), "expired" (over a year ago) or "unsigned"."""
    now = now or timezone.now()
    last = Signature.objects.filter(volunteer=volunteer, text=text).order_by("-signed_at").first()
    if last is not None:
        return "signed" if last.signed_at >= now - dt.timedelta(days=SIGNATURE_VALID_DAYS) else "expired"
    earlier = Signature.objects.filter(volunteer=volunteer, text__kind=text.kind, text__version__lt=text.version)
    return "outdated" if earlier.exists() else "unsigned"


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def consent_on_file(*, volunteer: Volunteer, day: dt.date) -> bool:
    """Whether a minor (on `day`) has the guardian's consent they need: any under 18, covering personal
    information under 14; an adult needs none."""
    age = age_on(volunteer.birth_date, day)
    if age >= ADULT_AGE:
        return True
    consents = GuardianConsent.objects.filter(volunteer=volunteer)
    if age < PIPL_CHILD_AGE:
        consents = consents.filter(covers_personal_information=True)
    return consents.exists()


def may_record_consent(user) -> bool:
    return user is not None and user.is_authenticated and (
        user.is_superuser or user.is_admin or user.role == Role.ORGANIZER) and user.reach_path() is not None


def volunteers_in_reach(*, user) -> QuerySet[Volunteer]:
    if not may_record_consent(user):
        return Volunteer.objects.none()
    return in_reach(Volunteer.objects.select_related("region"), user)


def consents_for(*, user) -> QuerySet[GuardianConsent]:
    if not may_record_consent(user):
        return GuardianConsent.objects.none()
    return in_reach(GuardianConsent.objects.select_related("volunteer", "recorded_by"), user,
                    region_field="volunteer__region")


def text_get(*, text_id: int) -> AgreementText:
    """Any version of an agreement: the texts are public."""
    text = AgreementText.objects.filter(pk=text_id).first()
    if text is None:
        raise NotFound()
    return text


def volunteer_for_consent(*, user, volunteer_id: int) -> Volunteer:
    volunteer = volunteers_in_reach(user=user).filter(pk=volunteer_id).first()
    if volunteer is None:
        raise NotFound()
    return volunteer


def own_volunteer(user) -> Volunteer | None:
    if user is None or not user.is_authenticated:
        return None
    return Volunteer.objects.filter(user=user).first()
