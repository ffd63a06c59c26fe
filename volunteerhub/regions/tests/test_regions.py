from django.db import connection
from django.test.utils import CaptureQueriesContext

from volunteerhub.regions.models import Region
from volunteerhub.regions.selectors import region_ancestors, region_descendants


def test_the_four_level_tree_of_binzhou_is_loaded(db):
    counts = {level: Region.objects.filter(level=level).count() for level in ["city", "county", "township", "village"]}

    assert counts == {"city": 1, "county": 7, "township": 92, "village": 3209}
    assert Region.objects.count() == 3309


def test_descendants_are_one_prefix_query(bincheng):
    with CaptureQueriesContext(connection) as queries:
        codes = list(region_descendants(region=bincheng).values_list("code", flat=True))

    assert len(queries) == 1
    assert "371602" in codes and "371602001" in codes
    assert all(code.startswith("371602") for code in codes)
    assert not any(code.startswith("371681") for code in codes)


def test_ancestors_come_city_first(db):
    village = Region.objects.filter(level="village", code__startswith="371681").first()

    names = [r.level for r in region_ancestors(region=village)]

    assert names == ["city", "county", "township"]


def test_the_api_gives_one_region_and_its_children(anon, db):
    one = anon.get("/api/v1/regions/371602").json()
    children = anon.get("/api/v1/regions", {"parent": "371600"}).json()
    top = anon.get("/api/v1/regions").json()

    assert one == {"code": "371602", "name": "滨城区", "level": "county", "parent_code": "371600",
                   "path": ["371600", "371602"]}
    assert [c["name"] for c in children] == ["滨城区", "沾化区", "惠民县", "阳信县", "无棣县", "博兴县", "邹平市"]
    assert [c["code"] for c in top] == ["371600"]


def test_an_unknown_code_is_a_404_json_error(anon, db):
    response = anon.get("/api/v1/regions", {"parent": "999999"})

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
