import datetime as dt

import pytest

from volunteerhub.regions.models import Region
from volunteerhub.stats.services import rollup_add


@pytest.fixture
def rollups(db):
    """A little history: 滨城区 (two townships) and 邹平市, as activities and approvals would record it."""

    def add(code: str, when: dt.date, **counts):
        rollup_add(region=Region.objects.get(code=code), when=when, **counts)

    add("371602001001", dt.date(2026, 1, 10), activity_kind="advocacy", setting="community", hours=40, ledger_entries=10, activities=2, people_served=120)
    add("371602001", dt.date(2026, 2, 3), activity_kind="convenience", setting="village", hours=25, ledger_entries=5, activities=1, people_served=60)
    add("371602002", dt.date(2026, 2, 20), activity_kind="advocacy", setting="school", hours=10, ledger_entries=2, activities=1, people_served=30)
    add("371681001", dt.date(2026, 3, 1), activity_kind="advocacy", setting="community", hours=100, ledger_entries=20, activities=3, people_served=500)
    add("371681", dt.date(2025, 12, 15), activity_kind="training", setting="office", hours=8, ledger_entries=4, activities=1, people_served=0)
    return add
