import io
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command

from volunteerhub.organizations.models import ServicePost, Team
from volunteerhub.volunteers.models import Volunteer

BIN = Path(sys.executable).parent / "volunteerhub"


def test_the_command_line_explains_itself():
    result = subprocess.run([str(BIN), "--help"], capture_output=True, text=True, check=True)

    for command in ["seed demo", "serve", "user create", "export volunteers", "migrate"]:
        assert command in result.stdout


def test_it_passes_django_management_commands_through():
    result = subprocess.run([str(BIN), "help", "migrate"], capture_output=True, text=True, check=True)

    assert "usage: volunteerhub migrate" in result.stdout


def test_the_demo_city_loads_and_loading_again_changes_nothing(db, monkeypatch):
    from volunteerhub.demo import volunteers as demo

    monkeypatch.setattr(demo, "DEMO_VOLUNTEERS", 25)
    call_command("seed", "demo", stdout=io.StringIO())
    counts = (Team.objects.count(), ServicePost.objects.count(), Volunteer.objects.count())

    call_command("seed", "demo", stdout=io.StringIO())

    assert counts == (Team.objects.count(), ServicePost.objects.count(), Volunteer.objects.count())
    assert counts[0] == 132
    assert 90 <= counts[1] <= 110
    assert counts[2] == 25
    assert Team.objects.filter(kind="sub_team").count() == 7
    assert set(Team.objects.values_list("region__path", flat=True).distinct()) > {"/371600/"}


def test_demo_posts_lie_inside_their_county(db, monkeypatch):
    from volunteerhub.geo.sphere import polygon_contains
    from volunteerhub.demo.organizations import seed_demo
    from volunteerhub.regions.selectors import county_geometry
    import random

    seed_demo(rng=random.Random(1), stdout=io.StringIO())

    for post in ServicePost.objects.select_related("region"):
        county = post.region.path.strip("/").split("/")[1]
        assert polygon_contains(county_geometry(code=county), post.lat, post.lng), post.name
