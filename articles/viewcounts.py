"""Counting story views without a database write per view, and the most-read lists.

The article page asks the reader's browser to ping a tiny endpoint (a beacon), so views
are still counted once the page itself comes from a shared cache. A counted view costs
two cache calls: an increment of a sequence number and a `set` of the event under that
number. `manage.py flush_view_counts` (run every minute) moves the pending events into
Article.view_count and ArticleDailyViews in one transaction, and so does the request
that reaches every FLUSH_THRESHOLD-th view. The pages showing counts (home, units and
articles have the most-read lists) are purged by a flush at most every
NEWSROOM_COUNTS_REFRESH_SECONDS.

What a stop can lose: with Redis (production) a web-server stop loses nothing, the
counts wait in Redis; losing Redis itself loses the views since the last flush (one
minute, or at most FLUSH_THRESHOLD views). With the per-process local-memory cache
(development, tests) only the threshold flush can see the counts, so a stop loses at
most FLUSH_THRESHOLD - 1 views. A flush that fails rolls back and is retried whole; a
crash between its commit and moving the cache pointer counts one batch twice.
"""

import datetime
import logging
import re
from collections import Counter
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.db.models import Case, CharField, F, Sum, Value, When
from django.utils import timezone
from django.utils.crypto import salted_hmac

from . import pagecache
from .models import Article, ArticleDailyViews

logger = logging.getLogger(__name__)

REPEAT_WINDOW = 30 * 60  # the same visitor reading the same story again within it counts once
EVENT_TIMEOUT = 24 * 60 * 60  # events nobody flushed within a day are dropped
MAX_BACKLOG = 200_000  # a flush never walks further back than this many events
BATCH_SIZE = 1000
LARGEST_ID = 2**63 - 1  # BigAutoField
SEQUENCE_KEY = "views:sequence"
FLUSHED_KEY = "views:flushed"
LOCK_KEY = "views:flush-lock"
# Counts are shown on home, unit and article pages (the most-read lists; a story's own count
# on its page, which depends on "most-read" too). Purging them on every flush (each minute)
# purged all of those each minute, and a page read less often than that was never served from
# the page cache. So the pages showing counts are refreshed at most every
# NEWSROOM_COUNTS_REFRESH_SECONDS (see counts_refresh_seconds()).
COUNTS_CHANGED_KEY = "views:counts-changed"
COUNTS_REFRESHED_KEY = "views:counts-refreshed"

# User agents of crawlers, link previewers, monitors and scripts: not readers.
BOT_USER_AGENT = re.compile(
    r"bot|crawl|spider|slurp|mediapartners|facebookexternalhit|embedly|preview|whatsapp|"
    r"telegram|skype|discord|curl|wget|python|httpclient|http-client|okhttp|java/|"
    r"libwww|scrapy|axios|node-fetch|headless|lighthouse|pingdom|uptime|monitor|feed|"
    r"validator|archive",
    re.IGNORECASE,
)


def flush_threshold():
    return settings.NEWSROOM_VIEW_FLUSH_THRESHOLD


def looks_like_a_bot(user_agent):
    return not user_agent or bool(BOT_USER_AGENT.search(user_agent))


def is_story_id(value):
    """An id the stories' key (a 64-bit integer) can hold. The beacon takes any number in its
    address without asking the database: a 23-digit one, stored as an event, failed every flush
    after it, and nothing was counted any more."""
    return isinstance(value, int) and 0 < value <= LARGEST_ID


def is_event(key):
    """(story id, 'YYYY-MM-DD'): what record_view stores, and all a flush writes."""
    try:
        article_id, day = key
        datetime.date.fromisoformat(day)
    except (TypeError, ValueError):
        return False
    return is_story_id(article_id)


def visitor_key(article_id, ip, user_agent):
    """A keyed hash of address, browser and story: no cookie, and no address kept in clear."""
    digest = salted_hmac("views", f"{ip}\n{user_agent}\n{article_id}").hexdigest()
    return f"views:seen:{digest}"


def event_key(number):
    return f"views:event:{number}"


def record_view(article_id, *, ip, user_agent, day=None):
    """Count one view in the cache; True when it counted (not a bot, not a repeat, a story id
    the database can hold)."""
    if looks_like_a_bot(user_agent) or not is_story_id(article_id):
        return False
    try:
        if not cache.add(visitor_key(article_id, ip, user_agent), 1, REPEAT_WINDOW):
            return False
        cache.add(SEQUENCE_KEY, 0, timeout=None)
        number = cache.incr(SEQUENCE_KEY)
        if number is None:  # django-redis with IGNORE_EXCEPTIONS answers None when Redis is down
            return False
        day = day or timezone.localdate()
        cache.set(event_key(number), (article_id, day.isoformat()), EVENT_TIMEOUT)
    except Exception:  # a cache outage must never break a page: the view is lost, that's all
        logger.warning("View of article %s not counted: cache unavailable", article_id)
        return False
    if number % flush_threshold() == 0:
        try:
            flush_view_counts()
        except DatabaseError:  # the views wait in the cache for the next flush
            logger.exception("Flushing view counts failed")
    return True


