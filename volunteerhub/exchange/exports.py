"""Exports in the record fields of the national volunteer service information system (全国志愿服务信息系统).

Resident ID numbers and phones are masked unless the exporter's role is in
settings.EXCHANGE_CLEAR_ID_ROLES; the command line without --as exports masked data.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from volunteerhub.core import crypto
from volunteerhub.accounts.phones import mask_contact_phone
from volunteerhub.core.masking import mask_phone
from volunteerhub.activities import exports as activity_exports
from volunteerhub.insurance import exports as insurance_exports
from volunteerhub.organizations import exports as post_exports
from volunteerhub.stats.labels import KINDS, SETTINGS
from volunteerhub.volunteers import exports as volunteer_exports
from volunteerhub.volunteers.selectors import may_see_clear_ids
from volunteerhub.activities.models import Activity, SignUp
from volunteerhub.hours.models import LedgerEntry

@dataclass(frozen=True)
class Export:
    columns: list[str]
    rows: Callable[..., Iterable[dict]]  # rows(user=...) -> dicts keyed by column; personal data masked
    count: Callable[..., int] | None = None


may_see_clear = may_see_clear_ids  # this exporter's role lets clear ID numbers and phones leave the system


ID_TYPE = "居民身份证"
GENDER = {"male": "男", "female": "女"}
def _phone_of(volunteer, *, clear: bool) -> str:
    """The number to reach a volunteer: their own mobile, else the contact phone (a relative's, the clinic's) of
    someone registered on their behalf; masked unless the export may show it."""
    if volunteer.user.phone:
        return volunteer.user.phone if clear else mask_phone(volunteer.user.phone)
    return volunteer.contact_phone if clear else mask_contact_phone(volunteer.contact_phone)


VOLUNTEER_COLUMNS = ["志愿者编号", "姓名", "证件类型", "证件号码", "性别", "出生日期", "手机号码", "所在区划代码",
                     "所在区划", "所属队伍", "专业资质", "注册时间", "注册方式", "累计服务时长", "累计培训时长", "星级"]
ACTIVITY_COLUMNS = ["活动编号", "活动名称", "服务类别", "服务场景", "组织单位", "所属项目编号", "所在区划代码",
                    "活动地点", "开始时间", "结束时间", "招募人数", "服务人次", "状态"]
RECORD_COLUMNS = ["记录编号", "志愿者编号", "姓名", "证件类型", "证件号码", "活动编号", "活动名称", "服务日期",
                  "开始时间", "结束时间", "服务时长", "培训时长", "记录性质", "记录类型", "更正记录编号", "记录单位",
                  "所在区划代码", "审核时间", "服务评价", "评价说明", "评价人", "评价时间"]
NO_HOURS = Decimal("0.00")


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S") if value else ""


def _scoped(queryset, user, region_field: str):
    from volunteerhub.regions.scope import in_reach

    return queryset if user is None else in_reach(queryset, user, region_field=region_field)


# --- Volunteers -----------------------------------------------------------------------------------

def _volunteers(user):
    from volunteerhub.volunteers.models import Volunteer

    qs = Volunteer.objects.select_related("region", "team", "user").prefetch_related("qualifications")
    return _scoped(qs, user, "region").order_by("pk")


def volunteer_rows(*, user=None):
    clear = may_see_clear(user)
    qs = _volunteers(user)
    qs = qs.select_related("hours_total")
    for v in qs.iterator(chunk_size=1000):
        kept = _kept_hours(v)
        yield {"志愿者编号": v.volunteer_number, "姓名": v.name, "证件类型": ID_TYPE,
               "证件号码": crypto.decrypt(v.id_number_encrypted) if clear else v.id_number_masked,
               "性别": GENDER.get(v.gender, "") if clear else "", "出生日期": v.birth_date.isoformat() if clear else "",
               "手机号码": _phone_of(v, clear=clear), "所在区划代码": v.region_id,
               "所在区划": v.region.name, "所属队伍": v.team.name if v.team_id else "",
               "专业资质": [q.name for q in v.qualifications.all()], "注册时间": _local(v.created_at),
               "注册方式": v.get_channel_display(), "累计服务时长": kept.approved_hours if kept else 0,
               "累计培训时长": kept.training_hours if kept else 0, "星级": kept.star_level if kept else 0}


def _kept_hours(volunteer):
    try:
        return volunteer.hours_total
    except Exception:  # no kept total yet (RelatedObjectDoesNotExist) or no hours app
        return None


# --- Activities -----------------------------------------------------------------------------------

def _activities(user):
    qs = Activity.objects.exclude(status="draft").select_related("team", "project")
    return _scoped(qs, user, "region").order_by("pk")


def activity_rows(*, user=None):
    qs = _activities(user)
    for a in qs.iterator(chunk_size=1000):
        yield {"活动编号": a.pk, "活动名称": a.title, "服务类别": KINDS.get(a.kind, (a.kind,))[0],
               "服务场景": SETTINGS.get(a.setting, (a.setting,))[0], "组织单位": a.team.name,
               "所属项目编号": a.project.code if a.project_id else "", "所在区划代码": a.region_id,
               "活动地点": a.place, "开始时间": _local(a.starts_at), "结束时间": _local(a.ends_at),
               "招募人数": a.capacity, "服务人次": a.people_served, "状态": a.get_status_display()}


# --- Service records (approved ledger entries) ---------------------------------------------------

def _records(user):
    qs = LedgerEntry.objects.filter(decision__decision="approved").select_related(
        "volunteer", "activity", "team", "decision")
    return _scoped(qs, user, "region").order_by("pk")


def _with_evaluations(queryset):
    """Each entry of an activity (not a correction) with the organisers' evaluation of that service, if any."""
    evaluation = SignUp.objects.filter(activity_id=OuterRef("activity_id"), volunteer_id=OuterRef("volunteer_id"),
                                       rating__isnull=False).exclude(activity_id=None)
    fields = {"eval_rating": "rating", "eval_note": "rating_note", "eval_at": "rated_at",
              "eval_by": "rated_by__display_name"}
    return queryset.annotate(**{name: Subquery(evaluation.values(field)[:1]) for name, field in fields.items()})


