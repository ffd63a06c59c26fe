"""Activity pages: list with filters, detail with sign-up, organiser's roster and rotating QR, scan page."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.utils.translation import gettext, gettext_lazy, pgettext

from volunteerhub.core.i18n import Text
from volunteerhub.activities import selectors, services
from volunteerhub.activities.models import Activity, Kind, Setting, SignUp
from volunteerhub.core.errors import ApplicationError, ValidationFailed
from volunteerhub.regions.models import Region
from volunteerhub.volunteers.selectors import volunteer_of


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def activity_list(request):
    user = request.user if request.user.is_authenticated else None
    f = {k: request.GET.get(k) or "" for k in ("kind", "setting", "region", "status", "date_from", "date_to", "q")}
    qs = selectors.activities_filtered(
        selectors.activities_visible_to(user=user), kind=f["kind"], setting=f["setting"], region=f["region"],
        status=f["status"], date_from=_date(f["date_from"]), date_to=_date(f["date_to"]), q=f["q"])
    if not any(f.values()):
        qs = qs.filter(ends_at__gte=timezone.now(), status=Activity.Status.PUBLISHED)
    order = "-starts_at" if f["status"] == "finished" or f["date_to"] else "starts_at"
    page = Paginator(qs.order_by(order, "pk"), 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "activities/list.html", {
        "page": page, "f": f, "kinds": Kind.choices, "settings": Setting.choices, "statuses": Activity.Status.choices,
        "counties": Region.objects.filter(level="county").order_by("code"), "query": query.urlencode()})


def activity_detail(request, activity_id: int):
    user = request.user if request.user.is_authenticated else None
    activity = selectors.activity_get_for(user=user, activity_id=activity_id)
    volunteer = volunteer_of(user=user)
    mine = selectors.signup_of(activity=activity, volunteer=volunteer)
    return render(request, "activities/detail.html", {
        "activity": activity, "volunteer": volunteer, "mine": mine,
        "rank": selectors.waitlist_rank(mine) if mine else None,
        "can_manage": selectors.can_manage_activity(user=user, activity=activity),
        "quals": activity.required_qualifications.all(), "cohosts": activity.cohost_teams.all()})


@login_required
@require_POST
def activity_sign_up(request, activity_id: int):
    activity = selectors.activity_get_for(user=request.user, activity_id=activity_id)
    volunteer = volunteer_of(user=request.user)
    try:
        if volunteer is None:
            messages.error(request, gettext("Register as a volunteer first"))
        elif request.POST.get("action") == "cancel":
            services.activity_cancel_sign_up(activity=activity, volunteer=volunteer)
            messages.success(request, gettext("Sign-up cancelled"))
        else:
            signup = services.activity_sign_up(activity=activity, volunteer=volunteer)
            if signup.status == SignUp.Status.CONFIRMED:
                messages.success(request, pgettext("variant-b3096577", "You are signed up"))
            else:
                messages.success(request, gettext("Full: you are number {waitlist_rank} on the waitlist").format(waitlist_rank=selectors.waitlist_rank(signup)))
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    return redirect("activity-detail", activity_id=activity.pk)


@login_required
def activity_manage(request, activity_id: int):
    """The organiser's page: roster, manual check-in, messages to the roster, finishing."""
    activity = selectors.activity_get_to_manage(user=request.user, activity_id=activity_id)
    if request.method == "POST":
        _manage_post(request, activity)
        return redirect("activity-manage", activity_id=activity.pk)
    from volunteerhub.hours.selectors import entries_pending_for

    roster = list(selectors.roster(activity=activity))
    closes = services.evaluation_closes_at(activity)
    return render(request, "activities/manage.html", {
        "activity": activity, "roster": roster,
        "pending": entries_pending_for(user=request.user).filter(activity=activity),
        "served": [s for s in roster if s.status == SignUp.Status.CONFIRMED and s.checked_in_at is not None],
        "stars": [5, 4, 3, 2, 1], "evaluation_closes_at": closes,
        "evaluation_open": closes is not None and timezone.now() <= closes})


def _ratings_from(post) -> dict:
    """{signup_id: (stars, note)} from the form's rating_<id> and note_<id> fields; an empty choice gives none."""
    ratings = {}
    for name, value in post.items():
        if not name.startswith("rating_") or not value:
            continue
        try:
            ratings[int(name.removeprefix("rating_"))] = (int(value), post.get(f"note_{name.removeprefix('rating_')}", ""))
        except ValueError:
            raise ValidationFailed({name: [gettext_lazy("ratings are 1 to 5 stars")]}) from None
    return ratings


