import io
import random

import pytest

from volunteerhub.accounts.models import Role, User
from volunteerhub.conftest import make_volunteer
from volunteerhub.demo import needs as demo
from volunteerhub.needs.models import Need, SENSITIVE_KINDS
from volunteerhub.regions.models import Region

pytestmark = pytest.mark.django_db


def test_the_demo_has_open_sensitive_and_progressing_needs_and_is_idempotent(team):
    User.objects.create_user(demo.DEMO_ADMIN_PHONE, "x", role=Role.CITY_ADMIN, region=Region.objects.get(code="371600"))
    resident = User.objects.create_user(demo.DEMO_RESIDENT_PHONE, "x", role=Role.RESIDENT,
                                        region=Region.objects.get(code="371602001"))
    for i in range(30):
        make_volunteer("371602001001", team=team, name=f"演示{i}", home=(37.2 + i * 0.02, 117.6 + i * 0.03),
                       qualifications=["nurse", "pharmacist", "counsellor", "doctor", "village_doctor"][: 1 + i % 5])
    demo.seed_demo(rng=random.Random(1), stdout=io.StringIO())
    count = Need.objects.count()
    assert count == demo.TOTAL + 4
    assert Need.objects.filter(status="open", kind__in=SENSITIVE_KINDS).exists()
    assert set(Need.objects.values_list("status", flat=True)) >= {"open", "matched", "in_progress", "done", "rated"}
    assert Need.objects.filter(resident=resident).count() == 4
    demo.seed_demo(rng=random.Random(1), stdout=io.StringIO())
    assert Need.objects.count() == count
