"""The dashboard (signed-in managers, their subtree) and the public summary page."""

from pathlib import Path

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.utils.translation import gettext

from volunteerhub.regions.scope import reach_path
from volunteerhub.core.errors import ApplicationError, PermissionDenied
from volunteerhub.regions.models import Region
from volunteerhub.core.i18n import is_english
from volunteerhub.needs import selectors as need_selectors
from volunteerhub.dashboards import charts, selectors
from volunteerhub.stats import freshness, services
from volunteerhub.stats.labels import KINDS, metric_label
from volunteerhub.stats.models import PlanTarget
from volunteerhub.stats.services import PLAN_LEVELS

BOUNDARIES = Path(__file__).resolve().parent.parent / "regions" / "data" / "binzhou_boundaries.geojson"
PUBLIC_CHARTS = ["totals", "trend", "kinds", "settings", "regions", "volunteers", "teams"]


def _echarts_available() -> bool:
    return (Path(getattr(settings, "ECHARTS_DIST", "")) / "echarts.min.js").is_file()


def _year(request) -> int:
    """The year asked for, or this year when it is missing or not a plausible year."""
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year") or this_year)
    except ValueError:
        return this_year
    return year if 2000 <= year <= 2100 else this_year


def _page_context(region, tables, *, xlsx_base: str, public: bool, children=None) -> dict:
    children = Region.objects.filter(parent=region).order_by("code") if children is None else children
    return {"region": region, "tables": tables, "xlsx_base": xlsx_base, "public": public,
            "chart_data": {"region": region.code, "level": region.level, "tables": {t.name: t.as_json() for t in tables}},
            "echarts": _echarts_available(), "children": children,
            "ancestors": Region.objects.filter(code__in=region.ancestor_codes).order_by("path")}


def _loop(region, year: int) -> dict:
    own, children = need_selectors.loop_figures(region=region, year=year)
    return {"loop": own, "loop_children": children}


@login_required
def dashboard(request):
    region = selectors.dashboard_region_for(user=request.user, code=request.GET.get("region"))
    year, echarts = _year(request), _echarts_available()
    # The body depends on who may see it (their reach), what they asked for, the language and the day
    # (the plan's share of the year, the trend's last 12 months); the data version keeps it fresh.
    key = ("dashboard", reach_path(request.user), region.code, "en" if is_english() else "zh", year,
           timezone.localdate().isoformat(), int(bool(request.user.is_admin)), int(echarts))
    body = freshness.cached(key, lambda: _dashboard_body(request, region, year))
    return render(request, "stats/dashboard.html", {"region": region, "body": mark_safe(body), "echarts": echarts})


def _dashboard_body(request, region, year: int) -> str:
    figures = selectors.SubtreeFigures(region)
    tables = charts.all_tables(region, figures)
    context = _page_context(region, tables, xlsx_base="/dashboard/xlsx/", public=False, children=figures.children)
    context.update(plan=selectors.plan_progress(region=region, year=year, figures=figures), year=year,
                   **_loop(region, year))
    return render_to_string("stats/_dashboard.html", context, request=request)


@login_required
def dashboard_xlsx(request, chart: str):
    region = selectors.dashboard_region_for(user=request.user, code=request.GET.get("region"))
    if chart == "plan":
        table = charts.plan_table(region, year=_year(request))
    elif chart in charts.CHARTS:
        table = charts.CHARTS[chart](region)
    else:
        raise Http404
    return _xlsx_response(table, region)


@require_GET
def public_summary(request):
    region = selectors.city_region()
    figures = selectors.SubtreeFigures(region)
    tables = [charts.CHARTS[name](region, figures=figures) for name in PUBLIC_CHARTS]
    context = _page_context(region, tables, xlsx_base="/stats/xlsx/", public=True, children=figures.children)
    context.update(awards=_public_awards(), articles=_latest_articles(), year=timezone.localdate().year,
                   **_loop(region, timezone.localdate().year))
    return render(request, "stats/public.html", context)


@require_GET
def public_xlsx(request, chart: str):
    if chart not in PUBLIC_CHARTS:
        raise Http404
    region = selectors.city_region()
    return _xlsx_response(charts.CHARTS[chart](region), region)


@require_GET
@cache_control(public=True, max_age=86400)
def boundaries(request):
    """County boundaries for the map (served from the regions app's data file)."""
    return HttpResponse(BOUNDARIES.read_bytes(), content_type="application/geo+json")


def _xlsx_response(table, region) -> HttpResponse:
    response = HttpResponse(charts.xlsx_bytes(table),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{table.name}-{region.code}.xlsx"'
    return response


def _public_awards() -> list:
    from volunteerhub.awards.selectors import awards_public

    return awards_public(limit=10)


def _latest_articles() -> list:
    from volunteerhub.articles.selectors import articles_latest

    return list(articles_latest(limit=5))


PLAN_KEYS = ["hours", "people_served"] + [f"activities:{kind}" for kind in KINDS]


@login_required
def plan_edit(request):
    """Targets for the divisions one level below the viewer's region: the city's counties or a county's townships."""
    region = selectors.dashboard_region_for(user=request.user, code=request.GET.get("region"))
    year = _year(request)
    children = list(Region.objects.filter(parent=region, level__in=PLAN_LEVELS).order_by("code"))
    refusal = services.plan_refusal(user=request.user, parent=region) if children else None
    errors = []
    if request.method == "POST" and refusal is not None:
        raise PermissionDenied(refusal, code="plan_level_above_only")
    if request.method == "POST":
        errors = _plan_save(request, year, children)
        if not errors:
            messages.success(request, gettext("Targets saved"))
            return redirect(f"/dashboard?region={region.code}&year={year}#plan")
    current = {(row.region_id, row.metric, row.activity_kind): row.target
               for row in PlanTarget.objects.filter(year=year, region__in=children)}
    columns = [(key, metric_label(*(key.split(":") + [""])[:2])) for key in PLAN_KEYS]
    grid = [{"region": child, "cells": [(key, f"t-{child.code}-{key}",
                                          request.POST.get(f"t-{child.code}-{key}") if errors else
                                          current.get((child.code, *(key.split(":") + [""])[:2]), ""))
                                         for key in PLAN_KEYS]} for child in children]
    return render(request, "stats/plan_edit.html", {"region": region, "year": year, "columns": columns,
                                                    "grid": grid, "errors": errors, "refusal": refusal})


def _plan_save(request, year: int, children) -> list[str]:
    """Saves every filled cell in one transaction; any refused cell leaves all unchanged."""
    errors: list[str] = []
    try:
        with transaction.atomic():
            for child in children:
                for key in PLAN_KEYS:
                    raw = (request.POST.get(f"t-{child.code}-{key}") or "").strip()
                    if raw == "":
                        continue
                    metric, _, kind = key.partition(":")
                    try:
                        services.plan_target_set(year=year, region=child, metric=metric, activity_kind=kind,
                                                 target=Decimal(raw), by=request.user)
                    except (ApplicationError, InvalidOperation) as exc:
                        reason = exc.message if isinstance(exc, ApplicationError) else gettext("not a number")
                        errors.append(f"{child.name} · {metric_label(metric, kind)}: {reason}")
            if errors:
                raise _Rollback
    except _Rollback:
        pass
    return errors


class _Rollback(Exception):
    pass
