import os
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the production server (gunicorn, several worker processes, static files by WhiteNoise)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "0")) or None)

    def handle(self, *args, port: int, host: str, workers: int | None, **options):
        call_command("collectstatic", interactive=False, verbosity=0)
        workers = workers or max(2, (os.cpu_count() or 1) * 2 + 1)
        argv = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"{host}:{port}",
                "--workers", str(workers), "--access-logfile", "-", "--timeout", "60",
                # The app is loaded once in the master: workers fork warm instead of each paying the first load.
                "--preload"]
        self.stdout.write(f"Serving on http://{host}:{port} with {workers} workers")
        self.stdout.flush()
        os.execv(sys.executable, argv)
