"""Each provider's commitments with their due moments, the escalation ladder and ADR rights.

Expected dates are worked out by hand from the 2026-2028 calendars; the provider codes are the real
YAML files in bot/codes/ and the rules are bot/rules/uk-communications.yaml.
"""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.answers.business import HeadCount, stated_business_size
from bot.intake import head_count_answer
from bot.provider_codes import get_code
from bot.regulation import load_rules
from bot.rights import (
    adr_eligibility,
    adr_rights,
    due_moment,
    head_count_rule,
    quote_response_times,
    scheme_exclusions_asked,
)

LONDON = ZoneInfo("Europe/London")
REGULATION_PATH = Path(__file__).resolve().parents[2] / ".." / "shared" / "regulation.md"
UTC = timezone.utc


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def end_of(year: int, month: int, day: int) -> datetime:
    """The close of a whole working day (Invictanet and Infinium state no hours)."""
    return datetime.combine(date(year, month, day), time.max, tzinfo=LONDON)


def dues(provider: str, channel: str, received: datetime) -> dict[str, datetime]:
    quote = quote_response_times(
        get_code(provider), load_rules(), channel=channel, received=received
    )
    return {due.commitment.id: due.due for due in quote.commitments}


# --- the worked example --------------------------------------------------------------------------


def test_worked_example_infinity_group_22_december_2026() -> None:
    """Emailed Tuesday 22 December 2026 at 10:00 to Infinity Group."""
    code, rules = get_code("infinity-group"), load_rules()
    received = at(2026, 12, 22, 10)

    email = quote_response_times(code, rules, channel="email", received=received)
    # 5 working days, skipping Christmas (Fri 25th) and the Boxing Day substitute (Mon 28th).
    assert [(d.commitment.id, d.due) for d in email.commitments] == [
        ("respond-email", at(2026, 12, 31, 17, 30))
    ]
    # A letter received then: 10 working days, skipping 25, 28 December and 1 January.
    letter = quote_response_times(code, rules, channel="letter", received=received)
    assert [(d.commitment.id, d.due) for d in letter.commitments] == [
        ("respond-letter", at(2027, 1, 8, 17, 30))
    ]
    # ADR: the code's 8 weeks -> 16 February 2027; today's 6 weeks -> 2 February 2027.
    adr = email.adr
    assert adr.code_wait_weeks == 8
    assert adr.code_opens == date(2027, 2, 16)
    assert adr.rules_wait.weeks == 6
    assert adr.rules_opens == date(2027, 2, 2)
    assert adr.opens == date(2027, 2, 2)
    assert "earlier-adr" in [f.code for f in adr.better_under_rules]

    as_json = email.to_dict()
    assert as_json["commitments"][0]["due"] == "2026-12-31T17:30:00+00:00"
    assert as_json["commitments"][0]["due_text"] == "Thursday 31 December 2026"
    assert as_json["adr"]["code_opens"] == "2027-02-16"
    assert as_json["adr"]["rules_opens"] == "2027-02-02"
    assert as_json["adr"]["opens"] == "2027-02-02"
    assert as_json["adr"]["opens_text"] == "Tuesday 2 February 2027"


# --- Infinity Group: Monday-Friday 09:00-17:30 ----------------------------------------------------


@pytest.mark.parametrize(
    ("channel", "commitment"),
    [("email", "respond-email"), ("chat", "respond-email"), ("phone", "call-back")],
)
@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (at(2026, 12, 22, 10), at(2026, 12, 31, 17, 30)),  # in hours
        (at(2026, 12, 22, 7, 45), at(2026, 12, 31, 17, 30)),  # before opening: same day counts
        (at(2026, 12, 22, 18), at(2027, 1, 4, 17, 30)),  # evening: from Wed 23rd
        (at(2026, 12, 22, 17, 30), at(2027, 1, 4, 17, 30)),  # at closing: from Wed 23rd
        (at(2026, 12, 26, 11), at(2027, 1, 6, 17, 30)),  # Saturday: from Tue 29th
        (at(2026, 12, 28, 11), at(2027, 1, 6, 17, 30)),  # bank holiday: from Tue 29th
    ],
)
def test_infinity_group_five_working_days(
    channel: str, commitment: str, received: datetime, expected: datetime
) -> None:
    assert dues("infinity-group", channel, received) == {commitment: expected}


