"""Loading providers' codes and today's rules table, and refusing malformed files clearly.

A refused file's message names the file, the path of the offending field and what was expected.
Broken files are deliberately damaged copies of the real ones, written to tmp_path.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time
from pathlib import Path

import pytest

from bot.provider_codes import (
    CODES_DIR,
    CodeFileError,
    UnknownProvider,
    get_code,
    load_all_codes,
    load_code_file,
)
from bot.regulation import RULES_PATH, load_rules
from bot.working_time import WorkingTime

INFINITY_GROUP = (CODES_DIR / "infinity-group.yaml").read_text(encoding="utf-8")


def test_all_four_codes_load() -> None:
    assert list(load_all_codes()) == [
        "infinity-group",
        "infinity-system-solutions",
        "infinium",
        "invictanet",
    ]


@pytest.mark.parametrize(
    ("provider", "working_time"),
    [
        ("infinity-group", WorkingTime(opens=time(9), closes=time(17, 30))),
        ("infinity-system-solutions", WorkingTime(opens=time(9), closes=time(17))),
        ("infinium", WorkingTime()),  # no hours stated: whole days
        ("invictanet", WorkingTime()),
    ],
)
def test_working_time_of_each_code(provider: str, working_time: WorkingTime) -> None:
    code = get_code(provider)
    assert code.working_time == working_time
    assert code.working_time.region == "england-and-wales"
    assert code.working_time.timezone == "Europe/London"
    assert code.working_time.days == frozenset({0, 1, 2, 3, 4})


@pytest.mark.parametrize(
    ("provider", "commitments"),
    [
        (
            "infinity-group",
            [
                ("respond-letter", 10, "working_days", ("letter",)),
                ("respond-email", 5, "working_days", ("email",)),
                ("call-back", 5, "working_days", ("phone",)),
            ],
        ),
        (
            "infinity-system-solutions",
            [
                ("acknowledge", 24, "working_hours", None),
                ("case-handler-contact", 48, "calendar_hours", None),
                ("resolve-or-agree-contact-time", 3, "working_days", None),
            ],
        ),
        (
            "infinium",
            [
                ("reply-correspondence", 3, "business_days", ("letter", "email")),
                ("respond-written-complaint", 10, "working_days", ("letter", "email")),
            ],
        ),
        ("invictanet", [("respond-complaint", 1, "working_days", ("fax", "email"))]),
    ],
)
def test_commitments_of_each_code(provider: str, commitments: list) -> None:
    code = get_code(provider)
    assert [
        (c.id, c.period.amount, c.period.unit, c.channels) for c in code.commitments
    ] == commitments
    assert code.chat_channel == "email"


def test_period_descriptions() -> None:
    invictanet = get_code("invictanet").commitments[0]
    assert invictanet.period.describe() == "1 working day"
    assert get_code("infinity-group").commitments[0].period.describe() == "10 working days"


@pytest.mark.parametrize(
    ("provider", "scheme", "named_instead", "wait", "limit", "letter_early"),
    [
        ("infinity-group", "Ombudsman Services: Communications", None, 8, 6, False),
        ("infinity-system-solutions", None, "Ofcom", 6, None, True),
        ("infinium", "CISAS", None, 12, None, True),
        ("invictanet", "Ombudsman Services", None, 12, None, True),
    ],
)
def test_adr_terms_as_written(
    provider: str,
    scheme: str | None,
    named_instead: str | None,
    wait: int,
    limit: int | None,
    letter_early: bool,
) -> None:
    adr = get_code(provider).adr
    assert (adr.scheme.name if adr.scheme else None) == scheme
    assert (adr.named_instead.name if adr.named_instead else None) == named_instead
    assert adr.wait_weeks == wait
    assert adr.limit_after_letter_months == limit
    assert adr.letter_opens_early is letter_early


def test_infinity_group_excludes_pricing_and_large_businesses() -> None:
    adr = get_code("infinity-group").adr
    assert adr.excluded_categories == ("pricing",)
    assert adr.eligibility is not None and adr.eligibility.max_employees == 10
    assert adr.limit_without_letter_months == 9


def test_unknown_provider_names_the_known_ones() -> None:
    with pytest.raises(UnknownProvider) as raised:
        get_code("infinity-and-beyond")
    assert str(raised.value) == (
        "unknown provider 'infinity-and-beyond'; known providers: infinity-group, "
        "infinity-system-solutions, infinium, invictanet"
    )


# --- malformed codes ------------------------------------------------------------------------------


def _replace(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text, f"the fixture edit expects {old!r} in the code"
        return text.replace(old, new, 1)

    return edit


def _drop_adr(text: str) -> str:
    start, end = text.index("\nadr:\n"), text.index("\nother_contacts:\n")
    return text[:start] + text[end:]


BROKEN_CODES = [
    pytest.param(
        _replace("{amount: 10, unit: working_days}", "{amount: 10, unit: fortnights}"),
        "commitments[0].period.unit: 'fortnights' is not allowed; expected one of: "
        "working_days, working_hours, business_days, calendar_hours",
        id="unknown-unit",
    ),
    pytest.param(_drop_adr, "adr: is required but missing", id="missing-adr"),
    pytest.param(
        _replace('  closes: "17:30"\n  region', "  region"),
        "working_time.closes: is required when working_time.opens is given",
        id="opens-without-closes",
    ),
    pytest.param(
        _replace("{amount: 5, unit: working_days}", "{amount: 0, unit: working_days}"),
        "commitments[1].period.amount: 0 is less than the minimum of 1",
        id="zero-amount",
    ),
    pytest.param(
        _replace('  opens: "09:00"\n  closes: "17:30"', '  opens: "25:00"\n  closes: "17:30"'),
        "working_time.opens: '25:00' does not match the expected form",
        id="bad-clock-time",
    ),
    pytest.param(
        _replace("  region: england-and-wales", "  region: wales"),
        "working_time.region: 'wales' is not allowed; expected one of: england-and-wales, "
        "scotland, northern-ireland",
        id="unknown-region",
    ),
    pytest.param(
        _replace("  - id: respond-email", "  - id: respond-letter"),
        "commitments[1].id: 'respond-letter' is used twice",
        id="duplicate-commitment",
    ),
    pytest.param(
        _replace('  opens: "09:00"\n  closes: "17:30"', '  opens: "17:30"\n  closes: "09:00"'),
        "working_time.opens: '17:30' is not before closes '09:00'",
        id="opens-after-closes",
    ),
    pytest.param(
        _replace("id: infinity-group\n", "id: [infinity-group\n"),
        "not valid YAML",
        id="bad-yaml",
    ),
    pytest.param(
        lambda _: "- just\n- a list\n",
        "(top level): ['just', 'a list'] is not of type 'object'",
        id="not-a-mapping",
    ),
]


@pytest.mark.parametrize(("damage", "expected"), BROKEN_CODES)
def test_a_broken_code_is_refused_naming_file_field_and_expectation(
    tmp_path: Path, damage: Callable[[str], str], expected: str
) -> None:
    path = tmp_path / "infinity-group.yaml"
    path.write_text(damage(INFINITY_GROUP), encoding="utf-8")
    with pytest.raises(CodeFileError) as raised:
        load_code_file(path)
    assert raised.value.path == path
    assert str(path) in str(raised.value)
    assert any(expected in problem for problem in raised.value.problems), raised.value.problems


def test_bad_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("id: infinium\nsource: [unclosed\nreference_prefix: IN\n", encoding="utf-8")
    with pytest.raises(CodeFileError) as raised:
        load_code_file(path)
    (problem,) = raised.value.problems
    assert problem.startswith("line 3, column ")
    assert "not valid YAML" in problem


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CodeFileError, match=r"\(file\): cannot be read"):
        load_code_file(tmp_path / "nowhere.yaml")


def test_every_problem_is_listed_at_once(tmp_path: Path) -> None:
    text = INFINITY_GROUP.replace("unit: working_days}", "unit: fortnights}").replace(
        "reference_prefix: IG", "reference_prefix: ig"
    )
    path = tmp_path / "infinity-group.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CodeFileError) as raised:
        load_code_file(path)
    fields = [problem.split(":")[0] for problem in raised.value.problems]
    assert fields == [
        "commitments[0].period.unit",
        "commitments[1].period.unit",
        "commitments[2].period.unit",
        "reference_prefix",
    ]


def test_a_directory_refuses_an_id_that_does_not_match_its_file(tmp_path: Path) -> None:
    (tmp_path / "other.yaml").write_text(INFINITY_GROUP, encoding="utf-8")
    with pytest.raises(CodeFileError, match="id: 'infinity-group' should match the file name"):
        load_all_codes(tmp_path)


def test_a_directory_refuses_a_reference_prefix_used_twice(tmp_path: Path) -> None:
    (tmp_path / "infinity-group.yaml").write_text(INFINITY_GROUP, encoding="utf-8")
    copy = INFINITY_GROUP.replace("id: infinity-group", "id: x-copy")
    (tmp_path / "x-copy.yaml").write_text(copy, encoding="utf-8")
    with pytest.raises(CodeFileError) as raised:
        load_all_codes(tmp_path)
    assert raised.value.path == tmp_path / "x-copy.yaml"
    assert raised.value.problems == ["reference_prefix: 'IG' is already used by 'infinity-group'"]


# --- today's rules table --------------------------------------------------------------------------

RULES = RULES_PATH.read_text(encoding="utf-8")


def test_the_rules_table() -> None:
    rules = load_rules()
    assert [(w.weeks, w.starts, w.ends) for w in rules.adr_waits] == [
        (8, None, date(2026, 4, 7)),
        (6, date(2026, 4, 8), None),
    ]
    assert rules.limit_after_letter_months == 12
    assert rules.max_employees == 10
    assert rules.excluded_categories == ()  # the price exclusion is narrow, not a category
    assert rules.letter_opens_at_once and rules.letter_since == date(2018, 10, 1)
    assert [s.name for s in rules.schemes] == ["CISAS", "Communications Ombudsman"]
    assert rules.scheme_named("Ombudsman Services: Communications") == (rules.schemes[1], True)
    assert rules.scheme_named("cisas") == (rules.schemes[0], False)
    assert rules.scheme_named("Ofcom") is None
    assert rules.not_a_scheme("Ofcom") is not None


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "until: 2026-04-07",
            "until: 2026-04-06",
            "adr_wait[1].from: expected the day after the previous row's `until`",
            id="gap",
        ),
        pytest.param(
            "until: 2026-04-07",
            "until: 2026-04-09",
            "adr_wait[1].from: expected the day after the previous row's `until`",
            id="overlap",
        ),
        pytest.param(
            "  - weeks: 8\n    until",
            "  - weeks: 8\n    from: 2012-01-01\n    until",
            "adr_wait[0].from: the first row must have no start date",
            id="closed-start",
        ),
        pytest.param(
            "    from: 2026-04-08\n",
            "    from: 2026-04-08\n    until: 2030-01-01\n",
            "adr_wait[1].until: the last row must have no end date",
            id="closed-end",
        ),
        pytest.param(
            "  - weeks: 6",
            "  - weeks: six",
            "adr_wait[1].weeks: 'six' is not of type 'integer'",
            id="weeks-not-a-number",
        ),
        pytest.param(
            "from: 2026-04-08",
            "from: 8 April 2026",
            "adr_wait[1].from: '8 April 2026' does not match the expected form",
            id="date-not-iso",
        ),
        pytest.param(
            "limit_after_letter:\n  months: 12\n  source: Ofcom consumer help pages on ADR; "
            "CISAS eligibility rules (CEDR)\n",
            "",
            "limit_after_letter: is required but missing",
            id="missing-limit",
        ),
    ],
)
def test_a_malformed_rules_table_is_refused_naming_the_field(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    assert old in RULES
    path = tmp_path / "rules.yaml"
    path.write_text(RULES.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(CodeFileError) as raised:
        load_rules(path)
    assert raised.value.path == path
    assert any(expected in problem for problem in raised.value.problems), raised.value.problems
