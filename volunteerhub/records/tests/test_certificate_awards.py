"""Approved commendations are listed on the certificate and on its public verification page."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from pypdf import PdfReader

from volunteerhub.awards import services as awards
from volunteerhub.records.pdf import certificate_pdf
from volunteerhub.records.models import Certificate
from volunteerhub.records.services import certificate_issue
from volunteerhub.records.tests.test_certificates import approved

SH = ZoneInfo("Asia/Shanghai")
REASON = "常年坚持社区义诊，服务群众数千人次。"


def _nominate(organizer, volunteer, title, year=2025):
    with time_machine.travel(dt.datetime(2026, 3, 4, 10, 0, tzinfo=SH), tick=False):
        return awards.nomination_create(by=organizer, kind="volunteer", volunteer=volunteer, title=title,
                                        reason=REASON, year=year)


def _decide(nomination, admin, approve: bool):
    with time_machine.travel(dt.datetime(2026, 3, 20, 10, 0, tzinfo=SH), tick=False):
        return awards.nomination_decide(nomination=nomination, by=admin, approve=approve, note="公示无异议")


@pytest.fixture
def commended(organizer, county_admin, volunteer):
    """One approved, one rejected and one still on notice."""
    _decide(_nominate(organizer, volunteer, "十佳卫生健康志愿者"), county_admin, True)
    _decide(_nominate(organizer, volunteer, "最美志愿者"), county_admin, False)
    _nominate(organizer, volunteer, "优秀共产党员志愿者")
    approved(organizer, volunteer)
    return volunteer


def _pdf_text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_certificate_pdf_lists_approved_awards_only(api_as, commended):
    response = api_as(commended.user).get("/api/v1/me/hours/certificate")

    text = _pdf_text(response.content)
    assert response.status_code == 200
    assert "获得表彰" in text and "十佳卫生健康志愿者" in text and "2025" in text
    assert "最美志愿者" not in text and "优秀共产党员志愿者" not in text


def test_a_certificate_without_awards_has_no_awards_line(api_as, organizer, volunteer):
    approved(organizer, volunteer)

    text = _pdf_text(api_as(volunteer.user).get("/api/v1/me/hours/certificate").content)

    assert "志愿服务证明" in text and "获得表彰" not in text


def test_the_certificate_keeps_a_snapshot_of_the_awards(commended):
    cert = certificate_issue(volunteer=commended)

    assert cert.awards == [{"title": "十佳卫生健康志愿者", "year": 2025}]


def test_a_new_award_gives_a_new_certificate(organizer, county_admin, commended):
    first = certificate_issue(volunteer=commended)
    _decide(_nominate(organizer, commended, "2026年度优秀志愿者", year=2026), county_admin, True)

    newer = certificate_issue(volunteer=commended)

    assert newer.pk != first.pk and newer.hours == first.hours
    assert [a["title"] for a in newer.awards] == ["2026年度优秀志愿者", "十佳卫生健康志愿者"]
    assert Certificate.objects.filter(volunteer=commended).count() == 2


def test_the_public_verification_page_shows_the_awards(client, commended):
    cert = certificate_issue(volunteer=commended)

    html = client.get(f"/certificates/verify/{cert.code}/").content.decode()

    assert "十佳卫生健康志愿者" in html and "2025" in html
    assert "最美志愿者" not in html and "优秀共产党员志愿者" not in html


def test_many_awards_are_summed_up_on_the_pdf(organizer, commended):
    cert = certificate_issue(volunteer=commended)
    cert.awards = [{"title": f"表彰{i}", "year": 2020 + i} for i in range(5)]  # unsaved: render only

    text = _pdf_text(certificate_pdf(cert=cert, verify_url="https://example.org/v/x/"))

    assert "表彰0" in text and "表彰1" in text and "等5项表彰" in text and "表彰4" not in text


def test_the_public_check_never_names_the_volunteer_beside_the_masked_name(client, commended, organizer,
                                                                            county_admin):
    _decide(_nominate(organizer, commended, "李志愿同志荣获十佳志愿者"), county_admin, True)
    cert = certificate_issue(volunteer=commended)

    html = client.get(f"/certificates/verify/{cert.code}/").content.decode()

    assert "李志愿" not in html and "李*愿同志荣获十佳志愿者" in html
