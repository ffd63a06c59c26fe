"""The insurance register: a risky activity is published and signed up for only by the insured (志愿服务条例 Art. 17)."""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from volunteerhub.activities import services as activities
from volunteerhub.activities.models import Activity, SignUp
from volunteerhub.activities.tests.conftest import make_activity
from volunteerhub.audit.models import AuditEvent
from volunteerhub.conftest import make_volunteer
from volunteerhub.core.errors import Conflict, NotFound, ValidationFailed
from volunteerhub.exchange import services as exchange
from volunteerhub.insurance import selectors, services
from volunteerhub.insurance.models import Claim, Policy

pytestmark = pytest.mark.django_db


def _policy(by, *, covers="named", first=None, last=None, **kw) -> Policy:
    today = timezone.localdate()
    return services.policy_create(by=by, insurer=kw.pop("insurer", "中国人寿"), number=kw.pop("number", "P-2026-001"),
                                  cover="意外伤害50万元", starts_on=first or today, ends_on=last or today + dt.timedelta(days=30),
                                  covers=covers, **kw)


def _risky(organizer, **kw) -> Activity:
    activity = make_activity(organizer, publish=False, **kw)
    return services.activity_risk_set(by=organizer, activity=activity, risky=True)


def test_it_blocks_publishing_a_risky_activity_until_everyone_confirmed_is_insured(organizer, team):
    activity = _risky(organizer)
    insured, uninsured = (make_volunteer(team=team, name=n) for n in ("王保险", "李未保"))
    for v in (insured, uninsured):  # the roster carried over from the paper sign-up sheet
        SignUp.objects.create(activity=activity, volunteer=v, status=SignUp.Status.CONFIRMED)
    _policy(organizer, volunteer_ids=[insured.pk], region_code="371602001")

    with pytest.raises(Conflict) as refused:
        activities.activity_publish(activity=activity, user=organizer)
    assert refused.value.code == "insurance_required" and "李*保" in str(refused.value.message)
    activity.refresh_from_db()
    assert activity.status == Activity.Status.DRAFT

    _policy(organizer, number="P-2026-002", volunteer_ids=[uninsured.pk], region_code="371602001")
    assert activities.activity_publish(activity=activity, user=organizer).status == Activity.Status.PUBLISHED


def test_a_policy_that_ends_before_the_activity_does_not_cover_it(organizer, team):
    activity = _risky(organizer, starts_in=dt.timedelta(days=10))
    volunteer = make_volunteer(team=team)
    _policy(organizer, covers="team", team_id=team.pk, last=timezone.localdate() + dt.timedelta(days=5))
    assert not selectors.is_covered(activity=activity, volunteer=volunteer)


def test_it_refuses_an_uninsured_sign_up_for_a_risky_activity_with_the_reason(organizer, team):
    activity = _risky(organizer)
    activity = activities.activity_publish(activity=activity, user=organizer)  # nobody confirmed yet
    volunteer = make_volunteer(team=team)

    with pytest.raises(Conflict) as refused:
        activities.activity_sign_up(activity=activity, volunteer=volunteer)
    assert refused.value.code == "insurance_required" and "保险" in str(refused.value.message)
    assert not SignUp.objects.filter(activity=activity).exists()

    _policy(organizer, covers="activity", activity_id=activity.pk)  # an activity policy covers its roster
    assert activities.activity_sign_up(activity=activity, volunteer=volunteer).status == SignUp.Status.CONFIRMED


def test_a_team_policy_covers_the_teams_members_and_an_ordinary_activity_needs_none(organizer, team, other_team):
    risky = activities.activity_publish(activity=_risky(organizer), user=organizer)
    _policy(organizer, covers="team", team_id=team.pk)
    assert activities.activity_sign_up(activity=risky, volunteer=make_volunteer(team=team))
    with pytest.raises(Conflict):
        activities.activity_sign_up(activity=risky, volunteer=make_volunteer(team=other_team))
    ordinary = make_activity(organizer)
    assert activities.activity_sign_up(activity=ordinary, volunteer=make_volunteer(team=other_team))


def test_marking_a_published_activity_risky_needs_its_roster_insured(organizer, team):
    activity = make_activity(organizer)
    activities.activity_sign_up(activity=activity, volunteer=make_volunteer(team=team))
    with pytest.raises(Conflict):
        services.activity_risk_set(by=organizer, activity=activity, risky=True)
    assert not Activity.objects.get(pk=activity.pk).is_risky
    _policy(organizer, covers="team", team_id=team.pk)
    assert services.activity_risk_set(by=organizer, activity=activity, risky=True).is_risky


def test_an_organiser_cannot_insure_another_teams_volunteers_or_see_its_policies(organizer, other_organizer, other_team):
    stranger = make_volunteer("371681001213", team=other_team)
    with pytest.raises(ValidationFailed) as refused:
        _policy(organizer, volunteer_ids=[stranger.pk], region_code="371602001")
    assert "volunteer_ids" in refused.value.fields and not Policy.objects.exists()
    theirs = _policy(other_organizer, covers="team", team_id=other_team.pk)
    with pytest.raises(NotFound):
        selectors.policy_get_for(user=organizer, policy_id=theirs.pk)


