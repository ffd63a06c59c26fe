"""`volunteerhub keys generate | rotate`: fresh keys, and personal data moved to the newest field key.

Rotate finds the encrypted columns by their name: every model field whose name ends in `_encrypted` holds
`crypto.encrypt`'s output (Volunteer.id_number_encrypted today). The name is the registry because it is already
how the code, the exports and the audit trail's masking know these columns, and core may not import the apps
that own them; a new encrypted column named that way is rotated with no other change.
"""

import os
import secrets
from pathlib import Path

from cryptography.fernet import Fernet
from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from volunteerhub.core import crypto
from volunteerhub.core.progress import progress

SUFFIX = "_encrypted"


def fresh_keys() -> dict[str, str]:
    """One value per key, each its own random secret (URL-safe: fine in env files and shells)."""
    return {"SECRET_KEY": secrets.token_urlsafe(50), "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
            "BLIND_INDEX_KEY": secrets.token_urlsafe(32), "CHECKIN_TOKEN_KEY": secrets.token_urlsafe(32)}


def encrypted_fields() -> list[tuple[type, str]]:
    """(model, field name) of every column holding crypto.encrypt's output, by the `_encrypted` naming rule."""
    return [(model, field.name) for model in apps.get_models() for field in model._meta.get_fields()
            if field.concrete and field.name.endswith(SUFFIX)]


class Command(BaseCommand):
    help = ("generate: print a fresh SECRET_KEY, FIELD_ENCRYPTION_KEY, BLIND_INDEX_KEY and CHECKIN_TOKEN_KEY "
            "(--env-file FILE: write them there once, keep the file on later runs). "
            "rotate: re-encrypt every encrypted column with the newest (first) key of FIELD_ENCRYPTION_KEY, in "
            "batches of their own transaction; safe to interrupt and run again (values already on the newest key "
            "are skipped). BLIND_INDEX_KEY is not rotated: every stored look-up hash depends on it.")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["generate", "rotate"])
        parser.add_argument("--env-file", help="generate: write the keys to this file (mode 600) unless it exists")
        parser.add_argument("--batch-size", type=int, default=500, help="rotate: rows per transaction")

    def handle(self, *, action: str, env_file: str | None, batch_size: int, **options):
        if action == "generate":
            self._generate(Path(env_file) if env_file else None)
            return
        for model, name in encrypted_fields():
            moved, kept = self._rotate(model, name, max(1, batch_size))
            self.stdout.write(f"{model._meta.label}.{name}: {moved} re-encrypted, {kept} already on the newest key")

    def _generate(self, env_file: Path | None) -> None:
        text = "".join(f"{name}={value}\n" for name, value in fresh_keys().items())
        if env_file is None:
            self.stdout.write(text, ending="")
            return
        env_file.parent.mkdir(parents=True, exist_ok=True)
        try:
            handle = os.open(env_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            self.stdout.write(f"keys kept in {env_file}")
            return
        with os.fdopen(handle, "w") as out:
            out.write(text)
        self.stdout.write(f"keys written to {env_file}")

    def _rotate(self, model, name: str, batch_size: int) -> tuple[int, int]:
        rows = model._base_manager.exclude(**{name: ""}).exclude(**{f"{name}__isnull": True}).order_by("pk")
        bar = progress(total=rows.count(), desc=f"{model._meta.label}.{name}", unit="rows")
        moved = kept = 0
        page = rows
        while True:
            with transaction.atomic():  # rows locked while re-encrypted: a concurrent edit is never overwritten
                batch = list(page.select_for_update().only("pk", name)[:batch_size])
                changed = [row for row in batch if self._reencrypt(row, name)]
                model._base_manager.bulk_update(changed, [name])
            if not batch:
                break
            page = rows.filter(pk__gt=batch[-1].pk)
            moved, kept = moved + len(changed), kept + len(batch) - len(changed)
            bar.update(len(batch))
        bar.close()
        return moved, kept

    def _reencrypt(self, row, name: str) -> bool:
        try:
            token = crypto.reencrypt(getattr(row, name))
        except ValueError as exc:
            raise CommandError(f"{row._meta.label} {row.pk}: {exc}") from None
        if token is not None:
            setattr(row, name, token)
        return token is not None
