"""Run one benchmark in this process against DATABASE_URL and write its results as JSON (used by `python -m bench`)."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("name")
    parser.add_argument("--profile", default="full")
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from bench.common import PROFILES

    module = importlib.import_module(f"bench.{args.name}")
    results = module.run(PROFILES[args.profile])
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump([r.as_dict() for r in results], handle, ensure_ascii=False, default=str)


if __name__ == "__main__":
    sys.exit(main())
