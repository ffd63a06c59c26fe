"""Training pages: the courses, a course with its quiz, opening a course, requiring one before sign-up."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy

from volunteerhub.core.errors import ApplicationError, PermissionDenied
from volunteerhub.training import selectors, services
from volunteerhub.volunteers.selectors import volunteer_record


def _error_text(exc: ApplicationError) -> str:
    reasons = "；".join(str(r) for rs in exc.fields.values() for r in rs)
    return f"{exc.message}：{reasons}" if reasons else str(exc.message)


def parse_questions(text: str) -> list[dict]:
    """Questions as typed: blocks apart by a blank line; the first line asks, each next line is a choice, the right
    one starting with "*"."""
    questions = []
    for block in (text or "").replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        choices = [line.lstrip("*").strip() for line in lines[1:]]
        right = [i for i, line in enumerate(lines[1:]) if line.startswith("*")]
        questions.append({"text": lines[0], "choices": choices, "answer": right[0] if len(right) == 1 else None})
    return questions


@login_required
def course_list(request):
    kept = selectors.courses_kept_by(user=request.user)
    return render(request, "training/list.html", {
        "courses": selectors.courses_open()[:200], "kept": kept[:200],
        "may_keep": selectors.may_keep_courses(request.user),
        "passed": selectors.passed_course_ids(volunteer=volunteer_record(user=request.user))})


@login_required
def course_new(request):
    if not selectors.may_keep_courses(request.user):
        raise PermissionDenied(gettext_lazy("Only administrators and organisers keep courses"))
    form = request.POST if request.method == "POST" else {"pass_mark": "80", "hours": "1"}
    if request.method == "POST":
        try:
            pass_mark = int(form.get("pass_mark") or 0)
        except ValueError:
            pass_mark = 0
        try:
            course = services.course_create(
                user=request.user, title=form.get("title", ""), body=form.get("body", ""), hours=form.get("hours") or 0,
                pass_mark=pass_mark, questions=parse_questions(form.get("questions", "")),
                video=request.FILES.get("video"), images=request.FILES.getlist("images"))
            messages.success(request, gettext("The course is open"))
            return redirect("training-course", pk=course.pk)
        except ApplicationError as exc:
            messages.error(request, _error_text(exc))
    return render(request, "training/new.html", {"form": form}, status=400 if request.method == "POST" else 200)


@login_required
def course_detail(request, pk: int):
    """The course and its quiz; answering posts here and the server scores it."""
    course = selectors.course_get(user=request.user, course_id=pk)
    volunteer = volunteer_record(user=request.user)
    if request.method == "POST":
        answers = {key[2:]: value for key, value in request.POST.items() if key.startswith("q-")}
        try:
            attempt = services.quiz_submit(course=course, volunteer=volunteer, answers=answers)
            if attempt.passed:
                messages.success(request, gettext("Passed with {score}").format(score=attempt.score))
            else:
                messages.error(request, gettext("Not passed: {score} (pass mark {pass_mark}); try again").format(score=attempt.score, pass_mark=course.pass_mark))
        except ApplicationError as exc:
            messages.error(request, _error_text(exc))
        return redirect("training-course", pk=course.pk)
    manages = selectors.can_manage_course(user=request.user, course=course)
    return render(request, "training/course.html", {
        "course": course, "questions": course.questions.prefetch_related("choices"), "manages": manages,
        "attempts": selectors.attempts_of(volunteer=volunteer, course=course)[:10] if volunteer else [],
        "requirements": selectors.requirements_of(course=course) if manages else [],
        "kinds": selectors.activity_kinds().items()})


@login_required
def course_require(request, pk: int):
    """Require the course before signing up: for an activity one manages, or for a kind (the course's keeper)."""
    course = selectors.course_get(user=request.user, course_id=pk)
    if request.method == "POST":
        try:
            raw_id = (request.POST.get("activity_id") or "").strip()
            activity = selectors.activity_get(activity_id=int(raw_id)) if raw_id else None
            services.requirement_add(user=request.user, course=course, activity=activity,
                                     activity_kind=(request.POST.get("activity_kind") or "").strip())
            messages.success(request, gettext("The requirement is set"))
        except ApplicationError as exc:
            messages.error(request, _error_text(exc))
        except ValueError:
            messages.error(request, gettext("The activity number must be a number"))
    return redirect("training-course", pk=course.pk)
