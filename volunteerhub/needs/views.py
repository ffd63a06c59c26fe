import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.utils.translation import gettext

from volunteerhub.accounts.models import Role
from volunteerhub.core.errors import ApplicationError
from volunteerhub.needs import calls, proof, rounds, selectors, services
from volunteerhub.needs.models import NeedCall, NeedKind, Urgency, Vulnerability
from volunteerhub.regions.models import Region
from volunteerhub.volunteers.models import Qualification, Volunteer
from volunteerhub.volunteers.selectors import volunteer_of

FORM_FIELDS = ["kind", "description", "place", "lat", "lng", "coord", "region_code", "window_start", "window_end",
               "urgency", "contact_name", "contact_phone"]


def _float(value):
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _when(value):
    try:
        parsed = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def _can_organise(user) -> bool:
    return user.is_authenticated and (user.is_admin or user.role == "organizer")


def _takes_calls(user) -> bool:
    """Organisers, administrators and operators record needs for people who phone in."""
    return _can_organise(user) or (user.is_authenticated and user.role == Role.OPERATOR)


@login_required
def need_list(request):
    managed = selectors.needs_managed_by(user=request.user) if _can_organise(request.user) \
        else selectors.needs_taken_by_phone(user=request.user)
    callbacks = request.GET.get("callback") == "due"
    if callbacks:  # the team's follow-up list: finished, not yet called back
        managed = managed.filter(status="done", callback_at__isnull=True)
    return render(request, "needs/list.html", {
        "mine": [] if callbacks else selectors.needs_of(user=request.user).order_by("-created_at")[:100],
        "managed": managed.order_by("-urgency", "-priority", "window_end")[:100], "callbacks": callbacks,
        "can_assign": _can_organise(request.user),
    })


