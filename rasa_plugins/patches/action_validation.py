"""Action server replies checked with one validator, built once.

Replaces `rasa.core.actions.action.RemoteAction._validate_action_result` (Rasa 3.6.21):

    def _validate_action_result(self, result):
        from jsonschema import validate, ValidationError
        try:
            validate(result, self.action_response_format_spec())
            return True
        except ValidationError as e:
            e.message += ". Failed to validate Action server response from API, ..."
            raise e

Written for Rasa 3.6.21 with jsonschema 4.17.3.

Why: `jsonschema.validate` first checks the *schema itself* against the JSON Schema meta-schema, on
every call: about 45% of the Rasa server's CPU with our forms, since every form turn calls the
action server (bench/results/load-notes.md). Upstream: RasaHQ/rasa#11717 ("Significantly longer
response times from rasa server on versions 3.2.x and 3.3.0", the jsonschema upgrade; closed
without a change to this call).

Here the validator is built once and kept. Even so, Rasa's schema makes each check try all 23
event kinds for every event (about 2.7 ms a reply); `DiscriminatedEvents` checks each event
against the one kind its name picks, and a reply that fails that goes through the full check, for
Rasa's own error with Rasa's own message. The same replies pass and fail as with Rasa's check
(tests/patches/test_turn_cost.py compares them, with hypothesis).
"""

from __future__ import annotations

import copy
from typing import Any

NAME = "action_validation"


class DiscriminatedEvents:
    """A quick yes to a valid action server response, by each event's own part of Rasa's schema.

    Rasa's schema lists every event kind under `oneOf`, each fixed by its `event` name, so checking
    an event means trying all 23 kinds to prove exactly one fits: about 2.7 ms for a five-event
    reply. Here each event is checked against the kind its name picks, which accepts exactly what
    `oneOf` accepts (the other kinds fail on their name). Anything this does not accept goes to the
    full check, which gives Rasa's own error."""

    def __init__(self, schema: dict[str, Any], validator_class: Any) -> None:
        items = schema["properties"]["events"]["items"]
        common = {key: value for key, value in items.items() if key != "oneOf"}
        self.kinds: dict[str, Any] = {}
        for kind in items["oneOf"]:
            name = kind.get("properties", {}).get("event", {}).get("const")
            if not isinstance(name, str) or name in self.kinds:
                raise ValueError("event kinds are not told apart by their names")
            self.kinds[name] = validator_class({"allOf": [common, kind]})
        outer = copy.deepcopy(schema)
        outer["properties"]["events"]["items"] = common
        self.outer = validator_class(outer)

    def accepts(self, result: Any) -> bool:
        if not self.outer.is_valid(result):
            return False
        for event in result.get("events") or ():  # each an object with a string "event"
            kind = self.kinds.get(event["event"])
            if kind is None or not kind.is_valid(event):
                return False
        return True


def is_installed() -> bool:
    from rasa.core.actions.action import RemoteAction

    return getattr(RemoteAction._validate_action_result, "rasa_original", None) is not None


def install() -> None:
    """Make Rasa's RemoteAction validate responses with one validator, built on first use."""
    from rasa.core.actions.action import RemoteAction

    if is_installed():
        return
    from jsonschema import exceptions, validators
    from rasa.shared.constants import DOCS_BASE_URL

    cache: dict[str, Any] = {}

    def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        validator = cache.get("validator")
        if validator is None:
            schema = self.action_response_format_spec()
            cls = validators.validator_for(schema)
            cls.check_schema(schema)  # once, as jsonschema.validate would on every call
            validator = cache["validator"] = cls(schema)
            try:
                cache["quick"] = DiscriminatedEvents(schema, cls)
            except (KeyError, TypeError, ValueError):  # a schema of another shape: full checks
                cache["quick"] = None
        quick = cache["quick"]
        if quick is not None and quick.accepts(result):
            return True
        # jsonschema.validate's own reporting: the most relevant error, raised.
        error = exceptions.best_match(validator.iter_errors(result))
        if error is None:
            return True
        error.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error

    _validate_action_result.rasa_original = RemoteAction._validate_action_result  # type: ignore[attr-defined]
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]


def uninstall() -> None:
    from rasa.core.actions.action import RemoteAction

    if is_installed():
        RemoteAction._validate_action_result = RemoteAction._validate_action_result.rasa_original  # type: ignore[method-assign,attr-defined]
