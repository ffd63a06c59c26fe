"""The back-office bases every app's admin builds on (the region-scoped one lives with the regions)."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Visible, searchable, never edited here: changes go through the services (append-only records, counters)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
