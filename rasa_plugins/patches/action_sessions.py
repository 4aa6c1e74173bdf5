"""One kept HTTP session per action endpoint.

Replaces, for the action server's endpoint only, `rasa.utils.endpoints.EndpointConfig.session`
(Rasa 3.6.21), which `EndpointConfig.request` opens and closes around every single call:

    def session(self) -> aiohttp.ClientSession:
        ...
        return aiohttp.ClientSession(
            headers=self.headers,
            auth=auth,
            timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
        )

    async def request(self, method="post", subpath=None, ...):
        ...
        async with self.session() as session:
            async with session.request(method, url, ...) as response:
                ...

It does so by wrapping `RemoteAction.__init__`, so each action gets a `KeptSessionEndpoint` copy
of the endpoint Rasa passes it. Written for Rasa 3.6.21 with aiohttp 3.9.5. No upstream issue
found (aiohttp's own documentation advises against a session per request).

Why: a new session and TCP connection for every call, and the whole tracker serialised with the
standard library's JSON encoder: about 7% of the Rasa server's CPU. Here each action endpoint has
one session per event loop, kept open, whose idle connections are reused for a shorter time than
the action server keeps them, and which encodes with ujson (Rasa's own dependency). The same URL,
headers, auth, per-request timeout (`DEFAULT_REQUEST_TIMEOUT`, read at each call) and errors.
"""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import ujson
from rasa.utils import endpoints as rasa_endpoints
from rasa.utils.endpoints import EndpointConfig

NAME = "action_sessions"

# Idle connections to the action server are dropped after this long: well inside the 5 seconds for
# which the action server (Sanic) keeps an idle connection open, so a call never goes out on a
# connection the server is closing.
KEEPALIVE_SECONDS = 2.0


class _LeaveOpen:
    """`async with` on a kept session that leaves it open for the next call."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self.session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self.session

    async def __aexit__(self, *exc_info: object) -> None:
        return None


class KeptSessionEndpoint(EndpointConfig):
    """An action endpoint whose HTTP session (and its connections) outlives each call.

    Rasa's `EndpointConfig.request` opens `self.session()` for every request and closes it after;
    here `session()` hands out one session per event loop and the close leaves it open. Requests,
    headers, auth, per-request timeouts and errors are Rasa's own."""

    _kept: tuple[asyncio.AbstractEventLoop, aiohttp.ClientSession] | None = None

    @classmethod
    def from_endpoint(cls, endpoint: EndpointConfig) -> KeptSessionEndpoint:
        return cls(
            endpoint.url,
            endpoint.params,
            endpoint.headers,
            endpoint.basic_auth,
            endpoint.token,
            endpoint.token_name,
            endpoint.cafile,
            type=endpoint.type,
            **endpoint.kwargs,
        )

    def session(self) -> Any:
        loop = asyncio.get_running_loop()
        if self._kept is None or self._kept[0] is not loop or self._kept[1].closed:
            basic = self.basic_auth
            session = aiohttp.ClientSession(
                headers=self.headers,
                auth=aiohttp.BasicAuth(basic["username"], basic["password"]) if basic else None,
                timeout=aiohttp.ClientTimeout(total=rasa_endpoints.DEFAULT_REQUEST_TIMEOUT),
                connector=aiohttp.TCPConnector(limit=0, keepalive_timeout=KEEPALIVE_SECONDS),
                json_serialize=ujson.dumps,
            )
            self._kept = (loop, session)
        return _LeaveOpen(self._kept[1])


def is_installed() -> bool:
    from rasa.core.actions.action import RemoteAction

    return getattr(RemoteAction.__init__, "rasa_original", None) is not None


def install() -> None:
    """Make every RemoteAction call its endpoint through one kept session per endpoint."""
    from rasa.core.actions.action import RemoteAction

    if is_installed():
        return
    original_init = RemoteAction.__init__
    # Rasa passes the same EndpointConfig object to every action it creates: one kept copy each.
    kept: dict[int, tuple[EndpointConfig, KeptSessionEndpoint]] = {}

    def __init__(self: RemoteAction, name: str, action_endpoint: EndpointConfig | None) -> None:
        if action_endpoint is not None and not isinstance(action_endpoint, KeptSessionEndpoint):
            entry = kept.get(id(action_endpoint))
            if entry is None or entry[0] is not action_endpoint:
                entry = kept[id(action_endpoint)] = (
                    action_endpoint,
                    KeptSessionEndpoint.from_endpoint(action_endpoint),
                )
            action_endpoint = entry[1]
        original_init(self, name, action_endpoint)

    __init__._kept_sessions = kept  # type: ignore[attr-defined]
    __init__.rasa_original = original_init  # type: ignore[attr-defined]
    RemoteAction.__init__ = __init__  # type: ignore[method-assign]


def uninstall() -> None:
    from rasa.core.actions.action import RemoteAction

    if is_installed():
        RemoteAction.__init__ = RemoteAction.__init__.rasa_original  # type: ignore[method-assign,attr-defined]
