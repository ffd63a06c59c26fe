"""Call-out fixtures: a draft call in 滨城区 and a fast way to make many volunteers (bulk rows, no hashing)."""

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from volunteerhub.accounts.models import Role, User
from volunteerhub.callouts import services
from volunteerhub.regions.models import Region
from volunteerhub.volunteers.models import Volunteer
from volunteerhub.core.tenancy import with_city_codes

_serial = itertools.count(1)


def make_callout(user, *, needed=3, region_code="371602001", starts_in=dt.timedelta(hours=2), **kw):
    starts = timezone.now().replace(microsecond=0) + starts_in
    return services.callout_create(user=user, title=kw.pop("title", "暴雨转移安置点医疗保障"),
                                   message=kw.pop("message", "急需志愿者协助安置点测体温、发药。"),
                                   place=kw.pop("place", "滨城区体育馆"), region_code=region_code, needed=needed,
                                   starts_at=starts, ends_at=starts + dt.timedelta(hours=6), **kw)


def bulk_volunteers(n: int, *, region_code: str = "371602001001", team=None) -> list[Volunteer]:
    """n active volunteers written in two bulk inserts (accounts without a usable password)."""
    region = Region.objects.get(code=region_code)
    first = next(_serial) * 100_000
    users = User.objects.bulk_create([
        User(phone=f"139{first + i:08d}", password="!", role=Role.VOLUNTEER, display_name=f"应急{i}")
        for i in range(n)])
    return Volunteer.objects.bulk_create(with_city_codes(
        Volunteer(user=u, volunteer_number=f"YJ{first + i:010d}", name=f"应急{i}", id_number_encrypted="-",
                  id_number_hash=f"callout-test-{first + i}", id_number_masked="3716**********0000",
                  gender="female", birth_date=dt.date(1990, 1, 1), region=region, team=team)
        for i, u in enumerate(users)))


@pytest.fixture
def callout(organizer):
    return make_callout(organizer)
