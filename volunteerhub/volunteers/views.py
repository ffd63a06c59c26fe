from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render

from volunteerhub.core import throttle
from volunteerhub.core.addresses import client_ip
from volunteerhub.core.errors import ApplicationError
from volunteerhub.core.i18n import t
from volunteerhub.regions.models import Region
from volunteerhub.volunteers import services
from volunteerhub.volunteers.models import Qualification

FORM_FIELDS = ["name", "id_number", "phone", "password", "region_code", "skills", "home_lat", "home_lng"]


def _float_or_none(value: str):
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _form_context(data=None, error: ApplicationError | None = None) -> dict:
    return {
        "data": data or {},
        "error": error.as_json() if error else None,
        "counties": Region.objects.filter(level__in=["county", "township"]).order_by("path"),
        "qualifications": Qualification.objects.all(),
    }


def register(request):
    """Self-registration page; an organiser signed in registers on someone's behalf."""
    if request.method != "POST":
        return render(request, "volunteers/register.html", _form_context())
    data = {k: request.POST.get(k, "").strip() for k in FORM_FIELDS}
    registrar = request.user if request.user.is_authenticated and (request.user.is_admin or request.user.role == "organizer") else None
    try:
        if registrar is None:
            throttle.rate_limit(f"register:ip:{client_ip(request)}",
                                limit=settings.REGISTRATION_RATE_PER_HOUR, window_seconds=3600)
        volunteer = services.volunteer_register(
            name=data["name"], id_number=data["id_number"], phone=data["phone"],
            password=data["password"] or None, region_code=data["region_code"],
            skills=[s for s in data["skills"].replace("，", ",").split(",") if s.strip()],
            qualifications=request.POST.getlist("qualifications"),
            home_lat=_float_or_none(data["home_lat"]), home_lng=_float_or_none(data["home_lng"]),
            registered_by=registrar, team=registrar.team if registrar and registrar.team_id else None,
        )
    except ApplicationError as exc:
        data.pop("password", None)
        data["qualifications"] = request.POST.getlist("qualifications")
        return render(request, "volunteers/register.html", _form_context(data, exc), status=exc.status)
    messages.success(request, t(f"注册成功，志愿者编号 {volunteer.volunteer_number}",
                                f"Registered: volunteer number {volunteer.volunteer_number}"))
    if registrar is None:
        login(request, volunteer.user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("me")
    return redirect("volunteer-register")
