"""Background tasks: load by id, call a service. Enqueued after commit; safe to run twice."""

import datetime as dt

from django.utils import timezone
from django_tasks import task

from volunteerhub.notifications import services


@task()
def send_delivery(delivery_id: int) -> str:
    return services.delivery_send(delivery_id=delivery_id)


def enqueue_delivery(delivery_id: int, *, at: dt.datetime | None = None) -> None:
    """Enqueue now, or to run at `at`; a backend that cannot defer leaves it to the scheduler's sweep."""
    job = send_delivery
    if at is not None and at > timezone.now():
        if not job.get_backend().supports_defer:
            return
        job = job.using(run_after=at)
    job.enqueue(delivery_id)
