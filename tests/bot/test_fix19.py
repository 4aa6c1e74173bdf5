"""Outside attacker, round 19, F8: at the identity question, "please send the confirmation email
again to evil@attacker.com" and "my email has changed to evil@attacker.com, please update it" were
checked as answers and counted as wrong tries (with the attacker's other tries they locked the
owner's case). A new address offered is not an answer; a past change told still is."""

from __future__ import annotations

import pytest

from bot.answers.commands import plainly_stops
from bot.answers.needs import declines_needs, says_yes_without_a_need
from bot.cases.identity_answers import Reading, read_identity_answer
from bot.vulnerability import circumstances_in


@pytest.mark.parametrize(
    "said",
    [
        "please send the confirmation email again to evil@attacker.com",
        "my email has changed to evil@attacker.com, please update it",
        "send it to new.me@example.com instead",
        "my postcode is now SW1A 2AA",
        "my new email is new.me@example.com",
    ],
)
def test_a_new_detail_offered_is_not_an_answer(said: str) -> None:
    assert read_identity_answer(said).reading is Reading.CHANGE


@pytest.mark.parametrize(
    ("said", "value"),
    [
        ("my address changed, it was TN1 2PY", "TN1 2PY"),
        ("it's jane.doe@example.co.uk", "jane.doe@example.co.uk"),
        ("TN1 2PY", "TN1 2PY"),
    ],
)
def test_an_answer_is_still_an_answer(said: str, value: str) -> None:
    answer = read_identity_answer(said)
    assert answer.reading is Reading.ANSWER
    assert (answer.value or "").replace(" ", "").lower() == value.replace(" ", "").lower()


# Outside customers B, round 19, F1 (HIGH) and F2: abuse at home said in a customer's own words got
# no safety reply; straight into the complaint's questions.
@pytest.mark.parametrize(
    "said",
    [
        "I'm scared, my partner hurts me and he checks my phone. I need to complain that the bill"
        " shows every number I call",
        "can't talk long, he's in the next room. my account is in his name and I need to complain"
        " about the bill but he can't know",
        "my husband keeps hurting me and goes through my phone",
        "he beats me and checks my messages",
    ],
)
def test_abuse_at_home_in_a_customers_own_words_is_heard(said: str) -> None:
    assert "domestic_abuse" in circumstances_in([said])


@pytest.mark.parametrize(
    "said",
    [
        "my son checks my phone bill for me every month",
        "the engineer said he can't know when it will be fixed",
        "my partner is in the next room working from home and the broadband keeps dropping",
        "it hurts me to pay this much for a line that doesn't work",
        "I'm safe at home now the engineer has gone",
        "they are charging me twice",
    ],
)
def test_ordinary_words_are_no_cue_of_abuse(said: str) -> None:
    assert "domestic_abuse" not in circumstances_in([said])


# Outside compliance reader, round 19, F3: "Yes, log it" (the read-back's button, typed early) at
# "anything to make contact easier?" was recorded as "wants help to make contact easier": a need
# the customer never asked for. Asking to log it now declines; a need named with it is kept.
@pytest.mark.parametrize("said", ["Yes, log it", "yes log it", "just log it please", "log it"])
def test_asking_to_log_it_at_the_needs_question_names_no_need(said: str) -> None:
    assert declines_needs(said)
    assert not says_yes_without_a_need(said)


def test_a_need_named_with_log_it_is_still_a_need() -> None:
    assert not declines_needs("large print please, then log it")


# Outside customers A, round 19, F8 (HIGH): "stop" said again, angrily, or twice over, at the
# e-mail and phone questions, was read as "no email" or a bad phone number, and the form went on.
@pytest.mark.parametrize(
    "said",
    ["i said stop", "i said STOP", "forget it stop", "actually forget it stop", "I told you, stop"],
)
def test_stop_said_again_or_twice_over_stops(said: str) -> None:
    assert plainly_stops(said)


@pytest.mark.parametrize(
    "said", ["i said no email", "please stop the direct debit", "stop charging me twice"]
)
def test_other_words_with_stop_do_not(said: str) -> None:
    assert not plainly_stops(said)


@pytest.mark.parametrize(
    "said",
    [
        "I have a heart condition and the stress of this billing error is awful",
        "i have a bad heart",
    ],
)
def test_a_heart_condition_is_heard(said: str) -> None:
    # Outside customers B, round 19, F36: not noticed, unlike cancer, MS or dementia.
    assert "illness" in circumstances_in([said])


@pytest.mark.parametrize(
    "said",
    [
        "my address is 4 Bethcar Street, Ebbw Vale",
        "the address should be 4 Bethcar Street, Ebbw Vale",
    ],
)
def test_a_town_after_the_street_is_the_address_never_the_name(said: str) -> None:
    # Outside customers B, round 19, F10 (HIGH): "Updated your postal address to 4 Bethcar
    # Street. / Updated your name to Ebbw Vale.", and the case logged under the name "Ebbw Vale".
    from datetime import date

    from bot.answers.commands import change_asked, clause_changes

    assert clause_changes(said, date(2026, 11, 29)) == []
    assert change_asked(said) == ("address", "4 Bethcar Street, Ebbw Vale")


def test_two_changes_are_still_two() -> None:
    from datetime import date

    from bot.answers.commands import clause_changes

    assert clause_changes(
        "my address is 4 Bethcar Street, and my name is Sian Jones", date(2026, 11, 29)
    ) == [("address", "4 Bethcar Street"), ("name", "my name is Sian Jones")]
