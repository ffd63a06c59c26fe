from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy, pgettext_lazy

from volunteerhub.core.models import TimeStampedModel
from volunteerhub.core.tenancy import CityScoped, SameCity, city_key


class NeedKind(models.TextChoices):
    HOME_VISIT = "home_visit", gettext_lazy("Home health visit")
    ESCORT = "escort", gettext_lazy("Escort to hospital")
    MEDICINE_DELIVERY = "medicine_delivery", gettext_lazy("Medicine delivery")
    PSYCHOLOGICAL_SUPPORT = "psychological_support", gettext_lazy("Psychological support")
    HEALTH_CHECKUP = "health_checkup", gettext_lazy("Health check-up")
    POVERTY_RELIEF = "poverty_relief", gettext_lazy("Poverty relief")
    FAMILY_PLANNING_SUPPORT = "family_planning_support", gettext_lazy("Family-planning family support")
    REHABILITATION = "rehabilitation", gettext_lazy("Rehabilitation guidance")
    CHRONIC_CARE = "chronic_care", gettext_lazy("Chronic disease follow-up")
    OTHER = "other", gettext_lazy("Other")


# Kinds whose very existence is sensitive personal data (PIPL). A volunteer takes one only with the qualification
# its kind asks for, verified (none listed: only when an organiser assigns it).
SENSITIVE_KINDS = {NeedKind.PSYCHOLOGICAL_SUPPORT, NeedKind.POVERTY_RELIEF, NeedKind.FAMILY_PLANNING_SUPPORT}
SENSITIVE_KIND_QUALIFICATION = {NeedKind.PSYCHOLOGICAL_SUPPORT: "counsellor"}


class NeedStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("variant-7ef5d36c", "Open")
    MATCHED = "matched", gettext_lazy("Matched")
    IN_PROGRESS = "in_progress", gettext_lazy("In progress")
    DONE = "done", pgettext_lazy("variant-e99b48a2", "Done")
    RATED = "rated", gettext_lazy("Rated")
    CANCELLED = "cancelled", gettext_lazy("Cancelled")
    EXPIRED = "expired", gettext_lazy("Expired")


ACTIVE_STATUSES = {NeedStatus.MATCHED, NeedStatus.IN_PROGRESS}  # a volunteer is busy with these


class Urgency(models.IntegerChoices):
    NORMAL = 1, gettext_lazy("Normal")
    SOON = 2, gettext_lazy("Soon")
    URGENT = 3, gettext_lazy("Urgent")


