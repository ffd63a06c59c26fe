import datetime as dt

import pytest
from django.utils import timezone

from volunteerhub.conftest import make_volunteer
from volunteerhub.core.errors import Conflict, PermissionDenied, ValidationFailed
from volunteerhub.geo.sphere import haversine_m
from volunteerhub.needs import services
from volunteerhub.needs.models import Need, NeedEvent, NeedStatus
from volunteerhub.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_a_resident_posts_a_need_for_themselves(resident, make_need):
    need = make_need()
    assert need.status == NeedStatus.OPEN and need.resident == resident and need.created_by == resident
    assert (need.public_lat, need.public_lng) != (need.lat, need.lng)  # a need is at someone's home
    assert haversine_m(need.public_lat, need.public_lng, need.lat, need.lng) < 600
    assert list(need.events.values_list("status", flat=True)) == ["open"]


def test_it_stores_wgs84_when_given_gcj02(resident, make_need):
    from volunteerhub.geo.coords import wgs84_to_gcj02

    lat, lng = wgs84_to_gcj02(37.3840, 117.9720)
    need = make_need(lat=lat, lng=lng, coord="gcj02")
    assert haversine_m(need.lat, need.lng, 37.3840, 117.9720) < 0.05


def test_it_refuses_a_window_that_is_over_and_writes_nothing(resident, make_need):
    past = timezone.now() - dt.timedelta(hours=3)
    with pytest.raises(ValidationFailed) as exc:
        make_need(window_start=past, window_end=past + dt.timedelta(hours=1))
    assert "window_end" in exc.value.fields
    assert Need.objects.count() == 0


def test_it_refuses_unknown_kinds_and_qualifications(resident, make_need):
    with pytest.raises(ValidationFailed) as exc:
        make_need(kind="teleportation", qualifications=["wizard"])
    assert {"kind", "qualifications"} <= set(exc.value.fields)
    assert Need.objects.count() == 0


def test_sensitive_needs_are_blurred_deterministically_to_about_500_m(resident, make_need):
    first = make_need(kind="psychological_support")
    second = make_need(kind="psychological_support")
    offset = haversine_m(first.lat, first.lng, first.public_lat, first.public_lng)
    assert 0 < offset < 600
    assert (first.public_lat, first.public_lng) == (second.public_lat, second.public_lng)
    nearby = make_need(kind="poverty_relief", lat=first.lat + 0.0005, lng=first.lng + 0.0005)
    # a point a few dozen metres away usually lands on the same public point: no gradient to follow
    assert haversine_m(nearby.public_lat, nearby.public_lng, first.public_lat, first.public_lng) < 1200


def test_an_organiser_posts_for_a_resident_in_their_region(organizer, make_need):
    need = make_need(actor=organizer, contact_name="赵大爷", contact_phone="13912345678")
    assert need.resident is None and need.created_by == organizer


def test_a_resident_cannot_post_for_someone_else(resident, make_need):
    from volunteerhub.conftest import make_user

    other = make_user("resident", "371602001")
    with pytest.raises(ValidationFailed):
        make_need(actor=resident, resident=other)
    assert Need.objects.count() == 0


def test_an_organiser_cannot_post_outside_their_region(other_organizer, make_need):
    with pytest.raises(PermissionDenied):
        make_need(actor=other_organizer, contact_name="赵大爷")
    assert Need.objects.count() == 0


def test_the_whole_lifecycle_tells_the_resident_and_keeps_a_history(resident, nurse, make_need):
    need = make_need(qualifications=["nurse"])
    need = services.need_accept(need=need, volunteer=nurse)
    assert need.status == NeedStatus.MATCHED and need.volunteer == nurse
    assert Notification.objects.filter(user=resident, kind="need_matched").exists()
    need = services.need_start(need=need, actor=nurse.user)
    need = services.need_complete(need=need, actor=nurse.user)
    need = services.need_rate(need=need, actor=resident, rating=5, feedback="很耐心")
    assert need.status == NeedStatus.RATED and need.rating == 5
    assert list(need.events.values_list("status", flat=True)) == ["open", "matched", "in_progress", "done", "rated"]
    assert Notification.objects.filter(user=nurse.user, kind="need_rated").exists()


def test_the_second_accept_loses_and_nothing_changes(make_need, nurse, team):
    other = make_volunteer("371602001001", team=team, name="李护士", qualifications=["nurse"])
    need = services.need_accept(need=make_need(), volunteer=nurse)
    stale = Need.objects.get(pk=need.pk)
    with pytest.raises(Conflict):
        services.need_accept(need=stale, volunteer=other)
    need.refresh_from_db()
    assert need.volunteer == nurse and need.events.count() == 2


def test_it_refuses_an_unqualified_volunteer(make_need, volunteer):
    need = make_need(qualifications=["doctor"])
    with pytest.raises(PermissionDenied):
        services.need_accept(need=need, volunteer=volunteer)
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN and need.volunteer is None


def test_only_the_resident_rates_and_only_after_it_is_done(resident, nurse, make_need):
    need = services.need_accept(need=make_need(), volunteer=nurse)
    with pytest.raises(Conflict):
        services.need_rate(need=need, actor=resident, rating=4)
    services.need_complete(need=need, actor=nurse.user)
    with pytest.raises(PermissionDenied):
        services.need_rate(need=need, actor=nurse.user, rating=5)
    need.refresh_from_db()
    assert need.status == NeedStatus.DONE and need.rating is None


def test_cancel_and_release(resident, nurse, make_need):
    need = services.need_accept(need=make_need(), volunteer=nurse)
    need = services.need_release(need=need, actor=nurse.user, reason="临时有事")
    assert need.status == NeedStatus.OPEN and need.volunteer is None
    need = services.need_cancel(need=need, actor=resident, reason="已解决")
    assert need.status == NeedStatus.CANCELLED
    with pytest.raises(Conflict):
        services.need_accept(need=need, volunteer=nurse)


def test_a_stranger_cannot_cancel(make_need, other_organizer):
    need = make_need()
    with pytest.raises(PermissionDenied):
        services.need_cancel(need=need, actor=other_organizer)
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN


def test_expire_closes_only_open_needs_whose_window_passed(make_need, nurse, window):
    open_need, taken = make_need(), make_need()
    services.need_accept(need=taken, volunteer=nurse)
    later = window[1] + dt.timedelta(minutes=1)
    assert services.needs_expire(now=later) == 1
    assert Need.objects.get(pk=open_need.pk).status == NeedStatus.EXPIRED
    assert Need.objects.get(pk=taken.pk).status == NeedStatus.MATCHED
    assert NeedEvent.objects.filter(need=open_need, status="expired").count() == 1
    assert services.needs_expire(now=later) == 0


def test_accepting_after_the_window_is_refused(make_need, nurse, window):
    import time_machine

    need = make_need()
    with time_machine.travel(window[1] + dt.timedelta(minutes=5)):
        with pytest.raises(Conflict):
            services.need_accept(need=need, volunteer=nurse)
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN


def test_an_organiser_assigns_in_their_region_only(make_need, nurse, organizer, other_organizer):
    need = make_need()
    with pytest.raises(PermissionDenied):
        services.need_assign(need=need, volunteer=nurse, actor=other_organizer)
    need = services.need_assign(need=need, volunteer=nurse, actor=organizer)
    assert need.assigned_by == organizer and Notification.objects.filter(user=nurse.user).exists()
