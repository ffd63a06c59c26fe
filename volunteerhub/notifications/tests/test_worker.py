"""The real database task queue: notify enqueues after commit, `volunteerhub worker` sends, retries wait."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from volunteerhub.activities.tests.conftest import make_activity
from volunteerhub.activities import services as activity_services
from volunteerhub.notifications import services, tasks
from volunteerhub.activities.models import ActivityReminder
from volunteerhub.notifications.models import Delivery, Notification
from volunteerhub.accounts.models import WeChatIdentity
from volunteerhub.notifications.tests.conftest import SEND

pytestmark = pytest.mark.django_db(transaction=True)
SEND_TASK = "volunteerhub.notifications.tasks.send_delivery"


def run_worker(*args):
    call_command("worker", "--batch", *args, stdout=io.StringIO())


@pytest.fixture
def bound(volunteer, wechat_server):
    WeChatIdentity.objects.create(user=volunteer.user, app_id="wx-test-app", openid="o-vol")
    return volunteer.user


def test_a_task_is_queued_only_when_the_transaction_commits(bound, wechat_server):
    with transaction.atomic():
        services.notify(users=[bound], kind="roster_message", title="明早集合")
        assert not DBTaskResult.objects.exists()
    assert DBTaskResult.objects.filter(task_path=SEND_TASK, status="READY").count() == 1

    with transaction.atomic():
        services.notify(users=[bound], kind="roster_message", title="作废")
        transaction.set_rollback(True)
    assert DBTaskResult.objects.count() == 1 and Notification.objects.count() == 1


def test_the_worker_sends_each_delivery_once(bound, wechat_server):
    services.notify(users=[bound], kind="roster_message", title="明早集合")
    tasks.send_delivery.enqueue(Delivery.objects.get().pk)  # the same task queued twice
    assert DBTaskResult.objects.filter(task_path=SEND_TASK).count() == 2

    run_worker("--no-scheduler")
    run_worker()

    assert len(wechat_server.calls(SEND)) == 1
    assert Delivery.objects.get().status == "sent"
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


def test_a_retry_waits_in_the_queue_until_its_back_off_is_over(bound, wechat_server, settings):
    settings.DELIVERY_BACKOFF_SECONDS = 300
    wechat_server.script(SEND, (200, {"errcode": 45009, "errmsg": "quota"}), (200, {"errcode": 0, "msgid": 1}))
    services.notify(users=[bound], kind="roster_message", title="明早集合")

    run_worker()
    delivery = Delivery.objects.get()
    retry = DBTaskResult.objects.get(status="READY")
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert retry.run_after == delivery.next_attempt_at
    assert delivery.next_attempt_at - delivery.updated_at == dt.timedelta(seconds=300)

    run_worker("--no-scheduler")
    assert len(wechat_server.calls(SEND)) == 1  # not yet

    with time_machine.travel(delivery.next_attempt_at + dt.timedelta(seconds=1)):
        run_worker("--no-scheduler")
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 2)


def test_a_task_that_breaks_is_shown_as_failed_and_the_delivery_says_why(bound, wechat_server, settings):
    settings.WECHAT_TEMPLATE_FIELDS = None  # a configuration mistake: the adapter raises
    services.notify(users=[bound], kind="roster_message", title="明早集合")

    run_worker("--no-scheduler")

    assert DBTaskResult.objects.get().status == "FAILED"
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.last_code) == ("failed", "error")


def test_the_worker_scheduler_queues_and_sends_due_reminders(organizer, volunteer, wechat_server):
    activity = make_activity(organizer, starts_in=dt.timedelta(days=3))
    activity_services.activity_sign_up(activity=activity, volunteer=volunteer)

    with time_machine.travel(activity.starts_at - dt.timedelta(hours=23)):
        run_worker()
        run_worker()

    assert ActivityReminder.objects.get().status == "sent"
    assert Notification.objects.filter(user=volunteer.user, kind="activity_reminder").count() == 1


def test_the_worker_needs_the_database_backend(settings, db):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with pytest.raises(CommandError):
        run_worker()
