"""The Rasa patches (rasa_plugins/patches/) are installed from one place, all or none: only on the
versions they were written for, never with RASA_PATCHES=off, with one log line saying which; and
removed again, leaving Rasa's own code. (What each patch does is tested against Rasa's own code in
tests/test_turn_cost.py; the conversations end to end with them on and off in
tests/test_conversations.py.)"""

from __future__ import annotations

import ast
import logging
from pathlib import Path

import pytest
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event

from rasa_plugins import patches

pytestmark = pytest.mark.usefixtures("rasa_as_released")

ROOT = Path(__file__).resolve().parents[1]
RELEASED = dict(patches.WRITTEN_FOR)


def test_on_the_versions_they_were_written_for_every_patch_is_installed_with_one_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger=patches.__name__)
    assert patches.install(environ={}, versions=RELEASED) == list(patches.NAMES)
    assert patches.installed() == list(patches.NAMES)
    lines = [r.getMessage() for r in caplog.records if r.name == patches.__name__]
    assert len(lines) == 1
    assert all(name in lines[0] for name in patches.NAMES)


@pytest.mark.parametrize("package", sorted(patches.WRITTEN_FOR))
def test_another_version_of_rasa_tensorflow_or_scipy_installs_none_and_says_why(
    package: str, caplog: pytest.LogCaptureFixture
) -> None:
    versions = {**RELEASED, package: "9.9.9"}
    assert patches.install(environ={}, versions=versions) == []
    assert patches.installed() == []
    (line,) = [r.getMessage() for r in caplog.records if r.name == patches.__name__]
    assert f"{package} 9.9.9 (written for {patches.WRITTEN_FOR[package]})" in line
    assert "off" in line


@pytest.mark.parametrize("switch", ["off", "OFF", "0", "false", "no"])
def test_the_switch_turns_them_all_off(switch: str, caplog: pytest.LogCaptureFixture) -> None:
    assert patches.install(environ={"RASA_PATCHES": switch}, versions=RELEASED) == []
    assert patches.installed() == []
    (line,) = [r.getMessage() for r in caplog.records if r.name == patches.__name__]
    assert f"RASA_PATCHES={switch}" in line


def test_a_switch_that_is_neither_on_nor_off_installs_none() -> None:
    assert patches.install(environ={"RASA_PATCHES": "maybe"}, versions=RELEASED) == []
    assert patches.why_off({"RASA_PATCHES": "maybe"}, RELEASED) is not None
    assert patches.why_off({"RASA_PATCHES": "on"}, RELEASED) is None
    assert patches.why_off({}, RELEASED) is None


def test_the_machine_has_the_versions_they_were_written_for() -> None:
    """requirements.lock pins what WRITTEN_FOR names: a lock change that moves one fails here,
    rather than turning the patches off unnoticed in production."""
    assert patches.installed_versions() == patches.WRITTEN_FOR


def test_installing_twice_then_removing_leaves_rasas_own_code() -> None:
    import rasa.core.actions.action as rasa_actions
    import rasa.core.processor
    from rasa.engine.runner.dask import DaskGraphRunner

    validate, resolve = RemoteAction._validate_action_result, Event.resolve_by_type
    init, run, timeout = (
        RemoteAction.__init__,
        RemoteAction.run,
        rasa_actions.DEFAULT_REQUEST_TIMEOUT,
    )
    patches.install(environ={}, versions=RELEASED)
    patches.install(environ={}, versions=RELEASED)
    assert RemoteAction.run.rasa_original is run  # wrapped once
    patches.uninstall()
    assert patches.installed() == []
    assert RemoteAction._validate_action_result is validate
    assert Event.resolve_by_type is resolve
    assert RemoteAction.__init__ is init
    assert RemoteAction.run is run
    assert timeout == rasa_actions.DEFAULT_REQUEST_TIMEOUT
    assert rasa.core.processor.DaskGraphRunner is DaskGraphRunner


def _calls_install(path: Path) -> bool:
    return any(
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "install"
        for node in ast.walk(ast.parse(path.read_text()))
    )


def test_only_the_launcher_installs_them() -> None:
    """No module Rasa loads from endpoints.yml or config.yml installs a patch as a side effect."""
    installers = [
        path.relative_to(ROOT).as_posix()
        for folder in ("rasa_plugins", "actions", "channels", "bot")
        for path in (ROOT / folder).rglob("*.py")
        if "patches" not in path.parts and _calls_install(path)
    ]
    assert installers == ["rasa_plugins/launch.py"]
