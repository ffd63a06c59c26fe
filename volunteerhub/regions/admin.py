"""The back-office: the base every region-scoped admin inherits, and the regions' own (reference data)."""

from django.contrib import admin

from volunteerhub.audit.services import audit_record
from volunteerhub.core.admin import ReferenceDataAdmin, ScopedChoicesAdmin
from volunteerhub.regions.models import Region
from volunteerhub.regions.scope import in_reach


class RegionScopedAdmin(ScopedChoicesAdmin):
    """Lists, opens and offers as choices only rows in the person's region subtree; fields named in
    `privileged_fields` are read-only below superuser; every change made here goes to the audit trail."""

    region_field = "region"
    privileged_fields: tuple = ()

    def get_queryset(self, request):
        return self.choices_in_reach(request, super().get_queryset(request))

    def choices_in_reach(self, request, queryset):
        return in_reach(queryset, request.user, region_field=self.region_field)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += [name for name in self.privileged_fields if name not in fields]
        return fields

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
class RegionAdmin(ReferenceDataAdmin):
    """The national division codes: looked up here, never moved in the tree through a form."""

    never_editable = ("code", "level", "parent", "path")
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]
    list_select_related = ["parent"]

    def choices_in_reach(self, request, queryset):
        """As a choice elsewhere (a team's region, a post's): only the person's own subtree."""
        return in_reach(queryset, request.user, region_field="")
