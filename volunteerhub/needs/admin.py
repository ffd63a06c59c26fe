from django.contrib import admin

from volunteerhub.core.admin import ReferenceDataAdmin
from volunteerhub.needs.models import Vulnerability


@admin.register(Vulnerability)
class VulnerabilityAdmin(ReferenceDataAdmin):
    """The commission adds circumstances beside the starting list (superusers; others look them up)."""

    list_display = ["code", "name", "name_en", "weight"]
    search_fields = ["code", "name", "name_en"]
