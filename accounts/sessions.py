"""Sessions in the database, as Django keeps them, read by one plain primary-key lookup.

Every request of a signed-in reader (and every one carrying a stale session cookie) reads its
session. Django's `objects.get()` spends ~0.3 ms of CPU building and compiling that lookup,
three times what the query itself costs here (bench/page_timing.py). Only the read changes:
saving, cycling, expiry and `clearsessions` are Django's own.
"""

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
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
                f"SELECT {data} FROM {table} WHERE {key} = %s AND {expires} > %s",  # noqa: S608
                [self.session_key, now],
            )
            row = cursor.fetchone()
        if row is None:  # unknown or expired: the middleware deletes the reader's cookie
            self._session_key = None
            return None
        return model(session_key=self.session_key, session_data=row[0])
