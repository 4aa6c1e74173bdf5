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


# --- withdrawing the needs at "Shall I log it?" keeps the complaint (F26, F31) --------------------

READ_BACK_INTENTS = ["deny", "stop", "inform", "affirm", "nlu_fallback", "withdraw_consent"]
RELAY = {"needs": ["text_relay"], "at": "2026-12-22T10:00:00+00:00"}
AUDIO = {
    "needs": ["accessible_formats", "text_relay"],
    "at": "2026-12-22T10:00:00+00:00",
    "details": {"accessible_formats": "audio"},
}


def _routed(said: str, intent: str, agreed: dict, provider: str) -> list[dict]:
    from actions.conversation import read_back_routed
    from tests.action_support import at_read_back

    slots = {"support_needs": agreed, "circumstances": ["disability"], "support_offer": "yes"}
    tracker = at_read_back(said, intent, slots, provider=provider)
    return read_back_routed(tracker) or []


@pytest.mark.parametrize("provider", ["infinium", "invictanet"])
@pytest.mark.parametrize("intent", READ_BACK_INTENTS)
@pytest.mark.parametrize(
    "said",
    [
        "on second thoughts dont keep the relay note, just log the complaint please",
        "dont keep the relay note, just log the complaint",
    ],
)
def test_dont_keep_the_relay_note_just_log_it_drops_that_need(
    said: str, intent: str, provider: str
) -> None:
    """F31: logged WITH the relay note, "As you agreed"."""
    routed = _routed(said, intent, RELAY, provider)
    names = [e.get("name") for e in routed]
    assert "action_ask_confirm_needs_removal" in names, routed
    [removal] = [e for e in routed if e.get("name") == "needs_removal"]
    assert removal["value"]["needs"] == ["text_relay"]
    assert "action_stop_complaint" not in names


@pytest.mark.parametrize("provider", ["infinium", "invictanet"])
@pytest.mark.parametrize("intent", READ_BACK_INTENTS)
@pytest.mark.parametrize(
    "said",
    [
        "actually i've changed my mind, i dont want anything about my needs kept, just the complaint",
        "i dont want anything about my needs kept, just the complaint",
        "i've changed my mind, dont record my needs, just log the complaint",
    ],
)
def test_no_needs_just_the_complaint_never_stops(said: str, intent: str, provider: str) -> None:
    """F26 (twice): "OK, I've stopped. Nothing has been saved." The complaint was lost."""
    routed = _routed(said, intent, AUDIO, provider)
    names = [e.get("name") for e in routed]
    assert "action_stop_complaint" not in names, routed
    [removal] = [e for e in routed if e.get("name") == "needs_removal"]
    assert removal["value"]["needs"] == ["accessible_formats", "text_relay"]
    assert "action_ask_confirm_needs_removal" in names


@pytest.mark.parametrize("provider", ["infinium", "invictanet"])
@pytest.mark.parametrize("intent", READ_BACK_INTENTS)
@pytest.mark.parametrize(
    ("said", "agreed"),
    [
        (
            "actually i've changed my mind, i dont want anything about my needs kept, just the "
            "complaint",
            AUDIO,
        ),
        ("on second thoughts dont keep the relay note, just log the complaint please", RELAY),
    ],
)
@pytest.mark.parametrize("action", ["stop", "submit"])
def test_the_stop_or_the_log_action_asks_about_the_needs_and_keeps_the_complaint(
    said: str, agreed: dict, intent: str, provider: str, action: str
) -> None:
    """F26/F31 through the actions the model's intent leads to (stop, or the log for a yes)."""
    from actions.intake import ActionStopComplaint, ActionSubmitComplaint
    from tests.action_support import at_read_back, run_action

    slots = {"support_needs": agreed, "circumstances": ["disability"], "support_offer": "yes"}
    tracker = at_read_back(said, intent, slots, provider=provider)
    chosen = ActionStopComplaint() if action == "stop" else ActionSubmitComplaint()
    messages, events = run_action(chosen, tracker)
    names = [e.get("name") for e in events]
    assert "action_ask_confirm_needs_removal" in names, (messages, events)
    assert [e for e in events if e.get("name") == "needs_removal"][0]["value"]["needs"] == (
        agreed["needs"]
    )
    assert not messages  # nothing said stopped, nothing logged


@pytest.mark.parametrize("said", ["I don't want either", "neither of them", "none of them"])
def test_a_refusal_at_the_name_question_is_never_the_name(said: str) -> None:
    """F17: "I don't want either" was saved as her name ("Name: I don't want either")."""
    before = {"complaint_category": "billing", "complaint_description": "no signal for weeks"}
    _, slots = form_answer(said, "customer_name", before)
    assert slots.get("customer_name") is None
