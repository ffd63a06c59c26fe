"""Background tasks of activities: load by id, call a service. Enqueued after commit; safe to run twice."""

from django_tasks import task


@task()
def send_activity_reminder(reminder_id: int) -> int:
    from volunteerhub.activities.reminders import activity_reminder_send

    return activity_reminder_send(reminder_id=reminder_id)


def enqueue_reminder(reminder_id: int) -> None:
    send_activity_reminder.enqueue(reminder_id)
