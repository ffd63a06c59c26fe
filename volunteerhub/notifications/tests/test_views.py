"""The inbox page and the notification settings page."""

import pytest
from django.test import Client

from volunteerhub.notifications.models import Delivery, NotificationPreference
from volunteerhub.accounts.models import WeChatIdentity
from volunteerhub.notifications.services import notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(volunteer):
    client = Client()
    client.force_login(volunteer.user)
    return client


def test_the_inbox_keeps_how_a_message_went_out_from_the_person_it_was_for(browser, volunteer, wechat_server):
    WeChatIdentity.objects.create(user=volunteer.user, app_id="wx-test-app", openid="o-vol")
    notify(users=[volunteer.user], kind="roster_message", title="明早集合")
    Delivery.objects.update(status="refused")

    page = browser.get("/inbox/").content.decode()

    assert "明早集合" in page and "用户拒收" not in page and "微信订阅消息" not in page and "delivery-" not in page


def test_staff_see_how_each_message_went_out(volunteer, wechat_server):
    volunteer.user.is_staff = True
    volunteer.user.save(update_fields=["is_staff"])
    WeChatIdentity.objects.create(user=volunteer.user, app_id="wx-test-app", openid="o-vol")
    notify(users=[volunteer.user], kind="roster_message", title="明早集合")
    Delivery.objects.update(status="refused")
    client = Client()
    client.force_login(volunteer.user)

    assert "微信订阅消息：用户拒收/未订阅" in client.get("/inbox/").content.decode()


def test_a_volunteer_sets_channels_and_quiet_hours(browser, volunteer):
    assert "免打扰" in browser.get("/inbox/settings/").content.decode()

    response = browser.post("/inbox/settings/", {"sms": "on", "quiet_start": "21:00", "quiet_end": "06:00"})

    assert response.status_code == 302
    pref = NotificationPreference.objects.get(user=volunteer.user)
    assert (pref.wechat, pref.sms, pref.quiet_start.hour, pref.quiet_end.hour) == (False, True, 21, 6)


def test_a_bad_time_is_shown_and_nothing_saved(browser, volunteer):
    response = browser.post("/inbox/settings/", {"sms": "on", "quiet_start": "nope", "quiet_end": "06:00"})

    assert response.status_code == 200 and not NotificationPreference.objects.exists()


def test_the_settings_page_needs_a_sign_in():
    assert Client().get("/inbox/settings/").status_code == 302
