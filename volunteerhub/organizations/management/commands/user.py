"""Accounts from the command line, organisers with their team (so the command lives with the teams)."""

from django.core.management.base import BaseCommand, CommandError

from volunteerhub.accounts.services import user_create
from volunteerhub.core.errors import ApplicationError
from volunteerhub.organizations.models import Team
from volunteerhub.regions.models import Region


class Command(BaseCommand):
    help = "Manage accounts: `user create --phone P --password W --role R --region CODE`."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create an account")
        create.add_argument("--phone", required=True)
        create.add_argument("--password", required=True)
        create.add_argument("--role", required=True,
                            choices=["resident", "volunteer", "organizer", "county_admin", "city_admin"])
        create.add_argument("--region", help="region code the account belongs to or administers")
        create.add_argument("--team", type=int, help="team id (organisers)")
        create.add_argument("--name", default="")

    def handle(self, *args, action: str, **opts):
        region = Region.objects.filter(code=opts["region"]).first() if opts["region"] else None
        if opts["region"] and region is None:
            raise CommandError(f"region: no region has the code {opts['region']}")
        team = Team.objects.filter(pk=opts["team"]).first() if opts["team"] else None
        if opts["team"] and team is None:
            raise CommandError(f"team: no team has the id {opts['team']}")
        try:
            user = user_create(phone=opts["phone"], password=opts["password"], role=opts["role"], region=region,
                               team=team, display_name=opts["name"])
        except ApplicationError as exc:
            body = exc.as_json()
            details = "; ".join(f"{k}: {', '.join(v)}" for k, v in body["fields"].items())
            raise CommandError(f"{body['message']} {details}".strip()) from None
        self.stdout.write(self.style.SUCCESS(f"created user {user.pk} ({user.role}, {user.phone})"))