def record_rows(*, user=None):
    """One row per approved entry: service and training hours in their own fields, the evaluation beside them."""
    qs = _with_evaluations(_records(user))
    clear = may_see_clear(user)
    for e in qs.iterator(chunk_size=2000):
        v, training = e.volunteer, e.category == LedgerEntry.Category.TRAINING
        rated = e.eval_rating is not None and e.kind != LedgerEntry.Kind.CORRECTION
        yield {"记录编号": e.pk, "志愿者编号": v.volunteer_number, "姓名": v.name, "证件类型": ID_TYPE,
               "证件号码": crypto.decrypt(v.id_number_encrypted) if clear else v.id_number_masked,
               "活动编号": e.activity_id or "", "活动名称": e.activity.title if e.activity_id else e.content,
               "服务日期": e.served_on.isoformat(), "开始时间": _local(e.started_at), "结束时间": _local(e.ended_at),
               "服务时长": NO_HOURS if training else e.hours, "培训时长": e.hours if training else NO_HOURS,
               "记录性质": e.get_category_display(), "记录类型": e.get_kind_display(),
               "更正记录编号": e.corrects_id or "", "记录单位": e.team.name if e.team_id else "",
               "所在区划代码": e.region_id, "审核时间": _local(e.decision.created_at),
               "服务评价": e.eval_rating if rated else "", "评价说明": e.eval_note if rated else "",
               "评价人": (e.eval_by or "") if rated else "", "评价时间": _local(e.eval_at) if rated else ""}


def _counted(queryset_fn):
    return lambda *, user=None: queryset_fn(user).count()


EXPORTS = {
    "volunteers": Export(columns=volunteer_exports.COLUMNS, rows=volunteer_exports.rows,
                         count=_counted(volunteer_exports.volunteers_for)),
    "posts": Export(columns=post_exports.COLUMNS, rows=post_exports.rows, count=_counted(post_exports.posts_for)),
    "activities": Export(columns=activity_exports.ACTIVITY_COLUMNS, rows=activity_exports.activity_rows,
                         count=_counted(activity_exports.activities_for)),
    "national_volunteers": Export(columns=VOLUNTEER_COLUMNS, rows=volunteer_rows, count=_counted(_volunteers)),
    "national_activities": Export(columns=ACTIVITY_COLUMNS, rows=activity_rows, count=_counted(_activities)),
    "national_service_records": Export(columns=RECORD_COLUMNS, rows=record_rows, count=_counted(_records)),
    "credentials": Export(columns=volunteer_exports.CREDENTIAL_COLUMNS, rows=volunteer_exports.credential_rows,
                          count=_counted(volunteer_exports.credentials_for)),
    "insured_roster": Export(columns=insurance_exports.COLUMNS, rows=insurance_exports.rows),
}
