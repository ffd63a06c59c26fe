"""Who holds a bearer token: the user and their volunteer record in one query, its SQL written once.

Every API call of the mini-program starts here, so the lookup is kept lean: the ORM would compile a
three-table select_related on every request; here the SQL is built once per process (and, on
PostgreSQL, prepared by the connection). The rows become model instances as the ORM would build
them: every column loaded, the database converters applied, `user.volunteer` cached (None raises
DoesNotExist without a query).

Each process also keeps the rows it has read (up to TOKEN_CACHE_SIZE) for as long as it would hear any
change to tokens, users or volunteers (`core.copies`: PostgreSQL notices sent by triggers, accounts
migration 0003): a revoked token, a deactivated account or an edited volunteer record drops every
copy within milliseconds. A token's last use, written at most every few minutes, is not announced:
the process that writes it updates its own copy (`token_used`).
"""

from __future__ import annotations

import copy
import datetime as dt
from functools import cache

from django.conf import settings
from django.db import connection

from volunteerhub.accounts.models import ApiToken, User
from volunteerhub.core.copies import Copies
from volunteerhub.core.instances import attnames, loaded
from volunteerhub.volunteers.models import Volunteer

CHANNEL = "volunteerhub_accounts"  # NOTIFY'd on changes to tokens, users and volunteers (accounts migration 0003)


def _cache_size() -> int:
    return int(getattr(settings, "TOKEN_CACHE_SIZE", 10_000))


_holders = Copies(CHANNEL, _cache_size)  # key hash -> the lookup's row


@cache
def _lookup(vendor: str) -> str:
    quote = connection.ops.quote_name

    def columns(model, alias):
        return [f"{alias}.{quote(f.column)}" for f in model._meta.concrete_fields]

    selected = ", ".join([f"t.{quote('last_used_at')}", *columns(User, "u"), *columns(Volunteer, "v")])
    return (f"SELECT t.{quote('id')}, {selected} FROM {quote(ApiToken._meta.db_table)} t "
            f"JOIN {quote(User._meta.db_table)} u ON u.{quote('id')} = t.{quote('user_id')} "
            f"LEFT JOIN {quote(Volunteer._meta.db_table)} v ON v.{quote('user_id')} = u.{quote('id')} "
            f"WHERE t.{quote('key_hash')} = %s")


@cache
def _converters(vendor: str, fields: tuple) -> tuple:
    """Per field (in order): the column and the converters the ORM would apply to its value."""
    out = []
    for field in fields:
        col = field.get_col(field.model._meta.db_table)
        out.append((col, (*connection.ops.get_db_converters(col), *field.get_db_converters(connection))))
    return tuple(out)


def _converted(fields: tuple, values) -> list:
    values = list(values)
    for i, (col, converters) in enumerate(_converters(connection.vendor, fields)):
        for convert in converters:
            values[i] = convert(values[i], col, connection)
    return values


def _read(key_hashes: list) -> dict:
    """{key hash: (token id, last used, the user's values, the volunteer's values or None)}, converted as
    the ORM would: a kept copy is only turned into fresh instances on each use."""
    (key_hash,) = key_hashes
    with connection.cursor() as cursor:
        cursor.execute(_lookup(connection.vendor), [key_hash])
        row = cursor.fetchone()
    if row is None:
        return {}
    user_fields, volunteer_fields = tuple(User._meta.concrete_fields), tuple(Volunteer._meta.concrete_fields)
    last_used_at = _converted((ApiToken._meta.get_field("last_used_at"),), row[1:2])[0]
    user_values, volunteer_values = row[2:2 + len(user_fields)], row[2 + len(user_fields):]
    return {key_hash: (row[0], last_used_at, _converted(user_fields, user_values),
                       None if volunteer_values[0] is None else _converted(volunteer_fields, volunteer_values))}


def _fresh(values: list) -> list:
    """Values for a new instance: lists and dicts (JSON fields) copied, so no request changes a kept copy."""
    return [copy.deepcopy(v) if isinstance(v, (list, dict)) else v for v in values]


def _instance(model, values: list):
    """A fresh instance from a kept row's values (every column, in attnames order)."""
    return loaded(model, dict(zip(attnames(model), _fresh(values), strict=True)), using=connection.alias)


def token_holder(key_hash: str) -> tuple[int, dt.datetime | None, User] | None:
    """(token id, when it was last used, its user with `user.volunteer` cached), or None."""
    kept = _holders.get([key_hash], _read).get(key_hash)
    if kept is None:
        return None
    token_id, last_used_at, user_values, volunteer_values = kept
    user = _instance(User, user_values)
    volunteer = None
    if volunteer_values is not None:
        volunteer = _instance(Volunteer, volunteer_values)
        Volunteer.user.field.set_cached_value(volunteer, user)
    User.volunteer.related.set_cached_value(user, volunteer)
    return token_id, last_used_at, user


def token_used(key_hash: str, when: dt.datetime) -> None:
    """The token's last use was written (no notice is sent for that): this process's copy follows."""
    _holders.replace(key_hash, lambda row: (row[0], when, *row[2:]))


def forget() -> None:
    """Drop this process's copies (tests)."""
    _holders.clear()
