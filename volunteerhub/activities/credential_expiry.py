"""Credentials that run out: the volunteer is reminded CREDENTIAL_REMIND_DAYS_BEFORE days ahead; once one has
expired, their sign-ups for future activities that require it are cancelled (the seat goes to the waitlist) and
they are told why. Past service stays on the record. The scheduler runs it; running it twice acts once (each
valid-until date is reminded of and acted on once: a renewal brings a new date)."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from volunteerhub.activities.models import Activity, SignUp
from volunteerhub.activities.services import activity_cancel_sign_up
from volunteerhub.audit.services import audit_record
from volunteerhub.notifications.services import notify
from volunteerhub.volunteers.models import VolunteerQualification
from volunteerhub.volunteers.selectors import credentials_valid_on

CREDENTIALS_LINK = "/volunteers/credentials/"


def _claimed(credential: VolunteerQualification, field: str) -> bool:
    """Marks the credential's date as done for `field`; False when another run already did."""
    return VolunteerQualification.objects.filter(pk=credential.pk, valid_until=credential.valid_until) \
        .exclude(**{field: credential.valid_until}).update(**{field: credential.valid_until}) == 1


@transaction.atomic
def _remind(credential: VolunteerQualification) -> bool:
    if not _claimed(credential, "reminded_for"):
        return False
    name, until = credential.qualification.name, credential.valid_until
    notify(users=[credential.volunteer.user_id], kind="credential_expiring", title=f"资质证书即将到期：{name}",
           body=f"您的{name}证书（{credential.number}）有效期至{until:%Y-%m-%d}。请及时换证并上传新证书，"
                f"到期后将不能参加需要该资质的活动。", link=CREDENTIALS_LINK)
    return True


def _future_gated_signups(credential: VolunteerQualification, now: dt.datetime):
    return SignUp.objects.filter(
        volunteer_id=credential.volunteer_id, status__in=[SignUp.Status.CONFIRMED, SignUp.Status.WAITLISTED],
        activity__starts_at__gt=now, activity__status=Activity.Status.PUBLISHED,
        activity__required_qualifications=credential.qualification_id, checked_in_at__isnull=True,
    ).select_related("activity", "volunteer").order_by("activity__starts_at")


@transaction.atomic
def _expire(credential: VolunteerQualification, now: dt.datetime) -> int:
    if not _claimed(credential, "expiry_done_for"):
        return 0
    removed = [s.activity for s in _future_gated_signups(credential, now)]
    for activity in removed:
        activity_cancel_sign_up(activity=activity, volunteer=credential.volunteer)
    name, until = credential.qualification.name, credential.valid_until
    titles = "、".join(f"「{a.title}」" for a in removed)
    notify(users=[credential.volunteer.user_id], kind="credential_expired", title=f"资质证书已到期：{name}",
           body=f"您的{name}证书已于{until:%Y-%m-%d}到期。" + (f"已取消您在以下需要该资质的活动中的报名：{titles}。"
                                                       if removed else "") + "换证后上传新证书，经核验即可重新报名。",
           link=CREDENTIALS_LINK)
    audit_record(action="credential_expired", target_type="volunteer", target_id=credential.volunteer_id,
                 region=credential.volunteer.region,
                 changes={"qualification": credential.qualification_id, "valid_until": until.isoformat(),
                          "sign_ups_cancelled": [a.pk for a in removed]})
    return len(removed)


def credentials_remind_and_expire(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Remind of credentials about to expire and act on those expired; answers the counts."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    soon = credentials_valid_on(today).filter(
        valid_until__lte=today + dt.timedelta(days=settings.CREDENTIAL_REMIND_DAYS_BEFORE)) \
        .exclude(reminded_for=F("valid_until"))
    expired = VolunteerQualification.objects.filter(verified_at__isnull=False, rejected_at__isnull=True,
                                                    valid_until__lt=today).exclude(expiry_done_for=F("valid_until"))
    related = ("qualification", "volunteer", "volunteer__region", "volunteer__user")
    reminded = sum(_remind(c) for c in soon.select_related(*related).order_by("pk"))
    cancelled = sum(_expire(c, now) for c in expired.select_related(*related).order_by("pk"))
    return {"credentials_reminded": reminded, "credential_sign_ups_cancelled": cancelled}
