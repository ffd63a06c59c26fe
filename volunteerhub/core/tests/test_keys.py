"""The platform's keys: real secrets in production (the deploy check errs, servers and workers refuse development
keys), generated once for the demo, and a field key that rotates while the site runs."""

import io
import stat

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core import checks
from django.core.management import CommandError, call_command
from django.core.management.base import SystemCheckError

from volunteerhub.conftest import make_volunteer
from volunteerhub.core import crypto
from volunteerhub.volunteers.models import Volunteer

KEYS = ["SECRET_KEY", "FIELD_ENCRYPTION_KEY", "BLIND_INDEX_KEY", "CHECKIN_TOKEN_KEY"]


@pytest.fixture
def production(settings):
    """A deployment: every key set, neither DEBUG nor the demo."""
    settings.DEVELOPMENT_KEYS = False
    settings.SECRET_KEY = "a-real-secret-key-" * 4
    settings.FIELD_ENCRYPTION_KEY = Fernet.generate_key().decode()
    settings.BLIND_INDEX_KEY = "a-real-blind-index-key"
    settings.CHECKIN_TOKEN_KEY = "a-real-check-in-token-key"
    return settings


def _key_errors() -> list[checks.CheckMessage]:
    found = checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])
    return [m for m in found if m.id == "volunteerhub.E001"]


@pytest.mark.parametrize("name", KEYS[1:])  # an empty SECRET_KEY Django itself refuses
def test_the_deploy_check_is_an_error_for_a_missing_key(production, name):
    setattr(production, name, "")

    [error] = _key_errors()

    assert error.level == checks.ERROR and name in error.msg and "未设置" in error.msg
    assert "volunteerhub keys generate" in error.hint
    with pytest.raises(SystemCheckError):
        call_command("check", "--deploy", stdout=io.StringIO(), stderr=io.StringIO())


def test_the_deploy_check_is_an_error_for_the_development_secret_key(production):
    production.SECRET_KEY = production.DEVELOPMENT_SECRET_KEY

    [error] = _key_errors()

    assert error.level == checks.ERROR and "SECRET_KEY" in error.msg


def test_the_deploy_check_passes_when_every_key_is_set(production):
    assert _key_errors() == []


def test_the_deploy_check_errs_in_development_too(settings):
    settings.DEVELOPMENT_KEYS = True  # the tests' own setting: development keys work, deploying them does not

    assert _key_errors()


def test_a_server_refuses_to_start_on_development_keys(production):
    from volunteerhub.core.checks import startup_refusal

    production.SECRET_KEY = production.DEVELOPMENT_SECRET_KEY
    refusal = startup_refusal()

    assert "SECRET_KEY" in refusal and "拒绝启动" in refusal and "Refusing to start" in refusal
    assert "VOLUNTEERHUB_DEMO=1" in refusal


def test_a_server_starts_with_real_keys_or_in_development(production):
    from volunteerhub.core.checks import startup_refusal

    assert startup_refusal() is None
    production.SECRET_KEY, production.DEVELOPMENT_KEYS = production.DEVELOPMENT_SECRET_KEY, True
    assert startup_refusal() is None


@pytest.mark.django_db
def test_the_worker_refuses_to_start_on_development_keys(production):
    production.BLIND_INDEX_KEY = ""

    with pytest.raises(CommandError) as refused:
        call_command("worker", "--batch", stdout=io.StringIO())

    assert "BLIND_INDEX_KEY" in str(refused.value)


def test_generate_prints_four_fresh_keys_each_its_own():
    out = io.StringIO()
    call_command("keys", "generate", stdout=out)

    keys = dict(line.split("=", 1) for line in out.getvalue().splitlines())
    assert list(keys) == KEYS and len(set(keys.values())) == 4
    Fernet(keys["FIELD_ENCRYPTION_KEY"])  # a valid Fernet key
    assert len(keys["SECRET_KEY"]) >= 50


def test_the_demo_keys_file_is_generated_once_and_kept(tmp_path):
    keys_file = tmp_path / "var" / "keys.env"

    call_command("keys", "generate", "--env-file", str(keys_file), stdout=io.StringIO())
    first = keys_file.read_text()
    call_command("keys", "generate", "--env-file", str(keys_file), stdout=io.StringIO())

    assert keys_file.read_text() == first
    assert [line.split("=", 1)[0] for line in first.splitlines()] == KEYS
    assert stat.S_IMODE(keys_file.stat().st_mode) == 0o600


def test_rotation_finds_the_encrypted_columns_without_importing_their_apps():
    from volunteerhub.core.management.commands.keys import encrypted_fields

    assert (Volunteer, "id_number_encrypted") in encrypted_fields()


def _on_key(key: str) -> int:
    """How many stored ID numbers the given key alone decrypts."""
    fernet, count = Fernet(key), 0
    for token in Volunteer.objects.values_list("id_number_encrypted", flat=True):
        try:
            fernet.decrypt(token.encode())
            count += 1
        except InvalidToken:
            pass
    return count


@pytest.mark.django_db
def test_rotation_interrupted_and_run_again_moves_every_id_number_to_the_newest_key(settings, monkeypatch):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEY = old
    for n in range(5):
        make_volunteer(name=f"志愿者{n}")
    clear = {v.pk: crypto.decrypt(v.id_number_encrypted) for v in Volunteer.objects.all()}
    settings.FIELD_ENCRYPTION_KEY = f"{new},{old}"
    real, seen = crypto.reencrypt, []

    def interrupted(token):  # Ctrl+C while the second batch is under way
        if len(seen) == 3:
            raise KeyboardInterrupt
        seen.append(token)
        return real(token)

    monkeypatch.setattr(crypto, "reencrypt", interrupted)
    with pytest.raises(KeyboardInterrupt):
        call_command("keys", "rotate", "--batch-size", "2", stdout=io.StringIO())
    assert (_on_key(new), _on_key(old)) == (2, 3)  # the first batch kept, the second rolled back

    monkeypatch.undo()
    out = io.StringIO()
    call_command("keys", "rotate", "--batch-size", "2", stdout=out)

    assert (_on_key(new), _on_key(old)) == (5, 0)
    assert "3 re-encrypted" in out.getvalue() and "2 already on the newest key" in out.getvalue()
    settings.FIELD_ENCRYPTION_KEY = new  # the old key retired
    assert {v.pk: crypto.decrypt(v.id_number_encrypted) for v in Volunteer.objects.all()} == clear


@pytest.mark.django_db
def test_rotation_stops_at_a_value_no_configured_key_opens_and_keeps_it(settings):
    settings.FIELD_ENCRYPTION_KEY = Fernet.generate_key().decode()
    volunteer = make_volunteer()
    settings.FIELD_ENCRYPTION_KEY = Fernet.generate_key().decode()  # the old key forgotten

    with pytest.raises(CommandError) as refused:
        call_command("keys", "rotate", stdout=io.StringIO())

    assert str(volunteer.pk) in str(refused.value) and "FIELD_ENCRYPTION_KEY" in str(refused.value)
    assert Volunteer.objects.get(pk=volunteer.pk).id_number_encrypted == volunteer.id_number_encrypted
