import datetime as dt
from decimal import Decimal

from volunteerhub.hours import services
from volunteerhub.hours.models import LedgerDecision, LedgerEntry, VolunteerHours


def _backfill(organizer, volunteer, hours=Decimal("2")):
    return services.ledger_backfill(user=organizer, volunteer=volunteer, hours=hours, served_on=dt.date(2026, 2, 1),
                                    reason="纸质签到表补录", content="健康讲座")


def test_my_hours_lists_entries_with_the_running_total_and_star_level(api_as, organizer, colleague, volunteer):
    first = _backfill(colleague, volunteer)
    services.ledger_entry_decide(entry=first, user=organizer, approve=True)
    _backfill(organizer, volunteer, Decimal("1.5"))

    body = api_as(volunteer.user).get("/api/v1/me/hours").json()

    assert (body["approved_hours"], body["pending_hours"], body["star_level"]) == ("2.00", "1.50", 0)
    assert [(e["status"], e["running_total"]) for e in body["entries"]] == [("approved", "2.00"), ("pending", "2.00")]


def test_an_organiser_approves_through_the_api(api_as, organizer, colleague, volunteer):
    entry = _backfill(colleague, volunteer)

    response = api_as(organizer).post(f"/api/v1/hours/entries/{entry.pk}/approve", {"note": "属实"})

    assert response.status_code == 200 and response.json()["volunteer_total"] == "2.00"
    assert LedgerDecision.objects.get(entry=entry).note == "属实"


def test_an_organiser_of_another_team_is_refused_and_nothing_changes(api_as, organizer, other_organizer, volunteer):
    entry = _backfill(organizer, volunteer)

    approve = api_as(other_organizer).post(f"/api/v1/hours/entries/{entry.pk}/approve", {})
    correct = api_as(other_organizer).post("/api/v1/hours/corrections",
                                           {"entry_id": entry.pk, "hours_delta": "1", "reason": "多记"})
    backfill = api_as(other_organizer).post("/api/v1/hours/backfill", {
        "volunteer_id": volunteer.pk, "hours": "3", "served_on": "2026-02-01", "reason": "补录"})

    assert (approve.status_code, correct.status_code, backfill.status_code) == (404, 404, 404)
    assert LedgerEntry.objects.count() == 1 and not LedgerDecision.objects.exists()
    assert not VolunteerHours.objects.exists()


def test_a_volunteer_cannot_approve_their_own_entry(api_as, organizer, volunteer):
    entry = _backfill(organizer, volunteer)

    response = api_as(volunteer.user).post(f"/api/v1/hours/entries/{entry.pk}/approve", {})

    assert response.status_code == 404
    assert not LedgerDecision.objects.exists()


def test_backfill_and_correction_through_the_api(api_as, organizer, volunteer):
    api = api_as(organizer)
    made = api.post("/api/v1/hours/backfill", {"volunteer_id": volunteer.pk, "hours": "3", "served_on": "2026-02-01",
                                               "reason": "纸质签到表补录"})
    corrected = api.post("/api/v1/hours/corrections", {"entry_id": made.json()["id"], "hours_delta": "-0.5",
                                                       "reason": "扣除路途时间"})

    assert made.status_code == 201 and made.json()["kind"] == "backfill" and made.json()["status"] == "pending"
    assert corrected.status_code == 201 and corrected.json()["corrects_id"] == made.json()["id"]
    assert corrected.json()["hours"] == "-0.50"
    assert [e["id"] for e in api.get("/api/v1/hours/pending").json()] == [made.json()["id"], corrected.json()["id"]]


def test_a_volunteer_asks_for_a_correction_and_the_organiser_answers(api_as, organizer, volunteer):
    entry = _backfill(organizer, volunteer)
    asked = api_as(volunteer.user).post("/api/v1/me/hours/corrections",
                                        {"entry_id": entry.pk, "message": "实际服务了三小时，少记一小时"})

    listed = api_as(organizer).get("/api/v1/hours/correction-requests").json()
    resolved = api_as(organizer).post(f"/api/v1/hours/correction-requests/{asked.json()['id']}/resolve",
                                      {"accept": True, "hours_delta": "1", "note": "核实属实"})

    assert asked.status_code == 201 and [r["id"] for r in listed] == [asked.json()["id"]]
    assert resolved.json()["status"] == "resolved"
    assert LedgerEntry.objects.get(pk=resolved.json()["resolution_entry_id"]).corrects == entry


def test_team_totals_are_kept(api_as, anon, organizer, colleague, volunteer, team):
    services.ledger_entry_decide(entry=_backfill(colleague, volunteer), user=organizer, approve=True)

    assert anon.get(f"/api/v1/teams/{team.pk}/hours").json()["approved_hours"] == "2.00"


def test_the_approval_page_decides_entries(client, organizer, colleague, volunteer):
    entry = _backfill(colleague, volunteer)
    client.force_login(organizer)

    assert "健康讲座" in client.get("/hours/approvals/").content.decode()
    client.post("/hours/approvals/", {"entry_id": entry.pk, "action": "approve"})

    assert LedgerDecision.objects.get(entry=entry).decision == "approved"


def test_who_back_fills_an_entry_is_refused_its_approval_with_the_reason(api_as, organizer, volunteer):
    entry = _backfill(organizer, volunteer)

    response = api_as(organizer, language="en").post(f"/api/v1/hours/entries/{entry.pk}/approve", {})

    assert response.status_code == 403 and response.json()["code"] == "own_entry"
    assert "someone else" in response.json()["message"]
    assert not LedgerDecision.objects.exists()


def test_the_approval_page_offers_no_buttons_for_ones_own_entries(client, organizer, colleague, volunteer):
    mine = _backfill(organizer, volunteer)
    theirs = _backfill(colleague, volunteer)
    client.force_login(organizer)

    html = client.get("/hours/approvals/").content.decode()

    assert f'name="entry_id" value="{theirs.pk}"' in html
    assert f'name="entry_id" value="{mine.pk}"' not in html and "须由他人审核" in html
