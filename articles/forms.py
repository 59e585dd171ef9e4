from django import forms
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField
from taggit.models import Tag
from taggit.utils import edit_string_for_tags

from accounts.scope import units_in_scope

from . import services
from .images import cleaned_upload
from .models import Article

# What the body editor offers; articles/sanitizer.py decides what is stored.
BODY_EDITOR = {
    "extensions": {
        "Bold": True,
        "Italic": True,
        "Heading": {"levels": [2, 3, 4]},
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        "Blockquote": True,
        "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
        "Image": True,
        "Figure": True,
        "Caption": True,
        "HardBreak": True,
        "HorizontalRule": True,
    }
}


# The years a publication date may name.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100


class FeaturedImageField(forms.ImageField):
    """Judged by content, not by the file's name; what is returned has no GPS location."""

    default_validators = []

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        return cleaned_upload(upload)


class ArticleDeskForm(forms.ModelForm):
    """The admin's story form for one staff member: their units, their allowed statuses."""

    body = ProseEditorFormField(label=capfirst(_("body")), config=BODY_EDITOR)
    featured_image = FeaturedImageField(
        label=capfirst(_("featured image")),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 10 MB. The location (GPS) is removed."),
    )

    class Meta:
        model = Article
        fields = [
            "title",
            "unit",
            "category",
            "tags",
            "lead",
            "body",
            "featured_image",
            "image_alt",
            "image_decorative",
            "image_caption",
            "image_credit",
            "status",
            "publish_at",
            "comments_open",
        ]

    # Set by ArticleAdmin.get_form: the signed-in user, and while an old revision is open, the
    # tag names it had (articles.revisions), which the form offers in place of today's.
    user = None
    restored_tags = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.restored_tags is not None and not self.is_bound:
            self.initial["tags"] = edit_string_for_tags([Tag(name=n) for n in self.restored_tags])
        self.current_status = self.instance.status if self.instance.pk else Article.Status.DRAFT
        if "unit" in self.fields:
            self.fields["unit"].queryset = units_in_scope(self.user)
            if not self.instance.pk and self.user.unit_id:
                self.fields["unit"].initial = self.user.unit_id
        if "status" in self.fields:
            allowed = services.statuses_open_to(self.user, self.current_status)
            self.fields["status"].choices = [
                (value, label) for value, label in Article.Status.choices if value in allowed
            ]

    def clean_unit(self):
        unit = self.cleaned_data["unit"]
        # A planned or dissolved unit has no page, no feed and no readers looking for it; a
        # story already filed under one may stay.
        if unit is not None and not unit.active and unit.pk != self.instance.unit_id:
            raise forms.ValidationError(
                _("%(unit)s is not active: stories cannot be filed under it."),
                code="inactive_unit",
                params={"unit": unit.short_name},
            )
        return unit

    def clean_tags(self):
        tags = self.cleaned_data["tags"]
        # Its slug is the tag's address: "😀" or "!!!" would have none.
        unaddressable = [tag for tag in tags if not slugify(tag, allow_unicode=True)]
        if unaddressable:  # one stored before this check has an address (migration 0007): kept
            stored = set(Tag.objects.filter(name__in=unaddressable).values_list("name", flat=True))
            unaddressable = [tag for tag in unaddressable if tag not in stored]
        if unaddressable:
            raise forms.ValidationError(
                _("A tag needs at least one letter or digit: %(tags)s."),
                code="tag_without_letters",
                params={"tags": ", ".join(unaddressable)},
            )
        longest = Tag._meta.get_field("name").max_length
        too_long = [tag for tag in tags if len(tag) > longest]
        if too_long:
            raise forms.ValidationError(
                _("A tag has at most %(limit)d characters: %(tags)s."),
                code="tag_too_long",
                params={"limit": longest, "tags": ", ".join(f"{tag[:30]}…" for tag in too_long)},
            )
        return tags

    def clean_publish_at(self):
        publish_at = self.cleaned_data["publish_at"]
        # Year 1 in WITA is year 0 in UTC, which no datetime holds; a year like 2206 is a typo.
        if publish_at is not None and not EARLIEST_YEAR <= publish_at.year <= LATEST_YEAR:
            raise forms.ValidationError(
                _("The publication date must fall between %(earliest)d and %(latest)d."),
                code="publish_at_out_of_range",
                params={"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR},
            )
        return publish_at

    def clean_status(self):
        status = self.cleaned_data["status"]
        try:
            services.check_move(self.user, self.current_status, status)
        except services.TransitionNotAllowed as exc:
            raise forms.ValidationError(str(exc)) from exc
        return status

    def clean(self):
        cleaned = super().clean()
        publish_at = cleaned.get("publish_at")
        if (
            "publish_at" in self.changed_data
            and publish_at is not None
            and not services.can_publish(self.user)
        ):
            self.add_error("publish_at", _("Only editors set the publication time."))
        return cleaned
