"""Demo activities: a year of past activities and the next weeks, every kind and setting, with rosters.

Bulk inserts keep `seed demo` fast; a marker project makes it idempotent. The demo organiser's team
(市中街道卫生院志愿服务队) gets an activity running now (QR check-in), one finished yesterday with
hours pending approval, and a full one next week with a waitlist.
"""

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from volunteerhub.accounts.models import User
from volunteerhub.activities.models import Activity, Kind, Project, Setting, SignUp
from volunteerhub.geo.sphere import random_point_in
from volunteerhub.core.progress import progress
from volunteerhub.core.tenancy import with_city_codes
from volunteerhub.geo.spatial import cell_for
from volunteerhub.organizations.models import Team
from volunteerhub.regions.models import Region
from volunteerhub.regions.selectors import county_geometry
from volunteerhub.stats.services import rollup_add
from volunteerhub.volunteers.models import Volunteer

MARKER = "BZ-DEMO-001"
DEMO_TEAM = "市中街道卫生院志愿服务队"
DEMO_VOLUNTEER_PHONE = "13900000004"
PAST_DAYS, FUTURE_DAYS = 365, 28
REGULARS = 12  # demo volunteers who serve often enough for star levels

TITLES = {
    Kind.ADVOCACY: ["健康知识进{where}宣讲", "控烟限酒倡导行动", "文明健康生活方式宣传"],
    Kind.COUNSELLING: ["心理健康讲座", "青少年心理疏导", "老年人心理关爱"],
    Kind.CONVENIENCE: ["义诊：测血压血糖", "家庭医生上门随访", "中医理疗便民服务"],
    Kind.POVERTY_RELIEF: ["困难群众健康帮扶", "慢病困难家庭送医送药"],
    Kind.FAMILY_PLANNING: ["计生特殊家庭关爱", "失独家庭健康陪伴"],
    Kind.PATRIOTIC_HEALTH: ["爱国卫生环境整治", "病媒生物防制宣传"],
    Kind.TRAINING: ["应急救护培训（心肺复苏）", "志愿者服务技能培训"],
}
WHERE = {Setting.COMMUNITY: "社区", Setting.SCHOOL: "学校", Setting.OFFICE: "机关", Setting.ENTERPRISE: "企业",
         Setting.HOME: "家庭", Setting.VILLAGE: "乡村"}
PLACE_SUFFIX = {Setting.COMMUNITY: "社区服务中心", Setting.SCHOOL: "中心小学", Setting.OFFICE: "政务服务中心",
                Setting.ENTERPRISE: "工业园区职工之家", Setting.HOME: "居民家中（入户）", Setting.VILLAGE: "村卫生室"}
QUALS = {Kind.COUNSELLING: "counsellor"}


def seed_demo(*, rng, stdout) -> None:
    if Project.objects.filter(code=MARKER).exists():
        stdout.write(f"  activities: {Activity.objects.count()} (already loaded)")
        return
    with transaction.atomic():
        _seed(rng, stdout)


def _seed(rng, stdout) -> None:
    now = timezone.localtime().replace(second=0, microsecond=0)
    teams = list(Team.objects.filter(kind=Team.Kind.TEAM).select_related("region").order_by("pk"))
    projects = _projects(rng, teams)
    county_of = {t.pk: t.region.path.strip("/").split("/")[1] for t in teams if t.region.path.count("/") > 2}
    geometries = {code: county_geometry(code=code) for code in set(county_of.values())}
    townships = defaultdict(list)
    for r in Region.objects.filter(level="township").only("code", "name", "parent_id"):
        townships[r.parent_id].append(r)
    activities, combos = [], [(k, s) for k in Kind.values for s in Setting.values]
    for i, day in enumerate(progress(range(-PAST_DAYS, FUTURE_DAYS), desc="activities", unit="days")):
        for slot in range(2 if day % 3 == 0 else 1):
            kind, setting = combos[(i * 2 + slot) % len(combos)]
            team = rng.choice(teams)
            county = county_of.get(team.pk) or rng.choice(list(geometries))
            lat, lng = random_point_in(geometries[county], rng)
            region = rng.choice(townships[county]) if townships[county] else team.region
            start = (now + dt.timedelta(days=day)).replace(hour=[8, 14][slot], minute=30)
            activities.append(_activity(rng, kind, setting, team, region, lat, lng, start, projects, now))
    activities += _demo_team_activities(rng, now, projects)
    Activity.objects.bulk_create(with_city_codes(activities), batch_size=500)
    _qualifications(activities)
    _rosters(rng, activities, now)
    _count_finished(activities)
    stdout.write(f"  activities: {Activity.objects.count()}, sign-ups: {SignUp.objects.count()}")


