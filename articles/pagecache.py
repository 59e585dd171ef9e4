"""The shared cache of anonymous public pages, purged exactly through generation counters.

Every cached page records the "dependencies" it was built from ("article:12", "unit:5",
"home", …) together with their generation numbers at the time. Purging a dependency bumps its
generation, so every page built from it stops matching and is rendered afresh on its next
request: exact purges with any cache backend, without listing keys and without a global flush.

Only requests that carry nothing personal are served from or stored in the cache: no session,
no flash message, no pending-comment cookie. Logged-in readers always get a fresh page.
"""

import contextvars
import gzip
import hashlib
import logging
import time
from contextlib import contextmanager
from functools import lru_cache, partial, wraps

from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpResponse, QueryDict
from django.template import TemplateDoesNotExist
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, urlencode

from . import personal_parts

logger = logging.getLogger(__name__)

# Bumped whenever the stored entry changes shape, so a deploy never reads the old ones.
PAGE_KEY_PREFIX = "page:6:"
GENERATION_KEY_PREFIX = "pagegen:"
# Dependencies shown on every page (the section navigation).
SITE_WIDE = "site"
# A page number (of a list, of a story's comments) as the page links write it: any other
# spelling the view would take ("02", "+2", "2_0") would be a shared copy of its own.
PAGE_NUMBER = r"[1-9][0-9]{0,5}"


def page_ttl():
    return getattr(settings, "NEWSROOM_PAGE_CACHE_SECONDS", 600)


def personal_cookie_names():
    return {
        settings.SESSION_COOKIE_NAME,
        "messages",
        *getattr(settings, "NEWSROOM_PERSONAL_COOKIES", ()),
    }


def is_shareable_request(request):
    """True when nothing about the request is personal, so a shared copy may answer it."""
    if request.method not in ("GET", "HEAD"):
        return False
    return not (personal_cookie_names() & set(request.COOKIES))


def page_key(request, params=None):
    """The shared copy's key: its address with only the page's own query `params` (all of the
    request's once keep_only_page_params has run)."""
    kept = sorted(
        (name, value)
        for name, values in request.GET.lists()
        if params is None or name in params
        for value in values
    )
    # Pages hold absolute addresses (canonical links, feeds): one copy per scheme and host.
    raw = f"{request.scheme}://{request.get_host()}{request.path}?{kept!r}"
    return PAGE_KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def shared_copy(request):
    """For a reader the page cache cannot share with: the copy anonymous readers get at this
    address, if it is current and says where its personal parts are (articles/personal_parts.py)
    in a way this code understands; else None."""
    params = page_cache_params(request)
    if params is None or request.method not in ("GET", "HEAD"):
        return None
    key = page_key(request, params)
    # The reader's session comes with the page, in the same round trip, where its store can
    # take it that way (accounts.sessions.SessionStore: a signed-in reader's copy is built from
    # both).
    read_with_page = getattr(getattr(request, "session", None), "cache_keys_to_read_ahead", None)
    # The plain copy, or the gzipped one if a cache short of memory evicted the plain one
    # (browsers ask for gzip, so it is the one read most).
    entry = fresh_entry(key, also=read_with_page() if read_with_page else ())
    entry = entry or fresh_entry(key + GZIP_SUFFIX)
    if not cut_at_personal_parts(entry):
        return None
    if entry["encoding"] == "gzip":
        entry = entry | {"content": gzip.decompress(entry["content"]), "encoding": None}
    return entry


def cut_at_personal_parts(entry):
    """Does this stored page say where its personal parts are, as this code cuts them?"""
    parts = entry and entry.get("personal_parts")
    return bool(parts) and parts["version"] == personal_parts.version()


def _generation_keys(dependencies):
    return [GENERATION_KEY_PREFIX + dependency for dependency in dependencies]


def current_generations(dependencies):
    found = safely(cache.get_many, _generation_keys(dependencies), default={})
    return [found.get(key, 0) for key in _generation_keys(dependencies)]


# Bumped by every purge: a page whose rendering overlapped a purge is not stored, since it may
# show rows read before the change committed (the purge after the commit came too early for it).
ANY_PURGE = "*"


def purge(*dependencies):
    """Make every cached page built from these dependencies stale."""
    bump(*dependencies, ANY_PURGE)


