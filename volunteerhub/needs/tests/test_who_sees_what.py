"""What each person learns about a need and the volunteers around it: a resident never learns who the candidates
are or how far they live; the public sees a blurred point and the kind; a sensitive need is taken only with
its verified qualification or by assignment; giving needs back is limited and audited; only verified
qualifications open gated work."""

import pytest

from volunteerhub.audit.models import AuditEvent
from volunteerhub.conftest import make_volunteer
from volunteerhub.core.errors import Conflict, PermissionDenied
from volunteerhub.needs import services
from volunteerhub.needs.models import NeedStatus
from volunteerhub.needs.selectors import band_m
from volunteerhub.volunteers.models import VolunteerQualification


def test_a_resident_never_sees_the_candidate_volunteers(api_as, resident, make_need, nurse, organizer):
    need = make_need()
    refused = api_as(resident).get(f"/api/v1/needs/{need.pk}/matches")
    assert refused.status_code == 403 and "王护士" not in refused.content.decode()
    ranked = api_as(organizer).get(f"/api/v1/needs/{need.pk}/matches").json()
    assert [r["name"] for r in ranked] == ["王护士"]


def test_the_resident_learns_who_comes_but_not_the_volunteers_record(api_as, resident, make_need, nurse, organizer):
    need = services.need_accept(need=make_need(), volunteer=nurse)
    handler = api_as(resident).get(f"/api/v1/needs/{need.pk}").json()["handler"]
    assert handler["name"] == "王*士" and handler["volunteer_number"] == "" and handler["volunteer_id"] is None
    managed = api_as(organizer).get(f"/api/v1/needs/{need.pk}").json()["handler"]
    assert managed["name"] == "王护士" and managed["volunteer_number"] == nurse.volunteer_number


def test_the_public_and_other_volunteers_see_a_blurred_point_and_the_kind(anon, api_as, make_need, nurse):
    need = make_need(description="独居老人，需要上门测血压", place="黄河五路 128 号")
    for client in (anon, api_as(nurse.user)):
        seen = client.get(f"/api/v1/needs/{need.pk}").json()
        assert seen["blurred"] is True and (seen["lat"], seen["lng"]) != (need.lat, need.lng)
        assert seen["description"] == "" and seen["place"] == "" and "128" not in str(seen)


def test_distances_to_a_volunteers_matches_are_rounded_to_bands(api_as, make_need, nurse):
    make_need()
    needs = api_as(nurse.user).get("/api/v1/me/matches").json()["needs"]
    assert needs and all(n["distance_m"] % 500 == 0 for n in needs)
    assert [band_m(d) for d in (1, 499, 501, 999, 1001, 2500)] == [500, 500, 1000, 1000, 2000, 3000]


def test_a_sensitive_need_is_taken_with_its_verified_qualification_or_by_assignment(make_need, nurse, organizer,
                                                                                       team):
    poverty = make_need(kind="poverty_relief")
    with pytest.raises(PermissionDenied):
        services.need_accept(need=poverty, volunteer=nurse)
    assert services.need_assign(need=poverty, volunteer=nurse, actor=organizer).status == NeedStatus.MATCHED
    counsellor = make_volunteer(team=team, qualifications=["counsellor"], verified=False, home=(37.385, 117.975))
    talk = make_need(kind="psychological_support")
    with pytest.raises(PermissionDenied):
        services.need_accept(need=talk, volunteer=counsellor)  # declared, not verified
    VolunteerQualification.objects.filter(volunteer=counsellor).update(verified_at=talk.created_at)
    assert services.need_accept(need=talk, volunteer=counsellor).volunteer == counsellor


def test_giving_needs_back_is_limited_and_audited(make_need, nurse, settings):
    settings.NEED_RELEASES_PER_MONTH = 2
    for _ in range(2):
        need = services.need_accept(need=make_need(), volunteer=nurse)
        services.need_release(need=need, actor=nurse.user, reason="临时有事")
    need = services.need_accept(need=make_need(), volunteer=nurse)
    with pytest.raises(Conflict):
        services.need_release(need=need, actor=nurse.user, reason="又有事")
    assert AuditEvent.objects.filter(action="need_open", actor=nurse.user).count() == 2


def test_a_declared_qualification_opens_gated_work_only_once_verified(api_as, organizer, other_organizer, team):
    from volunteerhub.activities.tests.conftest import make_activity

    declared = make_volunteer(team=team, qualifications=["nurse"], verified=False)
    activity = make_activity(organizer, quals=["nurse"])
    refused = api_as(declared.user).post(f"/api/v1/activities/{activity.pk}/signup")
    assert refused.status_code == 403 and refused.json()["code"] == "qualification_required"
    path = f"/api/v1/volunteers/{declared.pk}/qualifications/nurse/verify"
    assert api_as(other_organizer).post(path).status_code == 404  # out of reach
    assert api_as(declared.user).post(path).status_code == 404  # never one's own
    assert api_as(organizer).post(path).status_code == 200
    assert api_as(declared.user).post(f"/api/v1/activities/{activity.pk}/signup").status_code == 200


def test_posting_for_another_number_does_not_tell_a_resident_who_has_an_account(api_as, resident, organizer):
    from volunteerhub.needs.tests.test_api import _payload

    known = api_as(resident).post("/api/v1/needs", _payload(resident_phone=organizer.phone))
    unknown = api_as(resident).post("/api/v1/needs", _payload(resident_phone="13811112222"))

    assert known.status_code == unknown.status_code == 403
    assert known.json() == unknown.json()
