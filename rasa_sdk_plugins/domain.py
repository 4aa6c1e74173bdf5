"""The action server holds the domain itself: a call that names it by its digest does not carry it.

rasa_sdk 3.6.2 gives each action the domain the call carries (`rasa_sdk/executor.py`,
`ActionExecutor.run`):

    domain = action_call.get("domain", {})

and Rasa 3.6.21 sends the whole domain with every call (`RemoteAction._action_call_format`,
`result["domain"] = domain.as_dict()`): about 87 KB of JSON a call, encoded by the Rasa server and
decoded here, although both servers run from the same checkout (docs/production.md). With the
Rasa patch `action_domain` (rasa_plugins/patches/action_domain.py) the call carries instead
`domain_digest`, the SHA-256 of the domain it means (`digest_of`, the same function on both
sides). Here, before rasa_sdk reads the call (a request middleware, through rasa_sdk's own plugin
hook, like the shared secret in `__init__.py`):

- a call with a `domain` is left as it is (Rasa as released, `RASA_PATCHES=off`, or a retry);
- a call with neither is left as it is (rasa_sdk gives the action `{}`, as released);
- a call with a digest this server holds gets that domain, the one loaded at start-up;
- a call with any other digest is refused with 409 and `{"domain_needed": true}` before any action
  runs; the Rasa patch then sends the same call again with the whole domain (and keeps sending it
  whole to that action server for a while). A call never runs with another domain than the one
  the Rasa server's model holds.

What is held: `domain.yml` of this checkout, loaded once with Rasa's own loader, in exactly the
shape the Rasa server sends (`Domain.load(...).as_dict()`), and the same after Rasa's
`Domain.fingerprint()` (which `hash(domain)` calls) has rewritten that dict's intents and actions
in place, since a Rasa server that has hashed its model's domain sends that shape. If the model
was trained from another domain, or Rasa cannot be imported here, nothing matches and every call
goes the whole way, as released.

The domain held is one object shared by every call, so it is read-only (`FrozenDict`,
`FrozenList`: a `dict` and a `list` whose changing methods raise TypeError; `copy.deepcopy` and
`list(...)` give ordinary ones): an action that changed it would otherwise change it for every
later call. Written for rasa_sdk 3.6.x and Sanic 21.12 (`request.json` parsed once and kept, so
the handler reads the dict filled here).
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

DIGEST_FIELD = "domain_digest"
DOMAIN_PATH = Path(__file__).resolve().parents[1] / "domain.yml"
WEBHOOK = "/webhook"
REFUSED_STATUS = 409


def digest_of(domain: Mapping[str, Any]) -> str:
    """The SHA-256 of a domain as Rasa sends it (`Domain.as_dict()`), keys sorted. The Rasa patch
    `action_domain` has its own copy of this function; a test keeps the two the same."""
    text = json.dumps(domain, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _refuse(self: object, *args: object, **kwargs: object) -> None:
    raise TypeError(
        "the action server's domain is shared by every call and cannot be changed: copy it first"
    )


class FrozenDict(dict):
    """A dict that cannot be changed; `copy.deepcopy` and `dict(...)` give an ordinary one."""

    __slots__ = ()
    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, Any]:
        return {key: copy.deepcopy(value, memo) for key, value in self.items()}

    def __copy__(self) -> dict[str, Any]:
        return dict(self)

    def __reduce__(self) -> tuple[Callable[..., dict[str, Any]], tuple[dict[str, Any]]]:
        return dict, (dict(self),)


class FrozenList(list):
    """A list that cannot be changed; `copy.deepcopy` and `list(...)` give an ordinary one."""

    __slots__ = ()
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse
    append = clear = extend = insert = pop = remove = reverse = sort = _refuse

    def __deepcopy__(self, memo: dict[int, Any]) -> list[Any]:
        return [copy.deepcopy(value, memo) for value in self]

    def __copy__(self) -> list[Any]:
        return list(self)

    def __reduce__(self) -> tuple[Callable[..., list[Any]], tuple[list[Any]]]:
        return list, (list(self),)


def frozen(value: Any) -> Any:
    """A read-only copy of a JSON-like value (dicts and lists all the way down)."""
    if isinstance(value, dict):
        return FrozenDict((key, frozen(item)) for key, item in value.items())
    if isinstance(value, list):
        return FrozenList(frozen(item) for item in value)
    return value


def load_domains(path: Path = DOMAIN_PATH) -> dict[str, FrozenDict]:
    """The domains this action server can supply, by digest: `path` loaded with Rasa's own loader,
    as Rasa sends it, before and after Rasa's `Domain.fingerprint()` rewrites it."""
    from rasa.shared.core.domain import Domain

    domain = Domain.load(str(path))
    as_loaded = copy.deepcopy(domain.as_dict())
    held = {digest_of(as_loaded): frozen(as_loaded)}
    domain.fingerprint()  # rewrites `domain.as_dict()`'s intents and actions in place
    hashed = domain.as_dict()
    held.setdefault(digest_of(hashed), frozen(hashed))
    return held


def fill_domain(call: Any, held: Mapping[str, FrozenDict]) -> bool:
    """Put the domain a call names by its digest into the call; False if this server does not hold
    that domain (the call must not run). A call that carries a domain, or no digest, is left."""
    if not isinstance(call, dict) or "domain" in call or DIGEST_FIELD not in call:
        return True
    domain = held.get(call[DIGEST_FIELD])
    if domain is None:
        return False
    call["domain"] = domain
    return True


def attach(app: Any, held: Mapping[str, FrozenDict] | None = None) -> None:
    """Fill each action call's domain from `held` (the domains of this checkout unless given)."""
    from sanic import response

    if held is None:
        try:
            held = load_domains()
        except Exception:  # noqa: BLE001 - the server still runs: every call goes whole
            logger.exception(
                "could not load %s: every action call must carry its domain", DOMAIN_PATH
            )
            held = {}
    logger.info(
        "the action server holds the domain of %s (digests %s)", DOMAIN_PATH, ", ".join(held)
    )

    @app.middleware("request")
    async def the_domain_from_this_checkout(request: Any):  # noqa: ANN202 - Sanic's middleware
        if request.method != "POST" or request.path != WEBHOOK:
            return None
        if request.headers.get("Content-Encoding") == "deflate":
            return None  # rasa_sdk reads a compressed body itself; the patch sends those whole
        try:
            call = request.json
        except Exception:  # noqa: BLE001 - rasa_sdk answers a body that is not JSON itself
            return None
        if fill_domain(call, held):
            return None
        logger.warning(
            "refused an action call for another domain than this checkout's (%s): the Rasa"
            " server sends it again with its domain",
            call.get(DIGEST_FIELD),
        )
        return response.json(
            {
                "error": "the action server holds another domain than the one named",
                "domain_needed": True,
                "action_name": call.get("next_action"),
            },
            status=REFUSED_STATUS,
        )