def _manage_post(request, activity: Activity) -> None:
    action = request.POST.get("action")
    try:
        if action in ("checkin", "checkout"):
            signup = SignUp.objects.filter(pk=request.POST.get("signup_id"), activity=activity).first()
            if signup is None:
                raise ApplicationError(gettext("No such sign-up"))
            do = services.signup_check_in_manually if action == "checkin" else services.signup_check_out_manually
            do(signup=signup, user=request.user, reason=request.POST.get("reason", ""))
        elif action == "message":
            sent = services.roster_message(activity=activity, user=request.user, title=request.POST.get("title", ""),
                                           body=request.POST.get("body", ""),
                                           include_waitlist=request.POST.get("include_waitlist") == "on")
            messages.success(request, gettext("Sent to {sent} people").format(sent=sent))
            return
        elif action == "publish":
            services.activity_publish(activity=activity, user=request.user)
        elif action == "finish":
            services.activity_finish(activity=activity, user=request.user,
                                     people_served=int(request.POST.get("people_served") or 0),
                                     ratings=_ratings_from(request.POST))
        elif action == "rate":
            changed = services.signup_rate(activity=activity, user=request.user, ratings=_ratings_from(request.POST))
            messages.success(request, gettext("{changed} evaluation(s) saved").format(changed=changed))
            return
        elif action in ("approve", "reject"):
            from volunteerhub.hours import selectors as hours_selectors
            from volunteerhub.hours.services import ledger_entry_decide

            entry = hours_selectors.entry_get_for_manager(user=request.user, entry_id=int(request.POST.get("entry_id")))
            ledger_entry_decide(entry=entry, user=request.user, approve=action == "approve",
                                note=request.POST.get("note", ""))
        messages.success(request, gettext("Saved"))
    except ApplicationError as exc:
        reasons = "；".join(str(r) for rs in exc.fields.values() for r in rs)
        messages.error(request, f"{exc.message}（{reasons}）" if reasons else str(exc.message))
    except (ValueError, TypeError) as exc:
        messages.error(request, str(exc))


@login_required
def activity_qr(request, activity_id: int):
    """Full-screen rotating QR code for volunteers to scan at the place."""
    activity = selectors.activity_get_to_manage(user=request.user, activity_id=activity_id)
    return render(request, "activities/qr.html", {"activity": activity})


@login_required
def checkin(request):
    """The page a volunteer's phone opens from the QR code: it sends the token and the location."""
    return render(request, "activities/checkin.html", {"token": request.GET.get("token", ""),
                                                       "volunteer": volunteer_of(user=request.user)})


@login_required
def my_activities(request):
    volunteer = volunteer_of(user=request.user)
    rows = selectors.signups_of(volunteer=volunteer)[:100] if volunteer else []
    return render(request, "activities/mine.html", {"rows": rows})


@login_required
def activity_sign_up_on_behalf(request, activity_id: int):
    """The organiser signs up people registered on their behalf (villagers without a phone), found by name or
    volunteer number among those in reach; they are then checked in and out by hand on the manage page."""
    from volunteerhub.volunteers.selectors import registered_on_behalf, volunteer_get_for

    activity = selectors.activity_get_to_manage(user=request.user, activity_id=activity_id)
    if request.method == "POST":
        try:
            volunteer = volunteer_get_for(user=request.user, volunteer_id=_id(request.POST.get("volunteer_id")))
            signup = services.activity_sign_up_on_behalf(activity=activity, volunteer=volunteer, by=request.user)
            messages.success(request, gettext("{name} is signed up ({status})").format(name=volunteer.name, status=signup.get_status_display()))
        except ApplicationError as exc:
            messages.error(request, str(exc.message))
        return redirect("activity-sign-up-on-behalf", activity_id=activity.pk)
    q = request.GET.get("q", "")
    on_roster = SignUp.objects.filter(activity=activity).exclude(status=SignUp.Status.CANCELLED) \
        .values_list("volunteer_id", flat=True)
    people = registered_on_behalf(user=request.user, q=q).exclude(pk__in=on_roster)[:100]
    return render(request, "activities/on_behalf.html", {"activity": activity, "people": people, "q": q})


def _id(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
