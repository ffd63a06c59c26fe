"""Exit 0 when the PostgreSQL URL given accepts a connection within a few seconds."""

import sys

import psycopg

try:
    psycopg.connect(sys.argv[1], connect_timeout=3).close()
except Exception as exc:  # any failure means "not reachable"
    print(f"PostgreSQL not reachable: {exc}", file=sys.stderr)
    sys.exit(1)
