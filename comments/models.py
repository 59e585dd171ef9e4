import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Min, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Bump when a field is added: an instance pickled by the previous code lacks it.
SETTINGS_CACHE_KEY = "comments:settings:v2"
SETTINGS_CACHE_SECONDS = 600
# The query parameter of a story's page that picks a page of its comments (?komentar=2).
COMMENT_PAGE_PARAM = "komentar"


class CommentSettings(models.Model):
    """The moderation rules an administrator can change; one row, loaded once per request."""

    hold_every_comment = models.BooleanField(
        _("hold every comment"),
        default=False,
        help_text=_("Every comment waits for a moderator, whoever wrote it."),
    )
    hold_first_comment = models.BooleanField(
        _("hold first comments"),
        default=True,
        help_text=_(
            "A comment is held unless its author already has an approved comment (a guest: "
            "under the same name and email)."
        ),
    )
    hold_link_count = models.PositiveSmallIntegerField(
        _("hold at this many links"),
        default=2,
        help_text=_("A comment with this many links or more is held (0 turns the rule off)."),
    )
    reply_depth = models.PositiveSmallIntegerField(
        _("reply depth"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("How many levels replies nest (1 = no replies)."),
    )
    comments_per_page = models.PositiveSmallIntegerField(
        _("conversations per page"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
        help_text=_(
            "How many comments, each with all its replies, a story's page shows; "
            "older ones first, the rest on further pages."
        ),
    )
    close_after_days = models.PositiveSmallIntegerField(
        _("close comments after days"),
        null=True,
        blank=True,
        help_text=_("Close comments on stories older than this many days. Empty: never."),
    )
    flood_seconds = models.PositiveSmallIntegerField(
        _("seconds between comments"),
        default=15,
        help_text=_("The same address or email cannot post again within this many seconds."),
    )
    min_seconds_to_post = models.PositiveSmallIntegerField(
        _("minimum seconds to write"),
        default=3,
        help_text=_("A comment sent sooner than this after the form was shown is treated as spam."),
    )
    digest_minutes = models.PositiveSmallIntegerField(
        _("notification interval (minutes)"),
        default=30,
        help_text=_("Each moderator gets at most one email about held comments in this time."),
    )

    class Meta:
        verbose_name = _("comment settings")
        verbose_name_plural = _("comment settings")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="comment_settings_single_row"),
            models.CheckConstraint(
                condition=Q(reply_depth__gte=1, reply_depth__lte=10),
                name="comment_settings_reply_depth_range",
            ),
            models.CheckConstraint(
                condition=Q(comments_per_page__gte=1, comments_per_page__lte=200),
                name="comment_settings_per_page_range",
            ),
        ]

    def __str__(self):
        return str(_("Comment settings"))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        cache.delete(SETTINGS_CACHE_KEY)

    @classmethod
    def current(cls):
        """The settings in force; defaults if nobody saved any. Never writes (GETs stay read-only)."""
        loaded = cache.get(SETTINGS_CACHE_KEY)
        if loaded is None:
            loaded = cls.objects.filter(pk=1).first() or cls(pk=1)
            cache.set(SETTINGS_CACHE_KEY, loaded, SETTINGS_CACHE_SECONDS)
        return loaded

    def accepts_comments_on(self, article):
        if not article.comments_open:
            return False
        if self.close_after_days and article.publish_at:
            age = timezone.now() - article.publish_at
            return age.days < self.close_after_days
        return True


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def moderatable_by(self, user):
        """Comments a staff member may moderate: on articles of their unit and every unit beneath it."""
        if not (user.is_active and user.is_staff):
            return self.none()
        if user.is_superuser:
            return self
        unit = user.unit
        if unit is None:
            return self.none()
        if unit.parent_id is None:  # Mabes Polri oversees every unit
            return self
        return self.filter(article__unit__path__startswith=unit.path)

    def shown_on_article(self, article, pending_ids=(), user=None):
        """Approved comments, plus the reader's own held ones, oldest first, in one query."""
        visible = Q(status=Comment.Status.APPROVED)
        own = Q(pk__in=list(pending_ids))
        if user is not None and user.is_authenticated:
            own |= Q(user_id=user.pk)
        return (
            self.filter(article=article)
            .filter(visible | (own & Q(status=Comment.Status.PENDING)))
            .only(
                "pk",
                "article_id",
                "parent_id",
                "thread_root_id",
                "author_name",
                "author_url",
                "text",
                "status",
                "created_at",
            )
            .order_by("created_at", "pk")
        )

    def threads(self):
        """One row per conversation among these comments: its top comment's id (`thread`) and
        when the first of these comments in it was posted (`started_at`)."""
        return (
            self.order_by()  # an ordering would join the GROUP BY
            .values(thread=Coalesce("thread_root_id", "pk"))
            .annotate(started_at=Min("created_at"))
        )

    def page_of_threads(self, number, per_page):
        """The comments of page `number` of conversations, oldest first, and those of the one
        after it (so a caller knows whether a next page exists without counting): one query."""
        start = (number - 1) * per_page
        on_page = self.threads().order_by("started_at", "thread").values("thread")
        return self.alias(thread=Coalesce("thread_root_id", "pk")).filter(
            thread__in=on_page[start : start + per_page + 1]
        )

    def rethread(self):
        """Set these comments' thread roots again from their parent links, after a deletion cut
        a conversation (give it every surviving comment of the conversations concerned).
        Returns the ids of the stories whose conversations changed."""
        rows = list(self.values_list("pk", "parent_id", "thread_root_id", "article_id"))
        roots = thread_roots({pk: parent for pk, parent, _root, _article in rows})
        changed = [row for row in rows if roots[row[0]] != row[2]]
        Comment.objects.bulk_update(
            [Comment(pk=pk, thread_root_id=roots[pk]) for pk, *_rest in changed],
            ["thread_root"],
            batch_size=500,
        )
        return {article for *_rest, article in changed}

    def page_holding(self, comment, per_page):
        """The page number, among these comments' conversations, of the one `comment` is in."""
        threads = self.threads()
        thread = comment.thread_key
        started_at = Subquery(threads.filter(thread=thread).values("started_at"))
        earlier = threads.filter(
            Q(started_at__lt=started_at) | Q(started_at=started_at, thread__lt=thread)
        )
        return earlier.count() // per_page + 1


