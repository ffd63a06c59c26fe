import os
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = ("Run the production server: gunicorn, one process per core with a few threads each "
            "(keep-alive connections; a thread waiting on the database leaves the core to another), "
            "static files by WhiteNoise.")

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "0")) or None,
                            help="processes (default: one per core, at least 2)")
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "4")),
                            help="threads per process (default 4)")

    def handle(self, *args, port: int, host: str, workers: int | None, threads: int, **options):
        call_command("collectstatic", interactive=False, verbosity=0)
        workers = workers or max(2, os.cpu_count() or 1)
        threads = max(1, threads)
        argv = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"{host}:{port}",
                "--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread",
                "--keep-alive", "5", "--access-logfile", "-", "--timeout", "60",
                # The app is loaded once in the master: workers fork warm instead of each paying the first load.
                "--preload"]
        self.stdout.write(f"Serving on http://{host}:{port} with {workers} processes x {threads} threads")
        self.stdout.flush()
        os.execv(sys.executable, argv)
