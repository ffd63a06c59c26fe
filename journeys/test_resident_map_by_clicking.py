"""A resident on a phone, from the home page and only by clicking: to the map, "near me", the nearest service post
first (before a closer activity and a closer need), its page, and the links that navigate there in 高德/百度/腾讯."""

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from volunteerhub.activities.models import Activity
from volunteerhub.geo.coords import wgs84_to_bd09, wgs84_to_gcj02
from volunteerhub.geo.sphere import haversine_m
from volunteerhub.geo.spatial import cell_for
from volunteerhub.organizations.models import Team
from volunteerhub.organizations.services import service_post_create

pytestmark = pytest.mark.django_db(transaction=True)

HERE = (37.3835, 117.9707)  # the phone's location (phone_page's geolocation), 市中街道
# What may be smaller than a finger: text inside Leaflet's attribution line, a box inside its (big enough) label.
TOUCH_TARGETS = """() => Array.from(document.querySelectorAll(
    'main a, main button, main input, main select, main summary, main label.check, .leaflet-control a'))
  .filter(e => e.offsetParent !== null && !e.closest('.leaflet-control-attribution') && !(e.tagName === 'INPUT' && e.closest('label')))
  .map(e => { const r = e.getBoundingClientRect(); return {w: r.width, h: r.height, what: e.outerHTML.slice(0, 80)}; })
  .filter(r => r.w > 0 && (r.w < 44 || r.h < 44))"""


def _places():
    team = Team.objects.create(name="市中街道卫生院志愿服务队", region_id="371602001")
    near = service_post_create(name="新苑社区卫生服务站", kind="station", region_code="371602001", lat=37.3860,
                               lng=117.9730, opening_hours="周一至周日 08:00-20:00")
    farther = service_post_create(name="市中街道社区卫生服务中心", kind="station", region_code="371602001", lat=37.3950,
                                  lng=117.9850, opening_hours="周一至周五 08:00-17:00")
    start = timezone.now() + dt.timedelta(days=1)
    Activity.objects.create(title="楼下的义诊", kind="convenience", setting="community", status="published", team=team,
                            region_id="371602001", place="小区广场", lat=37.3836, lng=117.9708,
                            cell=cell_for(37.3836, 117.9708), starts_at=start, ends_at=start + dt.timedelta(hours=2),
                            capacity=10)
    return near, farther


def _query(url):
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def test_a_resident_clicks_to_the_nearest_post_and_the_links_that_take_her_there(phone_page, shots):
    near, farther = _places()
    page = phone_page
    page.goto("/")
    shots(page, "home")
    page.locator('main a[href^="/map"]').first.click()
    page.wait_for_url(re.compile(r"/map/?$"))
    page.wait_for_selector(".leaflet-container")
    expect(page.locator("#map-status")).not_to_have_text("…")  # pins loaded
    expect(page.locator("#basemap-note")).to_contain_text("未设置底图密钥")
    shots(page, "map without a basemap key")

    page.click("#near-me")
    expect(page.locator("#distance-list h2")).to_have_text("离您最近")
    expect(page.locator("#distance-items li .distance").first).to_have_text(re.compile(r"^\d{3} (米|m)$"))
    rows = page.locator("#distance-groups li .item-link strong").all_inner_texts()
    assert rows[0] == near.name and rows.index(farther.name) < rows.index("楼下的义诊")  # posts first, the activity after
    expect(page.locator(".leaflet-tooltip", has_text="我的位置")).to_be_visible()
    expect(page.locator(".township-label span", has_text="市中街道").first).to_be_visible()  # zoomed in: names, not grey
    shots(page, "near me posts first")
    assert page.evaluate(TOUCH_TARGETS) == []
    assert page.locator("#distance-items li").first.locator(".nav-app").count() == 3

    page.locator("#distance-items li a.item-link", has_text=near.name).click()
    page.wait_for_url(f"**/map/posts/{near.pk}/")
    links = {a.inner_text(): a.get_attribute("href") for a in page.locator(".navigate .nav-app").all()}
    assert list(links) == ["高德地图", "百度地图", "腾讯地图"]
    lng, lat, _ = _query(links["高德地图"])["to"].split(",")
    assert haversine_m(float(lat), float(lng), *wgs84_to_gcj02(near.lat, near.lng)) < 0.2
    b_lat, b_lng = _query(links["百度地图"])["location"].split(",")
    assert haversine_m(float(b_lat), float(b_lng), *wgs84_to_bd09(near.lat, near.lng)) < 0.2
    shots(page, "post with navigate links")
    assert page.evaluate(TOUCH_TARGETS) == []
    assert page.js_errors == []


def test_at_360_px_the_map_page_does_not_scroll_sideways(phone_page, shots):
    _places()
    page = phone_page
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto("/")
    page.locator('main a[href^="/map"]').first.click()
    page.wait_for_selector(".leaflet-container")
    page.click("#near-me")
    expect(page.locator("#distance-list h2")).to_have_text("离您最近")
    page.click("details.filters summary")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.evaluate(TOUCH_TARGETS) == []
    shots(page, "360 px with filters open")


def test_on_a_gcj02_basemap_every_overlay_moves_with_the_streets(browser, live_server, settings, shots):
    """Switching 天地图 (WGS-84) to 高德 (GCJ-02) moves "me" by the GCJ-02 offset (about 500 m here) on the screen."""
    settings.MAP_TIANDITU_KEY, settings.MAP_BASEMAPS = "test-key", ["tianditu", "amap"]
    context = browser.new_context(locale="zh-CN", base_url=live_server.url, viewport={"width": 390, "height": 844},
                                  geolocation={"latitude": HERE[0], "longitude": HERE[1]}, permissions=["geolocation"])
    page = context.new_page()
    page.route(re.compile(r"https://.*(tianditu|autonavi)"), lambda route: route.abort())  # offline here: no tiles
    page.goto("/map")
    page.wait_for_selector(".leaflet-container")
    assert page.locator("#basemap-note").count() == 0
    page.click("#near-me")
    me = page.locator(".leaflet-tooltip", has_text="我的位置")
    expect(me).to_be_visible()
    expect(page.locator("#distance-list h2")).to_have_text("离您最近")
    page.wait_for_timeout(1000)  # the zoom to the results has ended
    before = me.bounding_box()
    page.hover(".leaflet-control-layers")
    page.get_by_label("高德地图").check()
    page.wait_for_timeout(500)
    after = me.bounding_box()
    g_lat, g_lng = wgs84_to_gcj02(*HERE)
    # at the same view, a point drawn ~340 m further east and ~100 m north must move right and up on the screen
    assert after["x"] - before["x"] > 20 and after["y"] < before["y"], (before, after, g_lat - HERE[0], g_lng - HERE[1])
    shots(page, "amap basemap overlays shifted")
    page.unroute(re.compile(r"https://.*(tianditu|autonavi)"))
    page.route(re.compile(r"https://.*(tianditu|autonavi)"), lambda route: route.fulfill(status=404))
    page.reload()
    expect(page.locator("#basemap-fallback")).to_contain_text("底图加载不出来")  # not a grey square
    expect(page.locator(".leaflet-tooltip.county-label").first).to_be_visible()
    context.close()
