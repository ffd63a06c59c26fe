"""A resident on a phone finds the nearest service post, on the map and in the list sorted by distance."""

import re

import pytest
from playwright.sync_api import expect

from volunteerhub.organizations.services import service_post_create

pytestmark = pytest.mark.django_db(transaction=True)

HERE = (37.3835, 117.9707)  # the phone's location (phone_page's geolocation), 市中街道


def _posts():
    near = service_post_create(name="新苑社区卫生服务站", kind="station", region_code="371602001", lat=37.3840,
                               lng=117.9712, services="测血压、健康咨询", opening_hours="周一至周日 08:00-20:00")
    middle = service_post_create(name="市中街道社区卫生服务中心", kind="station", region_code="371602001", lat=37.3900,
                                 lng=117.9800, services="义诊", opening_hours="周一至周五 08:00-17:00")
    far = service_post_create(name="滨城区人民医院志愿服务岗", kind="station", region_code="371602", lat=37.4300,
                              lng=118.0200, services="导诊", opening_hours="周一至周五 08:00-17:00")
    return near, middle, far


def test_a_resident_finds_the_nearest_post_on_the_map_and_in_the_list(phone_page, shots):
    near, middle, far = _posts()
    page = phone_page
    page.goto("/map")
    page.wait_for_selector(".leaflet-container")
    expect(page.locator("#map-status")).not_to_have_text("…")  # pins loaded
    shots(page, "map with pins")

    page.click("#near-me")
    # the list first shows what is near the city centre; from the phone's location the nearest post is 71 m away
    expect(page.locator("#distance-items li .distance").first).to_have_text(re.compile(r"^\d{2} (米|m)$"))
    expect(page.locator("#distance-list h2")).to_have_text("离您最近")
    shots(page, "near me")
    names = page.locator("#distance-items li strong").all_inner_texts()
    assert names.index(near.name) < names.index(middle.name) < names.index(far.name)
    assert names[0] == near.name

    page.locator("#distance-items li a", has_text=near.name).click()
    page.wait_for_url(f"**/map/posts/{near.pk}/")
    assert near.name in page.content()
    shots(page, "post details")
    assert page.js_errors == []
