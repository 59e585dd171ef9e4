"""The newsroom desk: stories in the Django admin, scoped to each staff member's units."""

from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion.models import Version
from reversion_compare.admin import CompareVersionAdmin
from reversion_compare.helpers import html_diff
from taggit.admin import TagAdmin
from taggit.models import Tag

from accounts.scope import (
    NationalAdminMixin,
    ScopedAdminMixin,
    sees_every_unit,
    units_in_scope,
)
from units.admin import UnitAdmin
from units.models import Unit

from . import navigation, pagecache, revisions, services
from .forms import ArticleDeskForm
from .models import Article, Category
from .views import ArticlePreviewView


class ScheduleFilter(admin.SimpleListFilter):
    title = _("schedule")
    parameter_name = "jadwal"

    def lookups(self, request, model_admin):
        return [
            ("scheduled", _("Scheduled")),
            ("overdue", _("Overdue (live, not yet caught up)")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "scheduled":
            return queryset.scheduled()
        if self.value() == "overdue":
            return queryset.awaiting_catch_up()
        return queryset


class UnitInScopeFilter(admin.SimpleListFilter):
    """Filter by a unit and everything beneath it; offers only the user's units."""

    title = _("unit")
    parameter_name = "unit"

    def lookups(self, request, model_admin):
        return [
            (unit.pk, format_html("{}{}", "\u2003" * unit.depth, unit.short_name))
            for unit in units_in_scope(request.user).in_tree_order()
        ]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        unit = units_in_scope(request.user).filter(pk=self.value()).first()
        return queryset.in_unit_tree(unit) if unit else queryset.none()


class AuthorInScopeFilter(admin.SimpleListFilter):
    """Authors of the stories the user can see: no names from other units."""

    title = _("author")
    parameter_name = "penulis"

    def lookups(self, request, model_admin):
        authors = (
            model_admin.get_queryset(request)
            .order_by()
            .values_list("author_id", "author__display_name", "author__username")
            .distinct()
        )
        return sorted(
            ((pk, display or username) for pk, display, username in authors),
            key=lambda item: item[1].lower(),
        )

    def queryset(self, request, queryset):
        return queryset.filter(author_id=self.value()) if self.value() else queryset


# What restoring an old revision leaves as it is: the story's place in the workflow and its
# address (an editor restores text, not a step back to draft or another date in the URL), its
# record, and what readers did since.
KEPT_WHEN_RESTORING = [
    "status",
    "publish_at",
    "went_live_at",
    "slug",
    "author_id",
    "created_at",
    "comment_count",
    "view_count",
]


@admin.register(Article)
class ArticleAdmin(ScopedAdminMixin, CompareVersionAdmin):
    form = ArticleDeskForm
    list_display = [
        "title",
        "status_label",
        "unit",
        "publish_time",
        "author",
        "comment_count",
        "view_count",
    ]
    list_filter = [
        "status",
        ScheduleFilter,
        UnitInScopeFilter,
        "category",
        AuthorInScopeFilter,
        ("publish_at", admin.DateFieldListFilter),
    ]
    list_select_related = ["unit", "author", "category"]
    search_fields = ["title", "lead"]
    search_help_text = _("Search titles and leads.")
    date_hierarchy = None
    autocomplete_fields = ["unit"]
    actions = ["submit_for_review", "publish_now", "unpublish"]
    history_latest_first = True
    object_history_template = "admin/articles/article/object_history.html"
    change_list_template = "admin/articles/article/change_list.html"
    # Tags are compared from what articles.revisions recorded (compare, below).
    compare_exclude = ["went_live_at", "view_count", "comment_count", "updated_at", "tags"]
    fieldsets = [
        (None, {"fields": ["title", "unit", "category", "tags", "lead", "body"]}),
        (
            _("Featured image"),
            {
                "fields": [
                    "featured_image",
                    "image_alt",
                    "image_decorative",
                    "image_caption",
                    "image_credit",
                ]
            },
        ),
        (_("Publication"), {"fields": ["status", "publish_at", "comments_open"]}),
        (
            _("Record"),
            {
                "classes": ["collapse"],
                "fields": ["slug", "author", "created_at", "updated_at", "went_live_at"],
            },
        ),
    ]

    # Scope: every entry point starts from this queryset.

    def reversion_register(self, model, **options):
        # The search document is derived by the database (a trigger): never versioned.
        super().reversion_register(model, exclude=("search_vector",), **options)

    def get_queryset(self, request):
        return super().get_queryset(request).editable_by(request.user)

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset.editable_by(request.user), search_term)

    def has_publish_permission(self, request):
        return services.can_publish(request.user)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or services.can_edit(request.user, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = ["slug", "author", "created_at", "updated_at", "went_live_at"]
        if not services.can_publish(request.user):
            readonly.append("publish_at")
        return readonly

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form = type(
            form.__name__,
            (form,),
            {"user": request.user, "restored_tags": getattr(request, "tags_of_revision", None)},
        )
        if "publish_at" in form.base_fields:
            # Read and shown in the staff member's zone (accounts.middleware): say which.
            zone = timezone.get_current_timezone_name()
            field = form.base_fields["publish_at"]
            if request.user.unit_id:
                in_zone = _("Times are in %(label)s (%(zone)s), your unit's time.") % {
                    "label": request.user.unit.tz_label,
                    "zone": zone,
                }
            else:
                in_zone = _("Times are in %(zone)s.") % {"zone": zone}
            field.help_text = f"{field.help_text} {in_zone}"
        return form

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        stored = Article.objects.filter(pk=obj.pk).select_related("unit").first()
        # The pages showing the story before this edit: they must lose it if it moves away.
        # (When restoring, the row already holds the old revision: revision_view took them.)
        form.pages_before = getattr(request, "pages_before_restoring", None)
        if form.pages_before is None:
            form.pages_before = (
                pagecache.article_dependencies(stored) if stored and stored.is_public else []
            )
        super().save_model(request, obj, form, change)
        services.catch_up(obj)
        if obj.status != form.current_status or not change and obj.status != obj.Status.DRAFT:
            # The workflow step gets its own line in the story's history.
            LogEntry.objects.log_actions(
                request.user.pk,
                [obj],
                CHANGE,
                services.describe_move(obj),
                single_object=True,
            )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # tags are saved here
        article = form.instance
        if form.pages_before or article.is_public:
            pagecache.purge_when_committed(pagecache.purge_article, article, form.pages_before)

    def delete_model(self, request, obj):
        pages = pagecache.article_dependencies(obj) if obj.is_public else []
        super().delete_model(request, obj)
        pagecache.purge_when_committed(pagecache.purge, *pages)

    def delete_queryset(self, request, queryset):
        pages = [dep for a in queryset if a.is_public for dep in pagecache.article_dependencies(a)]
        super().delete_queryset(request, queryset)
        pagecache.purge_when_committed(pagecache.purge, *set(pages))

    def changelist_view(self, request, extra_context=None):
        context = {"can_recover": sees_every_unit(request.user), **(extra_context or {})}
        return super().changelist_view(request, context)

    # Columns.

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, article):
        if article.is_scheduled:
            label, css = _("Scheduled"), "scheduled"
        elif article.is_overdue:
            label, css = _("Overdue"), "overdue"
        else:
            label, css = article.get_status_display(), article.status
        return format_html('<span class="desk-status desk-status-{}">{}</span>', css, label)

    @admin.display(description=_("publish time"), ordering="publish_at")
    def publish_time(self, article):
        if not article.publish_at:
            return "—"
        local = timezone.localtime(article.publish_at, article.unit.zone)
        return f"{date_format(local, 'SHORT_DATETIME_FORMAT')} {article.unit.tz_label}"

    # Bulk actions: the queryset is already scoped; services check each move again.

    def _move_selected(self, request, queryset, target, done_message, **options):
        moved, skipped = services.move_many(request.user, list(queryset), target, **options)
        if moved:
            self.message_user(request, done_message % {"count": len(moved)}, messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d story was left as it was: not allowed from its status.",
                    "%(count)d stories were left as they were: not allowed from their status.",
                    len(skipped),
                )
                % {"count": len(skipped)},
                messages.WARNING,
            )

    @admin.action(description=_("Submit selected stories for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._move_selected(
            request, queryset, Article.Status.IN_REVIEW, _("Submitted for review: %(count)d.")
        )

    @admin.action(description=_("Publish selected stories now"), permissions=["publish"])
    def publish_now(self, request, queryset):
        self._move_selected(
            request,
            queryset,
            Article.Status.PUBLISHED,
            _("Published: %(count)d."),
            bring_forward=True,
        )

    @admin.action(description=_("Unpublish selected stories"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._move_selected(
            request, queryset, Article.Status.UNPUBLISHED, _("Unpublished: %(count)d.")
        )

    # Preview, history, compare and restore: scoped like the change form.

    def get_urls(self):
        preview = ArticlePreviewView.as_view()
        return [
            path("<int:object_id>/preview/", preview, name="articles_article_preview"),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        log_entries = (
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(Article),
                object_id=str(article.pk),
            )
            .select_related("user")
            .order_by("-action_time")
        )
        context = {"log_entries": log_entries, **(extra_context or {})}
        return super().history_view(request, object_id, context)

    def compare_view(self, request, object_id, extra_context=None):
        self.get_object(request, unquote(object_id))
        return super().compare_view(request, object_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        version = Version.objects.get_for_object(article).filter(pk=version_id).first()
        if version is None:
            raise Http404(_("No such revision of this story."))
        old = version.field_dict
        if not units_in_scope(request.user).filter(pk=old["unit_id"]).exists():
            raise PermissionDenied
        # The old text comes back; where the story stands does not (get_object).
        request.article_as_it_stands = {
            field: getattr(article, field) for field in KEPT_WHEN_RESTORING
        }
        request.pages_before_restoring = (
            pagecache.article_dependencies(article) if article.is_public else []
        )
        # The old tags too: the form offers them, and saving it sets them.
        request.tags_of_revision = revisions.tags_at(version.revision_id, article.pk)
        return super().revision_view(request, object_id, version_id, extra_context)

    def compare(self, obj, version1, version2):
        diff, has_unfollowed_fields = super().compare(obj, version1, version2)
        before = revisions.tags_at(version1.revision_id, obj.pk)
        after = revisions.tags_at(version2.revision_id, obj.pk)
        if before is not None and after is not None and before != after:
            diff.append(
                {
                    "field": Article._meta.get_field("tags"),
                    "is_related": False,
                    "follow": None,
                    "diff": html_diff(", ".join(before), ", ".join(after)),
                }
            )
        return diff, has_unfollowed_fields

    def get_object(self, request, object_id, from_field=None):
        article = super().get_object(request, object_id, from_field)
        # Within revision_view the row holds the old revision: keep what must not go back.
        for field, value in getattr(request, "article_as_it_stands", {}).items():
            setattr(article, field, value)
        return article

    def recoverlist_view(self, request, extra_context=None):
        # Deleted stories no longer have a unit to scope by: the national desk recovers them.
        if not sees_every_unit(request.user):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not sees_every_unit(request.user):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)


@admin.register(Category)
class CategoryAdmin(NationalAdminMixin, admin.ModelAdmin):
    """The sections are every unit's navigation."""

    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self.sections_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self.sections_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        self.sections_changed()

    @staticmethod
    def sections_changed():
        # Sections are in every page's navigation.
        navigation.forget_sections()
        pagecache.purge_when_committed(pagecache.purge_site)


@admin.register(Unit)
class ScopedUnitAdmin(ScopedAdminMixin, UnitAdmin):
    """The unit tree, limited to the staff member's own unit and the units beneath it."""

    def get_queryset(self, request):
        # Also what every unit autocomplete (e.g. the story form's) offers.
        return units_in_scope(request.user).in_tree_order()

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.GET.get("app_label") == "articles" and request.GET.get("field_name") == "unit":
            queryset = queryset.filter(active=True)  # the story form offers live units only
        return queryset, may_have_duplicates

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            kwargs["queryset"] = units_in_scope(request.user)
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "parent" and not request.user.is_superuser:
            # A unit without a parent is a root, and a root's staff see the whole country
            # (accounts.scope.sees_every_unit): only a superuser makes one.
            field.required = True
        return field

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.unit_id and not request.user.is_superuser:
            readonly.append("parent")  # where one's own unit stands is decided above it
        return readonly

    def save_model(self, request, obj, form, change):
        # A moved unit's stories leave its old parents' pages too: name them before the move.
        old_parents = []
        if change and "parent" in form.changed_data:
            old_parents = [
                f"unit:{pk}"
                for pk in Unit.objects.get(pk=obj.pk).ancestors().values_list("pk", flat=True)
            ]
        super().save_model(request, obj, form, change)
        if old_parents:
            pagecache.purge_when_committed(pagecache.purge, *old_parents)
        if change and "tz_name" in form.changed_data:
            Article.objects.filter(unit=obj).redate()  # their day, in the new zone

    def units_changed(self, request, units):
        for unit in units:
            pagecache.purge_when_committed(pagecache.purge_unit, unit)


admin.site.unregister(Tag)


@admin.register(Tag)
class NationalTagAdmin(NationalAdminMixin, TagAdmin):
    """Tags are one vocabulary for every unit: renaming, merging or deleting one changes other
    units' stories. (Story forms still create the tags they name.) Every change purges the
    pages showing it."""

    def get_inlines(self, request, obj):
        # taggit's list of what carries the tag names stories of every unit, drafts too.
        return super().get_inlines(request, obj) if sees_every_unit(request.user) else []

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.has_change_permission(request):
            actions.pop("render_tag_form", None)  # taggit's "Merge selected tags"
        return actions

    def merge_tags_view(self, request):
        # taggit's view checks no permission of its own.
        if not self.has_change_permission(request):
            raise PermissionDenied
        merged = [pk for pk in request.session.get("selected_tag_ids", "").split(",") if pk]
        response = super().merge_tags_view(request)
        if request.method == "POST" and response.status_code == 302:
            into = Tag.objects.filter(name=request.POST.get("new_tag_name", "").strip())
            self.tags_changed([*merged, *into.values_list("pk", flat=True)])
        return response

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self.tags_changed([obj.pk])

    def delete_model(self, request, obj):
        pk = obj.pk
        super().delete_model(request, obj)
        self.tags_changed([pk])

    def delete_queryset(self, request, queryset):
        pks = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        self.tags_changed(pks)

    @staticmethod
    def tags_changed(pks):
        if pks:
            pagecache.purge_when_committed(pagecache.purge, *(f"tag:{pk}" for pk in pks))
