"""How big each dataset is, and the block of phone and ID numbers each may use."""

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Size:
    volunteers: int
    teams: int
    posts: int
    projects: int
    activities: int
    ledger_entries: int
    province: bool = False  # points around Shandong's cities instead of Binzhou's counties
    signups: bool = True  # ledger entries from checked-out sign-ups; False: back-filled entries per activity
    marker: str = "city"  # names the dataset's rows (teams), so a second load is refused; one of MARKERS


# Each dataset has its own phone numbers (19 + digit + 8 digits) and its own block of ID sequence
# numbers (first, width), below the 100-999 that the demo and the tests use: datasets never collide.
MARKERS = {"city": (0, 0, 10), "province": (1, 10, 50), "points": (2, 60, 10), "signups": (3, 70, 10),
           "dashboard": (4, 80, 10), "smoke": (5, 90, 10)}
DAYS = 20_000  # birth dates from 1955-01-01 over 20,000 days

SIZES = {
    "city": Size(volunteers=160_000, teams=132, posts=5_000, projects=329, activities=30_000,
                 ledger_entries=3_000_000),
    "province": Size(volunteers=1_000_000, teams=1_600, posts=1_000_000, projects=0, activities=0,
                     ledger_entries=0, province=True, marker="province"),
}


def small(size: Size, factor: float) -> Size:
    """The same shape, scaled down (smoke runs and tests)."""
    scale = lambda n: max(1, int(n * factor)) if n else 0  # noqa: E731
    return replace(size, volunteers=scale(size.volunteers), teams=max(8, scale(size.teams)), posts=scale(size.posts),
                   projects=scale(size.projects), activities=scale(size.activities),
                   ledger_entries=scale(size.ledger_entries))
