"""Outside care, round 16 (fix16b): F5 urgent help for a line down in everyday words, F10 a "never
e-mail me" wish never sets e-mail, F15 the account holder's name at the read-back never renames
the complainant, F6 a trusted person's number never stored as the customer's own. Each test
failed before the change."""

from __future__ import annotations

from typing import Any

import pytest

from tests.action_support import make_tracker, rendered, responses, run_action, slots_set

PROVIDERS = ["infinity-group", "infinium"]


def _said(messages: list[dict[str, Any]]) -> str:
    return " ".join(str(m.get("help") or "") for m in messages)


# --- F5: a line down for someone 84 and alone, said in everyday words ----------------------------


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    "text",
    [
        "hello dear my phone has not worked since last thursday and my alarm pendant doesnt work "
        "either, im 84 and on my own. my neighbour is typing this for me",
        "my phone hasnt worked since thursday and im 84 and live alone",
        "my phone isnt working and I rely on it because I'm disabled and housebound",
    ],
)
def test_a_line_down_in_everyday_words_gets_999_the_fault_line_and_priority_repair_at_once(
    provider: str, text: str
) -> None:
    from actions.intake import ActionStartComplaint

    tracker = make_tracker({"provider": provider}, text=text, intent="make_complaint")
    messages, events = run_action(ActionStartComplaint(), tracker)
    said = responses(messages)
    assert said[0] == "utter_urgent_help" and "999" in _said(messages)
    assert any(r.startswith("utter_fault_line") for r in said)
    assert "utter_line_down_priority_repair" in said
    assert slots_set(events)["urgent_help_given"] == ["line_down"]


# --- F15: the account holder's name at the read-back never renames the complainant --------------

FOR_DAD = "I'm complaining for my dad, he is 92 and has dementia, he was sold a contract by phone"


def _at_read_back(said: str) -> Any:
    from tests.action_support import CONSUMER_FORM, at_read_back

    slots = {**CONSUMER_FORM, "customer_name": "Mark Fenwick", "complaint_description": FOR_DAD}
    return at_read_back(said, "inform", slots, earlier=FOR_DAD, provider="infinity-group")


@pytest.mark.parametrize(
    "said",
    [
        "his name is Arthur Fenwick",
        "my dad's name is Arthur Fenwick",
        "the account holder's name is Arthur Fenwick",
        "her name is Margaret Hill",
    ],
)
def test_the_account_holders_name_at_the_read_back_leaves_the_customers_name(said: str) -> None:
    from actions.intake import ActionChangeComplaint

    messages, events = run_action(ActionChangeComplaint(), _at_read_back(said))
    assert slots_set(events).get("customer_name", "Mark Fenwick") == "Mark Fenwick"
    assert "Updated your name" not in " ".join(rendered(m) for m in messages)
    assert "account_number" not in slots_set(events)
    if said != "her name is Margaret Hill":  # no mum named as the account holder here
        noted = [rendered(m) for m in messages if m["response"] == "utter_account_holder_noted"]
        assert noted and "Arthur Fenwick" in noted[0]


def test_my_name_is_with_his_name_after_it_keeps_only_mine() -> None:
    from actions.intake import ActionChangeComplaint

    said = "no MY name is Mark Fenwick, his is Arthur"
    tracker = _at_read_back(said)
    tracker.slots["customer_name"] = "Arthur Fenwick"
    _, events = run_action(ActionChangeComplaint(), tracker)
    assert slots_set(events).get("customer_name") == "Mark Fenwick"


def test_my_name_then_whose_account_it_is_changes_only_my_name() -> None:
    from actions.intake import ActionChangeComplaint

    said = "my name is just Mark Fenwick. the account is in my dads name, Arthur Fenwick"
    tracker = _at_read_back(said)
    tracker.slots["customer_name"] = "Mark Fenwick, my dad is Arthur Fenwick"
    messages, events = run_action(ActionChangeComplaint(), tracker)
    assert slots_set(events).get("customer_name") == "Mark Fenwick"
    assert "account_number" not in slots_set(events)


# --- F10: "never email me" never sets contact by e-mail, and is noted --------------------------

NEVER_EMAIL = (
    "i first asked you on the 14th of november. and please put on it never to email me or write "
    "to the old house, he reads everything"
)


@pytest.mark.parametrize("preference", ["phone", "email"])
@pytest.mark.parametrize("said", [NEVER_EMAIL, "never email me", "dont ever email me"])
def test_never_email_me_at_the_read_back_is_noted_and_never_sets_email(
    said: str, preference: str
) -> None:
    from actions.conversation import read_back_routed
    from actions.intake import ActionChangeComplaint
    from tests.action_support import CONSUMER_FORM, at_read_back

    slots = {**CONSUMER_FORM, "contact_preference": preference, "customer_phone": "07700 900555"}
    tracker = at_read_back(said, "inform", slots, provider="invictanet")
    assert read_back_routed(tracker) == [
        {"event": "followup", "timestamp": None, "name": "action_change_complaint"}
    ]
    messages, events = run_action(ActionChangeComplaint(), tracker)
    now = {**slots, **slots_set(events)}
    assert now["contact_preference"] != "email"
    assert "no e-mail" in str(now["accessibility_needs"])
    said_back = " ".join(rendered(m) for m in messages)
    assert "contact preference to email" not in said_back
    assert "What email address" not in said_back


def test_the_contact_question_after_never_email_me_offers_no_email_button() -> None:
    from actions.intake import ActionAskContactPreference

    tracker = make_tracker({"provider": "invictanet", "customer_email": "sam@example.co.uk",
                            "customer_phone": "07700 900555",
                            "accessibility_needs": "no e-mail"})  # fmt: skip
    messages, _ = run_action(ActionAskContactPreference(), tracker)
    asked = [m for m in messages if m["response"] == "utter_ask_contact_preference"][0]
    payloads = [b["payload"] for b in asked.get("buttons") or []]
    assert payloads and not any('"email"' in p for p in payloads)


# --- F6: a trusted person's number is never kept as the customer's own phone ---------------------


@pytest.mark.parametrize("provider", PROVIDERS)
def test_ring_jean_on_her_number_is_never_the_customers_phone(provider: str) -> None:
    said = (
        "she hasnt got email. and the phone is broken thats the whole problem! "
        "ring jean on 07700 900123"
    )
    before = {"provider": provider, "complaint_category": "fault_repair",
              "complaint_description": "my phone has been dead since thursday",
              "customer_name": "Dorothy Hale"}  # fmt: skip
    # The phone as the slot mappings took it from the message, beside the e-mail answer.
    from actions.intake import ValidateComplaintForm
    from tests.action_support import form_turn

    tracker = form_turn("complaint_form", "customer_email",
                        {"customer_email": said, "customer_phone": "07700 900123"},
                        before=before, text=said)  # fmt: skip
    messages, events = run_action(ValidateComplaintForm(), tracker)
    slots = slots_set(events)
    assert "07700 900123" not in str(slots.get("customer_phone", "07700 900123") or "")
    assert "kept your phone number" not in " ".join(rendered(m) for m in messages)
