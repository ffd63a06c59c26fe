"""Who is acting and from where, for the audit trail, carried through the request."""

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    user_id: int | None = None
    ip: str = ""
    source: str = "system"  # web, api, cli, task, system


current_actor: contextvars.ContextVar[Actor] = contextvars.ContextVar("current_actor", default=Actor())
