"""Every decision on a volunteer's hours reaches their inbox."""

import datetime as dt
from decimal import Decimal

from volunteerhub.hours import services
from volunteerhub.notifications.models import Notification


def backfill(organizer, volunteer, hours="2.5"):
    return services.ledger_backfill(user=organizer, volunteer=volunteer, hours=Decimal(hours),
                                    served_on=dt.date(2026, 11, 1), reason="纸质签到表补录")


def test_an_approval_tells_the_volunteer_with_the_new_total(organizer, colleague, volunteer):
    entry = backfill(colleague, volunteer)

    services.ledger_entry_decide(entry=entry, user=organizer, approve=True)

    message = Notification.objects.get(user=volunteer.user)
    assert message.kind == "hours_corrected"
    assert "2.50" in message.body and message.link == "/me/hours/"


def test_a_rejection_tells_the_volunteer_why(organizer, colleague, volunteer):
    entry = backfill(colleague, volunteer)

    services.ledger_entry_decide(entry=entry, user=organizer, approve=False, note="签到表无签名")

    message = Notification.objects.get(user=volunteer.user)
    assert message.kind == "hours_rejected" and "签到表无签名" in message.body


def test_an_answered_correction_request_is_told(organizer, volunteer):
    request = services.correction_request_create(volunteer=volunteer, message="上周义诊漏记了时长")

    services.correction_request_resolve(correction_request=request, user=organizer, accept=False, note="当天未签到")

    message = Notification.objects.get(user=volunteer.user, kind="correction_resolved")
    assert "当天未签到" in message.body
