import datetime
import re
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django.views.generic import (
    DayArchiveView,
    DetailView,
    ListView,
    MonthArchiveView,
    TemplateView,
    YearArchiveView,
)
from taggit.models import Tag

from accounts.addresses import client_ip
from units.models import Unit

from . import pagecache, search, viewcounts
from .models import Article, Category
from .pagecache import CachedPublicPageMixin

HOME_LATEST = 10
HOME_PER_CATEGORY = 4


# Django's paginator also takes "02", "+2" and "2_0" (pagecache.PAGE_NUMBER).
PAGE_NUMBER = re.compile(rf"{pagecache.PAGE_NUMBER}|last")


class PublishedArticlesMixin:
    """Lists of public stories, newest first, with what a card needs in the same query."""

    paginate_by = settings.NEWSROOM_PAGE_SIZE
    context_object_name = "articles"

    def published_articles(self):
        return Article.objects.published().with_card_data().newest_first()

    def paginate_queryset(self, queryset, page_size):
        page = self.request.GET.get(self.page_kwarg)
        if page is not None and not PAGE_NUMBER.fullmatch(page):
            raise Http404("No such page")
        return super().paginate_queryset(queryset, page_size)


class HomeView(CachedPublicPageMixin, PublishedArticlesMixin, TemplateView):
    template_name = "articles/home.html"
    cache_params = ()  # one home page, whatever ?page= says
    bypass_params = ("author",)

    def dispatch(self, request, *args, **kwargs):
        # WordPress scanners enumerate logins with /?author=N; `bypass_params` keeps the page
        # cache from answering them with the home page.
        if "author" in request.GET:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def page_dependencies(self):
        return ["home", "most-read"]

    def get_context_data(self, **kwargs):
        latest = list(self.published_articles()[: HOME_LATEST + 1])
        # The sections from the database, not the navigation's cache (up to an hour old).
        newest = self.published_articles().newest_in_each_category(
            Category.objects.values_list("pk", flat=True), HOME_PER_CATEGORY
        )
        by_category = {}
        for article in newest:
            by_category.setdefault(article.category, []).append(article)
        sections = sorted(by_category.items(), key=lambda item: (item[0].position, item[0].name))
        return super().get_context_data(
            headline=latest[0] if latest else None,
            latest=latest[1:],
            sections=sections,
            most_read=viewcounts.most_read_lists(),
            **kwargs,
        )


class ArticleDetailView(CachedPublicPageMixin, DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"
    cache_params = ("komentar",)  # the page of comments (comments.models.COMMENT_PAGE_PARAM)

    def page_dependencies(self):
        # The stories it links to (previous, next, related): unpublishing one purges this too.
        article = self.object
        linked = [self.shown_neighbours["newer"], self.shown_neighbours["older"]]
        linked += self.shown_neighbours["related"]
        return [
            "most-read",
            f"article:{article.pk}",
            f"links:{article.pk}",  # a story published next to it in time (pagecache)
            f"unit:{article.unit_id}",
            *(f"tag:{tag.pk}" for tag in article.tags.all()),
            *(f"article:{story.pk}" for story in linked if story is not None),
        ]

    def personal_context(self):
        return {"article_id": self.object.pk}

    def personal_context_from(self, kept):
        # The story itself only for a part that shows it (a reader's own held comments, a
        # guest's saved name in the form): most personal copies never need it.
        article_id = kept["article_id"]

        def story():
            # Built only when needed too: even an unused queryset costs ~0.15 ms here.
            published = Article.objects.published().select_related("unit")
            return get_object_or_404(published, pk=article_id)

        return {"article_id": article_id, "article": SimpleLazyObject(story)}

    def get_queryset(self):
        # The unit's ancestors come along: the page names them as the publisher's parents.
        return (
            Article.objects.published()
            .with_card_data()
            .select_related("unit__parent__parent__parent")
            .prefetch_related("tags")
        )

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            datetime.date(kwargs["year"], kwargs["month"], kwargs["day"])
        except (ValueError, OverflowError) as exc:  # 31 February, or a day of 20 digits
            raise Http404("No such date") from exc
        canonical = self.object.get_absolute_url()
        if request.path != canonical:  # another date (the story was redated), or 4 for 04
            return permanent_redirect_to(canonical, request)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        article = self.object
        tags = list(article.tags.all())
        self.shown_neighbours = self.neighbours(article, tags)
        return super().get_context_data(
            tags=tags,
            **self.shown_neighbours,
            most_read=viewcounts.most_read_lists(),
            **kwargs,
        )

    def neighbours(self, article, tags):
        """The previous, next and related stories. They change only when a story is published,
        edited or unpublished, which purges "home": until then they come from the cache, and
        a page re-rendered after a comment is approved does not look for them again."""
        compute = partial(self.find_neighbours, article, tags)
        if not self.use_page_cache:  # a preview
            return compute()
        return pagecache.remembered_until_purged(["home"], f"neighbours:{article.pk}", compute)

    @staticmethod
    def find_neighbours(article, tags):
        published = Article.objects.published().select_related("unit")
        when = article.publish_at or timezone.now()  # a draft in preview has no time yet
        return {
            "newer": published.newer_than(when).first(),
            "older": published.older_than(when).first(),
            "related": list(
                published.with_card_data().related_to(article, [tag.pk for tag in tags])
            ),
        }


class ArticlePreviewView(ArticleDetailView):
    """A story as the public will see it, for staff in its scope; a 404 for anyone else.

    Served from the admin's URL space (admin/articles/article/<id>/preview/), never cached.
    """

    use_page_cache = False

    def get_queryset(self):
        user = self.request.user
        if not user.has_perm("articles.view_article"):
            return Article.objects.none()
        return Article.objects.editable_by(user).with_card_data().prefetch_related("tags")

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["object_id"])

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        response = self.render_to_response(self.get_context_data(object=self.object, preview=True))
        response["Cache-Control"] = "private, no-store"
        return response


