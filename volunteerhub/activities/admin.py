from django.contrib import admin

from volunteerhub.activities.models import Activity, ActivityReminder, CheckEvent, Project, SignUp
from volunteerhub.regions.admin import RegionLevelFilter, RegionScopedAdmin


@admin.register(Project)
class ProjectAdmin(RegionScopedAdmin):
    list_display = ["code", "name", "team", "region", "kind", "is_active"]
    list_filter = ["kind", "is_active", RegionLevelFilter]
    search_fields = ["code", "name", "team__name"]
    raw_id_fields = ["team"]


class SignUpInline(admin.TabularInline):
    model = SignUp
    extra = 0
    fields = ["volunteer", "status", "position", "checked_in_at", "checked_out_at", "checkin_method", "rating"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Activity)
class ActivityAdmin(RegionScopedAdmin):
    """Seat counters are kept by the sign-up service: read-only here."""

    list_display = ["title", "kind", "setting", "status", "team", "region", "starts_at", "capacity",
                    "confirmed_count", "waitlist_count", "people_served"]
    list_filter = ["status", "kind", "setting", RegionLevelFilter]
    search_fields = ["title", "place", "team__name"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["team", "project", "series", "created_by"]
    filter_horizontal = ["cohost_teams", "required_qualifications"]
    readonly_fields = ["confirmed_count", "waitlist_count", "cell", "published_at", "finished_at"]
    inlines = [SignUpInline]


@admin.register(SignUp)
class SignUpAdmin(RegionScopedAdmin):
    """Changes to sign-ups go through the services (waitlist, counters): read-only here."""

    region_field = "activity__region"
    list_display = ["activity", "volunteer", "status", "position", "checked_in_at", "checked_out_at", "checkin_method"]
    list_filter = ["status", "checkin_method"]
    search_fields = ["activity__title", "volunteer__name", "volunteer__volunteer_number"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CheckEvent)
class CheckEventAdmin(RegionScopedAdmin):
    region_field = "signup__activity__region"
    list_display = ["signup", "action", "method", "at", "distance_m", "reason", "by"]
    list_filter = ["action", "method"]
    search_fields = ["signup__volunteer__name", "reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ActivityReminder)
class ActivityReminderAdmin(admin.ModelAdmin):
    list_display = ["activity", "hours_before", "status", "recipients", "queued_at", "sent_at"]
    list_filter = ["status", "hours_before"]
    search_fields = ["activity__title"]
    readonly_fields = ["activity", "hours_before", "status", "recipients", "queued_at", "sent_at"]

    def has_add_permission(self, request):
        return False
