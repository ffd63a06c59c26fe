from django.contrib import admin

from volunteerhub.records.models import Certificate
from volunteerhub.core.admin import ReadOnlyAdmin
from volunteerhub.regions.admin import RegionScopedAdmin


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin, RegionScopedAdmin):
    region_field = "volunteer__region"
    list_display = ["number", "name", "volunteer_number", "hours", "star_level", "issued_on"]
    search_fields = ["number", "volunteer_number", "name"]