def test_infinity_group_letter_received_at_a_weekend() -> None:
    # From Tue 29 Dec: 30, 31, 4, 5, 6, 7, 8, 11, 12, 13 January 2027.
    assert dues("infinity-group", "letter", at(2026, 12, 26, 11)) == {
        "respond-letter": at(2027, 1, 13, 17, 30)
    }


def test_infinity_group_makes_no_timed_promise_for_the_web() -> None:
    assert dues("infinity-group", "web", at(2026, 12, 22, 10)) == {}


# --- Infinity System Solutions: Monday-Friday 09:00-17:00 -----------------------------------------


@pytest.mark.parametrize(
    ("received", "acknowledge", "case_handler", "resolve"),
    [
        # In hours: 24 working hours = Tue 7h + Wed 8h + Thu 8h + Tue 29th 1h. "within the first 3
        # working days" are Tue 22, Wed 23 and Thu 24: the first is the day it is raised (outside
        # compliance reader, F7: dated Tue 29th, a working day late).
        (at(2026, 12, 22, 10), at(2026, 12, 29, 10), at(2026, 12, 24, 10), at(2026, 12, 24, 17)),
        # Friday evening before the clocks go forward (GMT): counts from Mon 30 March 09:00 BST,
        # the 48 plain hours too (regulation.md: a complaint received outside working time counts
        # from the next working period; outside compliance, round 16, F11): Wed 1 April 09:00.
        # The first 3 working days: Mon 30, Tue 31 March, Wed 1 April (F7).
        (at(2026, 3, 27, 18), at(2026, 4, 1, 17), at(2026, 4, 1, 9), at(2026, 4, 1, 17)),
        # Saturday before the clocks go back (BST): counts from Mon 26 October 09:00 GMT.
        # The first 3 working days: Mon 26, Tue 27, Wed 28 October (F7).
        (at(2026, 10, 24, 10), at(2026, 10, 28, 17), at(2026, 10, 28, 9), at(2026, 10, 28, 17)),
        # Easter Monday: counts from Tuesday 7 April.
        # The first 3 working days: Tue 7, Wed 8, Thu 9 April (F7).
        (at(2026, 4, 6, 11), at(2026, 4, 9, 17), at(2026, 4, 9, 9), at(2026, 4, 9, 17)),
        # Before opening on Wednesday 8 April.
        # The first 3 working days: Wed 8, Thu 9, Fri 10 April (F7).
        (at(2026, 4, 8, 8, 30), at(2026, 4, 10, 17), at(2026, 4, 10, 9), at(2026, 4, 10, 17)),
    ],
)
@pytest.mark.parametrize("channel", ["phone", "email", "letter", "fax", "chat"])
def test_infinity_system_solutions(
    channel: str,
    received: datetime,
    acknowledge: datetime,
    case_handler: datetime,
    resolve: datetime,
) -> None:
    assert dues("infinity-system-solutions", channel, received) == {
        "acknowledge": acknowledge,
        "case-handler-contact": case_handler,
        "resolve-or-agree-contact-time": resolve,
    }


def test_infinity_system_solutions_first_reply_and_order() -> None:
    quote = quote_response_times(
        get_code("infinity-system-solutions"),
        load_rules(),
        channel="email",
        received=at(2026, 12, 22, 10),
    )
    assert [d.commitment.id for d in quote.commitments] == [
        "case-handler-contact",  # Thu 24 Dec 10:00
        # "within the first 3 working days": Tue 22, Wed 23, Thu 24 Dec, 17:00 (F7)
        "resolve-or-agree-contact-time",
        "acknowledge",  # Tue 29 Dec 10:00
    ]
    assert quote.first_reply is not None
    assert quote.first_reply.due == at(2026, 12, 24, 10)


# --- Invictanet: whole working days, 1 working day, fax and email (chat counts as email) ---------