def thread_roots(parent_of):
    """{comment id: its thread root} from {comment id: parent id}: the top of the reply chain,
    None for a comment at the top. A parent missing from the mapping, or a loop, ends a chain."""
    top_of = {}
    for start in parent_of:
        chain, seen, node = [], set(), start
        while node not in top_of:
            chain.append(node)
            seen.add(node)
            parent = parent_of[node]
            if parent is None or parent not in parent_of or parent in seen:
                top_of[node] = node
                break
            node = parent
        for member in chain:
            top_of[member] = top_of[node]
    return {pk: (top if top != pk else None) for pk, top in top_of.items()}


def text_fingerprint(text):
    """The same words with different spacing or case are the same comment."""
    collapsed = re.sub(r"\s+", " ", text).strip().casefold()
    return hashlib.sha256(collapsed.encode("utf-8")).hexdigest()


def author_key_for(user=None, email=""):
    """Who wrote it: the account when logged in, else the guest's email."""
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"email:{email.strip().lower()}"


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        SPAM = "spam", _("Spam")
        REJECTED = "rejected", _("Rejected")

    class Reason(models.TextChoices):
        FIRST_COMMENT = "first_comment", _("First comment of this author")
        HOLD_ALL = "hold_all", _("Every comment is held")
        LINKS = "links", _("Too many links")
        MODERATION_WORD = "moderation_word", _("Word on the moderation list")
        DISALLOWED_WORD = "disallowed_word", _("Word on the disallowed list")
        HONEYPOT = "honeypot", _("Hidden trap field filled")
        TOO_FAST = "too_fast", _("Sent faster than a person can write")
        BAD_TOKEN = "bad_token", _("Form timestamp missing or forged")

    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        related_name="comments",
        on_delete=models.CASCADE,
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        related_name="replies",
        on_delete=models.SET_NULL,  # a removed comment leaves its replies standing
        null=True,
        blank=True,
    )
    # The top of the reply chain (empty on a top-level comment): a conversation is paged as
    # one piece, fetched in one query. services.delete_comments re-roots what a deletion splits.
    thread_root = models.ForeignKey(
        "self",
        verbose_name=_("conversation"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        related_name="comments",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    author_name = models.CharField(_("name"), max_length=100)
    author_email = models.EmailField(_("email"), max_length=254, blank=True)
    author_url = models.URLField(_("website"), max_length=200, blank=True)
    # "user:<id>" or "email:<address>": one key for duplicate, flood and previous-approval checks.
    author_key = models.CharField(max_length=270, editable=False)
    text = models.TextField(_("comment"), max_length=5000)
    fingerprint = models.CharField(max_length=64, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, blank=True)
    reason_detail = models.CharField(_("reason detail"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["-created_at", "-pk"]
        permissions = [("moderate_comment", _("Can moderate comments"))]
        indexes = [
            models.Index(
                fields=["article", "status", "created_at"], name="comment_article_page_idx"
            ),
            models.Index(fields=["status", "-created_at"], name="comment_queue_idx"),
            # A page of conversations is fetched by the id of their top comment.
            models.Index(Coalesce("thread_root", "id"), name="comment_thread_idx"),
            models.Index(fields=["author_key", "status"], name="comment_author_status_idx"),
            models.Index(fields=["author_key", "created_at"], name="comment_author_time_idx"),
            models.Index(fields=["ip_address", "created_at"], name="comment_ip_time_idx"),
        ]
        constraints = [
            # The same author cannot say the same thing twice under one story.
            models.UniqueConstraint(
                fields=["article", "author_key", "fingerprint"], name="comment_no_duplicate"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "approved", "spam", "rejected"]),
                name="comment_status_valid",
            ),
            models.CheckConstraint(condition=~Q(author_name=""), name="comment_has_author_name"),
            models.CheckConstraint(condition=~Q(text=""), name="comment_has_text"),
        ]

    def __str__(self):
        return f"{self.author_name}: {self.text[:60]}"

    def save(self, *args, **kwargs):
        # What the reader posted, for refusing it twice: a moderator's later edit (two
        # comments redacted to the same words) is not a duplicate and keeps it.
        if not self.fingerprint:
            self.fingerprint = text_fingerprint(self.text)
        if not self.author_key:
            self.author_key = author_key_for(self.user, self.author_email)
        if self.parent_id is None:
            self.thread_root = None
        else:
            self.thread_root_id = self.parent.thread_root_id or self.parent_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.url_for_reader()

    def url_for_reader(self, pending_ids=(), user=None):
        """This comment on the page of the story that shows it, as that reader sees the
        comments: the approved ones, their own held ones (see `shown_on_article`) and this one."""
        shown = Comment.objects.shown_on_article(
            self.article_id, pending_ids=[*pending_ids, self.pk], user=user
        )
        number = shown.page_holding(self, CommentSettings.current().comments_per_page)
        query = f"?{COMMENT_PAGE_PARAM}={number}" if number > 1 else ""
        return f"{self.article.get_absolute_url()}{query}#comment-{self.pk}"

    @property
    def thread_key(self):
        """The id the conversation this comment belongs to is known by (its top comment's)."""
        return self.thread_root_id or self.pk

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING


class CommentEdit(models.Model):
    """The text a moderator replaced, so no edit is silent."""

    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), related_name="edits", on_delete=models.CASCADE
    )
    previous_text = models.TextField(_("previous text"))
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("edited by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
    )
    edited_at = models.DateTimeField(_("edited"), default=timezone.now)

    class Meta:
        verbose_name = _("comment edit")
        verbose_name_plural = _("comment edits")
        ordering = ["-edited_at", "-pk"]

    def __str__(self):
        return f"{self.comment_id} @ {self.edited_at:%Y-%m-%d %H:%M}"


