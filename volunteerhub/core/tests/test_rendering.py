"""An answer written as it is reads exactly as the validated one would."""

import json

from pydantic import BaseModel

from volunteerhub.core.rendering import model_json, shaped_json


class Place(BaseModel):
    name: str
    distance_m: float | None
    extra: dict


def test_an_answer_in_its_models_shape_is_written_as_the_validated_one_would_be():
    data = {"name": "滨城区卫生院", "distance_m": 12.5, "extra": {"services": ["测血压"], "open": True}}

    assert shaped_json(data).content == model_json(Place, data).content
    assert json.loads(shaped_json(data).content)["name"] == "滨城区卫生院"
    assert shaped_json(data)["Content-Type"] == "application/json; charset=utf-8"


def test_a_number_json_cannot_hold_is_written_as_null_never_as_invalid_json():
    data = {"name": "x", "distance_m": float("nan"), "extra": {"far": float("inf")}}

    written = b'{"name":"x","distance_m":null,"extra":{"far":null}}'
    assert shaped_json(data).content == model_json(Place, data).content == written
