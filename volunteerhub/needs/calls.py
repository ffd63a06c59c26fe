"""The call log of a need: who called whom, when, and what came of it. A call-back that reaches the resident
after the service closes the loop (and records their satisfaction)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy, pgettext_lazy

from volunteerhub.accounts.models import User
from volunteerhub.audit.services import audit_record
from volunteerhub.core.errors import PermissionDenied, Problems
from volunteerhub.core.masking import mask_in_text
from volunteerhub.core.versions import FIGURES, version_bump
from volunteerhub.needs.models import Need, NeedCall, NeedStatus
from volunteerhub.needs.selectors import takes_calls_for


@transaction.atomic
def need_call_log(*, need: Need, by: User, callee: str, purpose: str, outcome: str, note: str = "",
                  satisfaction: int | None = None, at: dt.datetime | None = None) -> NeedCall:
    """Log a call about a need: the managers of its region (organisers, administrators, operators in reach)."""
    if not takes_calls_for(by, need.region):
        raise PermissionDenied(gettext_lazy("You may log calls only for needs in your region"))
    now = timezone.now()
    at = at or now
    problems = Problems()
    callee = (callee or "").strip()
    if not 1 <= len(callee) <= 64:
        problems.add("callee", gettext_lazy("say who was called (1 to 64 characters)"))
    if purpose not in NeedCall.Purpose.values:
        problems.add("purpose", format_lazy(pgettext_lazy("variant-146f3eef", "one of {join}"), join=', '.join(NeedCall.Purpose.values)))
    if outcome not in NeedCall.Outcome.values:
        problems.add("outcome", format_lazy(pgettext_lazy("variant-5279dde3", "one of {join}"), join=', '.join(NeedCall.Outcome.values)))
    if satisfaction is not None and (purpose != NeedCall.Purpose.CALLBACK or not 1 <= satisfaction <= 5):
        problems.add("satisfaction", gettext_lazy("1 to 5, on a call-back only"))
    if at > now + dt.timedelta(minutes=5) or at < need.created_at - dt.timedelta(days=1):
        problems.add("at", gettext_lazy("the call's time is outside the need's life"))
    if purpose == NeedCall.Purpose.CALLBACK and need.status not in (NeedStatus.DONE, NeedStatus.RATED):
        problems.add("purpose", gettext_lazy("a call-back comes after the service is done"))
    note = mask_in_text((note or "").strip())
    if len(note) > 255:
        problems.add("note", gettext_lazy("at most 255 characters"))
    problems.raise_any()
    call = NeedCall.objects.create(need=need, by=by, callee=callee, purpose=purpose, outcome=outcome, note=note,
                                   satisfaction=satisfaction, at=at)
    if purpose == NeedCall.Purpose.CALLBACK and outcome == NeedCall.Outcome.REACHED:
        Need.objects.filter(pk=need.pk, callback_at__isnull=True).update(callback_at=at, updated_at=now)
    version_bump(FIGURES)  # satisfaction on the dashboards
    audit_record(action="need_call", target_type="need", target_id=need.pk, region=need.region, actor=by,
                 changes={"purpose": purpose, "outcome": outcome, "satisfaction": satisfaction})
    return call
