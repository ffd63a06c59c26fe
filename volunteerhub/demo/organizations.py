"""Demo organisation of Binzhou: the corps, 7 sub-teams, 132 teams in all, about 100 service posts."""

from django.conf import settings
from django.db import transaction

from volunteerhub.geo.sphere import random_point_in
from volunteerhub.core.progress import progress
from volunteerhub.core.tenancy import with_city_codes
from volunteerhub.geo.spatial import cell_for
from volunteerhub.organizations.models import ServicePost, Team
from volunteerhub.regions.models import Region
from volunteerhub.regions.selectors import county_geometry

SUB_TEAMS = ["医疗救护小分队", "健康宣讲小分队", "心理疏导小分队", "中医药服务小分队", "妇幼健康小分队",
             "爱国卫生小分队", "疾病预防小分队"]
HOSPITALS = {
    "371602": ["滨州市人民医院", "滨州医学院附属医院", "滨州市中医医院", "滨城区人民医院"],
    "371603": ["沾化区人民医院", "沾化区中医院", "沾化区妇幼保健院"],
    "371621": ["惠民县人民医院", "惠民县中医院", "惠民县妇幼保健院", "惠民县第二人民医院"],
    "371622": ["阳信县人民医院", "阳信县中医院", "阳信县妇幼保健院"],
    "371623": ["无棣县人民医院", "无棣县中医院", "无棣县妇幼保健院", "无棣县第二人民医院"],
    "371625": ["博兴县人民医院", "博兴县中医医院", "博兴县妇幼保健院"],
    "371681": ["邹平市人民医院", "邹平市中医院", "邹平市妇幼保健院", "邹平市第二人民医院"],
}
POST_SERVICES = ["健康咨询", "测血压", "测血糖", "用药指导", "中医理疗", "心理疏导", "家庭医生签约", "慢病随访", "急救培训"]


@transaction.atomic
def seed_demo(*, rng, stdout) -> None:
    city = Region.objects.get(code=settings.CITY_REGION_CODE)
    corps, _ = Team.objects.get_or_create(name=settings.CORPS_NAME, defaults={
        "kind": Team.Kind.CORPS, "region": city, "leader_name": "王建国", "contact_phone": "0543-3160000",
        "description": "滨州市卫生健康志愿服务总队，四级联动，覆盖市、县区、乡镇街道、村社区。"})
    for name in SUB_TEAMS:
        Team.objects.get_or_create(name=f"总队{name}", defaults={"kind": Team.Kind.SUB_TEAM, "region": city,
                                                                "parent": corps})
    counties = list(Region.objects.filter(level="county").order_by("code"))
    for county in counties:
        county_team, _ = Team.objects.get_or_create(name=f"{county.name}卫生健康志愿服务大队", defaults={
            "region": county, "parent": corps})
        for hospital in HOSPITALS[county.code]:
            Team.objects.get_or_create(name=f"{hospital}志愿服务队", defaults={"region": county, "parent": county_team})
        for township in Region.objects.filter(parent=county).order_by("code"):
            Team.objects.get_or_create(name=f"{township.name}卫生院志愿服务队", defaults={
                "region": township, "parent": county_team})
    stdout.write(f"  teams: {Team.objects.count()}")
    _seed_posts(rng, counties)
    stdout.write(f"  service posts: {ServicePost.objects.count()}")


def _seed_posts(rng, counties) -> None:
    if ServicePost.objects.exists():
        return
    posts = []
    # A post in every other township health centre; the map's demo adds pharmacies and village clinics.
    townships = list(Region.objects.filter(level="township").select_related("parent").order_by("code"))[::2]
    for township in progress(townships, desc="service posts", unit="posts"):
        lat, lng = random_point_in(county_geometry(code=township.parent_id), rng)
        team = Team.objects.filter(region=township).first()
        kind = ServicePost.Kind.HEALTH_CENTER if township.name.endswith(("镇", "乡")) else ServicePost.Kind.STATION
        suffix = "卫生院志愿服务岗" if kind == ServicePost.Kind.HEALTH_CENTER else "社区卫生服务中心志愿服务站"
        posts.append(_post(rng, f"{township.name}{suffix}", kind, township, team, lat, lng))
    for county in counties:
        for hospital in HOSPITALS[county.code][:1]:
            lat, lng = random_point_in(county_geometry(code=county.code), rng)
            team = Team.objects.filter(name=f"{hospital}志愿服务队").first()
            posts.append(_post(rng, f"{hospital}导医志愿服务岗", ServicePost.Kind.HOSPITAL, county, team, lat, lng,
                               always_open=True))
    ServicePost.objects.bulk_create(with_city_codes(posts))


def _post(rng, name, kind, region, team, lat, lng, always_open=False) -> ServicePost:
    if always_open:
        hours, schedule = "全天 00:00-24:00", [{"days": list(range(7)), "open": "00:00", "close": "24:00"}]
    else:
        hours = "周一至周六 08:00-17:30"
        schedule = [{"days": [0, 1, 2, 3, 4, 5], "open": "08:00", "close": "17:30"}]
    return ServicePost(
        name=name, kind=kind, region=region, team=team, lat=lat, lng=lng, cell=cell_for(lat, lng),
        address=f"山东省滨州市{region.parent.name if region.parent_id else ''}{region.name}{rng.randint(1, 300)}号",
        opening_hours=hours, opening_schedule=schedule, services=rng.sample(POST_SERVICES, 4),
        contact_name=rng.choice(["张", "李", "王", "刘", "陈"]) + rng.choice(["医生", "护士长", "站长"]),
        contact_phone=f"0543-{rng.randint(2000000, 8999999)}",
    )
