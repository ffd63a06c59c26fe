from django.core.management.base import BaseCommand, CommandError

from volunteerhub.core.backup import BackupError, backup_to


class Command(BaseCommand):
    help = "Back up the whole database to FILE while it runs (SQLite backup API or pg_dump)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file: str, **opts):
        try:
            backup_to(file)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"backup written to {file}"))
