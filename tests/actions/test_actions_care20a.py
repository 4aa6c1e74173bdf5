"""Customers in vulnerable circumstances, outside testers round 14 (issue 18, care20a): at the
numbered help list, exclusions are exact ("all except the last two"), "neither" records nothing,
and every list form ("number 1 and 4", "numbers 2 and 3") picks exactly those. Each test failed
before the change."""

from __future__ import annotations

import pytest

from tests.action_support import form_answer

INTENTS = ["inform", "deny", "affirm", "nlu_fallback"]
# The invictanet list for a deaf customer: 1 priority repair, 2 formats, 3 text relay,
# 4 call back / writing only, 5 someone to speak for you.
DEAF = {"circumstances": ["disability"], "support_offer": "yes"}
ALL = ["priority_fault_repair", "accessible_formats", "text_relay", "call_back", "someone_to_speak"]


def _needs(said: str, intent: str) -> object:
    _, slots = form_answer(said, "support_needs", DEAF, intent=intent)
    return slots.get("support_needs")


@pytest.mark.parametrize("intent", INTENTS)
@pytest.mark.parametrize(
    ("said", "chosen"),
    [
        ("all except the last two", ALL[:3]),
        ("all but the last", ALL[:4]),
        ("everything except the last one", ALL[:4]),
        ("all except the first two", ALL[2:]),
        ("all of them but not the second", [ALL[0], *ALL[2:]]),
        ("all except 4", [*ALL[:3], ALL[4]]),
    ],
)
def test_exclusions_are_exact(said: str, chosen: list[str], intent: str) -> None:
    """F17: "all except the last two" recorded the fourth need, which she had excluded."""
    needs = _needs(said, intent)
    assert isinstance(needs, dict), needs
    assert needs["needs"] == chosen


@pytest.mark.parametrize("intent", INTENTS)
@pytest.mark.parametrize(
    "said", ["neither", "none of them", "I don't want either", "neither of them", "none"]
)
def test_neither_records_nothing(said: str, intent: str) -> None:
    """F17: "neither" was then recorded as "contact only in writing"."""
    assert _needs(said, intent) == "none"


@pytest.mark.parametrize("intent", INTENTS)
@pytest.mark.parametrize(
    ("said", "chosen"),
    [
        ("number 1 and 4", [ALL[0], ALL[3]]),
        ("numbers 2 and 3", ALL[1:3]),
        ("numbers 2 and 3 please", ALL[1:3]),
        ("2 and 3", ALL[1:3]),
        ("2, 3", ALL[1:3]),
        ("2 & 3", ALL[1:3]),
        ("the 2nd and 3rd", ALL[1:3]),
        ("one and four", [ALL[0], ALL[3]]),
        ("nos 2 and 5", [ALL[1], ALL[4]]),
        ("number 1 and 4. my neighbour Jean Evans can speak for me", [ALL[0], ALL[3]]),
    ],
)
def test_every_list_form_picks_exactly_those(said: str, chosen: list[str], intent: str) -> None:
    """F24: "number 1 and 4" recorded only the first; F25: "numbers 2 and 3" was not understood."""
    needs = _needs(said, intent)
    assert isinstance(needs, dict), needs
    assert needs["needs"] == chosen


# --- "neither" at "a call at a time that suits you, or contact in writing only?" (F17) ----------

BEREAVED = {
    "complaint_category": "billing",
    "complaint_description": "I'm hard of hearing and use Relay UK",
    "circumstances": ["disability"],
    "support_offer": "yes",
}


@pytest.mark.parametrize("intent", INTENTS + ["stop"])
@pytest.mark.parametrize(
    "said",
    [
        "neither",
        "neither of them",
        "I don't want either",
        "none of them",
        "neither, i said all except the last two. i didnt want number 4",
    ],
)
def test_neither_drops_the_call_back_need_and_never_records_writing(said: str, intent: str) -> None:
    """F17: "neither" recorded "contact only in writing" for a Relay UK user; "neither of them"
    was recorded "as you agreed"."""
    agreed = {"needs": ["text_relay", "call_back"], "at": "2026-12-22T10:00:00+00:00"}
    messages, slots = form_answer(
        said, "call_back_which", {**BEREAVED, "support_needs": agreed}, intent=intent
    )
    assert slots["support_needs"]["needs"] == ["text_relay"]
    assert slots["call_back_which"] is not None  # answered: not asked again
    said_back = [m.get("response") for m in messages]
    assert "utter_call_back_way_kept" not in said_back
    assert "utter_call_back_way_noted" not in said_back


def test_neither_when_it_was_the_only_need_records_none() -> None:
    agreed = {"needs": ["call_back"], "at": "2026-12-22T10:00:00+00:00"}
    _, slots = form_answer("neither", "call_back_which", {**BEREAVED, "support_needs": agreed})
    assert slots["support_needs"] == "none"
