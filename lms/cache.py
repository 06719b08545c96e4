"""The cache backend used with Redis: django-redis, degrading when Redis is unreachable.

django-redis with ``IGNORE_EXCEPTIONS`` turns a Redis outage into misses (``get`` returns the default) and no-ops
(``set``, ``delete``), but its ``add`` then returns ``None``, i.e. "someone else holds this key". allauth uses
``cache.add`` as a lock around its rate-limit counters (``allauth.core.internal.ratelimit.cache_lock``): every
log-in, sign-up and password reset waited one second for that lock and was refused with 429 for as long as
Redis was down. With Redis gone there is nothing to lock and no counter to protect, so ``add`` grants: rate
limits fail open, as ``lms.ratelimit`` does, and the site keeps working from the database.
(``tests/reliability/test_redis_down.py``)
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache.backends.db import DatabaseCache
from django.core.management import call_command
from django.db import connections, router, transaction
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted


class DegradingRedisCache(RedisCache):
    def add(self, *args, **kwargs):
        try:
            return self.client.add(*args, **kwargs)
        except ConnectionInterrupted as exc:
            if not self._ignore_exceptions:
                raise exc.__cause__ from exc
            if self._log_ignored_exceptions:
                self.logger.warning("Redis unreachable: cache.add granted (nothing to lock against)")
            return True


# --- The embedded mode's shared cache ---------------------------------------------------------------------------

class SharedDatabaseCache(DatabaseCache):
    """Django's database cache, with an ``incr`` that two workers cannot interleave.

    ``make run`` serves with several gunicorn worker processes. With the in-process cache each worker counted
    its own rate limits and log-in failures: 154 of 220 ``/verify/`` requests passed a 60/minute limit and a
    locked account still logged in through another worker (issue 14). This cache lives in the project's database
    (``createcachetable``, run by ``migrate`` through ``lms.apps``), so every worker sees the same counters.
    ``add`` is already atomic (an INSERT); Django's ``incr`` is a read then a write, so two workers could both
    read 7 and both write 8. Here it runs in one transaction that holds the write lock: ``BEGIN IMMEDIATE`` on
    SQLite (``transaction_mode``), ``SELECT … FOR UPDATE`` of the row elsewhere.
    """

    def incr(self, key, delta=1, version=None):
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        with transaction.atomic(using=db):
            if connection.features.has_select_for_update:
                table = connection.ops.quote_name(self._table)
                with connection.cursor() as cursor:
                    cursor.execute(f"SELECT cache_key FROM {table} WHERE cache_key = %s FOR UPDATE",
                                   [self.make_and_validate_key(key, version=version)])
            return super().incr(key, delta, version)


def create_cache_table(**kwargs) -> None:
    """``post_migrate``: the database cache's table exists wherever migrations ran (``make run``, deployments)."""
    if any(cache["BACKEND"].endswith(("SharedDatabaseCache", "DatabaseCache")) for cache in settings.CACHES.values()):
        call_command("createcachetable", database=kwargs.get("using") or "default", verbosity=0)
