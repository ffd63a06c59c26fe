"""The dashboards' ECharts is a bundle of only the charts they draw: every chart and component dashboard.js asks for
is in the bundle's entry (assets/echarts.entry.js), and `make install` has built it."""

import re
from pathlib import Path

from django.conf import settings

APP = Path(__file__).resolve().parent.parent
ENTRY = (APP / "assets" / "echarts.entry.js").read_text(encoding="utf-8")
DASHBOARD_JS = (APP / "static" / "stats" / "dashboard.js").read_text(encoding="utf-8")
FULL_BUILD_BYTES = 1_117_939  # echarts 6.0.0 dist/echarts.min.js, every chart and component


def registered() -> set[str]:
    """The names the entry passes to echarts.use([...])."""
    used = re.search(r"echarts\.use\(\[([^\]]*)\]\)", ENTRY, re.S).group(1)
    return {name.strip() for name in used.split(",") if name.strip()}


def test_every_series_type_the_dashboard_draws_is_registered():
    not_series = {"category", "value", "time", "log", "scroll", "plain"}  # axis and legend types
    types = set(re.findall(r'type: "(\w+)"', DASHBOARD_JS)) - not_series
    assert types == {"bar", "line", "pie", "map"}, types
    assert {f"{kind.capitalize()}Chart" for kind in types} <= registered()


def test_every_component_the_dashboard_sets_is_registered():
    components = {"tooltip": "TooltipComponent", "legend": "LegendComponent", "grid": "GridComponent",
                  "visualMap": "VisualMapContinuousComponent"}
    named = r"\b(tooltip|legend|grid|visualMap|title|dataZoom|toolbox|geo|markLine)\s*:"
    options = set(re.findall(named, DASHBOARD_JS))
    assert options <= set(components), f"a component the bundle lacks: {options - set(components)}"
    assert {components[o] for o in options} | {"CanvasRenderer"} <= registered()


def test_the_bundle_is_built_and_smaller_than_the_full_build():
    bundle = Path(settings.ECHARTS_DIST) / "echarts.min.js"
    assert bundle.is_file(), "make install builds it (npm run build in volunteerhub/dashboards/assets)"
    assert 100_000 < bundle.stat().st_size < FULL_BUILD_BYTES * 0.7
