"""The one API object: routers from each domain app, errors mapped to JSON in one place."""

from django.core.exceptions import RequestDataTooBig
from django.db import DataError
from django.http import Http404
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from volunteerhub.core.errors import ApplicationError, NotAuthenticated, NotFound, ValidationFailed
from volunteerhub.core.i18n import localized

DESCRIPTION = """
卫生健康志愿服务平台 API — the VolunteerHub JSON API, consumed by the WeChat mini-program.

* **Authentication**: `POST /api/v1/auth/token` with `{"phone", "password"}` gives `{"token"}`;
  send it as `Authorization: Bearer <token>`. Pages use the session cookie instead.
* **Language**: answers and error messages are in Chinese; send `Accept-Language: en` for English.
* **Errors**: every 4xx answer is JSON `{"code", "message", "fields": {name: [reasons]}}`;
  `code` is stable (`validation_error`, `not_authenticated`, `permission_denied`, `not_found`,
  `conflict`, ...), `fields` names each wrong field with its reasons.
* **Coordinates**: stored in WGS-84; endpoints that take or give coordinates say which system
  they use, and map endpoints accept `coord=wgs84|gcj02|bd09` (the WeChat `<map>` uses GCJ-02).
* **Personal data**: resident ID numbers never leave the server in clear text (`id_number_masked`).

### For the WeChat mini-program
* **Login**: `wx.login()`, then `POST /api/v1/auth/wechat {"code"}` gives `{"token"}` like `/api/v1/auth/token`.
  A WeChat user not yet bound to an account gets 409 `wechat_not_bound`: call `wx.login()` again (a code
  works once) and post `{"code", "phone", "password"}`, or the code with `Authorization: Bearer <token>`,
  to bind it. Other codes: 400 `wechat_code_invalid` (bad or used code), 409 `wechat_bound_elsewhere`,
  503 `wechat_unavailable` / `wechat_disabled`. `DELETE /api/v1/auth/wechat` unbinds.
* **Messages**: `GET /api/v1/inbox` (paged) lists in-app messages with their WeChat/SMS deliveries;
  `GET|PUT /api/v1/notifications/preferences` sets the channels and quiet hours (local time `HH:MM`);
  `GET /api/v1/notifications/wechat-templates` gives the template ids to pass to
  `wx.requestSubscribeMessage` (kind `*` covers every other kind). A subscribe message opens
  `pages/inbox/index?id=<notification id>`.
* **Paging**: lists take `limit` and `offset` (each endpoint caps `limit`, usually at 100 or 200); paged
  answers carry `count` (the total) beside `items`.
* **Coordinate systems per endpoint**: `coord=wgs84|gcj02|bd09` (default `wgs84`) is taken and answered by
  `/map/nearest`, `/map/pins`, `/map/posts/{id}`, `GET|POST /needs` and `/needs/{id}`, `GET|POST
  /activities`, `GET|PATCH /activities/{id}`, `/me/matches` (a query parameter for reads, a `coord` field
  in bodies), and `POST /checkin` / `/checkout` (the `coord` field); send `coord=gcj02` with what
  `wx.getLocation({type: "gcj02"})` or `wx.chooseLocation` give, and put the answer straight on the
  `<map>`. WGS-84 only: `/volunteers` and `/me` (`home_lat`/`home_lng`); `/map/boundaries` is GeoJSON
  in WGS-84.
* **More error codes**: 401 `bad_credentials`, 429 `rate_limited` / `locked` (wait, then retry),
  409 `already_decided`, 413 `too_large`; each endpoint's own codes are in its description.
"""

