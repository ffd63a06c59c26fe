"""Names of activity kinds and settings in both languages (the activities app owns the codes)."""

from volunteerhub.core.i18n import t

KINDS = {
    "advocacy": ("文明倡导", "Health and civility advocacy"),
    "counselling": ("心理疏导", "Psychological counselling"),
    "convenience": ("便民利民", "Convenience services"),
    "poverty_relief": ("贫困救助", "Poverty relief"),
    "family_planning": ("计生家庭帮扶", "Family-planning family support"),
    "patriotic_health": ("爱国卫生", "Patriotic health campaign"),
    "training": ("培训", "Training"),
}
SETTINGS = {
    "community": ("进社区", "Communities"),
    "school": ("进学校", "Schools"),
    "office": ("进机关", "Government offices"),
    "enterprise": ("进企业", "Enterprises"),
    "home": ("进家庭", "Homes"),
    "village": ("进乡村", "Villages"),
}
METRICS = {
    "activities": ("活动场次", "Activities"),
    "hours": ("服务时长（小时）", "Service hours"),
    "people_served": ("服务人次", "People served"),
}


def kind_label(code: str) -> str:
    zh, en = KINDS.get(code, (code or "未分类", code or "Unclassified"))
    return t(zh, en)


def setting_label(code: str) -> str:
    zh, en = SETTINGS.get(code, (code or "未分类", code or "Unclassified"))
    return t(zh, en)


def metric_label(metric: str, kind: str = "") -> str:
    zh, en = METRICS[metric]
    return f"{t(zh, en)} · {kind_label(kind)}" if kind else t(zh, en)
