from django.contrib import admin, messages

from volunteerhub.core.admin import SuperuserOnlyAdmin
from volunteerhub.notifications import services
from volunteerhub.notifications.models import (AccessToken, Delivery, Notification,
                                               NotificationPreference)


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    fields = readonly_fields = ["channel", "status", "attempts", "next_attempt_at", "sent_at", "last_code", "last_error"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(SuperuserOnlyAdmin):
    list_display = ["title", "user", "kind", "urgent", "created_at", "read_at"]
    list_filter = ["kind", "urgent"]
    search_fields = ["title", "user__phone"]
    raw_id_fields = ["user"]
    date_hierarchy = "created_at"
    inlines = [DeliveryInline]


@admin.register(Delivery)
class DeliveryAdmin(SuperuserOnlyAdmin):
    """The send log: what went out on WeChat and SMS, what failed and why, what waits for a retry."""

    list_display = ["notification", "recipient", "channel", "status", "attempts", "next_attempt_at", "sent_at",
                    "last_code", "last_error"]
    list_filter = ["status", "channel", "notification__kind"]
    search_fields = ["notification__title", "notification__user__phone", "last_code", "provider_id"]
    readonly_fields = ["notification", "channel", "status", "attempts", "next_attempt_at", "claimed_at", "sent_at",
                       "last_code", "last_error", "provider_id", "created_at", "updated_at"]
    date_hierarchy = "created_at"
    actions = ["retry_now"]
    list_select_related = ["notification", "notification__user"]

    @admin.display(description="接收人")
    def recipient(self, obj):
        return obj.notification.user

    def has_add_permission(self, request):
        return False

    @admin.action(description="立即重发选中的失败/待发投递 Retry now")
    def retry_now(self, request, queryset):
        done = sum(services.delivery_retry_now(delivery=d) for d in queryset)
        self.message_user(request, f"已重新排队 {done} 条 (re-queued)", messages.SUCCESS)


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(SuperuserOnlyAdmin):
    list_display = ["user", "wechat", "sms", "quiet_start", "quiet_end", "updated_at"]
    list_filter = ["wechat", "sms"]
    search_fields = ["user__phone"]
    raw_id_fields = ["user"]


@admin.register(AccessToken)
class AccessTokenAdmin(SuperuserOnlyAdmin):
    """Only when it expires; the token itself is not shown."""

    list_display = ["name", "expires_at", "updated_at"]
    fields = readonly_fields = ["name", "expires_at", "updated_at"]

    def has_add_permission(self, request):
        return False
