from datetime import date
from decimal import Decimal

from ninja import Query, Router, Schema

from volunteerhub.accounts.auth import AUTH, optional_user
from volunteerhub.core.errors import NotFound
from volunteerhub.regions.models import Region
from volunteerhub.dashboards import selectors
from volunteerhub.stats import services

router = Router(tags=["stats"])


class TotalsOut(Schema):
    region_code: str
    region_name: str
    teams: int
    volunteers: int
    projects: int
    activities: int
    hours: Decimal
    people_served: int


@router.get("/stats", response=TotalsOut, auth=None,
            summary="Totals for a region's subtree (the city for everyone; a region in reach when signed in)")
def stats_totals(request, region: str | None = None):
    target = selectors.public_region_for(user=optional_user(request), code=region)
    return selectors.totals(region=target)


class MonthOut(Schema):
    month: str
    activities: int
    hours: Decimal
    people_served: int


@router.get("/stats/trend", response=list[MonthOut], auth=None, summary="The last 12 months of a subtree")
def stats_trend(request, region: str | None = None):
    target = selectors.public_region_for(user=optional_user(request), code=region)
    return selectors.monthly_trend(region=target)


class PlanLineOut(Schema):
    metric: str
    activity_kind: str
    label: str
    target: Decimal
    delivered: Decimal
    expected_by_now: Decimal
    remaining: Decimal
    behind: bool
    percent: float | None


class PlanRowOut(Schema):
    code: str
    name: str
    level: str
    lines: list[PlanLineOut]


class PlanOut(Schema):
    year: int
    region: PlanRowOut
    children: list[PlanRowOut]


def _plan_row(row) -> dict:
    return {"code": row.code, "name": row.name, "level": row.level, "lines": [line.as_dict() for line in row.lines]}


@router.get("/stats/plan", response=PlanOut, auth=AUTH,
            summary="Annual plan: target against delivered for a region and each division below it")
def stats_plan(request, region: str | None = None, year: int | None = Query(None, ge=2000, le=2100)):
    target = selectors.dashboard_region_for(user=request.user, code=region)
    progress = selectors.plan_progress(region=target, year=year or date.today().year)
    return {"year": progress["year"], "region": _plan_row(progress["region"]),
            "children": [_plan_row(c) for c in progress["children"]]}


class PlanTargetIn(Schema):
    year: int
    region: str
    metric: str
    activity_kind: str = ""
    target: Decimal


class PlanTargetOut(Schema):
    year: int
    region: str
    metric: str
    activity_kind: str
    target: Decimal


@router.put("/stats/plan/targets", response=PlanTargetOut, auth=AUTH,
            summary="Set one target (city admin for a county, county admin for one of its townships)")
def stats_plan_target_set(request, payload: PlanTargetIn):
    region = Region.objects.filter(code=payload.region).first()
    if region is None:
        raise NotFound()
    row = services.plan_target_set(year=payload.year, region=region, metric=payload.metric,
                                   activity_kind=payload.activity_kind, target=payload.target, by=request.user)
    return {"year": row.year, "region": row.region_id, "metric": row.metric, "activity_kind": row.activity_kind,
            "target": row.target}
