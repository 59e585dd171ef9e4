"""The shared cache of anonymous public pages, purged exactly through generation counters.

Every cached page records the "dependencies" it was built from ("article:12", "unit:5",
"home", …) together with their generation numbers at the time. Purging a dependency bumps its
generation, so every page built from it stops matching and is rendered afresh on its next
request: exact purges with any cache backend, without listing keys and without a global flush.

Only requests that carry nothing personal are served from or stored in the cache: no session,
no flash message, no pending-comment cookie. Logged-in readers always get a fresh page.
"""

import hashlib
import logging
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)

PAGE_KEY_PREFIX = "page:"
GENERATION_KEY_PREFIX = "pagegen:"
# Dependencies shown on every page (the section navigation).
SITE_WIDE = "site"


def _page_ttl():
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


def page_key(request, allowed_params):
    params = sorted(
        (name, value)
        for name, values in request.GET.lists()
        if name in allowed_params
        for value in values
    )
    raw = f"{request.path}?{params!r}"
    return PAGE_KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def _generation_keys(dependencies):
    return [GENERATION_KEY_PREFIX + dependency for dependency in dependencies]


def current_generations(dependencies):
    found = safely(cache.get_many, _generation_keys(dependencies), default={})
    return [found.get(key, 0) for key in _generation_keys(dependencies)]


def purge(*dependencies):
    """Make every cached page built from these dependencies stale."""
    for key in _generation_keys(dependencies):
        try:
            cache.incr(key)
        except ValueError:  # never bumped before
            safely(cache.set, key, 1, None)
        except Exception:  # the cache is down: pages are not being served from it either
            logger.warning("Page cache purge of %s failed", key, exc_info=True)


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


def public_cache_control(response):
    # Browsers revalidate every time (a 304 from the page cache costs no query), so a reader
    # never keeps an old copy after a purge; shared caches (CDN) keep it for s-maxage.
    patch_cache_control(
        response,
        public=True,
        max_age=getattr(settings, "NEWSROOM_BROWSER_MAX_AGE", 0),
        s_maxage=_page_ttl(),
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


def fresh_entry(key):
    """The cached page under `key` if every generation it was built from is still current."""
    guess = _dependencies_seen.get(key, ())
    found = safely(cache.get_many, [key, *_generation_keys(guess)], default={})
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
    )
    if personal:
        logger.warning("Public page %s rendered personal data; not cached", request.path)
    return personal


class CachedPublicPageMixin:
    """Serve a public view from the shared page cache when the request is anonymous.

    The view names what its page shows in `page_dependencies()` (called after rendering, when
    the view knows its objects) and which query parameters change the page in `cache_params`.
    """

    cache_params = ("page",)
    use_page_cache = True

    def page_dependencies(self):
        return []

    def dispatch(self, request, *args, **kwargs):
        if not self.use_page_cache:
            return super().dispatch(request, *args, **kwargs)
        if not is_shareable_request(request):
            response = super().dispatch(request, *args, **kwargs)
            patch_cache_control(response, private=True)
            return response
        request.page_may_be_shared = True  # forms on this page must not carry a token
        key = page_key(request, self.cache_params)
        entry = fresh_entry(key)
        if entry:
            return self._response_from(entry, request)
        response = super().dispatch(request, *args, **kwargs)
        if isinstance(response, TemplateResponse):
            response.render()
        if response.status_code == 200 and not _made_personal(request, response):
            dependencies = [SITE_WIDE, *self.page_dependencies()]
            entry = {
                "content": response.content,
                "content_type": response["Content-Type"],
                "etag": etag_for(response.content),
                "dependencies": dependencies,
                "generations": current_generations(dependencies),
            }
            safely(cache.set, key, entry, _page_ttl())
            _remember_dependencies(key, dependencies)
            response["ETag"] = entry["etag"]
            public_cache_control(response)
        return response

    @staticmethod
    def _response_from(entry, request):
        if entry["etag"] in request.headers.get("If-None-Match", ""):
            response = HttpResponseNotModified()
        else:
            response = HttpResponse(entry["content"], content_type=entry["content_type"])
        response["ETag"] = entry["etag"]
        response["X-Page-Cache"] = "hit"
        public_cache_control(response)
        return response


def article_dependencies(article):
    """Everything a change to this story shows up on: its page, and the lists that carry it."""
    units = [article.unit_id, *article.unit.ancestors().values_list("pk", flat=True)]
    return [
        "home",
        "archive",
        "feeds",
        f"article:{article.pk}",
        f"category:{article.category_id}",
        f"author:{article.author_id}",
        *(f"unit:{pk}" for pk in units),
        *(f"tag:{pk}" for pk in article.tags.values_list("pk", flat=True)),
    ]


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
