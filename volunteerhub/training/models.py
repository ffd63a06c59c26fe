"""Training before service: courses with a short quiz, the volunteers' attempts, and what requires a passed course."""

from django.conf import settings
from django.db import models

from volunteerhub.core.tenancy import CityScoped, SameCity, city_key


class Course(CityScoped, models.Model):
    """A course kept by an admin (their region) or an organiser (their team); passing it records training hours."""

    title = models.CharField("课程名称", max_length=128)
    body = models.TextField("课程内容")
    video = models.FileField("视频", upload_to="training/videos/%Y/%m/", blank=True)
    hours = models.DecimalField("培训时长（小时）", max_digits=4, decimal_places=2, default=0)
    pass_mark = models.PositiveSmallIntegerField("及格分（百分制）", default=80)
    region = models.ForeignKey("regions.Region", verbose_name="区划", on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey("organizations.Team", verbose_name="队伍", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", on_delete=models.PROTECT,
                                   related_name="+")
    active = models.BooleanField("开放学习", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "培训课程"
        verbose_name_plural = "培训课程"
        ordering = ["-created_at", "pk"]
        constraints = [
            city_key("course"),
            SameCity("team", name="course_team_same_city"),
        ]

    def __str__(self) -> str:
        return self.title


class CourseImage(CityScoped, models.Model):
    course = models.ForeignKey(Course, verbose_name="课程", on_delete=models.CASCADE, related_name="images")
    image = models.ImageField("图片", upload_to="training/images/%Y/%m/")
    position = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            SameCity("course", name="courseimage_course_same_city"),
        ]


class Question(CityScoped, models.Model):
    """A single-choice question; exactly one of its choices is correct."""

    course = models.ForeignKey(Course, verbose_name="课程", on_delete=models.CASCADE, related_name="questions")
    text = models.CharField("题目", max_length=500)
    position = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "测验题"
        verbose_name_plural = "测验题"
        ordering = ["position", "pk"]
        constraints = [
            city_key("question"),
            SameCity("course", name="question_course_same_city"),
        ]


class Choice(CityScoped, models.Model):
    question = models.ForeignKey(Question, verbose_name="题目", on_delete=models.CASCADE, related_name="choices")
    text = models.CharField("选项", max_length=255)
    correct = models.BooleanField("正确答案", default=False)
    position = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            SameCity("question", name="choice_question_same_city"),
        ]


class Attempt(CityScoped, models.Model):
    """One taking of a course's quiz, scored on the server; a pass may carry its training-hours entry."""

    course = models.ForeignKey(Course, verbose_name="课程", on_delete=models.PROTECT, related_name="attempts")
    volunteer = models.ForeignKey("volunteers.Volunteer", verbose_name="志愿者", on_delete=models.PROTECT,
                                  related_name="training_attempts")
    answers = models.JSONField("作答", default=dict)
    correct = models.PositiveSmallIntegerField("答对题数")
    total = models.PositiveSmallIntegerField("题数")
    score = models.PositiveSmallIntegerField("得分（百分制）")
    passed = models.BooleanField("通过", db_index=True)
    entry = models.ForeignKey("hours.LedgerEntry", verbose_name="培训时长记录", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("作答时间", auto_now_add=True)

    class Meta:
        verbose_name = "测验记录"
        verbose_name_plural = "测验记录"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["volunteer", "course", "passed"], name="training_attempt_passed")]
        constraints = [
            SameCity("course", name="attempt_course_same_city"),
            SameCity("entry", name="attempt_entry_same_city"),
        ]


class Requirement(CityScoped, models.Model):
    """A passed course required before signing up: for one activity, or for every activity of a kind in the
    course's region."""

    course = models.ForeignKey(Course, verbose_name="课程", on_delete=models.CASCADE, related_name="requirements")
    activity = models.ForeignKey("activities.Activity", verbose_name="活动", null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="+")
    activity_kind = models.CharField("服务类型", max_length=20, blank=True, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="设置人", on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField("设置时间", auto_now_add=True)

    class Meta:
        verbose_name = "培训要求"
        verbose_name_plural = "培训要求"
        constraints = [
            SameCity("course", name="requirement_course_same_city"),
            SameCity("activity", name="requirement_activity_same_city"),
            models.CheckConstraint(condition=models.Q(activity__isnull=False, activity_kind="")
                                   | models.Q(activity__isnull=True) & ~models.Q(activity_kind=""),
                                   name="training_requirement_activity_or_kind"),
            models.UniqueConstraint(fields=["course", "activity", "city_code"], condition=models.Q(activity__isnull=False),
                                    name="training_requirement_once_per_activity"),
            models.UniqueConstraint(fields=["course", "activity_kind", "city_code"], condition=models.Q(activity__isnull=True),
                                    name="training_requirement_once_per_kind"),
        ]
