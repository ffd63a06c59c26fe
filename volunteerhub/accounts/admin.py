from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied

from volunteerhub.accounts.consents import policy_publish
from volunteerhub.accounts.models import ApiToken, PolicyConsent, PolicyText, User, WeChatIdentity
from volunteerhub.accounts.services import account_sign_out_everywhere
from volunteerhub.core.admin import ReadOnlyAdmin, SuperuserOnlyAdmin
from volunteerhub.regions.admin import RegionLevelFilter, RegionScopedAdmin

# What makes an account powerful: set only by a superuser (or a service that appoints, audited).
PRIVILEGED = ("phone", "password", "role", "region", "team", "is_active", "is_staff", "is_superuser", "groups",
              "user_permissions", "last_login", "date_joined")


@admin.register(User)
class UserAdmin(RegionScopedAdmin, BaseUserAdmin):
    """Staff see the accounts of their region; below a superuser nobody grants rights, changes a role, a
    region or a team, sets a password, or edits another staff account (their own included)."""

    privileged_fields = PRIVILEGED
    ordering = ["-date_joined"]
    list_display = ["phone", "display_name", "role", "region", "team", "is_active", "is_staff"]
    list_filter = [RegionLevelFilter, "role", "is_active", "is_staff"]
    search_fields = ["phone", "display_name"]
    raw_id_fields = ["region", "team"]
    fieldsets = [
        (None, {"fields": ["phone", "password", "display_name"]}),
        ("角色与范围", {"fields": ["role", "region", "team"]}),
        ("权限", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("时间", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["phone", "role", "region", "password1", "password2"]})]

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        if request.user.is_superuser:
            return True
        if obj is not None and (obj.is_staff or obj.is_superuser):
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        """A superuser's change of rights ends the account's tokens and sessions: it signs in again as what
        it now is."""
        super().save_model(request, obj, form, change)
        if change and set(form.changed_data) & set(PRIVILEGED):
            account_sign_out_everywhere(user=obj, reason="rights_changed")

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:  # a new password was set
            account_sign_out_everywhere(user=User.objects.get(pk=id), reason="password_set")
        return response


@admin.register(ApiToken)
class ApiTokenAdmin(SuperuserOnlyAdmin):
    list_display = ["user", "created_at", "last_used_at"]
    raw_id_fields = ["user"]
    readonly_fields = ["key_hash"]


@admin.register(WeChatIdentity)
class WeChatIdentityAdmin(SuperuserOnlyAdmin):
    list_display = ["user", "app_id", "openid_short", "created_at", "last_login_at"]
    search_fields = ["user__phone", "openid", "unionid"]
    readonly_fields = ["user", "app_id", "openid", "unionid", "created_at", "last_login_at"]

    @admin.display(description="OpenID")
    def openid_short(self, obj):
        return f"{obj.openid[:6]}…"

    def has_add_permission(self, request):
        return False


@admin.register(PolicyText)
class PolicyTextAdmin(SuperuserOnlyAdmin):
    """A new version is added, never an old one edited (people consented to it); saved through policy_publish."""

    list_display = ["kind", "version", "title", "published_at"]
    list_filter = ["kind"]
    fields = ["kind", "title", "body"]

    def get_readonly_fields(self, request, obj=None):
        return ["kind", "version", "title", "body", "published_at"] if obj is not None else []

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        published = policy_publish(by=request.user, kind=obj.kind, title=obj.title, body=obj.body)
        obj.pk, obj.version, obj.published_at = published.pk, published.version, published.published_at


@admin.register(PolicyConsent)
class PolicyConsentAdmin(SuperuserOnlyAdmin, ReadOnlyAdmin):
    list_display = ["user", "terms_version", "privacy_version", "sensitive_id_number", "location", "consented_at"]
    search_fields = ["user__phone"]
    raw_id_fields = ["user"]
