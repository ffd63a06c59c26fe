import datetime as dt
import logging

import pytest
from django.utils import translation

from volunteerhub.volunteers.identity import check_char, make_resident_id, parse_resident_id
from volunteerhub.core.masking import mask_id_number, mask_in_text, mask_name, mask_phone
from volunteerhub.accounts.phones import validate_phone
from volunteerhub.core.logging import MaskPersonalDataFilter

# A published GB 11643 sample: 11010519491231002X (Beijing, 1949-12-31, female).
SAMPLE = "11010519491231002X"


def test_it_accepts_a_valid_number_and_reads_birth_date_and_gender():
    parsed = parse_resident_id(SAMPLE.lower())

    assert parsed.number == SAMPLE
    assert parsed.birth_date == dt.date(1949, 12, 31)
    assert parsed.gender == "female"
    assert parsed.area_code == "110105"


def test_full_width_digits_read_as_the_same_number_and_other_digits_are_refused():
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in SAMPLE)  # as a phone's IME may type it

    assert parse_resident_id(full_width).number == SAMPLE  # one identity, one blind index: no look-alike twin
    with pytest.raises(ValueError):
        parse_resident_id("".join(chr(ord(c) + 0x0630) if c.isdigit() else c for c in SAMPLE))  # Arabic-Indic


@pytest.mark.parametrize("number, reason", [
    ("110105194912310021", "check character"),
    ("11010519491231002", "18 characters"),
    ("11010519491231002Y", "18 characters"),
    ("", "18 characters"),
])
def test_it_refuses_malformed_numbers(number, reason):
    with pytest.raises(ValueError) as err:
        parse_resident_id(number)
    with translation.override("en"):
        assert reason in str(err.value.args[0])


def test_it_refuses_an_impossible_birth_date_even_with_a_right_checksum():
    first17 = "37160219900230123"  # 30 February
    with pytest.raises(ValueError) as err:
        parse_resident_id(first17 + check_char(first17))
    with translation.override("en"):
        assert "birth date" in str(err.value.args[0])


def test_it_refuses_a_birth_date_in_the_future():
    number = make_resident_id("371602", dt.date(2030, 1, 1), 123)
    with pytest.raises(ValueError):
        parse_resident_id(number, today=dt.date(2026, 11, 29))


def test_it_treats_a_renamed_area_code_as_information_only():
    number = make_resident_id("372330", dt.date(1980, 3, 3), 457)  # 邹平县's old code
    assert parse_resident_id(number).area_code == "372330"


def test_it_masks_id_numbers_phones_and_names():
    assert mask_id_number("37160219900517123X") == "3716**********123X"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳小明") == "欧**明"


def test_it_masks_id_numbers_inside_free_text():
    assert mask_in_text("身份证 37160219900517123X 已登记") == "身份证 3716**********123X 已登记"
    assert mask_in_text("订单号 12345678901234567890") == "订单号 12345678901234567890"


@pytest.mark.parametrize("raw, ok", [("13812345678", True), ("+86 138-1234-5678", True), ("12812345678", False),
                                     ("1381234567", False), ("138123456789", False), ("abc", False)])
def test_it_checks_mainland_mobile_numbers(raw, ok):
    if ok:
        assert validate_phone(raw) == "13812345678"
    else:
        with pytest.raises(ValueError):
            validate_phone(raw)


def test_log_lines_never_carry_an_id_number(caplog):
    logger = logging.getLogger("volunteerhub.test")
    logger.addFilter(MaskPersonalDataFilter())
    with caplog.at_level(logging.INFO):
        logger.info("registering %s", "37160219900517123X")
    assert "37160219900517123X" not in caplog.text
    assert "3716**********123X" in caplog.text
