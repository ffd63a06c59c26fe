from django.contrib import admin

from volunteerhub.core.admin import ReferenceDataAdmin
from volunteerhub.regions.admin import RegionLevelFilter, RegionScopedAdmin
from volunteerhub.volunteers.models import Qualification, Volunteer


@admin.register(Qualification)
class QualificationAdmin(ReferenceDataAdmin):
    list_display = ["code", "name", "name_en"]
    search_fields = ["code", "name", "name_en"]


@admin.register(Volunteer)
class VolunteerAdmin(RegionScopedAdmin):
    list_display = ["volunteer_number", "name", "id_number_masked", "gender", "region", "team", "channel", "status"]
    list_filter = [RegionLevelFilter, "status", "channel", "gender", "qualifications"]
    search_fields = ["volunteer_number", "name", "user__phone"]
    raw_id_fields = ["region", "team"]
    list_select_related = ["region", "team"]
    # The ciphertext and the blind index are never shown or edited here.
    exclude = ["id_number_encrypted", "id_number_hash"]
    readonly_fields = ["user", "volunteer_number", "id_number_masked", "gender", "birth_date", "channel", "registered_by"]

    def has_add_permission(self, request):
        return False  # registration goes through the service, which validates and encrypts
