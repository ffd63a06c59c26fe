"""Reads of training: courses open to volunteers, those a manager keeps, and the passed-course check on sign-up."""

from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from volunteerhub.accounts.models import Role
from volunteerhub.core.errors import NotFound, PermissionDenied
from volunteerhub.regions.scope import can_manage_region, in_reach
from volunteerhub.training.models import Attempt, Course, Requirement


def activity_kinds() -> dict[str, str]:
    """The activity kinds by value (read from the model: training sits below activities and never imports it)."""
    return dict(apps.get_model("activities", "Activity")._meta.get_field("kind").choices)


def may_keep_courses(user) -> bool:
    return user is not None and user.is_authenticated and (
        user.is_admin or (user.role == Role.ORGANIZER and user.team_id is not None))


def can_manage_course(*, user, course: Course) -> bool:
    """An admin keeps the courses of their region subtree; an organiser their own team's."""
    if not may_keep_courses(user):
        return False
    if user.is_admin:
        return can_manage_region(user, course.region)
    return course.team_id is not None and course.team_id == user.team_id


def courses_open() -> QuerySet[Course]:
    return Course.objects.filter(active=True).select_related("region", "team")


def courses_kept_by(*, user) -> QuerySet[Course]:
    if not may_keep_courses(user):
        return Course.objects.none()
    base = Course.objects.select_related("region", "team")
    return in_reach(base, user) if user.is_admin else base.filter(team_id=user.team_id)


def course_get(*, user, course_id: int) -> Course:
    """An open course for anyone signed in; an archived one only for those who keep it."""
    course = Course.objects.select_related("region", "team").filter(pk=course_id).first()
    if course is None or not (course.active or can_manage_course(user=user, course=course)):
        raise NotFound(gettext_lazy("No such course"))
    return course


def course_get_for_manager(*, user, course_id: int) -> Course:
    course = course_get(user=user, course_id=course_id)
    if not can_manage_course(user=user, course=course):
        raise PermissionDenied(gettext_lazy("You may keep only your own region's or team's courses"))
    return course


def passed_course_ids(*, volunteer) -> set[int]:
    if volunteer is None:
        return set()
    return set(Attempt.objects.filter(volunteer=volunteer, passed=True).values_list("course_id", flat=True))


def attempts_of(*, volunteer, course: Course) -> QuerySet[Attempt]:
    return Attempt.objects.filter(volunteer=volunteer, course=course)


def courses_required_for(*, activity) -> QuerySet[Course]:
    """Courses this activity requires: its own, and those required for its kind in a region above it."""
    region_paths = [activity.region.path[:i + 1] for i, ch in enumerate(activity.region.path) if ch == "/"]
    rules = Requirement.objects.filter(Q(activity_id=activity.pk) | Q(
        activity__isnull=True, activity_kind=activity.kind, course__region__path__in=region_paths))
    return Course.objects.filter(pk__in=rules.values("course_id")).order_by("pk")


def requirements_of(*, course: Course) -> QuerySet[Requirement]:
    return course.requirements.select_related("activity").order_by("pk")


def check_required_courses(*, activity, volunteer) -> None:
    """Refuse a sign-up (naming the courses) while a course the activity requires is not passed."""
    required = list(courses_required_for(activity=activity))
    if not required:
        return
    passed = passed_course_ids(volunteer=volunteer)
    missing = [c for c in required if c.pk not in passed]
    if missing:
        names = "、".join(f"「{c.title}」" for c in missing)
        raise PermissionDenied(format_lazy(gettext_lazy("Pass the quiz of the course {names} first"), names=names),
                               code="training_required")


def activity_get(*, activity_id: int):
    """The activity a requirement names (the model looked up by name: training never imports activities)."""
    activity = apps.get_model("activities", "Activity").objects.select_related("region").filter(pk=activity_id).first()
    if activity is None:
        raise NotFound(gettext_lazy("No such activity"))
    return activity
