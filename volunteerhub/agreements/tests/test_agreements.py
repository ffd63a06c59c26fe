"""Agreements before service (志愿服务条例 Art. 14) and a guardian's consent for minors (PIPL Art. 31)."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from volunteerhub.activities import services as activities
from volunteerhub.activities.models import SignUp
from volunteerhub.activities.tests.conftest import make_activity
from volunteerhub.agreements import selectors, services
from volunteerhub.agreements.models import GuardianConsent, Signature
from volunteerhub.audit.models import AuditEvent
from volunteerhub.conftest import make_volunteer, next_id_number
from volunteerhub.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed

pytestmark = pytest.mark.django_db


def _born(years_ago: int) -> dt.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years_ago) - dt.timedelta(days=30)


def _minor(team, years: int):
    return make_volunteer(team=team, name="小明同学", id_number=next_id_number("371602", birth=_born(years)))


def test_a_minor_is_refused_without_a_guardians_consent_and_accepted_with_it(organizer, team):
    activity, minor = make_activity(organizer), _minor(team, 16)

    with pytest.raises(PermissionDenied) as refused:
        activities.activity_sign_up(activity=activity, volunteer=minor)
    assert refused.value.code == "guardian_consent_required"
    assert not SignUp.objects.filter(activity=activity).exists()

    services.guardian_consent_record(by=organizer, volunteer=minor, guardian_name="王建国", relation="father",
                                     guardian_phone="13905431234")
    assert activities.activity_sign_up(activity=activity, volunteer=minor).status == SignUp.Status.CONFIRMED


def test_under_fourteen_the_consent_must_cover_personal_information(organizer, team):
    child = _minor(team, 12)
    with pytest.raises(ValidationFailed) as refused:
        services.guardian_consent_record(by=organizer, volunteer=child, guardian_name="李秀英", relation="mother",
                                         guardian_phone="0543-3161234")
    assert "covers_personal_information" in refused.value.fields and not GuardianConsent.objects.exists()
    services.guardian_consent_record(by=organizer, volunteer=child, guardian_name="李秀英", relation="mother",
                                     guardian_phone="0543-3161234", covers_personal_information=True)
    assert activities.activity_sign_up(activity=make_activity(organizer), volunteer=child)


def test_an_adult_needs_no_consent_and_an_organiser_records_none_out_of_reach(organizer, other_organizer, team, volunteer):
    assert activities.activity_sign_up(activity=make_activity(organizer), volunteer=volunteer)
    with pytest.raises(ValidationFailed):
        services.guardian_consent_record(by=organizer, volunteer=volunteer, guardian_name="王建国", relation="father",
                                         guardian_phone="13905431234")
    with pytest.raises(NotFound):
        selectors.volunteer_for_consent(user=other_organizer, volunteer_id=_minor(team, 15).pk)


def test_an_unsigned_then_outdated_agreement_is_refused_and_accepted_after_signing(organizer, city_admin, volunteer):
    activity = make_activity(organizer, kind="convenience")
    text = services.agreement_publish(by=city_admin, kind="convenience", title="义诊服务协议", body="遵守诊疗规范。")

    with pytest.raises(Conflict) as refused:
        activities.activity_sign_up(activity=activity, volunteer=volunteer)
    assert refused.value.code == "agreement_required" and "义诊服务协议" in str(refused.value.message)

    services.agreement_sign(user=volunteer.user, text=text, ip="10.0.0.8")
    signature = Signature.objects.get()
    assert (signature.text.version, signature.account, signature.ip_address) == (1, volunteer.user, "10.0.0.8")
    activities.activity_sign_up(activity=activity, volunteer=volunteer)
    activities.activity_cancel_sign_up(activity=activity, volunteer=volunteer)

    newer = services.agreement_publish(by=city_admin, kind="convenience", title="义诊服务协议", body="新增：保护隐私。")
    assert newer.version == 2
    with pytest.raises(Conflict) as outdated:
        activities.activity_sign_up(activity=activity, volunteer=volunteer)
    assert "重新签署" in str(outdated.value.message)
    with pytest.raises(Conflict):
        services.agreement_sign(user=volunteer.user, text=text, ip=None)  # the old version no longer signs
    services.agreement_sign(user=volunteer.user, text=newer, ip=None)
    assert activities.activity_sign_up(activity=activity, volunteer=volunteer).status == SignUp.Status.CONFIRMED


def test_a_signature_lapses_after_a_year(organizer, city_admin, volunteer):
    text = services.agreement_publish(by=city_admin, kind="", title="志愿者服务协议", body="总则")
    services.agreement_sign(user=volunteer.user, text=text, ip=None)
    activity = make_activity(organizer, starts_in=dt.timedelta(days=400))
    with time_machine.travel(timezone.now() + dt.timedelta(days=366)):
        assert selectors.signature_standing(volunteer=volunteer, text=text) == "expired"
        with pytest.raises(Conflict):
            activities.activity_sign_up(activity=activity, volunteer=volunteer)


def test_an_agreement_of_another_kind_does_not_gate_the_sign_up(organizer, city_admin, volunteer):
    services.agreement_publish(by=city_admin, kind="counselling", title="心理疏导保密协议", body="保密")
    assert activities.activity_sign_up(activity=make_activity(organizer, kind="convenience"), volunteer=volunteer)


def test_only_administrators_publish_and_only_volunteers_sign(organizer, city_admin):
    with pytest.raises(PermissionDenied):
        services.agreement_publish(by=organizer, kind="", title="协议", body="正文")
    text = services.agreement_publish(by=city_admin, kind="", title="协议", body="正文")
    with pytest.raises(PermissionDenied):
        services.agreement_sign(user=organizer, text=text, ip=None)
    assert AuditEvent.objects.filter(action="agreement_publish").count() == 1


def test_the_api_publishes_signs_and_records_consent(api_as, city_admin, organizer, volunteer, team):
    published = api_as(city_admin).post("/api/v1/agreements", {"kind": "", "title": "志愿者服务协议", "body": "总则"})
    assert published.status_code == 201, published.content
    text_id = published.json()["id"]
    client = api_as(volunteer.user)
    assert client.get("/api/v1/agreements").json()[0]["standing"] == "unsigned"
    assert client.post(f"/api/v1/agreements/{text_id}/sign").status_code == 201
    assert client.get("/api/v1/agreements").json()[0]["standing"] == "signed"
    minor = _minor(team, 15)
    consent = api_as(organizer).post(f"/api/v1/volunteers/{minor.pk}/guardian-consent", {
        "guardian_name": "王建国", "relation": "father", "guardian_phone": "13905431234"})
    assert consent.status_code == 201, consent.content
    assert consent.json()["guardian_phone"] == "139****1234" and consent.json()["guardian_name"] == "王*国"
    bad = api_as(organizer).post(f"/api/v1/volunteers/{minor.pk}/guardian-consent", {
        "guardian_name": "王建国", "relation": "father", "guardian_phone": "12345"})
    assert bad.status_code == 400 and "guardian_phone" in bad.json()["fields"]


def test_the_pages_sign_and_record_consent_with_phones_masked(client, city_admin, organizer, volunteer, team):
    text = services.agreement_publish(by=city_admin, kind="", title="志愿者服务协议", body="总则")
    client.force_login(volunteer.user)
    assert "我已阅读并同意" in client.get("/agreements/").content.decode()
    assert client.post("/agreements/", {"action": "sign", "agreement_id": text.pk}).status_code == 302
    assert Signature.objects.filter(volunteer=volunteer, text=text).exists()
    assert client.get("/agreements/consents/").status_code == 403
    minor = _minor(team, 16)
    client.force_login(organizer)
    assert client.post("/agreements/consents/", {"volunteer_id": minor.pk, "guardian_name": "王建国",
                                                 "relation": "father", "guardian_phone": "13905431234"}).status_code == 302
    page = client.get("/agreements/consents/").content.decode()
    assert "139****1234" in page and "13905431234" not in page and "王*国" in page


def test_only_the_city_publishes_an_agreement_every_volunteer_must_sign(county_admin, other_county_admin):
    """Found by an attacker: a county administrator could publish a city-wide agreement and block every sign-up."""
    for admin in (county_admin, other_county_admin):
        with pytest.raises(PermissionDenied):
            services.agreement_publish(by=admin, kind="", title="邹平", body="……")
