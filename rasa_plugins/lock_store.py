"""The Rasa server's lock store, chosen by the environment (endpoints.yml names this factory).

`LOCK_STORE=in_memory` (the default) suits one Rasa server. Several Rasa servers sharing one tracker
store must also share their conversation locks, or two turns of one conversation could be handled at
once by two servers: `LOCK_STORE=redis` with `REDIS_URL` (e.g. redis://127.0.0.1:6379/0) does that.

Rasa's own Redis lock store connects lazily, so with Redis down a server starts "healthy" and then
fails, or waits out socket timeouts, on every message. This one asks Redis for a PING when the
server starts and refuses to start with a message that says what to fix.

Redis going away *after* start-up made every turn fail inside Rasa's agent: `200 []` on the REST
channel, silence elsewhere, and the message's text in the log. `ReconnectingRedisLockStore` is
Rasa's Redis lock store with one difference in kind: a turn whose lock cannot be taken because Redis
does not answer raises `LockStoreDown` (a `LockError`, as Rasa raises for a lock it cannot get),
which every channel of this project answers with the outage apology and the provider's number
(channels/failures.py), logging only the error's type; a lock that cannot be released because Redis
went away mid-turn is left to expire by itself (Rasa's lock lifetime, 60 s) rather than turning a
turn that was answered into an error. redis-py opens a new connection on the next call, so when
Redis is back the next turn works, without a restart.
"""

from __future__ import annotations

import logging
from urllib.parse import unquote, urlsplit

from rasa.core.lock_store import (
    LOCK_LIFETIME,
    InMemoryLockStore,
    LockError,
    LockStore,
    RedisLockStore,
    TicketLock,
)
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

KINDS = ("in_memory", "redis")
CONNECT_TIMEOUT_SECONDS = 3.0


class LockStoreUnavailable(RuntimeError):
    """The configured lock store cannot be used; the message says what to fix."""


class LockStoreDown(LockError):
    """Redis did not answer, so the conversation's lock could not be taken."""


def _redis_errors() -> tuple[type[BaseException], ...]:
    import redis

    return (redis.exceptions.RedisError, OSError)


class ReconnectingRedisLockStore(RedisLockStore):
    """Rasa's Redis lock store, which says `LockStoreDown` when Redis is away and recovers when
    it is back."""

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        try:
            return super().issue_ticket(conversation_id, lock_lifetime)
        except LockError as error:
            # Rasa wraps whatever failed in a LockError whose message quotes it; keep the cause.
            if isinstance(error.__context__, _redis_errors()):
                raise LockStoreDown("Redis does not answer") from error.__context__
            raise

    async def _acquire_lock(
        self, conversation_id: str, ticket: int, wait_time_in_seconds: float
    ) -> TicketLock:
        try:
            return await super()._acquire_lock(conversation_id, ticket, wait_time_in_seconds)
        except _redis_errors() as error:
            raise LockStoreDown("Redis does not answer") from error

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        try:
            super().cleanup(conversation_id, ticket_number)
        except _redis_errors() as error:
            logger.warning(
                "lock store: Redis did not answer when a conversation's lock was released (%s); "
                "the lock expires by itself",
                type(error).__name__,
            )


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
    store = ReconnectingRedisLockStore(key_prefix=key_prefix, socket_timeout=5, **settings)
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
