"""Answers on hot API paths, validated and written to JSON by pydantic-core in one step.

ninja validates an endpoint's answer against its response model, dumps it to Python objects and
encodes those with the standard `json` module; for a long list of small items that is most of an
answer's cost. `model_json` gives the same fields and values (checked against the same model, which
the OpenAPI document still names) straight from pydantic-core, as compact UTF-8 JSON.
"""

from __future__ import annotations

from django.http import HttpResponse
from pydantic import BaseModel

CONTENT_TYPE = "application/json; charset=utf-8"


def model_json(model: type[BaseModel], data, *, status: int = 200) -> HttpResponse:
    """`data` validated as `model`, as a JSON answer (a mistake in it raises, as ninja's check would)."""
    body = model.__pydantic_serializer__.to_json(model.model_validate(data))
    return HttpResponse(body, status=status, content_type=CONTENT_TYPE)
