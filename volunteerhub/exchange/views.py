from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from volunteerhub.core.errors import ApplicationError
from volunteerhub.core.tables import CONTENT_TYPES
from volunteerhub.exchange import selectors, services


def _page(request, *, report=None, error=None, status=200):
    return render(request, "exchange/index.html", {
        "exports": selectors.export_names(), "log": selectors.log_visible_to(user=request.user)[:30],
        "report": report, "error": error, "clear": services.may_see_clear(request.user)}, status=status)


@login_required
def exchange_index(request):
    if not services.may_exchange(request.user):
        raise services.PermissionDenied(gettext_lazy("Only admins and organisers exchange data"))
    if request.method == "POST" and request.FILES.get("roster"):
        upload = request.FILES["roster"]
        try:
            report = services.roster_import(upload, user=request.user, file_name=upload.name)
        except ApplicationError as exc:
            return _page(request, error=exc.as_json(), status=exc.status)
        return _page(request, report=report.as_json(), status=200 if report.ok else 400)
    return _page(request)


@login_required
def exchange_export(request, name: str, fmt: str):
    try:
        body = services.export_bytes(name=name, fmt=fmt, user=request.user)
    except ApplicationError as exc:
        return _page(request, error=exc.as_json(), status=exc.status)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
