"""The user agreement and privacy policy: versioned pages, consent recorded with versions, time, address and
browser, and asked again (a banner, nothing blocked) when a version changes."""

from volunteerhub.accounts.consents import consent_is_current
from volunteerhub.accounts.models import PolicyConsent, PolicyText

ALL = {"accept_policies": "1", "consent_id_number": "1", "consent_location": "1"}


def test_the_texts_have_pages_with_their_version(client, db):
    terms, privacy = client.get("/policies/terms/"), client.get("/policies/privacy/")

    assert terms.status_code == 200 and "用户协议" in terms.content.decode() and 'id="policy-version"' in terms.content.decode()
    assert privacy.status_code == 200 and "敏感个人信息" in privacy.content.decode()
    assert client.get("/policies/cookies/").status_code == 404


def test_the_api_gives_the_current_versions(anon, db):
    body = anon.get("/api/v1/policies").json()

    assert [(p["kind"], p["version"]) for p in body] == [("terms", 1), ("privacy", 1)]


def test_a_new_version_asks_a_signed_in_volunteer_again_without_blocking_pages(client, volunteer):
    client.force_login(volunteer.user)
    client.post("/accounts/consent/", ALL)
    before = client.get("/me/").content.decode()

    PolicyText.objects.create(kind="privacy", version=2, title="隐私政策", body="第二版")
    after = client.get("/me/")

    assert 'id="policy-banner"' not in before
    assert after.status_code == 200 and 'id="policy-banner"' in after.content.decode()


def test_consenting_again_records_the_new_versions_with_address_and_browser(client, volunteer):
    PolicyText.objects.create(kind="terms", version=2, title="用户协议", body="第二版")
    client.force_login(volunteer.user)

    response = client.post("/accounts/consent/?next=/me/", ALL, HTTP_USER_AGENT="Mozilla/5.0 test", REMOTE_ADDR="10.6.6.6")

    consent = PolicyConsent.objects.get(user=volunteer.user)
    assert response.status_code == 302 and response["Location"] == "/me/"
    assert (consent.terms_version, consent.privacy_version) == (2, 1)
    assert consent.sensitive_id_number and consent.location
    assert (consent.ip, consent.user_agent) == ("10.6.6.6", "Mozilla/5.0 test")
    assert consent_is_current(user=volunteer.user)
    assert 'id="policy-banner"' not in client.get("/me/").content.decode()


def test_each_consent_is_needed_and_said_beside_its_box(client, volunteer):
    client.force_login(volunteer.user)

    page = client.post("/accounts/consent/", {"accept_policies": "1"})

    html = page.content.decode()
    assert page.status_code == 400 and "身份证号（敏感个人信息）" in html and "位置信息" in html
    assert not PolicyConsent.objects.exists()


def test_the_consent_page_never_leads_off_site(client, volunteer):
    client.force_login(volunteer.user)

    response = client.post("/accounts/consent/?next=https://evil.example/", ALL)

    assert response["Location"] == "/"


def test_the_api_records_consent(api_as, volunteer):
    response = api_as(volunteer.user).post("/api/v1/me/consent", {"accept_policies": True, "consent_id_number": True,
                                                                  "consent_location": False})
    ok = api_as(volunteer.user).post("/api/v1/me/consent", {"accept_policies": True, "consent_id_number": True,
                                                            "consent_location": True})

    assert response.status_code == 400 and list(response.json()["fields"]) == ["consent_location"]
    assert ok.status_code == 201 and ok.json()["terms_version"] == 1


def test_the_city_publishes_a_new_version_and_a_county_cannot(city_admin, county_admin):
    import pytest

    from volunteerhub.accounts.consents import policy_publish
    from volunteerhub.core.errors import PermissionDenied

    text = policy_publish(by=city_admin, kind="privacy", title="隐私政策", body="第二版：新增人脸识别签到的说明。" * 2)
    with pytest.raises(PermissionDenied):
        policy_publish(by=county_admin, kind="privacy", title="隐私政策", body="县区自定的隐私政策文本。" * 3)

    assert text.version == 2 and PolicyText.objects.filter(kind="privacy").count() == 2


def test_a_superuser_adds_a_version_in_the_back_office_and_old_ones_stay_as_they_were(client, db):
    from volunteerhub.accounts.models import User

    root = User.objects.create_superuser("13900009999", "Root-Pass-2026")
    client.force_login(root)
    first = PolicyText.objects.get(kind="terms")

    response = client.post("/admin/accounts/policytext/add/", {"kind": "terms", "title": "用户协议",
                                                                "body": "第二版用户协议：增加了志愿者申请加入队伍的说明。"})
    change = client.post(f"/admin/accounts/policytext/{first.pk}/change/", {"kind": "terms", "title": "改",
                                                                           "body": "改掉旧版本的正文内容。"})

    first.refresh_from_db()
    assert response.status_code == 302 and PolicyText.objects.filter(kind="terms", version=2).exists()
    assert change.status_code == 403 and first.title == "用户协议"
