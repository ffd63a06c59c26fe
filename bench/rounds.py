"""A day's round of home visits (`needs.routes`, no database): 30 village homes ordered from the clinic by the
nearest-neighbour tour improved with 2-opt, against the nearest-neighbour order alone, over the same stops."""

from __future__ import annotations

import random
import time

from bench.common import Profile, Result, median
from volunteerhub.needs.routes import nearest_neighbour_order, path_length_m, visiting_order

CLINIC = (37.3835, 117.9707)
STOPS = 30
INSTANCES = 50


def homes(rng: random.Random) -> list[tuple[float, float]]:
    """Homes in a dozen hamlets of a township, a few kilometres across."""
    hamlets = [(CLINIC[0] + rng.uniform(-0.04, 0.04), CLINIC[1] + rng.uniform(-0.05, 0.05)) for _ in range(12)]
    return [(lat + rng.gauss(0, 0.003), lng + rng.gauss(0, 0.004))
            for lat, lng in (rng.choice(hamlets) for _ in range(STOPS))]


def run(profile: Profile) -> list[Result]:
    rng = random.Random(5)
    seconds, nn_seconds, ratios, longer = [], [], [], 0
    for _ in range(INSTANCES if profile.name != "smoke" else 5):
        stops = homes(rng)
        started = time.perf_counter()
        order = visiting_order(stops, CLINIC)
        seconds.append(time.perf_counter() - started)
        started = time.perf_counter()
        plain = nearest_neighbour_order(stops, CLINIC)
        nn_seconds.append(time.perf_counter() - started)
        ours, theirs = path_length_m(stops, order, CLINIC), path_length_m(stops, plain, CLINIC)
        ratios.append(ours / theirs)
        longer += int(ours > theirs + 1e-6)
    label = f"home-visit round of {STOPS} stops ({len(seconds)} rounds)"
    return [
        Result(label, "ordering, seconds (median)", median(seconds), "s", "nearest-neighbour order alone",
               median(nn_seconds), target="< 1 s", met=max(seconds) < 1.0, note=f"max {max(seconds):.4f} s"),
        Result(label, "route length against nearest-neighbour (median)", median(ratios), "x", "", None,
               target="never longer", met=longer == 0,
               note=f"longer in {longer} of {len(ratios)} rounds; shortest ratio {min(ratios):.3f}"),
    ]