class UnicodeJSONRenderer(JSONRenderer):
    """Chinese text as UTF-8, not \\u escapes: smaller answers, readable in a terminal."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    renderer=UnicodeJSONRenderer(),
    title="VolunteerHub 卫生健康志愿服务平台",
    version="1.0.0",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def _json(request, body: dict, status: int):
    return api.create_response(request, body, status=status)


@api.exception_handler(ApplicationError)
def on_application_error(request, exc: ApplicationError):
    response = _json(request, exc.as_json(), exc.status)
    if getattr(exc, "retry_after", None):
        response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(NinjaValidationError)
def on_validation_error(request, exc: NinjaValidationError):
    fields: dict[str, list] = {}
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", []) if part not in ("body", "query", "path", "payload", "form")]
        name = ".".join(loc) or "body"
        fields.setdefault(name, []).append(localized(_zh_reason(error), error.get("msg", "invalid")))
    return on_application_error(request, ValidationFailed(fields))


def _zh_reason(error: dict) -> str:
    kind = error.get("type", "")
    return {
        "missing": "必填",
        "string_type": "须为文本",
        "int_parsing": "须为整数",
        "float_parsing": "须为数字",
        "bool_parsing": "须为是/否",
        "datetime_parsing": "须为日期时间（ISO 8601）",
        "datetime_from_date_parsing": "须为日期时间（ISO 8601）",
        "date_parsing": "须为日期（YYYY-MM-DD）",
        "date_from_datetime_parsing": "须为日期（YYYY-MM-DD）",
        "json_invalid": "不是有效的 JSON",
        "list_type": "须为列表",
        "dict_type": "须为对象",
        "model_attributes_type": "须为对象",
        "string_too_long": "过长",
        "string_too_short": "过短",
        "too_long": "过长",
        "greater_than_equal": "数值过小",
        "less_than_equal": "数值过大",
        "greater_than": "数值过小",
        "less_than": "数值过大",
        "literal_error": "取值不在允许范围内",
        "enum": "取值不在允许范围内",
        "int_from_float": "须为整数",
        "finite_number": "须为有限数字",
    }.get(kind, "格式不正确")


@api.exception_handler(AuthenticationError)
def on_authentication_error(request, exc):
    return on_application_error(request, NotAuthenticated())


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return on_application_error(request, NotFound())


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def on_out_of_range(request, exc):
    """A number no column can hold (an id of 2**63, say) is the caller's mistake, not the server's."""
    return on_application_error(request, ValidationFailed(
        {"body": [gettext_lazy("a number is out of the allowed range")]},
        gettext_lazy("A number is out of the allowed range")))


@api.exception_handler(RequestDataTooBig)
def on_too_big(request, exc):
    error = ApplicationError(gettext_lazy("The request is too large"), code="too_large", status=413)
    return on_application_error(request, error)


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    if exc.status_code == 400:  # e.g. a body that is not JSON
        return on_application_error(request, ValidationFailed({"body": [gettext_lazy("The body is not valid JSON")]}))
    return _json(request, {"code": "http_error", "message": str(exc), "fields": {}}, exc.status_code)


def _register_routers() -> None:
    from volunteerhub.accounts.api import router as accounts
    from volunteerhub.activities.api import router as activities
    from volunteerhub.articles.api import router as articles
    from volunteerhub.audit.api import router as audit
    from volunteerhub.awards.api import router as awards
    from volunteerhub.callouts.api import router as callouts
    from volunteerhub.records.api import router as records
    from volunteerhub.core.api import router as core
    from volunteerhub.exchange.api import router as exchange
    from volunteerhub.hours.api import router as hours
    from volunteerhub.maps.api import router as maps
    from volunteerhub.needs.api import router as needs
    from volunteerhub.notifications.api import router as notifications
    from volunteerhub.organizations.api import router as organizations
    from volunteerhub.regions.api import router as regions
    from volunteerhub.dashboards.api import router as stats
    from volunteerhub.volunteers.api import router as volunteers
    from volunteerhub.workdays.api import router as workdays
    from volunteerhub.training.api import router as training
    from volunteerhub.insurance.api import router as insurance
    from volunteerhub.agreements.api import router as agreements

    # URL patterns are tried in order: the busiest paths (health, the map, activities and sign-ups) first.
    for router in (core, maps, activities, accounts, regions, organizations, volunteers, hours, needs,
                   stats, articles, awards, records, exchange, notifications, audit, workdays, training):
        api.add_router("/", router)
    api.add_router("/", insurance)
    api.add_router("/", agreements)
    api.add_router("/", callouts)


_register_routers()
