"""The call-out over HTTP: managers create, send and watch; volunteers answer by API, page, or SMS keyword."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from volunteerhub.callouts import services
from volunteerhub.callouts.models import CallOut, Recipient
from volunteerhub.callouts.tests.conftest import make_callout
from volunteerhub.conftest import make_volunteer
from volunteerhub.notifications.sms import ConsoleProvider

pytestmark = pytest.mark.django_db
SECRET = "gateway-secret-for-tests"


def _body(**kw):
    starts = timezone.now().replace(microsecond=0) + dt.timedelta(hours=1)
    return {"title": "化工厂火灾伤员转运", "message": "需要护士协助转运。", "place": "滨州医学院附属医院",
            "region_code": "371602001", "needed": 2, "starts_at": starts.isoformat(),
            "ends_at": (starts + dt.timedelta(hours=4)).isoformat(), **kw}


def test_a_manager_drafts_sends_and_watches_a_call(api_as, organizer, team):
    make_volunteer(team=team)
    api = api_as(organizer)
    created = api.post("/api/v1/callouts", _body())
    assert created.status_code == 201, created.json()
    callout_id = created.json()["id"]

    sent = api.post(f"/api/v1/callouts/{callout_id}/send")
    assert sent.status_code == 200
    assert sent.json()["counts"] | {} == {"sent": 1, "delivered": 0, "answered": 0, "deployed": 0, "released": 0,
                                          "needed": 2}
    edited = api.patch(f"/api/v1/callouts/{callout_id}", {"needed": 9})
    assert edited.status_code == 409
    assert CallOut.objects.get(pk=callout_id).needed == 2
    assert api.post(f"/api/v1/callouts/{callout_id}/close").json()["status"] == "closed"


def test_bad_input_names_the_field(api_as, organizer):
    answer = api_as(organizer).post("/api/v1/callouts", _body(needed=0, region_code="999999"))
    assert answer.status_code == 400
    assert {"needed", "region_code"} <= set(answer.json()["fields"])
    assert not CallOut.objects.exists()


def test_out_of_reach_and_volunteers_are_refused(api_as, organizer, other_organizer, volunteer):
    callout = make_callout(organizer)
    assert api_as(other_organizer).get(f"/api/v1/callouts/{callout.pk}").status_code == 404
    assert api_as(volunteer.user).get(f"/api/v1/callouts/{callout.pk}").status_code == 403
    assert api_as(volunteer.user).post("/api/v1/callouts", _body()).status_code == 403


def test_a_volunteer_answers_through_the_api(api_as, organizer, volunteer):
    callout = services.callout_send(callout=make_callout(organizer), user=organizer)
    api = api_as(volunteer.user)
    mine = api.get("/api/v1/me/callouts").json()
    assert [c["callout_id"] for c in mine] == [callout.pk]
    answered = api.post(f"/api/v1/callouts/{callout.pk}/answer", {"answer": "later", "available_from": "15:00"})
    assert answered.status_code == 200
    assert (answered.json()["outcome"], answered.json()["available_from"]) == ("deployed", "15:00:00")
    assert api.post(f"/api/v1/callouts/{callout.pk}/answer", {"answer": "maybe"}).status_code == 400
    again = api.post(f"/api/v1/callouts/{callout.pk}/answer", {"answer": "no"})
    assert (again.json()["answer"], again.json()["outcome"]) == ("later", "deployed")  # the first answer stands


def test_a_volunteer_answers_with_one_tap_on_the_page(organizer, volunteer):
    callout = services.callout_send(callout=make_callout(organizer), user=organizer)
    browser = Client()
    browser.force_login(volunteer.user)
    page = browser.get(f"/callouts/{callout.pk}/answer/")
    assert page.status_code == 200 and "可以参加" in page.content.decode()
    assert browser.post(f"/callouts/{callout.pk}/answer/", {"answer": "yes"}).status_code == 302
    assert Recipient.objects.get(callout=callout, volunteer=volunteer).answered_via == "inbox"


def test_the_manager_page_shows_the_counts(organizer, volunteer):
    callout = services.callout_send(callout=make_callout(organizer), user=organizer)
    services.callout_answer(callout_id=callout.pk, volunteer=volunteer, answer="yes")
    browser = Client()
    browser.force_login(organizer)
    html = browser.get(f"/callouts/{callout.pk}/").content.decode()
    assert 'id="count-deployed">1/3<' in html and volunteer.name in html
    assert volunteer.user.phone not in html  # masked
    assert browser.get("/").status_code == 200 and "/callouts/" in browser.get("/").content.decode()


def test_yes_by_sms_keyword_through_the_inbound_endpoint(settings, anon, organizer, volunteer):
    settings.SMS_INBOUND_SECRET = SECRET
    older = services.callout_send(callout=make_callout(organizer, title="较早的动员"), user=organizer)
    latest = services.callout_send(callout=make_callout(organizer, starts_in=dt.timedelta(hours=3)), user=organizer)
    ConsoleProvider.outbox.clear()

    answer = anon.post("/api/v1/sms/inbound", {"from": f"+86{volunteer.user.phone}", "text": " 是 "},
                       HTTP_X_SMS_SECRET=SECRET)

    assert answer.status_code == 200 and answer.json() == {"handled": True}
    mine = Recipient.objects.get(callout=latest, volunteer=volunteer)
    assert (mine.answer, mine.answered_via, mine.outcome) == ("yes", "sms", "deployed")
    assert Recipient.objects.get(callout=older, volunteer=volunteer).answer == ""


def test_the_inbound_endpoint_wants_the_secret(settings, anon, organizer, volunteer):
    settings.SMS_INBOUND_SECRET = SECRET
    callout = services.callout_send(callout=make_callout(organizer), user=organizer)
    body = {"from": volunteer.user.phone, "text": "1"}
    assert anon.post("/api/v1/sms/inbound", body, HTTP_X_SMS_SECRET="wrong").status_code == 403
    assert anon.post("/api/v1/sms/inbound", body).status_code == 403
    settings.SMS_INBOUND_SECRET = ""
    assert anon.post("/api/v1/sms/inbound", body, HTTP_X_SMS_SECRET="").status_code == 403
    assert Recipient.objects.get(callout=callout).answer == ""


def test_an_unknown_sender_or_word_is_not_handled(settings, anon, organizer, volunteer):
    settings.SMS_INBOUND_SECRET = SECRET
    services.callout_send(callout=make_callout(organizer), user=organizer)
    for body in ({"from": "13912345678", "text": "1"}, {"from": volunteer.user.phone, "text": "你好"}):
        assert anon.post("/api/v1/sms/inbound", body, HTTP_X_SMS_SECRET=SECRET).json() == {"handled": False}
    assert Recipient.objects.get(volunteer=volunteer).answer == ""
