"""Back office for the ledger: read-only, since entries and decisions are append-only."""

from django.contrib import admin

from volunteerhub.core.admin import ReadOnlyAdmin
from volunteerhub.regions.admin import RegionLevelFilter, RegionScopedAdmin
from volunteerhub.hours.models import (CorrectionRequest, LedgerDecision, LedgerEntry, TeamHours,
                                       VolunteerHours)


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin, RegionScopedAdmin):
    list_display = ["pk", "volunteer", "kind", "hours", "minutes", "served_on", "activity", "team", "author",
                    "created_at"]
    list_filter = ["kind", RegionLevelFilter, "rounding_rule"]
    search_fields = ["volunteer__name", "volunteer__volunteer_number", "activity__title", "reason"]
    date_hierarchy = "served_on"
    list_select_related = ["volunteer", "activity", "team", "author"]


@admin.register(LedgerDecision)
class LedgerDecisionAdmin(ReadOnlyAdmin, RegionScopedAdmin):
    region_field = "entry__region"
    list_display = ["entry", "decision", "decided_by", "note", "created_at"]
    list_filter = ["decision"]
    search_fields = ["entry__volunteer__name", "note"]


@admin.register(VolunteerHours)
class VolunteerHoursAdmin(ReadOnlyAdmin, RegionScopedAdmin):
    region_field = "volunteer__region"
    list_display = ["volunteer", "approved_hours", "approved_entries", "star_level", "updated_at"]
    list_filter = ["star_level"]
    search_fields = ["volunteer__name", "volunteer__volunteer_number"]


@admin.register(TeamHours)
class TeamHoursAdmin(ReadOnlyAdmin, RegionScopedAdmin):
    region_field = "team__region"
    list_display = ["team", "approved_hours", "approved_entries", "updated_at"]
    search_fields = ["team__name"]


@admin.register(CorrectionRequest)
class CorrectionRequestAdmin(ReadOnlyAdmin, RegionScopedAdmin):
    list_display = ["pk", "volunteer", "status", "message", "created_at", "resolved_by"]
    list_filter = ["status", RegionLevelFilter]
    search_fields = ["volunteer__name", "message"]
