"""Joining a team: a volunteer finds teams (their county's, their own township's first) and asks to join; the
team's organiser confirms or declines with a reason; the volunteer is told by text and sees it on their page."""

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from volunteerhub.accounts.models import Role
from volunteerhub.accounts.services import account_text
from volunteerhub.audit.services import audit_record
from volunteerhub.core.errors import Conflict, NotFound, ValidationFailed
from volunteerhub.organizations.models import Team
from volunteerhub.regions.models import Region
from volunteerhub.volunteers.models import TeamJoinRequest, Volunteer

MAX_TEAMS = 100


def _county_code(region: Region) -> str:
    codes = region.path.strip("/").split("/")
    return codes[1] if len(codes) > 1 else codes[0]


def teams_to_join(*, volunteer: Volunteer, county: str = "") -> list[Team]:
    """Active teams of a county (the volunteer's own by default): those whose area holds the volunteer's home
    first (the township's before the county's), then the rest by name."""
    county_region = Region.objects.filter(code=county or _county_code(volunteer.region)).first()
    if county_region is None:
        return []
    teams = Team.objects.filter(is_active=True, region__path__startswith=county_region.path).select_related("region")
    home = volunteer.region.path
    return sorted(teams[:MAX_TEAMS], key=lambda t: (not home.startswith(t.region.path), -len(t.region.path), t.name))


def join_requests_of(*, volunteer: Volunteer) -> QuerySet[TeamJoinRequest]:
    return TeamJoinRequest.objects.filter(volunteer=volunteer).select_related("team")


def join_requests_to_decide(*, user) -> QuerySet[TeamJoinRequest]:
    """The pending requests an organiser decides: their own team's only (nobody else's)."""
    if user.role != Role.ORGANIZER or not user.team_id:
        return TeamJoinRequest.objects.none()
    return (TeamJoinRequest.objects.filter(team_id=user.team_id, status=TeamJoinRequest.Status.PENDING)
            .select_related("volunteer", "volunteer__region", "team").order_by("created_at"))


def join_request_get_for(*, user, request_id: int) -> TeamJoinRequest:
    found = join_requests_to_decide(user=user).filter(pk=request_id).first()
    if found is None:
        raise NotFound(gettext_lazy("No such pending request to join your team"))
    return found


def team_get_joinable(*, team_id: int) -> Team:
    team = Team.objects.filter(pk=team_id, is_active=True).first()
    if team is None:
        raise NotFound(gettext_lazy("No such team"))
    return team


@transaction.atomic
def team_join_request(*, volunteer: Volunteer, team: Team, message: str = "") -> TeamJoinRequest:
    """Ask to join; one pending request per team, none for one's own team."""
    message = (message or "").strip()
    if len(message) > 200:
        raise ValidationFailed({"message": [gettext_lazy("at most 200 characters")]})
    if volunteer.team_id == team.pk:
        raise Conflict(gettext_lazy("You are already in this team"), code="already_member")
    try:
        with transaction.atomic():
            join = TeamJoinRequest.objects.create(volunteer=volunteer, team=team, message=message)
    except IntegrityError:
        raise Conflict(gettext_lazy("You asked already: the organiser will answer"),
                       code="already_asked") from None
    audit_record(action="team_join_request", target_type="volunteer", target_id=volunteer.pk,
                 region=volunteer.region, actor=volunteer.user, changes={"team": team.pk})
    return join


@transaction.atomic
def team_join_decide(*, join_request: TeamJoinRequest, by, accept: bool, reason: str = "") -> TeamJoinRequest:
    """The team's organiser confirms (the volunteer joins the team) or declines with a reason; the volunteer is told."""
    join = TeamJoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if by.role != Role.ORGANIZER or by.team_id != join.team_id:
        raise NotFound(gettext_lazy("No such pending request to join your team"))
    if join.status != TeamJoinRequest.Status.PENDING:
        raise Conflict(gettext_lazy("This request was answered already"), code="already_decided")
    reason = (reason or "").strip()
    if not accept and len(reason) < 2:
        raise ValidationFailed({"reason": [gettext_lazy("say why you decline")]})
    join.status = TeamJoinRequest.Status.ACCEPTED if accept else TeamJoinRequest.Status.DECLINED
    join.reason, join.decided_at, join.decided_by = reason[:255], timezone.now(), by
    join.save(update_fields=["status", "reason", "decided_at", "decided_by"])
    if accept:
        Volunteer.objects.filter(pk=join.volunteer_id).update(team=join.team, updated_at=timezone.now())
    audit_record(action="team_join_accept" if accept else "team_join_decline", target_type="volunteer",
                 target_id=join.volunteer_id, region=join.volunteer.region, actor=by,
                 changes={"team": join.team_id, "reason": join.reason})
    _tell(join)
    return join


def _tell(join: TeamJoinRequest) -> None:
    if join.status == TeamJoinRequest.Status.ACCEPTED:
        text = f"您已加入「{join.team.name}」，欢迎！"
    else:
        text = f"您加入「{join.team.name}」的申请未通过：{join.reason}"
    account_text(user=join.volunteer.user, text=text, key=f"team-join-{join.pk}")
