import io
import os
import signal
import socket
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


def _without_keys(tmp_path) -> dict:
    """A production environment that forgot its keys: no DEBUG, no demo, SECRET_KEY's development default."""
    env = {name: value for name, value in os.environ.items() if name not in {
        "DEBUG", "VOLUNTEERHUB_DEMO", "SECRET_KEY", "FIELD_ENCRYPTION_KEY", "BLIND_INDEX_KEY", "CHECKIN_TOKEN_KEY"}}
    return {**env, "DJANGO_SETTINGS_MODULE": "config.settings", "VOLUNTEERHUB_VAR_DIR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}


def test_the_server_refuses_to_start_on_the_development_secret_key(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([str(BIN), "serve", "--port", str(port), "--workers", "1"], env=_without_keys(tmp_path),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = server.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGTERM)
        server.communicate()
        raise AssertionError("the server started on the development SECRET_KEY") from None

    assert server.returncode != 0
    assert "拒绝启动" in err and "Refusing to start" in err and "SECRET_KEY" in err and "Serving" not in out


def test_the_wsgi_application_refuses_to_load_on_the_development_secret_key(tmp_path):
    for module in ("config.wsgi", "config.asgi"):
        loaded = subprocess.run([sys.executable, "-c", f"import {module}"], env=_without_keys(tmp_path),
                                capture_output=True, text=True, timeout=120)

        assert loaded.returncode != 0 and "ImproperlyConfigured" in loaded.stderr and "SECRET_KEY" in loaded.stderr
        assert "VOLUNTEERHUB_DEMO=1" in loaded.stderr


def test_the_wsgi_application_loads_in_the_demo(tmp_path):
    loaded = subprocess.run([sys.executable, "-c", "import config.wsgi"],
                            env={**_without_keys(tmp_path), "VOLUNTEERHUB_DEMO": "1"}, capture_output=True, text=True,
                            timeout=120)

    assert loaded.returncode == 0, loaded.stderr
