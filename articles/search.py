"""Search of published stories: PostgreSQL full-text ranking, a plain LIKE fallback on SQLite."""

import datetime
import re
from html import unescape

from django import forms
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, Count, F, Func, IntegerField, Q, TextField, Value, When
from django.db.models.functions import Concat, Replace, StrIndex
from django.db.models.lookups import GreaterThan
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from units.models import Unit

from . import widgets
from .models import Article, Category

MIN_QUERY_LENGTH = 2
# Longer input is cut, not refused: people paste whole paragraphs into search boxes.
MAX_QUERY_LENGTH = 200
SEARCH_CONFIG = "indonesian"
SNIPPET_WORDS = 30
RANKED_CANDIDATES = 500
RECENT_WINDOW = datetime.timedelta(days=365)
# ts_headline marks matches with these private-use characters, so the whole snippet
# can be escaped and only the markers become HTML.
MARK_START, MARK_END = "\ue000", "\ue001"
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f\ue000\ue001]")
# PostgreSQL's 'indonesian' configuration has no stop words, so every query word must
# be in the story: "polisi yang menolong" would miss a title without "yang". These
# function words are dropped from queries (outside quoted phrases), never from the index.
QUERY_STOP_WORDS = frozenset(
    "yang dan di ke dari untuk dengan pada ini itu dalam atau juga oleh akan bahwa adalah "
    "sebagai para telah sudah bagi".split()
)
_QUOTED = re.compile(r'("[^"]*")')


