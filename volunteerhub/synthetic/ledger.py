"""Sign-ups, the service-hour ledger and its decisions: each entry a checked-out sign-up (or back-filled)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.conf import settings

from volunteerhub.core.progress import progress
from volunteerhub.synthetic.activities import Activities
from volunteerhub.synthetic.bulk import deferred_indexes, insert_columns, next_id, ts_array
from volunteerhub.synthetic.run import Run
from volunteerhub.synthetic.words import KIND_NAMES, KINDS

CHUNK = 500_000  # rows per statement


@dataclass(frozen=True)
class Entries:
    """The ledger entries written, column by column (what the kept figures are made from)."""

    act_index: np.ndarray  # index into the activities
    vol_index: np.ndarray  # index into the volunteers
    checkin: np.ndarray  # UTC epoch seconds
    checkout: np.ndarray
    served: np.ndarray  # minutes
    hours_c: np.ndarray  # rounded hours in cents
    hours_text: np.ndarray
    approved: np.ndarray
    rejected: np.ndarray


@dataclass(frozen=True)
class _Firsts:
    signup: int
    entry: int
    decision: int


def _pairs(rng: np.random.Generator, per: np.ndarray, n_vol: int) -> tuple[np.ndarray, np.ndarray]:
    """(activity, volunteer) of each entry: distinct volunteers within an activity, by an arithmetic walk
    with a step coprime to the number of volunteers."""
    act_index = np.repeat(np.arange(len(per)), per)
    offset = rng.integers(0, n_vol, len(per))
    step = rng.integers(1, n_vol, len(per))
    step = np.array([s if np.gcd(s, n_vol) == 1 else 1 for s in step.tolist()], dtype=np.int64)
    rank = np.arange(len(act_index)) - np.repeat(np.concatenate([[0], np.cumsum(per)[:-1]]), per)
    return act_index, (offset[act_index] + rank * step[act_index]) % n_vol


def _rounded(served: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Hours by the rounding rule, in cents and as text (rounded once per distinct minute count)."""
    from volunteerhub.hours import rules

    minute_values, minute_of = np.unique(served, return_inverse=True)
    rounded = [rules.round_minutes(int(m), settings.HOURS_ROUNDING_RULE) for m in minute_values.tolist()]
    hours_c = np.array([int(h * 100) for h in rounded], dtype=np.int64)[minute_of]
    return hours_c, np.array([f"{h:.2f}" for h in rounded], dtype=object)[minute_of]


