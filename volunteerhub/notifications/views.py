from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from volunteerhub.notifications import selectors, services


@login_required
def inbox(request):
    if request.method == "POST":
        services.notification_mark_read(user=request.user)
        return redirect("inbox")
    return render(request, "notifications/inbox.html", {
        "items": selectors.inbox_of(user=request.user)[:100], "unread": selectors.unread_count(user=request.user)})
