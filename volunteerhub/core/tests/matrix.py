"""A small world for the permission matrix: the eight personas and one of every object they act on.

Built once per test module inside a transaction that is rolled back at the end; each test runs in a
savepoint inside it, so what one allowed call changes is gone before the next test.
"""

import datetime as dt
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.test import Client
from django.utils import timezone

from volunteerhub.accounts.models import ApiToken, Role
from volunteerhub.conftest import PASSWORD, ApiClient, make_user, make_volunteer
from volunteerhub.geo.spatial import cell_for
from volunteerhub.organizations.models import ServicePost, Team
from volunteerhub.regions.models import Region

PERSONAS = ["anonymous", "resident", "volunteer", "organiser", "other_organiser", "county_admin",
            "other_county_admin", "city_admin"]

PLACE = (37.3806, 117.9900)  # 市中街道社区卫生服务中心, in 滨城区

# Tables a read may touch without changing anything anyone cares about.
VOLATILE_TABLES = {"django_session", "core_throttle", "accounts_apitoken"}
# Reference data loaded by migrations: never written by a request.
REFERENCE_TABLES = {"regions_region", "django_migrations", "django_content_type", "auth_permission"}


@dataclass
class World:
    users: dict = field(default_factory=dict)
    ids: dict = field(default_factory=dict)
    api: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)


def _activity(organizer, *, starts_in: dt.timedelta, hours: float = 3, title="社区义诊"):
    import time_machine

    from volunteerhub.activities import services

    starts = timezone.now().replace(microsecond=0) + starts_in
    activity = services.activity_create(
        user=organizer, title=title, kind="convenience", setting="community", region_code="371602001",
        place="市中街道社区卫生服务中心", lat=PLACE[0], lng=PLACE[1], starts_at=starts,
        ends_at=starts + dt.timedelta(hours=hours), capacity=10)
    with time_machine.travel(min(timezone.now(), starts - dt.timedelta(days=1)), tick=False):
        return services.activity_publish(activity=activity, user=organizer)


