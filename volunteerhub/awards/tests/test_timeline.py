import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from volunteerhub.accounts.models import Role
from volunteerhub.awards import selectors, services
from volunteerhub.awards.models import Nomination, Objection
from volunteerhub.conftest import make_user
from volunteerhub.core.errors import Conflict, NotAuthenticated, PermissionDenied, ValidationFailed

SH = ZoneInfo("Asia/Shanghai")
WEDNESDAY = dt.datetime(2026, 3, 4, 10, 0, tzinfo=SH)
REASON = "常年坚持社区义诊，服务群众数千人次。"


def at(day: dt.datetime):
    return time_machine.travel(day, tick=False)


@pytest.fixture
def nomination(organizer, volunteer):
    with at(WEDNESDAY):
        return services.nomination_create(by=organizer, kind="volunteer", volunteer=volunteer,
                                          title="2026年度优秀志愿者", reason=REASON)


def test_it_puts_a_nomination_on_notice_for_five_working_days(nomination):
    assert nomination.status == Nomination.Status.NOTICE
    assert nomination.notice_ends_at == dt.datetime(2026, 3, 12, 0, 0, tzinfo=SH)
    assert nomination.evidence["hours"] == "0"


@pytest.mark.parametrize("days,end", [(3, dt.datetime(2026, 3, 10, tzinfo=SH)), (1, dt.datetime(2026, 3, 6, tzinfo=SH))])
def test_the_notice_length_is_configuration(settings, organizer, volunteer, days, end):
    settings.PUBLIC_NOTICE_WORKING_DAYS = days
    with at(WEDNESDAY):
        nomination = services.nomination_create(by=organizer, kind="volunteer", volunteer=volunteer,
                                                title="优秀志愿者", reason=REASON)
    assert nomination.notice_ends_at == end


def test_anyone_signed_in_may_object_during_the_notice(nomination, resident):
    with at(dt.datetime(2026, 3, 11, 23, 59, tzinfo=SH)):
        services.nomination_object(nomination=nomination, user=resident, reason="服务时长有虚报情况")
    assert nomination.objections.count() == 1


def test_it_refuses_an_objection_after_the_notice(nomination, resident):
    with at(dt.datetime(2026, 3, 12, 0, 0, tzinfo=SH)), pytest.raises(Conflict):
        services.nomination_object(nomination=nomination, user=resident, reason="服务时长有虚报情况")
    assert not Objection.objects.exists()


def test_it_refuses_an_anonymous_objection_and_a_second_one(nomination, resident):
    from django.contrib.auth.models import AnonymousUser

    with at(WEDNESDAY + dt.timedelta(days=1)):
        with pytest.raises(NotAuthenticated):
            services.nomination_object(nomination=nomination, user=AnonymousUser(), reason="我有异议啊啊")
        services.nomination_object(nomination=nomination, user=resident, reason="服务时长有虚报情况")
        with pytest.raises(Conflict):
            services.nomination_object(nomination=nomination, user=resident, reason="再说一次我有异议")
    assert nomination.objections.count() == 1


def test_it_refuses_a_decision_while_the_notice_runs(nomination, county_admin):
    with at(dt.datetime(2026, 3, 11, 18, 0, tzinfo=SH)), pytest.raises(Conflict):
        services.nomination_decide(nomination=nomination, by=county_admin, approve=True)
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.NOTICE and nomination.decided_at is None


def test_an_admin_approves_after_the_notice_and_the_award_shows(nomination, county_admin, volunteer):
    with at(dt.datetime(2026, 3, 12, 9, 0, tzinfo=SH)):
        assert selectors.phase(nomination) == "awaiting_decision"
        assert list(selectors.nominations_awaiting_decision(user=county_admin)) == [nomination]
        services.nomination_decide(nomination=nomination, by=county_admin, approve=True)
    assert list(selectors.awards_of_volunteer(volunteer)) == [nomination]
    assert selectors.awards_public()[0]["nominee"] == "李*愿"  # masked: the volunteer did not opt in


def test_objections_need_an_answer_before_approval(nomination, resident, county_admin):
    with at(WEDNESDAY + dt.timedelta(days=1)):
        services.nomination_object(nomination=nomination, user=resident, reason="服务时长有虚报情况")
    with at(dt.datetime(2026, 3, 13, tzinfo=SH)):
        with pytest.raises(ValidationFailed):
            services.nomination_decide(nomination=nomination, by=county_admin, approve=True)
        services.nomination_decide(nomination=nomination, by=county_admin, approve=True, note="经核实时长无误")
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.APPROVED


def test_a_rejected_nomination_is_no_award(nomination, county_admin, volunteer):
    with at(dt.datetime(2026, 3, 13, tzinfo=SH)):
        services.nomination_decide(nomination=nomination, by=county_admin, approve=False, note="材料不足")
    assert not selectors.awards_of_volunteer(volunteer).exists()
    with at(dt.datetime(2026, 3, 13, tzinfo=SH)), pytest.raises(Conflict):
        services.nomination_decide(nomination=nomination, by=county_admin, approve=True)


def test_only_an_admin_of_the_region_decides(nomination, other_county_admin, organizer):
    with at(dt.datetime(2026, 3, 13, tzinfo=SH)):
        for user in (other_county_admin, organizer):
            with pytest.raises(PermissionDenied):
                services.nomination_decide(nomination=nomination, by=user, approve=True)
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.NOTICE


def test_an_organiser_nominates_only_within_reach(other_organizer, volunteer, resident):
    with at(WEDNESDAY):
        with pytest.raises(PermissionDenied):
            services.nomination_create(by=other_organizer, kind="volunteer", volunteer=volunteer, title="优秀志愿者",
                                       reason=REASON)
        with pytest.raises(PermissionDenied):
            services.nomination_create(by=resident, kind="volunteer", volunteer=volunteer, title="优秀志愿者",
                                       reason=REASON)
    assert not Nomination.objects.exists()


def test_a_team_may_be_nominated_with_its_evidence(organizer, team):
    with at(WEDNESDAY):
        nomination = services.nomination_create(by=organizer, kind="team", team=team, title="优秀志愿服务队伍",
                                                reason=REASON)
    assert nomination.nominee_name == team.name and "hours" in nomination.evidence


def test_it_refuses_the_same_commendation_twice(nomination, organizer, volunteer):
    with at(WEDNESDAY), pytest.raises(Conflict):
        services.nomination_create(by=organizer, kind="volunteer", volunteer=volunteer,
                                   title="2026年度优秀志愿者", reason=REASON)
    assert Nomination.objects.count() == 1


def test_the_nominator_may_withdraw_during_notice(nomination, organizer):
    with at(WEDNESDAY + dt.timedelta(days=1)):
        services.nomination_withdraw(nomination=nomination, by=organizer)
    assert selectors.phase(Nomination.objects.get()) == "withdrawn"
    assert not selectors.nominations_public().exists()


def test_a_city_admin_decides_anywhere(nomination):
    admin = make_user(Role.CITY_ADMIN, "371600")
    with at(dt.datetime(2026, 3, 20, tzinfo=SH)):
        services.nomination_decide(nomination=nomination, by=admin, approve=True)
    assert Nomination.objects.get().status == "approved"
