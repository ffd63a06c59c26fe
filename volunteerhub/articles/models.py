from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy

from volunteerhub.core.models import TimeStampedModel


class Category(models.Model):
    slug = models.SlugField("代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=32)
    name_en = models.CharField("英文名", max_length=64, blank=True)
    position = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "栏目"
        verbose_name_plural = "栏目"
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    slug = models.SlugField("代码", max_length=48, unique=True, allow_unicode=True)
    name = models.CharField("名称", max_length=32, unique=True)

    class Meta:
        verbose_name = "标签"
        verbose_name_plural = "标签"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Article(TimeStampedModel):
    """A news item or announcement. The body is stored already sanitised (articles.services)."""

    class Status(models.TextChoices):
        DRAFT = "draft", gettext_lazy("Draft")
        PUBLISHED = "published", gettext_lazy("Published")

    title = models.CharField("标题", max_length=128)
    summary = models.CharField("摘要", max_length=255, blank=True)
    body = models.TextField("正文（已净化的HTML）")
    cover = models.ImageField("封面图", upload_to="articles/covers/%Y/%m/", blank=True)
    source = models.CharField("来源", max_length=64, blank=True)
    category = models.ForeignKey(Category, verbose_name="栏目", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="articles")
    tags = models.ManyToManyField(Tag, verbose_name="标签", blank=True, related_name="articles")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True, db_index=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="编辑", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    linked_activities = models.ManyToManyField("activities.Activity", verbose_name="关联活动", blank=True,
                                               related_name="articles")
    read_count = models.PositiveIntegerField("阅读数", default=0)

    class Meta:
        verbose_name = "新闻资讯"
        verbose_name_plural = "新闻资讯"
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("article-detail", args=[self.pk])


class ReadSalt(models.Model):
    """A random salt for one day; deleted with that day's reads, so yesterday's hashes cannot be rebuilt."""

    day = models.DateField("日期", primary_key=True)
    salt = models.CharField("盐", max_length=64)

    class Meta:
        verbose_name = "阅读计数盐"
        verbose_name_plural = "阅读计数盐"


class ArticleRead(models.Model):
    """One visitor's read of one article today: a salted hash only, no address or browser kept."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    day = models.DateField("日期", db_index=True)
    visitor = models.CharField("访客摘要", max_length=64)

    class Meta:
        verbose_name = "当日阅读"
        verbose_name_plural = "当日阅读"
        constraints = [models.UniqueConstraint(fields=["article", "day", "visitor"], name="one_read_per_visitor_day")]