@pytest.mark.parametrize("channel", ["fax", "email", "chat"])
@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (at(2026, 12, 22, 10), end_of(2026, 12, 23)),
        (at(2026, 12, 24, 23), end_of(2026, 12, 29)),  # evening (no hours stated: still the 24th)
        (at(2026, 5, 11, 6), end_of(2026, 5, 12)),  # "before opening": no hours, the day counts
        (at(2026, 5, 2, 12), end_of(2026, 5, 6)),  # Saturday -> Tue 5 May (4th: early May)
        (at(2026, 4, 3, 12), end_of(2026, 4, 8)),  # Good Friday -> Tue 7 April
    ],
)
def test_invictanet_one_working_day(channel: str, received: datetime, expected: datetime) -> None:
    assert dues("invictanet", channel, received) == {"respond-complaint": expected}


@pytest.mark.parametrize("channel", ["phone", "letter", "web", "voip"])
def test_invictanet_makes_no_timed_promise_on_other_channels(channel: str) -> None:
    assert dues("invictanet", channel, at(2026, 12, 22, 10)) == {}


def test_a_chat_complaint_counts_as_email() -> None:
    quote = quote_response_times(
        get_code("invictanet"), load_rules(), channel="chat", received=at(2026, 12, 22, 10)
    )
    assert quote.effective_channel == "email"


# --- Infinium: whole days, 3 business days and 10 working days for written correspondence ---------


@pytest.mark.parametrize("channel", ["letter", "email", "chat"])
@pytest.mark.parametrize(
    ("received", "three_business", "ten_working"),
    [
        (at(2026, 12, 22, 10), end_of(2026, 12, 29), end_of(2027, 1, 8)),
        (at(2026, 12, 22, 21), end_of(2026, 12, 29), end_of(2027, 1, 8)),  # evening, same day
        (at(2026, 12, 26, 11), end_of(2027, 1, 4), end_of(2027, 1, 13)),  # Saturday -> Tue 29th
        (at(2026, 8, 31, 9), end_of(2026, 9, 4), end_of(2026, 9, 15)),  # summer bank holiday
    ],
)
def test_infinium(
    channel: str, received: datetime, three_business: datetime, ten_working: datetime
) -> None:
    assert dues("infinium", channel, received) == {
        "reply-correspondence": three_business,
        "respond-written-complaint": ten_working,
    }


def test_infinium_makes_no_timed_promise_by_phone() -> None:
    assert dues("infinium", "phone", at(2026, 12, 22, 10)) == {}


def test_due_moment_refuses_an_unknown_unit() -> None:
    code = get_code("infinium")
    commitment = code.commitments[0]
    broken = type(commitment)(
        id="x", kind="respond", period=type(commitment.period)(2, "fortnights"), quote="q"
    )
    with pytest.raises(ValueError, match="unknown unit 'fortnights'"):
        due_moment(code, broken, at(2026, 12, 22, 10))


# --- escalation ladder ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("provider", "first", "ladder"),
    [
        (
            "infinity-group",
            "Customer Service Team or your Account Manager",
            ["Operations Director", "Managing Director"],
        ),
        (
            "infinity-system-solutions",
            "case handler",
            ["Customer Service Manager/Head of Professional Services"],
        ),
        (
            "infinium",
            "Customer Services (managers at the highest appropriate level)",
            ["Customer Services Department"],
        ),
        ("invictanet", "Customer Services Manager", ["Company Director"]),
    ],
)
def test_escalation_ladder(provider: str, first: str, ladder: list[str]) -> None:
    quote = quote_response_times(
        get_code(provider), load_rules(), channel="email", received=at(2026, 12, 22, 10)
    )
    assert quote.first_handler.role == first
    assert [step.role for step in quote.escalation] == ladder
    assert [step["step"] for step in quote.to_dict()["escalation"]] == list(
        range(1, len(ladder) + 1)
    )


# --- when ADR opens -------------------------------------------------------------------------------


