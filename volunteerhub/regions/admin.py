"""The back-office: the base every region-scoped admin inherits, and the regions' own (reference data)."""

from django.contrib import admin

from volunteerhub.audit.services import audit_record
from volunteerhub.regions.models import Region
from volunteerhub.regions.scope import in_reach


class RegionScopedAdmin(admin.ModelAdmin):
    """Lists only the admin's region subtree; every change made here also goes to the audit trail."""

    region_field = "region"

    def get_queryset(self, request):
        return in_reach(super().get_queryset(request), request.user, region_field=self.region_field)

    def _audit(self, request, obj, action: str, message) -> None:
        audit_record(action=f"admin_{action}", target_type=obj._meta.model_name, target_id=obj.pk,
                     region=getattr(obj, "region", None), actor=request.user,
                     changes={"fields": _changed_fields(message)})

    def log_addition(self, request, obj, message):
        self._audit(request, obj, "add", message)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._audit(request, obj, "change", message)
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            self._audit(request, obj, "delete", [])
        return super().log_deletions(request, queryset)


def _changed_fields(message) -> list[str]:
    """Field names from the admin's change message (never the values)."""
    names = []
    for part in message if isinstance(message, list) else []:
        for detail in part.values():
            names.extend(str(f) for f in detail.get("fields", []))
    return names


class RegionLevelFilter(admin.SimpleListFilter):
    """Filter by county (县区), the level admins steer by."""

    title = "县区"
    parameter_name = "county"
    region_field = "region"

    def lookups(self, request, model_admin):
        return [(r.code, r.name) for r in Region.objects.filter(level="county")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{f"{self.region_field}__path__contains": f"/{self.value()}/"})
        return queryset


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]
    list_select_related = ["parent"]
