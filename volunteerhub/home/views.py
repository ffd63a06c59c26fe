"""The pages a person lands on: the home page and their own page, composed from every app."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from volunteerhub.awards.selectors import awards_of_volunteer
from volunteerhub.core.errors import ApplicationError
from volunteerhub.core.masking import mask_phone
from volunteerhub.home import selectors as home_selectors
from volunteerhub.hours.selectors import volunteer_totals
from volunteerhub.regions.models import Region
from volunteerhub.volunteers import selectors, services
from volunteerhub.volunteers.models import Qualification


def home(request):
    """Everyone lands here: the public home, or (signed in) the home of their role."""
    kind = home_selectors.home_kind(request.user)
    if kind is None:
        return render(request, "home/index.html")
    context = {"kind": kind}
    if kind == home_selectors.RESIDENT:
        context.update(home_selectors.resident_home(user=request.user))
    elif kind == home_selectors.VOLUNTEER:
        context.update(home_selectors.volunteer_home(volunteer=selectors.volunteer_of(user=request.user)))
    else:
        context.update(home_selectors.workbench(user=request.user))
    return render(request, f"home/{kind}.html", context)


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
            messages.success(request, gettext("Profile saved"))
            return redirect("me")
        except ApplicationError as exc:
            error = exc.as_json()
    totals = volunteer_totals(volunteer=volunteer) if volunteer else None
    return render(request, "home/me.html", {
        "volunteer": volunteer, "totals": totals,
        "star_range": range(totals["star_level"]) if totals else range(0),
        "awards": awards_of_volunteer(volunteer) if volunteer else [], "phone_masked": mask_phone(request.user.phone), "error": error,
        "counties": Region.objects.filter(level__in=["county", "township"]).order_by("path"),
        "qualifications": Qualification.objects.all(),
        "my_quals": set(volunteer.qualifications.values_list("code", flat=True)) if volunteer else set(),
    })
