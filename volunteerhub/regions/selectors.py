import functools
import json

from django.db.models import QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from volunteerhub.core.errors import NotFound
from volunteerhub.regions.loader import boundaries_geojson
from volunteerhub.regions.models import Region


def region_get(*, code: str) -> Region:
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise NotFound(format_lazy(gettext_lazy("No region with code {code}"), code=code))
    return region


def region_children(*, parent: Region | None) -> QuerySet[Region]:
    return Region.objects.filter(parent=parent).order_by("code")


def region_descendants(*, region: Region, include_self: bool = True) -> QuerySet[Region]:
    qs = Region.objects.filter(path__startswith=region.path)
    return qs if include_self else qs.exclude(pk=region.pk)


def region_ancestors(*, region: Region) -> list[Region]:
    """City first, parent last."""
    return list(Region.objects.filter(code__in=region.ancestor_codes).order_by("path"))


def region_county(*, region: Region) -> Region | None:
    codes = region.path.strip("/").split("/")
    return Region.objects.filter(code=codes[1]).first() if len(codes) > 1 else None


@functools.cache
def county_boundaries() -> dict:
    return json.loads(boundaries_geojson())


def county_geometry(*, code: str) -> dict | None:
    for feature in county_boundaries()["features"]:
        if feature["properties"]["code"] == code:
            return feature["geometry"]
    return None
