from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from volunteerhub.accounts.models import ApiToken, User, WeChatIdentity
from volunteerhub.regions.admin import RegionLevelFilter


@admin.register(User)
class UserAdmin(BaseUserAdmin):
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

    def get_queryset(self, request):
        from volunteerhub.regions.scope import in_reach

        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else in_reach(qs, request.user)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "last_used_at"]
    raw_id_fields = ["user"]
    readonly_fields = ["key_hash"]


@admin.register(WeChatIdentity)
class WeChatIdentityAdmin(admin.ModelAdmin):
    list_display = ["user", "app_id", "openid_short", "created_at", "last_login_at"]
    search_fields = ["user__phone", "openid", "unionid"]
    readonly_fields = ["user", "app_id", "openid", "unionid", "created_at", "last_login_at"]

    @admin.display(description="OpenID")
    def openid_short(self, obj):
        return f"{obj.openid[:6]}…"

    def has_add_permission(self, request):
        return False
