"""Writes of training: courses and their quiz, a volunteer's attempt (scored here), and requirements."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy, pgettext_lazy
from PIL import Image as PILImage

from volunteerhub.accounts.models import Role
from volunteerhub.audit.services import audit_record
from volunteerhub.core.errors import Conflict, PermissionDenied, Problems, ValidationFailed
from volunteerhub.hours.services import ledger_backfill
from volunteerhub.regions.scope import can_manage_region
from volunteerhub.training import selectors
from volunteerhub.training.models import Attempt, Choice, Course, CourseImage, Question, Requirement
from volunteerhub.volunteers.models import Volunteer
from volunteerhub.core.tenancy import with_city_codes

MAX_QUESTIONS = 50
MAX_CHOICES = 8
MAX_COURSE_HOURS = Decimal("24")
MAX_VIDEO_BYTES = 200 * 1024 * 1024
VIDEO_TYPES = (".mp4", ".webm", ".m4v")
MAX_IMAGES = 10


def _clean_files(video, images, problems: Problems) -> None:
    """A video by its file type and size; images that Pillow can read (nothing else is stored)."""
    if video and (not video.name.lower().endswith(VIDEO_TYPES) or video.size > MAX_VIDEO_BYTES):
        problems.add("video", gettext_lazy("must be an mp4 or webm file up to 200 MB"))
    if len(images) > MAX_IMAGES:
        problems.add("images", format_lazy(gettext_lazy("at most {MAX_IMAGES} images"), MAX_IMAGES=MAX_IMAGES))
    for image in images:
        try:
            with PILImage.open(image) as picture:
                picture.verify()
            image.seek(0)
        except Exception:  # Pillow raises many kinds for a file that is not an image
            problems.add("images", format_lazy(gettext_lazy("{name} is not an image"), name=image.name))


def _clean_questions(questions: list[dict], problems: Problems) -> list[dict]:
    """Each question: {"text", "choices": [str, ...], "answer": index of the correct choice}."""
    if not 1 <= len(questions or []) <= MAX_QUESTIONS:
        problems.add("questions", format_lazy(gettext_lazy("the quiz needs 1 to {MAX_QUESTIONS} questions"), MAX_QUESTIONS=MAX_QUESTIONS))
        return []
    clean = []
    for number, q in enumerate(questions, start=1):
        text = str(q.get("text") or "").strip()[:500]
        choices = [str(c).strip()[:255] for c in (q.get("choices") or []) if str(c).strip()]
        answer = q.get("answer")
        if not text or not 2 <= len(choices) <= MAX_CHOICES:
            problems.add("questions", format_lazy(gettext_lazy("question {number} needs a text and 2 to {MAX_CHOICES} choices"), number=number, MAX_CHOICES=MAX_CHOICES))
        elif not isinstance(answer, int) or isinstance(answer, bool) or not 0 <= answer < len(choices):
            problems.add("questions", format_lazy(gettext_lazy("question {number} needs one correct choice"), number=number))
        else:
            clean.append({"text": text, "choices": choices, "answer": answer})
    return clean


def _clean_course(*, title: str, body: str, hours, pass_mark, problems: Problems) -> tuple[str, str, Decimal, int]:
    title, body = (title or "").strip(), (body or "").strip()
    if not 2 <= len(title) <= 128:
        problems.add("title", pgettext_lazy("variant-cdcc3fae", "must be 2 to 128 characters"))
    if not body:
        problems.add("body", gettext_lazy("the course text is required"))
    try:
        hours = Decimal(str(hours)).quantize(Decimal("0.01"))
        if not 0 <= hours <= MAX_COURSE_HOURS:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        problems.add("hours", gettext_lazy("must be between 0 and 24 hours"))
        hours = Decimal("0")
    if not isinstance(pass_mark, int) or isinstance(pass_mark, bool) or not 1 <= pass_mark <= 100:
        problems.add("pass_mark", gettext_lazy("must be 1 to 100"))
    return title, body, hours, pass_mark


@transaction.atomic
def course_create(*, user, title: str, body: str, hours, pass_mark: int, questions: list[dict], video=None,
                  images=()) -> Course:
    """An admin's course belongs to their region; an organiser's to their team (and its region)."""
    if not selectors.may_keep_courses(user):
        raise PermissionDenied(gettext_lazy("Only administrators and organisers keep courses"))
    problems = Problems()
    title, body, hours, pass_mark = _clean_course(title=title, body=body, hours=hours, pass_mark=pass_mark,
                                                  problems=problems)
    clean = _clean_questions(questions, problems)
    images = list(images or ())
    _clean_files(video, images, problems)
    problems.raise_any()
    team = None if user.is_admin else user.team
    region = user.managed_region()
    if region is None:
        raise PermissionDenied(gettext_lazy("Your account manages no region"))
    course = Course.objects.create(title=title, body=body, hours=hours, pass_mark=pass_mark, region=region,
                                   team=team, created_by=user, video=video or "")
    for position, image in enumerate(images):
        CourseImage.objects.create(course=course, image=image, position=position)
    for position, q in enumerate(clean):
        question = Question.objects.create(course=course, text=q["text"], position=position)
        Choice.objects.bulk_create(with_city_codes(
            Choice(question=question, text=text, correct=i == q["answer"], position=i)
            for i, text in enumerate(q["choices"])))
    audit_record(action="course_create", target_type="training_course", target_id=course.pk, region=region,
                 changes={"title": title, "hours": str(hours), "pass_mark": pass_mark, "questions": len(clean)})
    return course


def _score(course: Course, answers: dict) -> tuple[dict, int, int]:
    """Answers as {question id: choice id}, kept only where both belong to the course; right ones counted."""
    chosen = {}
    for key, value in (answers or {}).items():
        try:
            chosen[int(key)] = int(value)
        except (TypeError, ValueError):
            continue
    questions = list(course.questions.prefetch_related("choices"))
    kept, right = {}, 0
    for question in questions:
        choice = next((c for c in question.choices.all() if c.pk == chosen.get(question.pk)), None)
        if choice is not None:
            kept[str(question.pk)] = choice.pk
            right += choice.correct
    return kept, right, len(questions)


def _record_training_hours(course: Course, volunteer, attempt: Attempt):
    """The course's hours as a pending training entry, recorded by the course's keeper: someone else approves it."""
    if course.hours <= 0:
        return None
    try:
        return ledger_backfill(user=course.created_by, volunteer=volunteer, hours=course.hours,
                               served_on=timezone.localdate(), reason=f"通过培训课程测验（第{attempt.pk}次记录）",
                               content=f"培训：{course.title}", category="training")
    except PermissionDenied:  # the keeper may not record for this volunteer: their own team back-fills it
        return None


@transaction.atomic
def quiz_submit(*, course: Course, volunteer, answers: dict) -> Attempt:
    """Score the answers here (never the client's score); the first pass records the course's training hours."""
    if volunteer is None:
        raise PermissionDenied(gettext_lazy("Only registered volunteers take the quiz"))
    if not course.active:
        raise Conflict(gettext_lazy("This course is closed"), code="course_closed")
    if not isinstance(answers, dict) or not answers:
        raise ValidationFailed({"answers": [gettext_lazy("Answer the questions")]})
    Volunteer.objects.select_for_update().filter(pk=volunteer.pk).first()  # one first pass, even when posted twice
    since = timezone.now() - dt.timedelta(days=1)
    if selectors.attempts_of(volunteer=volunteer, course=course).filter(created_at__gte=since).count() \
            >= settings.QUIZ_ATTEMPTS_PER_DAY:  # the score of many tries would give the answers away
        raise Conflict(format_lazy(gettext_lazy("At most {QUIZ_ATTEMPTS_PER_DAY} tries a day per course: try again tomorrow"), QUIZ_ATTEMPTS_PER_DAY=settings.QUIZ_ATTEMPTS_PER_DAY),
                       code="quiz_attempts_exhausted")
    kept, right, total = _score(course, answers)
    score = round(100 * right / total) if total else 0
    passed = total > 0 and score >= course.pass_mark
    first_pass = passed and not selectors.attempts_of(volunteer=volunteer, course=course).filter(passed=True).exists()
    attempt = Attempt.objects.create(course=course, volunteer=volunteer, answers=kept, correct=right, total=total,
                                     score=score, passed=passed)
    if first_pass:
        attempt.entry = _record_training_hours(course, volunteer, attempt)
        Attempt.objects.filter(pk=attempt.pk).update(entry=attempt.entry)
    audit_record(action="quiz_submit", target_type="training_course", target_id=course.pk, region=course.region,
                 changes={"volunteer": volunteer.pk, "score": score, "passed": passed,
                          "entry": attempt.entry.pk if attempt.entry else None})
    return attempt


@transaction.atomic
def requirement_add(*, user, course: Course, activity=None, activity_kind: str = "") -> Requirement:
    """Require a passed course before signing up for one activity (its manager) or a kind (an administrator who
    keeps the course, for activities in the course's region: a kind binds every team there)."""
    if (activity is None) == (not activity_kind):
        raise ValidationFailed({"activity_id": [gettext_lazy("Give one activity or one kind")]})
    if activity is not None and not _manages_activity(user, activity):
        raise PermissionDenied(gettext_lazy("You may set requirements only for your own activities"))
    if activity is None:
        if activity_kind not in selectors.activity_kinds():
            raise ValidationFailed({"activity_kind": [gettext_lazy("unknown kind")]})
        if not user.is_admin or not selectors.can_manage_course(user=user, course=course):  # it binds every team
            raise PermissionDenied(gettext_lazy("Only the region's administrators require a course for a kind of service"))
    found = Requirement.objects.filter(course=course, activity=activity, activity_kind=activity_kind or "").first()
    if found is not None:
        return found
    requirement = Requirement.objects.create(course=course, activity=activity, activity_kind=activity_kind or "",
                                             created_by=user)
    audit_record(action="training_require", target_type="training_course", target_id=course.pk,
                 region=activity.region if activity is not None else course.region,
                 changes={"activity": activity.pk if activity is not None else None, "kind": activity_kind})
    return requirement


def _manages_activity(user, activity) -> bool:
    if user.is_admin:
        return can_manage_region(user, activity.region)
    return user.role == Role.ORGANIZER and user.team_id is not None and user.team_id == activity.team_id
