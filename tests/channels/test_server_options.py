"""scripts/rasa-server-options.sh, which builds serve.sh's HTTP API and CORS options for `rasa run`.

The API is off unless RASA_ENABLE_API=1, and then only with a token of at least 32 characters;
CORS origins come only from CORS_ORIGINS. serve.sh itself refuses to start on unsafe settings,
before it trains or starts anything. (tests/servers/test_security_servers.py starts real servers with these
options.)
"""

from __future__ import annotations

import os
import signal
import subprocess

import pytest

from tests.servers import ROOT

SCRIPT = ROOT / "scripts" / "rasa-server-options.sh"
GOOD_TOKEN = "0123456789abcdef" * 4


def clean_environment(settings: dict[str, str]) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    return {**keep, **settings}


def server_options(settings: dict[str, str]) -> tuple[int, list[str], str]:
    """The script's exit status, the options it prints (one per line) and its message."""
    result = subprocess.run(
        [str(SCRIPT)], env=clean_environment(settings), capture_output=True, text=True, timeout=30
    )
    return result.returncode, result.stdout.splitlines(), result.stderr


def test_by_default_there_is_no_api_and_no_cors() -> None:
    assert server_options({}) == (0, [], "")
    assert server_options({"RASA_ENABLE_API": "0", "RASA_AUTH_TOKEN": GOOD_TOKEN}) == (0, [], "")


def test_the_api_comes_only_with_its_token() -> None:
    code, options, _ = server_options({"RASA_ENABLE_API": "1", "RASA_AUTH_TOKEN": GOOD_TOKEN})
    assert (code, options) == (0, ["--enable-api", "--auth-token", GOOD_TOKEN])


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"RASA_ENABLE_API": "1"}, "RASA_ENABLE_API=1 needs RASA_AUTH_TOKEN"),
        ({"RASA_ENABLE_API": "1", "RASA_AUTH_TOKEN": ""}, "needs RASA_AUTH_TOKEN"),
        ({"RASA_ENABLE_API": "1", "RASA_AUTH_TOKEN": "secret"}, "too short (6 characters)"),
        ({"RASA_ENABLE_API": "1", "RASA_AUTH_TOKEN": "x" * 31}, "use at least 32"),
        (
            {"RASA_ENABLE_API": "1", "RASA_AUTH_TOKEN": GOOD_TOKEN + " " + GOOD_TOKEN},
            "must not contain spaces",
        ),
        ({"RASA_ENABLE_API": "yes", "RASA_AUTH_TOKEN": GOOD_TOKEN}, "must be 1 (on) or 0 (off)"),
        ({"CORS_ORIGINS": "*"}, "no '*'"),
        ({"CORS_ORIGINS": "https://shop.example.co.uk/path"}, "got 'https://shop.example.co.uk/"),
        ({"CORS_ORIGINS": "shop.example.co.uk"}, "CORS_ORIGINS takes origins"),
    ],
)
def test_unsafe_settings_are_refused_with_the_reason(settings: dict, message: str) -> None:
    code, options, error = server_options(settings)
    assert (code, options) == (2, [])
    assert error.startswith("serve: ") and message in error, error


def test_cors_origins_are_passed_one_by_one() -> None:
    code, options, _ = server_options(
        {"CORS_ORIGINS": "  https://shop.example.co.uk   http://localhost:8080 "}
    )
    assert (code, options) == (0, ["--cors", "https://shop.example.co.uk", "http://localhost:8080"])
    code, options, _ = server_options(
        {
            "RASA_ENABLE_API": "1",
            "RASA_AUTH_TOKEN": GOOD_TOKEN,
            "CORS_ORIGINS": "https://shop.example.co.uk",
        }
    )
    assert options == [
        "--enable-api",
        "--auth-token",
        GOOD_TOKEN,
        "--cors",
        "https://shop.example.co.uk",
    ]


def run_serve(settings: dict[str, str]) -> tuple[int, str]:
    """scripts/serve.sh run, which must stop at once: killed with everything it started if not."""
    process = subprocess.Popen(
        [str(ROOT / "scripts" / "serve.sh"), "run"],
        cwd=ROOT,
        env=clean_environment(settings),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        _, error = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGTERM)
        process.communicate()
        pytest.fail("serve.sh did not refuse the settings before starting (or training)")
    return process.returncode, error


@pytest.mark.parametrize(
    "settings",
    [
        {"RASA_ENABLE_API": "1"},
        {"RASA_ENABLE_API": "1", "RASA_AUTH_TOKEN": "short"},
        {"CORS_ORIGINS": "*"},
    ],
)
def test_serve_sh_refuses_to_start_on_unsafe_settings(settings: dict[str, str]) -> None:
    code, error = run_serve(settings)
    assert code == 2
    assert error.startswith("serve: "), error
    assert "Training" not in error
