"""Text no page or export can show safely is refused at the door: control characters in any field.

One check for the whole site: the query string of every request, the JSON body of every API write and the form
fields of every page's POST (never the contents of an uploaded file). Tab, newline and carriage return pass.
"""

import json
import re
from collections import deque

from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.utils.translation import gettext_lazy
from django.utils.text import format_lazy

from volunteerhub.core.errors import ValidationFailed
from volunteerhub.core.middleware import WRITES
from volunteerhub.core.views import error_page

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
REASON = gettext_lazy("contains control characters, which are not allowed")


class ControlCharactersMiddleware:
    """Answers 400 naming every field that holds a control character (C0 but tab, newline, CR; and DEL)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        fields = _bad_fields(request)
        if not fields:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            error = ValidationFailed({name: [REASON] for name in fields})
            return JsonResponse(error.as_json(), status=error.status, json_dumps_params={"ensure_ascii": False})
        names = "、".join(f"“{name}”" for name in fields)
        return error_page(request, 400, format_lazy(gettext_lazy("{names} {REASON}"), names=names, REASON=REASON))


def _bad_fields(request) -> list[str]:
    """The names of the fields holding a control character, in the order they came."""
    found = _in_form(request.GET.lists())
    if request.method in WRITES:
        if not request.path.startswith("/api/"):
            found += _in_form(request.POST.lists())
        elif request.content_type == "application/json":
            found += _in_json(_json_body(request))
    return found


def _in_form(items) -> list[str]:
    return [_printable(name) for name, values in items if _has_control(name, *values)]


def _json_body(request):
    """The decoded body; None when it is too large or not JSON (the API answers those itself)."""
    try:
        return json.loads(request.body)
    except (RequestDataTooBig, ValueError, RecursionError):
        return None


def _in_json(body) -> list[str]:
    """Walks the decoded JSON (without recursion: nesting may be deep); a field's name is its path, `a.0.b`."""
    found, pending = [], deque([("", body)])
    while pending:
        path, value = pending.popleft()
        if isinstance(value, str) and _has_control(value):
            found.append(path or "body")
        elif isinstance(value, (dict, list)):
            pairs = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in pairs:
                name = f"{path}.{_printable(str(key))}" if path else _printable(str(key))
                if _has_control(str(key)):
                    found.append(name)
                else:
                    pending.append((name, item))
    return found


def _has_control(*texts: str) -> bool:
    return any(CONTROL.search(text) for text in texts)


def _printable(name: str) -> str:
    return CONTROL.sub("?", name)
