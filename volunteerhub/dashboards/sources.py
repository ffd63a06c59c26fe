"""What the dashboards read from the domain apps' kept figures: projects, and the top volunteers and teams
by approved hours."""

from django.db.models import QuerySet

from volunteerhub.activities.models import Project
from volunteerhub.hours.models import TeamHours, VolunteerHours
from volunteerhub.volunteers.models import Volunteer


def _under(queryset: QuerySet, path: str, field: str = "region") -> QuerySet:
    return queryset if path == "/" else queryset.filter(**{f"{field}__path__startswith": path})


def projects_count(path: str) -> int:
    return _under(Project.objects.filter(is_active=True), path).count()


def volunteer_totals(path: str, *, limit: int) -> list:
    """Top volunteers by kept approved hours: [(volunteer, hours, star_level)]."""
    # The top rows first from the totals alone (a top-N sort of one table), then only their volunteers.
    rows = _under(VolunteerHours.objects, path, "volunteer__region").filter(approved_hours__gt=0)
    top = list(rows.order_by("-approved_hours", "volunteer_id").values_list("volunteer_id", "approved_hours",
                                                                              "star_level")[:limit])
    volunteers = (Volunteer.objects.select_related("team")
                  .only("name", "show_name_publicly", "team__name").in_bulk([v for v, _, _ in top]))
    return [(volunteers[v], hours, star) for v, hours, star in top]


def team_totals(path: str, *, limit: int) -> list:
    """Top teams by kept approved hours: [(team, hours)]."""
    rows = _under(TeamHours.objects.select_related("team", "team__region")
                  .only("approved_hours", "team__name", "team__region__name"), path, "team__region")
    rows = rows.filter(approved_hours__gt=0).order_by("-approved_hours", "team_id")[:limit]
    return [(r.team, r.approved_hours) for r in rows]
