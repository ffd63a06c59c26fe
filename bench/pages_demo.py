"""`python -m bench.pages_demo`: the demo city in DATABASE_URL for bench/pages.py, with what the demo lacks (an
operator, sent call-outs); prints the ids of the pages to visit as JSON on its last line."""

from __future__ import annotations

import datetime as dt
import json
import os


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("seed", "demo", verbosity=0)
    print(json.dumps(demo_ids(), ensure_ascii=False))


def demo_ids() -> dict[str, str]:
    from bench.pages import PASSWORD, PHONES
    from volunteerhub.accounts.models import Role, User
    from volunteerhub.accounts.services import user_create
    from volunteerhub.activities.models import Activity
    from volunteerhub.needs.models import Need, NeedStatus
    from volunteerhub.records.models import Certificate
    from volunteerhub.regions.models import Region
    from volunteerhub.volunteers.models import Volunteer

    if not User.objects.filter(phone=PHONES["operator"]).exists():
        user_create(phone=PHONES["operator"], password=PASSWORD, role=Role.OPERATOR,
                    region=Region.objects.get(code="371602"), display_name="滨城区热线话务员")
    organizer = User.objects.get(phone=PHONES["organizer"])
    volunteer = Volunteer.objects.select_related("region").get(user__phone=PHONES["volunteer"])
    # The organiser's own call (its page), and the county's call to the volunteer's township (the answer page).
    ours = _sent_call(organizer, organizer.team.region.code)
    county = _sent_call(User.objects.get(phone=PHONES["county_admin"]), volunteer.region.code)
    resident = User.objects.get(phone=PHONES["resident"])
    reach = organizer.team.region.path
    return {"certificate": Certificate.objects.order_by("pk").values_list("code", flat=True).first(),
            "need": str(Need.objects.filter(resident=resident).order_by("pk").values_list("pk", flat=True).first()),
            "open_need": str(Need.objects.filter(status=NeedStatus.OPEN, region__path__startswith=reach)
                             .order_by("pk").values_list("pk", flat=True).first()),
            "activity": str(Activity.objects.filter(team=organizer.team).order_by("pk").values_list("pk", flat=True)
                            .first()),
            "callout": str(ours.pk), "callout_answer": str(county.pk)}


def _sent_call(user, region_code: str):
    """The first call this user sent, sent now if there is none."""
    from django.utils import timezone

    from volunteerhub.callouts.models import CallOut
    from volunteerhub.callouts.services import callout_create, callout_send

    call = CallOut.objects.filter(created_by=user).order_by("pk").first()
    if call is None:
        starts = timezone.now().replace(microsecond=0) + dt.timedelta(days=2)
        call = callout_send(user=user, callout=callout_create(
            user=user, title="暴雨转移安置点医疗保障", message="急需志愿者协助安置点测体温、发药。", place="滨城区体育馆",
            region_code=region_code, needed=3, starts_at=starts, ends_at=starts + dt.timedelta(hours=6)))
    return call


if __name__ == "__main__":
    main()