def test_rules_rows_switch_on_8_april_2026() -> None:
    rules = load_rules()
    assert rules.adr_wait_on(date(2012, 1, 1)).weeks == 8
    assert rules.adr_wait_on(date(2026, 4, 7)).weeks == 8
    assert rules.adr_wait_on(date(2026, 4, 8)).weeks == 6
    assert rules.adr_wait_on(date(2040, 1, 1)).weeks == 6


@pytest.mark.parametrize(
    ("provider", "raised", "code_opens", "rules_opens", "opens"),
    [
        # Raised 7 April 2026 (last day of 8 weeks): both say 2 June 2026.
        (
            "infinity-group",
            at(2026, 4, 7, 12),
            date(2026, 6, 2),
            date(2026, 6, 2),
            date(2026, 6, 2),
        ),
        # Raised 8 April 2026: code 8 weeks -> 3 June; rules 6 weeks -> 20 May.
        (
            "infinity-group",
            at(2026, 4, 8, 12),
            date(2026, 6, 3),
            date(2026, 5, 20),
            date(2026, 5, 20),
        ),
        # Infinity System Solutions' "complain through Ofcom after 6 weeks" opens no ADR scheme
        # (Ofcom is not one), so the old 8-week rule stands: 27 April (issue 14).
        (
            "infinity-system-solutions",
            at(2026, 3, 2, 10),
            None,
            date(2026, 4, 27),
            date(2026, 4, 27),
        ),
        # Infinium's 12 weeks from 22 Dec 2026 -> 16 March 2027; rules -> 2 February 2027.
        ("infinium", at(2026, 12, 22, 10), date(2027, 3, 16), date(2027, 2, 2), date(2027, 2, 2)),
        # Invictanet's 12 weeks from 1 April 2026 -> 24 June; the old 8 weeks -> 27 May.
        ("invictanet", at(2026, 4, 1, 10), date(2026, 6, 24), date(2026, 5, 27), date(2026, 5, 27)),
    ],
)
def test_adr_opens_on_the_earlier_of_code_and_rules(
    provider: str, raised: datetime, code_opens: date | None, rules_opens: date, opens: date
) -> None:
    rights = adr_rights(get_code(provider), load_rules(), raised)
    assert (rights.code_opens, rights.rules_opens, rights.opens) == (code_opens, rules_opens, opens)


def test_the_day_a_complaint_was_raised_is_the_london_date() -> None:
    # 23:30 UTC on 7 April 2026 is 00:30 BST on 8 April: the 6-week rule applies.
    rights = adr_rights(
        get_code("infinity-group"), load_rules(), datetime(2026, 4, 7, 23, 30, tzinfo=UTC)
    )
    assert rights.rules_wait.weeks == 6
    assert rights.rules_opens == date(2026, 5, 20)


def test_an_adr_letter_opens_adr_at_once() -> None:
    rights = adr_rights(get_code("infinity-group"), load_rules(), at(2026, 12, 22, 10))
    assert rights.letter_opens_at_once  # today's rules, though the code does not say so
    assert not rights.open_on(date(2027, 2, 1))
    assert rights.open_on(date(2027, 2, 2))
    assert rights.opens_with_letter(date(2027, 1, 10)) == date(2027, 1, 10)
    assert not rights.open_on(date(2027, 1, 9), letter_date=date(2027, 1, 10))
    assert rights.open_on(date(2027, 1, 10), letter_date=date(2027, 1, 10))
    # A letter after the customer's date changes nothing.
    assert rights.opens_with_letter(date(2027, 3, 1)) == date(2027, 2, 2)


# --- time limits ----------------------------------------------------------------------------------


def test_time_limit_after_an_adr_letter_is_the_longer_twelve_months() -> None:
    rights = adr_rights(get_code("infinity-group"), load_rules(), at(2026, 12, 22, 10))
    assert rights.code_limit_after_letter_months == 6
    assert rights.limit_after_letter_months == 12
    assert rights.limit_without_letter_months == 9
    assert rights.apply_until(date(2027, 1, 8)) == date(2028, 1, 8)
    assert rights.apply_until(date(2028, 2, 29)) == date(2029, 2, 28)
    assert "longer-limit" in [f.code for f in rights.better_under_rules]


