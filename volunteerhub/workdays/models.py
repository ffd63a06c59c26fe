from django.conf import settings
from django.db import models


class CalendarDay(models.Model):
    """A city administrator's entry in the working-day calendar: a public holiday or a make-up working day (调休).

    The State Council's calendars (from the chinese-calendar package) cover the years they have been
    published for; an entry here comes first, so a year the package does not know yet can be entered,
    and a late change to a known one made. The calendar is the whole platform's: it has no region.
    """

    day = models.DateField("日期", unique=True)
    is_working_day = models.BooleanField("是否工作日")
    name = models.CharField("名称", max_length=64, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="设置人", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "工作日历调整"
        verbose_name_plural = "工作日历调整"
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {'上班' if self.is_working_day else '休息'} {self.name}"
