"""Hours fixtures: the activities ones, plus a colleague of the organiser (who records an entry does not approve it)."""

import pytest

from volunteerhub.activities.tests.conftest import PLACE, activity, make_activity, volunteers  # noqa: F401
from volunteerhub.conftest import colleague_of  # noqa: F401


@pytest.fixture
def colleague(organizer):
    return colleague_of(organizer)
