"""RSS 2.0 and Atom feeds of the latest published stories: the site, each unit, section and tag."""

import copy

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from taggit.models import Tag

from units.models import Unit

from . import pagecache
from .models import Article, Category

FEED_SIZE = 20


class SiteFeed(Feed):
    """The whole portal; subclasses narrow the stories to one unit, section or tag."""

    page_cache_params = ()  # anonymous copies are shared by pagecache.PageCacheMiddleware

    def __call__(self, request, *args, **kwargs):
        # One instance serves every request: keep the request (for absolute enclosure
        # URLs) on a copy, never on the shared instance.
        feed = copy.copy(self)
        feed.request = request
        response = Feed.__call__(feed, request, *args, **kwargs)
        # Every story change purges "feeds"; a unit or section renamed purges its own too.
        return pagecache.mark_shareable(request, response, ["feeds"])

    def title(self, obj):
        return settings.NEWSROOM_SITE_NAME

    def link(self, obj):
        return reverse("articles:home")

    def description(self, obj):
        return _("Latest news from the Indonesian National Police public-relations divisions.")

    def feed_url(self, obj):
        return self.request.path

    def stories(self, obj):
        return Article.objects.published()

    def items(self, obj):
        return (
            self.stories(obj).with_card_data().prefetch_related("tags").newest_first()[:FEED_SIZE]
        )

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.summary()

    def item_pubdate(self, article):
        return timezone.localtime(article.publish_at, article.unit.zone)

    def item_updateddate(self, article):
        return timezone.localtime(article.modified_at, article.unit.zone)

    def item_author_name(self, article):
        return article.author.get_display_name()

    def item_author_link(self, article):
        return self.request.build_absolute_uri(article.author.get_absolute_url())

    def item_categories(self, article):
        # A tag named like the section is one category, not two (case aside, as readers see it).
        categories = {}
        for name in [article.category.name, *(tag.name for tag in article.tags.all())]:
            categories.setdefault(name.casefold(), name)
        return list(categories.values())

    def item_enclosure_url(self, article):
        if article.featured_image:
            return self.request.build_absolute_uri(article.image_1200.url)
        return None

    def item_enclosure_length(self, article):
        try:
            return article.image_1200.size
        except (OSError, ValueError):  # rendition not written yet: RSS allows 0 for unknown
            return 0

    item_enclosure_mime_type = "image/jpeg"


class UnitFeed(SiteFeed):
    """A unit's stories and those of every unit beneath it."""

    def get_object(self, request, slug):
        return get_object_or_404(Unit.objects.active(), slug=slug)

    def title(self, unit):
        return f"{unit.short_name} — {settings.NEWSROOM_SITE_NAME}"

    def link(self, unit):
        return unit.get_absolute_url()

    def description(self, unit):
        return _("Latest news from %(unit)s and the units beneath it.") % {"unit": unit.name}

    def stories(self, unit):
        return Article.objects.published().in_unit_tree(unit)


class CategoryFeed(SiteFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, category):
        return f"{category.name} — {settings.NEWSROOM_SITE_NAME}"

    def link(self, category):
        return category.get_absolute_url()

    def description(self, category):
        return category.description or _("Latest news in %(section)s.") % {"section": category.name}

    def stories(self, category):
        return Article.objects.published().filter(category=category)


class TagFeed(SiteFeed):
    def get_object(self, request, slug):
        # As the tag's page (TagView.allow_empty): a tag only drafts carry is not confirmed.
        tag = get_object_or_404(Tag, slug=slug)
        if not self.stories(tag).exists():
            raise Http404("No published story carries this tag")
        return tag

    def title(self, tag):
        return f"#{tag.name} — {settings.NEWSROOM_SITE_NAME}"

    def link(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})

    def description(self, tag):
        return _("Latest news tagged %(tag)s.") % {"tag": tag.name}

    def stories(self, tag):
        return Article.objects.published().filter(tags=tag)


class AtomMixin:
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)


class SiteAtomFeed(AtomMixin, SiteFeed):
    pass


class UnitAtomFeed(AtomMixin, UnitFeed):
    pass


class CategoryAtomFeed(AtomMixin, CategoryFeed):
    pass


class TagAtomFeed(AtomMixin, TagFeed):
    pass
