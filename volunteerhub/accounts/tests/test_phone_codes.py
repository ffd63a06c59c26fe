"""Codes texted to a mobile: 6 digits through the SMS adapter, hashed, 60 s between codes, valid 10 minutes, burnt
after 5 wrong tries, rate limited per mobile and per address."""

import datetime as dt

import time_machine
from django.utils import timezone

from volunteerhub.accounts.models import PhoneCode, Role
from volunteerhub.conftest import last_texted_code, make_user, next_phone


def ask(anon, phone, purpose="register", ip="10.1.1.1"):
    return anon.client.post("/api/v1/auth/sms-code", {"phone": phone, "purpose": purpose},
                            content_type="application/json", REMOTE_ADDR=ip)


def test_it_texts_a_six_digit_code_and_keeps_only_its_hash(anon, db):
    phone = next_phone()

    response = ask(anon, phone)

    code = last_texted_code(phone)
    row = PhoneCode.objects.get(phone=phone)
    assert response.status_code == 202 and response.json()["resend_after"] == 60
    assert len(code) == 6 and code.isdigit()
    assert code not in row.code_hash and row.code_hash == PhoneCode.hash_code(phone=phone, purpose="register", code=code)
    assert (row.expires_at - row.created_at) == dt.timedelta(minutes=10)


def test_a_second_code_within_a_minute_is_refused_with_the_wait(anon, db):
    phone = next_phone()
    ask(anon, phone)

    again = ask(anon, phone)

    assert again.status_code == 429 and again.json()["code"] == "code_cool_down"
    assert int(again["Retry-After"]) <= 60
    assert PhoneCode.objects.filter(phone=phone).count() == 1


def test_after_a_minute_a_new_code_replaces_the_old(anon, db):
    phone = next_phone()
    ask(anon, phone)
    first = last_texted_code(phone)

    with time_machine.travel(timezone.now() + dt.timedelta(seconds=61)):
        assert ask(anon, phone).status_code == 202

    assert PhoneCode.objects.filter(phone=phone, used_at__isnull=True).count() == 1
    assert PhoneCode.objects.get(phone=phone, used_at__isnull=False).code_hash == \
        PhoneCode.hash_code(phone=phone, purpose="register", code=first)


def test_a_mobile_gets_at_most_five_codes_an_hour(anon, db):
    phone = next_phone()
    statuses = []
    for minute in range(7):
        with time_machine.travel(timezone.now() + dt.timedelta(minutes=2 * minute)):
            statuses.append(ask(anon, phone, ip=f"10.2.0.{minute}").status_code)

    assert statuses == [202] * 5 + [429, 429]


def test_one_address_asking_for_many_mobiles_is_rate_limited(anon, db, settings):
    settings.SMS_CODE_PER_IP_PER_HOUR = 3

    statuses = [ask(anon, next_phone(), ip="10.3.3.3").status_code for _ in range(4)]

    assert statuses == [202, 202, 202, 429]


def test_asking_whether_mobiles_have_accounts_counts_against_the_address(anon, db, settings):
    settings.SMS_CODE_PER_IP_PER_HOUR = 3
    taken = make_user(Role.RESIDENT, "371602001001").phone

    statuses = [ask(anon, taken, ip="10.3.4.4").status_code for _ in range(5)]

    assert statuses == [409, 409, 409, 429, 429]


def test_full_width_digits_are_the_same_mobile_and_other_digits_are_refused(anon, db):
    taken = make_user(Role.RESIDENT, "371602001001").phone
    full_width = "".join(chr(ord(d) + 0xFEE0) for d in taken)  # １３９… as a phone's IME may type it
    arabic_indic = "".join(chr(ord(d) + 0x0630) for d in next_phone())  # ١٣٩…: digits to Python, not to a gateway

    assert ask(anon, full_width, ip="10.3.5.5").status_code == 409  # already registered: not a second account
    refused = ask(anon, arabic_indic, ip="10.3.5.6")
    assert refused.status_code == 400 and list(refused.json()["fields"]) == ["phone"]


def test_a_malformed_mobile_or_purpose_is_named(anon, db):
    bad_phone = ask(anon, "12345")
    bad_purpose = ask(anon, next_phone(), purpose="lottery")

    assert bad_phone.status_code == 400 and list(bad_phone.json()["fields"]) == ["phone"]
    assert bad_purpose.status_code == 400 and list(bad_purpose.json()["fields"]) == ["purpose"]
    assert not PhoneCode.objects.exists()


def _register(anon, phone, code):
    from volunteerhub.conftest import PASSWORD, next_id_number

    return anon.post("/api/v1/volunteers", {
        "name": "钱多多", "id_number": next_id_number(), "phone": phone, "password": PASSWORD,
        "region_code": "371602001", "sms_code": code, "accept_policies": True, "consent_id_number": True,
        "consent_location": True})


def test_five_wrong_codes_burn_it_and_the_right_one_no_longer_works(anon, db):
    phone = next_phone()
    ask(anon, phone)
    right = last_texted_code(phone)
    wrong = f"{(int(right) + 1) % 10**6:06d}"

    answers = [_register(anon, phone, wrong).json()["fields"]["sms_code"][0] for _ in range(5)]
    after = _register(anon, phone, right)

    assert answers[0] == "验证码不正确，还可尝试4次" and "已失效" in answers[4]
    assert after.status_code == 400 and "sms_code" in after.json()["fields"]
    assert PhoneCode.objects.get(phone=phone).wrong_tries == 5


def test_a_code_expires_after_ten_minutes(anon, db):
    phone = next_phone()
    ask(anon, phone)
    code = last_texted_code(phone)

    with time_machine.travel(timezone.now() + dt.timedelta(minutes=10, seconds=1)):
        response = _register(anon, phone, code)

    assert response.status_code == 400 and "sms_code" in response.json()["fields"]


def test_a_registration_spends_the_code(anon, db):
    phone = next_phone()
    ask(anon, phone)

    response = _register(anon, phone, last_texted_code(phone))

    assert response.status_code == 201
    assert PhoneCode.objects.get(phone=phone).used_at is not None


def test_a_code_for_another_mobile_does_not_register_this_one(anon, db):
    mine, theirs = next_phone(), next_phone()
    ask(anon, theirs, ip="10.4.4.4")

    response = _register(anon, mine, last_texted_code(theirs))

    assert response.status_code == 400 and "sms_code" in response.json()["fields"]
