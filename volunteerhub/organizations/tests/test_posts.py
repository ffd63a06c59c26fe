import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from volunteerhub.geo.coords import wgs84_to_bd09, wgs84_to_gcj02
from volunteerhub.core.errors import PermissionDenied, ValidationFailed
from volunteerhub.geo.sphere import haversine_m
from volunteerhub.geo.spatial import cell_for
from volunteerhub.organizations.models import ServicePost
from volunteerhub.organizations.selectors import is_open_at
from volunteerhub.organizations.services import parse_opening_hours, service_post_create, service_post_update

pytestmark = pytest.mark.django_db
HEADER = "name,kind,address,lat,lng,coord,region_code,services,opening_hours\n"


def _csv(tmp_path, body: str):
    path = tmp_path / "posts.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return str(path)


def test_import_posts_in_any_coordinate_system_and_store_wgs84(tmp_path):
    g = wgs84_to_gcj02(37.39, 117.98)
    b = wgs84_to_bd09(37.40, 117.99)
    path = _csv(tmp_path, f"滨城区人民医院导医岗,hospital,黄河五路,37.38,117.97,wgs84,371602,导医、测血压,全天\n"
                          f"市中街道卫生服务站,station,渤海七路,{g[0]},{g[1]},gcj02,371602001,健康咨询,周一至周五 08:00-17:30\n"
                          f"康宁大药房志愿岗,pharmacy,黄河八路,{b[0]},{b[1]},bd09,371602001,用药指导|测血糖,周一至周六 08:00-20:00\n")
    call_command("import", "posts", path)
    posts = {p.name: p for p in ServicePost.objects.all()}
    assert len(posts) == 3
    assert haversine_m(posts["市中街道卫生服务站"].lat, posts["市中街道卫生服务站"].lng, 37.39, 117.98) < 0.05
    assert haversine_m(posts["康宁大药房志愿岗"].lat, posts["康宁大药房志愿岗"].lng, 37.40, 117.99) < 0.05
    pharmacy = posts["康宁大药房志愿岗"]
    assert pharmacy.cell == cell_for(pharmacy.lat, pharmacy.lng)
    assert pharmacy.services == ["用药指导", "测血糖"]
    assert pharmacy.opening_schedule == [{"days": [0, 1, 2, 3, 4, 5], "open": "08:00", "close": "20:00"}]


def test_one_bad_row_imports_nothing_and_reports_every_problem(tmp_path, capsys):
    path = _csv(tmp_path, "好的服务站,station,地址,37.38,117.97,wgs84,371602,咨询,全天\n"
                          "坏的服务站,castle,地址,95,117.97,wgs84,999999,咨询,随便\n"
                          "另一个,station,地址,north,117.97,mars,371602,咨询,全天\n")
    with pytest.raises(CommandError):
        call_command("import", "posts", path)
    assert ServicePost.objects.count() == 0
    err = capsys.readouterr().err
    for expected in ("row 3: kind", "row 3: lat", "row 3: region_code", "row 3: opening_hours", "row 4: lat"):
        assert expected in err


def test_importing_the_same_file_twice_is_refused_the_second_time(tmp_path):
    path = _csv(tmp_path, "好的服务站,station,地址,37.38,117.97,wgs84,371602,咨询,全天\n")
    call_command("import", "posts", path)
    with pytest.raises(CommandError):
        call_command("import", "posts", path)
    assert ServicePost.objects.count() == 1


def test_a_missing_column_is_reported(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("name,kind\nx,station\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import", "posts", str(path))


def test_export_gives_posts_back_with_wgs84(tmp_path, post):
    out = tmp_path / "posts.json"
    call_command("export", "posts", "--format", "json", "--output", str(out))
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert rows[0]["lat"] == post.lat and rows[0]["lng"] == post.lng and rows[0]["coord"] == "wgs84"
    csv_out = tmp_path / "posts.csv"
    call_command("export", "posts", "--format", "csv", "--output", str(csv_out))
    parsed = list(csv.DictReader(io.StringIO(csv_out.read_text(encoding="utf-8-sig"))))
    assert parsed[0]["name"] == post.name and float(parsed[0]["lat"]) == post.lat


def test_an_export_imports_back(tmp_path, post):
    out = tmp_path / "posts.csv"
    call_command("export", "posts", "--format", "csv", "--output", str(out))
    ServicePost.objects.all().delete()
    call_command("import", "posts", str(out))
    again = ServicePost.objects.get()
    assert (again.name, again.lat, again.lng, again.opening_schedule) == (post.name, post.lat, post.lng,
                                                                          post.opening_schedule)


def test_services_keep_the_cell_and_scope(county_admin, other_county_admin):
    post = service_post_create(name="测试服务站", kind="station", region_code="371602001", lat=37.38, lng=117.97,
                               actor=county_admin)
    g = wgs84_to_gcj02(37.41, 118.01)
    post = service_post_update(post=post, changes={"lat": g[0], "lng": g[1], "coord": "gcj02"}, actor=county_admin)
    assert post.cell == cell_for(post.lat, post.lng) and haversine_m(post.lat, post.lng, 37.41, 118.01) < 0.05
    with pytest.raises(PermissionDenied):
        service_post_update(post=post, changes={"name": "改名"}, actor=other_county_admin)
    with pytest.raises(ValidationFailed):
        service_post_update(post=post, changes={"lat": 100, "lng": 1}, actor=county_admin)
    post.refresh_from_db()
    assert post.name == "测试服务站"


def test_opening_hours_are_read_as_people_write_them():
    assert parse_opening_hours("周一至周五 08:00-17:30") == [{"days": [0, 1, 2, 3, 4], "open": "08:00", "close": "17:30"}]
    assert parse_opening_hours("周六至周日 20:00-08:00")[0]["days"] == [5, 6]
    assert parse_opening_hours("全天")[0] == {"days": list(range(7)), "open": "00:00", "close": "24:00"}
    with pytest.raises(ValueError):
        parse_opening_hours("看心情")


def test_open_now_handles_overnight_slots():
    import datetime as dt

    tz = dt.timezone(dt.timedelta(hours=8))
    night = [{"days": [4], "open": "20:00", "close": "08:00"}]  # Friday night into Saturday
    assert is_open_at(night, dt.datetime(2026, 3, 6, 23, 0, tzinfo=tz))
    assert is_open_at(night, dt.datetime(2026, 3, 7, 7, 59, tzinfo=tz))
    assert not is_open_at(night, dt.datetime(2026, 3, 7, 8, 0, tzinfo=tz))
    assert not is_open_at(night, dt.datetime(2026, 3, 6, 19, 0, tzinfo=tz))
