"""Model instances built from column values already in hand, as `Model.from_db` would give them.

Hot paths (every bearer-token call, every sign-up) turn a row they already have into model instances.
`from_db` does that through `Model.__init__`, which walks every field of the model and sends the init
signals, even when only three of thirty columns are known. `loaded` puts the known columns straight
into the instance's __dict__ (where `__init__` would set them one by one) and leaves the others
deferred: they load on first use, as after `.only()`. A model with its own `__init__` or `from_db`, or
with init-signal listeners (none so far), is built by `from_db` instead, so that nothing is skipped.
"""

from __future__ import annotations

from functools import cache

from django.db.models import Model, signals
from django.db.models.base import ModelState


@cache
def attnames(model: type[Model]) -> tuple[str, ...]:
    """The model's concrete columns' attribute names, in the order `from_db` takes values."""
    return tuple(f.attname for f in model._meta.concrete_fields)


@cache
def _columns(model: type[Model]) -> frozenset[str]:
    return frozenset(attnames(model))


@cache
def _plain(model: type[Model]) -> bool:
    """Built by Django's own __init__ and from_db: nothing of the model's to run on the way."""
    return model.__init__ is Model.__init__ and model.from_db.__func__ is Model.from_db.__func__


def loaded(model: type[Model], values: dict, *, using: str) -> Model:
    """An instance of `model` as read from database `using` with exactly these columns ({attname: value},
    converted as the ORM would); a key that is not a concrete column's attribute name is an error."""
    unknown = values.keys() - _columns(model)
    if unknown:
        raise ValueError(f"{model.__name__} has no columns {sorted(unknown)}")
    if not _plain(model) or signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model):
        names = [name for name in attnames(model) if name in values]
        return model.from_db(using, names, [values[name] for name in names])
    instance = model.__new__(model)
    state = instance._state = ModelState()
    state.adding, state.db = False, using
    instance.__dict__.update(values)
    return instance
