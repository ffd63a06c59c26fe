"""Hours fixtures: the activities ones, plus a colleague of the organiser (who records an entry does not approve it)."""

import pytest

from volunteerhub.accounts.models import Role
from volunteerhub.activities.tests.conftest import PLACE, activity, make_activity, volunteers  # noqa: F401
from volunteerhub.conftest import make_user


def colleague_of(organizer):
    """Another organiser of the same team."""
    return make_user(Role.ORGANIZER, organizer.region_id, team=organizer.team)


@pytest.fixture
def colleague(organizer):
    return colleague_of(organizer)
