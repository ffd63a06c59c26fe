"""Demo map extras: pharmacies and village clinics with volunteer posts, through the same
service as the bulk import, so the map shows every kind of service post."""

from django.db import transaction

from volunteerhub.geo.sphere import random_point_in
from volunteerhub.organizations.models import ServicePost
from volunteerhub.organizations.services import service_post_create
from volunteerhub.regions.models import Region
from volunteerhub.regions.selectors import county_geometry

PHARMACIES = ["漱玉平民大药房", "立健药店", "老百姓大药房", "康宁大药房"]


@transaction.atomic
def seed_demo(*, rng, stdout) -> None:
    if ServicePost.objects.filter(kind__in=["pharmacy", "clinic"]).exists():
        stdout.write(f"  map posts: {ServicePost.objects.count()} (kept)")
        return
    for county in Region.objects.filter(level="county").order_by("code"):
        townships = list(Region.objects.filter(parent=county).order_by("code"))
        for i in range(4):
            township = townships[rng.randrange(len(townships))]
            lat, lng = random_point_in(county_geometry(code=county.code), rng)
            service_post_create(
                name=f"{PHARMACIES[i % len(PHARMACIES)]}（{township.name}店）志愿服务岗", kind="pharmacy",
                region_code=township.code, lat=lat, lng=lng, address=f"{county.name}{township.name}{rng.randint(1, 200)}号",
                opening_hours="周一至周日 08:00-21:00", services=["用药咨询", "测血压", "代购常用药"],
                contact_phone=f"0543-{rng.randint(2000000, 8999999)}")
        for township in townships[:3]:
            lat, lng = random_point_in(county_geometry(code=county.code), rng)
            service_post_create(
                name=f"{township.name}卫生室志愿服务点", kind="clinic", region_code=township.code, lat=lat, lng=lng,
                address=f"{county.name}{township.name}", opening_hours="周一至周六 08:00-12:00；周一至周五 14:00-17:30",
                services=["慢病随访", "测血糖", "家庭医生签约"], contact_phone=f"0543-{rng.randint(2000000, 8999999)}")
    stdout.write(f"  map posts: {ServicePost.objects.count()}")
