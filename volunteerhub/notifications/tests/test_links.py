"""An in-app message's link only ever points inside the site."""

import pytest

from volunteerhub.notifications.models import Notification
from volunteerhub.notifications.services import notify


@pytest.mark.parametrize(("link", "kept"), [
    ("/activities/3/", "/activities/3/"), ("https://evil.example/login", ""), ("//evil.example/", ""),
    ("/\\evil.example", ""), ("javascript:alert(1)", ""), ("/me/\nSet-Cookie: x", ""), ("", "")])
def test_a_link_outside_the_site_is_dropped(resident, link, kept):
    notify(users=[resident], kind="system", title="通知", body="内容", link=link)
    assert Notification.objects.get(user=resident).link == kept
