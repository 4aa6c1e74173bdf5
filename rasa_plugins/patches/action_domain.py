"""The domain's digest instead of the domain, in each call to the action server.

Replaces `rasa.core.actions.action.RemoteAction._action_call_format` (Rasa 3.6.21):

    tracker_state = tracker.current_state(EventVerbosity.ALL)
    result = {
        "next_action": self._name,
        "sender_id": tracker.sender_id,
        "tracker": tracker_state,
        "version": rasa.__version__,
    }
    if (
        not self._is_selective_domain_enabled()
        or domain.does_custom_action_explicitly_need_domain(self.name())
    ):
        result["domain"] = domain.as_dict()
    return result

and wraps `RemoteAction.run` to send a call again, once, with the whole domain when the action
server answers that it does not hold the domain named. Written for Rasa 3.6.21 with rasa_sdk 3.6.2.
No upstream issue found: Rasa's own remedy is "selective domain" (`enable_selective_domain` in
endpoints.yml and `send_domain: true` on the actions that need it), which gives every other action
no domain at all; our actions all read it (the forms' required slots, the responses' buttons and
words), and with `RASA_PATCHES=off` the action server could not tell which domain a call means.

Why: the whole domain (87 KB of JSON) goes with every call, encoded here (0.17 ms with ujson,
`action_sessions`) and decoded by the action server (0.22 ms), a third of the call's bytes
(bench/results/load-notes.md, "Round 7 (perf15)"). Here, where Rasa would send the domain, the
call carries `domain_digest` instead (the SHA-256 of `domain.as_dict()`, worked out once per
domain and again only when Rasa has replaced one of its parts, as `Domain.fingerprint()` does);
the action server, run from the same checkout, holds that domain (`rasa_sdk_plugins/domain.py`)
and puts it into the call before rasa_sdk reads it. Kept as Rasa does it:

- a call Rasa would send without a domain (selective domain on, action not marked) goes without;
- a compressed call (`COMPRESS_ACTION_SERVER_REQUEST`) carries the domain whole;
- an action server that answers 409 with `"domain_needed"` (its domain.yml differs from the
  model's, or it is an older one) ran nothing: the call goes again at once with the whole domain,
  and every call to that action server carries it whole for `WHOLE_SECONDS`, then the digest is
  tried again (one warning each time). A call never runs with another domain than the model's.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Mapping
from typing import Any

NAME = "action_domain"
DIGEST_FIELD = "domain_digest"
# After an action server says it holds another domain, every call to it carries the whole domain
# for this long before the digest is tried again (a rolling deployment, or a mistake, ends).
WHOLE_SECONDS = 300.0

logger = logging.getLogger(__name__)

# id(domain) -> (domain, its dict's parts when the digest was worked out, the digest). The parts
# are kept (and compared by identity) so a part Rasa replaces is noticed.
_digests: dict[int, tuple[Any, tuple[Any, ...], str]] = {}
# action server URL -> time.monotonic() until which its calls carry the whole domain
_whole_until: dict[str, float] = {}


def digest_of(domain: Mapping[str, Any]) -> str:
    """The SHA-256 of a domain as Rasa sends it (`Domain.as_dict()`), keys sorted: the same
    function as `rasa_sdk_plugins.domain.digest_of` (a test keeps the two the same)."""
    text = json.dumps(domain, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def domain_digest(domain: Any) -> str:
    """The digest of what Rasa would send as `domain` now, worked out again only when the domain
    or one of its dict's parts is another object (`Domain.fingerprint()`, which `hash(domain)`
    calls, replaces the intents and the actions of the dict `as_dict()` returns)."""
    data = domain.as_dict()
    parts = (data, *data.keys(), *data.values())
    kept = _digests.get(id(domain))
    if (
        kept is not None
        and kept[0] is domain
        and len(kept[1]) == len(parts)
        and all(a is b for a, b in zip(kept[1], parts, strict=True))
    ):
        return kept[2]
    if len(_digests) > 8:  # models replaced (PUT /model): keep only the latest few
        _digests.clear()
    digest = digest_of(data)
    _digests[id(domain)] = (domain, parts, digest)
    return digest


def _sends_digest(action: Any) -> bool:
    from rasa.core.constants import (
        COMPRESS_ACTION_SERVER_REQUEST_ENV_NAME,
        DEFAULT_COMPRESS_ACTION_SERVER_REQUEST,
    )
    from rasa.utils.common import get_bool_env_variable

    endpoint = action.action_endpoint
    if endpoint is None:
        return False
    if get_bool_env_variable(
        COMPRESS_ACTION_SERVER_REQUEST_ENV_NAME, DEFAULT_COMPRESS_ACTION_SERVER_REQUEST
    ):
        return False
    return time.monotonic() >= _whole_until.get(endpoint.url, 0.0)


def _action_call_format(self: Any, tracker: Any, domain: Any) -> dict[str, Any]:
    """Rasa's call, with the domain's digest where Rasa would put the domain."""
    import rasa
    from rasa.shared.core.trackers import EventVerbosity

    result = {
        "next_action": self._name,
        "sender_id": tracker.sender_id,
        "tracker": tracker.current_state(EventVerbosity.ALL),
        "version": rasa.__version__,
    }
    if not self._is_selective_domain_enabled() or domain.does_custom_action_explicitly_need_domain(
        self.name()
    ):
        if _sends_digest(self):
            result[DIGEST_FIELD] = domain_digest(domain)
        else:
            result["domain"] = domain.as_dict()
    return result


def domain_needed(error: BaseException | None) -> bool:
    """Whether the action server answered that it does not hold the domain named (and ran
    nothing): 409 with `"domain_needed": true` (rasa_sdk_plugins/domain.py)."""
    from rasa.utils.endpoints import ClientResponseError

    if not isinstance(error, ClientResponseError) or error.status != 409:
        return False
    try:
        body = json.loads(error.text)
    except (TypeError, ValueError):
        return False
    return isinstance(body, dict) and body.get("domain_needed") is True


def sending_the_domain_when_needed(run: Any) -> Any:
    """`RemoteAction.run`, sent again with the whole domain when the action server asks for it."""
    from rasa.shared.exceptions import RasaException

    async def run_sending_the_domain_when_needed(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return await run(self, *args, **kwargs)
        except RasaException as error:
            if self.action_endpoint is None or not domain_needed(error.__cause__):
                raise
        _whole_until[self.action_endpoint.url] = time.monotonic() + WHOLE_SECONDS
        logger.warning(
            "The action server at %s holds another domain than this model's (not the same"
            " checkout?): its calls carry the whole domain for the next %.0f s",
            self.action_endpoint.url,
            WHOLE_SECONDS,
        )
        return await run(self, *args, **kwargs)

    # Not `rasa_original`: `action_failures` wraps `run` after this, and looks for that name.
    run_sending_the_domain_when_needed.before_action_domain = run  # type: ignore[attr-defined]
    return run_sending_the_domain_when_needed


def is_installed() -> bool:
    from rasa.core.actions.action import RemoteAction

    return getattr(RemoteAction._action_call_format, "rasa_original", None) is not None


def install() -> None:
    from rasa.core.actions.action import RemoteAction

    if is_installed():
        return

    def patched_call_format(self: Any, tracker: Any, domain: Any) -> dict[str, Any]:
        return _action_call_format(self, tracker, domain)

    patched_call_format.rasa_original = RemoteAction._action_call_format  # type: ignore[attr-defined]
    RemoteAction._action_call_format = patched_call_format  # type: ignore[method-assign]
    RemoteAction.run = sending_the_domain_when_needed(RemoteAction.run)  # type: ignore[method-assign]


def uninstall() -> None:
    from rasa.core.actions.action import RemoteAction

    if is_installed():
        RemoteAction._action_call_format = RemoteAction._action_call_format.rasa_original  # type: ignore[method-assign,attr-defined]
        RemoteAction.run = RemoteAction.run.before_action_domain  # type: ignore[method-assign,attr-defined]
    _whole_until.clear()
    _digests.clear()
