"""Sessions in the database, as Django keeps them, with a short-lived copy in the shared cache.

Every request of a signed-in reader (and every one carrying a stale session cookie) reads its
session. From the database that is a query (and, on the request's first query, the connection's
health check); from Redis one MGET. The database stays the record: a session is written there
first, `clearsessions` and expiry are Django's own, and the cache only ever holds a copy for at
most NEWSROOM_SESSION_CACHE_SECONDS (never past the session's expiry).

Django's `cached_db` store does the same, but a request that read the database just before a
logout could put the ended session back in the cache for its whole lifetime. Here a read that
missed only *adds* its copy (never replacing one), and a logout leaves a mark under a name of
its own that wins over any copy, whichever request writes last. Redis holds no usable session
key (copies are named by the key's hash) and no unsigned data (copies are encoded as in the
database). If Redis fails during the logout the mark is lost and a copy may outlive the
session, by at most NEWSROOM_SESSION_CACHE_SECONDS (django-redis hides the failure;
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS would log it).
"""

import datetime
import hashlib
import re

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.sessions.backends import db
from django.core.cache import caches
from django.db import connections, router
from django.utils import timezone

from articles.pagecache import answered_ahead

COPY_PREFIX = "session:2:"
ENDED_PREFIX = "session-ended:2:"
ENDED_MARK_SECONDS = 3600
# Only keys of the shape Django issues get copies: any other cookie is read from the database
# and costs the cache nothing.
ISSUED_KEY = re.compile(r"[a-z0-9]{32}")


def cached_for():
    return settings.NEWSROOM_SESSION_CACHE_SECONDS


def _hashed(session_key):
    # Redis never holds a usable session key: a copy's name is the key's hash.
    return hashlib.sha256(session_key.encode()).hexdigest()


class SessionStore(db.SessionStore):
    def __init__(self, session_key=None):
        self._cache = caches[settings.SESSION_CACHE_ALIAS]
        super().__init__(session_key)

    def _copies_kept(self, session_key):
        return bool(cached_for() and session_key and ISSUED_KEY.fullmatch(session_key))

    def _cache_keys(self):
        name = _hashed(self.session_key)
        return [COPY_PREFIX + name, ENDED_PREFIX + name]

    def cache_keys_to_read_ahead(self):
        """What load() reads from the shared cache, for a caller about to make a round trip to
        it anyway (the page cache fetching the shared copy a reader's page is built from), so
        that the two take one (pagecache.answered_ahead). Empty when there is nothing to read
        ahead (no copies kept, loaded already, or the sessions live in another cache)."""
        if (
            not self._copies_kept(self.session_key)
            or hasattr(self, "_session_cache")  # loaded already
            or self._cache is not caches["default"]
        ):
            return []
        return self._cache_keys()

    def load(self):
        if not self._copies_kept(self.session_key):
            return self._found(self._read_from_db()[0])
        copy_key, ended_key = keys = self._cache_keys()
        found = answered_ahead(keys)
        if found is None:
            found = self._cache.get_many(keys)
        if ended_key in found:  # a logout's mark wins over any copy
            return self._found(None)
        copy = found.get(copy_key)
        if copy is not None:
            # Stored encoded, as in the database: signed, and read back exactly as from there.
            return self._found(self.decode(copy))
        data, expires = self._read_from_db()
        # An unknown or ended session is not remembered: its cookie is deleted by this response,
        # and a cookie made up is not worth a cache entry.
        if data is not None:
            self._cache.add(copy_key, self.encode(data), self._seconds_kept(expires))
        return self._found(data)

    def _found(self, data):
        if data is None:  # unknown or expired: the middleware deletes the reader's cookie
            self._session_key = None
            return {}
        return data

    def save(self, must_create=False):
        super().save(must_create)
        if self._copies_kept(self.session_key):
            # The writer's copy replaces any other: it is what the database now holds.
            self._cache.set(
                COPY_PREFIX + _hashed(self.session_key),
                self.encode(self._get_session(no_load=must_create)),
                self._seconds_kept(),
            )

    def delete(self, session_key=None):
        super().delete(session_key)
        session_key = session_key or self.session_key
        if self._copies_kept(session_key):
            name = _hashed(session_key)
            self._cache.delete(COPY_PREFIX + name)
            # Under its own name, which no save writes: a save that raced the logout cannot undo
            # it. It outlasts any copy written before it, whatever the setting was then.
            self._cache.set(ENDED_PREFIX + name, True, max(cached_for(), ENDED_MARK_SECONDS))

    # The same for async callers (Django's alogout, aflush, acycle_key go through these).
    async def aload(self):
        return await sync_to_async(self.load)()

    async def asave(self, must_create=False):
        return await sync_to_async(self.save)(must_create)

    async def adelete(self, session_key=None):
        return await sync_to_async(self.delete)(session_key)

    def _seconds_kept(self, expires=None):
        """How long a copy may be kept: the setting, but never past the session's expiry (the
        row's `expires`, or this session's own when it is being saved)."""
        left = self.get_expiry_age(expiry=expires) if expires else self.get_expiry_age()
        return max(1, min(cached_for(), int(left)))

    def _read_from_db(self):
        """The session's data and when it expires, by one plain primary-key lookup
        (Django's `objects.get()` spent ~0.3 ms of CPU compiling it, three times what the query
        costs here), on the primary (a replica may not have the login yet); (None, None) for a
        session that is unknown or expired."""
        model = self.model
        connection = connections[router.db_for_write(model)]
        opts = model._meta
        table, key, data, expires = (
            connection.ops.quote_name(name)
            for name in (
                opts.db_table,
                opts.get_field("session_key").column,
                opts.get_field("session_data").column,
                opts.get_field("expire_date").column,
            )
        )
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {data}, {expires} FROM {table} WHERE {key} = %s AND {expires} > %s",  # noqa: S608
                [self.session_key, now],
            )
            row = cursor.fetchone()
        if row is None:
            return None, None
        return self.decode(row[0]), _aware(row[1])


def _aware(value):
    """A datetime column as read by a raw cursor: aware from PostgreSQL, ISO text from SQLite."""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value
