"""The back-office as an attacker with a staff account would try it: for every model registered in the admin
(walked from the registry, so a model added later is covered without anyone remembering to), each staff
persona sees in lists, change forms, add forms and choices only what is in reach, and posting privileged
fields or out-of-reach ids changes nothing."""

import re

import pytest
from django.contrib import admin
from django.db import transaction
from django.test import Client, RequestFactory

from volunteerhub.accounts.models import User
from volunteerhub.accounts.services import backoffice_group
from volunteerhub.core.admin import ReferenceDataAdmin, SuperuserOnlyAdmin
from volunteerhub.core.tests.matrix import build_world, tables_changed_by
from volunteerhub.organizations.models import Team
from volunteerhub.regions.admin import RegionScopedAdmin
from volunteerhub.regions.models import Region

STAFF = ["organiser", "other_organiser", "county_admin", "other_county_admin", "city_admin"]
REGISTRY = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        w = build_world()
        for persona in STAFF:
            user = w.users[persona]
            user.groups.add(backoffice_group(user.role))
        yield w
        transaction.set_rollback(True)


def _client(world, persona) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def _url(model, view: str, pk=None) -> str:
    base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    return {"changelist": base, "add": base + "add/", "change": f"{base}{pk}/change/"}[view]


def _in_reach(model_admin, user) -> set:
    """The rows of a region-scoped model in the user's subtree, read straight from the database (the oracle)."""
    model, path = model_admin.model, user.reach_path()
    rows = model._default_manager.values_list("pk", f"{model_admin.region_field}__path")
    return {pk for pk, region_path in rows if path is not None and region_path and region_path.startswith(path)}


def _listed(html: str, model) -> set:
    pattern = rf'/admin/{model._meta.app_label}/{model._meta.model_name}/(\d+)/change/'
    return {int(pk) for pk in re.findall(pattern, html)}


def _cases():
    for model, model_admin in REGISTRY:
        for persona in STAFF:
            yield pytest.param(model, model_admin, persona, id=f"{model._meta.label} as {persona}")


@pytest.mark.parametrize(("model", "model_admin", "persona"), _cases())
def test_each_staff_persona_sees_only_what_is_in_reach(world, db, model, model_admin, persona):
    client, user = _client(world, persona), world.users[persona]
    listing = client.get(_url(model, "changelist"))
    if isinstance(model_admin, SuperuserOnlyAdmin):
        assert listing.status_code == 403
        assert client.get(_url(model, "add")).status_code == 403
        first = model._default_manager.values_list("pk", flat=True).first()
        if first is not None:
            assert client.get(_url(model, "change", first)).status_code in (302, 403, 404)
        return
    if listing.status_code == 403:  # this persona's group has no rights on the model at all
        return
    assert listing.status_code == 200
    if isinstance(model_admin, ReferenceDataAdmin):
        assert client.get(_url(model, "add")).status_code == 403
        return
    assert isinstance(model_admin, RegionScopedAdmin), f"{model._meta.label}: every admin is scoped or hidden"
    reach = _in_reach(model_admin, user)
    assert _listed(listing.content.decode(), model) <= reach
    outside = model._default_manager.exclude(pk__in=reach).values_list("pk", flat=True).first()
    if outside is not None:
        assert client.get(_url(model, "change", outside)).status_code != 200


@pytest.mark.parametrize(("model", "model_admin", "persona"), _cases())
def test_forms_offer_only_choices_in_reach(world, db, model, model_admin, persona):
    request = RequestFactory().get("/")
    request.user = world.users[persona]
    if not (model_admin.has_add_permission(request) or model_admin.has_change_permission(request)):
        return
    form = model_admin.get_form(request)
    for name, field in form.base_fields.items():
        related = getattr(field, "queryset", None)
        if related is None:
            continue
        offered = set(related.values_list("pk", flat=True))
        target = admin.site.get_model_admin(related.model) if admin.site.is_registered(related.model) else None
        if related.model is Region:
            path = request.user.reach_path() or "-"
            assert all(p.startswith(path) for p in Region.objects.filter(pk__in=offered).values_list("path", flat=True))
        elif isinstance(target, RegionScopedAdmin):
            assert offered <= _in_reach(target, request.user), name
        elif target is None or isinstance(target, SuperuserOnlyAdmin):
            assert offered == set(), f"{name}: offers rows this persona may not see"


PRIVILEGED_POST = {"is_superuser": "on", "is_staff": "on", "role": "city_admin", "region": "371600",
                   "password": "pbkdf2_sha256$1$x$y"}


@pytest.mark.parametrize("persona", STAFF)
def test_nobody_below_a_superuser_makes_anyone_powerful(world, db, persona):
    client, me = _client(world, persona), world.users[persona]
    resident = world.users["resident"]
    group = backoffice_group("city_admin")
    with tables_changed_by() as changed:
        for target in (me, resident):
            form = {"phone": "13999999999", "display_name": "改名", "date_joined_0": "2026-01-01",
                    "date_joined_1": "00:00:00", **PRIVILEGED_POST, "groups": str(group.pk)}
            client.post(_url(User, "change", target.pk), form)
            client.post(f"/admin/accounts/user/{target.pk}/password/", {"password1": "Evil-Pass-2026",
                                                                        "password2": "Evil-Pass-2026"})
    assert set(changed) <= {"accounts_user", "audit_auditevent", "django_admin_log"}  # a name, at most
    for target in (me, resident):
        fresh = User.objects.get(pk=target.pk)
        assert not fresh.is_superuser and fresh.role == target.role and fresh.region_id == target.region_id
        assert fresh.phone == target.phone and fresh.is_staff == target.is_staff and fresh.password == target.password
        assert not fresh.groups.filter(pk=group.pk).exclude(pk__in=target.groups.all()).exists()


def test_a_county_admin_cannot_move_a_team_out_of_reach_or_edit_a_region(world, db):
    client, team = _client(world, "county_admin"), world.objects["team"]
    response = client.post(_url(Team, "change", team.pk), {
        "name": team.name, "kind": team.kind, "region": "371681001", "leader_name": "", "contact_phone": "",
        "description": "", "is_active": "on"})
    assert response.status_code == 200 and Team.objects.get(pk=team.pk).region_id == team.region_id
    region = Region.objects.get(code="371602001")
    assert client.post(_url(Region, "change", region.pk), {"name": "改名", "parent": "371681"}).status_code == 403
    assert Region.objects.get(pk=region.pk).name == region.name


def test_a_superuser_still_cannot_move_a_region_in_the_tree(world, db):
    boss = User.objects.create_superuser("13911119999", "Good-Pass-2026")
    client = Client()
    client.force_login(boss)
    region = Region.objects.get(code="371602001")
    client.post(_url(Region, "change", region.pk), {"code": "371602001", "name": region.name, "level": "city",
                                                   "parent": "371681", "path": "/"})
    fresh = Region.objects.get(pk=region.pk)
    assert (fresh.parent_id, fresh.path, fresh.level) == (region.parent_id, region.path, region.level)
