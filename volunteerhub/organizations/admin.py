from django.contrib import admin

from volunteerhub.regions.admin import RegionLevelFilter, RegionScopedAdmin
from volunteerhub.organizations.models import ServicePost, Team


@admin.register(Team)
class TeamAdmin(RegionScopedAdmin):
    list_display = ["name", "kind", "region", "parent", "leader_name", "is_active"]
    list_filter = [RegionLevelFilter, "kind", "is_active"]
    search_fields = ["name", "leader_name", "region__name"]
    raw_id_fields = ["region", "parent"]
    list_select_related = ["region", "parent"]


@admin.register(ServicePost)
class ServicePostAdmin(RegionScopedAdmin):
    list_display = ["name", "kind", "region", "team", "opening_hours", "is_active"]
    list_filter = [RegionLevelFilter, "kind", "is_active"]
    search_fields = ["name", "address", "region__name"]
    raw_id_fields = ["region", "team"]
    list_select_related = ["region", "team"]
