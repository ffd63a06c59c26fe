from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured

from volunteerhub.hours.rules import next_threshold, round_minutes, star_level


@pytest.mark.parametrize("minutes,hours", [(0, "0"), (14, "0"), (15, "0.5"), (44, "0.5"), (45, "1"), (59, "1"),
                                           (60, "1"), (74, "1"), (75, "1.5"), (105, "2"), (170, "3")])
def test_the_half_hour_rule_of_the_domain(minutes, hours):
    assert round_minutes(minutes, "half_hour") == Decimal(hours)


@pytest.mark.parametrize("minutes,hours", [(14, "0"), (15, "0.25"), (29, "0.25"), (100, "1.5"), (120, "2")])
def test_the_quarter_rule_counts_completed_quarters(minutes, hours):
    assert round_minutes(minutes, "quarter") == Decimal(hours)


def test_the_exact_rule_keeps_minutes_to_two_decimals():
    assert round_minutes(100, "exact") == Decimal("1.67")


def test_the_rule_comes_from_settings(settings):
    settings.HOURS_ROUNDING_RULE = "quarter"

    assert round_minutes(50) == Decimal("0.75")


def test_an_unknown_rule_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured):
        round_minutes(30, "nearest_day")


def test_star_levels_follow_the_configured_thresholds(settings):
    settings.STAR_LEVEL_THRESHOLDS = [100, 300, 600, 1000, 1500]

    assert [star_level(h) for h in (0, 99.5, 100, 299, 300, 1499, 1500, 9999)] == [0, 0, 1, 1, 2, 4, 5, 5]
    assert next_threshold(120) == 300 and next_threshold(2000) is None


def test_the_beijing_scale_is_only_configuration(settings):
    settings.STAR_LEVEL_THRESHOLDS = [100, 200, 500, 800, 1000]

    assert star_level(500) == 3
