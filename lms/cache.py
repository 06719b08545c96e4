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
