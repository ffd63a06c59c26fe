from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from volunteerhub.awards.selectors import awards_of_volunteer
from volunteerhub.core import throttle
from volunteerhub.core.errors import ApplicationError
from volunteerhub.core.i18n import t
from volunteerhub.core.masking import mask_phone
from volunteerhub.hours.selectors import volunteer_totals
from volunteerhub.regions.models import Region
from volunteerhub.volunteers import selectors, services
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
            throttle.rate_limit(f"register:ip:{request.META.get('REMOTE_ADDR', '')}",
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


@login_required
def me(request):
    volunteer = selectors.volunteer_of(user=request.user)
    error = None
    if request.method == "POST" and volunteer is not None:
        try:
            services.volunteer_update_profile(volunteer=volunteer, changes={
                "region_code": request.POST.get("region_code", volunteer.region_id),
                "skills": [s for s in request.POST.get("skills", "").replace("，", ",").split(",") if s.strip()],
                "qualifications": request.POST.getlist("qualifications"),
                "show_name_publicly": request.POST.get("show_name_publicly") == "on",
            })
            messages.success(request, t("资料已保存", "Profile saved"))
            return redirect("me")
        except ApplicationError as exc:
            error = exc.as_json()
    totals = volunteer_totals(volunteer=volunteer) if volunteer else None
    return render(request, "volunteers/me.html", {
        "volunteer": volunteer, "totals": totals,
        "star_range": range(totals["star_level"]) if totals else range(0),
        "awards": awards_of_volunteer(volunteer) if volunteer else [], "phone_masked": mask_phone(request.user.phone), "error": error,
        "counties": Region.objects.filter(level__in=["county", "township"]).order_by("path"),
        "qualifications": Qualification.objects.all(),
        "my_quals": set(volunteer.qualifications.values_list("code", flat=True)) if volunteer else set(),
    })
