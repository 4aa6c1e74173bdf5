"""The staff command line, `python -m bot`: codes list/show/lint and quote, as text and JSON.

`bot.cli.main(argv, out=...)` returns the exit status: 0 done (lint warnings included), 1 a code
file is invalid, 2 a usage problem (unknown provider, unreadable date). COMPLAINTS_NOW fixes the clock.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest

from bot.cli import build_parser, main
from bot.provider_codes import CODES_DIR
from tests.cli_support import run_into_a_closed_pipe

PROVIDERS = ["infinity-group", "infinity-system-solutions", "infinium", "invictanet"]


def run(*argv: str) -> tuple[int, str]:
    out = StringIO()
    status = main(list(argv), out=out)
    return status, out.getvalue()


def quote_argv(provider: str, channel: str, received: str) -> tuple[str, ...]:
    return ("quote", "--provider", provider, "--channel", channel, "--received", received)


def run_json(*argv: str) -> Any:
    status, text = run(*argv, "--json")
    assert status == 0, text
    return json.loads(text)


@pytest.fixture
def today_21_november_2026(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPLAINTS_NOW", "2026-11-21T12:00")


# --- codes list / show ---------------------------------------------------------------------------


def test_codes_list() -> None:
    status, text = run("codes", "list")
    assert status == 0
    rows = [line.split(maxsplit=2) for line in text.splitlines()]
    assert rows == [
        ["infinity-group", "IG", "Infinity Group (Infinity Technology Solutions Limited)"],
        [
            "infinity-system-solutions",
            "ISS",
            "Infinity System Solutions (Infinity System Solutions Ltd)",
        ],
        ["infinium", "IN", "Infinium (Infinium IT Limited)"],
        ["invictanet", "IV", "Invictanet (Invictanet)"],
    ]


def test_codes_list_json() -> None:
    listing = run_json("codes", "list")
    assert [(c["id"], c["reference_prefix"]) for c in listing] == [
        ("infinity-group", "IG"),
        ("infinity-system-solutions", "ISS"),
        ("infinium", "IN"),
        ("invictanet", "IV"),
    ]
    assert listing[0]["file"] == str(CODES_DIR / "infinity-group.yaml")


def test_codes_show() -> None:
    status, text = run("codes", "show", "infinity-group")
    assert status == 0
    assert "Infinity Group (Infinity Technology Solutions Limited), regulated by Ofcom" in text
    assert "Working time: Mon-Fri 09:00-17:30, bank holidays of england-and-wales" in text
    assert "  1. Operations Director" in text
    assert "  2. Managing Director" in text
    assert "  scheme: Ombudsman Services: Communications" in text
    assert "  wait: 8 weeks" in text
    assert "  apply within 6 months of an ADR letter" in text
    assert "  excluded: pricing complaints" in text


def test_codes_show_a_code_without_hours() -> None:
    status, text = run("codes", "show", "infinium")
    assert status == 0
    assert "Working time: Mon-Fri (opening hours not stated in the code)" in text


def test_codes_show_json_is_the_document() -> None:
    document = run_json("codes", "show", "invictanet")
    assert document["id"] == "invictanet"
    assert document["commitments"][0]["period"] == {"amount": 1, "unit": "working_days"}


def test_codes_show_unknown_provider(capsys: pytest.CaptureFixture[str]) -> None:
    status, text = run("codes", "show", "nope")
    assert status == 2
    assert text == ""
    assert "unknown provider 'nope'; known providers: infinity-group" in capsys.readouterr().err


# --- codes lint ----------------------------------------------------------------------------------

EXPECTED_WARNINGS = {
    "infinity-group": [
        "adr-wait-too-long",
        "adr-letter-not-early",
        "adr-limit-too-short",
        "scheme-name-outdated",
    ],
    "infinity-system-solutions": ["commitment-worded-as-aim", "no-approved-scheme"],
    "infinium": [
        "adr-wait-too-long",
        "commitment-worded-as-aim",
        "commitment-worded-as-guideline",
        "scheme-operator-outdated",
    ],
    "invictanet": [
        "adr-wait-too-long",
        "code-contradicts-itself",
        "scheme-name-outdated",
        "scheme-letter-outdated",
    ],
}


@pytest.mark.usefixtures("today_21_november_2026")
def test_codes_lint_reports_every_code_out_of_line_as_warnings() -> None:
    report = run_json("codes", "lint")
    assert {cid: [f["code"] for f in findings] for cid, findings in report.items()} == (
        EXPECTED_WARNINGS
    )
    assert {f["severity"] for findings in report.values() for f in findings} == {"warning"}


@pytest.mark.usefixtures("today_21_november_2026")
def test_codes_lint_text() -> None:
    status, text = run("codes", "lint")
    assert status == 0
    lines = text.splitlines()
    for provider, count in [
        ("infinity-group", 4),
        ("infinity-system-solutions", 2),
        ("infinium", 4),
        ("invictanet", 4),
    ]:
        assert f"{provider}: {count} warning(s) against the rules in force on 2026-11-21" in lines
    # infinium: 12-week wait; CISAS described as run by its former operator.
    assert (
        "  warning [adr-wait-too-long] ADR wait is 12 weeks; today's rules allow at most 6 weeks"
        in text
    )
    assert (
        "CISAS is described as run by The Chartered Institute of Arbitrators; today it is run by CEDR."
        in text
    )
    # infinity-group: 8 weeks, 6 months, old scheme name, a letter that does not open ADR early.
    assert (
        "  warning [adr-wait-too-long] ADR wait is 8 weeks; today's rules allow at most 6 weeks"
        in text
    )
    assert "Time limit after an ADR letter is 6 months; today's rules give 12 months." in text
    assert (
        "Scheme named 'Ombudsman Services: Communications'; today it is the Communications "
        "Ombudsman (Trust Alliance Group)." in text
    )
    assert "  warning [adr-letter-not-early] " in text
    # infinity-system-solutions: Ofcom instead of an approved scheme.
    assert "No Ofcom-approved ADR scheme is named: the code names Ofcom" in text
    # invictanet: old name and old address.
    assert "Scheme named 'Ombudsman Services'; today it is the Communications Ombudsman" in text
    assert (
        "Communications Ombudsman letter given as 'The Brew House, Wilderspool Park, Greenall’s "
        "Avenue'; today's is 'PO Box 730, Warrington WA4 6WU'." in text
    )


def test_codes_lint_judges_against_the_rules_in_force_on_the_day(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COMPLAINTS_NOW", "2026-04-07T12:00")  # the 8-week rule's last day
    before = run_json("codes", "lint")
    assert "adr-wait-too-long" not in [f["code"] for f in before["infinity-group"]]
    assert "adr-wait-too-long" in [f["code"] for f in before["infinium"]]
    monkeypatch.setenv("COMPLAINTS_NOW", "2026-04-08T09:00")
    after = run_json("codes", "lint")
    assert "adr-wait-too-long" in [f["code"] for f in after["infinity-group"]]


@pytest.mark.usefixtures("today_21_november_2026")
def test_codes_lint_one_provider() -> None:
    report = run_json("codes", "lint", "invictanet")
    assert list(report) == ["invictanet"]


@pytest.mark.usefixtures("today_21_november_2026")
def test_codes_lint_a_valid_file(tmp_path: Path) -> None:
    path = tmp_path / "infinium.yaml"
    path.write_text((CODES_DIR / "infinium.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    status, text = run("codes", "lint", str(path))
    assert status == 0
    assert text.startswith("infinium: 4 warning(s)")


def _broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    text = (CODES_DIR / "infinity-group.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "broken-infinity-group.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "{amount: 10, unit: working_days}",
            "{amount: 10, unit: fortnights}",
            "commitments[0].period.unit: 'fortnights' is not allowed; expected one of: "
            "working_days, working_hours, business_days, calendar_hours",
            id="unknown-unit",
        ),
        pytest.param(
            "\nadr:\n",
            "\nadr_terms:\n",
            "adr: is required but missing",
            id="missing-adr",
        ),
        pytest.param(
            '  closes: "17:30"\n  region',
            "  region",
            "working_time.closes: is required when working_time.opens is given",
            id="opens-without-closes",
        ),
        pytest.param(
            "id: infinity-group\n",
            "id: [infinity-group\n",
            "not valid YAML",
            id="bad-yaml",
        ),
    ],
)
@pytest.mark.usefixtures("today_21_november_2026")
def test_codes_lint_a_broken_file_exits_1_naming_file_field_and_expectation(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    path = _broken_copy(tmp_path, old, new)
    status, text = run("codes", "lint", str(path))
    assert status == 1
    assert text.startswith(f"error: {path}: ")
    assert expected in text

    status, text = run("codes", "lint", str(path), "--json")
    assert status == 1
    report = json.loads(text)
    assert report["file"] == str(path)
    assert any(expected in error for error in report["errors"])


def test_codes_lint_a_missing_adr_also_reports_the_stray_field(tmp_path: Path) -> None:
    path = _broken_copy(tmp_path, "\nadr:\n", "\nadr_terms:\n")
    status, text = run("codes", "lint", str(path))
    assert status == 1
    assert "(top level): Additional properties are not allowed ('adr_terms' was unexpected)" in text


def test_codes_lint_an_unknown_provider(capsys: pytest.CaptureFixture[str]) -> None:
    status, _ = run("codes", "lint", "nope")
    assert status == 2
    assert "unknown provider 'nope'" in capsys.readouterr().err


# --- quote ---------------------------------------------------------------------------------------


def test_quote_worked_example_json() -> None:
    quote = run_json(*quote_argv("infinity-group", "email", "2026-12-22T10:00"))
    assert quote["provider"] == "infinity-group"
    assert quote["received"] == "2026-12-22T10:00:00+00:00"
    assert quote["counted_from"] == "2026-12-22T10:00:00+00:00"
    assert [(c["id"], c["due"]) for c in quote["commitments"]] == [
        ("respond-email", "2026-12-31T17:30:00+00:00")
    ]
    assert quote["adr"]["code_opens"] == "2027-02-16"
    assert quote["adr"]["rules_opens"] == "2027-02-02"
    assert quote["adr"]["opens"] == "2027-02-02"
    assert quote["adr"]["code_wait_weeks"] == 8
    assert quote["adr"]["rules_wait_weeks"] == 6
    assert quote["adr"]["limit_after_letter_months"] == 12
    assert [step["role"] for step in quote["escalation"]] == [
        "Operations Director",
        "Managing Director",
    ]


def test_quote_worked_example_letter_json() -> None:
    quote = run_json(*quote_argv("infinity-group", "letter", "2026-12-22T10:00"))
    assert [(c["id"], c["due"]) for c in quote["commitments"]] == [
        ("respond-letter", "2027-01-08T17:30:00+00:00")
    ]


def test_quote_worked_example_text() -> None:
    status, text = run(*quote_argv("infinity-group", "email", "2026-12-22T10:00"))
    assert status == 0
    assert "Received Tuesday 22 December 2026 at 10:00" in text
    assert "by Thursday 31 December 2026 at 17:30" in text
    assert "Code:          after 8 weeks, from Tuesday 16 February 2027" in text
    assert "from Tuesday 2 February 2027" in text
    assert "Customer may go to ADR from Tuesday 2 February 2027" in text
    assert "Apply within 12 months of an ADR letter (the code says 6)" in text
    assert "Out of hours" not in text


def test_quote_out_of_hours_says_when_counting_starts() -> None:
    status, text = run(*quote_argv("infinity-group", "email", "2026-12-22T18:00"))
    assert status == 0
    assert "Out of hours: counted from Wednesday 23 December 2026 at 09:00" in text
    assert "by Monday 4 January 2027 at 17:30" in text


def test_quote_chat_uses_the_email_promises() -> None:
    quote = run_json(
        "quote", "--provider", "invictanet", "--channel", "chat", "--received", "2026-12-24T23:00"
    )
    assert quote["effective_channel"] == "email"
    assert [c["due"][:10] for c in quote["commitments"]] == ["2026-12-29"]


def test_quote_a_large_business_with_a_pricing_complaint() -> None:
    quote = run_json(
        "quote",
        "--provider",
        "infinium",
        "--channel",
        "letter",
        "--received",
        "2026-12-22T10:00",
        "--customer-type",
        "business",
        "--employees",
        "50",
        "--category",
        "pricing",
    )
    assert quote["adr"]["eligible"] is False
    assert [r["code"] for r in quote["adr"]["eligibility_reasons"]] == [
        "price-levels-excluded",
        "business-too-large",
    ]


def test_quote_unknown_provider(capsys: pytest.CaptureFixture[str]) -> None:
    status, text = run("quote", "--provider", "nope", "--channel", "email")
    assert status == 2
    assert text == ""
    assert capsys.readouterr().err == (
        "complaints: unknown provider 'nope'; known providers: infinity-group, "
        "infinity-system-solutions, infinium, invictanet\n"
    )


@pytest.mark.parametrize("received", ["22/12/2026 10:00", "2026-12-32T10:00", "tomorrow"])
def test_quote_bad_received(received: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, text = run(
        "quote", "--provider", "infinium", "--channel", "email", "--received", received
    )
    assert status == 2
    assert text == ""
    err = capsys.readouterr().err
    assert err.startswith(f"complaints: --received: {received!r} is not an ISO 8601 date-time")


def test_quote_bad_channel_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as raised:
        run("quote", "--provider", "infinium", "--channel", "pigeon")
    assert raised.value.code == 2


def test_complaints_now_fixes_the_clock_for_quote(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPLAINTS_NOW", "2026-12-22T10:00")
    quote = run_json("quote", "--provider", "infinity-group", "--channel", "email")
    assert quote["received"] == "2026-12-22T10:00:00+00:00"
    assert quote["commitments"][0]["due"] == "2026-12-31T17:30:00+00:00"
    assert quote["adr"]["opens"] == "2027-02-02"


def test_received_beats_complaints_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPLAINTS_NOW", "2030-01-01T10:00")
    quote = run_json(*quote_argv("infinity-group", "letter", "2026-12-22T10:00"))
    assert quote["commitments"][0]["due"] == "2027-01-08T17:30:00+00:00"


@pytest.mark.parametrize(
    "argv",
    [("quote", "--provider", "infinium", "--channel", "email"), ("codes", "lint")],
)
def test_an_unreadable_complaints_now_is_a_usage_error(
    argv: tuple[str, ...], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COMPLAINTS_NOW", "next Tuesday")
    status, _ = run(*argv)
    assert status == 2
    assert capsys.readouterr().err.startswith(
        "complaints: COMPLAINTS_NOW: 'next Tuesday' is not an ISO 8601 date-time"
    )


# --- help, and a reader that goes away -----------------------------------------------------------


def _commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every command the CLI runs (the parsers that name a handler), with its words."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _commands(sub, (*path, name))
    if parser.get_default("handler") is not None:
        yield path, parser


def test_every_command_explains_each_option_and_gives_an_example() -> None:
    commands = dict(_commands(build_parser()))
    assert {("cases", "due"), ("cases", "digest"), ("cases", "find"), ("cases", "report")} <= set(
        commands
    )
    assert len(commands) == 29  # with `codes claims` (issue 14)
    for path, parser in commands.items():
        words = " ".join(path)
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            assert action.help, f"complaints {words}: {action.dest} has no help"
        assert parser.description, words
        assert parser.epilog and parser.epilog.startswith(("example:\n", "examples:\n")), words
        assert f"  complaints {words}" in parser.epilog, words


def test_help_prints_the_example(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_status:
        main(["cases", "find", "--help"])
    assert exit_status.value.code == 0
    help_text = capsys.readouterr().out
    assert "examples:\n  complaints cases find '+44 7700 900123'" in help_text
    assert re.search(r"\n  TEXT +what the caller gave you\n", help_text)


def test_output_into_a_pipe_that_closes_ends_quietly() -> None:
    status, err = run_into_a_closed_pipe("codes", "list", "--json")
    assert (status, err) == (141, "")
    status, err = run_into_a_closed_pipe("codes", "show", "infinium")
    assert (status, err) == (141, "")
