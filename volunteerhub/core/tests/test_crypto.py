import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from volunteerhub.core import crypto


def test_encryption_round_trips_and_never_repeats_a_ciphertext():
    a, b = crypto.encrypt("37160219900517123X"), crypto.encrypt("37160219900517123X")

    assert a != b
    assert "37160219900517123X" not in a
    assert crypto.decrypt(a) == crypto.decrypt(b) == "37160219900517123X"


def test_the_blind_index_is_stable_keyed_and_not_the_value(settings):
    first = crypto.blind_index("37160219900517123X")

    assert first == crypto.blind_index("37160219900517123X")
    assert "37160219900517123X" not in first
    settings.BLIND_INDEX_KEY = "another-key"
    assert crypto.blind_index("37160219900517123X") != first


def test_a_value_encrypted_with_an_old_key_still_decrypts_after_a_new_one_comes_first(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEY = old
    before = crypto.encrypt("37160219900517123X")

    settings.FIELD_ENCRYPTION_KEY = f"{new}, {old}"
    after = crypto.encrypt("37160219900517123X")

    assert crypto.decrypt(before) == crypto.decrypt(after) == "37160219900517123X"
    assert Fernet(new).decrypt(after.encode()) == b"37160219900517123X"  # new values use the newest key
    assert crypto.reencrypt(after) is None  # already on the newest key: rotation leaves it
    assert Fernet(new).decrypt(crypto.reencrypt(before).encode()) == b"37160219900517123X"


def test_a_value_no_configured_key_opens_is_refused(settings):
    settings.FIELD_ENCRYPTION_KEY = Fernet.generate_key().decode()
    token = crypto.encrypt("37160219900517123X")
    settings.FIELD_ENCRYPTION_KEY = Fernet.generate_key().decode()

    with pytest.raises(ValueError):
        crypto.decrypt(token)


@pytest.mark.parametrize("name", ["FIELD_ENCRYPTION_KEY", "BLIND_INDEX_KEY", "CHECKIN_TOKEN_KEY"])
def test_outside_development_no_key_is_derived_from_the_secret_key(settings, name):
    settings.DEVELOPMENT_KEYS = False
    setattr(settings, name, "")

    with pytest.raises(ImproperlyConfigured) as refused:
        crypto.key(name)

    assert name in str(refused.value) and "未设置" in str(refused.value)


def test_outside_development_personal_data_is_neither_encrypted_nor_indexed_without_its_keys(settings):
    settings.DEVELOPMENT_KEYS = False
    settings.FIELD_ENCRYPTION_KEY = settings.BLIND_INDEX_KEY = ""

    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt("37160219900517123X")
    with pytest.raises(ImproperlyConfigured):
        crypto.blind_index("37160219900517123X")


def test_in_development_each_missing_key_is_derived_for_its_own_purpose(settings):
    settings.DEVELOPMENT_KEYS = True
    settings.FIELD_ENCRYPTION_KEY = settings.BLIND_INDEX_KEY = settings.CHECKIN_TOKEN_KEY = ""

    derived = {crypto.key(name) for name in ("FIELD_ENCRYPTION_KEY", "BLIND_INDEX_KEY", "CHECKIN_TOKEN_KEY")}

    assert len(derived) == 3 and settings.SECRET_KEY not in derived
