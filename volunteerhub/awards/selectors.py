"""Reads of commendations: the public notice board, awards of a volunteer, what awaits a decision."""

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from volunteerhub.accounts.models import Role
from volunteerhub.regions.scope import EVERYWHERE, can_manage_region, in_reach, reach_path
from volunteerhub.awards.models import Nomination
from volunteerhub.core.errors import NotFound, PermissionDenied
from volunteerhub.core.masking import mask_name, mask_name_in_text
from volunteerhub.activities.models import Project
from volunteerhub.awards.evidence import project_evidence, project_get, team_evidence, volunteer_evidence

PUBLIC_STATUSES = [Nomination.Status.NOTICE, Nomination.Status.APPROVED]


def phase(nomination: Nomination, now=None) -> str:
    """notice, awaiting_decision, approved, rejected or withdrawn."""
    now = now or timezone.now()
    if nomination.status == Nomination.Status.NOTICE and now >= nomination.notice_ends_at:
        return "awaiting_decision"
    return nomination.status


def phase_label(nomination: Nomination, now=None) -> str:
    return {"notice": gettext("On public notice"), "awaiting_decision": gettext("Awaiting decision"),
            "approved": gettext("Commended"), "rejected": gettext("Not approved"),
            "withdrawn": gettext("Withdrawn")}[phase(nomination, now)]


def _name_masked(nomination: Nomination) -> bool:
    return nomination.kind == Nomination.Kind.VOLUNTEER and nomination.volunteer is not None \
        and not nomination.volunteer.show_name_publicly


def public_nominee_name(nomination: Nomination) -> str:
    """Volunteers are shown masked unless they chose to show their name; teams and projects in full."""
    return mask_name(nomination.nominee_name) if _name_masked(nomination) else nomination.nominee_name


def public_text(nomination: Nomination, text: str) -> str:
    """Free text shown beside the nominee (title, reason, decision note) names them as public_nominee_name does:
    their name as it is now and as nominated, their given name and their account's display name, masked."""
    if not _name_masked(nomination):
        return text
    volunteer = nomination.volunteer
    others = [nomination.nominee_name, volunteer.user.display_name if volunteer.user_id else ""]
    return mask_name_in_text(text, volunteer.name, other_names=others)


def public_view(nomination: Nomination) -> dict:
    """What the public pages and the API show of a nomination's person and free text."""
    return {"name": public_nominee_name(nomination), "title": public_text(nomination, nomination.title),
            "reason": public_text(nomination, nomination.reason),
            "decision_note": public_text(nomination, nomination.decision_note)}


def nominations_public() -> QuerySet[Nomination]:
    """What everyone may see: nominations on notice and awards made."""
    return Nomination.objects.filter(status__in=PUBLIC_STATUSES) \
        .select_related("volunteer", "volunteer__user", "team", "region") \
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
    return [{"pk": n.pk, "title": public_text(n, n.title), "nominee": public_nominee_name(n), "status_label": phase_label(n, now),
             "date": n.decided_at or n.nominated_at} for n in nominations_public()[:limit]]


def live_evidence(nomination: Nomination) -> dict:
    """Evidence as it stands now (the snapshot taken at nomination is kept beside it)."""
    if nomination.kind == Nomination.Kind.VOLUNTEER and nomination.volunteer is not None:
        return volunteer_evidence(nomination.volunteer)
    if nomination.kind == Nomination.Kind.TEAM and nomination.team is not None:
        return team_evidence(nomination.team)
    project = project_get(nomination.project_id) if nomination.project_id else None
    return project_evidence(project) if project is not None else {}


NOMINATOR_ROLES = {Role.ORGANIZER, Role.COUNTY_ADMIN, Role.CITY_ADMIN}
MAX_CANDIDATES = 30


def is_nominator(user) -> bool:
    return user is not None and user.is_authenticated and (user.role in NOMINATOR_ROLES or user.is_superuser)


def can_nominate(user, *, region, volunteer=None, team=None) -> bool:
    """Organisers nominate their own team or its volunteers, and anyone in their reach; admins their region."""
    if not is_nominator(user):
        return False
    if user.role == Role.ORGANIZER and user.team_id and ((volunteer is not None and volunteer.team_id == user.team_id)
                                                         or (team is not None and team.pk == user.team_id)):
        return True
    return can_manage_region(user, region)


def _reach_q(user, *, team_field: str | None) -> Q:
    """Rows in the user's region subtree, or (for an organiser) belonging to their team."""
    path = reach_path(user)
    q = Q(pk__in=[]) if path is None else Q() if path == EVERYWHERE else Q(region__path__startswith=path)
    if team_field and user.role == Role.ORGANIZER and user.team_id:
        q |= Q(**{team_field: user.team_id})
    return q


def _nominee_querysets(user) -> dict:
    from volunteerhub.organizations.models import Team
    from volunteerhub.volunteers.models import Volunteer

    querysets = {
        Nomination.Kind.VOLUNTEER: Volunteer.objects.filter(_reach_q(user, team_field="team_id"), status="active")
        .select_related("team").order_by("name", "pk"),
        Nomination.Kind.TEAM: Team.objects.filter(_reach_q(user, team_field="pk")).order_by("name"),
    }
    querysets[Nomination.Kind.PROJECT] = Project.objects.filter(_reach_q(user, team_field="team_id"),
                                                                is_active=True).order_by("code")
    return querysets


def nominee_candidates(*, user, kind: str, q: str = "") -> list:
    """Who the user may nominate, matching q (name, or volunteer number / project code), at most 30."""
    if not is_nominator(user):
        return []
    queryset = _nominee_querysets(user).get(kind)
    if queryset is None:
        return []
    q = (q or "").strip()
    if q and kind == Nomination.Kind.VOLUNTEER:
        queryset = queryset.filter(Q(name__contains=q) | Q(volunteer_number__startswith=q))
    elif q and kind == Nomination.Kind.PROJECT:
        queryset = queryset.filter(Q(name__contains=q) | Q(code__startswith=q))
    elif q:
        queryset = queryset.filter(name__contains=q)
    return list(queryset[:MAX_CANDIDATES])


def nominee_preview(*, user, kind: str, nominee_id: int) -> dict:
    """The nominee and its evidence as it stands, shown before the nomination is submitted."""
    if not is_nominator(user):
        raise PermissionDenied()
    queryset = _nominee_querysets(user).get(kind)
    nominee = queryset.filter(pk=nominee_id).first() if queryset is not None else None
    if nominee is None:
        raise NotFound()
    if kind == Nomination.Kind.VOLUNTEER:
        evidence = volunteer_evidence(nominee)
    elif kind == Nomination.Kind.TEAM:
        evidence = team_evidence(nominee)
    else:
        evidence = project_evidence(nominee)
    return {"kind": kind, "nominee": nominee, "name": nominee.name, "evidence": evidence}
