from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy, pgettext_lazy

from volunteerhub.core.models import TimeStampedModel
from volunteerhub.core.tenancy import CityScoped, SameCity, city_key


class Kind(models.TextChoices):
    ADVOCACY = "advocacy", gettext_lazy("Health and civility advocacy")
    COUNSELLING = "counselling", gettext_lazy("Psychological counselling")
    CONVENIENCE = "convenience", gettext_lazy("Convenience services")
    POVERTY_RELIEF = "poverty_relief", gettext_lazy("Poverty relief")
    FAMILY_PLANNING = "family_planning", gettext_lazy("Family-planning family support")
    PATRIOTIC_HEALTH = "patriotic_health", gettext_lazy("Patriotic health campaign")
    TRAINING = "training", gettext_lazy("Training")



class Setting(models.TextChoices):
    COMMUNITY = "community", gettext_lazy("Communities")
    SCHOOL = "school", gettext_lazy("Schools")
    OFFICE = "office", gettext_lazy("Government offices")
    ENTERPRISE = "enterprise", gettext_lazy("Enterprises")
    HOME = "home", gettext_lazy("Homes")
    VILLAGE = "village", gettext_lazy("Villages")



class Project(CityScoped, TimeStampedModel):
    """A registered service project (the corps has 329); it groups activities."""

    code = models.CharField("项目编号", max_length=32, unique=True)
    name = models.CharField("项目名称", max_length=128)
    team = models.ForeignKey("organizations.Team", verbose_name="负责队伍", on_delete=models.PROTECT,
                             related_name="projects")
    region = models.ForeignKey("regions.Region", verbose_name="所在区划", on_delete=models.PROTECT,
                               related_name="projects")
    kind = models.CharField("服务类型", max_length=20, choices=Kind.choices, blank=True)
    description = models.TextField("项目简介", blank=True)
    is_active = models.BooleanField("在册", default=True)

    class Meta:
        verbose_name = "服务项目"
        verbose_name_plural = "服务项目"
        ordering = ["code"]
        constraints = [
            city_key("project"),
            SameCity("team", name="project_team_same_city"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class Activity(CityScoped, TimeStampedModel):
    """One volunteer activity: a place, a time window, a capacity and kept seat counters."""

    class Status(models.TextChoices):
        DRAFT = "draft", gettext_lazy("Draft")
        PUBLISHED = "published", gettext_lazy("Open for sign-up")
        FINISHED = "finished", pgettext_lazy("variant-20391328", "Finished")
        CANCELLED = "cancelled", gettext_lazy("Cancelled")

    project = models.ForeignKey(Project, verbose_name="所属项目", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="activities")
    series = models.ForeignKey("self", verbose_name="周期活动首场", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="occurrences")
    title = models.CharField("活动名称", max_length=128)
    description = models.TextField("活动内容", blank=True)
    kind = models.CharField("服务类型", max_length=20, choices=Kind.choices, db_index=True)
    setting = models.CharField("服务场景", max_length=20, choices=Setting.choices, db_index=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    team = models.ForeignKey("organizations.Team", verbose_name="组织队伍", on_delete=models.PROTECT,
                             related_name="activities")
    cohost_teams = models.ManyToManyField("organizations.Team", verbose_name="协办队伍", blank=True,
                                          related_name="cohosted_activities")
    region = models.ForeignKey("regions.Region", verbose_name="所在区划", on_delete=models.PROTECT,
                               related_name="activities")
    place = models.CharField("活动地点", max_length=255)
    lat = models.FloatField("纬度 (WGS-84)")
    lng = models.FloatField("经度 (WGS-84)")
    cell = models.BigIntegerField("空间网格", db_index=True, editable=False)
    starts_at = models.DateTimeField("开始时间", db_index=True)
    ends_at = models.DateTimeField("结束时间", db_index=True)
    capacity = models.PositiveIntegerField("招募人数")
    confirmed_count = models.PositiveIntegerField("已确认人数", default=0)
    waitlist_count = models.PositiveIntegerField("候补人数", default=0)
    waitlist_seq = models.PositiveIntegerField("候补序号", default=0, editable=False)
    required_qualifications = models.ManyToManyField("volunteers.Qualification", verbose_name="所需资质",
                                                     blank=True, related_name="activities")
    people_served = models.PositiveIntegerField("服务人次", default=0)
    contact_name = models.CharField("联系人", max_length=64, blank=True)
    contact_phone = models.CharField("联系电话", max_length=20, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束登记时间", null=True, blank=True)
    is_risky = models.BooleanField("有风险（须投保）", default=False, db_default=False,
                                   help_text="志愿服务条例第17条：可能危及志愿者人身安全的服务，须先投保")

    class Meta:
        verbose_name = "志愿活动"
        verbose_name_plural = "志愿活动"
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["status", "starts_at"], name="activity_status_start")]
        constraints = [
            city_key("activity"),
            SameCity("project", name="activity_project_same_city"),
            SameCity("series", name="activity_series_same_city"),
            SameCity("team", name="activity_team_same_city"),
            models.CheckConstraint(condition=models.Q(confirmed_count__lte=models.F("capacity")),
                                   name="activity_not_overbooked"),
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                   name="activity_ends_after_start"),
            models.CheckConstraint(condition=models.Q(lat__gte=-90, lat__lte=90, lng__gte=-180, lng__lte=180),
                                   name="activity_lat_lng_in_range"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def seats_left(self) -> int:
        return max(0, self.capacity - self.confirmed_count)


class SignUp(CityScoped, models.Model):
    """A volunteer's place on an activity: confirmed, waitlisted (with a position) or cancelled."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", pgettext_lazy("variant-d9fea67a", "Confirmed")
        WAITLISTED = "waitlisted", gettext_lazy("Waitlisted")
        CANCELLED = "cancelled", gettext_lazy("Cancelled")

    class Method(models.TextChoices):
        QR = "qr", gettext_lazy("QR code")
        MANUAL = "manual", gettext_lazy("By the organiser")
        AUTO = "auto", gettext_lazy("Checked out when the activity ended")

    # No index of their own: (activity, volunteer) and (volunteer, status) below lead with these columns.
    # Nor on status alone, which a planner would pick for "this volunteer's confirmed sign-ups" whenever
    # statistics say few are confirmed (a new season, a freshly loaded table), scanning every confirmed
    # sign-up of everyone on every sign-up (seen in the bench: each run's first round ran at 2/3 speed).
    activity = models.ForeignKey(Activity, verbose_name="活动", on_delete=models.CASCADE, related_name="signups",
                                 db_index=False)
    volunteer = models.ForeignKey("volunteers.Volunteer", verbose_name="志愿者", on_delete=models.PROTECT,
                                  related_name="signups", db_index=False)
    status = models.CharField("状态", max_length=12, choices=Status.choices)
    # Waitlist order: a number drawn from the activity's waitlist sequence (smaller = earlier).
    position = models.PositiveIntegerField("候补序号", null=True, blank=True)
    created_at = models.DateTimeField("报名时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    cancelled_at = models.DateTimeField("取消时间", null=True, blank=True)
    checked_in_at = models.DateTimeField("签到时间", null=True, blank=True)
    checked_out_at = models.DateTimeField("签退时间", null=True, blank=True)
    checkin_method = models.CharField("签到方式", max_length=8, choices=Method.choices, blank=True)
    rating = models.PositiveSmallIntegerField("服务评价（1-5星）", null=True, blank=True)
    rating_note = models.CharField("评价说明", max_length=255, blank=True)
    rated_at = models.DateTimeField("评价时间", null=True, blank=True)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="评价人", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "报名"
        verbose_name_plural = "报名"
        ordering = ["activity_id", "status", "position", "created_at"]
        constraints = [
            city_key("signup"),
            SameCity("activity", name="signup_activity_same_city"),
            models.UniqueConstraint(fields=["activity", "volunteer", "city_code"], name="signup_one_per_volunteer"),
            models.CheckConstraint(condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                                   name="signup_rating_1_to_5"),
        ]
        indexes = [models.Index(fields=["volunteer", "status"], name="signup_volunteer_status"),
                   models.Index(fields=["activity", "status", "position"], name="signup_waitlist_rank")]

    def __str__(self) -> str:
        return f"{self.volunteer_id} @ {self.activity_id}: {self.status}"


class CheckEvent(CityScoped, models.Model):
    """Every check-in and check-out as it happened (QR with location, or by hand with a reason)."""

    class Action(models.TextChoices):
        CHECK_IN = "check_in", gettext_lazy("Check-in")
        CHECK_OUT = "check_out", gettext_lazy("Check-out")

    signup = models.ForeignKey(SignUp, verbose_name="报名", on_delete=models.CASCADE, related_name="events")
    action = models.CharField("动作", max_length=10, choices=Action.choices)
    method = models.CharField("方式", max_length=8, choices=SignUp.Method.choices)
    at = models.DateTimeField("时间")
    lat = models.FloatField("纬度 (WGS-84)", null=True, blank=True)
    lng = models.FloatField("经度 (WGS-84)", null=True, blank=True)
    distance_m = models.FloatField("距活动地点（米）", null=True, blank=True)
    reason = models.CharField("手动登记原因", max_length=255, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "签到签退记录"
        verbose_name_plural = "签到签退记录"
        ordering = ["signup_id", "at"]
        constraints = [
            SameCity("signup", name="checkevent_signup_same_city"),
        ]


class ActivityReminder(CityScoped, models.Model):
    """The reminder N hours before an activity: one row per activity and lead time, so it goes out once."""

    class Status(models.TextChoices):
        QUEUED = "queued", gettext_lazy("Queued")
        SENT = "sent", gettext_lazy("Sent")
        SKIPPED = "skipped", gettext_lazy("Skipped (the activity had started or was cancelled)")

    activity = models.ForeignKey(Activity, verbose_name="活动", on_delete=models.CASCADE,
                                 related_name="+")
    hours_before = models.PositiveSmallIntegerField("提前小时数")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.QUEUED, db_index=True)
    recipients = models.PositiveIntegerField("提醒人数", default=0)
    queued_at = models.DateTimeField("排队时间", auto_now_add=True)
    sent_at = models.DateTimeField("发出时间", null=True, blank=True)

    class Meta:
        db_table = "notifications_activityreminder"  # made by the notifications app before it moved here
        verbose_name = "活动提醒"
        verbose_name_plural = "活动提醒"
        ordering = ["-queued_at"]
        constraints = [
            SameCity("activity", name="activityreminder_activity_same_city"),
            models.UniqueConstraint(fields=["activity", "hours_before", "city_code"], name="reminder_once_per_lead"),
        ]

    def __str__(self) -> str:
        return f"#{self.activity_id} 提前{self.hours_before}小时"
