"""The one place where stats, awards and exchange read other apps' kept figures.

Projects and activities come from the activities app, kept hour totals and star levels from the
hours app. Each reader degrades to "nothing" when that app has no such model, so the dashboard
works on a partial build.
"""

from decimal import Decimal

from django.apps import apps
from django.db.models import QuerySet


def model(app_label: str, name: str):
    """The model, or None when the app does not define it (yet)."""
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def _under(queryset: QuerySet, path: str, field: str = "region") -> QuerySet:
    return queryset if path == "/" else queryset.filter(**{f"{field}__path__startswith": path})


def projects_count(path: str) -> int:
    Project = model("activities", "Project")
    if Project is None:
        return 0
    return _under(Project.objects.filter(is_active=True), path).count()


def volunteer_totals(path: str, *, limit: int) -> list:
    """Top volunteers by kept approved hours: [(volunteer, hours, star_level)]."""
    VolunteerHours = model("hours", "VolunteerHours")
    if VolunteerHours is None:
        return []
    # The top rows first from the totals alone (a top-N sort of one table), then only their volunteers.
    rows = _under(VolunteerHours.objects, path, "volunteer__region").filter(approved_hours__gt=0)
    top = list(rows.order_by("-approved_hours", "volunteer_id").values_list("volunteer_id", "approved_hours",
                                                                              "star_level")[:limit])
    volunteers = (model("volunteers", "Volunteer").objects.select_related("team")
                  .only("name", "show_name_publicly", "team__name").in_bulk([v for v, _, _ in top]))
    return [(volunteers[v], hours, star) for v, hours, star in top]


def team_totals(path: str, *, limit: int) -> list:
    """Top teams by kept approved hours: [(team, hours)]."""
    TeamHours = model("hours", "TeamHours")
    if TeamHours is None:
        return []
    rows = _under(TeamHours.objects.select_related("team", "team__region")
                  .only("approved_hours", "team__name", "team__region__name"), path, "team__region")
    rows = rows.filter(approved_hours__gt=0).order_by("-approved_hours", "team_id")[:limit]
    return [(r.team, r.approved_hours) for r in rows]


def volunteer_evidence(volunteer) -> dict:
    """Hours, star level and activities served, as shown beside a nomination."""
    evidence = {"hours": "0", "star_level": 0, "activities": 0}
    VolunteerHours = model("hours", "VolunteerHours")
    if VolunteerHours is not None:
        kept = VolunteerHours.objects.filter(volunteer=volunteer).first()
        if kept is not None:
            evidence.update(hours=str(kept.approved_hours), star_level=kept.star_level)
    SignUp = model("activities", "SignUp")
    if SignUp is not None:
        evidence["activities"] = SignUp.objects.filter(volunteer=volunteer, checked_in_at__isnull=False).count()
    return evidence


def team_evidence(team) -> dict:
    evidence = {"hours": "0", "activities": 0, "volunteers": team.volunteers.count()}
    TeamHours = model("hours", "TeamHours")
    if TeamHours is not None:
        kept = TeamHours.objects.filter(team=team).first()
        evidence["hours"] = str(kept.approved_hours if kept else Decimal(0))
    Activity = model("activities", "Activity")
    if Activity is not None:
        evidence["activities"] = Activity.objects.filter(team=team, status="finished").count()
    return evidence


def project_evidence(project) -> dict:
    evidence = {"activities": 0, "people_served": 0}
    Activity = model("activities", "Activity")
    if Activity is not None:
        from django.db.models import Count, Sum

        agg = Activity.objects.filter(project=project, status="finished").aggregate(n=Count("pk"), p=Sum("people_served"))
        evidence.update(activities=agg["n"] or 0, people_served=agg["p"] or 0)
    return evidence


def project_get(project_id: int):
    Project = model("activities", "Project")
    return None if Project is None else Project.objects.select_related("region", "team").filter(pk=project_id).first()