def bump(*dependencies):
    """New generations for these dependencies: what was remembered under the old ones is
    forgotten (purge() is this for what pages show, and stops pages rendering meanwhile from
    being stored)."""
    for key in _generation_keys(dependencies):
        try:
            cache.add(key, 0, None)  # so that incr never meets a missing key
            bumped = cache.incr(key)
        except Exception:
            bumped = None
        if bumped is None:  # django-redis hides an outage as None
            logger.warning("Page cache purge of %s failed; pages age out instead", key)


def purges_so_far():
    return current_generations([ANY_PURGE])[0]


def purge_when_committed(purger, *args):
    """Run a purge now and again once the current transaction commits: now, so this thread
    never serves its own stale copy; after the commit, so a page another reader rendered from
    the old rows in between is not kept either."""
    purger(*args)
    transaction.on_commit(partial(purger, *args))


def safely(operation, *args, default=None):
    """A cache failure must never turn a readable page into an error."""
    try:
        return operation(*args)
    except Exception:
        logger.warning("Cache unavailable", exc_info=True)
        return default


def remembered(key, compute, seconds):
    """`compute()`'s value from the cache, computed and stored on a miss; a cache outage
    costs the computation, never the page."""
    found = safely(cache.get, key)
    if found is None:
        found = compute()
        safely(cache.set, key, found, seconds)
    return found


# What this request read from the cache ahead of asking (cache key → value, _ABSENT where the
# cache had none): a later read of exactly those keys is answered from here, once.
_read_ahead = contextvars.ContextVar("page_cache_read_ahead", default=None)
_ABSENT = object()


@contextmanager
def reading_ahead():
    """The scope of one request's read-ahead (accounts.middleware.ReadingRequestMiddleware, for
    GET and HEAD): nothing read for one request is ever used by another."""
    token = _read_ahead.set({})
    try:
        yield
    finally:
        _read_ahead.reset(token)


def _keep_read_ahead(keys, found):
    ahead = _read_ahead.get()
    if ahead is not None:
        ahead.update((key, found.get(key, _ABSENT)) for key in keys)


def answered_ahead(keys):
    """What get_many(keys) would return, if this request read all of them ahead (each answers
    once); else None, and the caller asks the cache."""
    ahead = _read_ahead.get()
    if not ahead or not all(key in ahead for key in keys):
        return None
    values = [(key, ahead.pop(key)) for key in keys]
    return {key: value for key, value in values if value is not _ABSENT}


def remembered_until_purged(dependencies, key, compute, seconds=None, also=()):
    """remembered() for a value that changes only when `dependencies` are purged: it is kept
    with the generations it was computed under, and fetched with the current ones in one round
    trip; after a purge the next call computes it afresh. (The generations are read before
    `compute()`, so a value that overlapped a purge is stored as already stale: it may replace
    a fresher one, which costs the next call a computation, never a stale answer.)

    `also`: (dependencies, key) of other values this request is about to ask for, read in the
    same round trip and answered from it, once, within reading_ahead()."""
    keys = [key, *_generation_keys(dependencies)]
    found = answered_ahead(keys)
    if found is None:
        read_with = [
            name
            for deps, other in (also if _read_ahead.get() is not None else ())
            for name in (other, *_generation_keys(deps))
        ]
        found = safely(cache.get_many, keys + read_with, default={})
        _keep_read_ahead(read_with, found)
    generations = [found.get(generation_key, 0) for generation_key in keys[1:]]
    kept = found.get(key)
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == generations:
        return kept[1]
    value = compute()
    safely(cache.set, key, (generations, value), seconds or page_ttl())
    return value


def public_cache_control(response):
    # Browsers revalidate every time (a 304 from the page cache costs no query), so a reader
    # never keeps an old copy after a purge; shared caches (CDN) keep it for s-maxage.
    patch_cache_control(
        response,
        public=True,
        max_age=getattr(settings, "NEWSROOM_BROWSER_MAX_AGE", 0),
        s_maxage=page_ttl(),
        stale_while_revalidate=getattr(settings, "NEWSROOM_STALE_WHILE_REVALIDATE", 600),
    )


def private_cache_control(response):
    patch_cache_control(response, private=True, no_store=True)


def etag_for(content):
    return '"' + hashlib.md5(content, usedforsecurity=False).hexdigest() + '"'


# What each page was last built from, per process: a guess that lets one round trip to the
# cache fetch the page and the generations it must match. A wrong guess costs one more trip.
_dependencies_seen = {}
_DEPENDENCIES_SEEN_MAX = 20_000


