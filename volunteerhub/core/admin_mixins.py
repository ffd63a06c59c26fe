"""Back-office helpers: every admin list is limited to the signed-in admin's region subtree."""

from django.contrib import admin

from volunteerhub.accounts.scope import in_reach


class RegionScopedAdmin(admin.ModelAdmin):
    region_field = "region"

    def get_queryset(self, request):
        return in_reach(super().get_queryset(request), request.user, region_field=self.region_field)


class RegionLevelFilter(admin.SimpleListFilter):
    """Filter by county (县区), the level admins steer by."""

    title = "县区"
    parameter_name = "county"
    region_field = "region"

    def lookups(self, request, model_admin):
        from volunteerhub.regions.models import Region

        return [(r.code, r.name) for r in Region.objects.filter(level="county")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{f"{self.region_field}__path__contains": f"/{self.value()}/"})
        return queryset
