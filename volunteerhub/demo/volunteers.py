"""2,000 synthetic volunteers with valid synthetic ID numbers, spread over Binzhou."""

import datetime as dt
import os
import random

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from volunteerhub.demo.accounts import DEMO_PASSWORD, demo_consent
from volunteerhub.core import crypto
from volunteerhub.geo.sphere import random_point_in
from volunteerhub.volunteers.identity import make_resident_id
from volunteerhub.core.progress import progress
from volunteerhub.organizations.models import Team
from volunteerhub.regions.models import Region
from volunteerhub.regions.selectors import county_geometry
from volunteerhub.volunteers.models import Volunteer, VolunteerQualification
from volunteerhub.volunteers.services import volunteer_register

DEMO_VOLUNTEERS = int(os.environ.get("VOLUNTEERHUB_DEMO_VOLUNTEERS", "2000"))  # smaller in tests
DEMO_VOLUNTEER_PHONE = "13900000004"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彩春菊凤建国志海波"
SKILLS = ["健康宣讲", "测血压", "急救", "中医推拿", "心理陪伴", "手语", "摄影", "驾驶", "文艺演出", "老年照护", "营养配餐"]
QUAL_WEIGHTS = [("doctor", 8), ("nurse", 10), ("pharmacist", 3), ("counsellor", 4), ("first_aider", 10),
                ("village_doctor", 4), ("health_educator", 5), ("social_worker", 3)]


def _name(rng) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2, 2])))


def seed_demo(*, rng, stdout) -> None:
    existing = Volunteer.objects.count()
    villages_by_county = {}
    for village in Region.objects.filter(level__in=["township", "village"]).only("code", "path"):
        villages_by_county.setdefault(village.path.split("/")[2], []).append(village.code)
    teams_by_county = {}
    for team in Team.objects.filter(kind=Team.Kind.TEAM).select_related("region"):
        codes = team.region.path.strip("/").split("/")
        if len(codes) > 1:
            teams_by_county.setdefault(codes[1], []).append(team)
    counties = sorted(villages_by_county)
    password_hash = make_password(DEMO_PASSWORD)  # hashed once: 2,000 hashes would take minutes
    bar = progress(total=DEMO_VOLUNTEERS, desc="volunteers", unit="volunteers")
    bar.update(min(existing, DEMO_VOLUNTEERS))
    base_seed = rng.random()
    for i in range(DEMO_VOLUNTEERS):
        rng = random.Random(f"{base_seed}:{i}")  # one stream per volunteer: a resumed load makes the same people
        county = counties[i % len(counties)]
        birth = dt.date(1955, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 50))
        id_number = make_resident_id(county, birth, 100 + i % 900)
        if i < existing and Volunteer.objects.filter(id_number_hash=crypto.blind_index(id_number)).exists():
            continue
        phone = DEMO_VOLUNTEER_PHONE if i == 0 else f"15{(i * 7919) % 10**9:09d}"
        lat, lng = random_point_in(county_geometry(code=county), rng)
        quals = [code for code, weight in QUAL_WEIGHTS if rng.randrange(100) < weight]
        if i == 0:
            quals = ["counsellor", "first_aider"]
        with transaction.atomic():
            volunteer = volunteer_register(
                name="周心怡" if i == 0 else _name(rng), id_number=id_number, phone=phone,
                region_code=rng.choice(villages_by_county[county]), skills=rng.sample(SKILLS, rng.randint(0, 3)),
                qualifications=quals, home_lat=lat, home_lng=lng, password_hash=password_hash,
                team=rng.choice(teams_by_county[county]), channel="proxy" if i % 9 == 0 else "self",
            )
            if i == 0:
                demo_consent(volunteer.user)
            if i == 0 or rng.randrange(100) < 85:  # most certificates seen; a few left for the organisers' queue
                VolunteerQualification.objects.filter(volunteer=volunteer).update(verified_at=timezone.now())
        bar.update(1)
    bar.close()
    stdout.write(f"  volunteers: {Volunteer.objects.count()}")
