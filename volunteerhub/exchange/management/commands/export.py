import sys

from django.core.management.base import BaseCommand, CommandError

from volunteerhub.audit.services import audit_record
from volunteerhub.accounts.acting import acting_account
from volunteerhub.core.progress import progress
from volunteerhub.core.tables import write_table
from volunteerhub.exchange.exports import EXPORTS


class Command(BaseCommand):
    help = "Export records (personal data masked): `export volunteers --format csv|xlsx|json`."

    def add_arguments(self, parser):
        parser.add_argument("what", help="volunteers, posts, ... (see the list on error)")
        parser.add_argument("--format", default="csv", choices=["csv", "xlsx", "json"])
        parser.add_argument("--output", "-o", help="file to write (default: standard output; xlsx needs a file)")
        parser.add_argument("--as", dest="as_phone", help="export what this account may see")

    def handle(self, *args, what: str, format: str, output: str | None, as_phone: str | None, **opts):
        if what not in EXPORTS:
            raise CommandError(f"unknown export '{what}'; one of: {', '.join(sorted(EXPORTS))}")
        with acting_account(as_phone) as user:
            export = EXPORTS[what]
            total = export.count(user=user) if export.count else None
            rows = progress(export.rows(user=user), total=total, desc=f"export {what}", unit="rows")
            if output:
                with open(output, "wb") as out:
                    write_table(export.columns, rows, format, out)
                self.stderr.write(f"wrote {output}")
            elif format == "xlsx":
                raise CommandError("--output FILE is needed for xlsx")
            else:
                write_table(export.columns, rows, format, sys.stdout.buffer)
                sys.stdout.buffer.flush()
            audit_record(action="export", target_type=what, target_id="", changes={"format": format})
