"""A volunteer is told when their approved service hours reach a star level: once per level, never for training."""

import datetime as dt
from decimal import Decimal

from volunteerhub.audit.models import AuditEvent
from volunteerhub.hours import services
from volunteerhub.hours.models import VolunteerHours
from volunteerhub.notifications.models import Channel, Delivery, Notification, NotificationPreference


def approve(organizer, colleague, volunteer, hours, *, category=None):
    entry = services.ledger_backfill(user=colleague, volunteer=volunteer, hours=Decimal(hours),
                                     served_on=dt.date(2026, 3, 1), reason="纸质签到表补录", content="义诊",
                                     category=category)
    services.ledger_entry_decide(entry=entry, user=organizer, approve=True)
    return entry


def star_messages(volunteer):
    return list(Notification.objects.filter(user=volunteer.user, kind="star_level").order_by("pk"))


def test_crossing_100_hours_brings_a_message_with_a_link_to_the_certificate(organizer, colleague, volunteer):
    for _ in range(4):
        approve(organizer, colleague, volunteer, "24")
    assert star_messages(volunteer) == []

    approve(organizer, colleague, volunteer, "5")

    [message] = star_messages(volunteer)
    assert message.title == "恭喜您成为1星志愿者" and "101.00" in message.body
    assert message.link == "/me/hours/certificate.pdf"
    assert AuditEvent.objects.filter(action="star_level_reached", target_id=str(volunteer.pk)).count() == 1


def test_the_same_level_is_not_announced_twice(organizer, colleague, volunteer):
    entries = [approve(organizer, colleague, volunteer, "24") for _ in range(4)]
    approve(organizer, colleague, volunteer, "5")
    correction = services.ledger_correct(user=colleague, entry=entries[0], hours_delta="-3", reason="多记了三小时")
    services.ledger_entry_decide(entry=correction, user=organizer, approve=True)
    assert VolunteerHours.objects.get(volunteer=volunteer).star_level == 0  # 98 h: below the level again

    approve(organizer, colleague, volunteer, "4")  # 102 h: crossing it again

    assert VolunteerHours.objects.get(volunteer=volunteer).star_level == 1
    assert len(star_messages(volunteer)) == 1


def test_training_hours_alone_bring_no_star_message(organizer, colleague, volunteer):
    for _ in range(5):
        approve(organizer, colleague, volunteer, "24", category="training")

    assert VolunteerHours.objects.get(volunteer=volunteer).star_level == 0
    assert star_messages(volunteer) == []


def test_the_next_level_is_announced_in_its_turn(organizer, colleague, volunteer, settings):
    settings.STAR_LEVEL_THRESHOLDS = [10, 20]
    approve(organizer, colleague, volunteer, "12")
    approve(organizer, colleague, volunteer, "12")

    assert [m.title for m in star_messages(volunteer)] == ["恭喜您成为1星志愿者", "恭喜您成为2星志愿者"]


def test_the_message_goes_by_sms_where_the_volunteer_allows_it(organizer, colleague, volunteer, settings):
    settings.SMS_PROVIDER = "console"
    NotificationPreference.objects.update_or_create(user=volunteer.user, defaults={"sms": True})
    for _ in range(4):
        approve(organizer, colleague, volunteer, "24")

    approve(organizer, colleague, volunteer, "5")

    [message] = star_messages(volunteer)
    assert Delivery.objects.filter(notification=message, channel=Channel.SMS).exists()
