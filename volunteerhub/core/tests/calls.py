"""One real request per API operation and per page, written against the matrix world's ids."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

from django.utils import timezone

from volunteerhub.core.tests.matrix import PERSONAS, PLACE


@dataclass(frozen=True)
class Call:
    """`op` names the OpenAPI operation ("GET /api/v1/x/{id}"); `path` fills it from World.ids."""

    op: str
    expect: dict
    path: str = ""
    body: object = None  # a dict, or a callable (world, persona) -> dict
    query: dict | None = None
    multipart: bool = False
    note: str = field(default="", compare=False)

    @property
    def method(self) -> str:
        return self.op.split(" ", 1)[0]

    def url(self, ids: dict) -> str:
        return (self.path or self.op.split(" ", 1)[1]).format(**ids)


def everyone(status: int = 200, **special) -> dict:
    return {p: special.get(p, status) for p in PERSONAS}


def signed_in(status: int = 200, *, anonymous: int = 401, **special) -> dict:
    return {p: special.get(p, anonymous if p == "anonymous" else status) for p in PERSONAS}


def only(*allowed: str, ok: int = 200, refused: int = 403, anonymous: int = 401, **special) -> dict:
    """`allowed` personas get `ok`, others `refused`, anonymous gets `anonymous`; keyword ids override."""
    out = {}
    for p in PERSONAS:
        out[p] = anonymous if p == "anonymous" else ok if p in allowed else refused
    out.update(special)
    return out


MANAGERS = ("organiser", "county_admin", "city_admin")  # of the team's region (滨城区/市中街道)
ADMINS_IN_REACH = ("county_admin", "city_admin")


def _in(days: float = 0, hours: float = 0) -> str:
    return (timezone.now() + dt.timedelta(days=days, hours=hours)).replace(microsecond=0).isoformat()


def _registration(world, persona):
    from volunteerhub.conftest import next_id_number, next_phone

    return {"name": "赵新人", "id_number": next_id_number("371602"), "phone": next_phone(), "password": "Good-Pass-2026",
            "region_code": "371602001001", "qualifications": ["nurse"]}


def _activity_body(world, persona):
    return {"title": "周末义诊", "kind": "convenience", "setting": "community", "region_code": "371602001",
            "place": "市中街道社区卫生服务中心", "lat": PLACE[0], "lng": PLACE[1], "starts_at": _in(days=7),
            "ends_at": _in(days=7, hours=3), "capacity": 8}


def _token(activity_key):
    def body(world, persona):
        from volunteerhub.activities.tokens import checkin_token_for

        return {"token": checkin_token_for(activity_id=world.ids[activity_key]), "lat": PLACE[0], "lng": PLACE[1]}
    return body


def _need_body(world, persona):
    return {"kind": "home_visit", "description": "独居老人需要上门量血压", "lat": 37.3830, "lng": 117.9720,
            "region_code": "371602001001", "window_start": _in(hours=3), "window_end": _in(days=2)}


def _login_body(world, persona):
    return {"phone": world.users["volunteer"].phone, "password": "Good-Pass-2026"}


def _commit_body(world, persona):
    return {"pairs": [[world.ids["need_open"], world.ids["volunteer_id"]]]}


API_CALLS = [
    # --- open to everyone ---------------------------------------------------------------------------
    Call("GET /api/v1/health", everyone()),
    Call("POST /api/v1/auth/token", everyone(), body=_login_body),
    Call("GET /api/v1/regions/{code}", everyone()),
    Call("GET /api/v1/regions", everyone(), query={"parent": "371602"}),
    Call("GET /api/v1/qualifications", everyone()),
    Call("GET /api/v1/activities", everyone()),
    Call("GET /api/v1/activities/{activity_id}", everyone()),
    Call("GET /api/v1/projects", everyone()),
    Call("GET /api/v1/certificates/{code}", everyone(), path="/api/v1/certificates/{certificate}"),
    Call("GET /api/v1/teams/{team_id}/hours", everyone()),
    Call("GET /api/v1/needs", everyone()),
    Call("GET /api/v1/needs/{need_id}", everyone(), path="/api/v1/needs/{need_open}"),
    Call("GET /api/v1/map/nearest", everyone(), query={"lat": 37.3835, "lng": 117.9707}),
    Call("GET /api/v1/map/pins", everyone()),
    Call("GET /api/v1/map/boundaries", everyone()),
    Call("GET /api/v1/map/posts/{post_id}", everyone()),
    Call("GET /api/v1/stats", everyone(), query={"region": "371602"}),
    Call("GET /api/v1/stats/trend", everyone(), query={"region": "371602"}),
    Call("GET /api/v1/articles", everyone()),
    Call("GET /api/v1/articles/{article_id}", everyone()),
    Call("GET /api/v1/awards", everyone()),
    Call("GET /api/v1/awards/{nomination_id}", everyone()),
    Call("GET /api/v1/notifications/wechat-templates", everyone()),
    Call("POST /api/v1/volunteers", everyone(201), body=_registration),
    Call("POST /api/v1/auth/wechat", everyone(), body={"code": "071abc"}),
    # --- one's own records ----------------------------------------------------------------------------
    Call("GET /api/v1/me", signed_in()),
    Call("PATCH /api/v1/me", signed_in(), body={"skills": ["量血压"]}),
    Call("GET /api/v1/me/signups", signed_in()),
    Call("GET /api/v1/me/hours", signed_in()),
    Call("POST /api/v1/me/hours/corrections", signed_in(),
         body=lambda w, p: {"message": "三月份的义诊少记了半小时", "entry_id": w.ids["approved_id"]}),
    Call("GET /api/v1/me/hours/certificate", signed_in()),
    Call("GET /api/v1/me/matches", signed_in()),
    Call("GET /api/v1/inbox", signed_in()),
    Call("POST /api/v1/inbox/{notification_id}/read", signed_in()),
    Call("POST /api/v1/inbox/read-all", signed_in()),
    Call("GET /api/v1/notifications/preferences", signed_in()),
    Call("PUT /api/v1/notifications/preferences", signed_in(),
         body={"wechat": False, "sms": True, "quiet_start": "22:00", "quiet_end": "07:00"}),
    Call("DELETE /api/v1/auth/wechat", signed_in()),
    # --- a volunteer's own actions ---------------------------------------------------------------------
    Call("POST /api/v1/activities/{activity_id}/signup", signed_in(), path="/api/v1/activities/{upcoming_id}/signup"),
    Call("DELETE /api/v1/activities/{activity_id}/signup", signed_in()),
    Call("POST /api/v1/checkin", signed_in(), body=_token("activity_id")),
    Call("POST /api/v1/checkout", signed_in(), body=_token("serving_id")),
    Call("POST /api/v1/needs/{need_id}/accept", signed_in(), path="/api/v1/needs/{need_open}/accept"),
    # --- managing a team's activities ------------------------------------------------------------------
    Call("POST /api/v1/activities", signed_in(), body=_activity_body),
    Call("PATCH /api/v1/activities/{activity_id}", signed_in(), body={"title": "社区义诊（改期）"}),
    Call("POST /api/v1/activities/{activity_id}/publish", signed_in(), path="/api/v1/activities/{draft_id}/publish"),
    Call("POST /api/v1/activities/{activity_id}/cancel", signed_in(), path="/api/v1/activities/{upcoming_id}/cancel",
         body={"reason": "天气原因"}),
    Call("POST /api/v1/activities/{activity_id}/finish", signed_in(), path="/api/v1/activities/{ended_id}/finish",
         body={"people_served": 40}),
    Call("GET /api/v1/activities/{activity_id}/checkin-token", signed_in()),
    Call("POST /api/v1/activities/{activity_id}/roster/{signup_id}/checkin", signed_in(), body={"reason": "忘带手机"}),
    Call("POST /api/v1/activities/{activity_id}/roster/{signup_id}/checkout", signed_in(),
         path="/api/v1/activities/{serving_id}/roster/{serving_signup_id}/checkout", body={"reason": "忘带手机"}),
    Call("GET /api/v1/activities/{activity_id}/roster", signed_in()),
    Call("GET /api/v1/activities/{activity_id}/roster/export", signed_in()),
    Call("POST /api/v1/activities/{activity_id}/roster/message", signed_in(),
         body={"title": "集合地点", "body": "请在卫生院门口集合"}),
    Call("POST /api/v1/projects", signed_in(), body={"code": "BZ-2026-09", "name": "慢病随访", "region_code": "371602001"}),
    # --- hours --------------------------------------------------------------------------------------------
    Call("GET /api/v1/hours/pending", signed_in()),
    Call("POST /api/v1/hours/entries/{entry_id}/approve", signed_in(), body={"note": "属实"}),
    Call("POST /api/v1/hours/entries/{entry_id}/reject", signed_in(), body={"note": "不属实"}),
    Call("POST /api/v1/hours/backfill", signed_in(),
         body=lambda w, p: {"volunteer_id": w.ids["volunteer_id"], "hours": "1", "served_on": str(dt.date.today()),
                            "reason": "纸质签到表补录"}),
    Call("POST /api/v1/hours/corrections", signed_in(),
         body=lambda w, p: {"entry_id": w.ids["approved_id"], "hours_delta": "0.5", "reason": "漏记半小时"}),
    Call("GET /api/v1/hours/correction-requests", signed_in()),
    Call("POST /api/v1/hours/correction-requests/{request_id}/resolve", signed_in(),
         body={"accept": False, "note": "核实无误"}),
    # --- needs --------------------------------------------------------------------------------------------
    Call("POST /api/v1/needs", signed_in(), body=_need_body),
    Call("POST /api/v1/needs/{need_id}/start", signed_in(), path="/api/v1/needs/{need_matched}/start"),
    Call("POST /api/v1/needs/{need_id}/complete", signed_in(), path="/api/v1/needs/{need_in_progress}/complete"),
    Call("POST /api/v1/needs/{need_id}/rate", signed_in(), path="/api/v1/needs/{need_done}/rate", body={"rating": 5}),
    Call("POST /api/v1/needs/{need_id}/cancel", signed_in(), path="/api/v1/needs/{need_open}/cancel",
         body={"reason": "已自行解决"}),
    Call("POST /api/v1/needs/{need_id}/release", signed_in(), path="/api/v1/needs/{need_matched}/release",
         body={"reason": "临时有事"}),
    Call("POST /api/v1/needs/{need_id}/assign", signed_in(), path="/api/v1/needs/{need_open}/assign",
         body=lambda w, p: {"volunteer_id": w.ids["volunteer_id"]}),
    Call("GET /api/v1/needs/{need_id}/matches", signed_in(), path="/api/v1/needs/{need_open}/matches"),
    Call("POST /api/v1/needs/batch-assignment/preview", signed_in(), body={"region_code": "371602"}),
    Call("POST /api/v1/needs/batch-assignment/commit", signed_in(), body=_commit_body),
    Call("POST /api/v1/needs/expire", signed_in()),
    # --- people, figures, awards, exchange --------------------------------------------------------------------
    Call("GET /api/v1/volunteers", signed_in()),
    Call("GET /api/v1/volunteers/{volunteer_id}", signed_in()),
    Call("GET /api/v1/stats/plan", signed_in(), query={"region": "371602"}),
    Call("PUT /api/v1/stats/plan/targets", signed_in(),
         body=lambda w, p: {"year": w.ids["year"], "region": "371602", "metric": "activities", "target": 120}),
    Call("POST /api/v1/awards", signed_in(201),
         body=lambda w, p: {"kind": "volunteer", "title": "服务之星", "reason": "坚持每周上门随访独居老人。",
                            "volunteer_id": w.ids["volunteer_id"]}),
    Call("POST /api/v1/awards/{nomination_id}/objections", signed_in(), body={"reason": "推荐材料中的服务时长与实际不符。"}),
    Call("POST /api/v1/awards/{nomination_id}/decision", signed_in(), body={"approve": True}),
    Call("POST /api/v1/exchange/imports/volunteers", signed_in(), multipart=True),
    Call("GET /api/v1/exchange/exports/{name}", signed_in(), query={"format": "json"}),
    Call("GET /api/v1/exchange/log", signed_in()),
]


PAGE_CALLS = []
