from django import forms
from django.contrib import admin

from volunteerhub.activities.services import activity_change_problems, activity_update
from volunteerhub.activities.models import Activity, ActivityReminder, CheckEvent, Project, SignUp
from volunteerhub.core.admin import ReadOnlyAdmin, SuperuserOnlyAdmin
from volunteerhub.regions.admin import RegionLevelFilter, RegionScopedAdmin


@admin.register(Project)
class ProjectAdmin(RegionScopedAdmin):
    list_display = ["code", "name", "team", "region", "kind", "is_active"]
    list_filter = ["kind", "is_active", RegionLevelFilter]
    search_fields = ["code", "name", "team__name"]
    raw_id_fields = ["team"]


class SignUpInline(admin.TabularInline):
    model = SignUp
    extra = 0
    fields = ["volunteer", "status", "position", "checked_in_at", "checked_out_at", "checkin_method", "rating"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


ACTIVITY_FIELDS = ["title", "description", "kind", "setting", "region", "place", "lat", "lng", "starts_at", "ends_at",
                   "capacity", "project", "cohost_teams", "required_qualifications", "contact_name", "contact_phone"]


def _changes(cleaned: dict, names) -> dict:
    """The changed form values as activity_update takes them (related rows by their keys)."""
    keys = {"region": ("region_code", lambda r: r.code if r else ""),
            "project": ("project_id", lambda p: p.pk if p else None),
            "cohost_teams": ("cohost_team_ids", lambda teams: [t.pk for t in teams]),
            "required_qualifications": ("required_qualifications", lambda quals: [q.code for q in quals])}
    changes = {}
    for name in names:
        key, convert = keys.get(name, (name, lambda value: value))
        changes[key] = convert(cleaned.get(name))
    return changes


FORM_NAMES = {"region_code": "region", "project_id": "project", "cohost_team_ids": "cohost_teams"}


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ACTIVITY_FIELDS

    def clean(self):
        """The service's own checks, so that a wrong value is shown beside its field, never a server error."""
        cleaned = super().clean()
        problems = activity_change_problems(activity=self.instance, changes=_changes(cleaned, self.changed_data))
        for name, reasons in problems.items():
            field = FORM_NAMES.get(name, name)
            self.add_error(field if field in self.fields else None, [str(r) for r in reasons])
        return cleaned


@admin.register(Activity)
class ActivityAdmin(RegionScopedAdmin):
    """Activities are created on the pages and the API; changes here go through the same service (seat counters,
    the spatial cell, the roster told of a new time or place). Status changes stay with the pages."""

    list_display = ["title", "kind", "setting", "status", "team", "region", "starts_at", "capacity",
                    "confirmed_count", "waitlist_count", "people_served"]
    list_filter = ["status", "kind", "setting", RegionLevelFilter]
    search_fields = ["title", "place", "team__name"]
    date_hierarchy = "starts_at"
    form = ActivityForm
    raw_id_fields = ["project"]
    filter_horizontal = ["cohost_teams", "required_qualifications"]
    inlines = [SignUpInline]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        activity_update(activity=Activity.objects.get(pk=obj.pk), user=request.user,
                        changes=_changes(form.cleaned_data, form.changed_data))

    def save_related(self, request, form, formsets, change):
        """Co-hosts and qualifications were set by the service; the inline is read-only."""


@admin.register(SignUp)
class SignUpAdmin(ReadOnlyAdmin, RegionScopedAdmin):
    """Changes to sign-ups go through the services (waitlist, counters): read-only here."""

    region_field = "activity__region"
    list_display = ["activity", "volunteer", "status", "position", "checked_in_at", "checked_out_at", "checkin_method"]
    list_filter = ["status", "checkin_method"]
    search_fields = ["activity__title", "volunteer__name", "volunteer__volunteer_number"]


@admin.register(CheckEvent)
class CheckEventAdmin(ReadOnlyAdmin, RegionScopedAdmin):
    region_field = "signup__activity__region"
    list_display = ["signup", "action", "method", "at", "distance_m", "reason", "by"]
    list_filter = ["action", "method"]
    search_fields = ["signup__volunteer__name", "reason"]


@admin.register(ActivityReminder)
class ActivityReminderAdmin(SuperuserOnlyAdmin):
    list_display = ["activity", "hours_before", "status", "recipients", "queued_at", "sent_at"]
    list_filter = ["status", "hours_before"]
    search_fields = ["activity__title"]
    readonly_fields = ["activity", "hours_before", "status", "recipients", "queued_at", "sent_at"]

    def has_add_permission(self, request):
        return False