def _projects(rng, teams) -> list[Project]:
    rows = [Project(code=MARKER, name="健康滨州·志愿同行", team=teams[0], region=teams[0].region, kind="")]
    for i, team in enumerate(rng.sample(teams, min(40, len(teams)))):
        kind = Kind.values[i % len(Kind.values)]
        rows.append(Project(code=f"BZ-2026-{i + 2:03d}", name=f"{team.region.name}{Kind(kind).label}项目",
                            team=team, region=team.region, kind=kind))
    Project.objects.bulk_create(with_city_codes(rows))
    return list(Project.objects.filter(code__startswith="BZ-"))


def _activity(rng, kind, setting, team, region, lat, lng, start, projects, now, *, title=None, hours=None,
              capacity=None, status=None) -> Activity:
    hours = hours or rng.choice([2, 3, 3, 4])
    end = start + dt.timedelta(hours=hours)
    if status is None:
        status = Activity.Status.FINISHED if end < now else Activity.Status.PUBLISHED
        if rng.random() < 0.03:
            status = Activity.Status.CANCELLED
        elif status == Activity.Status.PUBLISHED and rng.random() < 0.05:
            status = Activity.Status.DRAFT
    name = title or rng.choice(TITLES[kind]).format(where=WHERE[setting])
    project = next((p for p in projects if p.team_id == team.pk), None)
    return Activity(
        title=name, description=f"{team.name}组织开展{Kind(kind).label}志愿服务活动，{Setting(setting).label}。",
        kind=kind, setting=setting, status=status, team=team, region=region,
        place=f"{region.name}{PLACE_SUFFIX[setting]}", lat=lat, lng=lng, cell=cell_for(lat, lng),
        starts_at=start, ends_at=end, capacity=capacity or rng.choice([8, 10, 15, 20, 30]), project=project,
        contact_name=team.leader_name or "联络员", contact_phone=team.contact_phone or "0543-3160000",
        published_at=None if status == Activity.Status.DRAFT else start - dt.timedelta(days=7),
        finished_at=end if status == Activity.Status.FINISHED else None,
        people_served=rng.randint(20, 300) if status == Activity.Status.FINISHED else 0)


def _demo_team_activities(rng, now, projects) -> list[Activity]:
    team = Team.objects.filter(name=DEMO_TEAM).select_related("region").first()
    if team is None:
        return []
    lat, lng = 37.3806, 117.9900
    yesterday = (now - dt.timedelta(days=1)).replace(hour=9, minute=0)
    return [
        _activity(rng, Kind.CONVENIENCE, Setting.COMMUNITY, team, team.region, lat, lng, yesterday, projects, now,
                  title="市中街道高血压糖尿病义诊", hours=3, capacity=12, status=Activity.Status.FINISHED),
        _activity(rng, Kind.ADVOCACY, Setting.COMMUNITY, team, team.region, lat, lng, now - dt.timedelta(hours=1),
                  projects, now, title="健康生活方式进社区宣讲（今日）", hours=4, capacity=15,
                  status=Activity.Status.PUBLISHED),
        _activity(rng, Kind.PATRIOTIC_HEALTH, Setting.SCHOOL, team, team.region, lat + 0.004, lng - 0.003,
                  (now + dt.timedelta(days=6)).replace(hour=9, minute=0), projects, now,
                  title="爱国卫生月校园环境整治", hours=3, capacity=5, status=Activity.Status.PUBLISHED),
    ]


def _qualifications(activities) -> None:
    through = Activity.required_qualifications.through
    through.objects.bulk_create([through(activity_id=a.pk, qualification_id=QUALS[a.kind])
                                 for a in activities if a.kind in QUALS and a.title != "心理健康讲座"],
                                ignore_conflicts=True)


def _pool(rng):
    volunteers = list(Volunteer.objects.filter(status="active").values_list("pk", "team_id"))
    quals = defaultdict(set)
    through = Volunteer.qualifications.through
    for vid, code in through.objects.values_list("volunteer_id", "qualification_id"):
        quals[vid].add(code)
    demo = User.objects.filter(phone=DEMO_VOLUNTEER_PHONE).values_list("volunteer__pk", flat=True).first()
    ids = [v for v, _ in volunteers]
    regulars = ([demo] if demo else []) + [v for v in rng.sample(ids, min(len(ids), REGULARS * 3))
                                           if v != demo][:REGULARS - 1]
    return ids, quals, regulars


