"""The service record shows training apart from service, and the organisers' evaluations: on /me/hours (page and
API) and on the certificate."""

import datetime as dt
from decimal import Decimal

import time_machine
from django.test import Client

from volunteerhub.activities import services as activities
from volunteerhub.activities.tests.conftest import make_activity
from volunteerhub.conftest import colleague_of
from volunteerhub.hours.models import LedgerEntry
from volunteerhub.hours.services import ledger_entry_decide
from volunteerhub.records.pdf import evaluation_line, hour_rows
from volunteerhub.records.services import certificate_issue


def serve(organizer, volunteer, *, kind, rating=None, title="社区义诊", days_ago=0):
    """Served three hours at a past activity, finished (with a rating), approved by a colleague."""
    activity = make_activity(organizer, starts_in=-dt.timedelta(days=days_ago, hours=4), hours=3, kind=kind,
                             title=title)
    with time_machine.travel(activity.starts_at - dt.timedelta(hours=1), tick=False):
        signup = activities.activity_sign_up(activity=activity, volunteer=volunteer)
    activities.signup_check_in_manually(signup=signup, user=organizer, reason="现场登记", at=activity.starts_at)
    activities.activity_finish(activity=activity, user=organizer, people_served=10,
                               ratings={signup.pk: rating} if rating else None)
    ledger_entry_decide(entry=LedgerEntry.objects.get(signup=signup), user=colleague_of(organizer), approve=True)
    return signup


def test_the_certificate_shows_training_apart_and_the_evaluations(organizer, volunteer):
    serve(organizer, volunteer, kind="convenience", rating=(5, "认真负责"))
    serve(organizer, volunteer, kind="training", title="应急救护培训", days_ago=2)

    cert = certificate_issue(volunteer=volunteer)

    assert (cert.hours, cert.training_hours) == (Decimal("3"), Decimal("3"))
    assert "培训" not in cert.content
    assert cert.evaluations == [{"activity": "社区义诊", "date": cert.evaluations[0]["date"], "rating": 5,
                                 "note": "认真负责"}]
    assert hour_rows(cert) == [("累计服务时长", "3.00 小时"), ("培训时长", "3.00 小时（不计入服务时长）")]
    assert evaluation_line(cert) == "共 1 次，平均 5.0 星；最近：社区义诊 ★★★★★"


def test_a_changed_evaluation_gives_a_new_certificate(organizer, volunteer):
    signup = serve(organizer, volunteer, kind="convenience", rating=(3, ""))
    first = certificate_issue(volunteer=volunteer)

    activities.signup_rate(activity=signup.activity, user=organizer, ratings={signup.pk: (5, "复核")})

    assert certificate_issue(volunteer=volunteer).pk != first.pk


def test_my_hours_page_and_api_show_training_and_evaluations(api_as, organizer, volunteer):
    serve(organizer, volunteer, kind="convenience", rating=(4, "服务耐心"))
    serve(organizer, volunteer, kind="training", title="应急救护培训", days_ago=2)
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(volunteer.user)

    html = client.get("/me/hours/").content.decode()
    body = api_as(volunteer.user).get("/api/v1/me/hours").json()

    assert 'id="training-hours">3.00<' in html and 'id="approved-hours">3.00<' in html
    assert "服务耐心" in html and "应急救护培训" in html
    assert (body["service_hours"], body["training_hours"]) == ("3.00", "3.00")
    [evaluation] = body["evaluations"]
    assert (evaluation["rating"], evaluation["note"], evaluation["activity_title"]) == (4, "服务耐心", "社区义诊")
    assert evaluation["rated_by"] == organizer.display_name and evaluation["rated_at"]
