"""Each dashboard chart as a table: the same rows feed the chart, its table view and its Excel file."""

import io
from dataclasses import dataclass

from volunteerhub.core.i18n import t
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
    return [("activities", t("活动场次", "Activities")), ("hours", t("服务时长（小时）", "Service hours")),
            ("people_served", t("服务人次", "People served"))]


def totals_table(region, figures=None) -> Table:
    found = selectors.totals(region=region, figures=figures)
    names = [("teams", t("志愿服务队伍", "Teams")), ("volunteers", t("注册志愿者", "Registered volunteers")),
             ("projects", t("服务项目", "Projects")), ("activities", t("活动场次", "Activities")),
             ("hours", t("服务时长（小时）", "Service hours")), ("people_served", t("服务人次", "People served"))]
    return Table("totals", t("总量", "Totals"), [("label", t("指标", "Figure")), ("value", t("数值", "Value"))],
                 [{"key": key, "label": label, "value": found[key]} for key, label in names])


def trend_table(region, figures=None) -> Table:
    return Table("trend", t("近12个月趋势", "Last 12 months"), [("month", t("月份", "Month")), *_figures()],
                 selectors.monthly_trend(region=region, figures=figures))


def kinds_table(region, figures=None) -> Table:
    return Table("kinds", t("按活动类型", "By activity kind"), [("name", t("类型", "Kind")), *_figures()],
                 selectors.by_kind(region=region, figures=figures))


def settings_table(region, figures=None) -> Table:
    return Table("settings", t("按服务场景（六进）", "By setting"), [("name", t("场景", "Setting")), *_figures()],
                 selectors.by_setting(region=region, figures=figures))


def regions_table(region, figures=None) -> Table:
    return Table("regions", t("按下级区划", "By division"),
                 [("code", t("代码", "Code")), ("name", t("区划", "Division")), *_figures()],
                 selectors.by_child_region(region=region, figures=figures))


def volunteers_table(region, figures=None) -> Table:
    return Table("volunteers", t("志愿者服务时长榜", "Volunteers by hours"),
                 [("rank", t("名次", "Rank")), ("name", t("姓名", "Name")), ("team", t("队伍", "Team")),
                  ("hours", t("时长（小时）", "Hours")), ("star_level", t("星级", "Stars"))],
                 selectors.volunteer_leaderboard(region=region))


def teams_table(region, figures=None) -> Table:
    return Table("teams", t("队伍服务时长榜", "Teams by hours"),
                 [("rank", t("名次", "Rank")), ("name", t("队伍", "Team")), ("region", t("区划", "Division")),
                  ("hours", t("时长（小时）", "Hours"))],
                 selectors.team_leaderboard(region=region))


def plan_table(region, *, year: int, figures=None) -> Table:
    progress = selectors.plan_progress(region=region, year=year, figures=figures)
    rows = []
    for plan_row in [progress["region"], *progress["children"]]:
        for line in plan_row.lines:
            rows.append({"region": plan_row.name, **line.as_dict(),
                         "status": t("滞后", "Behind") if line.behind else t("正常", "On track")})
    return Table("plan", t(f"{year}年度计划完成情况", f"Plan {year}: target and delivered"),
                 [("region", t("区划", "Division")), ("label", t("指标", "Target")), ("target", t("目标", "Target")),
                  ("delivered", t("已完成", "Delivered")), ("expected_by_now", t("按进度应完成", "Due by now")),
                  ("remaining", t("尚差", "Remaining")), ("status", t("状态", "Status"))], rows)


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
