"""What a nomination shows as evidence: the nominee's approved hours, star level and service, as kept."""

from decimal import Decimal

from django.db.models import Count, Sum

from volunteerhub.activities.models import Activity, Project, SignUp
from volunteerhub.hours.models import TeamHours, VolunteerHours


def volunteer_evidence(volunteer) -> dict:
    """Hours, star level and activities served, as shown beside a nomination."""
    evidence = {"hours": "0", "star_level": 0, "activities": 0}
    kept = VolunteerHours.objects.filter(volunteer=volunteer).first()
    if kept is not None:
        evidence.update(hours=str(kept.approved_hours), star_level=kept.star_level)
    evidence["activities"] = SignUp.objects.filter(volunteer=volunteer, checked_in_at__isnull=False).count()
    return evidence


def team_evidence(team) -> dict:
    evidence = {"hours": "0", "activities": 0, "volunteers": team.volunteers.count()}
    kept = TeamHours.objects.filter(team=team).first()
    evidence["hours"] = str(kept.approved_hours if kept else Decimal(0))
    evidence["activities"] = Activity.objects.filter(team=team, status="finished").count()
    return evidence


def project_evidence(project) -> dict:
    agg = Activity.objects.filter(project=project, status="finished").aggregate(n=Count("pk"), p=Sum("people_served"))
    return {"activities": agg["n"] or 0, "people_served": agg["p"] or 0}


def project_get(project_id: int):
    return Project.objects.select_related("region", "team").filter(pk=project_id).first()
