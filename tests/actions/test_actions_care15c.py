"""What care15a left open (issue 18, round 15, helper care15c), through the actions. Each test
failed before the change.

- The call-back question's own buttons, for a customer who cannot take voice calls: contact at a
  time in their way, never "a call" (the payload sets the same slot value, the title typed is
  read as that choice).
- A time within the phone hours, for such a customer: never "Our phone lines are open ...", but
  that they will be contacted in their way.
- A time asked for on a logged case hears the way too.
- A trusted person's number typed at the offer of help or at the accessibility question is kept
  with the need for someone to speak for the customer.

"Today" is Tuesday 22 December 2026, 10:00; each test has its own SQLite case store.
"""

from __future__ import annotations

import os
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from actions.status import ActionTalkToHuman
from bot.cases.needs import needs_by_reference
from bot.cases.store import CaseStore
from bot.cases.verification import CaseVerification
from bot.vulnerability import AT_A_TIME_TO_AGREE, call_back_way
from rasa_plugins.form_answers import _chooses_a_call_back_way
from tests.action_support import (
    CONSUMER_FORM,
    NOW,
    form_answer,
    make_tracker,
    open_store,
    rendered,
    responses,
    run_action,
    user_event,
)
from tests.cases_support import make_intake

pytestmark = pytest.mark.usefixtures("action_database")

BSL = "I was charged twice. I'm deaf and use BSL, I cannot use a voice phone."
RELAY = "I was charged twice. I use text relay, I can't hear on the phone."
DAUGHTER = "my daughter will speak for me, her number is 07700 900456"
DEAF = {
    **CONSUMER_FORM,
    "complaint_description": BSL,
    "circumstances": ["disability"],
    "support_offer": "yes",
}
LONDON = ZoneInfo("Europe/London")
TODAY = datetime(2026, 12, 22, 10, 0, tzinfo=LONDON)


def _ask_which(description: str) -> list[dict]:
    from actions.vulnerability import ActionAskCallBackWhich

    slots = {
        **CONSUMER_FORM,
        "complaint_description": description,
        "support_needs": {"needs": ["call_back"], "at": NOW},
        "requested_slot": "call_back_which",
    }
    tracker = make_tracker(slots, text=description, events=[user_event(description)])
    messages, _ = run_action(ActionAskCallBackWhich(), tracker)
    return messages


# --- the call-back question's buttons --------------------------------------------------------


@pytest.mark.parametrize(
    ("description", "way"),
    [(BSL, "video relay (BSL)"), (RELAY, "text relay (Relay UK)")],
)
def test_the_call_back_buttons_offer_contact_in_their_way(description: str, way: str) -> None:
    messages = _ask_which(description)
    said = " ".join(rendered(m) for m in messages)
    buttons = [b for m in messages for b in m.get("buttons") or []]
    titles = [b["title"] for b in buttons]
    assert f"Contact at a time that suits me (by {way})" in titles
    assert not any("call" in t.lower() for t in titles)
    assert "a call from us" not in said
    payloads = [b["payload"] for b in buttons]
    assert '/inform{"call_back_which":"call_back_time"}' in payloads
    assert '/inform{"call_back_which":"writing_only"}' in payloads


def test_the_call_back_buttons_stay_a_call_for_anyone_else() -> None:
    messages = _ask_which("I was charged twice for December.")
    assert responses(messages) == ["utter_ask_call_back_which"]


@pytest.mark.parametrize("way", ["video relay (BSL)", "text relay (Relay UK)"])
def test_the_new_title_typed_is_read_as_that_choice(way: str) -> None:
    title = f"Contact at a time that suits me (by {way})"
    assert call_back_way(title) == ("call_back_time", AT_A_TIME_TO_AGREE)
    assert _chooses_a_call_back_way(title)


# --- the phone hours within them --------------------------------------------------------------


def test_a_time_within_hours_is_not_the_phone_lines_for_a_bsl_user() -> None:
    messages, slots = form_answer(
        "mornings suit me best", "support_needs", {**DEAF, "support_needs": None}
    )
    assert slots["support_needs"]["details"]["contact_way"] == "video relay (BSL)"
    said = " ".join(rendered(m) for m in messages)
    assert "utter_call_back_hours" not in responses(messages)
    assert "phone lines" not in said
    told = rendered(next(m for m in messages if m["response"] == "utter_contact_in_their_way"))
    assert "video relay (BSL)" in told and "not by a voice call" in told


# --- a time on a logged case ------------------------------------------------------------------


def _verified(action_store: CaseStore) -> str:
    case = action_store.create_case(
        make_intake(channel="chat"), received=TODAY, actor="assistant", channel="chat"
    )
    with open_store(os.environ["DATABASE_URL"]) as store:
        CaseVerification(store).record_owner(
            case.reference, conversation_id="conversation-1", channel="rest", now=TODAY
        )
    return case.reference


def test_a_time_on_a_logged_case_hears_the_way(action_store: CaseStore) -> None:
    reference = _verified(action_store)
    asked = "can someone contact me tomorrow at 10am"
    tracker = make_tracker(
        {"verified_reference": reference},
        text=asked,
        intent="talk_to_human",
        events=[user_event(BSL), user_event(asked, "talk_to_human")],
    )
    messages, _ = run_action(ActionTalkToHuman(), tracker)
    with open_store(os.environ["DATABASE_URL"]) as store:
        needs = [n.need for n in needs_by_reference(store).get(reference, [])]
    assert any("by video relay (BSL), never a voice call" in n for n in needs), needs
    assert "utter_call_back_hours" not in responses(messages)
    assert "utter_contact_in_their_way" in responses(messages)
    assert "call you" not in " ".join(rendered(m) for m in messages)


# --- a trusted person's number at the offer and the accessibility question --------------------


@pytest.mark.parametrize("asked", ["support_offer", "accessibility_needs"])
def test_a_trusted_persons_number_is_kept_with_the_need(asked: str) -> None:
    messages, slots = form_answer(DAUGHTER, asked, {**DEAF, asked: None})
    assert slots.get("customer_phone") != "07700 900456"
    agreed = slots["support_needs"]
    assert "someone_to_speak" in agreed["needs"]
    assert agreed["details"]["someone_to_speak"] == "daughter, on 07700 900456"
    assert "their number, not yours" in " ".join(rendered(m) for m in messages)


def test_the_hint_at_the_call_back_question_is_in_their_way() -> None:
    before = {**DEAF, "support_needs": {"needs": ["call_back"], "at": NOW}}
    messages, _ = form_answer("hmm what", "call_back_which", before)
    assert responses(messages) == ["utter_hint_call_back_which_by_way"]
    said = rendered(messages[0])
    assert "video relay (BSL)" in said and "call" not in said.lower()
