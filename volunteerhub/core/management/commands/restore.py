from django.core.management.base import BaseCommand, CommandError

from volunteerhub.core.backup import BackupError, restore_from


class Command(BaseCommand):
    help = "Replace the database's content with a backup made by `volunteerhub backup FILE`."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, file: str, yes: bool, **opts):
        if not yes and opts.get("interactive", True):
            answer = input(f"Replace all data with {file}? [y/N] ")
            if answer.strip().lower() not in ("y", "yes"):
                raise CommandError("restore cancelled")
        try:
            restore_from(file)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"restored from {file}"))
