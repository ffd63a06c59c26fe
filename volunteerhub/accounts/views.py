"""Account pages: a new password, a forgotten one, signing out everywhere, the agreement and privacy policy."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django.utils.translation import gettext

from volunteerhub.accounts import consents, services
from volunteerhub.core.addresses import client_ip
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


def password_forgot(request):
    """A forgotten password: the mobile, a texted code, a new password. The page answers the same whether or not
    the mobile has an account; without JavaScript the code comes by the form's own button."""
    context = {"data": {"phone": request.POST.get("phone", "").strip()}, "error": None, "code_sent": None,
               "resend_seconds": settings.SMS_CODE_RESEND_SECONDS}
    if request.method != "POST":
        return render(request, "accounts/password_forgot.html", context)
    try:
        if request.POST.get("action") == "send_code":
            services.password_reset_code_send(phone=context["data"]["phone"], ip=client_ip(request))
            context["code_sent"] = str(services.PASSWORD_CODE_SENT)
        else:
            services.password_reset(phone=context["data"]["phone"], code=request.POST.get("sms_code", ""),
                                    new_password=request.POST.get("new_password", ""))
            messages.success(request, gettext("Password set: sign in with the new one"))
            return redirect("login")
    except ApplicationError as exc:
        context["error"] = exc.as_json()
        return render(request, "accounts/password_forgot.html", context, status=exc.status)
    return render(request, "accounts/password_forgot.html", context)


def policy(request, kind: str):
    """The current user agreement or privacy policy, with its version."""
    return render(request, "accounts/policy.html", {"text": consents.policy_current(kind=kind)})


@login_required
def policy_consent(request):
    """Consent again after the agreement or privacy policy changed (the banner on every page leads here)."""
    error = None
    if request.method == "POST":
        try:
            consents.consent_record(user=request.user, **{box: bool(request.POST.get(box)) for box in CONSENT_BOXES},
                                    ip=client_ip(request), user_agent=request.headers.get("User-Agent", ""))
        except ApplicationError as exc:
            error = exc.as_json()
        else:
            messages.success(request, gettext("Thank you: recorded"))
            return redirect(_safe_next(request))
    return render(request, "accounts/consent.html", {
        "error": error, "texts": consents.policies_current(), "current": consents.consent_is_current(user=request.user),
        "next": _safe_next(request)}, status=400 if error else 200)


CONSENT_BOXES = ("accept_policies", "consent_id_number", "consent_location")


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    return target if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) else "/"
