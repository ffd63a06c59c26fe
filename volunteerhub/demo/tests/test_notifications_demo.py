import datetime as dt
import io
import random

import pytest
import time_machine
from django.utils import timezone

from volunteerhub.activities import services as activity_services
from volunteerhub.activities.tests.conftest import make_activity
from volunteerhub.conftest import make_volunteer
from volunteerhub.demo.notifications import seed_demo
from volunteerhub.notifications.models import Delivery, Notification

pytestmark = pytest.mark.django_db


def test_the_demo_inbox_shows_reminders_and_messages_with_their_deliveries(organizer, team):
    volunteer = make_volunteer("371602001001", team=team, phone="13900000004", name="周心怡")
    activity = make_activity(organizer, starts_in=dt.timedelta(days=2))
    activity_services.activity_sign_up(activity=activity, volunteer=volunteer)

    with time_machine.travel(timezone.now() + dt.timedelta(days=3)):
        seed_demo(rng=random.Random(1), stdout=io.StringIO())
        seed_demo(rng=random.Random(1), stdout=io.StringIO())

    kinds = sorted(Notification.objects.filter(user=volunteer.user)
                   .values_list("kind", flat=True))
    assert kinds == ["activity_reminder", "activity_reminder", "roster_message", "waitlist_promoted"]
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent", "refused", "failed"}
