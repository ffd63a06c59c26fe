"""The demo loaders of stats, articles and awards run on a small city and can run twice."""

import io
import random

from django.utils import timezone

from volunteerhub.demo import articles as articles_demo
from volunteerhub.articles.models import Article
from volunteerhub.demo import awards as awards_demo
from volunteerhub.awards.models import Nomination
from volunteerhub.awards.selectors import phase
from volunteerhub.conftest import make_volunteer
from volunteerhub.demo import stats as stats_demo
from volunteerhub.stats.models import PlanTarget
from volunteerhub.dashboards.selectors import plan_progress


def test_the_demo_loads_a_plan_articles_and_nominations(rollups, city_admin, county_admin, team, other_team,
                                                         resident, binzhou, bincheng):
    for i in range(8):
        make_volunteer("371602001001", team=team, name=f"志愿者{i}号")
    out = io.StringIO()
    for _ in range(2):  # idempotent
        stats_demo.seed_demo(rng=random.Random(1), stdout=out)
        articles_demo.seed_demo(rng=random.Random(2), stdout=out)
        awards_demo.seed_demo(rng=random.Random(3), stdout=out)
    year = timezone.localdate().year
    assert PlanTarget.objects.filter(year=year, region__level="township").exists()
    assert plan_progress(region=binzhou, year=year)["has_plan"]
    assert Article.objects.filter(status="published").count() == 12
    assert {phase(n) for n in Nomination.objects.all()} == {"notice", "awaiting_decision", "approved", "rejected",
                                                            "withdrawn"}