@pytest.mark.parametrize("provider", ["infinity-system-solutions", "infinium", "invictanet"])
def test_codes_without_a_time_limit_get_the_rules_twelve_months(provider: str) -> None:
    rights = adr_rights(get_code(provider), load_rules(), at(2026, 12, 22, 10))
    assert rights.code_limit_after_letter_months is None
    assert rights.limit_after_letter_months == 12
    assert rights.apply_until(date(2027, 1, 31)) == date(2028, 1, 31)


@pytest.mark.parametrize(
    ("provider", "findings", "current_name"),
    [
        (
            "infinity-group",
            ["earlier-adr", "letter-opens-at-once", "longer-limit", "scheme-renamed"],
            "Communications Ombudsman",
        ),
        ("infinity-system-solutions", ["no-scheme-named", "adr-free"], None),
        ("infinium", ["earlier-adr", "adr-free"], None),
        ("invictanet", ["earlier-adr", "scheme-renamed", "adr-free"], "Communications Ombudsman"),
    ],
)
def test_where_todays_rules_give_the_customer_more(
    provider: str, findings: list[str], current_name: str | None
) -> None:
    rights = adr_rights(get_code(provider), load_rules(), at(2026, 12, 22, 10))
    assert [f.code for f in rights.better_under_rules] == findings
    assert rights.current_scheme_name == current_name
    assert rights.free


# --- eligibility ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "eligible", "reasons"),
    [
        ({"customer_type": "business", "employees": 50}, False, ["business-too-large"]),
        ({"customer_type": "business", "employees": 11}, False, ["business-too-large"]),
        ({"customer_type": "business", "employees": 10}, True, []),
        ({"customer_type": "business"}, None, ["employees-unknown"]),
        # Only the fairness of general price levels is excluded; a pricing complaint keeps ADR.
        ({"customer_type": "consumer", "category": "pricing"}, True, ["price-levels-excluded"]),
        ({"customer_type": "consumer", "category": "billing"}, True, []),
        ({}, None, ["customer-type-unknown"]),
        (
            {"customer_type": "business", "category": "pricing"},
            None,
            ["price-levels-excluded", "employees-unknown"],
        ),
    ],
)
@pytest.mark.parametrize(
    "provider", ["infinity-group", "infinity-system-solutions", "infinium", "invictanet"]
)
def test_eligibility(
    provider: str, kwargs: dict, eligible: bool | None, reasons: list[str]
) -> None:
    if provider == "infinity-system-solutions" and reasons == ["business-too-large"]:
        # Its code names no scheme: one number over the limit, counted the widest way (as its form
        # asks), may be within CISAS's, which counts employees only; so it depends on the scheme.
        eligible, reasons = None, ["business-size-depends-on-scheme"]
    result = adr_eligibility(get_code(provider), load_rules(), **kwargs)
    assert result.eligible is eligible
    assert [r.code for r in result.reasons] == reasons


# --- whom a business's head count includes, by scheme (outside compliance review H2) ------------


def test_each_approved_scheme_says_whom_it_counts_with_its_source() -> None:
    schemes = {s.name: s for s in load_rules().schemes}
    assert schemes["CISAS"].head_count == ("employees",)
    ombudsman = schemes["Communications Ombudsman"]
    assert ombudsman.head_count == ("employees", "contractors", "volunteers")
    assert "counts employees, contractors and volunteers" in ombudsman.head_count_source
    regulation = REGULATION_PATH.read_text(encoding="utf-8")
    assert "Communications Ombudsman counts employees, contractors and volunteers" in regulation


@pytest.mark.parametrize(
    ("provider", "scheme", "counts"),
    [
        ("infinity-group", "Communications Ombudsman", ("employees", "contractors", "volunteers")),
        ("invictanet", "Communications Ombudsman", ("employees", "contractors", "volunteers")),
        ("infinium", "CISAS", ("employees",)),
        # Names Ofcom, no scheme: the widest count, each scheme's rule kept.
        ("infinity-system-solutions", None, ("employees", "contractors", "volunteers")),
    ],
)
def test_the_head_count_follows_the_providers_scheme(
    provider: str, scheme: str | None, counts: tuple[str, ...]
) -> None:
    rule = head_count_rule(get_code(provider), load_rules())
    assert (rule.scheme, rule.counts) == (scheme, counts)


