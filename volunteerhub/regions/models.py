from django.db import models
from django.utils.translation import gettext_lazy, pgettext_lazy


class Region(models.Model):
    """One administrative division (GB/T 2260 code for city and county, NBS code below)."""

    class Level(models.TextChoices):
        CITY = "city", pgettext_lazy("variant-7c130d80", "City")
        COUNTY = "county", gettext_lazy("County")
        TOWNSHIP = "township", gettext_lazy("Township")
        VILLAGE = "village", gettext_lazy("Village or community")

    code = models.CharField("区划代码", max_length=12, primary_key=True)
    name = models.CharField("名称", max_length=64)
    level = models.CharField("层级", max_length=10, choices=Level.choices, db_index=True)
    parent = models.ForeignKey("self", verbose_name="上级", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    # "/371600/371602/371602001/": descendants are a prefix match on an indexed column.
    path = models.CharField("路径", max_length=64, unique=True)

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    @property
    def city_code(self) -> str:
        """The code of the city the region lies in (the top of its path): the distribution key (core.tenancy)."""
        return self.path.strip("/").split("/")[0]

    @property
    def ancestor_codes(self) -> list[str]:
        return [c for c in self.path.strip("/").split("/")][:-1]

    def contains(self, other: "Region | None") -> bool:
        return other is not None and other.path.startswith(self.path)
