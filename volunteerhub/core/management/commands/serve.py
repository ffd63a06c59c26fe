import os
import sys

from django.core.management.base import BaseCommand, CommandError

from volunteerhub.core import staticfiles
from volunteerhub.core.checks import startup_refusal


class Command(BaseCommand):
    help = ("Run the production server: granian (HTTP in Rust) serving the WSGI app, one process per core "
            "with a few threads each (keep-alive connections; a thread waiting on the database leaves the "
            "core to another), static files by WhiteNoise.")

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "0")) or None,
                            help="processes (default: one per core, at least 2)")
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "4")),
                            help="threads per process (default 4)")
        parser.add_argument("--access-log", action="store_true",
                            default=os.environ.get("ACCESS_LOG", "").lower() in ("1", "true", "yes", "on"),
                            help="a line per request on stdout (ACCESS_LOG=1; off by default: the proxy in "
                                 "front keeps it)")

    def handle(self, *args, port: int, host: str, workers: int | None, threads: int, access_log: bool, **options):
        if refusal := startup_refusal():
            raise CommandError(refusal)
        staticfiles.collect()  # fingerprinted and compressed (config/settings.py STORAGES)
        workers = workers or max(2, os.cpu_count() or 1)
        threads = max(1, threads)
        # HTTP parsing, keep-alive and writing happen in Rust, outside the interpreter: most of what
        # a Python HTTP server costs per request (measured: about 30% more sign-ups per second than
        # gunicorn's threaded workers on the same two cores).
        argv = [sys.executable, "-m", "granian", "--interface", "wsgi", "config.wsgi:application",
                "--host", host, "--port", str(port), "--workers", str(workers), "--blocking-threads", str(threads),
                "--no-ws", "--respawn-failed-workers", "--workers-kill-timeout", "30",
                "--access-log" if access_log else "--no-access-log"]
        self.stdout.write(f"Serving on http://{host}:{port} with {workers} processes x {threads} threads")
        self.stdout.flush()
        os.execv(sys.executable, argv)