def _remember_dependencies(key, dependencies):
    if len(_dependencies_seen) >= _DEPENDENCIES_SEEN_MAX:
        _dependencies_seen.clear()
    _dependencies_seen[key] = tuple(dependencies)


def fresh_entry(key, also=()):
    """The cached page under `key` if every generation it was built from is still current;
    the keys `also` are read ahead in the same round trip (see answered_ahead)."""
    guess = _dependencies_seen.get(key, ())
    found = safely(cache.get_many, [key, *_generation_keys(guess), *also], default={})
    _keep_read_ahead(also, found)
    entry = found.get(key)
    if not entry:
        return None
    if tuple(entry["dependencies"]) == guess:
        current = [found.get(gen_key, 0) for gen_key in _generation_keys(guess)]
    else:
        _remember_dependencies(key, entry["dependencies"])
        current = current_generations(entry["dependencies"])
    return entry if current == entry["generations"] else None


def _made_personal(request, response):
    """Did rendering touch the session or issue a CSRF token? Then the page is not shareable."""
    session = getattr(request, "session", None)
    personal = (
        bool(response.cookies)
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE", False)
        or (session is not None and session.accessed)
        or "cookie" in response.get("Vary", "").lower()
    )
    if personal:
        logger.warning("Public page %s rendered personal data; not cached", request.path)
    return personal


def page_cache_params(request):
    """The query parameters that change the page at this address, or None when the view behind
    it is not page-cached or this request must reach it."""
    params, bypass = _page_cache_rules(request.path_info)
    if params is None or any(name in request.GET for name in bypass):
        return None
    return params


