"""A sign-up in one round trip on PostgreSQL: the function `volunteerhub_sign_up` (migration 0002).

Sign-ups come in bursts (a popular activity opens, hundreds of volunteers tap at once); the function
keeps each one to a single statement on the server, without even reading the activity first. It
writes only when every rule lets the sign-up through and otherwise answers 'refused' having written
nothing, so that the general path in `services` gives the reason. Elsewhere (SQLite) there is no
such function: None, the general path.
"""

from __future__ import annotations

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from volunteerhub.activities.models import Activity, SignUp
from volunteerhub.core.context import current_actor
from volunteerhub.core.instances import loaded
from volunteerhub.volunteers.models import Volunteer

SQL = "SELECT * FROM volunteerhub_sign_up(%s, %s, %s, %s, %s, %s)"
BIGINT = 2**63 - 1


def available() -> bool:
    return connection.vendor == "postgresql"


def sign_up_in_one_trip(*, activity_id: int, volunteer: Volunteer, activity: Activity | None = None) -> SignUp | None:
    """The sign-up as written, its activity's counters on `signup.activity`; or None: not here, or refused.

    Without `activity`, the sign-up's activity holds only its id and counters (the rest loads on use)."""
    if not available() or not 0 < activity_id <= BIGINT:
        return None
    context = current_actor.get()
    args = [activity_id, volunteer.pk, volunteer.user_id, context.ip, context.source, timezone.now()]
    try:
        if connection.in_atomic_block:  # inside a caller's transaction: a savepoint, so a failure is undone alone
            with transaction.atomic():
                row = _call(args)
        else:  # on its own the statement is its own transaction
            row = _call(args)
    except IntegrityError:  # a sign-up row written meanwhile by another path: the general path copes
        return None
    outcome, signup_id, status, position, rank, confirmed, waitlisted = row
    if outcome == "refused":
        return None
    if activity is None:  # only these columns: the rest load on first use
        activity = loaded(Activity, {"id": activity_id, "confirmed_count": confirmed, "waitlist_count": waitlisted},
                          using=connection.alias)
    activity.confirmed_count, activity.waitlist_count = confirmed, waitlisted
    signup = loaded(SignUp, {"id": signup_id, "activity_id": activity_id, "volunteer_id": volunteer.pk,
                             "status": status, "position": position}, using=connection.alias)
    SignUp.activity.field.set_cached_value(signup, activity)  # the ids are in place: only the instances
    SignUp.volunteer.field.set_cached_value(signup, volunteer)
    signup.waitlist_rank_at_sign_up = rank  # exact as written; the API answers with it
    return signup


def _call(args: list) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(SQL, args)
        return cursor.fetchone()