def _rosters(rng, activities, now) -> None:
    ids, quals, regulars = _pool(rng)
    if not ids:
        return
    busy = defaultdict(set)  # volunteer -> dates with a confirmed place (no overlaps)
    signups = []
    past = sorted([a for a in activities if a.status == Activity.Status.FINISHED], key=lambda a: a.starts_at)
    for n, volunteer_id in enumerate(regulars):
        share = 0.6 if n < 3 else 0.35  # the first few serve most: two or three stars
        for activity in past:
            if rng.random() < share and _free(busy, volunteer_id, activity, quals):
                signups.append(_signup(rng, activity, volunteer_id, now))
    per_activity = defaultdict(set)
    for s in signups:
        per_activity[s.activity_id].add(s.volunteer_id)
    for activity in progress(activities, desc="rosters", unit="activities"):
        if activity.status == Activity.Status.DRAFT:
            continue
        taken = per_activity[activity.pk]
        if activity.team.name == DEMO_TEAM:  # full, and the school one with a waitlist
            target = activity.capacity + (3 if activity.setting == Setting.SCHOOL else 0)
        else:
            target = rng.randint(activity.capacity // 2, activity.capacity)
        for volunteer_id in rng.sample(ids, min(len(ids), target * 3)):
            if len(taken) >= target:
                break
            if volunteer_id in taken or volunteer_id in regulars or not _free(busy, volunteer_id, activity, quals):
                continue
            taken.add(volunteer_id)
            signups.append(_signup(rng, activity, volunteer_id, now))
    _place_and_count(signups, activities)
    SignUp.objects.bulk_create(signups, batch_size=1000)


def _free(busy, volunteer_id, activity, quals) -> bool:
    day = activity.starts_at.date()
    need = QUALS.get(activity.kind) if activity.title != "心理健康讲座" else None
    if day in busy[volunteer_id] or (need and need not in quals[volunteer_id]):
        return False
    busy[volunteer_id].add(day)
    return True


def _signup(rng, activity, volunteer_id, now) -> SignUp:
    signup = SignUp(activity_id=activity.pk, city_code=activity.city_code, volunteer_id=volunteer_id,
                    status=SignUp.Status.CONFIRMED,
                    confirmed_at=activity.starts_at - dt.timedelta(days=rng.randint(1, 6)))
    if activity.status == Activity.Status.FINISHED or activity.starts_at <= now <= activity.ends_at:
        signup.checked_in_at = activity.starts_at - dt.timedelta(minutes=rng.randint(0, 20))
        signup.checkin_method = SignUp.Method.QR if rng.random() < 0.9 else SignUp.Method.MANUAL
    if activity.status == Activity.Status.FINISHED:
        signup.checked_out_at = activity.ends_at - dt.timedelta(minutes=rng.choice([0, 5, 10, 20, 40]))
        signup.rating = rng.choice([4, 5, 5, 5])
        signup.rated_at = activity.finished_at or activity.ends_at
    if activity.status == Activity.Status.CANCELLED:
        signup.status, signup.cancelled_at, signup.checked_in_at = SignUp.Status.CANCELLED, activity.starts_at, None
    return signup


def _place_and_count(signups, activities) -> None:
    """Confirm up to capacity in sign-up order, waitlist the rest, and keep the counters."""
    by_activity = defaultdict(list)
    for s in signups:
        by_activity[s.activity_id].append(s)
    for activity in activities:
        confirmed = waitlisted = 0
        for s in by_activity.get(activity.pk, []):
            if s.status == SignUp.Status.CANCELLED:
                continue
            if confirmed < activity.capacity:
                confirmed += 1
            else:
                waitlisted += 1
                s.status, s.position, s.confirmed_at = SignUp.Status.WAITLISTED, waitlisted, None
                s.checked_in_at = s.checked_out_at = None
                s.checkin_method, s.rating, s.rated_at = "", None, None
        activity.confirmed_count, activity.waitlist_count, activity.waitlist_seq = confirmed, waitlisted, waitlisted
    Activity.objects.bulk_update(activities, ["confirmed_count", "waitlist_count", "waitlist_seq"], batch_size=500)


def _count_finished(activities) -> None:
    """Dashboard counters for finished activities, as activity_finish would have added them."""
    cells = defaultdict(lambda: [0, 0])
    for a in activities:
        if a.status == Activity.Status.FINISHED:
            cell = cells[(a.region_id, a.starts_at.year, a.starts_at.month, a.kind, a.setting)]
            cell[0] += 1
            cell[1] += a.people_served
    regions = Region.objects.in_bulk({key[0] for key in cells})
    for (region_id, year, month, kind, setting), (count, served) in cells.items():
        rollup_add(region=regions[region_id], when=dt.date(year, month, 1), activity_kind=kind, setting=setting,
                   activities=count, people_served=served)