def test_a_claim_is_logged_for_an_insured_volunteer_within_the_period(organizer, team):
    volunteer = make_volunteer(team=team, name="赵受伤")
    policy = _policy(organizer, covers="team", team_id=team.pk)
    with pytest.raises(ValidationFailed):
        services.claim_record(by=organizer, policy=policy, volunteer_id=volunteer.pk,
                              occurred_on=policy.ends_on + dt.timedelta(days=1), description="摔伤")
    claim = services.claim_record(by=organizer, policy=policy, volunteer_id=volunteer.pk,
                                  occurred_on=policy.starts_on, description="搬运物资时扭伤脚踝")
    assert list(selectors.claims_of(policy)) == [claim] and claim.status == Claim.Status.REPORTED
    assert AuditEvent.objects.filter(action="claim_record", target_id=str(claim.pk)).exists()


def test_the_insured_roster_export_masks_id_numbers_and_phones(organizer, team):
    volunteer = make_volunteer(team=team, name="钱投保")
    _policy(organizer, covers="team", team_id=team.pk)
    rows = list(csv.DictReader(io.StringIO(exchange.export_bytes(name="insured_roster", fmt="csv",
                                                                 user=organizer).decode("utf-8-sig"))))
    assert [r["姓名"] for r in rows] == ["钱投保"]
    assert rows[0]["证件号码"] == volunteer.id_number_masked and "*" in rows[0]["手机号码"]
    assert rows[0]["出生日期"] == ""


def test_the_api_registers_a_policy_logs_a_claim_and_marks_an_activity_risky(api_as, organizer, team, volunteer):
    client = api_as(organizer)
    today = timezone.localdate()
    created = client.post("/api/v1/insurance/policies", {
        "insurer": "人保财险", "number": "PICC-1", "cover": "意外伤害30万元", "starts_on": str(today),
        "ends_on": str(today + dt.timedelta(days=365)), "covers": "team", "team_id": team.pk})
    assert created.status_code == 201, created.content
    policy_id = created.json()["id"]
    claim = client.post(f"/api/v1/insurance/policies/{policy_id}/claims", {
        "volunteer_id": volunteer.pk, "occurred_on": str(today), "description": "义诊途中摔伤"})
    assert claim.status_code == 201, claim.content
    detail = client.get(f"/api/v1/insurance/policies/{policy_id}").json()
    assert detail["insured"] >= 1 and "*" in detail["claims"][0]["volunteer"]
    activity = make_activity(organizer, publish=False)
    risk = client.put(f"/api/v1/insurance/activities/{activity.pk}/risk", {"risky": True})
    assert risk.status_code == 200 and risk.json()["risky"] is True
    bad = client.post("/api/v1/insurance/policies", {
        "insurer": "人保财险", "number": "PICC-2", "cover": "x", "starts_on": str(today),
        "ends_on": str(today - dt.timedelta(days=1)), "covers": "named", "volunteer_ids": []})
    assert bad.status_code == 400 and {"ends_on", "volunteer_ids"} <= set(bad.json()["fields"])


def test_the_pages_register_a_policy_and_show_an_activitys_cover(client, organizer, team):
    client.force_login(organizer)
    assert client.get("/insurance/").status_code == 200
    today = timezone.localdate()
    answer = client.post("/insurance/", {"insurer": "中国人寿", "number": "L-9", "cover": "意外伤害", "covers": "team",
                                         "team_id": team.pk, "starts_on": str(today),
                                         "ends_on": str(today + dt.timedelta(days=9))})
    assert answer.status_code == 302
    policy = Policy.objects.get()
    assert client.get(f"/insurance/{policy.pk}/").status_code == 200
    activity = make_activity(organizer)
    assert client.post(f"/insurance/activities/{activity.pk}/", {"risky": "1"}).status_code == 302
    assert client.get(f"/insurance/activities/{activity.pk}/").status_code == 200


def test_a_volunteer_cannot_open_the_register(client, volunteer):
    client.force_login(volunteer.user)
    assert client.get("/insurance/").status_code == 403


def test_the_register_lists_the_upcoming_activities_an_organiser_runs(client, organizer, other_organizer):
    mine, theirs = make_activity(organizer, title="抗洪救灾"), make_activity(other_organizer, title="别队活动",
                                                                         region_code="371681001")
    client.force_login(organizer)
    page = client.get("/insurance/").content.decode()
    assert f"/insurance/activities/{mine.pk}/" in page and f"/insurance/activities/{theirs.pk}/" not in page


def test_a_neighbouring_team_in_the_same_township_is_not_an_organisers_to_insure(organizer, team):
    """Found by an attacker: reach by region let an organiser read and write another team's insurance nearby."""
    from volunteerhub.accounts.models import Role
    from volunteerhub.conftest import make_user
    from volunteerhub.organizations.models import Team

    neighbours = Team.objects.create(name="市中街道第二志愿服务队", region=team.region)
    their_organiser = make_user(Role.ORGANIZER, "371602001", team=neighbours)
    member = make_volunteer("371602001001", team=neighbours, name="邻队队员")
    theirs = _policy(their_organiser, covers="team", team_id=neighbours.pk, number="P-NEIGHBOURS")

    assert not selectors.policies_for(user=organizer).filter(pk=theirs.pk).exists()
    with pytest.raises(NotFound):
        selectors.policy_get_for(user=organizer, policy_id=theirs.pk)
    with pytest.raises(ValidationFailed) as refused:
        _policy(organizer, covers="team", team_id=neighbours.pk, number="P-TAKEN-OVER")
    assert "team_id" in refused.value.fields
    with pytest.raises(ValidationFailed):
        _policy(organizer, volunteer_ids=[member.pk], region_code="371602001", number="P-NAMED")
