"""`volunteerhub worker`: runs queued background tasks and a small scheduler (reminders, lost deliveries)."""

import logging
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils.crypto import get_random_string
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker

from volunteerhub.core.checks import startup_refusal
from volunteerhub.core.scheduler import scheduler_tick

logger = logging.getLogger("volunteerhub.worker")


class Command(BaseCommand):
    help = "Run background tasks from the database queue, and every minute enqueue due reminders and retries."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls of an empty queue")
        parser.add_argument("--schedule-every", type=float, default=settings.SCHEDULER_INTERVAL_SECONDS,
                            help="seconds between scheduler runs (reminders, lost deliveries)")
        parser.add_argument("--no-scheduler", action="store_true", help="only run tasks (another worker schedules)")
        parser.add_argument("--batch", action="store_true",
                            help="run the scheduler once, then every outstanding task, then exit (cron, tests)")
        parser.add_argument("--queue-name", default="default", help="queues to run, comma-separated, or *")

    def handle(self, *, interval, schedule_every, no_scheduler, batch, queue_name, verbosity, **options):
        if refusal := startup_refusal():
            raise CommandError(refusal)
        if not isinstance(task_backends["default"], DatabaseBackend):
            raise CommandError("TASKS['default'] is not the database backend: tasks already run inline")
        self._configure_logging(verbosity)
        worker = Worker(queue_names=queue_name.split(","), interval=interval, batch=batch, backend_name="default",
                        startup_delay=not batch, max_tasks=None, worker_id=get_random_string(32),
                        excluded_queue_names=[])
        if batch:
            if not no_scheduler:
                self._tick()
            worker.run()
            return
        if not no_scheduler:
            threading.Thread(target=self._schedule, args=(schedule_every,), name="scheduler", daemon=True).start()
        self.stdout.write(f"Worker running (queues {queue_name}, scheduler every {schedule_every:g} s). Ctrl+C stops.")
        worker.configure_signals()
        worker.run()

    def _schedule(self, every: float) -> None:
        while True:
            self._tick()
            connections.close_all()  # this thread's connections only
            time.sleep(every)

    def _tick(self) -> None:
        try:
            done = scheduler_tick()
            if any(done.values()):
                logger.info("scheduler: %s", done)
        except Exception:  # keep scheduling: one bad tick must not stop reminders for good
            logger.exception("scheduler tick failed")

    def _configure_logging(self, verbosity: int) -> None:
        level = logging.WARNING if verbosity == 0 else logging.INFO if verbosity == 1 else logging.DEBUG
        for name in ("django_tasks", "django_tasks_db", "volunteerhub"):
            logging.getLogger(name).setLevel(level)
