"""The order of a day's home visits: a nearest-neighbour tour improved by 2-opt, on the sphere.

An open path from the start (the clinic, or the first stop): a few dozen stops take a few milliseconds, and
2-opt only ever shortens the nearest-neighbour tour it starts from."""

from volunteerhub.geo.sphere import haversine_m

Point = tuple[float, float]


def path_length_m(points: list[Point], order: list[int], start: Point | None = None) -> float:
    """Metres walked from `start` (when given) through the points in `order`."""
    stops = ([start] if start is not None else []) + [points[i] for i in order]
    return sum(haversine_m(*a, *b) for a, b in zip(stops, stops[1:]))


def nearest_neighbour_order(points: list[Point], start: Point | None = None) -> list[int]:
    """Always on to the nearest stop not yet visited; from `start`, or from the first point."""
    if not points:
        return []
    left = set(range(len(points)))
    here = start if start is not None else points[0]
    order: list[int] = []
    if start is None:
        order.append(0)
        left.discard(0)
    while left:
        nearest = min(left, key=lambda i: (haversine_m(*here, *points[i]), i))
        order.append(nearest)
        left.discard(nearest)
        here = points[nearest]
    return order


def two_opt(points: list[Point], order: list[int], start: Point | None = None) -> list[int]:
    """Reverse any stretch of the path that makes it shorter, until none does (the first stop stays first
    when there is no start)."""
    route = ([start] if start is not None else []) + [points[i] for i in order]
    ids = ([None] if start is not None else []) + list(order)
    fixed = 1  # the path's first place never moves
    improved = True
    while improved:
        improved = False
        for i in range(fixed, len(route) - 1):
            for j in range(i + 1, len(route)):
                before = haversine_m(*route[i - 1], *route[i])
                after = haversine_m(*route[i - 1], *route[j])
                if j + 1 < len(route):
                    before += haversine_m(*route[j], *route[j + 1])
                    after += haversine_m(*route[i], *route[j + 1])
                if after < before - 1e-6:
                    route[i:j + 1] = route[i:j + 1][::-1]
                    ids[i:j + 1] = ids[i:j + 1][::-1]
                    improved = True
    return [i for i in ids if i is not None]


def visiting_order(points: list[Point], start: Point | None = None) -> list[int]:
    """The order to visit the points in: never longer than the nearest-neighbour order."""
    return two_opt(points, nearest_neighbour_order(points, start), start)
