"""The back-office's bases. Every model registered in the admin inherits one of them, or the region-scoped base
(regions.admin), so that what staff may see and change is decided in one place:

- SuperuserOnlyAdmin: not shown to staff at all (messages, deliveries, tokens, news, commendations, audit);
- ReferenceDataAdmin: looked up by staff, changed only by superusers (regions, qualifications, categories);
- ReadOnlyAdmin: visible, never edited here (append-only records, counters kept by the services).

A base also says which rows of its model a form elsewhere in the back-office may offer as choices
(`choices_for`): none of a model staff may not see, all reference data, the reach of region-scoped rows.
"""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.models import Group
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult


def _superuser(request) -> bool:
    return request.user.is_active and request.user.is_superuser


def _staff(request) -> bool:
    return request.user.is_active and request.user.is_staff


def choices_for(site, model, request, queryset):
    """The rows of `model` a back-office form may offer this person: what the model's own admin lets them
    reach (none for a model that is not registered, unless a superuser asks)."""
    if _superuser(request):
        return queryset
    try:
        related = site.get_model_admin(model)
    except admin.sites.NotRegistered:
        return queryset.none()
    reach = getattr(related, "choices_in_reach", None)
    return reach(request, queryset) if reach is not None else queryset.none()


class ScopedChoicesAdmin(admin.ModelAdmin):
    """Foreign keys and many-to-many fields offer (and accept) only rows in the person's reach, so that a
    posted id out of reach is refused as an invalid choice, raw-id widgets included."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", choices_for(self.admin_site, db_field.related_model, request,
                                                  db_field.related_model._default_manager.all()))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", choices_for(self.admin_site, db_field.related_model, request,
                                                  db_field.related_model._default_manager.all()))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Visible, searchable, never edited here: changes go through the services (append-only records, counters)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SuperuserOnlyAdmin(ScopedChoicesAdmin):
    """Not shown to staff at all: only superusers see or change these rows."""

    def has_module_permission(self, request):
        return _superuser(request)

    def has_view_permission(self, request, obj=None):
        return _superuser(request)

    def has_add_permission(self, request, *args):
        return _superuser(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return _superuser(request)

    def has_delete_permission(self, request, obj=None):
        return _superuser(request)


class ReferenceDataAdmin(admin.ModelAdmin):
    """Reference data: everyone in the back-office may look it up, only superusers change it. Fields named in
    `never_editable` are read-only even for them (a region's place in the tree comes from the national codes)."""

    never_editable: tuple = ()

    def has_module_permission(self, request):
        return _staff(request)

    def has_view_permission(self, request, obj=None):
        return _staff(request)

    def has_add_permission(self, request):
        return _superuser(request)

    def has_change_permission(self, request, obj=None):
        return _superuser(request)

    def has_delete_permission(self, request, obj=None):
        return _superuser(request)

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *self.never_editable]

    def choices_in_reach(self, request, queryset):
        return queryset


# Django's own and the task queue's models: for superusers only (a group's permissions make a staff account).
for model, base in ((Group, GroupAdmin), (DBTaskResult, DBTaskResultAdmin)):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, type(f"Superuser{base.__name__}", (SuperuserOnlyAdmin, base), {}))