@pytest.mark.parametrize(
    ("provider", "eligible", "reason"),
    [
        # 6 + 7 = 13 > 10 (regulation.md: the Communications Ombudsman counts contractors).
        ("invictanet", False, "business-too-large"),
        ("infinity-group", False, "business-too-large"),
        # CISAS counts employees: 6.
        ("infinium", True, None),
        ("infinity-system-solutions", None, "business-size-depends-on-scheme"),
    ],
)
def test_six_employees_and_seven_contractors_are_counted_as_the_scheme_counts(
    provider: str, eligible: bool | None, reason: str | None
) -> None:
    head = stated_business_size("My business has 6 employees and 7 contractors.")
    assert head == HeadCount((("employees", 6), ("contractors", 7)))
    result = adr_eligibility(
        get_code(provider), load_rules(), customer_type="business", employees=head
    )
    assert result.eligible is eligible
    assert [r.code for r in result.reasons] == ([reason] if reason else [])
    if reason == "business-too-large":
        assert result.reasons[0].text == (
            "A business with 6 employees and 7 contractors cannot use ADR: the Communications "
            "Ombudsman takes businesses with 10 or fewer employees, contractors and volunteers "
            "counted together."
        )
        assert result.reasons[0].facts == {"employees": 13, "max_employees": 10}


def test_a_stored_head_count_is_the_schemes_count() -> None:
    rules = load_rules()
    ombudsman = adr_eligibility(
        get_code("invictanet"), rules, customer_type="business", employees=13
    )
    assert ombudsman.reasons[0].text.startswith(
        "A business with 13 employees, contractors and volunteers cannot use ADR"
    )
    unknown = adr_eligibility(get_code("invictanet"), rules, customer_type="business")
    assert unknown.reasons[0].text == (
        "A business may use ADR only if it has 10 or fewer employees, contractors and volunteers "
        "counted together."
    )
    cisas = adr_eligibility(get_code("infinium"), rules, customer_type="business")
    assert cisas.reasons[0].text == "A business may use ADR only if it has 10 or fewer employees."


@pytest.mark.parametrize(
    ("text", "provider", "stored"),
    [
        ("6 employees and 7 contractors", "invictanet", 13),
        ("6 employees and 7 contractors", "infinium", 6),
        # "a volunteer" is one (outside customers B, 27 Nov: it was not counted at all).
        ("4 staff, 2 freelancers and a volunteer", "infinity-group", 7),
        ("four full-time staff, two part-time staff and 3 volunteers", "infinity-group", 9),
        ("6 employees and 7 contractors", "infinity-system-solutions", 13),
        ("13", "invictanet", 13),  # no group named: the number answers the question as asked
        # Staff as a bare number beside named contractors (outside testing, 27 Nov: stored as
        # 2, and a 27-person firm told the Communications Ombudsman was open).
        ("25 like i said plus 2 contractors", "invictanet", 27),
        ("25 like i said plus 2 contractors", "infinium", 25),
        ("like i said 6 of us plus 3 subbies", "invictanet", 9),
    ],
)
def test_an_answer_naming_groups_is_stored_as_the_schemes_count(
    text: str, provider: str, stored: int
) -> None:
    rule = head_count_rule(get_code(provider), load_rules())
    head = head_count_answer(text, rule)
    assert head is not None and head.counted(rule.counts) == stored


@pytest.mark.parametrize(
    ("provider", "answer", "head"),
    [
        # "How many employees does the business have, and how many contractors and volunteers?"
        # (a code naming no scheme): a bare number is the employees, none of the others said
        # (outside testers, issue 14/15: "40" was 40 counted together, and "depends").
        ("infinity-system-solutions", "40", HeadCount((("employees", 40),))),
        ("infinity-system-solutions", "just me", HeadCount((("employees", 1),))),
        # "How many people work for the business, counting employees, contractors and volunteers
        # together?": the number is that total.
        ("invictanet", "40", HeadCount(unnamed=40)),
        ("infinium", "40", HeadCount(unnamed=40)),
        ("infinity-system-solutions", "8 employees and 5 contractors", None),
    ],
)
def test_a_bare_number_answers_the_head_count_question_as_it_was_asked(
    provider: str, answer: str, head: HeadCount | None
) -> None:
    rule = head_count_rule(get_code(provider), load_rules())
    expected = head or HeadCount((("employees", 8), ("contractors", 5)))
    assert head_count_answer(answer, rule) == expected


