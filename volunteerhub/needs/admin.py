from django.contrib import admin

from volunteerhub.core.admin import ReferenceDataAdmin
from volunteerhub.needs.models import DeadlineRule, Vulnerability


@admin.register(Vulnerability)
class VulnerabilityAdmin(ReferenceDataAdmin):
    """The commission adds circumstances beside the starting list (superusers; others look them up)."""

    list_display = ["code", "name", "name_en", "weight"]
    search_fields = ["code", "name", "name_en"]


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(ReferenceDataAdmin):
    """Working days per stage for a kind and urgency (blank: any); without a rule, the settings' defaults."""

    list_display = ["kind", "urgency", "accept_days", "start_days", "finish_days", "callback_days"]
