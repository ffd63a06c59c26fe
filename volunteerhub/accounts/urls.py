from django.contrib.auth import views as auth_views
from django.urls import path

from volunteerhub.accounts import views
from volunteerhub.accounts.forms import LoginForm

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(template_name="accounts/login.html", authentication_form=LoginForm), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(next_page="/"), name="logout"),
    path("accounts/password/", views.password_change, name="password-change"),
    path("accounts/password/forgot/", views.password_forgot, name="password-forgot"),
    path("accounts/consent/", views.policy_consent, name="policy-consent"),
    path("policies/<slug:kind>/", views.policy, name="policy"),
    path("accounts/sign-out-everywhere/", views.sign_out_everywhere, name="sign-out-everywhere"),
]
