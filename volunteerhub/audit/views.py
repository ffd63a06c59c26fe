import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from volunteerhub.core.errors import PermissionDenied
from volunteerhub.audit import selectors, words

def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
def audit_list(request):
    """Who changed what, when and from where, in the admin's region, newest first."""
    if not selectors.may_read_audit(request.user):
        raise PermissionDenied(gettext_lazy("Only admins may read the audit trail"))
    filters = {key: request.GET.get(key, "").strip()[:40] for key in ("action", "target_type", "target_id", "source")}
    since, until = _date(request.GET.get("since", "")), _date(request.GET.get("until", ""))
    events = selectors.audit_events(user=request.user, since=since, until=until, **filters)
    page = Paginator(events, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"e": e, "actor": str(e.actor) if e.actor else "", "did": words.action_words(e.action),
             "object": words.object_words(e.target_type), "source": words.source_words(e.source)}
            for e in page]  # str(user) masks the phone number
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/list.html", {
        "rows": rows, "page": page, "filters": filters, "since": since, "until": until, "query": query.urlencode(),
        "sources": {key: str(label) for key, label in words.SOURCES.items()},
        **_named_choices(selectors.audit_choices(user=request.user))})


def _named_choices(choices: dict[str, list[str]]) -> dict:
    """The filter menus as (code, words) pairs."""
    return {"actions": [(a, words.action_words(a)) for a in choices["actions"]],
            "target_types": [(t, words.object_words(t)) for t in choices["target_types"]]}
