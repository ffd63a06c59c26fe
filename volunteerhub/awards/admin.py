from django.contrib import admin

from volunteerhub.awards.models import Nomination, Objection
from volunteerhub.core.admin import SuperuserOnlyAdmin
from volunteerhub.regions.admin import RegionLevelFilter


class ObjectionInline(admin.TabularInline):
    model = Objection
    extra = 0
    can_delete = False
    readonly_fields = ["user", "reason", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Nomination)
class NominationAdmin(SuperuserOnlyAdmin):
    """Nominations are made, put on notice and decided on their pages (public notice, objections); here,
    superusers only, read-only."""

    list_display = ["title", "nominee_name", "kind", "status", "nominated_at", "notice_ends_at", "decided_at"]
    list_filter = ["status", "kind", "year", RegionLevelFilter]
    search_fields = ["title", "nominee_name"]
    readonly_fields = [f.name for f in Nomination._meta.fields]
    inlines = [ObjectionInline]

    def has_add_permission(self, request):
        return False
