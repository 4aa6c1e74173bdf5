"""The Rasa patches (rasa_plugins/patches/) are installed from one place, all or none: only on the
versions they were written for, never with RASA_PATCHES=off, with one log line saying which; and
removed again, leaving Rasa's own code; and log_privacy, installed whatever RASA_PATCHES says. (What each patch does is tested against Rasa's own code in
tests/patches/test_turn_cost.py; the conversations end to end with them on and off in
tests/servers/test_conversations.py.)"""

from __future__ import annotations

import ast
import logging
import warnings
from pathlib import Path

import pytest
import rasa.shared.core.training_data.story_reader.yaml_story_reader as story_reader
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.nlu.training_data.message import Message

from rasa_plugins import patches

pytestmark = pytest.mark.usefixtures("rasa_as_released")

ROOT = Path(__file__).resolve().parents[2]
RELEASED = dict(patches.WRITTEN_FOR)
ALWAYS = ["log_privacy", "numbered_buttons"]
EVERY = [*patches.NAMES, *ALWAYS]


def test_on_the_versions_they_were_written_for_every_patch_is_installed_with_one_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger=patches.__name__)
    assert patches.install(environ={}, versions=RELEASED) == EVERY
    assert patches.installed() == EVERY
    lines = [r.getMessage() for r in caplog.records if r.name == patches.__name__]
    assert len(lines) == 1
    assert all(name in lines[0] for name in EVERY)


@pytest.mark.parametrize("package", ["tensorflow", "scipy"])
def test_another_version_of_tensorflow_or_scipy_installs_none_but_log_privacy_and_says_why(
    package: str, caplog: pytest.LogCaptureFixture
) -> None:
    versions = {**RELEASED, package: "9.9.9"}
    assert patches.install(environ={}, versions=versions) == ALWAYS
    assert patches.installed() == ALWAYS
    (line,) = [r.getMessage() for r in caplog.records if r.name == patches.__name__]
    assert f"{package} 9.9.9 (written for {patches.WRITTEN_FOR[package]})" in line
    assert "off" in line and "with log_privacy" in line


def test_another_rasa_is_refused_unless_log_privacy_is_switched_off(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A Rasa whose parser may log customers' words differently stops the start, rather than
    run with the words in the log; COMPLAINTS_LOG_PRIVACY=off runs it unpatched, and says so."""
    versions = {**RELEASED, "rasa": "3.7.0"}
    with pytest.raises(RuntimeError, match="COMPLAINTS_LOG_PRIVACY=off"):
        patches.install(environ={}, versions=versions)
    assert patches.installed() == []
    off = {"COMPLAINTS_LOG_PRIVACY": "off"}
    assert patches.install(environ=off, versions=versions) == []
    (line,) = [r.getMessage() for r in caplog.records if r.name == patches.__name__]
    assert "rasa 3.7.0 (written for 3.6.21)" in line
    assert "COMPLAINTS_LOG_PRIVACY=off" in line and "logged whole" in line


@pytest.mark.parametrize("switch", ["off", "OFF", "0", "false", "no"])
def test_the_switch_turns_them_all_off_but_log_privacy(
    switch: str, caplog: pytest.LogCaptureFixture
) -> None:
    """RASA_PATCHES=off runs Rasa as released for speed and answers, and still keeps customers'
    words out of the log (test and bench runs with the patches off included)."""
    assert patches.install(environ={"RASA_PATCHES": switch}, versions=RELEASED) == ALWAYS
    assert patches.installed() == ALWAYS
    (line,) = [r.getMessage() for r in caplog.records if r.name == patches.__name__]
    assert f"RASA_PATCHES={switch}" in line and "with log_privacy" in line


def test_log_privacys_own_switch_leaves_rasas_logging_as_it_is() -> None:
    environ = {"COMPLAINTS_LOG_PRIVACY": "off"}
    assert patches.install(environ=environ, versions=RELEASED) == [
        *patches.NAMES,
        "numbered_buttons",
    ]
    assert "log_privacy" not in patches.installed()


def test_a_switch_that_is_neither_on_nor_off_installs_none() -> None:
    assert patches.install(environ={"RASA_PATCHES": "maybe"}, versions=RELEASED) == ALWAYS
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
    unpack, structlogger = YAMLStoryReader.unpack_regex_message, story_reader.structlogger
    filters = list(warnings.filters)
    init, run, timeout = (
        RemoteAction.__init__,
        RemoteAction.run,
        rasa_actions.DEFAULT_REQUEST_TIMEOUT,
    )
    patches.install(environ={}, versions=RELEASED)
    patches.install(environ={}, versions=RELEASED)
    # wrapped once by action_failures, around action_domain's once
    assert RemoteAction.run.rasa_original.before_action_domain is run
    patches.uninstall()
    assert patches.installed() == []
    assert RemoteAction._validate_action_result is validate
    assert Event.resolve_by_type is resolve
    assert RemoteAction.__init__ is init
    assert RemoteAction.run is run
    assert timeout == rasa_actions.DEFAULT_REQUEST_TIMEOUT
    assert rasa.core.processor.DaskGraphRunner is DaskGraphRunner
    assert YAMLStoryReader.unpack_regex_message is unpack
    assert story_reader.structlogger is structlogger
    assert warnings.filters == filters


def test_a_message_starting_with_a_slash_is_logged_by_length_only(
    caplog: pytest.LogCaptureFixture,
) -> None:
    domain = Domain.load(str(ROOT / "domain.yml"))
    caplog.set_level(logging.INFO)
    with warnings.catch_warnings(record=True) as caught:
        patches.install(environ={}, versions=RELEASED)
        for text in (
            "/my email is zeb.quill@example.org",
            '/inform{"email": "zeb.quill@example.org"',
            '/inform{"email": "zeb.quill@example.org"} and more',
        ):
            message = Message({"text": text})
            YAMLStoryReader.unpack_regex_message(message, domain)
    logged = [r.getMessage() for r in caplog.records]
    assert not any("zeb.quill" in line for line in logged), logged
    assert not [w for w in caught if "zeb.quill" in str(w.message)]
    assert any("a message of 34 characters starting with '/'" in line for line in logged), logged


def test_log_privacy_holds_after_rasa_sets_up_its_warnings(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The launcher installs the patches before Rasa reads its arguments; Rasa then puts its own
    warning filters first ("once" for every UserWarning), which let the quoting warning through:
    seen in the Rasa server's log by tests/servers/test_private_data_and_faults.py."""
    from rasa.utils.common import _filter_warnings

    domain = Domain.load(str(ROOT / "domain.yml"))
    with warnings.catch_warnings(record=True) as caught:
        patches.install(environ={}, versions=RELEASED)
        _filter_warnings(log_level=logging.INFO)  # what `rasa run` does once it has started
        message = Message({"text": '/inform{"email": "zeb.quill@example.org"} and more'})
        YAMLStoryReader.unpack_regex_message(message, domain)
    assert not [w for w in caught if "zeb.quill" in str(w.message)]


def test_a_channel_started_without_log_privacy_says_so(caplog: pytest.LogCaptureFixture) -> None:
    """Plain `rasa run` with this project's channels: a warning, never a patch installed by a
    channel (only the launcher installs patches)."""
    from channels.rest import guarded

    async def agent(message):  # pragma: no cover - never called
        return None

    guarded("rest", agent)
    assert any(
        "without rasa_plugins/patches/log_privacy.py" in r.getMessage() for r in caplog.records
    )
    caplog.clear()
    patches.install(environ={}, versions=RELEASED)
    guarded("rest", agent)
    assert not any("log_privacy" in r.getMessage() for r in caplog.records)


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
