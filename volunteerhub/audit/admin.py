from django.contrib import admin

from volunteerhub.audit.models import AuditEvent
from volunteerhub.core.admin import ReadOnlyAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "target_type", "target_id", "source", "ip"]
    list_filter = ["action", "target_type", "source"]
    search_fields = ["target_id", "target_type", "action"]
    date_hierarchy = "at"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        path = request.user.reach_path()
        return qs.none() if path is None else qs.filter(region_path__startswith=path)