def flush_view_counts():
    """Move pending views from the cache into the database; returns how many were written."""
    if not cache.add(LOCK_KEY, 1, timeout=300):
        return 0  # another flush is running
    try:
        last = cache.get(SEQUENCE_KEY) or 0
        flushed = cache.get(FLUSHED_KEY) or 0
        if flushed > last:  # the cache was emptied: the sequence started again
            flushed = 0
        first = max(flushed + 1, last - MAX_BACKLOG + 1)
        views = Counter()
        keys = [event_key(number) for number in range(first, last + 1)]
        for start in range(0, len(keys), BATCH_SIZE):
            views.update(cache.get_many(keys[start : start + BATCH_SIZE]).values())
        # An event no database could take would fail this flush and every one after it.
        written = _write_views(Counter({key: n for key, n in views.items() if is_event(key)}))
        cache.set(FLUSHED_KEY, last, timeout=None)
        if written:
            pagecache.safely(cache.set, COUNTS_CHANGED_KEY, 1, None)
        _refresh_counts_when_due()
        for start in range(0, len(keys), BATCH_SIZE):
            cache.delete_many(keys[start : start + BATCH_SIZE])
        return written
    finally:
        cache.delete(LOCK_KEY)


def _write_views(views):
    """Add {(article_id, 'YYYY-MM-DD'): n} to the totals and the per-day rows, in one transaction."""
    if not views:
        return 0
    with transaction.atomic():
        # Only published stories count (a staff preview of a draft does not).
        existing = set(
            Article.objects.published()
            .filter(pk__in={article_id for article_id, _ in views})
            .values_list("pk", flat=True)
        )
        views = {key: n for key, n in views.items() if key[0] in existing}
        totals = Counter()
        for (article_id, _), n in views.items():
            totals[article_id] += n
        for chunk in _chunks(list(totals.items()), 500):
            Article.objects.filter(pk__in=[article_id for article_id, _ in chunk]).update(
                view_count=F("view_count")
                + Case(*[When(pk=article_id, then=Value(n)) for article_id, n in chunk])
            )
        per_day = {
            (article_id, datetime.date.fromisoformat(day)): n
            for (article_id, day), n in views.items()
        }
        rows = {
            (row.article_id, row.date): row
            for row in ArticleDailyViews.objects.select_for_update().filter(
                article_id__in=totals, date__in={day for _, day in per_day}
            )
        }
        for key, row in rows.items():
            row.views += per_day.get(key, 0)
        ArticleDailyViews.objects.bulk_update(rows.values(), ["views"], batch_size=500)
        ArticleDailyViews.objects.bulk_create(
            [
                ArticleDailyViews(article_id=article_id, date=day, views=n)
                for (article_id, day), n in per_day.items()
                if (article_id, day) not in rows
            ],
            batch_size=500,
        )
    return sum(views.values())


def _chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


PERIODS = {"day": 1, "week": 7}


def most_read(days, unit=None, limit=5):
    """Published stories read most over the last `days` days (today included)."""
    since = timezone.localdate() - datetime.timedelta(days=days - 1)
    articles = Article.objects.published().with_card_data()
    if unit is not None:
        articles = articles.in_unit_tree(unit)
    return (
        articles.filter(daily_views__date__gte=since)
        .annotate(recent_views=Sum("daily_views__views"))
        .order_by("-recent_views", "-publish_at", "-pk")[:limit]
    )


MOST_READ_SECONDS = 3600


def most_read_lists(unit=None):
    """The "Terpopuler" block, kept in the cache until the next flush changes the counts."""
    key = f"most-read:{unit.pk if unit else 'all'}:{timezone.localdate()}"
    compute = partial(_most_read_lists_marked, unit)
    return pagecache.remembered_until_purged(["most-read"], key, compute, MOST_READ_SECONDS)


def shown_as_most_read(article_id):
    """Whether a most-read list, or a page stored from one, may still show this story:
    then unpublishing, retitling or deleting it must purge "most-read" too, or every page would
    go on listing it for up to an hour. (A list recomputed without it since leaves the mark:
    one purge too many, never one too few.)"""
    return bool(pagecache.safely(cache.get, _shown_key(article_id)))


def _shown_key(article_id):
    return f"most-read:shows:{article_id}"


def _most_read_lists_marked(unit=None):
    lists = _most_read_lists(unit)
    shown = {_shown_key(article.pk): 1 for stories in lists.values() for article in stories}
    if shown:  # before the lists are stored (remembered_until_purged), so never missing
        # As long as the lists, and the pages stored from them last: a page cached as a list
        # ends keeps it for another page_ttl().
        pagecache.safely(cache.set_many, shown, MOST_READ_SECONDS + pagecache.page_ttl())
    return lists


def counts_refresh_seconds():
    return settings.NEWSROOM_COUNTS_REFRESH_SECONDS


def _refresh_counts_when_due():
    """If counts changed since the pages showing them were last purged, and that was not
    within counts_refresh_seconds(), purge them: the most-read lists are computed afresh."""
    if not pagecache.safely(cache.get, COUNTS_CHANGED_KEY):
        return
    seconds = counts_refresh_seconds()
    if seconds <= 0 or pagecache.safely(cache.add, COUNTS_REFRESHED_KEY, 1, seconds):
        pagecache.purge("most-read")
        pagecache.safely(cache.delete, COUNTS_CHANGED_KEY)  # after: a failed purge is retried


def _most_read_lists(unit=None):
    """Today's and this week's most read, in one UNION query (two queries where the database
    cannot limit each part of a UNION, as SQLite)."""
    day, week = (
        most_read(days, unit).annotate(period=Value(name, output_field=CharField()))
        for name, days in PERIODS.items()
    )
    if not connection.features.supports_slicing_ordering_in_compound:
        return {"day": list(day), "week": list(week)}
    lists = {name: [] for name in PERIODS}
    for article in day.union(week, all=True):
        lists[article.period].append(article)
    return lists
