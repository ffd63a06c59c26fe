"""An account's reach: the region subtree it may see and manage. Selectors apply it to queries."""

from django.db.models import QuerySet

from volunteerhub.accounts.models import Role

EVERYWHERE = "/"


def reach_path(user) -> str | None:
    """The region path prefix this account manages, or None when it manages no region."""
    if user is None or not user.is_authenticated:
        return None
    if user.is_superuser:
        return EVERYWHERE
    if user.role in (Role.CITY_ADMIN, Role.COUNTY_ADMIN):
        return user.region.path if user.region_id else None
    if user.role == Role.ORGANIZER:
        if user.team_id:
            return user.team.region.path
        return user.region.path if user.region_id else None
    return None


def in_reach(queryset: QuerySet, user, *, region_field: str = "region") -> QuerySet:
    """Keep only the rows whose region lies in the user's subtree (none when it has no reach)."""
    path = reach_path(user)
    if path is None:
        return queryset.none()
    if path == EVERYWHERE:
        return queryset
    return queryset.filter(**{f"{region_field}__path__startswith": path})


def can_manage_region(user, region) -> bool:
    path = reach_path(user)
    return path is not None and region is not None and region.path.startswith(path)