def build_world() -> World:
    """The personas of volunteerhub/conftest.py and one live object of each kind, all in 滨城区."""
    from volunteerhub.activities import services as activities
    from volunteerhub.articles.services import article_save
    from volunteerhub.awards.services import nomination_create
    from volunteerhub.hours import services as hours
    from volunteerhub.needs.services import need_create
    from volunteerhub.notifications.services import notify

    w = World()
    team = Team.objects.create(name="市中街道卫生院志愿服务队", region=Region.objects.get(code="371602001"))
    other_team = Team.objects.create(name="黛溪街道卫生院志愿服务队", region=Region.objects.get(code="371681001"))
    volunteer = make_volunteer("371602001001", team=team, name="李志愿", home=(37.3835, 117.9707),
                               qualifications=["nurse"])
    other_volunteer = make_volunteer("371602001001", team=team, name="王志愿", home=(37.3840, 117.9710))
    w.users = {
        "resident": make_user(Role.RESIDENT, "371602001"),
        "volunteer": volunteer.user,
        "organiser": make_user(Role.ORGANIZER, "371602001", team=team),
        "other_organiser": make_user(Role.ORGANIZER, "371681001", team=other_team),
        "county_admin": make_user(Role.COUNTY_ADMIN, "371602"),
        "other_county_admin": make_user(Role.COUNTY_ADMIN, "371681"),
        "city_admin": make_user(Role.CITY_ADMIN, "371600"),
    }
    organiser, city_admin = w.users["organiser"], w.users["city_admin"]
    from volunteerhub.conftest import next_id_number
    from volunteerhub.volunteers.services import volunteer_register

    villager_id_number = next_id_number("371602")  # registered by the organiser: no mobile, the clinic's landline
    villager = volunteer_register(name="张桂兰", id_number=villager_id_number, region_code="371602001001",
                                  contact_phone="0543-3161234", registered_by=organiser, team=team)
    post = ServicePost.objects.create(name="市中街道社区卫生服务中心志愿服务站", kind="station", lat=PLACE[0], lng=PLACE[1],
                                      cell=cell_for(*PLACE), region=team.region, team=team)
    live = _activity(organiser, starts_in=dt.timedelta(minutes=20), hours=2)  # check-in is open (30 min early)
    signup = activities.activity_sign_up(activity=live, volunteer=volunteer)
    activities.activity_sign_up(activity=live, volunteer=other_volunteer)
    serving = _activity(organiser, starts_in=-dt.timedelta(hours=2), hours=2.15, title="健康讲座")  # checked in
    serving_signup = activities.activity_sign_up(activity=serving, volunteer=volunteer)
    activities.signup_check_in_manually(signup=serving_signup, user=organiser, reason="忘带手机")
    ended = _activity(organiser, starts_in=-dt.timedelta(days=1), title="义诊（已结束）")
    upcoming = _activity(organiser, starts_in=dt.timedelta(days=3), title="健康宣讲")
    draft = activities.activity_create(
        user=organiser, title="草稿活动", kind="advocacy", setting="school", region_code="371602001",
        place="市中小学", lat=PLACE[0], lng=PLACE[1], starts_at=timezone.now() + dt.timedelta(days=5),
        ends_at=timezone.now() + dt.timedelta(days=5, hours=2), capacity=5)
    approved = hours.ledger_backfill(user=organiser, volunteer=volunteer, hours=Decimal("2"),
                                     served_on=dt.date.today() - dt.timedelta(days=30), reason="纸质签到表补录",
                                     content="健康讲座")
    hours.ledger_entry_decide(entry=approved, user=w.users["county_admin"], approve=True)  # not the one who recorded it
    pending = hours.ledger_backfill(user=organiser, volunteer=volunteer, hours=Decimal("1.5"),
                                    served_on=dt.date.today() - dt.timedelta(days=3), reason="纸质签到表补录",
                                    content="入户随访")
    correction = hours.correction_request_create(volunteer=volunteer, message="三月份义诊少记了一小时", entry=approved)
    from volunteerhub.records.services import certificate_issue

    certificate = certificate_issue(volunteer=volunteer, issuer_user=organiser)
    now = timezone.now()
    needs = {}
    for state in ("open", "matched", "in_progress", "done"):
        needs[state] = need_create(actor=w.users["resident"], kind="escort", description="陪同老人去医院复查",
                                   lat=37.3830, lng=117.9720, region_code="371602001001",
                                   window_start=now + dt.timedelta(hours=2), window_end=now + dt.timedelta(days=2))
    from volunteerhub.needs import services as need_services

    for state in ("matched", "in_progress", "done"):
        need_services.need_accept(need=needs[state], volunteer=volunteer)
    for state in ("in_progress", "done"):
        need_services.need_start(need=needs[state], actor=volunteer.user)
    need_services.need_complete(need=needs["done"], actor=volunteer.user)
    visits = [need_create(actor=w.users["resident"], kind="home_visit", description="上门测血压", lat=37.3830 + i / 1000,
                          lng=117.9720, region_code="371602001001", window_start=now + dt.timedelta(hours=2),
                          window_end=now + dt.timedelta(days=2)) for i in range(2)]
    from volunteerhub.needs.proof import evidence_add
    from volunteerhub.needs.tests.test_proof_of_service import photo

    evidence = evidence_add(need=needs["in_progress"], actor=volunteer.user, photo=photo(), note="已上门测血压")
    from volunteerhub.needs.rounds import round_plan

    home_round = round_plan(actor=organiser, volunteer=volunteer, day=timezone.localdate(), need_ids=[visits[0].pk])
    from volunteerhub.articles.models import Category

    category = Category.objects.get_or_create(slug="matrix-news", defaults={"name": "工作动态"})[0]
    article = article_save(by=city_admin, title="滨州市卫生健康志愿服务队开展义诊", body="<p>义诊活动</p>", publish=True,
                           category=category, tags=["义诊"])
    nomination = nomination_create(by=organiser, kind="volunteer", title="优秀志愿者",
                                   reason="全年服务时长领先，群众评价很好。", volunteer=volunteer)
    from volunteerhub.callouts import services as callouts

    def _callout():
        starts = now + dt.timedelta(days=2)
        return callouts.callout_create(user=organiser, title="暴雨转移安置点医疗保障", message="急需护士协助。",
                                       place="滨城区体育馆", region_code="371602001", needed=2, starts_at=starts,
                                       ends_at=starts + dt.timedelta(hours=4))

    callout_draft, callout_sent = _callout(), callouts.callout_send(callout=_callout(), user=organiser)
    notify(users=[volunteer.user], kind="system", title="欢迎加入", body="欢迎", link="/me/")
    from volunteerhub.notifications.models import Notification

    w.objects = {"team": team, "other_team": other_team, "volunteer": volunteer, "other_volunteer": other_volunteer,
                 "live": live, "signup": signup, "serving": serving, "pending": pending, "post": post}
    w.ids = {"code": "371602", "volunteer_id": volunteer.pk, "other_volunteer_id": other_volunteer.pk,
             "activity_id": live.pk, "signup_id": signup.pk,
             "serving_id": serving.pk, "serving_signup_id": serving_signup.pk, "ended_id": ended.pk,
             "upcoming_id": upcoming.pk, "draft_id": draft.pk, "entry_id": pending.pk, "approved_id": approved.pk,
             "request_id": correction.pk, "certificate": certificate.code, "team_id": team.pk,
             **{f"need_{state}": need.pk for state, need in needs.items()}, "visit_open": visits[1].pk,
             "villager_id": villager.pk, "villager_id_number": villager_id_number,
             "round_id": home_round.pk, "evidence_id": evidence.pk, "stop_id": home_round.stops.get().pk,
             "post_id": post.pk, "article_id": article.pk,
             "tag": article.tags.get().slug, "category": category.slug, "nomination_id": nomination.pk, "name": "volunteers",
             "notification_id": Notification.objects.filter(user=volunteer.user).latest("pk").pk, "year": now.year}
    from volunteerhub.insurance.services import policy_create

    w.ids["policy_id"] = policy_create(by=organiser, insurer="中国人寿", number="BZ-2026-TEAM", cover="意外伤害50万元",
                                      starts_on=now.date(), ends_on=now.date() + dt.timedelta(days=365), covers="team",
                                      team_id=team.pk).pk
    from volunteerhub.agreements.services import agreement_publish

    w.ids["agreement_id"] = agreement_publish(by=city_admin, kind="counselling", title="心理疏导保密协议", body="保密").pk
    from django.core.files.base import ContentFile

    nurse = volunteer.volunteerqualification_set.get()  # a verified credential with its scan
    nurse.number, nurse.valid_until = "护士20260001", now.date() + dt.timedelta(days=400)
    nurse.scan.save("scan.pdf", ContentFile(b"%PDF-1.4 matrix"), save=True)
    w.ids["credential_id"] = nurse.pk
    from volunteerhub.training.services import course_create

    w.ids["course_id"] = course_create(user=organiser, title="心肺复苏基础", body="胸外按压", hours=1, pass_mark=100, questions=[
        {"text": "按压频率？", "choices": ["60次/分", "100-120次/分"], "answer": 1}]).pk
    w.ids.update(callout_draft=callout_draft.pk, callout_sent=callout_sent.pk)
    from volunteerhub.volunteers.team_joins import team_join_request

    joiner = make_volunteer("371602001001", name="赵入队")  # no team yet: asks to join the organiser's
    w.ids.update(other_team_id=other_team.pk,
                 join_request_id=team_join_request(volunteer=joiner, team=team, message="想加入").pk)
    w.api = {"anonymous": ApiClient()} | {name: ApiClient(user) for name, user in w.users.items()}
    ApiToken.objects.update(last_used_at=timezone.now())  # no bookkeeping write on the first call
    return w


