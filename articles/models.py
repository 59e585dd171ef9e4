import html

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, strip_tags
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext_lazy as _
from imagekit.models import ImageSpecField
from imagekit.processors import ResizeToFit
from taggit.managers import TaggableManager

from accounts.scope import scope_path

from .sanitizer import sanitize_body

RENDITION_WIDTHS = (400, 800, 1200)


class Category(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Order in the section navigation.")
    )

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:category", kwargs={"slug": self.slug})


class ArticleQuerySet(models.QuerySet):
    def redate(self):
        """Date these stories again in their units' zones (Article.publish_date), after a
        unit's zone changed: the archives and date filters follow."""
        stories = list(
            self.exclude(publish_at=None)
            .select_related("unit")
            .only("pk", "publish_at", "unit__tz_name")
        )
        for story in stories:
            story.date_in_unit_zone()
        self.model.objects.bulk_update(stories, ["publish_date"], batch_size=500)

    def newer_than(self, when):
        """These stories after `when`, the nearest first: an article page's "next" link."""
        return self.filter(publish_at__gt=when).order_by("publish_at", "pk")

    def older_than(self, when):
        """These stories before `when`, the nearest first: an article page's "previous" link."""
        return self.filter(publish_at__lt=when).order_by("-publish_at", "-pk")

    def published(self):
        """The single definition of what the public may see."""
        return self.filter(status=Article.Status.PUBLISHED, publish_at__lte=timezone.now())

    def editable_by(self, user):
        """The single definition of what a staff member may touch: their unit's subtree."""
        path = scope_path(user)
        if path is None:
            return self.none()
        return self.filter(unit__path__startswith=path) if path else self.all()

    def scheduled(self):
        """Published with a time still to come: live by itself when the time comes."""
        return self.filter(status=Article.Status.PUBLISHED, publish_at__gt=timezone.now())

    def awaiting_catch_up(self):
        """Live for the public, but the site has not yet run its publication hook."""
        return self.published().filter(went_live_at__isnull=True)

    def with_card_data(self):
        """What a story card shows: unit, category and author without extra queries."""
        # Cards and the caches that keep them (most read, neighbours) never need the author's
        # password hash or email: they stay in the database.
        return self.select_related("unit", "category", "author").defer(
            "author__password", "author__email"
        )

    def in_unit_tree(self, unit):
        return self.filter(unit__path__startswith=unit.path)

    def newest_first(self):
        return self.order_by("-publish_at", "-pk")

    def newest_in_each_category(self, category_ids, count):
        """The newest `count` stories of each category, as a list (newest first within each).

        One query, whose parts each read their category's index (category, status,
        publish_at): the cost follows the number of categories, not the size of the archive,
        as ranking every story with a window function did."""
        category_ids = list(category_ids)
        if not category_ids:
            return []
        if connections[self.db].features.supports_slicing_ordering_in_compound:
            parts = [self.filter(category_id=pk).newest_first()[:count] for pk in category_ids]
            stories = list(parts[0].union(*parts[1:], all=True))
        else:  # SQLite cannot limit each part of a UNION: a window over its small archive
            ranked = self.filter(category_id__in=category_ids).annotate(
                rank_in_category=Window(
                    RowNumber(),
                    partition_by=F("category_id"),
                    order_by=[F("publish_at").desc(), F("pk").desc()],
                )
            )
            stories = list(ranked.filter(rank_in_category__lte=count))
        return sorted(stories, key=lambda story: (story.publish_at, story.pk), reverse=True)

    def related_to(self, article, tag_ids, limit=4, neighbourhood=200):
        """Stories sharing the most tags, then from the same unit, then the newest.

        Only the newest stories that share a tag or the unit are ranked (index lookups), so
        the cost follows the story's neighbourhood, not the size of the archive."""
        from django.contrib.contenttypes.models import ContentType  # cached after first use
        from taggit.models import TaggedItem

        content_type = ContentType.objects.get_for_model(Article)
        sharing_a_tag = (
            TaggedItem.objects.filter(content_type=content_type, tag_id__in=tag_ids)
            .order_by("-object_id")
            .values("object_id")[:neighbourhood]
        )
        same_unit = (
            Article.objects.published()
            .filter(unit_id=article.unit_id)
            .order_by("-publish_at")
            .values("pk")[:neighbourhood]
        )
        shared_tags = (
            TaggedItem.objects.filter(
                content_type=content_type, object_id=OuterRef("pk"), tag_id__in=tag_ids
            )
            .order_by()
            .values("object_id")
            .annotate(count=Count("pk"))
            .values("count")
        )
        # The candidates are a few hundred ids (a UNION of two index lookups); tags are counted
        # per candidate, never by joining every tagged story and grouping them.
        if connections[self.db].features.supports_slicing_ordering_in_compound:
            candidates = Q(pk__in=sharing_a_tag.union(same_unit, all=True))
        else:  # SQLite allows no LIMIT inside a UNION
            candidates = Q(pk__in=sharing_a_tag) | Q(pk__in=same_unit)
        return (
            self.exclude(pk=article.pk)
            .filter(candidates)
            .annotate(
                shared_tags=Coalesce(Subquery(shared_tags, output_field=IntegerField()), 0),
                same_unit=Case(When(unit_id=article.unit_id, then=Value(1)), default=Value(0)),
            )
            .order_by("-shared_tags", "-same_unit", "-publish_at", "-pk")[:limit]
        )


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_queryset(self):
        # The search document is read by the database only: never ship it to Python.
        return super().get_queryset().defer("search_vector")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True, blank=True)
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), related_name="articles", on_delete=models.PROTECT
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), related_name="articles", on_delete=models.PROTECT
    )
    tags = TaggableManager(verbose_name=_("tags"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        related_name="articles",
        on_delete=models.PROTECT,
    )
    lead = models.TextField(
        _("lead"), blank=True, help_text=_("One or two sentences shown in lists and previews.")
    )
    body = models.TextField(
        _("body"),
        help_text=_("The dateline (site – REGION.) is added automatically from the unit."),
    )
    featured_image = models.ImageField(
        _("featured image"),
        upload_to="articles/%Y/%m/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_caption = models.CharField(_("caption"), max_length=300, blank=True)
    image_credit = models.CharField(_("credit"), max_length=150, blank=True)
    image_alt = models.CharField(
        _("alt text"),
        max_length=300,
        blank=True,
        help_text=_("Describe the picture for readers who cannot see it."),
    )
    image_decorative = models.BooleanField(
        _("decorative image"),
        default=False,
        help_text=_(
            "Tick only if the picture adds nothing to the story; it then needs no alt text."
        ),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        help_text=_("A future time schedules the story; it goes live by itself."),
    )
    # The day the story is dated in its unit's zone (its address carries it): what the date
    # archives and search's date filters read, so 00.30 WITA on the 26th is the 26th there.
    publish_date = models.DateField(_("publish date"), null=True, blank=True, editable=False)
    went_live_at = models.DateTimeField(
        _("went live"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the site caught up with the publication (see publish_scheduled)."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    view_count = models.PositiveIntegerField(_("views"), default=0, editable=False)
    # Approved comments only; kept by the comments app so pages need no COUNT query.
    comment_count = models.PositiveIntegerField(_("comments"), default=0, editable=False)
    comments_open = models.BooleanField(_("comments open"), default=True)
    # The full-text document: title (weight A), lead (B), body (C) in PostgreSQL's
    # 'indonesian' configuration. A database trigger keeps it current on every INSERT
    # and UPDATE (bulk ones too); the trigger and its GIN index come from migration
    # 0002_article_search_vector, on PostgreSQL only. SQLite leaves it empty.
    search_vector = SearchVectorField(null=True, editable=False)

    image_400 = ImageSpecField(
        source="featured_image",
        processors=[ResizeToFit(400)],
        format="JPEG",
        options={"quality": 80},
    )
    image_800 = ImageSpecField(
        source="featured_image",
        processors=[ResizeToFit(800)],
        format="JPEG",
        options={"quality": 80},
    )
    image_1200 = ImageSpecField(
        source="featured_image",
        processors=[ResizeToFit(1200)],
        format="JPEG",
        options={"quality": 82},
    )
    image_400_webp = ImageSpecField(
        source="featured_image",
        processors=[ResizeToFit(400)],
        format="WEBP",
        options={"quality": 78},
    )
    image_800_webp = ImageSpecField(
        source="featured_image",
        processors=[ResizeToFit(800)],
        format="WEBP",
        options={"quality": 78},
    )
    image_1200_webp = ImageSpecField(
        source="featured_image",
        processors=[ResizeToFit(1200)],
        format="WEBP",
        options={"quality": 80},
    )

    objects = ArticleManager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-publish_at", "-pk"]
        get_latest_by = "publish_at"
        permissions = [
            ("publish_article", _("Can publish, schedule, unpublish and edit live articles")),
        ]
        indexes = [
            models.Index(fields=["status", "-publish_at"], name="article_public_idx"),
            models.Index(fields=["publish_date"], name="article_publish_date_idx"),
            models.Index(fields=["unit", "status", "-publish_at"], name="article_unit_idx"),
            models.Index(fields=["category", "status", "-publish_at"], name="article_category_idx"),
            models.Index(fields=["author", "status", "-publish_at"], name="article_author_idx"),
            # The sitemaps' lastmod: the latest change among public stories, read from the top.
            models.Index(fields=["-updated_at"], name="article_updated_idx"),
            # The minute job's question: which live stories has the site not caught up with?
            models.Index(
                fields=["publish_at"],
                name="article_catch_up_idx",
                condition=models.Q(status="published", went_live_at__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(publish_at__isnull=False),
                name="article_published_has_time",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._unique_slug()
        self.body = sanitize_body(self.body)
        if self.status == self.Status.PUBLISHED and self.publish_at is None:
            self.publish_at = timezone.now()
        self.date_in_unit_zone()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        when = self.local_publish_at or timezone.localtime(self.created_at, self.unit.zone)
        return reverse(
            "articles:detail",
            kwargs={
                "year": when.year,
                "month": f"{when.month:02d}",
                "day": f"{when.day:02d}",
                "slug": self.slug,
            },
        )

    def clean(self):
        if self.status == self.Status.PUBLISHED and self.publish_at is None:
            self.publish_at = timezone.now()  # "publish" without a time means now
        if self.featured_image and not self.image_decorative and not self.image_alt.strip():
            raise ValidationError(
                {
                    "image_alt": _(
                        "Describe the picture for readers who cannot see it, "
                        "or mark it as decorative."
                    )
                }
            )

    @property
    def local_publish_at(self):
        """The publication time in the unit's own zone (WIB/WITA/WIT)."""
        return timezone.localtime(self.publish_at, self.unit.zone) if self.publish_at else None

    def date_in_unit_zone(self):
        """Set publish_date, the day of publish_at in the unit's zone. save() does it; code
        that skips save() (bulk_create, bulk_update) calls it."""
        self.publish_date = self.local_publish_at.date() if self.publish_at else None

    @property
    def is_public(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at > timezone.now()
        )

    @property
    def is_overdue(self):
        """Live by its time, but the minute job has not caught up with it yet."""
        return self.is_public and self.went_live_at is None

    @property
    def dateline(self):
        return f"{settings.NEWSROOM_SITE_DOMAIN} – {self.unit.dateline_region}."

    def body_with_dateline(self):
        """The body whose first paragraph opens with the source and dateline, as the portal prints it."""
        opening = format_html('<strong class="dateline">{}</strong> ', self.dateline)
        body = self.body.lstrip()
        if body.startswith("<p>"):
            return f"<p>{opening}{body[3:]}"
        return f"<p>{opening}</p>{body}"

    @property
    def modified_at(self):
        """When the public story last changed: its last save, or its going live if later (a
        scheduled story goes live without a save)."""
        return max(filter(None, [self.updated_at, self.publish_at]), default=None)

    @property
    def local_modified_at(self):
        return timezone.localtime(self.modified_at, self.unit.zone) if self.modified_at else None

    def summary(self):
        """The lead, or the body's first words as text (its &amp; and &nbsp; as characters:
        templates and feeds escape it once more)."""
        return self.lead or Truncator(html.unescape(strip_tags(self.body))).words(40)

    def _unique_slug(self):
        base = slugify(self.title)[:200].strip("-") or "berita"
        slug, n = base, 2
        while Article.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug


class ArticleDailyViews(models.Model):
    """How many times a story was read on one day (national zone, WIB).

    Filled in batches from the cache by `manage.py flush_view_counts`, never per page view.
    """

    article = models.ForeignKey(
        Article, verbose_name=_("article"), related_name="daily_views", on_delete=models.CASCADE
    )
    date = models.DateField(_("date"))
    views = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("daily views")
        verbose_name_plural = _("daily views")
        constraints = [
            models.UniqueConstraint(fields=["article", "date"], name="article_daily_views_unique"),
        ]
        indexes = [models.Index(fields=["date", "article"], name="daily_views_date_idx")]

    def __str__(self):
        return f"{self.article_id} {self.date}: {self.views}"


class RevisionTags(models.Model):
    """The tag names a story had at one revision of it. django-reversion keeps the story's own
    fields but not taggit's tags (not a plain many-to-many), so an old revision would come back
    with today's tags: recorded beside each revision (articles.revisions) instead."""

    revision = models.ForeignKey(
        "reversion.Revision", on_delete=models.CASCADE, related_name="article_tags"
    )
    # Not a foreign key: a deleted story's revisions (and so these) stay for recovery.
    article_id = models.PositiveIntegerField()
    names = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["revision", "article_id"], name="revision_tags_unique"),
        ]

    def __str__(self):
        return f"{self.article_id} @ {self.revision_id}: {', '.join(self.names)}"
