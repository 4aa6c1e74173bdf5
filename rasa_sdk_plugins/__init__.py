"""The action server is not a public door: loopback by default, and a shared secret on every call.

A departure from rasa_sdk 3.6.2, through its own extension point: `rasa_sdk.plugin` imports a
package named `rasa_sdk_plugins` if one is importable (this one, from the repository root, where
`python -m rasa_sdk` runs) and calls its `attach_sanic_app_extensions(app)` hook just before
`rasa_sdk.endpoint.run` starts Sanic. Nothing of rasa_sdk is patched.

What rasa_sdk does by itself, and what this changes:

- It listens on `SANIC_HOST`, default `0.0.0.0` (every interface). Here the address is
  `ACTION_SERVER_HOST`, default `127.0.0.1`: the Rasa server beside it is the only caller. Set
  `ACTION_SERVER_HOST=0.0.0.0` (or an interface's address) only where the Rasa server runs on
  another machine, on a private network.
- It runs any action for anyone who can reach it, trusting the tracker it is sent (a forged
  `POST /webhook` could name any action with any slots). Here every request except `GET /health`
  must carry `Authorization: Bearer <ACTION_SERVER_TOKEN>`, which endpoints.yml makes the Rasa
  server send; anything else gets 401 before any action runs. The server refuses to start without
  a token of at least 32 characters (scripts/serve.sh makes one when none is set).

- It decodes the whole domain from every call (about 87 KB of JSON). Here the domain of this
  checkout is held, loaded once at start-up, and a call that names it by its digest gets it
  without carrying it (`domain.py`, with the Rasa patch `action_domain`; a call naming another
  domain is refused before any action runs, and the Rasa server sends it again whole).

Checked for rasa_sdk 3.6.x (the hook and `run` reading `SANIC_HOST` after it); the off switch for
a local experiment is `ACTION_SERVER_AUTH=off`, which still binds to loopback and logs a warning.
"""

from __future__ import annotations

import hmac
import logging
import os
import sys

import pluggy
import rasa_sdk
from sanic import Sanic, response
from sanic.request import Request

logger = logging.getLogger(__name__)

hookimpl = pluggy.HookimplMarker("rasa_sdk")

DEFAULT_HOST = "127.0.0.1"
MIN_TOKEN_CHARS = 32
OPEN_PATHS = frozenset({"/health"})
WRITTEN_FOR = "3.6."


class ActionServerSettingsError(RuntimeError):
    pass


def init_hooks(manager: pluggy.PluginManager) -> None:
    """Called by rasa_sdk.plugin when it finds this package."""
    manager.register(sys.modules[__name__])


def action_server_token(environ: dict[str, str] | None = None) -> str | None:
    """The shared secret from ACTION_SERVER_TOKEN (None when ACTION_SERVER_AUTH=off)."""
    env = os.environ if environ is None else environ
    if env.get("ACTION_SERVER_AUTH", "").lower() == "off":
        return None
    token = env.get("ACTION_SERVER_TOKEN", "")
    if len(token) < MIN_TOKEN_CHARS or any(c.isspace() for c in token):
        raise ActionServerSettingsError(
            f"ACTION_SERVER_TOKEN must be set to a secret of at least {MIN_TOKEN_CHARS} characters"
            " without spaces, the same for the Rasa server (scripts/serve.sh makes one)"
        )
    return token


def authorised(request: Request, token: str) -> bool:
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode(), token.encode())


@hookimpl
def attach_sanic_app_extensions(app: Sanic) -> None:
    if not rasa_sdk.__version__.startswith(WRITTEN_FOR):
        logger.warning(
            "rasa_sdk_plugins was written for rasa_sdk %sx, this is %s: check the action server's"
            " address and secret still apply",
            WRITTEN_FOR,
            rasa_sdk.__version__,
        )
    # rasa_sdk.endpoint.run reads SANIC_HOST after this hook; ours is the only setting that counts.
    os.environ["SANIC_HOST"] = os.environ.get("ACTION_SERVER_HOST") or DEFAULT_HOST
    token = action_server_token()
    if token is None:
        logger.warning("ACTION_SERVER_AUTH=off: the action server takes calls without a secret")
    else:
        _require_the_shared_secret(app, token)
    # After the secret's check (Sanic runs request middleware in the order they are added): a call
    # without the secret is refused before its body is read.
    from rasa_sdk_plugins import domain

    domain.attach(app)


def _require_the_shared_secret(app: Sanic, token: str) -> None:
    @app.middleware("request")
    async def require_the_shared_secret(request: Request):  # noqa: ANN202 - Sanic's middleware
        if request.path in OPEN_PATHS and request.method in ("GET", "HEAD"):
            return None
        if authorised(request, token):
            return None
        logger.warning("refused a call to the action server without its secret: %s", request.path)
        return response.json({"error": "unauthorised"}, status=401)
