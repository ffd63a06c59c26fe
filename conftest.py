import os

import pytest

os.environ.setdefault("VOLUNTEERHUB_NO_PROGRESS", "1")


def load_reference_data() -> None:
    """Regions, qualifications and the first agreement and privacy policy come from data migrations; a transactional test's flush removes them."""
    from volunteerhub.regions.loader import load_regions
    from volunteerhub.regions.models import Region
    from volunteerhub.volunteers.models import Qualification
    from volunteerhub.volunteers.qualifications import QUALIFICATIONS

    from volunteerhub.needs.models import Vulnerability
    from volunteerhub.needs.vulnerabilities import load_vulnerabilities

    from volunteerhub.accounts.models import PolicyText
    from volunteerhub.accounts.policies import load_first_policies

    load_regions(Region)
    load_vulnerabilities(Vulnerability)
    load_first_policies(PolicyText)
    if Qualification.objects.count() < len(QUALIFICATIONS):
        for code, name, name_en in QUALIFICATIONS:
            Qualification.objects.update_or_create(code=code, defaults={"name": name, "name_en": name_en})


@pytest.fixture(autouse=True)
def _reference_data(request):
    marker = request.node.get_closest_marker("django_db")
    if {"transactional_db", "live_server"} & set(request.fixturenames) or (marker is not None and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
        load_reference_data()




@pytest.fixture(autouse=True)
def _no_actor_between_tests():
    """Each test starts with no acting user, as each request and command does."""
    from volunteerhub.core.context import Actor, current_actor

    token = current_actor.set(Actor())
    yield
    current_actor.reset(token)
