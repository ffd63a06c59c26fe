"""The page where organisers and admins answer volunteers' correction requests."""

import datetime as dt
import re
from decimal import Decimal

import pytest

from volunteerhub.hours import services
from volunteerhub.hours.models import CorrectionRequest, LedgerDecision, LedgerEntry

NO_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>")


@pytest.fixture
def entry(organizer, colleague, volunteer):
    made = services.ledger_backfill(user=colleague, volunteer=volunteer, hours=Decimal("2"),
                                    served_on=dt.date(2026, 2, 1), reason="纸质签到表补录", content="健康讲座")
    services.ledger_entry_decide(entry=made, user=organizer, approve=True)
    return made


@pytest.fixture
def asked(volunteer, entry):
    return services.correction_request_create(volunteer=volunteer, entry=entry, message="实际服务了三小时，少记一小时")


def _state():
    return list(CorrectionRequest.objects.values_list("pk", "status", "resolution_entry_id")), LedgerEntry.objects.count()


def test_the_organiser_sees_the_open_request_with_its_entry_and_reason(client, organizer, asked, entry):
    client.force_login(organizer)

    page = client.get("/hours/corrections/")

    html = page.content.decode()
    assert page.status_code == 200 and not NO_INLINE_SCRIPT.search(html)
    assert "实际服务了三小时，少记一小时" in html and f"#{entry.pk}" in html and "健康讲座" in html
    assert f'name="request_id" value="{asked.pk}"' in html


def test_the_approvals_page_links_to_the_requests(client, organizer, asked):
    client.force_login(organizer)

    html = client.get("/hours/approvals/").content.decode()

    assert 'href="/hours/corrections/"' in html and "实际服务了三小时" in html


def test_accepting_records_a_pending_correction_of_the_entry(client, organizer, asked, entry):
    client.force_login(organizer)

    response = client.post("/hours/corrections/", {"request_id": asked.pk, "action": "accept", "hours_delta": "1",
                                                   "note": "核实属实"})

    asked.refresh_from_db()
    assert response.status_code == 302 and asked.status == CorrectionRequest.Status.RESOLVED
    correction = asked.resolution_entry
    assert (correction.kind, correction.corrects, correction.hours) == ("correction", entry, Decimal("1.00"))
    assert asked.resolution_note == "核实属实" and asked.resolved_by == organizer
    assert not LedgerDecision.objects.filter(entry=correction).exists()  # pending, approved like any other
    page = client.get("/hours/corrections/").content.decode()
    assert f'value="{asked.pk}"' not in page and "核实属实" in page


def test_declining_keeps_the_ledger_as_it_was(client, organizer, asked):
    client.force_login(organizer)
    entries = LedgerEntry.objects.count()

    client.post("/hours/corrections/", {"request_id": asked.pk, "action": "decline", "note": "签到记录无误"})

    asked.refresh_from_db()
    assert asked.status == CorrectionRequest.Status.DECLINED and asked.resolution_entry is None
    assert LedgerEntry.objects.count() == entries


def test_a_request_without_an_entry_is_answered_with_a_backfill(client, organizer, volunteer):
    request = services.correction_request_create(volunteer=volunteer, message="三月一日义诊未签到，请补录")
    client.force_login(organizer)

    client.post("/hours/corrections/", {"request_id": request.pk, "action": "accept", "hours_delta": "3",
                                        "served_on": "2026-03-01", "note": "有签到表"})

    request.refresh_from_db()
    backfill = request.resolution_entry
    assert (backfill.kind, backfill.hours, backfill.served_on) == ("backfill", Decimal("3.00"), dt.date(2026, 3, 1))


def test_accepting_without_hours_is_refused_and_nothing_changes(client, organizer, asked):
    client.force_login(organizer)
    before = _state()

    response = client.post("/hours/corrections/", {"request_id": asked.pk, "action": "accept", "hours_delta": ""},
                           follow=True)

    assert _state() == before
    assert "更正的时长" in response.content.decode()


def test_an_organiser_of_another_team_neither_sees_nor_answers_it(client, other_organizer, asked):
    client.force_login(other_organizer)
    before = _state()

    page = client.get("/hours/corrections/").content.decode()
    client.post("/hours/corrections/", {"request_id": asked.pk, "action": "decline", "note": "x"})

    assert "实际服务了三小时" not in page
    assert _state() == before


def test_a_county_admin_answers_in_their_county_but_not_another(client, county_admin, other_county_admin, asked):
    client.force_login(other_county_admin)
    assert "实际服务了三小时" not in client.get("/hours/corrections/").content.decode()
    client.post("/hours/corrections/", {"request_id": asked.pk, "action": "decline"})
    asked.refresh_from_db()
    assert asked.status == CorrectionRequest.Status.OPEN

    client.force_login(county_admin)
    assert "实际服务了三小时" in client.get("/hours/corrections/").content.decode()
    client.post("/hours/corrections/", {"request_id": asked.pk, "action": "decline", "note": "无误"})
    asked.refresh_from_db()
    assert asked.status == CorrectionRequest.Status.DECLINED


def test_a_volunteer_sees_no_requests_to_answer(client, volunteer, asked):
    client.force_login(volunteer.user)

    html = client.get("/hours/corrections/").content.decode()

    assert "实际服务了三小时" not in html


@pytest.mark.parametrize("hours", ["NaN", "Infinity", "1e30", "24.5"])
def test_hours_that_are_no_number_or_more_than_a_day_are_refused_and_nothing_changes(client, organizer, asked,
                                                                                      hours):
    client.force_login(organizer)
    before = _state()

    response = client.post("/hours/corrections/", {"request_id": asked.pk, "action": "accept", "hours_delta": hours},
                           follow=True)

    assert response.status_code == 200 and _state() == before
    assert "须为数字" in response.content.decode() or "24小时" in response.content.decode()
