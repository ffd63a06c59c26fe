from django.core.management.base import BaseCommand, CommandError

from volunteerhub.audit.services import audit_record
from volunteerhub.accounts.acting import acting_account
from volunteerhub.exchange.imports import IMPORTS


class Command(BaseCommand):
    help = "Bulk import, all or nothing: `import posts FILE.csv` (a row-by-row report on errors)."

    def add_arguments(self, parser):
        parser.add_argument("what", help="posts, volunteers, ... (see the list on error)")
        parser.add_argument("file")
        parser.add_argument("--as", dest="as_phone", help="import on behalf of this account (its region scope)")

    def handle(self, *args, what: str, file: str, as_phone: str | None, **opts):
        if what not in IMPORTS:
            raise CommandError(f"unknown import '{what}'; one of: {', '.join(sorted(IMPORTS))}")
        with acting_account(as_phone) as user:
            try:
                report = IMPORTS[what](file, user=user)
            except FileNotFoundError:
                raise CommandError(f"file not found: {file}") from None
            audit_record(action="import", target_type=what, changes={"file": file, **report.as_json()}, actor=user)
            if not report.ok:
                for e in report.errors:
                    self.stderr.write(f"row {e.row}: {e.field}: {e.reason}")
                raise CommandError(f"{len(report.errors)} error(s) in {report.total_rows} rows; nothing was imported")
            self.stdout.write(self.style.SUCCESS(f"imported {report.imported} of {report.total_rows} rows"))