class CategoryView(CachedPublicPageMixin, PublishedArticlesMixin, ListView):
    template_name = "articles/category.html"

    def get_queryset(self):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        return self.published_articles().filter(category=self.category)

    def get_context_data(self, **kwargs):
        return super().get_context_data(category=self.category, **kwargs)

    def page_dependencies(self):
        return [f"category:{self.category.pk}"]


class TagView(CachedPublicPageMixin, PublishedArticlesMixin, ListView):
    template_name = "articles/tag.html"
    # A tag only drafts carry is a 404, as an unknown one: its page would confirm the topic
    # of unpublished work to anyone guessing addresses.
    allow_empty = False

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return self.published_articles().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)

    def page_dependencies(self):
        return [f"tag:{self.tag.pk}"]


class UnitView(CachedPublicPageMixin, PublishedArticlesMixin, ListView):
    """A unit's stories, and by default those of the units beneath it."""

    template_name = "articles/unit.html"
    ONLY_THIS_UNIT = "unit"
    cache_params = ("page", "cakupan")

    def page_dependencies(self):
        return [f"unit:{self.unit.pk}", "most-read"]

    def get_queryset(self):
        self.unit = get_object_or_404(Unit.objects.active(), slug=self.kwargs["slug"])
        scope = self.request.GET.get("cakupan")
        if scope not in (None, self.ONLY_THIS_UNIT):  # each value would be a cached copy
            raise Http404("No such scope")
        self.only_this_unit = scope == self.ONLY_THIS_UNIT
        if self.only_this_unit:
            return self.published_articles().filter(unit=self.unit)
        return self.published_articles().in_unit_tree(self.unit)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            unit=self.unit,
            only_this_unit=self.only_this_unit,
            ancestors=list(self.unit.ancestors()),
            sub_units=self.unit.children.active(),
            most_read=viewcounts.most_read_lists(self.unit),
            **kwargs,
        )


class AuthorView(CachedPublicPageMixin, PublishedArticlesMixin, ListView):
    template_name = "articles/author.html"

    def get_queryset(self):
        self.author = get_object_or_404(get_user_model(), public_slug=self.kwargs["slug"])
        return self.published_articles().filter(author=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)

    def page_dependencies(self):
        return [f"author:{self.author.pk}"]


def permanent_redirect_to(path, request):
    """One address per page: a 301 to its own, with the query the reader asked for."""
    query = request.META.get("QUERY_STRING")
    return HttpResponsePermanentRedirect(f"{path}?{query}" if query else path)


class ArchiveMixin(CachedPublicPageMixin, PublishedArticlesMixin):
    template_name = "articles/archive.html"
    # The day each story is dated in its unit's zone, as its address; published() already
    # leaves out what is not out yet (a WIT story's day can be tomorrow in WIB).
    date_field = "publish_date"
    allow_future = True
    make_object_list = True
    allow_empty = True

    def page_dependencies(self):
        return ["archive"]

    def get_queryset(self):
        return self.published_articles()

    def get(self, request, *args, **kwargs):
        canonical = reverse(request.resolver_match.view_name, kwargs=kwargs)
        if request.path != canonical:  # /berita/2018/4/ is /berita/2018/04/
            return permanent_redirect_to(canonical, request)
        return super().get(request, *args, **kwargs)

    def get_dated_items(self):
        try:
            return super().get_dated_items()
        except (ValueError, OverflowError) as exc:  # month 13, 9999-12-31 + 1: a 404, not a 500
            raise Http404("Invalid date") from exc


class YearArchive(ArchiveMixin, YearArchiveView):
    pass


class MonthArchive(ArchiveMixin, MonthArchiveView):
    month_format = "%m"


class DayArchive(ArchiveMixin, DayArchiveView):
    month_format = "%m"


class SearchView(PublishedArticlesMixin, ListView):
    """Full-text search of published stories with filters; trivial queries never reach the database."""

    template_name = "articles/search.html"

    def get_queryset(self):
        self.query = search.clean_query(self.request.GET.get("q", ""))
        self.form = search.SearchForm(self.request.GET or None)
        if not search.is_searchable(self.query):
            return Article.objects.none()
        return search.search_articles(self.query, **self.form.filters())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            query=self.query,
            form=self.form,
            searchable=search.is_searchable(self.query),
            capped=getattr(self.object_list, "capped", False),
            ranked_limit=search.RANKED_CANDIDATES,
            **kwargs,
        )
        if context["searchable"] and not context["articles"]:
            context["suggested_tags"] = search.popular_tags()
            context["has_filters"] = self.form.has_filters()
        return context


@csrf_exempt
@require_http_methods(["GET", "POST"])
def record_view(request, article_id):
    """The view-count beacon: one cache increment, no database query, never cached. Not from
    another site's page: an <img> there pointing here would count its visitors as readers
    (browsers say where a request comes from in Sec-Fetch-Site; older ones send nothing)."""
    if request.headers.get("Sec-Fetch-Site") != "cross-site":
        viewcounts.record_view(
            article_id,
            ip=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:512],
        )
    response = HttpResponse(status=204)
    response["Cache-Control"] = "no-store"
    return response
