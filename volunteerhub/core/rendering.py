"""Answers on hot API paths, validated and written to JSON by pydantic-core in one step.

ninja validates an endpoint's answer against its response model, dumps it to Python objects and
encodes those with the standard `json` module; for a long list of small items that is most of an
answer's cost. `model_json` gives the same fields and values (checked against the same model, which
the OpenAPI document still names) straight from pydantic-core, as compact UTF-8 JSON. `shaped_json`
writes an answer already built in its model's shape without checking it again.
"""

from __future__ import annotations

from django.http import HttpResponse
from pydantic import BaseModel
from pydantic_core import SchemaSerializer, core_schema

CONTENT_TYPE = "application/json; charset=utf-8"
# Any value, written as model_json writes it: a NaN or an infinity as null, never as invalid JSON.
_AS_IT_IS = SchemaSerializer(core_schema.any_schema(), core_schema.CoreConfig(ser_json_inf_nan="null"))


def model_json(model: type[BaseModel], data, *, status: int = 200) -> HttpResponse:
    """`data` validated as `model`, as a JSON answer (a mistake in it raises, as ninja's check would)."""
    body = model.__pydantic_serializer__.to_json(model.model_validate(data))
    return HttpResponse(body, status=status, content_type=CONTENT_TYPE)


def shaped_json(data, *, status: int = 200) -> HttpResponse:
    """`data` written as it is, for an answer its view builds field by field in its response model's shape
    and order (the model still documents it): on the busiest answer, the nearest posts, validating it
    again cost a tenth of the request. Each such answer has tests holding it byte for byte to what
    `model_json` would write."""
    return HttpResponse(_AS_IT_IS.to_json(data), status=status, content_type=CONTENT_TYPE)
