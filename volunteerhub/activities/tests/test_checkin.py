import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core import signing

from volunteerhub.activities import services
from volunteerhub.activities.models import CheckEvent, SignUp
from volunteerhub.activities.tests.conftest import PLACE, make_activity
from volunteerhub.activities.tokens import SALT, checkin_token_for
from volunteerhub.core.errors import ApplicationError
from volunteerhub.hours.models import LedgerDecision, LedgerEntry

NEAR = (PLACE[0] + 0.001, PLACE[1])  # about 110 m away
FAR = (PLACE[0] + 0.01, PLACE[1])  # about 1.1 km away


@pytest.fixture
def confirmed(activity, volunteer):
    return services.activity_sign_up(activity=activity, volunteer=volunteer)


def _during(activity, minutes=10):
    return activity.starts_at + dt.timedelta(minutes=minutes)


def _token_at(activity, moment):
    with time_machine.travel(moment, tick=False):
        return checkin_token_for(activity_id=activity.pk)


def _check_in(activity, volunteer, at, where=NEAR, token=None):
    token = token or _token_at(activity, at)
    with time_machine.travel(at, tick=False):
        return services.signup_check_in(token=token, volunteer=volunteer, lat=where[0], lng=where[1])


def test_a_scan_near_the_place_during_the_activity_checks_in(activity, volunteer, confirmed):
    signup, already = _check_in(activity, volunteer, _during(activity))

    assert not already and signup.checked_in_at == _during(activity) and signup.checkin_method == "qr"
    event = CheckEvent.objects.get(signup=signup)
    assert 100 < event.distance_m < 125


def test_scanning_twice_records_once(activity, volunteer, confirmed):
    _check_in(activity, volunteer, _during(activity))

    signup, already = _check_in(activity, volunteer, _during(activity, 15))

    assert already and signup.checked_in_at == _during(activity)
    assert CheckEvent.objects.filter(signup=signup).count() == 1


def test_it_refuses_a_check_in_too_far_from_the_place(activity, volunteer, confirmed):
    with pytest.raises(ApplicationError) as refused:
        _check_in(activity, volunteer, _during(activity), where=FAR)

    assert refused.value.code == "checkin_too_far"
    assert "米" in str(refused.value.message) and refused.value.fields["distance_m"]
    assert SignUp.objects.get(pk=confirmed.pk).checked_in_at is None
    assert not CheckEvent.objects.exists()


def test_it_refuses_a_check_in_too_early(activity, volunteer, confirmed, settings):
    early = activity.starts_at - dt.timedelta(minutes=settings.CHECKIN_EARLY_MINUTES + 5)

    with pytest.raises(ApplicationError) as refused:
        _check_in(activity, volunteer, early)

    assert refused.value.code == "checkin_too_early"
    assert SignUp.objects.get(pk=confirmed.pk).checked_in_at is None


def test_it_allows_a_check_in_within_the_early_window(activity, volunteer, confirmed, settings):
    early = activity.starts_at - dt.timedelta(minutes=settings.CHECKIN_EARLY_MINUTES - 5)

    signup, _ = _check_in(activity, volunteer, early)

    assert signup.checked_in_at == early


def test_it_refuses_a_check_in_after_the_end(activity, volunteer, confirmed):
    with pytest.raises(ApplicationError) as refused:
        _check_in(activity, volunteer, activity.ends_at + dt.timedelta(minutes=1))

    assert refused.value.code == "checkin_too_late"


def test_it_refuses_a_forged_token(activity, volunteer, confirmed):
    forged = signing.dumps({"a": activity.pk}, salt="something-else")

    with pytest.raises(ApplicationError) as refused:
        _check_in(activity, volunteer, _during(activity), token=forged)

    assert refused.value.code == "checkin_token_invalid"
    assert SignUp.objects.get(pk=confirmed.pk).checked_in_at is None


