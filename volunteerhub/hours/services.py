"""Writes to the service-hour ledger. Entries and decisions are only ever added, never changed."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy

from volunteerhub.audit.services import audit_record
from volunteerhub.core.errors import ApplicationError, Conflict, PermissionDenied, field_error
from volunteerhub.hours import rules
from volunteerhub.hours.models import (CorrectionRequest, LedgerDecision, LedgerEntry, TeamHours,
                                       VolunteerHours)
from volunteerhub.hours.selectors import can_decide_entry, can_record_for
from volunteerhub.stats.services import rollup_add

MAX_ENTRY_HOURS = Decimal("24")


def served_minutes(*, activity, checked_in_at: dt.datetime, checked_out_at: dt.datetime) -> int:
    """Minutes actually served: the check-in/out span clipped to the activity's own time (no travel)."""
    start, end = max(checked_in_at, activity.starts_at), min(checked_out_at, activity.ends_at)
    return max(0, int((end - start).total_seconds() // 60))


@transaction.atomic
def ledger_record_service(*, signup, author=None) -> LedgerEntry:
    """The pending entry for a checked-out sign-up; recording twice gives the same entry."""
    existing = LedgerEntry.objects.filter(signup=signup, kind=LedgerEntry.Kind.SERVICE).first()
    if existing is not None:
        return existing
    activity = signup.activity
    minutes = served_minutes(activity=activity, checked_in_at=signup.checked_in_at,
                             checked_out_at=signup.checked_out_at)
    try:
        with transaction.atomic():
            entry = LedgerEntry.objects.create(
                volunteer=signup.volunteer, activity=activity, signup=signup, team=activity.team,
                region=activity.region, kind=LedgerEntry.Kind.SERVICE, category=rules.category_of(activity),
                served_on=timezone.localtime(activity.starts_at).date(),
                started_at=max(signup.checked_in_at, activity.starts_at),
                ended_at=min(signup.checked_out_at, activity.ends_at), minutes=minutes,
                hours=rules.round_minutes(minutes), rounding_rule=settings.HOURS_ROUNDING_RULE,
                content=f"{activity.get_kind_display()}：{activity.title}", author=author)
    except IntegrityError:  # recorded meanwhile by a concurrent check-out
        return LedgerEntry.objects.get(signup=signup, kind=LedgerEntry.Kind.SERVICE)
    audit_record(action="ledger_record", target_type="ledger_entry", target_id=entry.pk, region=entry.region,
                 changes={"volunteer": signup.volunteer_id, "minutes": minutes, "hours": str(entry.hours),
                          "category": entry.category})
    return entry


@transaction.atomic
def ledger_record_home_service(*, volunteer, started_at: dt.datetime, ended_at: dt.datetime, region, content: str,
                               reason: str, evidence: dict, author) -> LedgerEntry:
    """The pending entry for a service at someone's home (a resident's request), with what proves it: who
    confirmed it and how, the photos, where its record is. Someone other than its author approves it."""
    minutes = max(0, min(int((ended_at - started_at).total_seconds() // 60), int(MAX_ENTRY_HOURS * 60)))
    entry = LedgerEntry.objects.create(
        volunteer=volunteer, team=volunteer.team, region=region, kind=LedgerEntry.Kind.HOME_SERVICE,
        category=LedgerEntry.Category.SERVICE, served_on=timezone.localtime(started_at).date(), started_at=started_at,
        ended_at=ended_at, minutes=minutes, hours=rules.round_minutes(minutes),
        rounding_rule=settings.HOURS_ROUNDING_RULE, content=content[:255], reason=reason[:255], evidence=evidence,
        author=author)
    audit_record(action="ledger_record", target_type="ledger_entry", target_id=entry.pk, region=region,
                 changes={"volunteer": volunteer.pk, "minutes": minutes, "hours": str(entry.hours),
                          "evidence": evidence})
    return entry


def _clean_hours(value, *, field: str = "hours", allow_negative: bool = False) -> Decimal:
    try:
        hours = Decimal(str(value)).quantize(Decimal("0.01"))
        in_range = hours != 0 and abs(hours) <= MAX_ENTRY_HOURS and (hours > 0 or allow_negative)
    except (InvalidOperation, ValueError):  # not a number, NaN or infinite
        raise field_error(field, gettext_lazy("must be a number")) from None
    if not in_range:
        raise field_error(field, gettext_lazy("must be between 0 and 24 hours and not zero"))
    return hours


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise field_error("reason", gettext_lazy("a reason is required"))
    return reason[:255]


def _clean_category(category: str | None, activity) -> str:
    """A training activity's entries are training; without an activity the recorder says which."""
    if activity is not None:
        return rules.category_of(activity)
    if (category or "service") not in LedgerEntry.Category.values:
        raise field_error("category", gettext_lazy("must be service or training"))
    return category or LedgerEntry.Category.SERVICE


@transaction.atomic
def ledger_backfill(*, user, volunteer, hours, served_on: dt.date, reason: str, content: str = "",
                    activity=None, category: str | None = None) -> LedgerEntry:
    """A back-filled record (补录) for service or training that was not checked in: pending like any other."""
    hours, reason = _clean_hours(hours), _clean_reason(reason)
    category = _clean_category(category, activity)
    if served_on > timezone.localdate():
        raise field_error("served_on", gettext_lazy("cannot be in the future"))
    if not can_record_for(user=user, volunteer=volunteer, activity=activity):
        raise PermissionDenied(gettext_lazy("You may back-fill only for your own team or region"))
    team = activity.team if activity else (user.team if user.team_id else volunteer.team)
    region = activity.region if activity else (team.region if team else volunteer.region)
    entry = LedgerEntry.objects.create(
        volunteer=volunteer, activity=activity, team=team, region=region, kind=LedgerEntry.Kind.BACKFILL,
        category=category, served_on=served_on, minutes=int(hours * 60), hours=hours, rounding_rule="manual",
        content=(content or (activity.title if activity else ""))[:255], reason=reason, author=user)
    audit_record(action="ledger_backfill", target_type="ledger_entry", target_id=entry.pk, region=region,
                 changes={"volunteer": volunteer.pk, "hours": str(hours), "reason": reason, "category": category})
    return entry


def entry_effective_hours(*, entry: LedgerEntry) -> Decimal:
    """An entry's hours plus those of its corrections that are approved or still pending."""
    corrections = entry.corrections.exclude(decision__decision=LedgerDecision.Decision.REJECTED)
    return entry.hours + (corrections.aggregate(s=Sum("hours"))["s"] or Decimal("0"))


@transaction.atomic
def ledger_correct(*, user, entry: LedgerEntry, hours_delta, reason: str) -> LedgerEntry:
    """A correction: a new entry adding (or, negative, taking away) hours from an earlier one."""
    delta, reason = _clean_hours(hours_delta, field="hours_delta", allow_negative=True), _clean_reason(reason)
    if entry.kind == LedgerEntry.Kind.CORRECTION:
        raise field_error("entry", gettext_lazy("correct the original entry, not a correction"))
    if not can_decide_entry(user=user, entry=entry):
        raise PermissionDenied(gettext_lazy("You may correct only your own team's or region's entries"))
    corrected = entry_effective_hours(entry=entry) + delta
    if corrected < 0:
        raise field_error("hours_delta", gettext_lazy("the corrected hours cannot be negative"))
    if corrected > MAX_ENTRY_HOURS:
        raise field_error("hours_delta", gettext_lazy("the corrected hours cannot exceed 24"))
    correction = LedgerEntry.objects.create(
        volunteer=entry.volunteer, activity=entry.activity, team=entry.team, region=entry.region,
        kind=LedgerEntry.Kind.CORRECTION, category=entry.category, corrects=entry, served_on=entry.served_on,
        minutes=int(delta * 60), hours=delta, rounding_rule="manual", content=entry.content, reason=reason,
        author=user)
    audit_record(action="ledger_correct", target_type="ledger_entry", target_id=correction.pk, region=entry.region,
                 changes={"corrects": entry.pk, "hours_delta": str(delta), "reason": reason})
    return correction


def _ensure(model, **key):
    """The kept-total row for a key, created on first use even under concurrent writers."""
    if not model.objects.filter(**key).exists():
        try:
            with transaction.atomic():
                model.objects.create(**key)
        except IntegrityError:
            pass


def _add_to_totals(entry: LedgerEntry) -> VolunteerHours:
    """Training goes to its own total; what counts (service, or training where local rules say) moves the stars."""
    counted = rules.counts_as_service(entry.category)
    now = timezone.now()
    moves = {"training_hours": F("training_hours") + entry.hours, "training_entries": F("training_entries") + 1} \
        if entry.category == LedgerEntry.Category.TRAINING else {"service_hours": F("service_hours") + entry.hours}
    if counted:
        moves.update(approved_hours=F("approved_hours") + entry.hours, approved_entries=F("approved_entries") + 1)
    _ensure(VolunteerHours, volunteer_id=entry.volunteer_id)
    VolunteerHours.objects.filter(volunteer_id=entry.volunteer_id).update(**moves, updated_at=now)
    totals = VolunteerHours.objects.get(volunteer_id=entry.volunteer_id)
    level = rules.star_level(totals.approved_hours)
    if level != totals.star_level:
        VolunteerHours.objects.filter(pk=totals.pk).update(star_level=level)
        totals.star_level = level
    if counted and entry.team_id:
        _ensure(TeamHours, team_id=entry.team_id)
        TeamHours.objects.filter(team_id=entry.team_id).update(
            approved_hours=F("approved_hours") + entry.hours, approved_entries=F("approved_entries") + 1,
            updated_at=now)
    return totals


def _announce_star_level(totals: VolunteerHours, *, entry: LedgerEntry) -> bool:
    """Tell the volunteer of a star level reached for the first time: once per level, even if hours dip and return."""
    level = totals.star_level
    if level <= totals.star_level_announced or not VolunteerHours.objects.filter(
            pk=totals.pk, star_level_announced__lt=level).update(star_level_announced=level):
        return False
    from volunteerhub.notifications.services import notify

    threshold = rules.thresholds()[level - 1]
    notify(users=[entry.volunteer.user_id], kind="star_level", title=f"恭喜您成为{level}星志愿者",
           body=f"您已审核通过的志愿服务时长累计 {totals.approved_hours} 小时，达到{level}星级（{threshold} 小时）。"
                f"可在“我的服务时长”下载志愿服务证明。",
           link="/me/hours/certificate.pdf")
    audit_record(action="star_level_reached", target_type="volunteer", target_id=totals.volunteer_id,
                 region=entry.region, changes={"star_level": level, "approved_hours": str(totals.approved_hours)})
    return True


def ledger_entries_approve(*, entries, user) -> tuple[int, list[str]]:
    """Approve several entries at once, each in its own transaction: (how many approved, why the others were not)."""
    approved, problems = 0, []
    for entry in entries:
        try:
            ledger_entry_decide(entry=entry, user=user, approve=True)
            approved += 1
        except ApplicationError as exc:
            problems.append(f"{entry.volunteer.name}：{exc.message}")
    return approved, problems


@transaction.atomic
def ledger_entry_decide(*, entry: LedgerEntry, user, approve: bool, note: str = "") -> LedgerDecision:
    """Approve or reject a pending entry once; an approval moves the kept totals and counters."""
    if not can_decide_entry(user=user, entry=entry):
        raise PermissionDenied(gettext_lazy("You may decide only your own team's or region's entries"))
    if entry.author_id is not None and entry.author_id == user.pk:
        raise PermissionDenied(gettext_lazy("You recorded this entry: someone else must approve or reject it"),
                               code="own_entry")
    if LedgerDecision.objects.filter(entry=entry).exists():
        raise Conflict(gettext_lazy("This entry has already been decided"), code="already_decided")
    if not approve and len((note or "").strip()) < 2:  # the volunteer is told why
        raise field_error("note", gettext_lazy("say why: the volunteer is told"))
    decision_kind = LedgerDecision.Decision.APPROVED if approve else LedgerDecision.Decision.REJECTED
    try:
        with transaction.atomic():
            decision = LedgerDecision.objects.create(entry=entry, decision=decision_kind, note=(note or "")[:255],
                                                     decided_by=user)
    except IntegrityError:
        raise Conflict(gettext_lazy("This entry has already been decided"), code="already_decided") from None
    totals = _add_to_totals(entry) if approve else None
    if approve and rules.counts_as_service(entry.category):
        activity = entry.activity
        rollup_add(region=activity.region if activity else entry.region,
                   when=activity.starts_at if activity else entry.served_on,
                   activity_kind=activity.kind if activity else "", setting=activity.setting if activity else "",
                   hours=entry.hours, ledger_entries=1)
    audit_record(action=f"ledger_{decision_kind}", target_type="ledger_entry", target_id=entry.pk,
                 region=entry.region, changes={"hours": str(entry.hours), "note": note})
    _notify_decision(entry, approve, note)
    if totals is not None:
        _announce_star_level(totals, entry=entry)
    return decision


def _notify_decision(entry: LedgerEntry, approved: bool, note: str) -> None:
    """Every decision reaches the volunteer: approvals (corrections included) and rejections with the note."""
    from volunteerhub.notifications.services import notify

    what = entry.activity.title if entry.activity_id else entry.get_kind_display()
    if not approved:
        notify(users=[entry.volunteer.user_id], kind="hours_rejected", title="服务时长未通过审核",
               body=f"{what} {entry.hours} 小时未通过审核。{note}", link="/me/hours/")
        return
    training = entry.category == LedgerEntry.Category.TRAINING
    field = "training_hours" if training else "approved_hours"
    total = VolunteerHours.objects.filter(volunteer_id=entry.volunteer_id).values_list(field, flat=True).first()
    corrected = entry.kind in (LedgerEntry.Kind.CORRECTION, LedgerEntry.Kind.BACKFILL)
    noun = "培训时长" if training else "服务时长"
    notify(users=[entry.volunteer.user_id], kind="hours_corrected" if corrected else "hours_approved",
           title=f"{noun}已更正" if corrected else f"{noun}已审核通过",
           body=f"{what} {entry.hours} 小时已审核通过，累计{'培训 ' if training else ' '}{total} 小时。",
           link="/me/hours/")


@transaction.atomic
def correction_request_create(*, volunteer, message: str, entry: LedgerEntry | None = None,
                              activity=None) -> CorrectionRequest:
    """A volunteer asks for an error or a gap in their record to be corrected."""
    message = (message or "").strip()
    if not 4 <= len(message) <= 500:
        raise field_error("message", gettext_lazy("describe the correction in 4 to 500 characters"))
    if entry is not None and entry.volunteer_id != volunteer.pk:
        raise PermissionDenied()
    activity = activity or (entry.activity if entry else None)
    team = entry.team if entry and entry.team_id else (activity.team if activity else volunteer.team)
    region = entry.region if entry else (activity.region if activity else volunteer.region)
    correction_request = CorrectionRequest.objects.create(volunteer=volunteer, entry=entry, activity=activity, team=team,
                                               region=region, message=message)
    audit_record(action="correction_request", target_type="correction_request", target_id=correction_request.pk,
                 region=region, changes={"entry": entry.pk if entry else None})
    return correction_request


@transaction.atomic
def correction_request_resolve(*, correction_request: CorrectionRequest, user, accept: bool, note: str = "",
                               hours_delta=None, served_on: dt.date | None = None) -> CorrectionRequest:
    """Answer a correction request: accepted ones add a correction (or back-fill) entry, pending approval."""
    from volunteerhub.hours.selectors import can_handle_request

    if not can_handle_request(user=user, correction_request=correction_request):
        raise PermissionDenied()
    if correction_request.status != CorrectionRequest.Status.OPEN:
        raise Conflict(gettext_lazy("This request has already been answered"), code="already_resolved")
    reason = f"更正申请#{correction_request.pk}：{note or correction_request.message}"
    entry = None
    if accept:
        if hours_delta is None:
            raise field_error("hours_delta", gettext_lazy("give the hours to correct by"))
        if correction_request.entry is not None:
            entry = ledger_correct(user=user, entry=correction_request.entry, hours_delta=hours_delta, reason=reason)
        else:
            entry = ledger_backfill(user=user, volunteer=correction_request.volunteer, hours=hours_delta,
                                    served_on=served_on or timezone.localdate(), reason=reason,
                                    activity=correction_request.activity)
    correction_request.status = CorrectionRequest.Status.RESOLVED if accept else CorrectionRequest.Status.DECLINED
    correction_request.resolution_entry, correction_request.resolution_note = entry, (note or "")[:255]
    correction_request.resolved_by, correction_request.resolved_at = user, timezone.now()
    correction_request.save(update_fields=["status", "resolution_entry", "resolution_note", "resolved_by", "resolved_at"])
    audit_record(action="correction_resolve", target_type="correction_request", target_id=correction_request.pk,
                 region=correction_request.region, changes={"status": correction_request.status, "entry": entry.pk if entry else None})
    from volunteerhub.notifications.services import notify

    notify(users=[correction_request.volunteer.user_id], kind="correction_resolved",
           title="更正申请已受理" if accept else "更正申请未予受理",
           body=(note or ("已按您的申请补录或更正，待审核。" if accept else "")), link="/me/hours/")
    return correction_request
