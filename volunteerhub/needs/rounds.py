"""Home-visit days: an organiser groups the home visits of one area into a day's round for a volunteer, the
stops in the shortest order found (needs.routes); the volunteer marks each stop done or not done from the phone.
A stop marked done completes its need, as finishing it on the need's own page would."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from volunteerhub.accounts.models import User
from volunteerhub.audit.services import audit_record
from volunteerhub.core.errors import Conflict, PermissionDenied, Problems
from volunteerhub.core.masking import mask_in_text
from volunteerhub.geo.coords import SYSTEMS, to_wgs84
from volunteerhub.geo.sphere import validate_lat_lng
from volunteerhub.needs import services
from volunteerhub.needs.models import HomeVisitRound, Need, NeedKind, NeedStatus, RoundStop
from volunteerhub.needs.selectors import needs_managed_by
from volunteerhub.needs.routes import nearest_neighbour_order, path_length_m, visiting_order
from volunteerhub.regions.models import Region
from volunteerhub.regions.scope import can_manage_region
from volunteerhub.volunteers.models import Volunteer
from volunteerhub.core.tenancy import with_city_codes

# Kinds served at the person's home, and so walked in a round.
ROUND_KINDS = {NeedKind.HOME_VISIT, NeedKind.MEDICINE_DELIVERY, NeedKind.CHRONIC_CARE, NeedKind.REHABILITATION}
MAX_STOPS = 60


def _common_region(needs: list[Need]) -> Region:
    """The smallest region holding every stop."""
    paths = [n.region.path.strip("/").split("/") for n in needs]
    common = []
    for codes in zip(*paths):
        if len(set(codes)) > 1:
            break
        common.append(codes[0])
    return Region.objects.get(code=common[-1])


@transaction.atomic
def round_plan(*, actor: User, volunteer: Volunteer, day: dt.date, need_ids: list[int],
               start: tuple[float, float] | None = None, coord: str = "wgs84") -> HomeVisitRound:
    """Plan a round: the needs (open ones are assigned to the volunteer, matched ones must be theirs) in reach,
    ordered from `start` (the clinic) or from the first need given."""
    if not can_manage_region(actor, volunteer.region):
        raise PermissionDenied(gettext_lazy("You may plan rounds only in your own region"))
    problems = Problems()
    ids = list(dict.fromkeys(need_ids or []))
    if not 1 <= len(ids) <= MAX_STOPS:
        problems.add("need_ids", format_lazy(gettext_lazy("a round has 1 to {MAX_STOPS} stops"), MAX_STOPS=MAX_STOPS))
    if day < timezone.localdate():
        problems.add("day", gettext_lazy("the day is past"))
    if start is not None and (coord not in SYSTEMS or not validate_lat_lng(*start)):
        problems.add("start_lat", gettext_lazy("the start's lat and lng must be in range"))
    in_reach = needs_managed_by(user=actor).filter(pk__in=ids).values_list("pk", flat=True)  # others: "no such"
    by_id = {n.pk: n for n in Need.objects.select_for_update().filter(pk__in=list(in_reach)).select_related("region")}
    missing = [i for i in ids if i not in by_id]
    if missing:
        problems.add("need_ids", format_lazy(gettext_lazy("no such needs: {missing}"), missing=missing))
    elsewhere = [i for i, n in by_id.items() if n.kind not in ROUND_KINDS]
    if elsewhere:
        problems.add("need_ids", format_lazy(gettext_lazy("not served at home: {elsewhere}"), elsewhere=elsewhere))
    problems.raise_any()
    needs = [by_id[i] for i in ids]
    if not all(can_manage_region(actor, n.region) for n in needs) or not can_manage_region(actor, volunteer.region):
        raise PermissionDenied(gettext_lazy("You may plan rounds only in your own region"))
    for need in needs:
        if need.status == NeedStatus.OPEN:
            services.need_assign(need=need, volunteer=volunteer, actor=actor)
        elif need.status not in (NeedStatus.MATCHED, NeedStatus.IN_PROGRESS) or need.volunteer_id != volunteer.pk:
            raise Conflict(format_lazy(gettext_lazy("Need #{pk} is someone else's or closed"), pk=need.pk),
                           code="need_state_conflict")
    if start is not None:
        start = tuple(to_wgs84(*start, coord))
    points = [(n.lat, n.lng) for n in needs]
    order = visiting_order(points, start)
    planned = HomeVisitRound.objects.create(
        region=_common_region(needs), day=day, volunteer=volunteer, created_by=actor,
        start_lat=start[0] if start else None, start_lng=start[1] if start else None,
        length_m=round(path_length_m(points, order, start), 1),
        nearest_neighbour_length_m=round(path_length_m(points, nearest_neighbour_order(points, start), start), 1))
    RoundStop.objects.bulk_create(with_city_codes(RoundStop(round=planned, need=needs[i], position=p + 1)
                                                   for p, i in enumerate(order)))
    audit_record(action="create", target_type="home_visit_round", target_id=planned.pk, region=planned.region,
                 actor=actor, changes={"day": day.isoformat(), "volunteer": volunteer.pk, "needs": ids})
    services.tell(users=[volunteer.user], kind="round_planned", title=f"{day:%m月%d日}入户巡访：{len(ids)}户",
                  body="", link=f"/needs/rounds/{planned.pk}/")
    return planned


def may_see_round(*, user, planned: HomeVisitRound) -> bool:
    return user is not None and user.is_authenticated and (
        planned.volunteer.user_id == user.pk or can_manage_region(user, planned.region))


@transaction.atomic
def round_stop_mark(*, stop: RoundStop, actor: User, done: bool, note: str = "") -> RoundStop:
    """The round's volunteer (or a manager in reach) marks a stop: done completes the need; not done needs a
    reason and leaves the need with the volunteer for another day."""
    planned = stop.round
    if not (planned.volunteer.user_id == actor.pk or can_manage_region(actor, planned.region)):
        raise PermissionDenied()
    note = mask_in_text((note or "").strip())
    problems = Problems()
    if not done and len(note) < 2:
        problems.add("note", gettext_lazy("say why the visit did not happen"))
    if len(note) > 255:
        problems.add("note", gettext_lazy("at most 255 characters"))
    problems.raise_any()
    locked = RoundStop.objects.select_for_update().get(pk=stop.pk)
    if locked.outcome == RoundStop.Outcome.DONE:
        raise Conflict(gettext_lazy("This stop is already done"), code="stop_already_done")
    if done and locked.need.status in (NeedStatus.MATCHED, NeedStatus.IN_PROGRESS):
        services.need_complete(need=locked.need, actor=actor, note=note or "入户巡访")
    locked.outcome = RoundStop.Outcome.DONE if done else RoundStop.Outcome.NOT_DONE
    locked.note, locked.marked_at = note, timezone.now()
    locked.save(update_fields=["outcome", "note", "marked_at"])
    audit_record(action="round_stop", target_type="home_visit_round", target_id=planned.pk, region=planned.region,
                 actor=actor, changes={"stop": locked.position, "need": locked.need_id, "outcome": locked.outcome})
    return locked