class WordListEntry(models.Model):
    """A word or phrase that holds a comment for moderation or sends it to spam."""

    class List(models.TextChoices):
        MODERATION = "moderation", _("Moderation list (hold)")
        DISALLOWED = "disallowed", _("Disallowed list (spam)")

    class Category(models.TextChoices):
        HATE_SPEECH = "hate_speech", _("Hate speech (ujaran kebencian)")
        INSULT = "insult", _("Insult")
        HOAX = "hoax", _("Hoax marker")
        GAMBLING = "gambling", _("Gambling spam")
        OBSCENE = "obscene", _("Obscenity")
        OTHER = "other", _("Other")

    phrase = models.CharField(
        _("word or phrase"),
        max_length=100,
        help_text=_(
            "Matched as a whole word, ignoring case and common disguises "
            "(b0d0h, b.o.d.o.h, bodooohh)."
        ),
    )
    word_list = models.CharField(_("list"), max_length=12, choices=List.choices)
    category = models.CharField(
        _("category"), max_length=12, choices=Category.choices, default=Category.OTHER
    )
    active = models.BooleanField(_("active"), default=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("word-list entry")
        verbose_name_plural = _("word lists")
        ordering = ["word_list", "category", "phrase"]
        constraints = [
            models.UniqueConstraint(fields=["word_list", "phrase"], name="word_list_phrase_unique"),
            models.CheckConstraint(
                condition=Q(word_list__in=["moderation", "disallowed"]), name="word_list_valid"
            ),
            models.CheckConstraint(condition=~Q(phrase=""), name="word_list_phrase_not_empty"),
        ]

    def __str__(self):
        return self.phrase


class ModeratorNotice(models.Model):
    """When a moderator was last emailed, so a spam wave sends them one digest, not a flood."""

    moderator = models.OneToOneField(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.CASCADE
    )
    last_sent_at = models.DateTimeField()

    class Meta:
        verbose_name = _("moderator notice")
        verbose_name_plural = _("moderator notices")

    def __str__(self):
        return f"{self.moderator_id} @ {self.last_sent_at}"
