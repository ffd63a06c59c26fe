from django.contrib import admin

from volunteerhub.core.admin import ReferenceDataAdmin
from volunteerhub.regions.admin import RegionLevelFilter, RegionScopedAdmin
from volunteerhub.volunteers.models import Qualification, Volunteer
from volunteerhub.volunteers.selectors import may_see_clear_ids


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

    # What would complete the masked ID number: shown only to roles that may see the clear one.
    identity_fields = ("gender", "birth_date")

    def _without_identity(self, request, names) -> list:
        return list(names) if may_see_clear_ids(request.user) else [n for n in names if n not in self.identity_fields]

    def get_list_display(self, request):
        return self._without_identity(request, super().get_list_display(request))

    def get_list_filter(self, request):
        return self._without_identity(request, super().get_list_filter(request))

    def get_readonly_fields(self, request, obj=None):
        return self._without_identity(request, super().get_readonly_fields(request, obj))

    def get_exclude(self, request, obj=None):
        hidden = [] if may_see_clear_ids(request.user) else list(self.identity_fields)
        return [*(super().get_exclude(request, obj) or []), *hidden]
