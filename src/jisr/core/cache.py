"""Django's database cache, with an increment that is atomic across processes.

The rate limits count attempts with ``add`` then ``incr``. Django's database cache
increments by reading then writing, so two web processes counting at the same instant
could both write the same number; here the read takes a row lock (``FOR UPDATE`` on
PostgreSQL; on SQLite the transaction starts ``IMMEDIATE`` and so writes one at a
time). The table is created by ``jisr migrate`` (see ``core`` migration 0003).
"""

from __future__ import annotations

import base64
import datetime as dt
import pickle
import random
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.utils import timezone

TABLE = "jisr_cache"


# One add in this many also deletes the expired rows (counters of past windows).
CULL_EVERY = 100


class SharedDatabaseCache(DatabaseCache):
    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        """One statement instead of Django's count, select and insert: an upsert that
        writes only when the key is absent or expired (PostgreSQL and SQLite alike)."""
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table = quote(self._table)
        now = timezone.now().replace(microsecond=0)
        seconds = self.get_backend_timeout(timeout)
        expires = (
            dt.datetime.max.replace(tzinfo=dt.UTC)
            if seconds is None
            else dt.datetime.fromtimestamp(seconds, tz=dt.UTC).replace(microsecond=0)
        )
        encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
        column_key, column_value, column_expires = (
            quote("cache_key"),
            quote("value"),
            quote("expires"),
        )
        with connection.cursor() as cursor:
            if random.randrange(CULL_EVERY) == 0:
                cursor.execute(
                    f"DELETE FROM {table} WHERE {column_expires} < %s",
                    [connection.ops.adapt_datetimefield_value(now)],
                )
            cursor.execute(
                f"INSERT INTO {table} ({column_key}, {column_value}, {column_expires}) "
                f"VALUES (%s, %s, %s) ON CONFLICT ({column_key}) DO UPDATE SET "
                f"{column_value} = excluded.{column_value}, "
                f"{column_expires} = excluded.{column_expires} "
                f"WHERE {table}.{column_expires} < %s",
                [
                    key,
                    encoded,
                    connection.ops.adapt_datetimefield_value(expires),
                    connection.ops.adapt_datetimefield_value(now),
                ],
            )
            return bool(cursor.rowcount)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table = quote(self._table)
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote('value')} FROM {table} WHERE {quote('cache_key')} = %s{lock}",
                [key],
            )
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found")
            stored = connection.ops.process_clob(row[0])
            value = pickle.loads(base64.b64decode(stored.encode())) + delta
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET {quote('value')} = %s WHERE {quote('cache_key')} = %s",
                [encoded, key],
            )
        return value