def test_forty_employees_are_over_every_schemes_limit() -> None:
    result = adr_eligibility(
        get_code("infinity-system-solutions"),
        load_rules(),
        customer_type="business",
        employees=HeadCount((("employees", 40),)),
    )
    assert result.eligible is False
    assert [r.code for r in result.reasons] == ["business-too-large"]
    assert result.reasons[0].text.startswith("A business with 40 employees cannot use ADR")


@pytest.mark.parametrize(
    ("head", "text"),
    [
        (
            HeadCount((("employees", 8), ("contractors", 5))),
            "Whether a business with 8 employees and 5 contractors can use ADR depends on which "
            "scheme we belong to: CISAS takes businesses with 10 or fewer employees, so it would "
            "take yours (8 employees); the Communications Ombudsman takes businesses with 10 or "
            "fewer employees, contractors and volunteers counted together, so it would not (13 "
            "counted together).",
        ),
        (
            # Exactly at the limit for both.
            HeadCount((("employees", 10),)),
            None,
        ),
        (
            HeadCount((("employees", 1), ("volunteers", 10))),
            "Whether a business with 1 employee and 10 volunteers can use ADR depends on which "
            "scheme we belong to: CISAS takes businesses with 10 or fewer employees, so it would "
            "take yours (1 employee); the Communications Ombudsman takes businesses with 10 or "
            "fewer employees, contractors and volunteers counted together, so it would not (11 "
            "counted together).",
        ),
    ],
)
def test_a_code_naming_no_scheme_says_what_each_scheme_decides_for_the_groups_given(
    head: HeadCount, text: str | None
) -> None:
    """Outside testers (issue 14/15): 8 employees and 5 contractors were "13 employees,
    contractors and volunteers", and the answer only that it depended on the scheme."""
    result = adr_eligibility(
        get_code("infinity-system-solutions"),
        load_rules(),
        customer_type="business",
        employees=head,
    )
    assert [r.text for r in result.reasons] == ([text] if text else [])
    assert result.eligible is (None if text else True)


def test_eligibility_reasons_carry_their_facts() -> None:
    result = adr_eligibility(
        get_code("infinity-group"), load_rules(), customer_type="business", employees=50
    )
    (reason,) = result.reasons
    assert reason.facts == {"employees": 50, "max_employees": 10}
    assert "50 employees" in reason.text
    as_json = quote_response_times(
        get_code("infinity-group"),
        load_rules(),
        channel="email",
        received=at(2026, 12, 22, 10),
        customer_type="business",
        employees=50,
    ).to_dict()
    assert as_json["adr"]["eligible"] is False
    assert as_json["adr"]["eligibility_reasons"][0]["code"] == "business-too-large"


# --- refusing bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"channel": "pigeon"}, "unknown channel 'pigeon'"),
        ({"customer_type": "charity"}, "customer type"),
        ({"category": "weather"}, "unknown category 'weather'"),
        ({"employees": -1}, "cannot be negative"),
        ({"received": datetime(2026, 12, 22, 10)}, "time zone"),
    ],
)
def test_quote_refuses_bad_input(kwargs: dict, message: str) -> None:
    arguments = {"channel": "email", "received": at(2026, 12, 22, 10), **kwargs}
    with pytest.raises(ValueError, match=message):
        quote_response_times(get_code("infinium"), load_rules(), **arguments)


# --- what a scheme does not take (outside compliance review M6) -----------------------------------


