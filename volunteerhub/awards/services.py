"""Commendations: nominate, public notice with objections, then an admin's decision."""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy, pgettext_lazy

from volunteerhub.regions.scope import can_manage_region
from volunteerhub.audit.services import audit_record
from volunteerhub.awards import selectors
from volunteerhub.awards.models import Nomination, Objection
from volunteerhub.core.errors import Conflict, NotAuthenticated, PermissionDenied, ValidationFailed
from volunteerhub.core.masking import mask_in_text
from volunteerhub.awards.evidence import project_evidence, project_get, team_evidence, volunteer_evidence
from volunteerhub.workdays.selectors import add_working_days

NOMINATOR_ROLES = selectors.NOMINATOR_ROLES


def notice_end_for(moment: dt.datetime, days: int | None = None) -> dt.datetime:
    """Notice runs through the whole last working day (the platform's calendar: holidays and 调休 included):
    it ends at local midnight after it."""
    days = settings.PUBLIC_NOTICE_WORKING_DAYS if days is None else days
    last = add_working_days(timezone.localdate(moment), days)
    midnight = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min)
    return timezone.make_aware(midnight, timezone.get_current_timezone())


def _nominee(kind: str, volunteer, team, project_id):
    if kind == Nomination.Kind.VOLUNTEER and volunteer is not None:
        return volunteer.name, volunteer.region, volunteer_evidence(volunteer)
    if kind == Nomination.Kind.TEAM and team is not None:
        return team.name, team.region, team_evidence(team)
    if kind == Nomination.Kind.PROJECT and project_id is not None:
        project = project_get(project_id)
        if project is not None:
            return project.name, project.region, project_evidence(project)
    raise ValidationFailed({kind if kind in Nomination.Kind.values else "kind":
                            [gettext_lazy("name the volunteer, team or project nominated")]})




@transaction.atomic
def nomination_create(*, by, kind: str, title: str, reason: str, volunteer=None, team=None,
                      project_id: int | None = None, year: int | None = None) -> Nomination:
    """An organiser (or admin) proposes a commendation; it goes on public notice at once."""
    title, reason = mask_in_text((title or "").strip()), mask_in_text((reason or "").strip())  # shown in public
    problems = {}
    if not 2 <= len(title) <= 128:
        problems["title"] = [pgettext_lazy("variant-d304970d", "the title must be 2 to 128 characters")]
    if not 10 <= len(reason) <= 2000:
        problems["reason"] = [gettext_lazy("the reason must be 10 to 2000 characters")]
    if problems:
        raise ValidationFailed(problems)
    name, region, evidence = _nominee(kind, volunteer, team, project_id)
    if not selectors.can_nominate(by, region=region, volunteer=volunteer, team=team):
        raise PermissionDenied(gettext_lazy("You may nominate only within your team or region"))
    now = timezone.now()
    year = year or timezone.localdate(now).year
    same = Nomination.objects.filter(kind=kind, volunteer=volunteer, team=team, project_id=project_id, title=title,
                                     year=year, status__in=[Nomination.Status.NOTICE, Nomination.Status.APPROVED])
    if same.exists():
        raise Conflict(gettext_lazy("This nominee already has this commendation"), code="duplicate_nomination")
    nomination = Nomination.objects.create(
        kind=kind, volunteer=volunteer, team=team, project_id=project_id, nominee_name=name, region=region,
        title=title, year=year, reason=reason, evidence=evidence, nominated_by=by, nominated_at=now,
        notice_ends_at=notice_end_for(now))
    audit_record(action="nominate", target_type="nomination", target_id=nomination.pk, region=region,
                 actor=by, changes={"kind": kind, "title": title, "notice_ends_at": nomination.notice_ends_at.isoformat()})
    return nomination


def _on_notice(nomination: Nomination, now: dt.datetime) -> bool:
    return nomination.status == Nomination.Status.NOTICE and now < nomination.notice_ends_at


@transaction.atomic
def nomination_object(*, nomination: Nomination, user, reason: str) -> Objection:
    """Anyone signed in may object, once, while the notice runs."""
    if user is None or not user.is_authenticated:
        raise NotAuthenticated()
    reason = mask_in_text((reason or "").strip())
    if not 5 <= len(reason) <= 1000:
        raise ValidationFailed({"reason": [gettext_lazy("the reason must be 5 to 1000 characters")]})
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if not _on_notice(nomination, timezone.now()):
        raise Conflict(gettext_lazy("The public notice is over: objections are closed"),
                       code="notice_closed")
    try:
        with transaction.atomic():
            objection = Objection.objects.create(nomination=nomination, user=user, reason=reason)
    except IntegrityError:
        raise Conflict(gettext_lazy("You have already objected to this nomination"),
                       code="duplicate_objection") from None
    audit_record(action="object", target_type="nomination", target_id=nomination.pk, region=nomination.region,
                 actor=user, changes={"objection": objection.pk})
    return objection


@transaction.atomic
def nomination_decide(*, nomination: Nomination, by, approve: bool, note: str = "") -> Nomination:
    """An admin of the nominee's region decides once the notice is over; objections need an answer."""
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if by is None or not by.is_authenticated or not by.is_admin or not can_manage_region(by, nomination.region):
        raise PermissionDenied(gettext_lazy("Only an admin of the nominee's region may decide"))
    now = timezone.now()
    if nomination.status != Nomination.Status.NOTICE:
        raise Conflict(gettext_lazy("This nomination has already been decided"), code="already_decided")
    if now < nomination.notice_ends_at:
        raise Conflict(gettext_lazy("The public notice is still running"), code="notice_running")
    note = (note or "").strip()
    if approve and nomination.objections.exists() and not note:
        raise ValidationFailed({"note": [gettext_lazy("There were objections: say how they were answered")]})
    nomination.status = Nomination.Status.APPROVED if approve else Nomination.Status.REJECTED
    nomination.decided_by, nomination.decided_at, nomination.decision_note = by, now, note[:255]
    nomination.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit_record(action="approve" if approve else "reject", target_type="nomination", target_id=nomination.pk,
                 region=nomination.region, actor=by, changes={"note": note[:255]})
    _tell_outcome(nomination, approve)
    return nomination


def _tell_outcome(nomination: Nomination, approved: bool) -> None:
    """The nominated volunteer and whoever nominated learn the outcome."""
    from volunteerhub.notifications.services import notify

    users = {nomination.nominated_by_id}
    if nomination.volunteer_id:
        users.add(nomination.volunteer.user_id)
    outcome = "已批准" if approved else "未获批准"
    notify(users=sorted(u for u in users if u), kind="nomination_decided",
           title=f"表彰推荐{outcome}：{nomination.title}",
           body=nomination.decision_note or f"“{nomination.title}”的推荐{outcome}。",
           link=f"/awards/{nomination.pk}/")


@transaction.atomic
def nomination_withdraw(*, nomination: Nomination, by) -> Nomination:
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    allowed = by is not None and by.is_authenticated and (
        nomination.nominated_by_id == by.pk or (by.is_admin and can_manage_region(by, nomination.region)))
    if not allowed:
        raise PermissionDenied()
    if nomination.status != Nomination.Status.NOTICE:
        raise Conflict(gettext_lazy("This nomination has already been decided"), code="already_decided")
    nomination.status = Nomination.Status.WITHDRAWN
    nomination.decided_by, nomination.decided_at = by, timezone.now()
    nomination.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(action="withdraw", target_type="nomination", target_id=nomination.pk, region=nomination.region,
                 actor=by)
    return nomination
