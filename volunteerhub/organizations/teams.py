"""Writes for teams: the same region rule whether a team is created or changed.

An administrator creates and changes teams in the region it manages (the team's region and its parent team
both in reach, before and after a move); an organiser keeps its own team's description and contacts up to
date, but not its name, place in the tree or standing."""

from django.db import IntegrityError, transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy, pgettext_lazy

from volunteerhub.audit.services import audit_record
from volunteerhub.core.errors import PermissionDenied, Problems, ValidationFailed
from volunteerhub.core.masking import mask_in_text
from volunteerhub.organizations.models import Team
from volunteerhub.regions.models import Region
from volunteerhub.regions.scope import can_manage_region

ORGANISER_FIELDS = {"leader_name", "contact_phone", "description"}
FIELDS = ORGANISER_FIELDS | {"name", "kind", "region_code", "parent_id", "is_active"}


def _out_of_reach() -> PermissionDenied:
    return PermissionDenied(gettext_lazy("You may manage teams only in your own region"))


def _clean(data: dict) -> dict:
    """The fields given, cleaned; every problem named at once."""
    problems, cleaned = Problems(), {}
    add = problems.add
    if "name" in data:
        cleaned["name"] = (data["name"] or "").strip()
        if len(cleaned["name"]) not in range(2, 129):
            add("name", gettext_lazy("the name takes 2 to 128 characters"))
    if "kind" in data:
        cleaned["kind"] = data["kind"]
        if data["kind"] not in Team.Kind.values:
            add("kind", format_lazy(pgettext_lazy("variant-18efffbb", "one of {join}"), join=', '.join(Team.Kind.values)))
    if "region_code" in data:
        cleaned["region"] = Region.objects.filter(code=(data["region_code"] or "").strip()).first()
        if cleaned["region"] is None:
            add("region_code", gettext_lazy("no region has this code"))
    if "parent_id" in data:
        cleaned["parent"] = Team.objects.filter(pk=data["parent_id"]).first() if data["parent_id"] else None
        if data["parent_id"] and cleaned["parent"] is None:
            add("parent_id", gettext_lazy("no team has this id"))
    if "leader_name" in data:
        cleaned["leader_name"] = (data["leader_name"] or "").strip()
        if len(cleaned["leader_name"]) > 64:
            add("leader_name", gettext_lazy("at most 64 characters"))
    if "contact_phone" in data:
        cleaned["contact_phone"] = (data["contact_phone"] or "").strip()
        phone = cleaned["contact_phone"]
        if phone and (len(phone) > 20 or not phone.replace("-", "").isdigit()):
            add("contact_phone", gettext_lazy("not a phone number"))
    if "description" in data:
        cleaned["description"] = mask_in_text((data["description"] or "").strip())
        if len(cleaned["description"]) > 2000:
            add("description", gettext_lazy("at most 2000 characters"))
    if "is_active" in data:
        cleaned["is_active"] = bool(data["is_active"])
    problems.raise_any()
    return cleaned


def _check_place(actor, *, region, parent, team=None) -> None:
    """The team's region, and its parent team's, must lie in the actor's reach; a team is never its own ancestor."""
    if not can_manage_region(actor, region) or (parent is not None and not can_manage_region(actor, parent.region)):
        raise _out_of_reach()
    ancestor = parent
    while team is not None and ancestor is not None:
        if ancestor.pk == team.pk:
            raise ValidationFailed({"parent_id": [gettext_lazy("a team cannot sit under itself")]})
        ancestor = ancestor.parent


def _save(team: Team, fields: list[str]) -> None:
    try:
        with transaction.atomic():
            team.save(update_fields=fields) if team.pk else team.save()
    except IntegrityError:
        raise ValidationFailed({"name": [gettext_lazy("a team already has this name")]}) from None


@transaction.atomic
def team_create(*, actor, name: str, region_code: str, kind: str = Team.Kind.TEAM, parent_id: int | None = None,
                leader_name: str = "", contact_phone: str = "", description: str = "") -> Team:
    """An administrator registers a team in its region."""
    if not actor.is_admin:
        raise PermissionDenied(gettext_lazy("Only administrators register teams"))
    cleaned = _clean({"name": name, "kind": kind, "region_code": region_code, "parent_id": parent_id,
                      "leader_name": leader_name, "contact_phone": contact_phone, "description": description})
    _check_place(actor, region=cleaned["region"], parent=cleaned["parent"])
    team = Team(**cleaned)
    _save(team, [])
    audit_record(action="create", target_type="team", target_id=team.pk, region=team.region, actor=actor,
                 changes={"name": team.name, "region": team.region_id, "parent": team.parent_id})
    return team


@transaction.atomic
def team_update(*, team: Team, actor, changes: dict) -> Team:
    """Change a team. An administrator in reach changes anything but moves it only within its reach; the team's
    own organisers change its description and contacts."""
    changes = {k: v for k, v in changes.items() if k in FIELDS}
    own_organiser = actor.role == "organizer" and actor.team_id == team.pk
    if actor.is_admin:
        if not can_manage_region(actor, team.region):
            raise _out_of_reach()
    elif not own_organiser:
        raise _out_of_reach()
    elif set(changes) - ORGANISER_FIELDS:
        raise PermissionDenied(gettext_lazy("Organisers change only their team's description and contacts"))
    cleaned = _clean(changes)
    if "region" in cleaned or "parent" in cleaned:
        _check_place(actor, region=cleaned.get("region", team.region), parent=cleaned.get("parent", team.parent),
                     team=team)
    before = {k: getattr(team, k) for k in cleaned}
    for key, value in cleaned.items():
        setattr(team, key, value)
    if cleaned:
        _save(team, [*cleaned.keys(), "updated_at"])
    audit_record(action="update", target_type="team", target_id=team.pk, region=team.region, actor=actor,
                 changes={k: [getattr(before[k], "pk", before[k]), getattr(v, "pk", v)] for k, v in cleaned.items()})
    return team
