"""Each dashboard chart as a table: the same rows feed the chart, its table view and its Excel file."""

import io
from dataclasses import dataclass

from django.utils.translation import gettext, pgettext
from volunteerhub.dashboards import selectors


@dataclass
class Table:
    name: str
    title: str
    columns: list[tuple[str, str]]  # (key, heading)
    rows: list[dict]

    def as_json(self) -> dict:
        return {"name": self.name, "title": self.title, "columns": [k for k, _ in self.columns],
                "headings": [h for _, h in self.columns],
                "rows": [{k: _plain(row.get(k)) for k, _ in self.columns} for row in self.rows]}


def _plain(value):
    from decimal import Decimal

    if isinstance(value, Decimal):
        return float(value)
    return value


def _figures() -> list[tuple[str, str]]:
    return [("activities", pgettext("variant-a531f051", "Activities")), ("hours", gettext("Service hours")),
            ("people_served", gettext("People served"))]


def totals_table(region, figures=None) -> Table:
    found = selectors.totals(region=region, figures=figures)
    names = [("teams", gettext("Teams")), ("volunteers", gettext("Registered volunteers")),
             ("projects", gettext("Projects")), ("activities", pgettext("variant-a531f051", "Activities")),
             ("hours", gettext("Service hours")), ("people_served", gettext("People served"))]
    return Table("totals", gettext("Totals"), [("label", gettext("Figure")), ("value", gettext("Value"))],
                 [{"key": key, "label": label, "value": found[key]} for key, label in names])


def trend_table(region, figures=None) -> Table:
    return Table("trend", gettext("Last 12 months"), [("month", gettext("Month")), *_figures()],
                 selectors.monthly_trend(region=region, figures=figures))


def kinds_table(region, figures=None) -> Table:
    return Table("kinds", gettext("By activity kind"), [("name", pgettext("variant-e4e46c72", "Kind")), *_figures()],
                 selectors.by_kind(region=region, figures=figures))


def settings_table(region, figures=None) -> Table:
    return Table("settings", gettext("By setting"), [("name", gettext("Setting")), *_figures()],
                 selectors.by_setting(region=region, figures=figures))


def regions_table(region, figures=None) -> Table:
    return Table("regions", gettext("By division"),
                 [("code", gettext("Code")), ("name", gettext("Division")), *_figures()],
                 selectors.by_child_region(region=region, figures=figures))


def volunteers_table(region, figures=None) -> Table:
    return Table("volunteers", gettext("Volunteers by hours"),
                 [("rank", gettext("Rank")), ("name", gettext("Name")), ("team", gettext("Team")),
                  ("hours", gettext("Hours")), ("star_level", gettext("Stars"))],
                 selectors.volunteer_leaderboard(region=region))


def teams_table(region, figures=None) -> Table:
    return Table("teams", gettext("Teams by hours"),
                 [("rank", gettext("Rank")), ("name", gettext("Team")), ("region", gettext("Division")),
                  ("hours", gettext("Hours"))],
                 selectors.team_leaderboard(region=region))


def plan_table(region, *, year: int, figures=None) -> Table:
    progress = selectors.plan_progress(region=region, year=year, figures=figures)
    rows = []
    for plan_row in [progress["region"], *progress["children"]]:
        for line in plan_row.lines:
            rows.append({"region": plan_row.name, **line.as_dict(),
                         "status": gettext("Behind") if line.behind else gettext("On track")})
    return Table("plan", gettext("Plan {year}: target and delivered").format(year=year),
                 [("region", gettext("Division")), ("label", gettext("Target")), ("target", pgettext("variant-941f0831", "Target")),
                  ("delivered", gettext("Delivered")), ("expected_by_now", gettext("Due by now")),
                  ("remaining", gettext("Remaining")), ("status", gettext("Status"))], rows)


CHARTS = {"totals": totals_table, "trend": trend_table, "kinds": kinds_table, "settings": settings_table,
          "regions": regions_table, "volunteers": volunteers_table, "teams": teams_table}


def all_tables(region, figures=None) -> list[Table]:
    """Every chart of the region; the subtree counters are read once for all of them."""
    figures = figures or selectors.SubtreeFigures(region)
    return [build(region, figures=figures) for build in CHARTS.values()]


def xlsx_bytes(table: Table) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = table.name[:31]
    sheet.append([heading for _, heading in table.columns])
    for row in table.rows:
        sheet.append([_plain(row.get(key)) for key, _ in table.columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
