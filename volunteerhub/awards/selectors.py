"""Reads of commendations: the public notice board, awards of a volunteer, what awaits a decision."""

from django.db.models import Count, QuerySet
from django.utils import timezone

from volunteerhub.accounts.scope import in_reach
from volunteerhub.awards.models import Nomination
from volunteerhub.core.errors import NotFound
from volunteerhub.core.i18n import t
from volunteerhub.core.identity import mask_name
from volunteerhub.stats import sources

PUBLIC_STATUSES = [Nomination.Status.NOTICE, Nomination.Status.APPROVED]


def phase(nomination: Nomination, now=None) -> str:
    """notice, awaiting_decision, approved, rejected or withdrawn."""
    now = now or timezone.now()
    if nomination.status == Nomination.Status.NOTICE and now >= nomination.notice_ends_at:
        return "awaiting_decision"
    return nomination.status


def phase_label(nomination: Nomination, now=None) -> str:
    return {"notice": t("公示中", "On public notice"), "awaiting_decision": t("公示期满，待审批", "Awaiting decision"),
            "approved": t("已表彰", "Commended"), "rejected": t("未通过", "Not approved"),
            "withdrawn": t("已撤回", "Withdrawn")}[phase(nomination, now)]


def public_nominee_name(nomination: Nomination) -> str:
    """Volunteers are shown masked unless they chose to show their name; teams and projects in full."""
    if nomination.kind == Nomination.Kind.VOLUNTEER and nomination.volunteer is not None \
            and not nomination.volunteer.show_name_publicly:
        return mask_name(nomination.nominee_name)
    return nomination.nominee_name


def nominations_public() -> QuerySet[Nomination]:
    """What everyone may see: nominations on notice and awards made."""
    return Nomination.objects.filter(status__in=PUBLIC_STATUSES).select_related("volunteer", "team", "region") \
        .annotate(objection_count=Count("objections")).order_by("-nominated_at")


def nominations_managed_by(*, user) -> QuerySet[Nomination]:
    return in_reach(Nomination.objects.select_related("volunteer", "team", "region", "nominated_by"), user) \
        .annotate(objection_count=Count("objections")).order_by("notice_ends_at")


def nominations_awaiting_decision(*, user) -> QuerySet[Nomination]:
    return nominations_managed_by(user=user).filter(status=Nomination.Status.NOTICE, notice_ends_at__lte=timezone.now())


def nomination_get_for(*, user, nomination_id: int) -> Nomination:
    """Public nominations for anyone; rejected or withdrawn ones only for the managers of their region."""
    nomination = nominations_public().filter(pk=nomination_id).first() or \
        nominations_managed_by(user=user).filter(pk=nomination_id).first()
    if nomination is None:
        raise NotFound()
    return nomination


def awards_of_volunteer(volunteer) -> QuerySet[Nomination]:
    """Approved commendations of a volunteer, newest first (for the profile and the certificate)."""
    return Nomination.objects.filter(volunteer=volunteer, kind=Nomination.Kind.VOLUNTEER,
                                     status=Nomination.Status.APPROVED).order_by("-decided_at")


def awards_of_team(team) -> QuerySet[Nomination]:
    return Nomination.objects.filter(team=team, kind=Nomination.Kind.TEAM,
                                     status=Nomination.Status.APPROVED).order_by("-decided_at")


def awards_public(*, limit: int = 10) -> list[dict]:
    """Latest awards and notices for the public summary page."""
    now = timezone.now()
    return [{"pk": n.pk, "title": n.title, "nominee": public_nominee_name(n), "status_label": phase_label(n, now),
             "date": n.decided_at or n.nominated_at} for n in nominations_public()[:limit]]


def live_evidence(nomination: Nomination) -> dict:
    """Evidence as it stands now (the snapshot taken at nomination is kept beside it)."""
    if nomination.kind == Nomination.Kind.VOLUNTEER and nomination.volunteer is not None:
        return sources.volunteer_evidence(nomination.volunteer)
    if nomination.kind == Nomination.Kind.TEAM and nomination.team is not None:
        return sources.team_evidence(nomination.team)
    project = sources.project_get(nomination.project_id) if nomination.project_id else None
    return sources.project_evidence(project) if project is not None else {}
