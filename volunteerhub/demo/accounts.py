"""Demo logins, printed by `make demo`."""

from volunteerhub.accounts.consents import consent_record
from volunteerhub.accounts.models import Role, User
from volunteerhub.accounts.services import user_create
from volunteerhub.organizations.models import Team
from volunteerhub.regions.models import Region

DEMO_PASSWORD = "Binzhou-2026"
DEMO_LOGINS = [
    # phone, role, region, team name, display name
    ("13900000001", Role.CITY_ADMIN, "371600", None, "市卫健委管理员"),
    ("13900000002", Role.COUNTY_ADMIN, "371602", None, "滨城区管理员"),
    ("13900000003", Role.ORGANIZER, "371602", "市中街道卫生院志愿服务队", "市中街道队长"),
    ("13900000006", Role.COUNTY_ADMIN, "371681", None, "邹平市管理员"),
    ("13900000005", Role.RESIDENT, "371602001", None, "居民赵大爷"),
]


def demo_consent(user) -> None:
    """The demo's people accepted the first agreement and privacy policy: the banner asks once a new one is out."""
    consent_record(user=user, accept_policies=True, consent_id_number=True, consent_location=True, ip="demo")


def seed_demo(*, rng, stdout) -> None:
    for phone, role, code, team_name, name in DEMO_LOGINS:
        if User.objects.filter(phone=phone).exists():
            continue
        team = Team.objects.filter(name=team_name).first() if team_name else None
        user = user_create(phone=phone, password=DEMO_PASSWORD, role=role, region=Region.objects.get(code=code),
                           team=team, display_name=name)
        demo_consent(user)
    stdout.write(f"  demo logins: {len(DEMO_LOGINS) + 1} (password {DEMO_PASSWORD})")
