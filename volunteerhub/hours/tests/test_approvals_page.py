"""The approvals page as organisers use it: approve the selected or all at once, reject with a reason the
volunteer is told, distinct messages, check-in times beside each entry."""

import pytest

from volunteerhub.hours import services
from volunteerhub.hours.models import LedgerDecision
from volunteerhub.notifications.models import Notification
from volunteerhub.hours.tests.test_ledger import served

pytestmark = pytest.mark.django_db


def test_approve_the_selected_then_all(client, organizer, volunteers):
    entries = [served(organizer, v, minutes=120) for v in volunteers(3)]
    client.force_login(organizer)

    page = client.get("/hours/approvals/").content.decode()
    client.post("/hours/approvals/", {"action": "approve_selected", "entry_ids": [entries[0].pk]})
    assert LedgerDecision.objects.filter(decision="approved").count() == 1
    answer = client.post("/hours/approvals/", {"action": "approve_all"}, follow=True).content.decode()

    assert "签到" in page and entries[0].started_at is not None
    assert LedgerDecision.objects.filter(decision="approved").count() == 3
    assert "已通过 2 条记录" in answer


def test_a_rejection_needs_a_reason_and_the_volunteer_is_told_it(client, organizer, volunteer):
    entry = served(organizer, volunteer, minutes=60)
    client.force_login(organizer)

    bare = client.post("/hours/approvals/", {"entry_id": entry.pk, "action": "reject"}, follow=True).content.decode()
    assert not LedgerDecision.objects.exists() and "驳回须写明原因" in bare
    told = client.post("/hours/approvals/", {"entry_id": entry.pk, "action": "reject", "note": "签到表无本人签名"},
                       follow=True).content.decode()

    assert LedgerDecision.objects.get().decision == "rejected" and "已驳回" in told
    assert Notification.objects.filter(user=volunteer.user, body__contains="签到表无本人签名").exists() or \
        Notification.objects.filter(user=volunteer.user, title__contains="签到表无本人签名").exists()


def test_the_api_refuses_a_rejection_without_a_reason(api_as, county_admin, organizer, volunteer):
    entry = served(organizer, volunteer, minutes=60)

    response = api_as(county_admin).post(f"/api/v1/hours/entries/{entry.pk}/reject", {"note": ""})

    assert response.status_code == 400 and "note" in response.json()["fields"]
    assert services.entry_effective_hours(entry=entry) == entry.hours and not LedgerDecision.objects.exists()