def web_client(world: World, persona: str) -> Client:
    """A browser session for the persona (fresh each time: a page may sign it out)."""
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    if persona != "anonymous":
        client.force_login(world.users[persona])
    return client


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table a request could change (reference and bookkeeping tables left out)."""
    result = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table in VOLATILE_TABLES or table in REFERENCE_TABLES:
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            result[table] = sorted(tuple(map(repr, row)) for row in cursor.fetchall())
    return result


def changed_tables(before: dict, after: dict) -> list[str]:
    return [table for table in sorted(set(before) | set(after)) if before.get(table) != after.get(table)]


_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


@contextmanager
def tables_changed_by(ignore: set[str] = frozenset()):
    """Yields a list filled, on exit, with the tables whose rows differ after the block.

    Fast path: a block that sent no INSERT/UPDATE/DELETE changed nothing. Otherwise its writes are
    undone through a savepoint and the rows compared before and after."""
    result: list[str] = []
    savepoint = transaction.savepoint()
    with CaptureQueriesContext(connection) as queries:
        yield result
    written = {m.group(1) for q in queries.captured_queries if (m := _WRITE.match(q["sql"]))}
    written -= VOLATILE_TABLES | set(ignore)
    if written:
        after = snapshot()
        transaction.savepoint_rollback(savepoint)
        result.extend(t for t in changed_tables(snapshot(), after) if t not in ignore)
    else:
        transaction.savepoint_commit(savepoint)


__all__ = ["PASSWORD", "PERSONAS", "World", "build_world", "changed_tables", "snapshot", "tables_changed_by", "web_client"]
