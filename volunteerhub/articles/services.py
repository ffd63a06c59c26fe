"""Publishing articles (bodies sanitised on the way in) and counting reads without keeping personal data."""

import datetime as dt
import hashlib
import secrets

import nh3
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import format_lazy, slugify
from django.utils.translation import gettext_lazy

from volunteerhub.articles.models import Article, ArticleRead, Category, ReadSalt, Tag
from volunteerhub.audit.services import audit_record
from volunteerhub.core.errors import PermissionDenied, ValidationFailed

ALLOWED_TAGS = {"p", "br", "hr", "strong", "b", "em", "i", "u", "s", "sub", "sup", "h2", "h3", "h4", "blockquote",
                "ul", "ol", "li", "a", "img", "figure", "figcaption", "table", "thead", "tbody", "tr", "th", "td",
                "span", "code", "pre"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title", "width", "height"},
                      "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}
COVER_TYPES = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_TAGS = 10


def sanitize_body(html: str) -> str:
    """Keep formatting, links and images; drop scripts, styles, event handlers and javascript: links."""
    return nh3.clean(html or "", tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer nofollow",
                     strip_comments=True).strip()


def check_cover(cover, problems: dict) -> None:
    if cover is None:
        return
    if cover.size > settings.ARTICLE_COVER_MAX_BYTES:
        limit = settings.ARTICLE_COVER_MAX_BYTES // 1024
        problems["cover"] = [format_lazy(gettext_lazy("the cover may be at most {limit} KB"), limit=limit)]
        return
    from PIL import Image

    try:
        cover.seek(0)
        with Image.open(cover) as image:
            image_format = image.format
            image.verify()
        cover.seek(0)
    except Exception:  # Pillow raises many kinds for a file that is not an image
        image_format = None
    if image_format not in COVER_TYPES:
        problems["cover"] = [gettext_lazy("the cover must be a JPEG, PNG, WebP or GIF image")]


def tags_from_names(names: list[str]) -> list[Tag]:
    tags = []
    for name in dict.fromkeys(n.strip() for n in names if n and n.strip()):
        tag = Tag.objects.filter(name=name).first()
        if tag is None:
            slug = slugify(name, allow_unicode=True) or f"tag-{secrets.token_hex(3)}"
            if Tag.objects.filter(slug=slug).exists():
                slug = f"{slug}-{secrets.token_hex(2)}"
            tag = Tag.objects.create(name=name[:32], slug=slug[:48])
        tags.append(tag)
    return tags


def _activities(ids: list[int] | None, problems: dict) -> list | None:
    """The activities to link (None: leave the links as they are); unknown ids are refused."""
    if ids is None:
        return None
    from volunteerhub.activities.models import Activity

    wanted = {int(i) for i in ids}
    found = list(Activity.objects.filter(pk__in=wanted))
    missing = sorted(wanted - {a.pk for a in found})
    if missing:
        problems["linked_activity_ids"] = [format_lazy(gettext_lazy("no such activities: {missing}"), missing=missing)]
    return found


def _may_edit(by) -> bool:
    return by is not None and by.is_authenticated and (by.is_admin or by.has_perm("articles.change_article"))


@transaction.atomic
def article_save(*, by, title: str, body: str, summary: str = "", source: str = "", category: Category | None = None,
                 tags: list[str] | None = None, publish: bool = False, published_at: dt.datetime | None = None,
                 cover=None, linked_activity_ids: list[int] | None = None, article: Article | None = None) -> Article:
    """Create or edit an article; `publish` puts it out at `published_at` (default now)."""
    if not _may_edit(by):
        raise PermissionDenied(gettext_lazy("Only admins may publish articles"))
    title = (title or "").strip()
    clean_body = sanitize_body(body)
    problems: dict = {}
    if not 2 <= len(title) <= 128:
        problems["title"] = [gettext_lazy("the title must be 2 to 128 characters")]
    if not clean_body:
        problems["body"] = [gettext_lazy("the body is empty")]
    if len([t for t in (tags or []) if t.strip()]) > MAX_TAGS:
        problems["tags"] = [gettext_lazy("at most 10 tags")]
    check_cover(cover, problems)
    activities = _activities(linked_activity_ids, problems)
    if problems:
        raise ValidationFailed(problems)
    article = article or Article(author=by)
    article.title, article.body, article.summary, article.source = title, clean_body, (summary or "").strip()[:255], (source or "").strip()[:64]
    article.category = category
    if publish:
        article.status = Article.Status.PUBLISHED
        article.published_at = published_at or article.published_at or timezone.now()
    if cover is not None:
        article.cover = cover
    article.save()
    if tags is not None:
        article.tags.set(tags_from_names(tags))
    if activities is not None:
        article.linked_activities.set(activities)
    audit_record(action="publish" if publish else "save", target_type="article", target_id=article.pk, actor=by,
                 changes={"title": title, "status": article.status})
    return article


def _salt_for(day: dt.date) -> str:
    row = ReadSalt.objects.filter(day=day).first()
    if row is None:
        try:
            with transaction.atomic():
                row = ReadSalt.objects.create(day=day, salt=secrets.token_hex(32))
        except IntegrityError:
            row = ReadSalt.objects.get(day=day)
    return row.salt


def visitor_digest(*, ip: str, user_agent: str, day: dt.date) -> str:
    return hashlib.sha256(f"{_salt_for(day)}|{ip}|{user_agent}".encode()).hexdigest()


@transaction.atomic
def article_count_read(*, article: Article, ip: str, user_agent: str, today: dt.date | None = None) -> bool:
    """Count one read per visitor per day. Only a salted digest is kept, and only for the day."""
    today = today or timezone.localdate()
    ArticleRead.objects.filter(day__lt=today).delete()
    ReadSalt.objects.filter(day__lt=today).delete()
    visitor = visitor_digest(ip=ip, user_agent=(user_agent or "")[:300], day=today)
    try:
        with transaction.atomic():
            ArticleRead.objects.create(article=article, day=today, visitor=visitor)
    except IntegrityError:
        return False
    Article.objects.filter(pk=article.pk).update(read_count=F("read_count") + 1)
    return True
