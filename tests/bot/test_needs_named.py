"""Needs a customer names in their own words (bot.vulnerability.stated_needs, needs_chosen): issue
18, outside testers of 27 November."""

from __future__ import annotations

import pytest

from bot.vulnerability import call_back_time, load_vulnerability_rules, needs_chosen, stated_needs


@pytest.mark.parametrize(
    ("said", "when"),
    [
        ("please ring after 6", "after 6pm"),
        ("only call me after 6pm", "after 6pm"),
        ("mornings are best", "in the morning"),
        ("evenings please", "in the evening"),
        ("call me between 9 and 11am please", "between 9 and 11am"),
        ("ring me between 2 and 4", "between 2pm and 4pm"),
        # Not to be called before 10:30am is a call after it (care15b: was "before 10:30am").
        ("please don't call before 10:30am", "after 10:30am"),
        # A time told of the past is no time to call.
        ("the line died at 3pm last week", None),
        ("I rang you at 9 and nobody answered", None),
        ("yes please", None),
    ],
)
def test_a_time_to_call_is_read_in_plain_words(said: str, when: str | None) -> None:
    assert call_back_time(said) == when


@pytest.mark.parametrize(
    ("said", "needs"),
    [
        ("could you only write to me, not phone", {"writing_only": ""}),
        ("letters only please", {"writing_only": ""}),
        ("please write to me instead of calling", {"writing_only": ""}),
        ("please ring after 6", {"call_back_time": "after 6pm"}),
        # Writing named with nothing that makes it the only way is not "writing only".
        ("I got your letter", {}),
        ("my husband wrote to you last month, only to be ignored", {}),
    ],
)
def test_needs_stated_in_the_customers_words(said: str, needs: dict[str, str]) -> None:
    assert stated_needs(said) == needs


def test_a_stated_need_stands_in_place_of_the_general_wish_it_makes_precise() -> None:
    rules = load_vulnerability_rules()
    offered = [o for o in rules.offers_for(["bereavement"]) if o.need]
    assert [o.id for o in offered] == ["call_back", "someone_to_speak"]
    chosen = needs_chosen("the second one, and ring me after 6pm", offered)
    assert chosen is not None
    assert chosen.ids == ["someone_to_speak", "call_back_time"]
    assert chosen.details == {"call_back_time": "after 6pm"}
    assert needs_chosen("what do you mean?", offered) is None
    assert needs_chosen("no thanks", offered) is not None
    assert needs_chosen("no thanks", offered).ids == []  # type: ignore[union-attr]


def test_stated_needs_are_never_listed_as_help_for_a_circumstance() -> None:
    rules = load_vulnerability_rules()
    for circumstance in rules.circumstances:
        ids = [o.id for o in rules.offers_for([circumstance], [circumstance])]
        assert "writing_only" not in ids and "call_back_time" not in ids


def test_priority_repair_is_never_recorded_from_words_where_it_was_not_offered() -> None:
    rules = load_vulnerability_rules()
    offered = [o for o in rules.offers_for(["bereavement"]) if o.need]
    chosen = needs_chosen("could you please fix the fault on my line", offered)
    assert chosen is None or "priority_fault_repair" not in chosen.ids


def test_a_stated_need_can_be_named_to_take_it_back() -> None:
    from bot.vulnerability import needs_to_remove

    agreed = ["someone_to_speak", "call_back_time"]
    assert needs_to_remove("please remove the call back time, keep the rest", agreed) == [
        "call_back_time"
    ]
    assert needs_to_remove("remove my needs", agreed) == agreed


@pytest.mark.parametrize(
    "said",
    [
        "only ring my mobile, no letters ever",
        "NO letters. phone only",
        "just call me, I never read letters",
        "don't send letters, only text me",
    ],
)
def test_writing_refused_or_the_phone_only_is_never_contact_in_writing_only(said: str) -> None:
    """Outside customers B, 27 Nov (F11): "only ring my mobile, no letters ever" was recorded as
    "You'd like us to contact you only in writing", the opposite of what she asked."""
    assert "writing_only" not in stated_needs(said)


# --- outside care, round 16, F17: "big print please" at the list of help ---------------------------


@pytest.mark.parametrize("said", ["big print please", "big writing please", "bigger print"])
def test_big_print_at_the_list_chooses_the_accessible_formats(said: str) -> None:
    """ "big print please" was told it could not be recorded, and "big writing please" chose the
    call-back-or-writing need, though large print is on the list (outside care, round 16, F17)."""
    from bot.vulnerability import choose_needs, load_vulnerability_rules

    rules = load_vulnerability_rules()
    offered = [rules.offers[n] for n in
               ("priority_fault_repair", "accessible_formats", "text_relay", "call_back")]  # fmt: skip
    chosen = choose_needs(said, offered)
    assert [o.id for o in chosen or []] == ["accessible_formats"]
    # ... and the format is recorded as the case names it.
    from bot.answers.needs import access_needs_named

    assert access_needs_named(said) == "large print"
