from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm

from volunteerhub.accounts.services import login_check
from volunteerhub.core.addresses import client_ip
from volunteerhub.core.errors import ApplicationError


class CountedLogin:
    """Sign-in through accounts.services.login_check: the same failure counting, lock-out and audit as the API."""

    def clean(self):
        phone, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if phone and password:
            ip = client_ip(self.request) if self.request else ""
            try:
                self.user_cache = login_check(phone=phone, password=password, ip=ip)
            except ApplicationError as exc:
                raise forms.ValidationError(str(exc.message), code=exc.code) from None
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class LoginForm(CountedLogin, AuthenticationForm):
    """The site's sign-in form."""


class AdminLoginForm(CountedLogin, AdminAuthenticationForm):
    """The back-office's sign-in form (it also requires a staff account)."""
