"""The Rasa server's lock store, chosen by the environment (endpoints.yml names this factory).

`LOCK_STORE=in_memory` (the default) suits one Rasa server. Several Rasa servers sharing one tracker
store must also share their conversation locks, or two turns of one conversation could be handled at
once by two servers: `LOCK_STORE=redis` with `REDIS_URL` (e.g. redis://127.0.0.1:6379/0) does that.

Rasa's own Redis lock store connects lazily, so with Redis down a server starts "healthy" and then
fails, or waits out socket timeouts, on every message. This one asks Redis for a PING when the
server starts and refuses to start with a message that says what to fix.
"""

from __future__ import annotations

import logging
from urllib.parse import unquote, urlsplit

from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

KINDS = ("in_memory", "redis")
CONNECT_TIMEOUT_SECONDS = 3.0


class LockStoreUnavailable(RuntimeError):
    """The configured lock store cannot be used; the message says what to fix."""


def redis_settings(url: str) -> dict:
    """RedisLockStore's keyword arguments from redis://[user:password@]host[:port][/db]."""
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss") or not parts.hostname:
        raise LockStoreUnavailable(
            f"REDIS_URL must look like redis://host:6379/0 (or rediss:// for TLS); got {url!r}"
        )
    database = parts.path.lstrip("/") or "0"
    if not database.isdigit():
        raise LockStoreUnavailable(f"REDIS_URL's database must be a number; got {database!r}")
    return {
        "host": parts.hostname,
        "port": parts.port or 6379,
        "db": int(database),
        "username": unquote(parts.username) if parts.username else None,
        "password": unquote(parts.password) if parts.password else None,
        "use_ssl": parts.scheme == "rediss",
    }


def _checked_redis(url: str, key_prefix: str | None) -> RedisLockStore:
    import redis

    settings = redis_settings(url)
    store = RedisLockStore(key_prefix=key_prefix, socket_timeout=5, **settings)
    # Fail at start-up, quickly, rather than on every customer's message.
    probe = redis.StrictRedis(
        host=settings["host"],
        port=settings["port"],
        db=settings["db"],
        username=settings["username"],
        password=settings["password"],
        ssl=settings["use_ssl"],
        socket_connect_timeout=CONNECT_TIMEOUT_SECONDS,
        socket_timeout=CONNECT_TIMEOUT_SECONDS,
    )
    where = f"{settings['host']}:{settings['port']}/{settings['db']}"
    try:
        probe.ping()
    except redis.exceptions.RedisError as error:
        raise LockStoreUnavailable(
            f"LOCK_STORE=redis but Redis at {where} does not answer ({error}). Start Redis, fix "
            "REDIS_URL, or set LOCK_STORE=in_memory to run a single Rasa server."
        ) from error
    finally:
        probe.close()
    logger.info("lock store: Redis at %s", where)
    return store


class ConfiguredLockStore:
    """The lock store endpoints.yml asks for: `store:` in_memory or redis, `url:` Redis's URL.

    Rasa loads a custom lock store by class and calls it with the endpoint's configuration; this
    class answers that call with Rasa's own in-memory or (checked) Redis lock store.
    """

    def __new__(cls, endpoint_config: EndpointConfig) -> LockStore:  # type: ignore[misc]
        kind = str(endpoint_config.kwargs.get("store") or "in_memory").strip().lower()
        if kind == "in_memory":
            logger.info("lock store: in memory (one Rasa server)")
            return InMemoryLockStore()
        if kind == "redis":
            url = str(endpoint_config.url or "")
            return _checked_redis(url, endpoint_config.kwargs.get("key_prefix"))
        raise LockStoreUnavailable(f"LOCK_STORE must be one of {', '.join(KINDS)}; got {kind!r}")
