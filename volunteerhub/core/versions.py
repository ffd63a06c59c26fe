"""Versions of data that caches are keyed by: every write moves its data's version in its own transaction.

A reader asks for the version (one query by primary key) and uses only a cached copy made at that
version. A write that has not committed yet has moved the version for its own connection alone (the
row is part of its transaction), so no other process trusts a copy made before it, and a rollback takes
the new token back with the write.
"""

import uuid

from django.db import DEFAULT_DB_ALIAS

from volunteerhub.core.models import DataVersion

POSTS = "posts"  # service posts: the map's nearest index
FIGURES = "figures"  # what the dashboards count: the cached dashboard bodies


def version_bump(name: str, *, using: str = DEFAULT_DB_ALIAS) -> str:
    """Give `name` a new version, in the caller's transaction."""
    token = uuid.uuid4().hex
    if not DataVersion.objects.using(using).filter(name=name).update(token=token):
        DataVersion.objects.using(using).bulk_create([DataVersion(name=name, token=token)], ignore_conflicts=True)
        DataVersion.objects.using(using).filter(name=name).update(token=token)
    return token


def version_of(name: str, *, using: str = DEFAULT_DB_ALIAS) -> str:
    """The current version of `name` (made on first use)."""
    token = DataVersion.objects.using(using).filter(name=name).values_list("token", flat=True).first()
    return token if token is not None else version_bump(name, using=using)