@login_required
def need_new(request):
    now = timezone.localtime() + dt.timedelta(hours=1)
    data = {"coord": "wgs84", "urgency": "1", "window_start": now.strftime("%Y-%m-%dT%H:00"),
            "window_end": (now + dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:00"),
            "region_code": request.user.region_id or ""}
    error = None
    if request.method == "POST":
        data = {k: request.POST.get(k, "").strip() for k in FORM_FIELDS}
        try:
            need = services.need_create(
                actor=request.user, kind=data["kind"], description=data["description"], place=data["place"],
                lat=_float(data["lat"]), lng=_float(data["lng"]), coord=data["coord"] or "wgs84",
                region_code=data["region_code"], window_start=_when(data["window_start"]),
                window_end=_when(data["window_end"]), urgency=int(data["urgency"] or 1),
                qualifications=request.POST.getlist("qualifications"),
                contact_name=data["contact_name"] if _takes_calls(request.user) else "",
                contact_phone=data["contact_phone"], vulnerabilities=request.POST.getlist("vulnerabilities"))
            messages.success(request, gettext("Posted: you will be told when a volunteer accepts"))
            return redirect("need-detail", need_id=need.pk)
        except ApplicationError as exc:
            error = exc.as_json()
    return render(request, "needs/new.html", {
        "data": data, "error": error, "kinds": NeedKind.choices, "urgencies": Urgency.choices,
        "qualifications": Qualification.objects.all(), "can_organise": _takes_calls(request.user),
        "vulnerabilities": Vulnerability.objects.all(), "flagged": request.POST.getlist("vulnerabilities"),
        "regions": _regions_to_pick(request.user),
    }, status=400 if error else 200)


def _regions_to_pick(user):
    """Counties and townships; for those who take calls, the villages of their own region too."""
    regions = Region.objects.filter(level__in=["county", "township"])
    if user.role == Role.OPERATOR and user.region_id:
        regions = Region.objects.filter(path__startswith=user.region.path)
    return regions.order_by("path")


def need_detail(request, need_id: int):
    user = request.user if request.user.is_authenticated else None
    try:
        need, involved = selectors.need_get_for(user=user, need_id=need_id)
    except ApplicationError:
        raise Http404 from None
    volunteer = volunteer_of(user=user) if user else None
    return render(request, "needs/detail.html", {
        "need": need, "view": selectors.need_full(need, viewer=request.user) if involved else selectors.need_public(need),
        "involved": involved, "can_accept": volunteer is not None and need.status == "open",
        "is_handler": volunteer is not None and need.volunteer_id == volunteer.pk,
        "is_requester": user is not None and user.pk in (need.resident_id, need.created_by_id),
        "can_manage": _can_organise(request.user) and involved,
        "takes_calls": _takes_calls(request.user) and involved,
        "call_purposes": NeedCall.Purpose.choices, "call_outcomes": NeedCall.Outcome.choices,
        "confirmation_code": proof.confirmation_code(need)
        if volunteer is not None and need.volunteer_id == volunteer.pk and not need.confirmed_at else "",
    })


@login_required
def need_evidence_photo(request, need_id: int, evidence_id: int):
    """A photo of a service, for those who see the need in full; never cached by a shared cache."""
    need, involved = selectors.need_get_for(user=request.user, need_id=need_id)
    evidence = need.evidence.filter(pk=evidence_id).exclude(photo="").first() if involved else None
    if evidence is None:
        raise Http404
    response = FileResponse(evidence.photo.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response


ACTIONS = {"accept", "start", "complete", "rate", "cancel", "release", "call", "evidence", "confirm", "send-code"}


@login_required
@require_POST
def need_action(request, need_id: int, action: str):
    if action not in ACTIONS:
        raise Http404
    need = selectors.need_get(need_id=need_id)
    reason = request.POST.get("reason", "")
    try:
        if action == "accept":
            volunteer = volunteer_of(user=request.user)
            if volunteer is None:
                raise ApplicationError(gettext("Register as a volunteer first"))
            services.need_accept(need=need, volunteer=volunteer)
        elif action == "start":
            services.need_start(need=need, actor=request.user)
        elif action == "complete":
            services.need_complete(need=need, actor=request.user, note=reason)
        elif action == "rate":
            services.need_rate(need=need, actor=request.user, rating=int(request.POST.get("rating") or 0),
                               feedback=request.POST.get("feedback", ""))
        elif action == "cancel":
            services.need_cancel(need=need, actor=request.user, reason=reason)
        elif action == "release":
            services.need_release(need=need, actor=request.user, reason=reason)
        elif action == "evidence":
            proof.evidence_add(need=need, actor=request.user, photo=request.FILES.get("photo"),
                               note=request.POST.get("note", ""))
        elif action == "confirm":
            proof.need_confirm(need=need, actor=request.user, code=request.POST.get("code", ""), note=reason)
        elif action == "send-code":
            proof.confirmation_code_send(need=need, actor=request.user)
        elif action == "call":
            score = request.POST.get("satisfaction") or None
            calls.need_call_log(need=need, by=request.user, callee=request.POST.get("callee", ""),
                                purpose=request.POST.get("purpose", ""), outcome=request.POST.get("outcome", ""),
                                satisfaction=int(score) if score else None, note=reason)
        messages.success(request, gettext("Updated"))
    except (ApplicationError, ValueError) as exc:
        messages.error(request, str(getattr(exc, "message", exc)))
    return redirect("need-detail", need_id=need_id)


@login_required
def need_matches(request, need_id: int):
    need = selectors.need_get(need_id=need_id)
    error = None
    if request.method == "POST":
        volunteer = Volunteer.objects.select_related("user").filter(pk=request.POST.get("volunteer_id")).first()
        try:
            if volunteer is None:
                raise ApplicationError(gettext("No such volunteer"))
            services.need_assign(need=need, volunteer=volunteer, actor=request.user)
            messages.success(request, gettext("Assigned to {name}").format(name=volunteer.name))
            return redirect("need-detail", need_id=need.pk)
        except ApplicationError as exc:
            error = str(exc.message)
    try:
        ranked = selectors.volunteers_for_need(need=need, user=request.user)
    except ApplicationError:
        raise Http404 from None
    return render(request, "needs/matches.html", {"need": need, "ranked": ranked, "error": error,
                                                  "can_assign": _can_organise(request.user) and need.status == "open"})


@login_required
def batch(request):
    if not _can_organise(request.user):
        raise Http404
    if request.method == "POST":
        pairs = []
        for value in request.POST.getlist("pair"):
            need_id, _, volunteer_id = value.partition(":")
            if need_id.isdigit() and volunteer_id.isdigit():
                pairs.append((int(need_id), int(volunteer_id)))
        result = services.needs_batch_assign(actor=request.user, pairs=pairs)
        messages.success(request, gettext("Assigned {count}, skipped {count2}").format(count=len(result['assigned']), count2=len(result['skipped'])))
        return redirect("needs-batch")
    plan = selectors.batch_plan(user=request.user, region_code=request.GET.get("region") or None)
    return render(request, "needs/batch.html", {"plan": plan, "pairs": plan.pairs(), "unassigned": plan.unassigned(),
                                                "total_km": plan.optimal.total_distance_m / 1000,
                                                "greedy_km": plan.greedy.total_distance_m / 1000})


@login_required
def my_matches(request):
    volunteer = volunteer_of(user=request.user)
    needs = selectors.needs_for_volunteer(volunteer=volunteer) if volunteer else []
    activities = selectors.activities_for_volunteer(volunteer=volunteer) if volunteer else []
    return render(request, "needs/my_matches.html", {
        "volunteer": volunteer, "rounds": selectors.rounds_of(user=request.user) if volunteer else [], "needs": [(selectors.band_m(h.distance_m), selectors.need_public(h.obj)) for h in needs],
        "activities": [(selectors.band_m(h.distance_m), h.obj) for h in activities]})


@login_required
def round_page(request, round_id: int):
    """A day's round on the volunteer's phone: the stops in order, each marked done or not done with a note."""
    try:
        planned = selectors.round_get_for(user=request.user, round_id=round_id)
    except ApplicationError:
        raise Http404 from None
    if request.method == "POST":
        stop = planned.stops.filter(pk=request.POST.get("stop_id") or 0).first()
        if stop is None:
            raise Http404
        try:
            rounds.round_stop_mark(stop=stop, actor=request.user, done=request.POST.get("outcome") == "done",
                                   note=request.POST.get("note", ""))
            messages.success(request, gettext("Stop {position} marked").format(position=stop.position))
        except ApplicationError as exc:
            messages.error(request, str(exc.message))
        return redirect("need-round", round_id=planned.pk)
    return render(request, "needs/round.html", {
        "round": planned, "stops": planned.stops.select_related("need").order_by("position"),
        "km": planned.length_m / 1000, "nn_km": planned.nearest_neighbour_length_m / 1000})


def rate_by_link(request, token: str):
    """The one-tap rating page a text message links to: five big buttons, no sign-in."""
    need = services.need_for_rating_link(token)
    if need is None and request.method != "POST":
        return render(request, "needs/rate_link.html", {"need": None}, status=404)
    if request.method == "POST":
        try:
            services.need_rate_by_link(token=token, rating=int(request.POST.get("rating") or 0),
                                       feedback=request.POST.get("feedback", ""))
            return render(request, "needs/rate_link.html", {"need": None, "thanks": True})
        except (ApplicationError, ValueError):
            return render(request, "needs/rate_link.html", {"need": need, "error": True}, status=400)
    return render(request, "needs/rate_link.html", {"need": need})
