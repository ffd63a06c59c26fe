"""Account pages: a new password, and signing out everywhere."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django.utils.translation import gettext

from volunteerhub.accounts import services
from volunteerhub.core.errors import ApplicationError


@login_required
def password_change(request):
    """Every device signs in again afterwards, this browser too."""
    error = None
    if request.method == "POST":
        try:
            services.password_change(user=request.user, old_password=request.POST.get("old_password", ""),
                                     new_password=request.POST.get("new_password", ""))
        except ApplicationError as exc:
            error = exc.as_json()
        else:
            logout(request)
            messages.success(request, gettext("Password changed: sign in with the new one"))
            return redirect("login")
    return render(request, "accounts/password.html", {"error": error}, status=400 if error else 200)


@login_required
@require_POST
def sign_out_everywhere(request):
    services.account_sign_out_everywhere(user=request.user)
    logout(request)
    messages.success(request, gettext("Signed out on every device"))
    return redirect("login")
