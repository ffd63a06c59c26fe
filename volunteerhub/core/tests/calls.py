"""One real request per API operation and per page, written against the matrix world's ids."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from volunteerhub.conftest import PASSWORD
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
    hidden_from: tuple = ()  # personas that get an answer but must see none of the world's rows in it
    unchanged_for: tuple = ()  # personas whose successful call must still change nothing (out of reach)
    gaps: dict = field(default_factory=dict)  # persona -> known defect (the case is an expected failure)
    logs_attempts: bool = False  # a refused or failed attempt is still written to the audit and exchange logs

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
OUT_OF_REACH = ("other_organiser", "other_county_admin")
OUTSIDERS = ("resident", "volunteer", *OUT_OF_REACH)
NOT_THE_VOLUNTEER = tuple(p for p in PERSONAS if p not in ("anonymous", "volunteer"))


def _in(days: float = 0, hours: float = 0) -> str:
    return (timezone.now() + dt.timedelta(days=days, hours=hours)).replace(microsecond=0).isoformat()


def _registration(world, persona):
    from volunteerhub.conftest import next_id_number, next_phone, self_registration

    phone = next_phone()  # those who register themself add the consents and a texted code; organisers need neither
    extras = self_registration(phone) if persona in ("anonymous", "resident", "volunteer") else {}
    return {"name": "赵新人", "id_number": next_id_number("371602"), "phone": phone, "password": "Good-Pass-2026",
            "region_code": "371602001001", "qualifications": ["nurse"], **extras}


def _code_request(world, persona):
    from volunteerhub.conftest import next_phone

    return {"phone": next_phone(), "purpose": "register"}


def _activity_body(world, persona):
    return {"title": "周末义诊", "kind": "convenience", "setting": "community", "region_code": "371602001",
            "place": "市中街道社区卫生服务中心", "lat": PLACE[0], "lng": PLACE[1], "starts_at": _in(days=7),
            "ends_at": _in(days=7, hours=3), "capacity": 8, "team_id": world.ids["team_id"]}


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
    return {"pairs": [{"need_id": world.ids["need_open"], "volunteer_id": world.ids["volunteer_id"]}]}


API_CALLS = [
    # --- open to everyone ---------------------------------------------------------------------------
    Call("GET /api/v1/health", everyone()),
    Call("POST /api/v1/auth/token", everyone(), body=_login_body),
    Call("GET /api/v1/regions/{code}", everyone()),
    Call("GET /api/v1/regions", everyone(), query={"parent": "371602"}),
    Call("GET /api/v1/qualifications", everyone()),
    Call("GET /api/v1/qualifications/to-verify", signed_in()),
    Call("POST /api/v1/volunteers/{volunteer_id}/claim-code", only(*MANAGERS, ok=201, refused=404),
         path="/api/v1/volunteers/{villager_id}/claim-code"),
    Call("POST /api/v1/account-claims", everyone(400), logs_attempts=True, body=lambda w, p: {
        "id_number": w.ids["villager_id_number"], "code": "00000000", "phone": "13912345678",
        "password": "Good-Pass-2026"}),
    Call("POST /api/v1/volunteers/{volunteer_id}/qualifications/{code}/verify", only(*MANAGERS, refused=404),
         path="/api/v1/volunteers/{volunteer_id}/qualifications/nurse/verify"),
    Call("POST /api/v1/volunteers/{volunteer_id}/qualifications/{code}/reject", only(*MANAGERS, ok=204, refused=404),
         path="/api/v1/volunteers/{volunteer_id}/qualifications/nurse/reject", body={"reason": "证书已过期"}),
    Call("GET /api/v1/me/credentials", only("volunteer", refused=404)),
    Call("POST /api/v1/me/credentials", only("volunteer", ok=201, refused=404), multipart=True,
         body={"code": "first_aider", "number": "JY-2026-01", "valid_until": "2030-01-01"}),
    Call("GET /api/v1/credentials/{credential_id}/scan", only("volunteer", *MANAGERS, refused=404)),
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
    Call("GET /api/v1/posts", signed_in(), hidden_from=("resident", "volunteer", *OUT_OF_REACH)),
    Call("POST /api/v1/posts", only(*MANAGERS, ok=201), body=lambda w, p: {
        "name": "黄河五路卫生室志愿服务点", "kind": "clinic", "region_code": "371602001", "lat": 37.381, "lng": 117.991,
        "opening_hours": "周一至周五 08:00-17:00"}),
    Call("GET /api/v1/posts/{post_id}", only(*MANAGERS, refused=404)),
    Call("PATCH /api/v1/posts/{post_id}", only(*MANAGERS, refused=404), body={"lat": 37.3808, "lng": 117.9903}),
    Call("GET /api/v1/teams", signed_in(), hidden_from=("resident", "volunteer")),
    Call("POST /api/v1/teams", only(*ADMINS_IN_REACH, ok=201), body=lambda w, p: {
        "name": f"市中街道新志愿服务队（{p}）", "region_code": "371602001"}),
    Call("GET /api/v1/teams/{team_id}", only(*MANAGERS, refused=404)),
    Call("PATCH /api/v1/teams/{team_id}", only(*MANAGERS, refused=404), body={"description": "常年开展义诊"}),
    Call("GET /api/v1/stats", only(*ADMINS_IN_REACH, anonymous=403), query={"region": "371602"}),
    Call("GET /api/v1/stats/trend", only(*ADMINS_IN_REACH, anonymous=403), query={"region": "371602"}),
    Call("GET /api/v1/articles", everyone()),
    Call("GET /api/v1/articles/{article_id}", everyone()),
    Call("GET /api/v1/awards", everyone()),
    Call("GET /api/v1/awards/{nomination_id}", everyone()),
    Call("GET /api/v1/notifications/wechat-templates", everyone()),
    Call("POST /api/v1/volunteers", everyone(201, other_organiser=403, other_county_admin=403), body=_registration),
    Call("POST /api/v1/auth/wechat", everyone(503), body={"code": "071abc"}),
    # --- one's own records ----------------------------------------------------------------------------
    Call("GET /api/v1/me", signed_in()),
    Call("PATCH /api/v1/me", only("volunteer", refused=404), body={"skills": ["量血压"]}),
    Call("GET /api/v1/me/signups", only("volunteer")),
    Call("GET /api/v1/me/hours", only("volunteer")),
    Call("POST /api/v1/me/hours/corrections", only("volunteer", ok=201),
         body=lambda w, p: {"message": "三月份的义诊少记了半小时", "entry_id": w.ids["approved_id"]}),
    Call("GET /api/v1/me/hours/certificate", only("volunteer")),
    Call("GET /api/v1/me/matches", only("volunteer")),
    Call("GET /api/v1/inbox", signed_in()),
    Call("POST /api/v1/inbox/{notification_id}/read", signed_in(), unchanged_for=NOT_THE_VOLUNTEER),
    Call("POST /api/v1/inbox/read-all", signed_in()),
    Call("GET /api/v1/notifications/preferences", signed_in()),
    Call("PUT /api/v1/notifications/preferences", signed_in(),
         body={"wechat": False, "sms": True, "quiet_start": "22:00", "quiet_end": "07:00"}),
    Call("DELETE /api/v1/auth/wechat", signed_in()),
    Call("DELETE /api/v1/auth/token", signed_in(204)),
    Call("DELETE /api/v1/auth/tokens", signed_in(204)),
    Call("POST /api/v1/me/password", signed_in(204), body={"old_password": PASSWORD, "new_password": "New-Pass-2027"}),
    # --- a volunteer's own actions ---------------------------------------------------------------------
    Call("POST /api/v1/activities/{activity_id}/signup", only("volunteer"), path="/api/v1/activities/{upcoming_id}/signup"),
    Call("DELETE /api/v1/activities/{activity_id}/signup", only("volunteer")),
    Call("POST /api/v1/checkin", only("volunteer"), body=_token("activity_id")),
    Call("POST /api/v1/checkout", only("volunteer"), body=_token("serving_id")),
    Call("PATCH /api/v1/needs/{need_id}", only("resident", *MANAGERS), path="/api/v1/needs/{need_open}",
         body={"description": "老人需要上门测血压和血糖"}),
    Call("POST /api/v1/needs/{need_id}/accept", only("volunteer"), path="/api/v1/needs/{need_open}/accept"),
    # --- managing a team's activities ------------------------------------------------------------------
    Call("POST /api/v1/activities", only(*MANAGERS, ok=201), body=_activity_body),
    Call("PATCH /api/v1/activities/{activity_id}", only(*MANAGERS), body={"title": "社区义诊（改期）"}),
    Call("POST /api/v1/activities/{activity_id}/publish", only(*MANAGERS, refused=404), path="/api/v1/activities/{draft_id}/publish"),
    Call("POST /api/v1/activities/{activity_id}/cancel", only(*MANAGERS), path="/api/v1/activities/{upcoming_id}/cancel",
         body={"reason": "天气原因"}),
    Call("POST /api/v1/activities/{activity_id}/finish", only(*MANAGERS), path="/api/v1/activities/{ended_id}/finish",
         body={"people_served": 40}),
    Call("POST /api/v1/activities/{activity_id}/ratings", only(*MANAGERS, ok=409),  # not finished yet: not_finished
         path="/api/v1/activities/{ended_id}/ratings", body={"ratings": [{"signup_id": 1, "rating": 5}]}),
    Call("GET /api/v1/activities/{activity_id}/checkin-token", only(*MANAGERS)),
    Call("POST /api/v1/activities/{activity_id}/roster/{signup_id}/checkin", only(*MANAGERS), body={"reason": "忘带手机"}),
    Call("POST /api/v1/activities/{activity_id}/roster/{signup_id}/checkout", only(*MANAGERS),
         path="/api/v1/activities/{serving_id}/roster/{serving_signup_id}/checkout", body={"reason": "忘带手机"}),
    Call("POST /api/v1/activities/{activity_id}/roster", only(*MANAGERS, ok=201),
         body=lambda w, p: {"volunteer_id": w.ids["villager_id"]}),
    Call("GET /api/v1/activities/{activity_id}/roster", only(*MANAGERS)),
    Call("GET /api/v1/activities/{activity_id}/roster/export", only(*MANAGERS)),
    Call("POST /api/v1/activities/{activity_id}/roster/message", only(*MANAGERS),
         body={"title": "集合地点", "body": "请在卫生院门口集合"}),
    Call("POST /api/v1/projects", only(*MANAGERS, ok=201), body=lambda w, p: {"code": "BZ-2026-09", "name": "慢病随访", "region_code": "371602001", "team_id": w.ids["team_id"]}),
    # --- hours --------------------------------------------------------------------------------------------
    Call("GET /api/v1/hours/pending", signed_in(), hidden_from=OUTSIDERS),
    # The organiser back-filled this entry: someone else decides on it.
    Call("POST /api/v1/hours/entries/{entry_id}/approve", only(*ADMINS_IN_REACH, refused=404, organiser=403),
         body={"note": "属实"}),
    Call("POST /api/v1/hours/entries/{entry_id}/reject", only(*ADMINS_IN_REACH, refused=404, organiser=403),
         body={"note": "不属实"}),
    Call("POST /api/v1/hours/backfill", only(*MANAGERS, ok=201, refused=404, volunteer=403),
         body=lambda w, p: {"volunteer_id": w.ids["volunteer_id"], "hours": "1", "served_on": str(dt.date.today()),
                            "reason": "纸质签到表补录"}),
    Call("POST /api/v1/hours/corrections", only(*MANAGERS, ok=201, refused=404),
         body=lambda w, p: {"entry_id": w.ids["approved_id"], "hours_delta": "0.5", "reason": "漏记半小时"}),
    Call("GET /api/v1/hours/correction-requests", signed_in(), hidden_from=OUTSIDERS),
    Call("POST /api/v1/hours/correction-requests/{request_id}/resolve", only(*MANAGERS, refused=404),
         body={"accept": False, "note": "核实无误"}),
    # --- needs --------------------------------------------------------------------------------------------
    Call("POST /api/v1/needs", signed_in(201), body=_need_body),
    Call("POST /api/v1/needs/{need_id}/start", only("volunteer", *MANAGERS), path="/api/v1/needs/{need_matched}/start"),
    Call("POST /api/v1/needs/{need_id}/complete", only("volunteer", *MANAGERS), path="/api/v1/needs/{need_in_progress}/complete"),
    Call("POST /api/v1/needs/{need_id}/rate", only("resident"), path="/api/v1/needs/{need_done}/rate", body={"rating": 5}),
    Call("POST /api/v1/needs/{need_id}/cancel", only("resident", *MANAGERS), path="/api/v1/needs/{need_open}/cancel",
         body={"reason": "已自行解决"}),
    Call("POST /api/v1/needs/{need_id}/release", only("volunteer"), path="/api/v1/needs/{need_matched}/release",
         body={"reason": "临时有事"}),
    Call("POST /api/v1/needs/{need_id}/assign", only(*MANAGERS), path="/api/v1/needs/{need_open}/assign",
         body=lambda w, p: {"volunteer_id": w.ids["volunteer_id"]}),
    Call("GET /api/v1/needs/{need_id}/matches", only(*MANAGERS), path="/api/v1/needs/{need_open}/matches"),
    Call("POST /api/v1/needs/batch-assignment/preview", only(*MANAGERS, *OUT_OF_REACH), hidden_from=OUT_OF_REACH, body={"region_code": "371602"}),
    Call("POST /api/v1/needs/batch-assignment/commit", only(*MANAGERS, *OUT_OF_REACH), unchanged_for=OUT_OF_REACH, body=_commit_body),
    Call("GET /api/v1/vulnerabilities", signed_in()),
    Call("POST /api/v1/needs/{need_id}/evidence", only("volunteer", ok=201), path="/api/v1/needs/{need_matched}/evidence",
         body={"note": "已上门"}, multipart=True),
    Call("GET /api/v1/needs/{need_id}/confirmation-code", only("volunteer"), path="/api/v1/needs/{need_matched}/confirmation-code"),
    Call("POST /api/v1/needs/{need_id}/confirmation-code/send", only("volunteer"),
         path="/api/v1/needs/{need_matched}/confirmation-code/send"),
    Call("POST /api/v1/needs/{need_id}/confirm", only(*MANAGERS, resident=400, volunteer=400),
         path="/api/v1/needs/{need_in_progress}/confirm", body={"code": "12345x"}),
    Call("POST /api/v1/needs/{need_id}/calls", only(*MANAGERS, ok=201), path="/api/v1/needs/{need_open}/calls",
         body={"callee": "居民本人", "purpose": "follow_up", "outcome": "reached"}),
    Call("POST /api/v1/needs/rounds", only(*MANAGERS, ok=201), body=lambda w, p: {
        "day": timezone.localdate().isoformat(), "volunteer_id": w.ids["volunteer_id"], "need_ids": [w.ids["visit_open"]]}),
    Call("GET /api/v1/needs/rounds/{round_id}", only("volunteer", *MANAGERS, refused=404)),
    Call("GET /api/v1/me/rounds", signed_in(), hidden_from=("resident", *MANAGERS, *OUT_OF_REACH)),
    Call("POST /api/v1/needs/rounds/{round_id}/stops/{stop_id}", only("volunteer", *MANAGERS, refused=404),
         body={"done": False, "note": "家中无人"}),
    Call("POST /api/v1/needs/expire", only("county_admin", "other_county_admin", "city_admin")),
    # --- people, figures, awards, exchange --------------------------------------------------------------------
    Call("GET /api/v1/volunteers", signed_in(), hidden_from=("resident", *OUT_OF_REACH)),
    Call("GET /api/v1/volunteers/{volunteer_id}", only("volunteer", *MANAGERS, refused=404)),
    Call("GET /api/v1/stats/plan", only(*ADMINS_IN_REACH), query={"region": "371602"}),
    Call("PUT /api/v1/stats/plan/targets", only("city_admin"),
         body=lambda w, p: {"year": w.ids["year"], "region": "371602", "metric": "activities",
                            "activity_kind": "convenience", "target": 120}),
    Call("POST /api/v1/awards", only(*MANAGERS, ok=201),
         body=lambda w, p: {"kind": "volunteer", "title": "服务之星", "reason": "坚持每周上门随访独居老人。",
                            "volunteer_id": w.ids["volunteer_id"]}),
    Call("POST /api/v1/awards/{nomination_id}/objections", signed_in(201), body={"reason": "推荐材料中的服务时长与实际不符。"}),
    Call("POST /api/v1/awards/{nomination_id}/decision", only(*ADMINS_IN_REACH, ok=409), body={"approve": True}),
    Call("POST /api/v1/exchange/imports/volunteers", only(*MANAGERS, *OUT_OF_REACH, ok=400),
         logs_attempts=True, multipart=True),
    Call("GET /api/v1/exchange/exports/{name}", only(*MANAGERS, *OUT_OF_REACH), hidden_from=OUT_OF_REACH, path="/api/v1/exchange/exports/national_volunteers",
         query={"format": "json"}),
    Call("GET /api/v1/exchange/log", only(*MANAGERS, *OUT_OF_REACH)),
    # --- training before service --------------------------------------------------------------------------
    Call("GET /api/v1/training/courses", signed_in()),
    Call("GET /api/v1/training/courses/{course_id}", signed_in()),
    Call("POST /api/v1/training/courses", only(*MANAGERS, *OUT_OF_REACH, ok=201),
         body={"title": "防暑降温", "body": "高温天气注意事项", "hours": "1", "pass_mark": 60,
               "questions": [{"text": "中暑首先应？", "choices": ["转移到阴凉处", "继续工作"], "answer": 0}]}),
    Call("POST /api/v1/training/courses/{course_id}/attempts", only("volunteer", ok=201), body={"answers": {"0": 0}}),
    Call("POST /api/v1/training/courses/{course_id}/requirements", only(*MANAGERS, ok=201),
         body=lambda w, p: {"activity_id": w.ids["upcoming_id"]}),
    # --- the working-day calendar -----------------------------------------------------------------------
    Call("GET /api/v1/workdays/{year}", everyone(), path="/api/v1/workdays/2026"),
    Call("PUT /api/v1/workdays/days/{day}", only("city_admin"), path="/api/v1/workdays/days/2040-10-01",
         body={"working": False, "name": "国庆节"}),
    Call("DELETE /api/v1/workdays/days/{day}", only("city_admin", ok=204), path="/api/v1/workdays/days/2040-10-01"),
    # --- the insurance register ---------------------------------------------------------------------------
    Call("GET /api/v1/insurance/policies", signed_in(), hidden_from=("resident", "volunteer", *OUT_OF_REACH)),
    Call("POST /api/v1/insurance/policies", only(*MANAGERS, ok=201, other_organiser=400, other_county_admin=400),
         body=lambda w, p: {"insurer": "人保财险", "number": f"PICC-{p}", "cover": "意外伤害30万元", "covers": "team",
                            "team_id": w.ids["team_id"], "starts_on": _in()[:10], "ends_on": _in(days=300)[:10]}),
    Call("GET /api/v1/insurance/policies/{policy_id}", only(*MANAGERS, refused=404)),
    Call("POST /api/v1/insurance/policies/{policy_id}/claims", only(*MANAGERS, ok=201, refused=404),
         body=lambda w, p: {"volunteer_id": w.ids["volunteer_id"], "occurred_on": _in()[:10], "description": "义诊途中扭伤"}),
    Call("PUT /api/v1/insurance/activities/{activity_id}/risk", only(*MANAGERS, refused=404),
         path="/api/v1/insurance/activities/{draft_id}/risk", body={"risky": True}),
    # --- agreements and guardians' consent -----------------------------------------------------------------
    Call("GET /api/v1/agreements", everyone()),
    Call("POST /api/v1/agreements", only("city_admin", ok=201),  # city-wide: the city's administrators
         body={"kind": "counselling", "title": "心理疏导保密协议", "body": "对服务对象的信息保密。"}),
    Call("POST /api/v1/agreements/{agreement_id}/sign", only("volunteer", ok=201)),
    Call("POST /api/v1/volunteers/{volunteer_id}/guardian-consent", only(*MANAGERS, ok=400, refused=404),  # an adult
         body={"guardian_name": "王建国", "relation": "father", "guardian_phone": "13905431234"}),
    # --- emergency call-out -------------------------------------------------------------------------------
    Call("GET /api/v1/callouts", only(*MANAGERS, *OUT_OF_REACH), hidden_from=OUT_OF_REACH),
    Call("POST /api/v1/callouts", only(*MANAGERS, ok=201), body=lambda w, p: {
        "title": "化工厂火灾伤员转运", "message": "需要护士协助转运。", "place": "滨州医学院附属医院", "region_code": "371602001",
        "needed": 5, "starts_at": _in(days=1), "ends_at": _in(days=1, hours=4)}),
    Call("GET /api/v1/callouts/{callout_id}", only(*MANAGERS, other_organiser=404, other_county_admin=404),
         path="/api/v1/callouts/{callout_sent}"),
    Call("PATCH /api/v1/callouts/{callout_id}", only(*MANAGERS, other_organiser=404, other_county_admin=404),
         path="/api/v1/callouts/{callout_draft}", body={"needed": 3}),
    Call("POST /api/v1/callouts/{callout_id}/send", only(*MANAGERS, other_organiser=404, other_county_admin=404),
         path="/api/v1/callouts/{callout_draft}/send"),
    Call("POST /api/v1/callouts/{callout_id}/close", only(*MANAGERS, other_organiser=404, other_county_admin=404),
         path="/api/v1/callouts/{callout_sent}/close"),
    Call("GET /api/v1/me/callouts", signed_in(), hidden_from=tuple(p for p in NOT_THE_VOLUNTEER)),
    Call("POST /api/v1/callouts/{callout_id}/answer", only("volunteer"), path="/api/v1/callouts/{callout_sent}/answer",
         body={"answer": "yes"}),
    Call("POST /api/v1/sms/inbound", everyone(403), body={"from": "13800000000", "text": "1"}),
    # --- registration: codes, the agreement and privacy policy, a forgotten password, joining a team ---------
    Call("POST /api/v1/auth/sms-code", everyone(202), body=_code_request),
    Call("POST /api/v1/auth/password/reset", everyone(400), body=lambda w, p: {
        "phone": w.users["volunteer"].phone, "sms_code": "000000", "new_password": "New-Pass-2027"}),
    Call("GET /api/v1/policies", everyone()),
    Call("POST /api/v1/me/consent", signed_in(201), body={"accept_policies": True, "consent_id_number": True,
                                                           "consent_location": True}),
    Call("GET /api/v1/teams/joinable", only("volunteer")),
    Call("POST /api/v1/teams/{team_id}/join-requests", only("volunteer", ok=201),
         path="/api/v1/teams/{other_team_id}/join-requests", body={"message": "我住在附近"}),
    Call("GET /api/v1/me/join-requests", only("volunteer")),
    Call("GET /api/v1/team-join-requests", signed_in(), hidden_from=tuple(p for p in PERSONAS if p != "organiser")),
    Call("POST /api/v1/team-join-requests/{request_id}/decide", only("organiser", refused=404),
         path="/api/v1/team-join-requests/{join_request_id}/decide", body={"accept": False, "reason": "队伍已满员"}),
]


def page(pattern: str, expect: dict, path: str = "", method: str = "GET", data=None, **kw) -> Call:
    """A page, named by its URL pattern; `path` fills it from World.ids."""
    return Call(f"{method} {pattern}", expect, path=path or "/" + pattern, body=data, **kw)


PAGE_CALLS = [
    page("", everyone()),
    page("accounts/login/", everyone()),
    page("accounts/logout/", everyone(302), method="POST"),
    page("accounts/password/", signed_in(anonymous=302)),
    page("accounts/sign-out-everywhere/", signed_in(302, anonymous=302), method="POST"),
    page("i18n/setlang/", everyone(302), method="POST", data={"language": "en", "next": "/"}),
    page("register/", everyone()),
    page("volunteers/qualifications/", only(*MANAGERS, *OUT_OF_REACH, anonymous=302)),
    page("register/claim/", everyone()),
    page("accounts/password/forgot/", everyone()),
    page("accounts/consent/", signed_in(anonymous=302)),
    page("policies/<slug:kind>/", everyone(), path="/policies/privacy/"),
    page("teams/", only("volunteer", anonymous=302)),
    page("teams/requests/", only("organiser", "other_organiser", anonymous=302)),
    page("volunteers/on-behalf/", only(*MANAGERS, *OUT_OF_REACH, anonymous=302)),
    page("volunteers/credentials/", only("volunteer", anonymous=302)),
    page("volunteers/credentials/", only("volunteer", ok=302, anonymous=302), method="POST",
         data={"code": "first_aider", "number": "JY-2026-01", "valid_until": "2030-01-01"}),
    page("volunteers/credentials/<int:credential_id>/scan/", only("volunteer", *MANAGERS, refused=404, anonymous=302),
         path="/volunteers/credentials/{credential_id}/scan/"),
    page("me/", signed_in(anonymous=302)),
    page("activities/", everyone()),
    page("activities/<id:activity_id>/", everyone(), path="/activities/{activity_id}/"),
    page("activities/<id:activity_id>/signup/", everyone(302), path="/activities/{upcoming_id}/signup/", method="POST",
         unchanged_for=NOT_THE_VOLUNTEER),
    page("activities/<id:activity_id>/manage/", only(*MANAGERS, anonymous=302), path="/activities/{activity_id}/manage/"),
    page("activities/<id:activity_id>/qr/", only(*MANAGERS, anonymous=302), path="/activities/{activity_id}/qr/"),
    page("activities/<id:activity_id>/manage/on-behalf/", only(*MANAGERS, anonymous=302),
         path="/activities/{activity_id}/manage/on-behalf/"),
    page("checkin/", signed_in(anonymous=302)),
    page("me/activities/", signed_in(anonymous=302)),
    page("me/hours/", signed_in(anonymous=302)),
    page("me/hours/certificate.pdf", only("volunteer", refused=302, anonymous=302)),
    page("hours/approvals/", signed_in(anonymous=302)),
    page("certificates/verify/<str:code>/", everyone(), path="/certificates/verify/{certificate}/"),
    page("needs/", signed_in(anonymous=302)),
    page("needs/new/", signed_in(anonymous=302)),
    page("needs/batch/", only(*MANAGERS, *OUT_OF_REACH, refused=404, anonymous=302)),
    page("needs/<id:need_id>/", everyone(), path="/needs/{need_open}/"),
    page("needs/<id:need_id>/evidence/<id:evidence_id>/", only("resident", "volunteer", *MANAGERS, refused=404,
                                                              anonymous=302),
         path="/needs/{need_in_progress}/evidence/{evidence_id}/"),
    page("needs/rate/<str:token>/", everyone(404), path="/needs/rate/not-a-link/"),
    page("needs/rounds/<id:round_id>/", only("volunteer", *MANAGERS, refused=404, anonymous=302),
         path="/needs/rounds/{round_id}/"),
    page("needs/<id:need_id>/matches/", only(*MANAGERS, refused=404, anonymous=302), path="/needs/{need_open}/matches/"),
    page("needs/<id:need_id>/<str:action>/", everyone(302), path="/needs/{need_open}/cancel/", method="POST",
         data={"reason": "已自行解决"}, unchanged_for=("volunteer", *OUT_OF_REACH)),
    page("me/matches/", signed_in(anonymous=302)),
    page("map", everyone()),
    page("map/", everyone()),
    page("map/posts/<id:post_id>/", everyone(), path="/map/posts/{post_id}/"),
    page("dashboard", only(*MANAGERS, *OUT_OF_REACH, anonymous=302)),
    page("dashboard/", only(*MANAGERS, *OUT_OF_REACH, anonymous=302)),
    page("dashboard/plan", only(*MANAGERS, *OUT_OF_REACH, anonymous=302)),
    page("dashboard/xlsx/<slug:chart>", only(*MANAGERS, *OUT_OF_REACH, anonymous=302), path="/dashboard/xlsx/kinds"),
    page("stats/", everyone()),
    page("stats/xlsx/<slug:chart>", everyone(), path="/stats/xlsx/kinds"),
    page("stats/boundaries.geojson", everyone()),
    page("articles/", everyone()),
    page("articles/feed/", everyone()),
    page("articles/tag/<str:slug>/", everyone(), path="/articles/tag/{tag}/"),
    page("articles/category/<slug:slug>/", everyone(), path="/articles/category/{category}/"),
    page("articles/<id:pk>/", everyone(), path="/articles/{article_id}/"),
    page("awards/", everyone()),
    page("awards/<id:pk>/", everyone(), path="/awards/{nomination_id}/"),
    page("awards/<id:pk>/object", everyone(302), path="/awards/{nomination_id}/object", method="POST",
         data={"reason": "推荐材料中的服务时长与实际不符。"}, unchanged_for=("anonymous",)),
    page("awards/<id:pk>/decide", everyone(302), path="/awards/{nomination_id}/decide", method="POST",
         data={"approve": "1"}, unchanged_for=PERSONAS),
    page("exchange/", only(*MANAGERS, *OUT_OF_REACH, anonymous=302)),
    page("exchange/export/<slug:name>.<str:fmt>", only(*MANAGERS, *OUT_OF_REACH, anonymous=302), path="/exchange/export/national_volunteers.csv"),
    page("inbox/", signed_in(anonymous=302)),
    page("inbox/settings/", signed_in(anonymous=302)),
    page("hours/corrections/", signed_in(anonymous=302)),
    page("awards/nominate/", only(*MANAGERS, *OUT_OF_REACH, anonymous=302)),
    page("favicon.ico", everyone(301)),
    page("audit/", only(*ADMINS_IN_REACH, "other_county_admin", anonymous=302)),
    page("insurance/", only(*MANAGERS, *OUT_OF_REACH, anonymous=302)),
    page("insurance/<id:pk>/", only(*MANAGERS, anonymous=302, other_organiser=404, other_county_admin=404),
         path="/insurance/{policy_id}/"),
    page("insurance/activities/<id:pk>/", only(*MANAGERS, refused=404, anonymous=302), path="/insurance/activities/{draft_id}/"),
    page("insurance/activities/<id:pk>/", only(*MANAGERS, ok=302, refused=404, anonymous=302), method="POST",
         path="/insurance/activities/{draft_id}/", data={"risky": "1"}, unchanged_for=("anonymous",)),
    page("agreements/", signed_in(anonymous=302)),
    page("agreements/consents/", only(*MANAGERS, *OUT_OF_REACH, anonymous=302)),
    page("workdays/", everyone()),
    page("training/", signed_in(anonymous=302)),
    page("training/new/", only(*MANAGERS, *OUT_OF_REACH, anonymous=302)),
    page("training/<id:pk>/", signed_in(anonymous=302), path="/training/{course_id}/"),
    page("training/<id:pk>/require/", everyone(302), path="/training/{course_id}/require/", method="POST",
         data={"activity_kind": "counselling"}, unchanged_for=("resident", "volunteer", *OUT_OF_REACH)),
    page("workdays/", only("city_admin", ok=302, anonymous=403), method="POST",
         data={"day": "2040-10-01", "working": "0", "name": "国庆节", "action": "set"}),
    page("callouts/", only(*MANAGERS, *OUT_OF_REACH, anonymous=302)),
    page("callouts/<id:callout_id>/", only(*MANAGERS, other_organiser=404, other_county_admin=404, anonymous=302),
         path="/callouts/{callout_sent}/"),
    page("callouts/<id:callout_id>/answer/", only("volunteer", refused=404, anonymous=302),
         path="/callouts/{callout_sent}/answer/"),
    page("callouts/<id:callout_id>/<str:action>/", only(*MANAGERS, ok=302, other_organiser=404,
                                                        other_county_admin=404, anonymous=302),
         path="/callouts/{callout_sent}/close/", method="POST"),
]