@receiver(setting_changed)
def _forget_page_cache_rules(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":  # tests swap URLconfs
        _page_cache_rules.cache_clear()


@lru_cache(maxsize=8192)
def _page_cache_rules(path):
    """Resolved ahead of Django's own resolving (remembered per address: the URLconf does not
    change while the process runs), in the language the address names, as LocaleMiddleware
    has not run yet."""
    language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            view = resolve(path).func
    except Resolver404:
        return None, ()
    return getattr(view, "page_cache_params", None), getattr(view, "page_cache_bypass", ())


class PageCacheMiddleware:
    """Answers anonymous readers from the shared page cache before sessions, CSRF, auth and the
    view run, and stores the pages views mark as shareable with the headers the rest of the
    stack gave them (CSP, frame options, language), so a hit is one cache round trip.

    Sits right after SecurityMiddleware and WhiteNoise, which still wrap every hit.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_shareable_request(request):
            if (
                request.method == "GET"
                and hasattr(request, "environ")
                and page_cache_params(request) is not None
            ):
                # Should this reader's page find no shared copy to be cut from, the view makes
                # the one an anonymous reader would get (environ as it came, without cookies).
                anonymous = {k: v for k, v in request.environ.items() if k != "HTTP_COOKIE"}
                request.copy_for_anonymous_readers = partial(self.shared_copy_for, anonymous)
            return self.get_response(request)
        params = page_cache_params(request)
        if params is None:
            return self.get_response(request)
        keep_only_page_params(request, params)
        key = page_key(request)
        # Each encoding has its own copy: a hit fetches only the bytes it sends.
        copy_key = key + GZIP_SUFFIX if accepts_gzip(request) else key
        entry = fresh_entry(copy_key)
        if entry:
            return response_from(entry, request)
        request.page_may_be_shared = True  # forms on this page must not carry a token
        with rendering_once(key, copy_key) as entry:
            if entry:  # another request rendered it meanwhile
                return response_from(entry, request)
            response, stored = self.render_and_store(key, request)
            # The copy as every reader after this one gets it (gzipped, if they take it).
            return response_from(stored[copy_key], request, hit=False) if stored else response

    def shared_copy_for(self, environ):
        """The copy anonymous readers get at this address, rendered and stored now as it would
        be for them (or the one another request stored meanwhile), for a reader the page cache
        cannot answer: theirs is cut from it, and so are the copies of everyone after them.
        None when it cannot be shared (a 404, a page that read the session)."""
        request = WSGIRequest(environ)
        params = page_cache_params(request)
        if params is None:
            return None
        keep_only_page_params(request, params)
        key = page_key(request)
        request.page_may_be_shared = True
        # The reader's own request goes on in its language and time zone once this is done.
        with (
            translation.override(translation.get_language()),
            timezone.override(timezone.get_current_timezone()),
            rendering_once(key, key) as entry,
        ):
            if entry is None:
                _response, stored = self.render_and_store(key, request)
                entry = stored[key] if stored else None
        return entry if cut_at_personal_parts(entry) else None

    def render_and_store(self, key, request):
        """The page rendered for a shareable request, and what was stored of it (see store)."""
        purges_before = purges_so_far()
        response = self.get_response(request)
        dependencies = getattr(response, "page_dependencies", None)
        stored = dependencies is not None and store(
            key, request, response, dependencies, purges_before
        )
        return response, stored


def keep_only_page_params(request, params):
    """Render a shared page from the parameters that make it, nothing else: links built from
    the full address (the login box's ?next=, the language switch) must not hand the first
    reader's fbclid or email=… to everyone who gets the copy."""
    # One value of each, the last, as the view's GET.get reads it: ?page=2&page=2&… would
    # otherwise make a copy of its own for every repetition.
    kept = [(name, request.GET[name]) for name in sorted(params) if name in request.GET]
    query = urlencode(kept)
    request.META["QUERY_STRING"] = query
    request.GET = QueryDict(query)


RENDER_LOCK_PREFIX = "pagelock:"
# How long readers of a page being rendered wait for it before rendering it themselves.
RENDER_WAIT_SECONDS = 3.0


@contextmanager
def rendering_once(key, copy_key):
    """When a popular page is purged, let one request render it while the others wait for its
    copy (under `copy_key`, in the encoding they asked for; yielded to them), instead of every
    worker rendering the same page at once. The copy is only stored if no purge happened while
    it was rendered (`store`), so waiters never get a page older than the change; otherwise
    they render it themselves once the lock is gone."""
    lock = RENDER_LOCK_PREFIX + key
    # False only when another request holds the lock; None when the cache cannot be reached
    # (django-redis ignoring the outage), and then nobody could hand this request a copy.
    if safely(cache.add, lock, 1, int(RENDER_WAIT_SECONDS) + 1) is not False:
        try:
            yield None
        finally:
            safely(cache.delete, lock)
        return
    deadline = time.monotonic() + RENDER_WAIT_SECONDS
    pause = 0.01
    while time.monotonic() < deadline:
        time.sleep(pause)
        entry = fresh_entry(copy_key)
        if entry or not safely(cache.get, lock):  # ready, or its renderer gave up (404…)
            yield entry
            return
        pause = min(pause * 2, 0.1)
    yield None


# Every stored page is also kept, under its key with this suffix, as sent to browsers that
# accept gzip: compressed once when stored, never per request, when it is this large or larger.
# Shared pages hold nothing secret, so compression leaks nothing (BREACH needs a secret).
GZIP_SUFFIX = ":gzip"
GZIP_MIN_BYTES = 1024


def accepts_gzip(request):
    return "gzip" in request.headers.get("Accept-Encoding", "")


def store(key, request, response, dependencies, purges_before):
    """Keep a shareable page, as a plain entry and a gzipped one; what was stored, by key (None
    when the page must not be shared)."""
    if response.status_code != 200 or response.streaming:
        return None
    if _made_personal(request, response):
        private_cache_control(response)
        return None
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control:  # the view said so
        return None
    generations = current_generations([*dependencies, ANY_PURGE])
    if generations.pop() != purges_before:  # rendered while something changed: maybe stale
        private_cache_control(response)  # nor may a CDN keep it
        return None
    response["ETag"] = etag_for(response.content)
    last_modified, validators = _last_modified(key, response["ETag"])
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    public_cache_control(response)
    patch_vary_headers(response, ("Accept-Encoding",))
    entry = {
        "content": response.content,
        "encoding": None,
        "headers": [(k, v) for k, v in response.items() if k.lower() != "set-cookie"],
        "etag": response["ETag"],
        "last_modified": last_modified,
        "dependencies": dependencies,
        "generations": generations,
        "personal_parts": getattr(response, "personal_parts", None),
    }
    gzipped = dict(entry)
    if len(response.content) >= GZIP_MIN_BYTES and not response.has_header("Content-Encoding"):
        gzipped["content"] = gzip.compress(response.content, compresslevel=6, mtime=0)
        gzipped["encoding"] = "gzip"
        # Each encoding is its own representation, with its own validator.
        gzipped["etag"] = entry["etag"][:-1] + '-gzip"'
        if entry["personal_parts"]:
            # Personal copies are cut from the plain copy (a hit on the gzipped one reads only
            # what it sends): it also holds the page compressed in pieces, to gzip them cheaply.
            parts = entry["personal_parts"]
            deflated = personal_parts.deflated_pieces(response.content, parts["parts"])
            entry["personal_parts"] = parts | {"deflated": deflated}
    stored = {key: entry, key + GZIP_SUFFIX: gzipped}
    safely(cache.set_many, stored, page_ttl())
    safely(cache.set, VALIDATORS_KEY_PREFIX + key, validators, VALIDATORS_SECONDS)
    _remember_dependencies(key, dependencies)
    _remember_dependencies(key + GZIP_SUFFIX, dependencies)
    return stored


# The validators of the latest copy of each page, kept longer than the copy: (its ETag, its
# Last-Modified, the latest Last-Modified ever sent for the page).
VALIDATORS_KEY_PREFIX = "validators:1:"
VALIDATORS_SECONDS = 24 * 3600


def _last_modified(key, etag):
    """The copy's Last-Modified (whole seconds, as HTTP has it) and the validators to keep.

    An unchanged page keeps the previous copy's date. A changed one gets now, but only if that
    is later than every date sent before for the page: a client asking If-Modified-Since with
    the old copy's date must never be told the new one is the same. Within that second it gets
    no Last-Modified (its ETag still validates it): a date later than now is not allowed."""
    now = int(time.time())
    previous = safely(cache.get, VALIDATORS_KEY_PREFIX + key)
    if previous:
        previous_etag, previous_date, latest = previous
        if previous_etag == etag:
            return previous_date, previous
        if now <= latest:
            return None, (etag, None, latest)
    return now, (etag, now, now)


CONDITIONAL_HEADERS = (
    "HTTP_IF_MATCH",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_UNMODIFIED_SINCE",
)


def response_from(entry, request, hit=True):
    etag = entry["etag"]
    # 304 for If-None-Match (which decides when sent) or If-Modified-Since, as RFC 9110 has it.
    response = None
    if any(header in request.META for header in CONDITIONAL_HEADERS):
        response = get_conditional_response(
            request, etag=etag, last_modified=entry["last_modified"]
        )
    if response is not None:
        if response.status_code == 304:
            if entry["last_modified"] is not None:
                response["Last-Modified"] = http_date(entry["last_modified"])
            public_cache_control(response)
            patch_vary_headers(response, ("Accept-Encoding",))
    else:  # the stored headers hold Last-Modified
        response = HttpResponse(entry["content"])
        for header, value in entry["headers"]:
            response[header] = value
        if entry["encoding"]:
            response["Content-Encoding"] = entry["encoding"]
            response["Content-Length"] = str(len(entry["content"]))
    response["ETag"] = etag
    if hit:
        response["X-Page-Cache"] = "hit"
    return response


def mark_shareable(request, response, dependencies):
    """Hand an anonymous view's page to PageCacheMiddleware with what it shows (a list, or a
    function giving it, called only for a page that will be stored); anyone else's copy of it
    is private."""
    if getattr(request, "page_may_be_shared", False):
        if response.status_code == 200:
            shown = dependencies() if callable(dependencies) else dependencies
            response.page_dependencies = [SITE_WIDE, *shown]
    else:
        patch_cache_control(response, private=True)
    return response


class CachedPublicPageMixin:
    """A public view whose page anonymous readers may share (PageCacheMiddleware serves it).

    The view names what its page shows in `page_dependencies()` (called after rendering, when
    the view knows its objects) and which query parameters change the page in `cache_params`.
    """

    cache_params = ("page",)
    # Parameters the view answers itself, never from a shared copy (e.g. probes it refuses).
    bypass_params = ()
    use_page_cache = True

    @classmethod
    def as_view(cls, **initkwargs):
        view = super().as_view(**initkwargs)
        if cls.use_page_cache:
            view.page_cache_params = tuple(cls.cache_params)
            view.page_cache_bypass = tuple(cls.bypass_params)
        return view

    def page_dependencies(self):
        return []

    def personal_context(self):
        """What the page's personal parts need besides the request (articles/personal_parts.py),
        kept with the shared copy (small: it is read for every personal copy); called once the
        page is rendered."""
        return {}

    def personal_context_from(self, kept):
        """The parts' template context from what personal_context() kept."""
        return kept

    def dispatch(self, request, *args, **kwargs):
        if not self.use_page_cache:
            return super().dispatch(request, *args, **kwargs)
        if getattr(request, "page_may_be_shared", False):
            response = self.render_cut_at_personal_parts(request, *args, **kwargs)
        else:
            shared = shared_copy(request)
            if shared is None and hasattr(request, "copy_for_anonymous_readers"):
                shared = request.copy_for_anonymous_readers()
            response = self.personal_copy(request, shared) if shared is not None else None
            if response is None:
                response = super().dispatch(request, *args, **kwargs)
        return mark_shareable(request, response, self.page_dependencies)

    def render_cut_at_personal_parts(self, request, *args, **kwargs):
        """The shared copy, rendered now (not after the view returns) so that its personal parts
        are fenced while this view runs and no other page of the request (a 404) carries a fence."""
        personal_parts.start_recording(request)
        try:
            response = super().dispatch(request, *args, **kwargs)
            if callable(getattr(response, "render", None)):
                response.render()
        finally:
            marker = personal_parts.stop_recording(request)
        personal_parts.cut(response, marker, keep=self.personal_context)
        return response

    def personal_copy(self, request, shared):
        """The page anonymous readers share, with this reader's own parts rendered for them;
        None if its parts do not fit this code (a renamed part, another context), and then the
        page is rendered whole."""
        parts = shared["personal_parts"]
        deflated = parts.get("deflated") if accepts_gzip(request) else None
        try:
            context = self.personal_context_from(parts["context"])
            page = personal_parts.assemble(
                shared["content"], parts["parts"], request, context, deflated=deflated
            )
        except (KeyError, TemplateDoesNotExist):
            logger.warning(
                "Personal copy of %s failed; rendered whole", request.path, exc_info=True
            )
            return None
        response = HttpResponse(page)
        patch_vary_headers(response, ("Accept-Encoding",))
        if deflated is not None:
            response["Content-Encoding"] = "gzip"
        return response


def cached_public_page(*dependencies, params=()):
    """The same for a function view whose page shows `dependencies`."""

    def decorate(view):
        @wraps(view)
        def shareable_view(request, *args, **kwargs):
            return mark_shareable(request, view(request, *args, **kwargs), dependencies)

        shareable_view.page_cache_params = tuple(params)
        return shareable_view

    return decorate


def article_dependencies(article):
    """Everything a change to this story shows up on: its page, the lists that carry it (the
    most-read lists only while they show it: they are on every page), and the previous/next
    links (`links:`) of the stories just before and after it in time."""
    from .viewcounts import shown_as_most_read

    units = [article.unit_id, *article.unit.ancestors().values_list("pk", flat=True)]
    return [
        *(["most-read"] if shown_as_most_read(article.pk) else []),
        "home",
        "archive",
        "feeds",
        f"article:{article.pk}",
        f"category:{article.category_id}",
        f"author:{article.author_id}",
        *(f"unit:{pk}" for pk in units),
        *(f"tag:{pk}" for pk in article.tags.values_list("pk", flat=True)),
        *(f"links:{pk}" for pk in _stories_beside(article)),
    ]


def _stories_beside(article):
    """The published stories right before and right after this one (ArticleDetailView's
    previous/next links)."""
    from .models import Article

    if article.publish_at is None:
        return []
    published, when = Article.objects.published(), article.publish_at
    sides = (published.older_than(when), published.newer_than(when))
    return [pk for side in sides for pk in side.values_list("pk", flat=True)[:1]]


def purge_article(article, before=()):
    """Purge the pages of a story after a change; `before` is article_dependencies() taken
    before the change, so pages it has just left (an old tag, unit or category) go too."""
    purge(*sorted(set(before) | set(article_dependencies(article))))


def purge_unit(unit):
    """A renamed, moved or (de)activated unit: its pages, its parents' and the lists of its stories."""
    from .models import Article

    stories = Article.objects.published().filter(unit__path__startswith=unit.path)
    pairs = stories.values_list("category_id", "author_id").distinct()
    tag_ids = stories.values_list("tags", flat=True).distinct()
    units = [unit.pk, *unit.ancestors().values_list("pk", flat=True)]
    purge(
        "home",
        "archive",
        "feeds",
        *(f"unit:{pk}" for pk in units),
        *(f"unit:{pk}" for pk in unit.subtree().values_list("pk", flat=True)),
        *{f"category:{category}" for category, _ in pairs},
        *{f"author:{author}" for _, author in pairs},
        *(f"tag:{pk}" for pk in tag_ids if pk),
    )


def purge_site():
    """The section navigation is on every page: a category edit changes them all."""
    purge(SITE_WIDE)
