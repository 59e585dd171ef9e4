"""Sessions in the database, as Django keeps them, with a short-lived copy in the shared cache.

Every request of a signed-in reader (and every one carrying a stale session cookie) reads its
session. From the database that is a query (and, on the request's first query, the connection's
health check); from Redis one GET. The database stays the record: a session is written there
first, `clearsessions` and expiry are Django's own, and the cache only ever holds a copy for at
most NEWSROOM_SESSION_CACHE_SECONDS (never past the session's expiry).

Django's `cached_db` store does the same, but a request that read the database just before a
logout could put the ended session back in the cache for its whole lifetime. Here a read
that missed only *adds* its copy (never replacing one), and a logout writes a tombstone in its
place, so an ended session cannot come back. If Redis fails during the logout the tombstone is
lost and a copy may outlive the session, by at most NEWSROOM_SESSION_CACHE_SECONDS (django-redis
logs the failure).
"""

import datetime

from django.conf import settings
from django.contrib.sessions.backends import db
from django.core.cache import caches
from django.db import connections, router
from django.utils import timezone

KEY_PREFIX = "session:1:"
# What the cache holds for a session key the database has no live session for.
ENDED = "ended"


def cached_for():
    return settings.NEWSROOM_SESSION_CACHE_SECONDS


class SessionStore(db.SessionStore):
    def __init__(self, session_key=None):
        self._cache = caches[settings.SESSION_CACHE_ALIAS]
        super().__init__(session_key)

    def _cache_key(self, session_key):
        return KEY_PREFIX + session_key

    def load(self):
        if not cached_for():
            return self._found(self._read_from_db()[0])
        key = self._cache_key(self.session_key)
        copy = self._cache.get(key)
        if copy is None:
            data, seconds_left = self._read_from_db()
            self._cache.add(key, ENDED if data is None else data, seconds_left)
        else:
            data = None if copy == ENDED else copy
        return self._found(data)

    def _found(self, data):
        if data is None:  # unknown or expired: the middleware deletes the reader's cookie
            self._session_key = None
            return {}
        return data

    def save(self, must_create=False):
        super().save(must_create)
        if not cached_for():
            return
        # The writer's copy replaces any other: it is what the database now holds.
        self._cache.set(self._cache_key(self.session_key), self._session, self._seconds_kept())

    def delete(self, session_key=None):
        super().delete(session_key)
        session_key = session_key or self.session_key
        if session_key is not None and cached_for():
            self._cache.set(self._cache_key(session_key), ENDED, cached_for())

    def _seconds_kept(self, expires=None):
        left = self.get_expiry_age(expiry=expires) if expires else self.get_expiry_age()
        return max(1, min(cached_for(), int(left)))

    def _read_from_db(self):
        """The session's data and how long a copy may be kept, by one plain primary-key lookup
        (Django's `objects.get()` spent ~0.3 ms of CPU compiling it, three times what the query
        costs here); (None, …) for a session that is unknown or expired."""
        model = self.model
        connection = connections[router.db_for_read(model)]
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
            return None, max(1, cached_for())
        return self.decode(row[0]), self._seconds_kept(_aware(row[1]))


def _aware(value):
    """A datetime column as read by a raw cursor: aware from PostgreSQL, ISO text from SQLite."""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value
