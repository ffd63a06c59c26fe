from django import forms
from django.contrib.auth.forms import AuthenticationForm

from volunteerhub.accounts.services import login_check
from volunteerhub.core.errors import ApplicationError


class LoginForm(AuthenticationForm):
    """The sign-in form, with the same failure counting and lock-out as the API."""

    def clean(self):
        phone, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if phone and password:
            ip = self.request.META.get("REMOTE_ADDR", "") if self.request else ""
            try:
                self.user_cache = login_check(phone=phone, password=password, ip=ip)
            except ApplicationError as exc:
                raise forms.ValidationError(str(exc.message), code=exc.code) from None
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data
