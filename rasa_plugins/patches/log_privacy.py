"""Customers' words never in the Rasa server's log: a message starting with '/' is logged by length.

Replaces `YAMLStoryReader.unpack_regex_message` (rasa/shared/core/training_data/story_reader/
yaml_story_reader.py, Rasa 3.6.21), which logs the whole message at WARNING, the default level,
when a customer's message merely starts with '/' (or names an intent or entity the domain does
not have):

    user_text = message.get(TEXT).strip()
    ...
    match = YAMLStoryReader._regex_message_pattern().match(user_text)
    if not match:
        structlogger.warning(
            "message.parsing.failed", user_text=copy.deepcopy(user_text)
        )
        return message
    ...
    if match.group("rest"):
        rasa.shared.utils.io.raise_warning(
            f"Failed to parse arguments in line '{match.string}'. "
            ...
        )

Written for Rasa 3.6.21 (structlog 23.3.0); installed on any Rasa 3.6.x, and on another version
it refuses to start (RuntimeError) rather than patch blindly or let the words through.
No upstream issue found.

Why: Rasa reads a message starting with '/' as an intent given directly (`/inform{"category":
"billing"}`, what the chat's buttons send); a customer's `/my email is ...` is read as words, which
is right, but the log then holds the customer's words (docs/security-channels-and-data.md). Here
the same function runs with those two silenced (the `message.parsing.failed` event, and the Python
warning "Failed to parse arguments in line ..."), and one INFO line says what happened without the
words: how many characters, and that the message was read as words. The function's result is
unchanged.

Unlike its siblings this patch changes what the log holds, not how fast Rasa answers, so
`RASA_PATCHES=off` and a TensorFlow or scipy version other than `WRITTEN_FOR` leave it on:
`patches.install()` installs it first, whatever the switch (so a test run or a benchmark "on Rasa
as released" still keeps customers' words out of the log). Its own switch,
`COMPLAINTS_LOG_PRIVACY=off`, leaves Rasa's logging as it is, to debug a payload on a machine with
no customers.
"""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Mapping
from typing import Any

import rasa
import rasa.shared.core.training_data.story_reader.yaml_story_reader as story_reader
from rasa.shared.nlu.constants import TEXT

logger = logging.getLogger(__name__)

NAME = "log_privacy"
WRITTEN_FOR = "3.6."  # any 3.6.x: the function above is the one 3.6.21 has
SWITCH = "COMPLAINTS_LOG_PRIVACY"
PARSING_FAILED = "message.parsing.failed"
# Rasa's Python warnings from this function all start so and quote the whole message.
QUOTING_WARNING = r"Failed to parse arguments in line"


class _WithoutParsingFailures:
    """Rasa's structlog logger for the story reader, less the event that quotes a message."""

    def __init__(self, wrapped: Any) -> None:
        self.wrapped = wrapped

    def warning(self, event: str | None = None, *args: Any, **kwargs: Any) -> Any:
        if event == PARSING_FAILED:
            return None  # logged by length in unpack_regex_message below
        return self.wrapped.warning(event, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.wrapped, name)


def switched_off(environ: Mapping[str, str] | None = None) -> bool:
    environ = os.environ if environ is None else environ
    return (environ.get(SWITCH) or "").strip().lower() in ("off", "0", "false", "no")


def is_installed() -> bool:
    return getattr(story_reader.YAMLStoryReader.unpack_regex_message, "logs_without_text", False)


def install(rasa_version: str | None = None) -> None:
    """Silence the two log lines that quote a message; RuntimeError on a Rasa other than 3.6.x."""
    if is_installed():
        return
    rasa_version = rasa.__version__ if rasa_version is None else rasa_version
    if not rasa_version.startswith(WRITTEN_FOR):
        raise RuntimeError(
            f"rasa_plugins/patches/log_privacy.py was written for Rasa {WRITTEN_FOR}x, not "
            f"{rasa_version}: check YAMLStoryReader.unpack_regex_message's logging, or set "
            f"{SWITCH}=off"
        )
    reader = story_reader.YAMLStoryReader
    original = reader.unpack_regex_message
    _ignore_quoting_warning()
    story_reader.structlogger = _WithoutParsingFailures(story_reader.structlogger)

    def unpack_regex_message(message: Any, *args: Any, **kwargs: Any) -> Any:
        text = (message.get(TEXT) or "").strip()
        if text.startswith("/"):
            _ignore_quoting_warning()
        unpacked = original(message, *args, **kwargs)
        if unpacked is message and text.startswith("/"):
            logger.info(
                "a message of %d characters starting with '/' is not an intent of this assistant; "
                "read as words",
                len(text),
            )
        return unpacked

    unpack_regex_message.logs_without_text = True  # type: ignore[attr-defined]
    unpack_regex_message.rasa_original = original  # type: ignore[attr-defined]
    reader.unpack_regex_message = staticmethod(unpack_regex_message)  # type: ignore[method-assign]


def _quoting_filter(entry: tuple) -> bool:
    return entry[0] == "ignore" and getattr(entry[1], "pattern", None) == QUOTING_WARNING


def _ignore_quoting_warning() -> None:
    """Our filter first among the warnings filters. Installed before Rasa reads its arguments
    (rasa_plugins/launch.py), it would otherwise sit behind the filters Rasa puts first once it has
    (`rasa.utils.common._filter_warnings`: "once" for every UserWarning), which let the warning
    through; so it is put back in front whenever a message starting with '/' is read."""
    if not (warnings.filters and _quoting_filter(warnings.filters[0])):
        warnings.filterwarnings("ignore", message=QUOTING_WARNING)


def uninstall() -> None:
    reader = story_reader.YAMLStoryReader
    if not is_installed():
        return
    reader.unpack_regex_message = staticmethod(reader.unpack_regex_message.rasa_original)  # type: ignore[method-assign]
    if isinstance(story_reader.structlogger, _WithoutParsingFailures):
        story_reader.structlogger = story_reader.structlogger.wrapped
    warnings.filters[:] = [f for f in warnings.filters if not _quoting_filter(f)]
    warnings._filters_mutated()  # type: ignore[attr-defined]


def warn_unless_installed(channel: str) -> None:
    """For a channel starting: one warning if Rasa was started without this patch (plain `rasa
    run` rather than rasa_plugins/launch.py); channels never install it themselves."""
    if not is_installed():
        logger.warning(
            "channel %s: Rasa was started without rasa_plugins/patches/log_privacy.py, so a "
            "customer's message starting with '/' may be logged whole; start Rasa with "
            "`python -m rasa_plugins.launch` (make run)",
            channel,
        )
