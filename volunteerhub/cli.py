"""The `volunteerhub` command: the platform's own commands and all of Django's management commands."""

import os
import sys

OWN_COMMANDS = """\
VolunteerHub 卫生健康志愿服务平台 — command line

Usage: volunteerhub <command> [options]

Platform commands:
  seed demo                       load the demo city (Binzhou): teams, posts, volunteers, ...
  serve [--port 8000]             production server (several workers, static files served)
  user create --phone P --password W --role R --region CODE [--team ID]
  export volunteers|posts|...  --format csv|xlsx|json [--output FILE]   (personal data masked)
  import posts FILE.csv           bulk-load service posts (all or nothing, row-by-row report)
  import volunteers FILE.xlsx     a volunteer roster (all or nothing, row-by-row report)
  worker                          background tasks (deliveries) and the scheduler (reminders, expiry)
  backup FILE / restore FILE      online backup and restore (SQLite backup API, pg_dump/pg_restore)
  seed city|province [--seed N]   synthetic data at city or province scale (benchmarks)
  migrate                         create or update the database tables
  keys generate [--env-file F]    four new secret keys (file mode 600); keys rotate: re-encrypt ID numbers

Every Django management command works too (volunteerhub help lists them all).
Environment: DATABASE_URL (default SQLite in var/), SECRET_KEY, FIELD_ENCRYPTION_KEY, BLIND_INDEX_KEY,
CHECKIN_TOKEN_KEY (required outside DEBUG and demo mode: see README, Keys), PORT.
"""


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(OWN_COMMANDS)
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(["volunteerhub", *argv[1:]])


if __name__ == "__main__":
    main()
