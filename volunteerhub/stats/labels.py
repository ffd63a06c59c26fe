"""Names of activity kinds and settings (the activities app owns the codes), translated by the catalog."""

from django.utils.translation import gettext_lazy, pgettext_lazy


KINDS = {
    "advocacy": gettext_lazy("Health and civility advocacy"),
    "counselling": gettext_lazy("Psychological counselling"),
    "convenience": gettext_lazy("Convenience services"),
    "poverty_relief": gettext_lazy("Poverty relief"),
    "family_planning": gettext_lazy("Family-planning family support"),
    "patriotic_health": gettext_lazy("Patriotic health campaign"),
    "training": gettext_lazy("Training"),
}
SETTINGS = {
    "community": gettext_lazy("Communities"),
    "school": gettext_lazy("Schools"),
    "office": gettext_lazy("Government offices"),
    "enterprise": gettext_lazy("Enterprises"),
    "home": gettext_lazy("Homes"),
    "village": gettext_lazy("Villages"),
}
METRICS = {
    "activities": pgettext_lazy("variant-a531f051", "Activities"),
    "hours": gettext_lazy("Service hours"),
    "people_served": gettext_lazy("People served"),
}
UNCLASSIFIED = gettext_lazy("Unclassified")


def kind_label(code: str) -> str:
    return str(KINDS.get(code) or code or UNCLASSIFIED)


def setting_label(code: str) -> str:
    return str(SETTINGS.get(code) or code or UNCLASSIFIED)


def metric_label(metric: str, kind: str = "") -> str:
    return f"{METRICS[metric]} · {kind_label(kind)}" if kind else str(METRICS[metric])
