"""Hours fixtures: the activities ones, plus a volunteer who has served and checked out."""

from volunteerhub.activities.tests.conftest import PLACE, activity, make_activity, volunteers  # noqa: F401
