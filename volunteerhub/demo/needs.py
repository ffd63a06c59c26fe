"""Demo needs across Binzhou: open ones (some sensitive, shown blurred), and some matched, in
progress, done and rated; the demo resident 13900000005 has needs of their own."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from volunteerhub.accounts.models import User
from volunteerhub.geo.sphere import random_point_in
from volunteerhub.geo.spatial import nearest
from volunteerhub.needs import services
from volunteerhub.needs.models import Need, NeedKind
from volunteerhub.regions.models import Region
from volunteerhub.regions.selectors import county_geometry
from volunteerhub.volunteers.models import Volunteer

DEMO_RESIDENT_PHONE = "13900000005"
DEMO_ADMIN_PHONE = "13900000001"
TOTAL = 120
KINDS = [(NeedKind.HOME_VISIT, ["nurse"], "独居老人血压不稳，需要上门测量并讲解用药"),
         (NeedKind.ESCORT, [], "需要陪同去市人民医院复查，行动不便"),
         (NeedKind.MEDICINE_DELIVERY, ["pharmacist"], "慢病长期用药，需要代取药品并送上门"),
         (NeedKind.PSYCHOLOGICAL_SUPPORT, ["counsellor"], "家属长期情绪低落，希望有人谈心疏导"),
         (NeedKind.HEALTH_CHECKUP, ["doctor"], "行动不便老人需要上门做基本健康检查"),
         (NeedKind.POVERTY_RELIEF, [], "家庭困难，需要协助申请医疗救助"),
         (NeedKind.FAMILY_PLANNING_SUPPORT, [], "计生特殊家庭，老人需要日常陪伴和健康关怀"),
         (NeedKind.CHRONIC_CARE, ["village_doctor"], "糖尿病患者需要定期随访测血糖"),
         (NeedKind.REHABILITATION, [], "术后康复，需要指导康复训练")]
SURNAMES = "王李张刘陈杨赵黄周吴"


def _window(rng, now):
    start = now + dt.timedelta(hours=rng.randint(2, 24 * 6))
    return start, start + dt.timedelta(hours=rng.choice([2, 3, 4, 8, 24]))


def _nearest_volunteer(need, exclude: set[int]):
    qs = Volunteer.objects.filter(status="active", home_cell__isnull=False).exclude(pk__in=exclude)
    for code in need.required_qualifications.values_list("code", flat=True):
        qs = qs.filter(volunteerqualification__qualification_id=code, volunteerqualification__verified_at__isnull=False)
    hits = nearest(qs.select_related("user"), lat=need.lat, lng=need.lng, k=1, cell_field="home_cell",
                   lat_field="home_lat", lng_field="home_lng")
    return hits[0].obj if hits else None


def _advance(need, step: int, used: set[int], admin, resident=None) -> None:
    """Move a need along: 1 matched (a sensitive one assigned by the administrator), 2 in progress, 3 done, 4 rated."""
    volunteer = _nearest_volunteer(need, used)
    if volunteer is None:
        return
    used.add(volunteer.pk)
    if need.is_sensitive:
        need = services.need_assign(need=need, volunteer=volunteer, actor=admin)
    else:
        need = services.need_accept(need=need, volunteer=volunteer)
    if step >= 2:
        need = services.need_start(need=need, actor=volunteer.user)
    if step >= 3:
        need = services.need_complete(need=need, actor=volunteer.user)
    if step >= 4:
        services.need_rate(need=need, actor=resident or need.created_by, rating=5, feedback="志愿者非常耐心，谢谢！")


@transaction.atomic
def seed_demo(*, rng, stdout) -> None:
    if Need.objects.exists():
        stdout.write(f"  needs: {Need.objects.count()} (kept)")
        return
    admin = User.objects.get(phone=DEMO_ADMIN_PHONE)
    resident = User.objects.get(phone=DEMO_RESIDENT_PHONE)
    now = timezone.now()
    townships = list(Region.objects.filter(level="township").order_by("code"))
    used: set[int] = set()
    for i in range(TOTAL):
        township = townships[rng.randrange(len(townships))]
        kind, quals, text = KINDS[i % len(KINDS)]
        lat, lng = random_point_in(county_geometry(code=township.parent_id), rng)
        start, end = _window(rng, now)
        need = services.need_create(
            actor=admin, kind=kind, description=text, lat=lat, lng=lng, region_code=township.code,
            place=f"{township.name}{rng.randint(1, 99)}号院", window_start=start, window_end=end,
            urgency=rng.choice([1, 1, 2, 3]), qualifications=quals,
            contact_name=rng.choice(SURNAMES) + rng.choice(["大爷", "奶奶", "阿姨", "叔叔"]),
            contact_phone=f"139{rng.randint(10000000, 99999999)}")
        step = 0 if i < 80 else 1 + (i - 80) % 4
        if step:
            _advance(need, step, used, admin)
    home = Region.objects.get(code=resident.region_id) if resident.region_id else Region.objects.get(
        code=settings.CITY_REGION_CODE)
    lat, lng = 37.3835, 117.9707
    for step, (kind, quals, text) in enumerate([KINDS[0], KINDS[2], KINDS[1], KINDS[7]]):
        start, end = _window(rng, now)
        need = services.need_create(actor=resident, kind=kind, description=text, lat=lat + 0.001 * step,
                                    lng=lng, region_code=home.code, place="黄河五路渤海小区 3 号楼",
                                    window_start=start, window_end=end, qualifications=quals,
                                    contact_phone="13900000005")
        if step:
            _advance(need, {1: 1, 2: 3, 3: 4}[step], used, admin, resident=resident)
    by_status = dict.fromkeys(["open", "matched", "in_progress", "done", "rated"], 0)
    for status in Need.objects.values_list("status", flat=True):
        by_status[status] = by_status.get(status, 0) + 1
    stdout.write("  needs: " + ", ".join(f"{k} {v}" for k, v in by_status.items()))
