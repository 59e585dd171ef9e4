"""Sitemaps for search engines: published stories, active units, sections, tags, and Google News."""

import datetime

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Exists, Max, OuterRef
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_GET
from taggit.models import Tag

from units.models import Unit

from .models import Article, Category
from .pagecache import cached_public_page

NEWS_WINDOW = datetime.timedelta(hours=48)  # Google News reads only the last two days
NEWS_LIMIT = 1000  # and at most this many stories per sitemap


class ArticleSitemap(Sitemap):
    """Every published story, newest first, 50,000 to a file (Sitemap.limit)."""

    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return (
            Article.objects.published()
            .select_related("unit")
            .only("slug", "publish_at", "created_at", "updated_at", "unit__tz_name")
            .order_by("-publish_at", "-pk")
        )

    def lastmod(self, article):
        return article.modified_at

    def get_latest_lastmod(self):
        # One query instead of Django's default walk over every item; each MAX reads an index.
        return latest_change(Article.objects.published())


class NewsSitemap(ArticleSitemap):
    """Stories published in the last 48 hours, rendered with the news: namespace."""

    limit = NEWS_LIMIT

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return (
            super()
            .items()
            .filter(publish_at__gte=since)
            .only("slug", "title", "publish_at", "created_at", "updated_at", "unit__tz_name")
        )

    def get_latest_lastmod(self):
        since = timezone.now() - NEWS_WINDOW
        return latest_change(Article.objects.published().filter(publish_at__gte=since))


def latest_change(stories):
    """The latest Article.modified_at among `stories`: a save, or a scheduled story going live."""
    found = stories.aggregate(saved=Max("updated_at"), live=Max("publish_at"))
    return max(filter(None, found.values()), default=None)


class UnitSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return Unit.objects.active().in_tree_order()


class CategorySitemap(Sitemap):
    changefreq = "hourly"
    priority = 0.6

    def items(self):
        return Category.objects.order_by("position", "name")


class TagSitemap(Sitemap):
    """Tags that have at least one published story (a draft's tag would leak its topic)."""

    changefreq = "daily"
    priority = 0.4

    def items(self):
        # A semi-join that stops at each tag's first public story, not a DISTINCT over every
        # tagging of the archive (59 → 1 ms for the count on 10,000 stories).
        public = Article.objects.published().filter(tags=OuterRef("pk"))
        return Tag.objects.filter(Exists(public)).order_by("slug")

    def location(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})


SITEMAPS = {
    "berita": ArticleSitemap,
    "berita-terkini": NewsSitemap,
    "unit": UnitSitemap,
    "kategori": CategorySitemap,
    "tag": TagSitemap,
}
TEMPLATES = {"berita-terkini": "sitemaps/news.xml"}


# Outside the language prefixes, so the language is fixed here: a crawler's
# Accept-Language must not turn the listed addresses into /en/ ones.


# Every story change purges "feeds", which the sitemaps share; `p` is the sitemap's page.
@cached_public_page("feeds", params=("p",))
@require_GET
def sitemap_index(request):
    with translation.override(settings.LANGUAGE_CODE):
        response = sitemap_views.index(request, SITEMAPS, sitemap_url_name="sitemap-section")
        return response.render()


@cached_public_page("feeds", params=("p",))
@require_GET
def sitemap_section(request, section):
    with translation.override(settings.LANGUAGE_CODE):
        response = sitemap_views.sitemap(
            request,
            SITEMAPS,
            section=section,
            template_name=TEMPLATES.get(section, "sitemap.xml"),
        )
        return response.render()
