"""Copies made for debug logs only when debug logs are written.

Replaces the module `copy` as `rasa.core.processor` and `rasa.core.actions.forms` see it (Rasa
3.6.21), whose only use there is arguments of debug logs, made whether or not debug logs are on:

    structlogger.debug(
        "processor.actions.log",
        action_name=action.name(),
        rasa_events=copy.deepcopy(events),
    )

Written for Rasa 3.6.21 with structlog 23.3.0 (tests/patches/test_turn_cost.py reads the installed Rasa's
source to check that `copy.deepcopy` as a debug-log argument is still its only use of `copy` in
those modules). No upstream issue found.

Why: Rasa deep-copies the latest message, each action's events and the slot values because its
log processor masks personal data in place; it copies before the call, so even when debug logs are
filtered out: about 3% of the Rasa server's CPU. Here `deepcopy` copies exactly when structlog's
configured logger writes debug logs (`rasa run --debug`), and otherwise hands the value on: it is
then only an argument of a call that does nothing with it.
"""

from __future__ import annotations

import copy
import importlib
import logging
from typing import Any

import structlog

NAME = "debug_log_copies"

# The Rasa modules whose only use of `copy` is `copy.deepcopy(...)` as an argument of
# `structlogger.debug(...)` (checked by tests/patches/test_turn_cost.py against the installed Rasa).
DEBUG_COPY_MODULES = ("rasa.core.processor", "rasa.core.actions.forms")


class DebugLogCopy:
    """Stands in for the `copy` module in `DEBUG_COPY_MODULES`.

    Rasa 3.6 deep-copies what it passes to `structlogger.debug` (the latest message, the events of
    every action, the slot values), because its log processor masks personal data in place; it
    makes the copies before the call, so it copies even when debug logs are filtered out: about 3%
    of the Rasa server's CPU. Here `deepcopy` copies exactly when structlog's configured logger
    writes debug logs (`rasa run --debug`), and otherwise hands the value on: it is then only an
    argument of a call that does nothing with it."""

    def __init__(self, module: Any) -> None:
        self.module = module
        self._filtered_debug = structlog.make_filtering_bound_logger(logging.CRITICAL).debug

    def debug_logs_written(self) -> bool:
        wrapper = structlog.get_config().get("wrapper_class")
        return getattr(wrapper, "debug", None) is not self._filtered_debug

    def deepcopy(self, value: Any, *args: Any) -> Any:
        if self.debug_logs_written():
            return self.module.deepcopy(value, *args)
        return value

    def __getattr__(self, name: str) -> Any:
        return getattr(self.module, name)


def is_installed() -> bool:
    return all(
        isinstance(importlib.import_module(name).copy, DebugLogCopy) for name in DEBUG_COPY_MODULES
    )


def install() -> None:
    """Give each of `DEBUG_COPY_MODULES` a `DebugLogCopy` for its `copy`."""
    for name in DEBUG_COPY_MODULES:
        module = importlib.import_module(name)
        if not isinstance(module.copy, DebugLogCopy):
            module.copy = DebugLogCopy(copy)


def uninstall() -> None:
    for name in DEBUG_COPY_MODULES:
        importlib.import_module(name).copy = copy
