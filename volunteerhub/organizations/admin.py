from django import forms
from django.contrib import admin

from volunteerhub.regions.admin import RegionLevelFilter, RegionScopedAdmin
from volunteerhub.organizations.models import ServicePost, Team
from volunteerhub.organizations.services import clean_post_fields, service_post_create, service_post_update


@admin.register(Team)
class TeamAdmin(RegionScopedAdmin):
    list_display = ["name", "kind", "region", "parent", "leader_name", "is_active"]
    list_filter = [RegionLevelFilter, "kind", "is_active"]
    search_fields = ["name", "leader_name", "region__name"]
    raw_id_fields = ["region", "parent"]
    list_select_related = ["region", "parent"]


POST_FIELDS = ["name", "kind", "region", "team", "address", "lat", "lng", "opening_hours", "services", "contact_name",
               "contact_phone", "is_active"]


def _service_data(cleaned: dict, names) -> dict:
    """The form's values as the post services take them (a region by its code; a location in WGS-84)."""
    data = {name: cleaned[name] for name in names if name in cleaned and name != "region"}
    if "region" in names:
        data["region_code"] = cleaned["region"].code if cleaned.get("region") else ""
    if {"lat", "lng"} & set(names):
        data.update(lat=cleaned.get("lat"), lng=cleaned.get("lng"), coord="wgs84")
    return data


class ServicePostForm(forms.ModelForm):
    class Meta:
        model = ServicePost
        fields = POST_FIELDS

    def clean(self):
        """The services' own checks, so that a wrong value is shown beside its field, never a server error."""
        cleaned = super().clean()
        problems: dict = {}
        clean_post_fields(_service_data(cleaned, POST_FIELDS), problems)
        for name, reasons in problems.items():
            field = {"region_code": "region"}.get(name, name)
            self.add_error(field if field in self.fields else None, [str(r) for r in reasons])
        return cleaned


@admin.register(ServicePost)
class ServicePostAdmin(RegionScopedAdmin):
    """Saves through the post services, which keep the spatial cell and move the map's version."""

    form = ServicePostForm
    list_display = ["name", "kind", "region", "team", "opening_hours", "is_active"]
    list_filter = [RegionLevelFilter, "kind", "is_active"]
    search_fields = ["name", "address", "region__name"]
    raw_id_fields = ["region", "team"]
    list_select_related = ["region", "team"]

    def save_model(self, request, obj, form, change):
        if change:
            post = ServicePost.objects.get(pk=obj.pk)
            saved = service_post_update(post=post, changes=_service_data(form.cleaned_data, form.changed_data),
                                        actor=request.user)
        else:
            data = _service_data(form.cleaned_data, POST_FIELDS)
            is_active = data.pop("is_active", True)
            saved = service_post_create(**data, actor=request.user)
            if not is_active:
                saved = service_post_update(post=saved, changes={"is_active": False}, actor=request.user)
        obj.pk, obj.cell = saved.pk, saved.cell