def test_cisas_exclusions_are_in_the_rules_with_their_source() -> None:
    cisas = next(s for s in load_rules().schemes if s.name == "CISAS")
    assert cisas.excluded_matters == (
        "fraud",
        "property damage",
        "discrimination",
        "data protection",
    )
    regulation = REGULATION_PATH.read_text(encoding="utf-8")
    assert (
        "CISAS also does not take complaints\nabout fraud, property damage, discrimination or data "
        "protection (CEDR's CISAS application page)"
    ) in regulation
    assert "CEDR's CISAS application page" in cisas.excluded_matters_source


@pytest.mark.parametrize(
    ("provider", "text", "found"),
    [
        (
            "infinium",
            "My complaint is about data protection, can CISAS deal with it?",
            ["data protection"],
        ),
        (
            "infinium",
            "can the ombudsman help with a GDPR breach and discrimination?",
            ["discrimination", "data protection"],
        ),
        ("infinity-group", "can CISAS deal with fraud?", ["fraud"]),
        # "the ombudsman" is the provider's own scheme: the Communications Ombudsman lists none.
        ("infinity-group", "can the ombudsman deal with fraud?", []),
        ("infinium", "how do you protect my data?", []),
    ],
)
def test_the_matters_a_question_names_for_a_scheme(
    provider: str, text: str, found: list[str]
) -> None:
    asked = scheme_exclusions_asked(text, get_code(provider), load_rules())
    assert [m for e in asked for m in e.asked] == found


# --- the day a customer says a complaint was first raised (outside compliance review, H1) ------


@pytest.mark.parametrize(
    ("text", "raised"),
    [
        ("I first complained on 1 April 2026. When can I go to the ombudsman?", date(2026, 4, 1)),
        ("I raised the complaint on 1st April 2026", date(2026, 4, 1)),
        ("I complained on 01/04/2026, can I go now?", date(2026, 4, 1)),
        ("complained on 1/4/26", date(2026, 4, 1)),
        ("first complained 1 April", date(2026, 4, 1)),
        ("first complained on the 1st of Apr.", date(2026, 4, 1)),
        ("complained 1 December", date(2025, 12, 1)),  # this year's is still to come
        ("It's 26 November; I first complained on 1 April 2026.", date(2026, 4, 1)),
        ("complained on 1 December 2026", None),  # still to come
        ("complained on 31/02/2026", None),  # no such day
        ("a complaint from before 8 April 2026", None),  # a rule's bound, not a day raised
        ("when can I go to the ombudsman?", None),
    ],
)
def test_the_day_a_complaint_was_first_raised_is_read_from_the_customers_words(
    text: str, raised: date | None
) -> None:
    from bot.answers.dates import stated_raised_date

    assert stated_raised_date(text, date(2026, 11, 26)) == raised


def test_adr_for_a_stated_day_uses_the_wait_in_force_that_day() -> None:
    from bot.rights import adr_for_stated_date

    code, rules, now = get_code("infinity-group"), load_rules(), at(2026, 11, 26, 9, 30)
    before = adr_for_stated_date(code, rules, date(2026, 4, 1), now)
    assert before is not None and before.open_now
    assert (before.rights.rules_wait.weeks, before.rights.opens) == (8, date(2026, 5, 27))
    after = adr_for_stated_date(code, rules, date(2026, 11, 20), now)
    assert after is not None and not after.open_now
    assert (after.rights.rules_wait.weeks, after.rights.opens) == (6, date(2027, 1, 1))
    assert (
        adr_for_stated_date(code, rules, date(2026, 11, 26), now) is None
    )  # today: today's answer
    assert adr_for_stated_date(code, rules, None, now) is None


def test_a_wall_damaged_by_an_engineer_is_property_damage() -> None:
    """Outside customers A, round 2 (27 Nov): "my engineer damaged my wall" was told CISAS was
    open, with no word that CISAS does not take property damage."""
    from bot.answers.adr import matters_named

    matters = ("fraud", "property damage", "discrimination", "data protection")
    assert matters_named("my engineer damaged my wall", matters) == ["property damage"]
    assert matters_named("the damage to my kitchen ceiling", matters) == ["property damage"]
    assert matters_named("you damaged my trust in you", matters) == []
