import datetime as dt
import re
from decimal import Decimal

import pytest

from volunteerhub.conftest import colleague_of
from volunteerhub.hours import services
from volunteerhub.records.pdf import certificate_pdf, font_path
from volunteerhub.records.models import Certificate
from volunteerhub.records.services import certificate_issue
from volunteerhub.hours.models import LedgerEntry


def approved(organizer, volunteer, hours=Decimal("120")):
    """Back-filled by the organiser, approved by a colleague."""
    approver = colleague_of(organizer)
    for chunk in [Decimal("24")] * int(hours // 24) + ([hours % 24] if hours % 24 else []):
        entry = services.ledger_backfill(user=organizer, volunteer=volunteer, hours=chunk,
                                         served_on=dt.date(2026, 1, 10), reason="纸质记录补录", content="义诊")
        services.ledger_entry_decide(entry=entry, user=approver, approve=True)


def test_it_refuses_a_certificate_without_approved_hours(api_as, volunteer):
    response = api_as(volunteer.user).get("/api/v1/me/hours/certificate")

    assert response.status_code == 409 and response.json()["code"] == "no_hours"
    assert not Certificate.objects.exists()


def test_a_volunteer_downloads_a_pdf_certificate_with_the_chinese_font_embedded(api_as, organizer, volunteer):
    approved(organizer, volunteer)

    response = api_as(volunteer.user).get("/api/v1/me/hours/certificate")

    assert font_path() is not None, "install fonts-wqy-zenhei"
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF") and b"/FontFile2" in pdf  # TrueType font program embedded (subset)
    cert = Certificate.objects.get()
    assert cert.number in response["Content-Disposition"]
    assert (cert.hours, cert.star_level, cert.id_number_masked) == (Decimal("120"), 1, volunteer.id_number_masked)


def test_the_certificate_has_the_fields_the_measures_require(organizer, volunteer):
    approved(organizer, volunteer)

    cert = certificate_issue(volunteer=volunteer)

    assert cert.name == "李志愿" and cert.volunteer_number == volunteer.volunteer_number
    assert "*" in cert.id_number_masked and cert.id_type == "居民身份证"
    assert cert.issuer and cert.person_in_charge and cert.handling_officer and cert.contact
    assert cert.content and cert.issued_on and re.fullmatch(r"BZWJ\d{4}\d{7}\d{3}", cert.number)


def test_asking_again_without_new_hours_gives_the_same_certificate(organizer, volunteer):
    approved(organizer, volunteer)
    first = certificate_issue(volunteer=volunteer)
    again = certificate_issue(volunteer=volunteer)
    approved(organizer, volunteer, Decimal("2"))

    newer = certificate_issue(volunteer=volunteer)

    assert first.pk == again.pk and newer.pk != first.pk and newer.number != first.number
    assert newer.hours == Decimal("122")


def test_a_missing_font_is_a_clear_error_not_a_500(api_as, organizer, volunteer, settings):
    approved(organizer, volunteer)
    settings.CERTIFICATE_FONT_PATHS = ["/nonexistent/font.ttf"]

    response = api_as(volunteer.user).get("/api/v1/me/hours/certificate")

    assert response.status_code == 503
    assert response.json()["code"] == "certificate_font_missing" and "fonts-wqy-zenhei" in response.json()["message"]


def test_the_public_verification_shows_masked_data_only(anon, client, organizer, volunteer):
    approved(organizer, volunteer)
    cert = certificate_issue(volunteer=volunteer)

    api = anon.get(f"/api/v1/certificates/{cert.code}").json()
    page = client.get(f"/certificates/verify/{cert.code}/").content.decode()

    assert api["genuine"] is True and api["current"] is True and api["number"] == cert.number
    assert api["name_masked"] == "李*愿" and api["hours"] == "120.00"
    from volunteerhub.volunteers.services import volunteer_id_number

    clear_id = volunteer_id_number(volunteer=volunteer)
    for shown in (str(api), page):
        assert clear_id not in shown and "李志愿" not in shown and volunteer.user.phone not in shown
    assert "证明真实有效" in page


def test_an_unknown_certificate_is_reported_as_not_genuine(anon, client, db):
    assert anon.get("/api/v1/certificates/forged123").status_code == 404
    page = client.get("/certificates/verify/forged123/")
    assert page.status_code == 404 and "伪造" in page.content.decode()


def test_the_qr_code_in_the_pdf_points_to_the_verification_page(organizer, volunteer):
    approved(organizer, volunteer)
    cert = certificate_issue(volunteer=volunteer)

    pdf = certificate_pdf(cert=cert, verify_url=f"http://testserver/certificates/verify/{cert.code}/")

    assert pdf.startswith(b"%PDF") and len(pdf) > 5000


@pytest.mark.parametrize("path", ["/me/hours/", "/me/hours/certificate.pdf"])
def test_my_hours_pages_work_for_a_volunteer(client, organizer, volunteer, path):
    approved(organizer, volunteer)
    client.force_login(volunteer.user)

    response = client.get(path)

    assert response.status_code == 200
    assert LedgerEntry.objects.filter(volunteer=volunteer).count() == 5