def test_it_refuses_an_expired_token(activity, volunteer, confirmed, settings):
    old = _token_at(activity, _during(activity) - dt.timedelta(seconds=settings.CHECKIN_TOKEN_TTL_SECONDS + 5))

    with pytest.raises(ApplicationError) as refused:
        _check_in(activity, volunteer, _during(activity), token=old)

    assert refused.value.code == "checkin_token_expired"
    assert SignUp.objects.get(pk=confirmed.pk).checked_in_at is None


def test_it_refuses_a_volunteer_who_is_only_waitlisted(organizer, volunteers):
    activity = make_activity(organizer, capacity=1)
    first, second = volunteers(2)
    services.activity_sign_up(activity=activity, volunteer=first)
    services.activity_sign_up(activity=activity, volunteer=second)

    with pytest.raises(ApplicationError) as refused:
        _check_in(activity, second, _during(activity))

    assert refused.value.code == "not_confirmed"


def test_it_refuses_a_token_signed_with_the_sites_secret_key(activity, volunteer, confirmed):
    with time_machine.travel(_during(activity), tick=False):
        token = signing.dumps({"a": activity.pk}, salt=SALT)  # SECRET_KEY's signature, not the tokens' own key

    with pytest.raises(ApplicationError) as refused:
        _check_in(activity, volunteer, _during(activity), token=token)

    assert refused.value.code == "checkin_token_invalid"
    assert SignUp.objects.get(pk=confirmed.pk).checked_in_at is None


def test_it_refuses_a_token_signed_with_another_token_key(activity, volunteer, confirmed, settings):
    settings.CHECKIN_TOKEN_KEY = "the-key-of-another-site"
    token = _token_at(activity, _during(activity))
    settings.CHECKIN_TOKEN_KEY = "this-sites-key"

    with pytest.raises(ApplicationError) as refused:
        _check_in(activity, volunteer, _during(activity), token=token)

    assert refused.value.code == "checkin_token_invalid"


def test_a_token_is_tied_to_its_activity(organizer, volunteer, activity, confirmed):
    with time_machine.travel(_during(activity), tick=False):
        token = checkin_token_for(activity_id=activity.pk + 999)

    with pytest.raises(ApplicationError) as refused:
        _check_in(activity, volunteer, _during(activity), token=token)

    assert refused.value.code == "checkin_token_invalid"


def test_checking_out_records_a_pending_ledger_entry_rounded_by_the_rule(activity, volunteer, confirmed, settings):
    settings.HOURS_ROUNDING_RULE = "half_hour"
    _check_in(activity, volunteer, activity.starts_at - dt.timedelta(minutes=20))  # early minutes do not count
    out_at = activity.starts_at + dt.timedelta(minutes=100)
    with time_machine.travel(out_at, tick=False):
        signup, entry, already = services.signup_check_out(token=checkin_token_for(activity_id=activity.pk),
                                                           volunteer=volunteer, lat=NEAR[0], lng=NEAR[1])

    assert not already and entry.minutes == 100 and entry.hours == Decimal("1.5")
    assert entry.kind == "service" and entry.team_id == activity.team_id
    assert not LedgerDecision.objects.filter(entry=entry).exists()


def test_checking_out_twice_records_one_entry(activity, volunteer, confirmed):
    _check_in(activity, volunteer, _during(activity))
    for minutes in (70, 75):
        with time_machine.travel(_during(activity, minutes), tick=False):
            services.signup_check_out(token=checkin_token_for(activity_id=activity.pk), volunteer=volunteer,
                                      lat=NEAR[0], lng=NEAR[1])

    assert LedgerEntry.objects.filter(volunteer=volunteer).count() == 1
    assert CheckEvent.objects.filter(action="check_out").count() == 1


def test_an_organiser_checks_in_by_hand_and_the_reason_is_kept(activity, volunteer, confirmed, organizer):
    signup, already = services.signup_check_in_manually(signup=confirmed, user=organizer, reason="手机没电",
                                                        at=_during(activity))

    assert not already and signup.checkin_method == "manual"
    event = CheckEvent.objects.get(signup=signup)
    assert (event.reason, event.by, event.method) == ("手机没电", organizer, "manual")


