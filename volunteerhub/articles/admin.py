from django import forms
from django.contrib import admin

from volunteerhub.articles import services
from volunteerhub.articles.models import Article, Category, Tag
from volunteerhub.core.admin import ReferenceDataAdmin, SuperuserOnlyAdmin
from volunteerhub.core.errors import ValidationFailed


class ArticleForm(forms.ModelForm):
    tag_names = forms.CharField(label="标签（逗号分隔）", required=False)
    publish = forms.BooleanField(label="发布", required=False)

    class Meta:
        model = Article
        fields = ["title", "summary", "body", "cover", "source", "category", "published_at", "linked_activities"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["tag_names"].initial = "，".join(t.name for t in self.instance.tags.all())
            self.fields["publish"].initial = self.instance.status == Article.Status.PUBLISHED

    def clean_body(self):
        body = services.sanitize_body(self.cleaned_data.get("body", ""))
        if not body:
            raise forms.ValidationError("正文不能为空（净化后无内容）")
        return body

    def clean_cover(self):
        cover = self.cleaned_data.get("cover")
        if cover and "cover" in self.changed_data:
            problems: dict = {}
            services.check_cover(cover, problems)
            if problems:
                raise forms.ValidationError([str(r) for r in problems["cover"]])
        return cover


@admin.register(Article)
class ArticleAdmin(SuperuserOnlyAdmin):
    """Saves through articles.services, so every body is sanitised and every change audited."""

    form = ArticleForm
    list_display = ["title", "category", "status", "published_at", "read_count", "source"]
    list_filter = ["status", "category", "tags"]
    search_fields = ["title", "summary", "source"]
    date_hierarchy = "published_at"
    readonly_fields = ["read_count"]
    autocomplete_fields = ["linked_activities"]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        names = [n for n in (data.get("tag_names") or "").replace("，", ",").split(",") if n.strip()]
        cover = data.get("cover") if "cover" in form.changed_data else None
        try:
            saved = services.article_save(
                by=request.user, article=obj if change else None, title=data["title"], body=data["body"],
                summary=data.get("summary", ""), source=data.get("source", ""), category=data.get("category"),
                tags=names, publish=data.get("publish", False), published_at=data.get("published_at"),
                cover=cover, linked_activity_ids=[a.pk for a in data.get("linked_activities") or []])
        except ValidationFailed as exc:
            from django.core.exceptions import ValidationError

            raise ValidationError(str(exc.as_json()["fields"])) from exc
        obj.pk = saved.pk

    def save_related(self, request, form, formsets, change):
        """Tags and linked activities are set by the service; skip the form's own m2m save."""


@admin.register(Category)
class CategoryAdmin(ReferenceDataAdmin):
    list_display = ["name", "name_en", "slug", "position"]
    search_fields = ["name", "slug"]


@admin.register(Tag)
class TagAdmin(ReferenceDataAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
