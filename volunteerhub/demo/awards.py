"""Demo commendations in every state: on notice, awaiting decision, approved (after an objection), rejected, withdrawn."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from volunteerhub.accounts.models import Role, User
from volunteerhub.activities.models import Project
from volunteerhub.awards.models import Nomination
from volunteerhub.awards.services import (nomination_create, nomination_decide, nomination_object,
                                          nomination_withdraw, notice_end_for)
from volunteerhub.organizations.models import Team
from volunteerhub.volunteers.models import Volunteer

REASON = "{name}长期扎根基层，积极参与义诊、健康宣讲和入户随访等志愿服务，服务时长和群众满意度均名列前茅。"


def _backdate(nomination: Nomination, days: int) -> None:
    """Move a demo nomination's notice into the past, as if it had been made `days` ago."""
    when = timezone.now() - dt.timedelta(days=days)
    Nomination.objects.filter(pk=nomination.pk).update(nominated_at=when, notice_ends_at=notice_end_for(when))
    nomination.refresh_from_db()


@transaction.atomic
def seed_demo(*, rng, stdout) -> None:
    if Nomination.objects.exists():
        stdout.write(f"  nominations: {Nomination.objects.count()} (already there)")
        return
    city_admin = User.objects.filter(role=Role.CITY_ADMIN, region_id=settings.CITY_REGION_CODE).order_by("pk").first()
    resident = User.objects.filter(role=Role.RESIDENT).order_by("pk").first()
    volunteers = list(Volunteer.objects.order_by("pk")[:40])
    teams = list(Team.objects.filter(kind=Team.Kind.TEAM).order_by("pk")[:10])
    if city_admin is None or len(volunteers) < 6 or not teams:
        stdout.write("  nominations: no admin, volunteers or teams, skipped")
        return
    year = timezone.localdate().year
    picks = rng.sample(volunteers, 6)

    def nominate(volunteer=None, team=None, project_id=None, title="优秀卫生健康志愿者"):
        kind = "volunteer" if volunteer else "team" if team else "project"
        name = volunteer.name if volunteer else team.name if team else "该项目"
        return nomination_create(by=city_admin, kind=kind, volunteer=volunteer, team=team, project_id=project_id,
                                 title=f"{year}年度{title}", reason=REASON.format(name=name))

    nominate(picks[0])  # on notice now
    nominate(team=teams[0], title="优秀志愿服务队伍")  # on notice now
    awaiting = nominate(picks[1])
    _backdate(awaiting, 9)
    approved = nominate(picks[2])
    if resident is not None:
        nomination_object(nomination=approved, user=resident, reason="听说该志愿者的部分服务时长是补录的，请核实。")
    _backdate(approved, 12)
    nomination_decide(nomination=approved, by=city_admin, approve=True, note="经核实，补录时长有纸质签到表为证，异议不成立。")
    team_award = nominate(team=teams[1 % len(teams)], title="优秀志愿服务队伍")
    _backdate(team_award, 14)
    nomination_decide(nomination=team_award, by=city_admin, approve=True)
    rejected = nominate(picks[3])
    _backdate(rejected, 10)
    nomination_decide(nomination=rejected, by=city_admin, approve=False, note="服务时长未达推荐条件。")
    withdrawn = nominate(picks[4])
    nomination_withdraw(nomination=withdrawn, by=city_admin)
    project = Project.objects.order_by("pk").first()
    if project is not None:
        nominate(project_id=project.pk, title="优秀志愿服务项目")
    stdout.write(f"  nominations: {Nomination.objects.count()} in every state")
