import datetime
import re
from functools import partial

from django import forms
from django.core import signing
from django.core.validators import URLValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles import widgets

from .models import Comment, author_key_for, text_fingerprint

TOKEN_SALT = "comments.form-issued-at"
# Right-to-left embeddings, overrides and isolates: no name needs them, and one left open turns
# the text after it around ("Siti \u202eNurhaliza" reversed the comment's date, and a
# moderator's email).
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def issue_form_token(article_id, issued_at=None):
    """A signed note of when the form was shown; a reply faster than a person types is spam.
    It never expires, so a form on a cached page keeps working."""
    issued_at = issued_at or timezone.now()
    return signing.dumps({"a": article_id, "t": issued_at.timestamp()}, salt=TOKEN_SALT)


def seconds_on_form(token, article_id):
    """Seconds since the form was shown, or None if the token is missing or forged."""
    try:
        data = signing.loads(token or "", salt=TOKEN_SALT)
        if data["a"] != article_id:
            return None
        return timezone.now().timestamp() - float(data["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


class WebAddressField(forms.URLField):
    """A commenter's website: http(s) only. In place of URLField's own check (which also takes
    ftp), not beside it, so a bad address gets one "Enter a valid URL.", not two."""

    default_validators = [URLValidator(schemes=["http", "https"])]


class CommentForm(forms.Form):
    """The "Leave a Comment" form with every refusal: nothing is stored unless it is valid."""

    comment = forms.CharField(
        label=_("Comment"), max_length=5000, widget=widgets.Textarea(attrs={"rows": 6})
    )
    name = forms.CharField(
        label=_("Name"), max_length=100, widget=widgets.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=widgets.EmailInput(attrs={"autocomplete": "email"}),
    )
    website = WebAddressField(
        label=_("Website"),
        max_length=200,
        required=False,
        assume_scheme="https",
        widget=widgets.URLInput(attrs={"autocomplete": "url"}),
    )
    remember = forms.BooleanField(
        label=_("Save my name, email and website in this browser for the next time I comment."),
        required=False,
        widget=widgets.CheckboxInput,
    )
    parent = forms.IntegerField(required=False, widget=widgets.HiddenInput)
    token = forms.CharField(required=False, widget=widgets.HiddenInput)
    # The trap: hidden from people (and screen readers), filled in by bots.
    homepage_url = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=widgets.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, article, user, settings, ip_address=None, is_moderator=False, **kw):
        super().__init__(*args, **kw)
        self.article = article
        self.user = user
        self.settings = settings
        self.ip_address = ip_address
        self.is_moderator = is_moderator
        self.parent_comment = None
        if user.is_authenticated:
            for name in ("name", "email", "website", "remember"):
                del self.fields[name]
        if not self.is_bound:
            # Issued when the field is rendered: a form shown only for its name fields (a
            # guest's personal copy) signs nothing.
            self.fields["token"].initial = partial(issue_form_token, article.pk)

    def clean_name(self):
        name = BIDI_CONTROLS.sub("", self.cleaned_data["name"]).strip()
        if not name:
            raise forms.ValidationError(self.fields["name"].error_messages["required"], "required")
        return name

    @property
    def identity_fields(self):
        return [self[name] for name in ("name", "email", "website") if name in self.fields]

    def clean(self):
        cleaned = super().clean()
        if not self.settings.accepts_comments_on(self.article):
            raise forms.ValidationError(_("Comments are closed on this story."), code="closed")
        parent_id = cleaned.get("parent")
        if parent_id:
            self.parent_comment = (
                Comment.objects.approved().filter(pk=parent_id, article=self.article).first()
            )
            if self.parent_comment is None:
                # Shown again without it: sent once more, it is a comment on the story.
                self.data = self.data.copy()
                self.data["parent"] = ""
                raise forms.ValidationError(
                    _(
                        "The comment you are replying to is not published on this story. "
                        "Your comment was not posted."
                    ),
                    code="bad_parent",
                )
        text = cleaned.get("comment")
        email = cleaned.get("email", "")
        if text and (email or self.user.is_authenticated):
            key = author_key_for(self.user, email)
            if self._is_duplicate(key, text):
                raise forms.ValidationError(
                    _("Duplicate comment detected: it looks as though you have already said that."),
                    code="duplicate",
                )
            if not self.is_moderator and self._is_flood(key):
                raise forms.ValidationError(
                    _(
                        "You are posting comments too quickly. "
                        "Please wait %(seconds)s seconds and try again."
                    ),
                    code="flood",
                    params={"seconds": self.settings.flood_seconds},
                )
        return cleaned

    def _is_duplicate(self, key, text):
        return Comment.objects.filter(
            article=self.article, author_key=key, fingerprint=text_fingerprint(text)
        ).exists()

    def _is_flood(self, key):
        if not self.settings.flood_seconds:
            return False
        since = timezone.now() - datetime.timedelta(seconds=self.settings.flood_seconds)
        same_author = Q(author_key=key)
        if self.ip_address:
            same_author |= Q(ip_address=self.ip_address)
        return Comment.objects.filter(same_author, created_at__gt=since).exists()

    def refusal_code(self):
        codes = {error.code for error in self.non_field_errors().as_data()}
        return next((code for code in ("flood", "closed") if code in codes), None)

    def seconds_on_form(self):
        return seconds_on_form(self.cleaned_data.get("token"), self.article.pk)


class CommentIdentityForm(forms.Form):
    """CommentForm's own fields for a guest (name, email, website, remember) and nothing else:
    what a guest's personal copy of a story renders (identity_fields.html). The same fields,
    names and ids, without building the rest of the form (its story, its token) around them."""

    name = CommentForm.base_fields["name"]
    email = CommentForm.base_fields["email"]
    website = CommentForm.base_fields["website"]
    remember = CommentForm.base_fields["remember"]

    identity_fields = CommentForm.identity_fields
