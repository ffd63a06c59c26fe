"""The call log of a need: who called whom, when, and what came of it. A call-back that reaches the resident
after the service closes the loop (and records their satisfaction)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from volunteerhub.accounts.models import User
from volunteerhub.audit.services import audit_record
from volunteerhub.core.errors import PermissionDenied, Problems
from volunteerhub.core.i18n import Text
from volunteerhub.core.masking import mask_in_text
from volunteerhub.core.versions import FIGURES, version_bump
from volunteerhub.needs.models import Need, NeedCall, NeedStatus
from volunteerhub.needs.selectors import takes_calls_for


@transaction.atomic
def need_call_log(*, need: Need, by: User, callee: str, purpose: str, outcome: str, note: str = "",
                  satisfaction: int | None = None, at: dt.datetime | None = None) -> NeedCall:
    """Log a call about a need: the managers of its region (organisers, administrators, operators in reach)."""
    if not takes_calls_for(by, need.region):
        raise PermissionDenied(Text("只能记录本辖区需求的通话", "You may log calls only for needs in your region"))
    now = timezone.now()
    at = at or now
    problems = Problems()
    callee = (callee or "").strip()
    if not 1 <= len(callee) <= 64:
        problems.add("callee", "请填写通话对象（1至64字）", "say who was called (1 to 64 characters)")
    if purpose not in NeedCall.Purpose.values:
        problems.add("purpose", "事由无效", f"one of {', '.join(NeedCall.Purpose.values)}")
    if outcome not in NeedCall.Outcome.values:
        problems.add("outcome", "结果无效", f"one of {', '.join(NeedCall.Outcome.values)}")
    if satisfaction is not None and (purpose != NeedCall.Purpose.CALLBACK or not 1 <= satisfaction <= 5):
        problems.add("satisfaction", "满意度为1至5，仅回访时填写", "1 to 5, on a call-back only")
    if at > now + dt.timedelta(minutes=5) or at < need.created_at - dt.timedelta(days=1):
        problems.add("at", "通话时间不合理", "the call's time is outside the need's life")
    if purpose == NeedCall.Purpose.CALLBACK and need.status not in (NeedStatus.DONE, NeedStatus.RATED):
        problems.add("purpose", "服务办结后才能回访", "a call-back comes after the service is done")
    note = mask_in_text((note or "").strip())
    if len(note) > 255:
        problems.add("note", "说明最多255字", "at most 255 characters")
    problems.raise_any()
    call = NeedCall.objects.create(need=need, by=by, callee=callee, purpose=purpose, outcome=outcome, note=note,
                                   satisfaction=satisfaction, at=at)
    if purpose == NeedCall.Purpose.CALLBACK and outcome == NeedCall.Outcome.REACHED:
        Need.objects.filter(pk=need.pk, callback_at__isnull=True).update(callback_at=at, updated_at=now)
    version_bump(FIGURES)  # satisfaction on the dashboards
    audit_record(action="need_call", target_type="need", target_id=need.pk, region=need.region, actor=by,
                 changes={"purpose": purpose, "outcome": outcome, "satisfaction": satisfaction})
    return call