def _draw(run: Run, a: Activities, n_vol: int) -> Entries:
    rng = run.rng(7)
    act_index, vol_index = _pairs(rng, a.per, n_vol)
    start, end = a.start[act_index], a.end[act_index]
    checkin = start - rng.integers(0, 20, len(act_index)) * 60
    checkout = end + rng.integers(-30, 30, len(act_index)) * 60
    served = np.maximum(0, (np.minimum(checkout, end) - np.maximum(checkin, start)) // 60)
    hours_c, hours_text = _rounded(served)
    decided = rng.random(len(act_index))  # 1% rejected, 1% still pending
    return Entries(act_index=act_index, vol_index=vol_index, checkin=checkin, checkout=checkout, served=served,
                   hours_c=hours_c, hours_text=hours_text, approved=decided >= 0.02, rejected=decided < 0.01)


def _chunked(model, total: int, desc: str, write) -> int:
    """`write(slice)` over the rows in chunks, the table's secondary indexes built once after."""
    written = 0
    bar = progress(total=total, desc=desc, unit="rows")
    with deferred_indexes(model, rows=total):
        for lo in range(0, total, CHUNK):
            n = write(slice(lo, min(total, lo + CHUNK)))
            written += n
            bar.update(n)
    bar.close()
    return written


def _signups(run: Run, a: Activities, e: Entries, volunteer_ids: np.ndarray, first: int, sl: slice) -> int:
    from volunteerhub.activities.models import SignUp

    start = a.start[e.act_index[sl]]
    created, out = ts_array(start - 3 * 86_400), ts_array(e.checkout[sl])
    return insert_columns(SignUp, {
        "id": first + np.arange(sl.start, sl.stop), "activity_id": a.id[e.act_index[sl]],
        "volunteer_id": volunteer_ids[e.vol_index[sl]], "status": "confirmed", "position": None,
        "created_at": created, "updated_at": out, "confirmed_at": created, "cancelled_at": None,
        "checked_in_at": ts_array(e.checkin[sl]), "checked_out_at": out, "checkin_method": "qr",
        "rating": None, "rating_note": "", "city_code": run.geo.city}, sl.stop - sl.start)


def _served_columns(run: Run, a: Activities, e: Entries, sl: slice) -> dict:
    """When an entry's service was (the local UTC+8 date; times only for checked-out sign-ups)."""
    start, end = a.start[e.act_index[sl]], a.end[e.act_index[sl]]
    with_signups = run.size.signups
    return {"served_on": [s[:10] for s in ts_array(start + 8 * 3600)],
            "started_at": ts_array(np.maximum(e.checkin[sl], start)) if with_signups else None,
            "ended_at": ts_array(np.minimum(e.checkout[sl], end)) if with_signups else None,
            "created_at": ts_array(np.maximum(e.checkout[sl], end))}


def _entries(run: Run, a: Activities, e: Entries, labels: dict, firsts: _Firsts, sl: slice) -> int:
    from volunteerhub.hours.models import LedgerEntry

    acts, with_signups = e.act_index[sl], run.size.signups
    rule = settings.HOURS_ROUNDING_RULE
    return insert_columns(LedgerEntry, {
        "id": firsts.entry + np.arange(sl.start, sl.stop), "volunteer_id": labels["volunteers"][e.vol_index[sl]],
        "activity_id": a.id[acts], "signup_id": firsts.signup + np.arange(sl.start, sl.stop) if with_signups else None,
        "team_id": a.team[acts], "region_id": labels["regions"][acts],
        "kind": "service" if with_signups else "backfill", "corrects_id": None, "minutes": e.served[sl],
        "category": np.where(a.kind[acts] == KINDS.index("training"), "training", "service").astype(object),
        "hours": e.hours_text[sl],
        "rounding_rule": rule if with_signups else "manual", "content": labels["content"][acts],
        "reason": "" if with_signups else "规模数据补录", "author_id": None, "evidence": "{}", "city_code": run.geo.city,
        **_served_columns(run, a, e, sl)},
        sl.stop - sl.start)


def _decisions(run: Run, a: Activities, e: Entries, decided: np.ndarray, firsts: _Firsts, sl: slice) -> int:
    from volunteerhub.hours.models import LedgerDecision

    part = decided[sl]
    return insert_columns(LedgerDecision, {
        "id": firsts.decision + np.arange(sl.start, sl.stop), "entry_id": firsts.entry + part,
        "decision": np.where(e.approved[part], "approved", "rejected").astype(object), "note": "",
        "decided_by_id": None, "city_code": run.geo.city,
        "created_at": ts_array(np.maximum(e.checkout[part], a.end[e.act_index[part]]) + 86_400)},
        len(part))


def _firsts() -> _Firsts:
    from volunteerhub.activities.models import SignUp
    from volunteerhub.hours.models import LedgerDecision, LedgerEntry

    return _Firsts(signup=next_id(SignUp), entry=next_id(LedgerEntry), decision=next_id(LedgerDecision))


def _labels(a: Activities, volunteer_ids: np.ndarray) -> dict:
    """Per-activity values the entries repeat (region, content), and the volunteers' ids."""
    content = [f"{KIND_NAMES[KINDS[k]]}：规模活动{i + 1}" for i, k in enumerate(a.kind.tolist())]
    return {"regions": np.array(a.region, dtype=object), "content": np.array(content, dtype=object),
            "volunteers": volunteer_ids}


def load_ledger(run: Run, a: Activities, volunteer_ids: np.ndarray) -> Entries:
    from volunteerhub.activities.models import SignUp
    from volunteerhub.hours.models import LedgerDecision, LedgerEntry

    e, firsts, total = _draw(run, a, len(volunteer_ids)), _firsts(), int(a.per.sum())
    labels = _labels(a, volunteer_ids)
    run.counts["signups"] = 0
    if run.size.signups:
        run.counts["signups"] = _chunked(SignUp, total, "sign-ups",
                                         lambda sl: _signups(run, a, e, volunteer_ids, firsts.signup, sl))
    run.counts["ledger_entries"] = _chunked(LedgerEntry, total, "ledger",
                                            lambda sl: _entries(run, a, e, labels, firsts, sl))
    decided = np.flatnonzero(e.approved | e.rejected)
    run.counts["decisions"] = _chunked(LedgerDecision, len(decided), "decisions",
                                       lambda sl: _decisions(run, a, e, decided, firsts, sl))
    return e
