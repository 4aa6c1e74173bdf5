"""Every change this project makes to Rasa's own code, in one place, installed from one place.

Each module here replaces one piece of Rasa (or TensorFlow's or scipy's use by Rasa) in the running
process, and opens with the code it replaces, the versions it was written for, why, and the
upstream issue where there is one (docs/rasa-patches.md has them side by side):

    action_validation   action server replies checked with one validator, built once
    event_types         event classes found by their type name in a table
    action_sessions     one kept HTTP session per action endpoint
    action_domain       the domain named by its digest in each action call, not sent whole
    graph_runner        the prediction graphs run node by node, without dask
    debug_log_copies    copies for debug logs made only when debug logs are written
    direct_prediction   DIET's traced prediction step called directly
    sparse_features     a message's sparse features put side by side in one step
    rule_states         the rule policy's states worked out once a prediction, rules from an index
    applied_events      a tracker's applied events worked out from where they last were
    action_failures     a note of a failed action server call (for the outage policy), and a
                        shorter wait for the action server
    log_privacy         a customer's message starting with '/' logged by its length, not its words
    numbered_buttons    a typed number ("2") after the bot's buttons read as a click on that button

All but the last three change how fast Rasa answers, never what it answers; `action_failures`
lets `rasa_plugins/outage.py`'s policy apologise when the action server fails, where Rasa is silent;
`log_privacy` keeps customers' words out of the Rasa server's log; `numbered_buttons` lets a
customer on a channel without buttons answer them by number (issue 15).

`install()` is called by `rasa_plugins/launch.py`, the `rasa` command that scripts/serve.sh, the
test servers and the benchmark run; nothing else installs them. It installs all of them, or none:

- none with `RASA_PATCHES=off` (the switch; `on`, the default, installs them);
- none unless Rasa, TensorFlow and scipy are exactly the versions in `WRITTEN_FOR` (each patch
  reaches into their insides, some into private functions).

except `log_privacy`, which is installed first whatever `RASA_PATCHES` says, since it protects
customers rather than saving time: only its own switch, `COMPLAINTS_LOG_PRIVACY=off`, leaves it
out, and on a Rasa other than 3.6.x it stops the start (RuntimeError) rather than let customers'
words into the log. Likewise `numbered_buttons`, installed second whatever `RASA_PATCHES` says,
since it changes what customers get (the conversation tests with the patches off behave the same);
it has no switch of its own, and on a Rasa other than 3.6.x it is left out. Either way `install()`
logs one line saying what it installed, or that the patches are off and why.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import logging
import os
from collections.abc import Mapping
from types import ModuleType

from rasa_plugins.patches import log_privacy

logger = logging.getLogger(__name__)

SWITCH = "RASA_PATCHES"

# The exact versions every patch was written and tested for (requirements.lock pins them).
WRITTEN_FOR = {"rasa": "3.6.21", "tensorflow": "2.12.0", "scipy": "1.10.1"}

# In the order they are installed.
NAMES = (
    "action_validation",
    "event_types",
    "action_sessions",
    "action_domain",
    "graph_runner",
    "debug_log_copies",
    "direct_prediction",
    "sparse_features",
    "rule_states",
    "applied_events",
    "action_failures",
)

# Installed whatever RASA_PATCHES says (they change what customers get, not speed), in this order.
ALWAYS = (log_privacy.NAME, "numbered_buttons")


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"{__name__}.{name}")


def installed_versions() -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for package in WRITTEN_FOR:
        try:
            found[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            found[package] = None
    return found


def why_off(
    environ: Mapping[str, str] | None = None, versions: Mapping[str, str | None] | None = None
) -> str | None:
    """Why the patches must not be installed here, or None if they may be."""
    environ = os.environ if environ is None else environ
    switch = environ.get(SWITCH, "on").strip().lower()
    if switch in ("off", "0", "false", "no"):
        return f"{SWITCH}={environ[SWITCH]}"
    if switch not in ("on", "1", "true", "yes", ""):
        return f"{SWITCH}={environ[SWITCH]!r} is neither on nor off"
    versions = installed_versions() if versions is None else versions
    differ = [
        f"{package} {versions.get(package) or 'missing'} (written for {wanted})"
        for package, wanted in WRITTEN_FOR.items()
        if versions.get(package) != wanted
    ]
    if differ:
        return "not the versions they were written for: " + ", ".join(differ)
    return None


def install(
    environ: Mapping[str, str] | None = None, versions: Mapping[str, str | None] | None = None
) -> list[str]:
    """Install `log_privacy`, then every other patch or none (see the module's docstring); the
    names installed."""
    privacy = _install_log_privacy(environ, versions)
    buttons = _install_numbered_buttons(versions)
    always = [name for name in ALWAYS if _module(name).is_installed()]
    reason = why_off(environ, versions)
    if reason is not None:
        logger.warning(
            "Rasa patches off (%s): Rasa runs as released, %s; %s", reason, privacy, buttons
        )
        return always
    for name in NAMES:
        _module(name).install()
    logger.info(
        "Rasa patches installed (rasa_plugins/patches): %s; %s; %s",
        ", ".join(NAMES),
        privacy,
        buttons,
    )
    return [*NAMES, *always]


def _install_numbered_buttons(versions: Mapping[str, str | None] | None) -> str:
    """Install `numbered_buttons` on Rasa 3.6.x; what the one log line says of it."""
    module = _module("numbered_buttons")
    rasa_version = None if versions is None else versions.get("rasa") or "missing"
    if module.install(rasa_version):
        return "with numbered_buttons (a typed number answers the bot's buttons)"
    return (
        f"without numbered_buttons (written for Rasa {module.WRITTEN_FOR}x: a typed number is "
        "read as words, not as the bot's buttons)"
    )


def _install_log_privacy(
    environ: Mapping[str, str] | None, versions: Mapping[str, str | None] | None
) -> str:
    """Install `log_privacy` unless its own switch is off; what the one log line says of it."""
    if log_privacy.switched_off(environ):
        return (
            f"without log_privacy ({log_privacy.SWITCH}=off: customers' messages starting "
            "with '/' may be logged whole)"
        )
    log_privacy.install(None if versions is None else versions.get("rasa") or "missing")
    return "with log_privacy (customers' words kept out of the log)"


def installed() -> list[str]:
    """The patches installed in this process now."""
    return [name for name in (*NAMES, *ALWAYS) if _module(name).is_installed()]


def uninstall() -> None:
    """Rasa's own code again, for each patch (tests install and remove them)."""
    for name in (*reversed(ALWAYS), *reversed(NAMES)):
        _module(name).uninstall()
