"""An account's reach: the region subtree it may see and manage. Selectors apply it to queries.

Which region an account manages is the account's own rule (`User.reach_path`); here, what that
subtree lets it reach in a query.
"""

from django.db.models import QuerySet

EVERYWHERE = "/"


def reach_path(user) -> str | None:
    """The region path prefix this account manages, or None when it manages no region."""
    if user is None or not user.is_authenticated:
        return None
    return user.reach_path()


def in_reach(queryset: QuerySet, user, *, region_field: str = "region") -> QuerySet:
    """Keep only the rows whose region lies in the user's subtree (none when it has no reach); with
    region_field "", rows that are regions themselves."""
    path = reach_path(user)
    if path is None:
        return queryset.none()
    if path == EVERYWHERE:
        return queryset
    return queryset.filter(**{f"{region_field}__path__startswith" if region_field else "path__startswith": path})


def can_manage_region(user, region) -> bool:
    path = reach_path(user)
    return path is not None and region is not None and region.path.startswith(path)
