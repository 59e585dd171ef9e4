from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.scope import NationalAdminMixin
from articles import pagecache
from units.models import TreeOrder, Unit

from . import services
from .models import Comment, CommentEdit, CommentSettings, WordListEntry


class UnitInScopeFilter(admin.SimpleListFilter):
    """Units (and the units beneath them) that have comments this moderator may see."""

    title = _("unit")
    parameter_name = "unit"

    def lookups(self, request, model_admin):
        in_scope = Comment.objects.moderatable_by(request.user).values("article__unit")
        units = Unit.objects.filter(pk__in=in_scope).in_tree_order()
        return [(unit.pk, f"{'— ' * unit.depth}{unit.short_name}") for unit in units]

    def queryset(self, request, queryset):
        if not (self.value() or "").isdigit():
            return queryset
        unit = Unit.objects.filter(pk=self.value()).first()
        if unit is None:
            return queryset.none()
        return queryset.filter(article__unit__path__startswith=unit.path)


class CommentEditInline(admin.TabularInline):
    model = CommentEdit
    extra = 0
    can_delete = False
    fields = ["edited_at", "edited_by", "previous_text"]
    readonly_fields = fields
    verbose_name_plural = _("Edit history")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("comments.view_comment")


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Your reply"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = [
        "author_column",
        "excerpt",
        "article_column",
        "unit_column",
        "status",
        "reason_column",
        "created_at",
        "reply_column",
    ]
    list_filter = [
        "status",
        UnitInScopeFilter,
        ("article", admin.RelatedOnlyFieldListFilter),
        "reason",
    ]
    search_fields = ["author_name", "author_email", "text", "article__title", "ip_address"]
    list_select_related = ["article__unit"]
    list_per_page = 50
    date_hierarchy = "created_at"
    actions = ["approve", "reject", "mark_spam", "restore"]
    inlines = [CommentEditInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = [
        "article_column",
        "parent",
        "author_name",
        "author_email",
        "author_url",
        "text",
        "status",
        "reason_column",
        "ip_address",
        "user_agent",
        "user",
        "created_at",
        "moderated_at",
        "moderated_by",
    ]
    readonly_fields = [
        "article_column",
        "parent",
        "author_email",
        "reason_column",
        "ip_address",
        "user_agent",
        "user",
        "created_at",
        "moderated_at",
        "moderated_by",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).moderatable_by(request.user)

    def has_add_permission(self, request):
        return False  # comments come from readers; moderators answer with "Approve and reply"

    def has_moderate_permission(self, request):
        return request.user.has_perm("comments.moderate_comment")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_moderate_permission(request):
            fields.append("status")
        return fields

    # Columns
    @admin.display(description=_("author"), ordering="author_name")
    def author_column(self, comment):
        return format_html(
            "<strong>{}</strong><br><small>{}</small><br><small>{}</small>",
            comment.author_name,
            comment.author_email,
            comment.ip_address or "",
        )

    @admin.display(description=_("comment"))
    def excerpt(self, comment):
        return Truncator(comment.text).chars(140)

    @admin.display(description=_("article"), ordering="article__title")
    def article_column(self, comment):
        return format_html(
            '<a href="{}">{}</a>', comment.article.get_absolute_url(), comment.article.title
        )

    @admin.display(description=_("unit"), ordering=TreeOrder("article__unit__path"))
    def unit_column(self, comment):
        return comment.article.unit.short_name

    @admin.display(description=_("reason"), ordering="reason")
    def reason_column(self, comment):
        if not comment.reason:
            return "—"
        if comment.reason_detail:
            return format_html("{} ({})", comment.get_reason_display(), comment.reason_detail)
        return comment.get_reason_display()

    @admin.display(description=_("reply"))
    def reply_column(self, comment):
        if comment.status not in (Comment.Status.PENDING, Comment.Status.APPROVED):
            return ""
        label = _("Approve and reply") if comment.status == Comment.Status.PENDING else _("Reply")
        url = reverse("admin:comments_comment_reply", args=[comment.pk])
        return format_html('<a href="{}">{}</a>', url, label)

    # Bulk actions
    def _moderate(self, request, queryset, status, message):
        changed = services.moderate(queryset, status, request.user)
        self.message_user(request, message(changed) % {"count": changed}, messages.SUCCESS)

    @admin.action(description=_("Approve selected comments"), permissions=["moderate"])
    def approve(self, request, queryset):
        self._moderate(
            request,
            queryset,
            Comment.Status.APPROVED,
            lambda n: ngettext("%(count)d comment approved.", "%(count)d comments approved.", n),
        )

    @admin.action(description=_("Reject selected comments"), permissions=["moderate"])
    def reject(self, request, queryset):
        self._moderate(
            request,
            queryset,
            Comment.Status.REJECTED,
            lambda n: ngettext("%(count)d comment rejected.", "%(count)d comments rejected.", n),
        )

    @admin.action(description=_("Mark selected comments as spam"), permissions=["moderate"])
    def mark_spam(self, request, queryset):
        self._moderate(
            request,
            queryset,
            Comment.Status.SPAM,
            lambda n: ngettext(
                "%(count)d comment marked as spam.", "%(count)d comments marked as spam.", n
            ),
        )

    @admin.action(
        description=_("Restore selected comments to the moderation queue"),
        permissions=["moderate"],
    )
    def restore(self, request, queryset):
        self._moderate(
            request,
            queryset,
            Comment.Status.PENDING,
            lambda n: ngettext(
                "%(count)d comment restored to the queue.",
                "%(count)d comments restored to the queue.",
                n,
            ),
        )

    # Saving and deleting keep the article's count right
    def save_model(self, request, obj, form, change):
        new_status = obj.status
        services.edit_comment(
            obj,
            text=obj.text,
            editor=request.user,
            author_name=obj.author_name,
            author_url=obj.author_url,
        )
        if "status" in form.changed_data and self.has_moderate_permission(request):
            services.moderate(Comment.objects.filter(pk=obj.pk), new_status, request.user)
            obj.status = new_status

    def delete_model(self, request, obj):
        services.delete_comments(Comment.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.delete_comments(queryset)

    # Approve and reply
    def get_urls(self):
        reply = path(
            "<int:object_id>/reply/",
            self.admin_site.admin_view(self.reply_view),
            name="comments_comment_reply",
        )
        return [reply, *super().get_urls()]

    def reply_view(self, request, object_id):
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        comment = get_object_or_404(
            self.get_queryset(request).select_related("article__unit"), pk=object_id
        )
        form = ReplyForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                reply = services.approve_and_reply(comment, request.user, form.cleaned_data["text"])
            except services.DuplicateComment:
                form.add_error("text", _("You have already posted this reply."))
            else:
                self.message_user(
                    request,
                    format_html(
                        '{} <a href="{}">{}</a>',
                        _("Comment approved and your reply published."),
                        reply.get_absolute_url(),
                        _("View on the site"),
                    ),
                    messages.SUCCESS,
                )
                return redirect("admin:comments_comment_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Approve and reply")
            if comment.status == Comment.Status.PENDING
            else _("Reply"),
            "comment": comment,
            "form": form,
        }
        return TemplateResponse(request, "comments/admin_reply.html", context)


@admin.register(WordListEntry)
class WordListEntryAdmin(NationalAdminMixin, admin.ModelAdmin):
    """The lists judge comments on every unit's stories."""

    list_display = ["phrase", "word_list", "category", "active", "note", "updated_at"]
    list_filter = ["word_list", "category", "active"]
    list_editable = ["active"]
    search_fields = ["phrase", "note"]


@admin.register(CommentSettings)
class CommentSettingsAdmin(NationalAdminMixin, admin.ModelAdmin):
    """One row, for every unit's stories: the list opens it directly."""

    fieldsets = [
        (
            _("Moderation"),
            {"fields": ["hold_every_comment", "hold_first_comment", "hold_link_count"]},
        ),
        (_("Spam and flood"), {"fields": ["min_seconds_to_post", "flood_seconds"]}),
        (
            _("Threads"),
            {"fields": ["reply_depth", "comments_per_page", "close_after_days"]},
        ),
        (_("Notifications"), {"fields": ["digest_minutes"]}),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Reply depth, comments per page and closing change every story's comment section.
        pagecache.purge_when_committed(pagecache.purge_site)

    def changelist_view(self, request, extra_context=None):
        CommentSettings.objects.get_or_create(pk=1)
        return redirect("admin:comments_commentsettings_change", 1)
