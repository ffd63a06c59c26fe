"""Training API: open courses, a course with its quiz (no answers), taking the quiz, keeping courses."""

from datetime import datetime
from decimal import Decimal

from ninja import Field, Router, Schema, Status

from volunteerhub.accounts.auth import AUTH
from volunteerhub.training import selectors, services
from volunteerhub.volunteers.selectors import volunteer_record

router = Router(tags=["training"])


class CourseItemOut(Schema):
    id: int
    title: str
    hours: Decimal
    pass_mark: int
    passed: bool
    url: str


class ChoiceOut(Schema):
    id: int
    text: str


class QuestionOut(Schema):
    id: int
    text: str
    choices: list[ChoiceOut]


class CourseOut(CourseItemOut):
    body: str
    video_url: str | None
    image_urls: list[str]
    questions: list[QuestionOut]


class QuestionIn(Schema):
    text: str
    choices: list[str]
    answer: int = Field(..., description="index of the correct choice, from 0")


class CourseIn(Schema):
    title: str
    body: str
    hours: Decimal = Field(Decimal("0"), description="training hours recorded on passing (0: none)")
    pass_mark: int = Field(80, description="pass mark out of 100")
    questions: list[QuestionIn]


class AnswersIn(Schema):
    answers: dict[str, int] = Field(..., description="question id -> chosen choice id")


class AttemptOut(Schema):
    id: int
    course_id: int
    correct: int
    total: int
    score: int
    pass_mark: int
    passed: bool
    entry_id: int | None
    created_at: datetime


class RequirementIn(Schema):
    activity_id: int | None = None
    activity_kind: str = ""


class RequirementOut(Schema):
    id: int
    course_id: int
    activity_id: int | None
    activity_kind: str


def _item(course, passed: set[int]) -> dict:
    return {"id": course.pk, "title": course.title, "hours": course.hours, "pass_mark": course.pass_mark,
            "passed": course.pk in passed, "url": f"/training/{course.pk}/"}


def _attempt(attempt) -> dict:
    return {"id": attempt.pk, "course_id": attempt.course_id, "correct": attempt.correct, "total": attempt.total,
            "score": attempt.score, "pass_mark": attempt.course.pass_mark, "passed": attempt.passed,
            "entry_id": attempt.entry_id, "created_at": attempt.created_at}


@router.get("/training/courses", response=list[CourseItemOut], auth=AUTH,
            summary="Courses open for learning, with whether I passed each")
def course_list(request, limit: int = 50, offset: int = 0):
    passed = selectors.passed_course_ids(volunteer=volunteer_record(user=request.auth))
    limit, offset = max(1, min(limit, 200)), max(0, offset)
    return [_item(c, passed) for c in selectors.courses_open()[offset:offset + limit]]


@router.get("/training/courses/{course_id}", response=CourseOut, auth=AUTH,
            summary="A course: its text, images, video and quiz questions (never which answer is right)")
def course_detail(request, course_id: int):
    course = selectors.course_get(user=request.auth, course_id=course_id)
    passed = selectors.passed_course_ids(volunteer=volunteer_record(user=request.auth))
    questions = [{"id": q.pk, "text": q.text, "choices": [{"id": c.pk, "text": c.text} for c in q.choices.all()]}
                 for q in course.questions.prefetch_related("choices")]
    return {**_item(course, passed), "body": course.body, "video_url": course.video.url if course.video else None,
            "image_urls": [i.image.url for i in course.images.all()], "questions": questions}


@router.post("/training/courses", response={201: CourseItemOut}, auth=AUTH,
             summary="Open a course with its quiz (admins: their region; organisers: their team)")
def course_create(request, payload: CourseIn):
    course = services.course_create(user=request.auth, title=payload.title, body=payload.body, hours=payload.hours,
                                    pass_mark=payload.pass_mark, questions=[q.dict() for q in payload.questions])
    return Status(201, _item(course, set()))


@router.post("/training/courses/{course_id}/attempts", response={201: AttemptOut}, auth=AUTH,
             summary="Take the quiz: the server scores the answers; the first pass records training hours")
def attempt_create(request, course_id: int, payload: AnswersIn):
    course = selectors.course_get(user=request.auth, course_id=course_id)
    attempt = services.quiz_submit(course=course, volunteer=volunteer_record(user=request.auth),
                                   answers=payload.answers)
    return Status(201, _attempt(attempt))


@router.post("/training/courses/{course_id}/requirements", response={201: RequirementOut}, auth=AUTH,
             summary="Require this course passed before signing up for an activity, or for a kind in its region")
def requirement_create(request, course_id: int, payload: RequirementIn):
    course = selectors.course_get(user=request.auth, course_id=course_id)
    activity = selectors.activity_get(activity_id=payload.activity_id) if payload.activity_id else None
    requirement = services.requirement_add(user=request.auth, course=course, activity=activity,
                                           activity_kind=payload.activity_kind.strip())
    return Status(201, {"id": requirement.pk, "course_id": course.pk, "activity_id": requirement.activity_id,
                        "activity_kind": requirement.activity_kind})