def test_a_manual_check_in_needs_a_reason(activity, volunteer, confirmed, organizer):
    with pytest.raises(ApplicationError):
        services.signup_check_in_manually(signup=confirmed, user=organizer, reason=" ", at=_during(activity))

    assert SignUp.objects.get(pk=confirmed.pk).checked_in_at is None


def test_finishing_checks_out_who_forgot_and_counts_people_served(organizer, volunteer):
    from volunteerhub.stats.models import MonthlyRollup

    activity = make_activity(organizer, starts_in=dt.timedelta(hours=-4), hours=3)
    with time_machine.travel(activity.starts_at - dt.timedelta(hours=1), tick=False):
        signup = services.activity_sign_up(activity=activity, volunteer=volunteer)
    services.signup_check_in_manually(signup=signup, user=organizer, reason="现场登记", at=_during(activity))

    finished = services.activity_finish(activity=activity, user=organizer, people_served=120,
                                        ratings={signup.pk: (5, "认真负责")})

    signup.refresh_from_db()
    assert finished.status == "finished" and finished.people_served == 120
    assert signup.checked_out_at == activity.ends_at and signup.rating == 5
    assert LedgerEntry.objects.get(signup=signup).minutes == 170
    rollup = MonthlyRollup.objects.get(region=activity.region, activity_kind=activity.kind)
    assert (rollup.activities, rollup.people_served) == (1, 120)


def _check_out(activity, volunteer, at, token=None):
    token = token or _token_at(activity, at)
    with time_machine.travel(at, tick=False):
        return services.signup_check_out(token=token, volunteer=volunteer, lat=NEAR[0], lng=NEAR[1])


def test_a_relayed_code_is_refused_to_someone_not_signed_up(activity, volunteer, confirmed, volunteers):
    [friend_at_home] = volunteers(1)
    relayed = _token_at(activity, _during(activity))
    _check_in(activity, volunteer, _during(activity), token=relayed)

    with pytest.raises(ApplicationError) as refused:
        _check_in(activity, friend_at_home, _during(activity, 10.5), token=relayed)

    assert refused.value.code == "not_confirmed"
    assert not SignUp.objects.filter(volunteer=friend_at_home).exists()
    assert CheckEvent.objects.count() == 1


def test_the_same_code_twice_records_once_and_answers_already(activity, volunteer, confirmed):
    code_in, code_out = _token_at(activity, _during(activity)), _token_at(activity, _during(activity, 70))

    first = _check_in(activity, volunteer, _during(activity), token=code_in)
    again = _check_in(activity, volunteer, _during(activity, 10.5), token=code_in)
    out = _check_out(activity, volunteer, _during(activity, 70), token=code_out)
    out_again = _check_out(activity, volunteer, _during(activity, 70.5), token=code_out)

    assert (first[1], again[1], out[2], out_again[2]) == (False, True, False, True)
    assert CheckEvent.objects.filter(signup=confirmed).count() == 2
    assert LedgerEntry.objects.filter(volunteer=volunteer).count() == 1


def test_a_code_shown_before_the_check_in_does_not_check_out(activity, volunteer, confirmed):
    code = _token_at(activity, _during(activity))
    _check_in(activity, volunteer, _during(activity, 10.5), token=code)

    with pytest.raises(ApplicationError) as refused:
        _check_out(activity, volunteer, _during(activity, 10.75), token=code)

    assert refused.value.code == "checkout_code_before_checkin"
    assert SignUp.objects.get(pk=confirmed.pk).checked_out_at is None
    assert not LedgerEntry.objects.filter(volunteer=volunteer).exists()
    assert not CheckEvent.objects.filter(action="check_out").exists()


def test_a_code_shown_after_the_check_in_checks_out(activity, volunteer, confirmed):
    _check_in(activity, volunteer, _during(activity))

    signup, entry, already = _check_out(activity, volunteer, _during(activity, 70))

    assert not already and signup.checked_out_at == _during(activity, 70) and entry.minutes == 60
