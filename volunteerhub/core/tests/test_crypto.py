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
