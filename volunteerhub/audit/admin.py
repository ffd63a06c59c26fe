from django.contrib import admin

from volunteerhub.audit.models import AuditEvent
from volunteerhub.core.admin import ReadOnlyAdmin, SuperuserOnlyAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin, SuperuserOnlyAdmin):
    """Administrators read the audit trail of their region on its own page (/audit/); here, superusers only."""

    list_display = ["at", "actor", "action", "target_type", "target_id", "source", "ip"]
    list_filter = ["action", "target_type", "source"]
    search_fields = ["target_id", "target_type", "action"]
    date_hierarchy = "at"
