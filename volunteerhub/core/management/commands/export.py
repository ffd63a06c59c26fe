import sys

from django.core.management.base import BaseCommand, CommandError

from volunteerhub.core import exporting
from volunteerhub.core.management.acting import acting_account
from volunteerhub.core.progress import progress


class Command(BaseCommand):
    help = "Export records (personal data masked): `export volunteers --format csv|xlsx|json`."

    def add_arguments(self, parser):
        parser.add_argument("what", help="volunteers, posts, ... (see the list on error)")
        parser.add_argument("--format", default="csv", choices=["csv", "xlsx", "json"])
        parser.add_argument("--output", "-o", help="file to write (default: standard output; xlsx needs a file)")
        parser.add_argument("--as", dest="as_phone", help="export what this account may see")

    def handle(self, *args, what: str, format: str, output: str | None, as_phone: str | None, **opts):
        exports = exporting.registry()
        if what not in exports:
            raise CommandError(f"unknown export '{what}'; one of: {', '.join(sorted(exports))}")
        with acting_account(as_phone) as user:
            export = exports[what]
            total = export.count(user=user) if export.count else None
            rows = progress(export.rows(user=user), total=total, desc=f"export {what}", unit="rows")
            if output:
                with open(output, "wb") as out:
                    exporting.write(export, rows, format, out)
                self.stderr.write(f"wrote {output}")
            elif format == "xlsx":
                raise CommandError("--output FILE is needed for xlsx")
            else:
                exporting.write(export, rows, format, sys.stdout.buffer)
                sys.stdout.buffer.flush()
            from volunteerhub.audit.services import audit_record

            audit_record(action="export", target_type=what, target_id="", changes={"format": format})