def clean_query(raw):
    """The query as we search it: printable, single-spaced, at most MAX_QUERY_LENGTH long."""
    text = _UNPRINTABLE.sub(" ", raw or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def without_stop_words(query):
    """The query without function words outside quotes; unchanged if nothing else is left."""
    kept = []
    for part in _QUOTED.split(query):
        if len(part) > 1 and part.startswith('"') and part.endswith('"'):
            kept.append(part)
        else:
            kept.extend(word for word in part.split() if word.lower() not in QUERY_STOP_WORDS)
    reduced = " ".join(kept)
    return reduced if re.search(r"\w", reduced) else query


def is_searchable(query):
    return len(query) >= MIN_QUERY_LENGTH


def uses_full_text():
    return connection.vendor == "postgresql"


def search_articles(query, *, unit=None, category=None, date_from=None, date_to=None):
    """Published stories matching `query`, best first.

    On PostgreSQL, RankedResults whose pages carry `snippet` and `title_snippet`; elsewhere
    a queryset (snippets are then cut in Python by snippet_for).
    """
    # A result shows its unit and section, not its author.
    articles = Article.objects.published().select_related("unit", "category")
    if unit is not None:
        articles = articles.in_unit_tree(unit)
    if category is not None:
        articles = articles.filter(category=category)
    # Dates as each story is dated, in its unit's zone (Article.publish_date).
    if date_from is not None:
        articles = articles.filter(publish_date__gte=date_from)
    if date_to is not None:
        articles = articles.filter(publish_date__lte=date_to)
    if uses_full_text():
        return _full_text(articles, query)
    return _contains_every_word(articles, query)


def _full_text(articles, query):
    # websearch syntax never raises: quotes, "or" and "-word" work, stray operators are ignored.
    terms = SearchQuery(without_stop_words(query), config=SEARCH_CONFIG, search_type="websearch")
    # Default weights: title (A) 1.0, lead (B) 0.4, body (C) 0.2. Normalisation 1 divides
    # by the log of the length, so a long body cannot outrank a title.
    rank = SearchRank(F("search_vector"), terms, normalization=Value(1))
    matches = (
        articles.filter(search_vector=terms)
        .annotate(rank=rank)
        .order_by("-publish_at", "-pk")
        .values_list("pk", "rank")
    )
    # Ranking reads every candidate row, so a word found in thousands of stories would cost
    # a pass over all of them: only the newest RANKED_CANDIDATES matches are ranked. Most
    # searches fill that from the last year alone (a small slice of the table, found through
    # the BRIN index on publish_at); older stories are read only when the year holds too few.
    cutoff = timezone.now() - RECENT_WINDOW
    candidates = list(matches.filter(publish_at__gte=cutoff)[: RANKED_CANDIDATES + 1])
    if len(candidates) <= RANKED_CANDIDATES:
        older = matches.filter(publish_at__lt=cutoff)
        candidates += older[: RANKED_CANDIDATES + 1 - len(candidates)]
    capped = len(candidates) > RANKED_CANDIDATES
    candidates = candidates[:RANKED_CANDIDATES]
    # Newest first already: a stable sort on rank keeps that order among equal ranks.
    ids = [pk for pk, _ in sorted(candidates, key=lambda candidate: -candidate[1])]
    return RankedResults(ids, terms, capped)


class RankedResults:
    """Ranked full-text matches for the paginator: the ids are known, so counting is free
    and only the page being shown is loaded, with its highlighted snippets."""

    def __init__(self, ids, terms, capped):
        self.ids = ids
        self.terms = terms
        self.capped = capped

    def count(self):
        return len(self.ids)

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        ids = self.ids[index]
        shown = Article.objects.filter(pk__in=ids).select_related("unit", "category")
        page = _with_snippets(shown.defer("body"), self.terms)  # the snippet stands for it
        by_id = {article.pk: article for article in page}
        return [by_id[pk] for pk in ids if pk in by_id]


# How the sanitiser (nh3) writes these characters in a body's text; "&" first.
BODY_ENTITIES = [("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\u00a0", "&nbsp;")]


def replaced_everywhere(text, pattern, replacement):
    """PostgreSQL's regexp_replace of every match."""
    return Func(
        text,
        Value(pattern),
        Value(replacement),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    )


def _with_snippets(articles, terms):
    """Annotate `snippet` (lead and body as plain text) and `title_snippet`, matches marked."""
    without_tags = replaced_everywhere(F("body"), "<[^>]*>", " ")
    plain_body = replaced_everywhere(without_tags, r"\s+", " ")
    lead = replaced_everywhere(F("lead"), r"\s+", " ")
    # The lead, unless the body already holds it (many stories open with it): else a snippet
    # read the same sentence twice. The body is sanitised HTML ("Polri &amp; TNI"): it is
    # looked for as the body writes it.
    lead_as_in_body = lead
    for character, entity in BODY_ENTITIES:
        lead_as_in_body = Replace(lead_as_in_body, Value(character), Value(entity))
    lead_and_body = Case(
        When(
            GreaterThan(StrIndex(plain_body, lead_as_in_body), 0),  # an empty lead is at 1
            then=plain_body,
        ),
        default=Concat(lead, Value(" "), plain_body, output_field=TextField()),
        output_field=TextField(),
    )
    plain_text = Func(  # our markers must not come from the text itself
        lead_and_body,
        Value(MARK_START + MARK_END),
        Value(""),
        function="translate",
        output_field=TextField(),
    )
    marks = {"start_sel": MARK_START, "stop_sel": MARK_END}
    return articles.annotate(
        snippet=SearchHeadline(
            plain_text,
            terms,
            config=SEARCH_CONFIG,
            max_fragments=2,
            max_words=SNIPPET_WORDS,
            min_words=12,
            fragment_delimiter=" … ",
            **marks,
        ),
        title_snippet=SearchHeadline(
            "title", terms, config=SEARCH_CONFIG, highlight_all=True, **marks
        ),
    )


def query_words(query):
    """Words of a query without web-search operators, for the LIKE fallback and the hints."""
    words = re.findall(r"\w+", query.lower())
    words = [word for word in words if len(word) >= MIN_QUERY_LENGTH and word != "or"]
    return [word for word in words if word not in QUERY_STOP_WORDS][:8] or words[:8]


def _contains_every_word(articles, query):
    words = query_words(query)
    if not words:
        return articles.none()
    for word in words:
        articles = articles.filter(
            Q(title__icontains=word) | Q(lead__icontains=word) | Q(body__icontains=word)
        )
    in_title = Q()
    for word in words:
        in_title &= Q(title__icontains=word)
    return articles.annotate(
        title_match=Case(When(in_title, then=1), default=0, output_field=IntegerField())
    ).order_by("-title_match", "-publish_at", "-pk")


def highlighted(text):
    """Escaped text whose marked matches, and nothing else, become <mark> elements."""
    html = escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(html)  # noqa: S308 - everything but our own markers is escaped above


def snippet_for(article, query):
    """The highlighted extract shown under a result (computed by PostgreSQL when it can)."""
    if getattr(article, "snippet", None) is not None:
        return highlighted(" ".join(unescape(article.snippet).split()))
    body = " ".join(unescape(re.sub(r"<[^>]*>", " ", article.body)).split())
    lead = " ".join(article.lead.split())
    text = body if lead in body else f"{lead} {body}"  # as _with_snippets decides
    return highlighted(_mark_words(_window(text, query_words(query)), query_words(query)))


def title_for(article, query):
    if getattr(article, "title_snippet", None) is not None:
        return highlighted(article.title_snippet)
    return highlighted(_mark_words(article.title, query_words(query)))


def _window(text, words):
    """About SNIPPET_WORDS words of `text` around the first match."""
    lowered = text.lower()
    found = [lowered.find(word) for word in words if word in lowered]
    start = min(found) if found else 0
    tokens_before = text[:start].split()
    first = max(len(tokens_before) - 8, 0)
    tokens = text.split()
    extract = " ".join(tokens[first : first + SNIPPET_WORDS])
    return ("… " if first else "") + extract + (" …" if first + SNIPPET_WORDS < len(tokens) else "")


def _mark_words(text, words):
    if not words:
        return text
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    return pattern.sub(lambda match: f"{MARK_START}{match.group(0)}{MARK_END}", text)


def popular_tags(limit=8):
    """The topics with most published stories: something to try when a search finds nothing."""
    return (
        Tag.objects.filter(article__in=Article.objects.published())
        .annotate(stories=Count("article"))
        .order_by("-stories", "name")[:limit]
    )


class UnitChoiceField(forms.ModelChoiceField):
    widget = widgets.Select  # the whole hierarchy: Django's option templates were slow

    def label_from_instance(self, unit):
        return "\u00a0\u00a0" * unit.depth + unit.short_name


class SearchForm(forms.Form):
    """The query and its filters; Indonesian parameter names, as in every public URL."""

    q = forms.CharField(label=_("Search for"), required=False)
    unit = UnitChoiceField(
        label=_("Unit (with the units beneath it)"),
        queryset=Unit.objects.active().in_tree_order(),
        to_field_name="slug",
        required=False,
        empty_label=_("All units"),
    )
    kategori = forms.ModelChoiceField(
        label=_("Section"),
        queryset=Category.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All sections"),
        widget=widgets.Select,
    )
    dari = forms.DateField(
        label=_("From"), required=False, widget=widgets.DateInput(attrs={"type": "date"})
    )
    sampai = forms.DateField(
        label=_("Until"), required=False, widget=widgets.DateInput(attrs={"type": "date"})
    )

    FILTERS = {"unit": "unit", "kategori": "category", "dari": "date_from", "sampai": "date_to"}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("dari") and cleaned.get("sampai") and cleaned["dari"] > cleaned["sampai"]:
            self.add_error("sampai", _("The end date is before the start date."))
            cleaned.pop("dari")  # half a range would filter by a date the reader did not mean
        return cleaned

    def filters(self):
        """The filters that were given and are valid, as keyword arguments of search_articles."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            argument: cleaned[field]
            for field, argument in self.FILTERS.items()
            if cleaned.get(field) is not None
        }

    def has_filters(self):
        return any(self.data.get(field) for field in self.FILTERS)