class Vulnerability(models.Model):
    """A circumstance of the person in need that puts them first: lives alone, bedridden, 80 or older, ...
    The commission keeps the list (reference data); `weight` orders flagged needs among those of one urgency."""

    code = models.SlugField("代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=32)
    name_en = models.CharField("英文名称", max_length=64)
    weight = models.PositiveSmallIntegerField("优先权重", default=1)

    class Meta:
        verbose_name = "困难情形"
        verbose_name_plural = "困难情形"
        ordering = ["-weight", "code"]

    def __str__(self) -> str:
        return self.name


class Need(CityScoped, TimeStampedModel):
    """A resident's request for help, posted by the resident or by an organiser on their behalf."""

    kind = models.CharField("需求类型", max_length=32, choices=NeedKind.choices, db_index=True)
    description = models.TextField("需求描述")
    place = models.CharField("地点", max_length=255, blank=True)
    # The true place (WGS-84), seen only by those involved; the public place is blurred for
    # sensitive kinds (snapped to a cell centre, so repeated requests reveal nothing more).
    lat = models.FloatField("纬度 (WGS-84)")
    lng = models.FloatField("经度 (WGS-84)")
    cell = models.BigIntegerField("空间网格", db_index=True, editable=False)
    public_lat = models.FloatField("公开纬度")
    public_lng = models.FloatField("公开经度")
    public_cell = models.BigIntegerField("公开空间网格", db_index=True, editable=False)
    region = models.ForeignKey("regions.Region", verbose_name="所在区划", on_delete=models.PROTECT,
                               related_name="needs")
    window_start = models.DateTimeField("期望开始")
    window_end = models.DateTimeField("期望结束", db_index=True)
    urgency = models.PositiveSmallIntegerField("紧急程度", choices=Urgency.choices, default=Urgency.NORMAL)
    required_qualifications = models.ManyToManyField("volunteers.Qualification", verbose_name="所需资质",
                                                     blank=True, related_name="needs")
    resident = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="求助居民", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="needs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT,
                                   related_name="needs_created")
    contact_name = models.CharField("联系人", max_length=64, blank=True)
    contact_phone = models.CharField("联系电话", max_length=20, blank=True)
    status = models.CharField("状态", max_length=12, choices=NeedStatus.choices, default=NeedStatus.OPEN,
                              db_index=True)
    volunteer = models.ForeignKey("volunteers.Volunteer", verbose_name="承接志愿者", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="needs")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="指派人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    matched_at = models.DateTimeField("接单时间", null=True, blank=True)
    started_at = models.DateTimeField("开始服务", null=True, blank=True)
    done_at = models.DateTimeField("完成时间", null=True, blank=True)
    rating = models.PositiveSmallIntegerField("评分", null=True, blank=True)
    feedback = models.TextField("评价", blank=True)
    rated_at = models.DateTimeField("评价时间", null=True, blank=True)
    closed_reason = models.CharField("取消原因", max_length=255, blank=True)
    # The service loop's promises, fixed when each stage begins (needs.deadlines), so a later change of the rules or
    # the calendar does not move a promise already made.
    accept_by = models.DateTimeField("接单时限", null=True, blank=True)
    start_by = models.DateTimeField("开始服务时限", null=True, blank=True)
    finish_by = models.DateTimeField("办结时限", null=True, blank=True)
    callback_by = models.DateTimeField("回访时限", null=True, blank=True)
    callback_at = models.DateTimeField("回访时间", null=True, blank=True)
    confirmed_at = models.DateTimeField("居民确认时间", null=True, blank=True)
    confirmed_how = models.CharField("确认方式", max_length=8, blank=True,
                                     choices=[("code", "居民输入确认码"), ("sms", "短信确认码"), ("call", "电话确认")])
    ledger_entry = models.OneToOneField("hours.LedgerEntry", verbose_name="服务时长记录", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")
    vulnerabilities = models.ManyToManyField(Vulnerability, verbose_name="困难情形", blank=True, related_name="+")
    priority = models.PositiveSmallIntegerField("优先级", default=0, editable=False,
                                                help_text="the weights of its vulnerabilities, summed (kept by the services)")

    class Meta:
        verbose_name = "服务需求"
        verbose_name_plural = "服务需求"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "window_end"], name="need_status_window")]
        constraints = [
            city_key("need"),
            SameCity("ledger_entry", name="need_ledger_entry_same_city"),
            models.CheckConstraint(condition=models.Q(window_end__gt=models.F("window_start")),
                                   name="need_window_ordered"),
            models.CheckConstraint(condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                                   name="need_rating_1_to_5"),
            models.CheckConstraint(
                condition=models.Q(status="open", volunteer__isnull=True)
                | models.Q(status__in=["matched", "in_progress", "done", "rated"], volunteer__isnull=False)
                | models.Q(status__in=["cancelled", "expired"]),
                name="need_handler_matches_status"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_sensitive(self) -> bool:
        return self.kind in SENSITIVE_KINDS


class NeedEvent(CityScoped, models.Model):
    """One step in a need's life: who moved it and when (shown to everyone involved)."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="events")
    status = models.CharField("状态", max_length=12, choices=NeedStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    note = models.CharField("说明", max_length=255, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "需求进展"
        verbose_name_plural = "需求进展"
        ordering = ["at", "pk"]
        constraints = [
            SameCity("need", name="needevent_need_same_city"),
        ]


class HomeVisitRound(CityScoped, TimeStampedModel):
    """A day's round of home visits in one area, for one volunteer, its stops in the order to walk them."""

    region = models.ForeignKey("regions.Region", verbose_name="所在区划", on_delete=models.PROTECT, related_name="+")
    day = models.DateField("日期")
    volunteer = models.ForeignKey("volunteers.Volunteer", verbose_name="志愿者", on_delete=models.PROTECT,
                                  related_name="rounds")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="安排人", on_delete=models.PROTECT,
                                   related_name="+")
    start_lat = models.FloatField("出发纬度", null=True, blank=True)
    start_lng = models.FloatField("出发经度", null=True, blank=True)
    length_m = models.FloatField("路线长度（米）")
    nearest_neighbour_length_m = models.FloatField("就近顺序长度（米）")

    class Meta:
        verbose_name = "入户巡访"
        verbose_name_plural = "入户巡访"
        ordering = ["-day", "-pk"]
        constraints = [
            city_key("homevisitround"),
        ]


class RoundStop(CityScoped, models.Model):
    class Outcome(models.TextChoices):
        PENDING = "pending", gettext_lazy("To visit")
        DONE = "done", gettext_lazy("Visited")
        NOT_DONE = "not_done", gettext_lazy("Not visited")

    round = models.ForeignKey(HomeVisitRound, on_delete=models.CASCADE, related_name="stops")
    need = models.ForeignKey(Need, on_delete=models.PROTECT, related_name="round_stops")
    position = models.PositiveSmallIntegerField("顺序")
    outcome = models.CharField("结果", max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    note = models.CharField("说明", max_length=255, blank=True)
    marked_at = models.DateTimeField("标记时间", null=True, blank=True)

    class Meta:
        verbose_name = "巡访站点"
        verbose_name_plural = "巡访站点"
        ordering = ["round", "position"]
        constraints = [
            SameCity("round", name="roundstop_round_same_city"),
            SameCity("need", name="roundstop_need_same_city"),
            models.UniqueConstraint(fields=["round", "position", "city_code"], name="round_stop_position"),
            models.UniqueConstraint(fields=["round", "need", "city_code"], name="round_stop_need"),
        ]


class DeadlineRule(models.Model):
    """How many working days each stage of a need may take, for a kind and an urgency (blank: any). The most
    specific rule applies; without one, settings.NEED_DEADLINE_WORKING_DAYS. 0 means by the end of the day."""

    kind = models.CharField("需求类型", max_length=32, choices=NeedKind.choices, blank=True)
    urgency = models.PositiveSmallIntegerField("紧急程度", choices=Urgency.choices, null=True, blank=True)
    accept_days = models.PositiveSmallIntegerField("接单（工作日）")
    start_days = models.PositiveSmallIntegerField("开始服务（工作日，自接单起）")
    finish_days = models.PositiveSmallIntegerField("办结（工作日，自登记起）")
    callback_days = models.PositiveSmallIntegerField("回访（工作日，自办结起）")

    class Meta:
        verbose_name = "办理时限"
        verbose_name_plural = "办理时限"
        constraints = [models.UniqueConstraint(fields=["kind", "urgency"], name="deadline_rule_kind_urgency")]

    def __str__(self) -> str:
        return f"{self.get_kind_display() or '全部类型'} / {self.get_urgency_display() or '全部'}"


class NeedEscalation(CityScoped, models.Model):
    """A missed deadline raised to the managers one level up; once per need and stage."""

    class Stage(models.TextChoices):
        ACCEPT = "accept", gettext_lazy("Accept")
        START = "start", gettext_lazy("Start")
        FINISH = "finish", pgettext_lazy("variant-5b1d6293", "Finish")
        CALLBACK = "callback", gettext_lazy("Call back")

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="escalations")
    stage = models.CharField("环节", max_length=10, choices=Stage.choices)
    level = models.ForeignKey("regions.Region", verbose_name="上报至", on_delete=models.PROTECT, related_name="+")
    due = models.DateTimeField("时限")
    at = models.DateTimeField("上报时间", auto_now_add=True)

    class Meta:
        verbose_name = "逾期上报"
        verbose_name_plural = "逾期上报"
        ordering = ["at", "pk"]
        constraints = [
            SameCity("need", name="needescalation_need_same_city"),
            models.UniqueConstraint(fields=["need", "stage", "city_code"], name="need_escalation_once_per_stage"),
        ]


class NeedCall(CityScoped, models.Model):
    """A call about a need: the hotline taking it, a call-back for satisfaction, a reminder (who called whom,
    when, what came of it)."""

    class Purpose(models.TextChoices):
        INTAKE = "intake", gettext_lazy("Intake call")
        CALLBACK = "callback", gettext_lazy("Call back")
        FOLLOW_UP = "follow_up", gettext_lazy("Follow-up")

    class Outcome(models.TextChoices):
        REACHED = "reached", pgettext_lazy("variant-7d7eabc3", "Reached")
        NO_ANSWER = "no_answer", gettext_lazy("No answer")
        WRONG_NUMBER = "wrong_number", gettext_lazy("Wrong number")

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="calls")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+")
    callee = models.CharField("通话对象", max_length=64)
    purpose = models.CharField("事由", max_length=10, choices=Purpose.choices)
    outcome = models.CharField("结果", max_length=12, choices=Outcome.choices)
    satisfaction = models.PositiveSmallIntegerField("满意度（1-5）", null=True, blank=True)
    note = models.CharField("说明", max_length=255, blank=True)
    at = models.DateTimeField("通话时间")

    class Meta:
        verbose_name = "通话记录"
        verbose_name_plural = "通话记录"
        ordering = ["at", "pk"]
        constraints = [
            SameCity("need", name="needcall_need_same_city"),
            models.CheckConstraint(
                condition=models.Q(satisfaction__isnull=True) | models.Q(satisfaction__gte=1, satisfaction__lte=5),
                name="need_call_satisfaction_1_to_5"),
        ]


class ServiceEvidence(CityScoped, models.Model):
    """A photo and a note the volunteer attaches to a service at someone's home: resized, its EXIF (the place it
    was taken) removed, shown only to those who see the need in full."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="evidence")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+")
    photo = models.ImageField("照片", upload_to="evidence/%Y/%m/", blank=True)
    note = models.CharField("说明", max_length=255, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "服务凭证"
        verbose_name_plural = "服务凭证"
        ordering = ["at", "pk"]
        constraints = [
            SameCity("need", name="serviceevidence_need_same_city"),
        ]
