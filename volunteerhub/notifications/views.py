from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from volunteerhub.notifications import selectors, services
from volunteerhub.notifications.forms import PreferencesForm


@login_required
def inbox(request):
    if request.method == "POST":
        services.notification_mark_read(user=request.user)
        return redirect("inbox")
    return render(request, "notifications/inbox.html", {
        "items": selectors.inbox_of(user=request.user)[:100], "unread": selectors.unread_count(user=request.user),
        # how a message went out (channel, refused, failed) is plumbing for staff, not for the person it was for
        "show_deliveries": request.user.is_staff})


@login_required
def preferences(request):
    current = selectors.preferences_for(user=request.user)
    form = PreferencesForm(request.POST or None, initial=current)
    if request.method == "POST" and form.is_valid():
        services.preference_update(user=request.user, **form.cleaned_data)
        messages.success(request, gettext("Notification settings saved"))
        return redirect("notification-preferences")
    return render(request, "notifications/preferences.html", {"form": form, "current": current})
