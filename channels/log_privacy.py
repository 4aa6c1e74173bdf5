"""Customers' words never in the Rasa server's log: a message starting with '/' is logged by length.

Rasa reads a message starting with '/' as an intent given directly (`/inform{"category":"billing"}`,
what the chat's buttons send). When a customer's message merely starts with '/' (or names an
intent or entity the domain does not have), Rasa 3.6.21's
`YAMLStoryReader.unpack_regex_message` reads it as words, which is right, but first logs the whole
message at WARNING, the default level: `message.parsing.failed` with `user_text`, or a Python
warning "Failed to parse arguments in line '<the message>'". Here the same function runs with those
two silenced, and one line says what happened without the words: how many characters, and that the
message was read as words. The function's result is unchanged.

Installed by every channel of this project when it starts (channels/rest.py, channels/webchat.py),
since the channels are where customers' words come in. Written for Rasa 3.6.x (checked at install;
another version is refused with a message, not patched blindly). COMPLAINTS_LOG_PRIVACY=off leaves
Rasa's logging as it is, to debug a payload on a machine with no customers.
"""

from __future__ import annotations

import logging
import os
import warnings
from typing import Any

import rasa
import rasa.shared.core.training_data.story_reader.yaml_story_reader as story_reader
from rasa.shared.nlu.constants import TEXT

logger = logging.getLogger(__name__)

WRITTEN_FOR = "3.6."
SWITCH = "COMPLAINTS_LOG_PRIVACY"
PARSING_FAILED = "message.parsing.failed"


class _WithoutParsingFailures:
    """Rasa's structlog logger for the story reader, less the event that quotes a message."""

    def __init__(self, wrapped: Any) -> None:
        self._wrapped = wrapped

    def warning(self, event: str | None = None, *args: Any, **kwargs: Any) -> Any:
        if event == PARSING_FAILED:
            return None  # logged by length in unpack_regex_message below
        return self._wrapped.warning(event, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._wrapped, name)


def install_log_privacy(environ: dict[str, str] | None = None) -> None:
    environ = os.environ if environ is None else environ  # type: ignore[assignment]
    if (environ.get(SWITCH) or "").strip().lower() in ("off", "0", "false", "no"):
        logger.warning("%s=off: customers' messages starting with '/' may be logged whole", SWITCH)
        return
    reader = story_reader.YAMLStoryReader
    if getattr(reader.unpack_regex_message, "logs_without_text", False):
        return
    if not rasa.__version__.startswith(WRITTEN_FOR):
        raise RuntimeError(
            f"channels/log_privacy.py was written for Rasa {WRITTEN_FOR}x, not {rasa.__version__}: "
            f"check YAMLStoryReader.unpack_regex_message's logging, or set {SWITCH}=off"
        )
    original = reader.unpack_regex_message
    # Rasa's Python warnings from this function all start so and quote the whole message.
    warnings.filterwarnings("ignore", message=r"Failed to parse arguments in line")
    story_reader.structlogger = _WithoutParsingFailures(story_reader.structlogger)

    def unpack_regex_message(message: Any, *args: Any, **kwargs: Any) -> Any:
        unpacked = original(message, *args, **kwargs)
        text = (message.get(TEXT) or "").strip()
        if unpacked is message and text.startswith("/"):
            logger.info(
                "a message of %d characters starting with '/' is not an intent of this assistant; "
                "read as words",
                len(text),
            )
        return unpacked

    unpack_regex_message.logs_without_text = True  # type: ignore[attr-defined]
    reader.unpack_regex_message = staticmethod(unpack_regex_message)  # type: ignore[method-assign]
