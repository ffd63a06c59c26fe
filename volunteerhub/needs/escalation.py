"""Escalation: a need past a deadline is raised to the managers one level up from those handling it (township
-> county -> city; a need's second escalation goes a level higher again), told through the usual channels and
written on the need's timeline. The worker runs `needs_escalate` on a schedule; running it twice escalates once
(one escalation per need and stage, held by a unique constraint)."""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from volunteerhub.accounts.models import ADMIN_ROLES, User
from volunteerhub.audit.services import audit_record
from volunteerhub.core.i18n import in_language
from volunteerhub.core.versions import FIGURES, version_bump
from volunteerhub.needs.models import Need, NeedEscalation, NeedEvent, NeedStatus
from volunteerhub.needs.services import kind_text, tell
from volunteerhub.regions.models import Region

Stage = NeedEscalation.Stage
OVERDUE = {
    Stage.ACCEPT: Q(status=NeedStatus.OPEN, accept_by__isnull=False),
    Stage.START: Q(status=NeedStatus.MATCHED, start_by__isnull=False),
    Stage.FINISH: Q(status__in=[NeedStatus.OPEN, NeedStatus.MATCHED, NeedStatus.IN_PROGRESS], finish_by__isnull=False),
    Stage.CALLBACK: Q(status__in=[NeedStatus.DONE, NeedStatus.RATED], callback_at__isnull=True,
                      callback_by__isnull=False),
}
TOWNSHIP = 2  # the place of the township in a region's path: city, county, township, village


def escalation_level(need: Need, nth: int) -> Region:
    """Where the nth escalation of a need goes: n levels above the township (or county) handling it."""
    codes = need.region.path.strip("/").split("/")
    handling = min(len(codes) - 1, TOWNSHIP)
    return Region.objects.get(code=codes[max(handling - nth, 0)])


def managers_at(region: Region) -> list[User]:
    """The administrators of exactly this region; none there, those above it."""
    while region is not None:
        people = list(User.objects.filter(region=region, role__in=ADMIN_ROLES, is_active=True))
        if people:
            return people
        region = region.parent
    return []


def _escalate(need: Need, stage: str, now: dt.datetime) -> NeedEscalation | None:
    due = getattr(need, f"{stage}_by")
    level = escalation_level(need, need.escalations.count() + 1)
    try:
        with transaction.atomic():
            raised = NeedEscalation.objects.create(need=need, stage=stage, level=level, due=due)
    except IntegrityError:  # another run got there first
        return None
    label = in_language(Stage(stage).label, settings.LANGUAGE_CODE)
    note = f"逾期上报至{level.name}：{label}时限 {timezone.localtime(due):%m-%d %H:%M}"  # stored: one language
    NeedEvent.objects.create(need=need, status=need.status, actor=None, note=note[:255])
    version_bump(FIGURES)
    audit_record(action="need_escalated", target_type="need", target_id=need.pk, region=need.region,
                 changes={"stage": stage, "level": level.code, "due": due.isoformat()})
    tell(users=managers_at(level), kind="need_escalated", title=f"需求逾期未{label}：{kind_text(need)}",
         body=f"{need.region.name} · {label}时限 {timezone.localtime(due):%Y-%m-%d %H:%M}", link=f"/needs/{need.pk}/")
    return raised


def needs_escalate(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Escalate every need past a deadline not escalated yet for that stage; answers the counts per stage."""
    now = now or timezone.now()
    counts = {}
    for stage, condition in OVERDUE.items():
        overdue = Need.objects.filter(condition, **{f"{stage}_by__lt": now}).exclude(escalations__stage=stage) \
            .select_related("region").order_by("pk")
        counts[f"escalated_{stage}"] = sum(_escalate(need, stage, now) is not None for need in overdue)
    return counts
