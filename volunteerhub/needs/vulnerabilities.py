"""The circumstances that put a person in need first, as the commission starts with them (it adds others in
the back-office): (code, name, English name, weight)."""

VULNERABILITIES = [
    ("bedridden", "失能卧床", "Disabled or bedridden", 3),
    ("lives_alone", "独居", "Lives alone", 2),
    ("aged_80", "80岁以上", "Aged 80 or over", 2),
    ("disabled", "残疾", "Disabled", 2),
    ("fp_special_family", "计生特殊家庭", "Family-planning special family", 2),
    ("low_income", "低收入", "Low income", 1),
]


def load_vulnerabilities(model) -> None:
    """The starting list, where it is missing (a migration, or a test after a flush)."""
    for code, name, name_en, weight in VULNERABILITIES:
        model.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en, "weight": weight})
