"""Outside customers A, round 19, F3 (Infinity Group, case IG-JE91TZ): "hi can u tell me whats
happening with my complaint ref JE91TZ" was asked for its reference again, and "je91tz i said" at
the identity question was then checked as the postcode JE9 1TZ (a Jersey postcode's shape) and
counted as a failed try against the customer's own case.

1. A reference's six characters named as one ("ref JE91TZ", "reference number 8ZBBTK") anywhere in
   a message asking about a complaint are that provider's reference.
2. The reference typed again at the identity question is not a guess: nothing is checked or
   counted, and the customer is told it is the reference and what is needed.
"""

from __future__ import annotations

import pytest

from actions.intake import ActionStartComplaint
from bot.cases import references
from bot.cases.models import VerificationAttemptRecord
from bot.cases.store import CaseStore
from tests.action_support import (
    POSTCODE,
    Conversation,
    make_tracker,
    read_as_intent,
    responses,
    run_action,
    slots_set,
)
from tests.actions.test_actions_status import new_case
from tests.actions.test_actions_vulnerability import describe

pytestmark = pytest.mark.usefixtures("action_database")


def attempts(action_store: CaseStore) -> list[str]:
    with action_store.session_scope() as session:
        return [r.outcome for r in session.query(VerificationAttemptRecord).order_by("id")]


def on_provider(provider: str) -> Conversation:
    talk = Conversation()
    talk.events.append({"event": "slot", "name": "provider", "value": provider})
    return talk


def validated_at(asked: str, said: str, before: dict) -> tuple[list, list]:
    """The complaint form's check of `said`, typed at the question for `asked`."""
    from actions.intake import ValidateComplaintForm
    from tests.action_support import form_turn

    tracker = form_turn("complaint_form", asked, {asked: said}, before=before, text=said)
    return run_action(ValidateComplaintForm(), tracker)


@pytest.fixture(params=["JE91TZ", "8ZBBTK"])
def case(request, action_store: CaseStore, monkeypatch: pytest.MonkeyPatch):
    # JE91TZ has a postcode's shape (JE9 1TZ); 8ZBBTK has not.
    monkeypatch.setattr(references, "random_code", lambda: request.param)
    made = new_case(action_store, provider="infinity-group")
    assert made.reference == f"IG-{request.param}"
    return made


@pytest.mark.parametrize(
    "first",
    [
        "hi can u tell me whats happening with my complaint ref {body}",
        "whats the status of my complaint, reference number {lower}",
        "any news on my complaint? ref: {body} thanks",
    ],
)
def test_a_reference_named_in_a_sentence_without_its_prefix_is_that_case(
    action_store: CaseStore, case, first: str
) -> None:
    body = case.reference.partition("-")[2]
    talk = on_provider("infinity-group")
    said = first.format(body=body, lower=body.lower())
    assert talk.turn(said, "check_case") == ["utter_ask_verification_answer"]
    assert talk.slots()["case_reference"] == case.reference
    assert attempts(action_store) == []
    assert "utter_case_status" in talk.turn(POSTCODE, postcode=POSTCODE)


@pytest.mark.parametrize("again", ["{lower} i said", "{body}", "i already gave it, {body}"])
def test_the_reference_typed_again_at_the_identity_question_is_no_guess(
    action_store: CaseStore, case, again: str
) -> None:
    body = case.reference.partition("-")[2]
    talk = on_provider("infinity-group")
    assert talk.turn("check my complaint", "check_case") == ["utter_ask_case_reference"]
    assert talk.turn(body) == ["utter_ask_verification_answer"]
    replies = talk.turn(again.format(body=body, lower=body.lower()))
    assert "utter_verification_failed" not in replies
    assert replies[0] == "utter_verification_reference_again", replies
    assert attempts(action_store) == []
    assert talk.slots()["case_reference"] == case.reference
    assert "utter_case_status" in talk.turn(POSTCODE, postcode=POSTCODE)


@pytest.mark.parametrize(
    "said",
    [
        "I want to complain, I was charged twice on my account ref AB12C4",
        "my complaint is that my account reference AB12C4 was billed twice",
    ],
)
def test_an_account_reference_in_a_complaint_is_not_a_case(action_store: CaseStore, said: str):
    tracker = make_tracker({"provider": "infinity-group"}, text=said, intent="make_complaint")
    _, events = run_action(ActionStartComplaint(), tracker)
    assert read_as_intent(events) != "check_case"


@pytest.mark.parametrize(
    "said",
    [
        "I'm scared, my partner hurts me and he checks my phone. I need to complain that the bill"
        " shows every number I call",
        "can't talk long, he's in the next room. my account is in his name and I need to complain"
        " about the bill but he can't know",
    ],
)
def test_abuse_at_home_in_own_words_gets_the_helplines_at_once(said: str) -> None:
    # Outside customers B, round 19, F1 (HIGH) and F2: straight to "What is your name?".
    messages, events = describe(said)
    assert responses(messages)[:1] == ["utter_urgent_help"]
    assert "999" in " ".join(m.get("help", "") for m in messages)
    assert slots_set(events)["urgent_help_given"] == ["domestic_abuse"]


def test_the_case_handlers_48_hours_are_dated_at_logging(monkeypatch: pytest.MonkeyPatch) -> None:
    # Outside compliance reader, round 19, F2: logged at 02:42 on Sunday, the customer was told
    # only "within 48 hours of your complaint being raised", while staff saw the contact due by
    # Wednesday 2 December at 09:00 (48 hours from Monday's opening, as regulation.md counts a
    # complaint received outside working time). The customer is told the same moment, and why.
    from actions.intake import ActionSubmitComplaint
    from tests.action_support import at_read_back, rendered

    monkeypatch.setenv("COMPLAINTS_NOW", "2026-11-29T02:42")
    tracker = at_read_back("yes log it", "affirm", provider="infinity-system-solutions")
    messages, events = run_action(ActionSubmitComplaint(), tracker)
    reference = slots_set(events)["created_reference"]
    said = "\n".join(rendered(m) for m in messages if m.get("response") != "utter_complaint_record")
    assert "within 48 hours of your complaint being raised" in said
    assert "Wednesday 2 December 2026 at 09:00" in said, said
    assert reference in said
    assert "utter_commitment_case_handler_contact_from_raised" not in responses(messages)


@pytest.mark.parametrize("said", ["i said STOP", "forget it stop", "actually forget it stop"])
@pytest.mark.parametrize("asked", ["customer_email", "customer_phone"])
def test_stop_said_again_at_the_email_and_phone_questions_stops(said: str, asked: str) -> None:
    # Outside customers A, round 19, F8 (HIGH): read as "no email" or a bad phone number.
    _, events = validated_at(
        asked, said, {"complaint_category": "billing", "complaint_description": "Bill up £8."}
    )
    assert {"event": "followup", "name": "action_stop_complaint"} in [
        {k: e.get(k) for k in ("event", "name")} for e in events
    ], events


@pytest.mark.parametrize(
    "said", ["I'm not safe at home", "help, someone is hurting me", "my partner hurts me"]
)
@pytest.mark.parametrize("intent", ["ask_privacy", "ask_contact", "nlu_fallback", "talk_to_human"])
def test_a_risk_at_home_said_alone_gets_the_helplines_whatever_was_read(
    said: str, intent: str
) -> None:
    # Outside customers B, round 19, F1, F13 and F23 (HIGH): a privacy answer, the provider's
    # phone and opening hours, or "Do you mean ... personal details?", and no helpline.
    from actions.chitchat import ActionClarify
    from actions.rights import ActionAnswerQuestion
    from actions.status import ActionTalkToHuman

    action = {"nlu_fallback": ActionClarify(), "talk_to_human": ActionTalkToHuman()}.get(
        intent, ActionAnswerQuestion()
    )
    tracker = make_tracker({"provider": "invictanet"}, text=said, intent=intent)
    messages, _ = run_action(action, tracker)
    assert responses(messages)[:1] == ["utter_urgent_help"], responses(messages)
    assert "999" in " ".join(m.get("help", "") for m in messages)


@pytest.mark.parametrize(
    "said",
    [
        "please forget what I told you about my heart",
        "I want to stop you keeping my health details",
        "dont keep what i said about my illness",
    ],
)
def test_asking_to_forget_what_was_said_is_never_added_to_the_complaint(said: str) -> None:
    # Outside customers B, round 19, F36 (HIGH): "That sounds like more about what happened, so
    # I've added it to your complaint." The complaint's words are kept as they are, and the
    # customer told so truthfully, with how to change them.
    held = "I have a heart condition and you charged me £200 for calls I didn't make."
    messages, events = validated_at(
        "customer_name", said, {"complaint_category": "billing", "complaint_description": held}
    )
    assert "utter_added_to_description" not in responses(messages)
    assert "utter_needs_not_recorded" in responses(messages)
    assert slots_set(events).get("complaint_description", held) == held
    assert not slots_set(events).get("customer_name")


@pytest.mark.parametrize("intent", ["ask_privacy", "ask_adr"])
def test_a_scheme_question_about_data_protection_to_a_code_naming_no_scheme(intent: str) -> None:
    # Outside compliance reader, round 19, F5: Infinity System Solutions answered "can the
    # ombudsman deal with it?" as a privacy question. Its code names no approved scheme, so what
    # each scheme does (CISAS: not data protection; the Communications Ombudsman: the sources are
    # silent), never a flat "No", and how to ask which is ours.
    from actions.rights import ActionAnswerQuestion
    from tests.action_support import rendered

    said = "My complaint is about data protection, can the ombudsman deal with it?"
    tracker = make_tracker({"provider": "infinity-system-solutions"}, text=said, intent=intent)
    messages, _ = run_action(ActionAnswerQuestion(), tracker)
    shown = "\n".join(rendered(m) for m in messages)
    assert "doesn't cover privacy" not in shown, shown
    assert "If we belong to CISAS" in shown and "data protection" in shown, shown
    assert "Communications Ombudsman" in shown, shown
    assert "to ask which of these we belong to" in shown, shown
    assert not shown.startswith("No:"), shown


@pytest.mark.parametrize(
    "said",
    [
        "oh and they also charged me a £25 reconnection fee",
        "also i want a refund of the £60 and an apology",
    ],
)
def test_more_of_the_complaint_at_the_needs_question_is_added_never_a_need(said: str) -> None:
    # Outside customers A, round 19, F20 (HIGH): recorded as "wants help to make contact easier",
    # and the fee or the refund asked for lost.
    held = "I was charged twice and cut off for 2 days."
    messages, events = validated_at(
        "accessibility_needs",
        said,
        {"complaint_category": "billing", "complaint_description": held},
    )
    slots = slots_set(events)
    assert "utter_added_to_description" in responses(messages)
    assert slots["complaint_description"].startswith(held)
    assert said.split(" ", 2)[-1][:20] in slots["complaint_description"]
    assert not slots.get("accessibility_needs")


@pytest.mark.parametrize("said", ["also I use text relay", "and large print please"])
def test_a_need_said_with_also_is_still_a_need(said: str) -> None:
    messages, events = validated_at(
        "accessibility_needs",
        said,
        {"complaint_category": "billing", "complaint_description": "Charged twice."},
    )
    assert "utter_added_to_description" not in responses(messages)
    assert slots_set(events).get("accessibility_needs")


@pytest.mark.parametrize(
    "said",
    ["can i just complain to ofcom instead? whats their number", "I'll complain to Ofcom instead"],
)
def test_asking_to_go_to_ofcom_instead_is_answered_not_a_complaint(said: str) -> None:
    # Outside customers A, round 19, F12: read as a complaint, one was started unanswered.
    tracker = make_tracker({"provider": "infinium"}, text=said, intent="make_complaint")
    _, events = run_action(ActionStartComplaint(), tracker)
    assert read_as_intent(events) == "ask_adr"


@pytest.mark.parametrize(
    "said", ["oh no sorry its just me, consumer", "im not a business, im a consumer"]
)
def test_consumer_said_at_the_head_count_question_is_the_customer_type(said: str) -> None:
    # Outside customers A, round 19, F19: stored as "business, 1 employees".
    _, events = validated_at(
        "employees",
        said,
        {
            "complaint_category": "billing",
            "complaint_description": "Charged twice.",
            "customer_type": "business",
        },
    )
    slots = slots_set(events)
    assert slots.get("customer_type") == "consumer", slots
    assert not slots.get("employees"), slots


def test_the_reference_retyped_read_as_stop_is_still_no_stop(action_store: CaseStore, case) -> None:
    # The round-19 server test: "8zbbtk i said" at the identity question, read by the model as
    # stop, ended the check ("OK, I've stopped").
    from actions.status import ActionStopCaseCheck

    body = case.reference.partition("-")[2]
    talk = on_provider("infinity-group")
    assert talk.turn("check my complaint", "check_case") == ["utter_ask_case_reference"]
    assert talk.turn(body) == ["utter_ask_verification_answer"]
    tracker = make_tracker(
        talk.slots(), text=f"{body.lower()} i said", intent="stop", events=list(talk.events)
    )
    tracker.active_loop = {"name": "case_lookup_form"}
    messages, events = run_action(ActionStopCaseCheck(), tracker)
    assert responses(messages) == ["utter_verification_reference_again"]
    assert events == []
    assert attempts(action_store) == []


@pytest.mark.parametrize(
    "said",
    [
        "add to what happened that they charged a £25 reconnection fee",
        "can you add to what happened that they charged a £25 reconnection fee",
    ],
)
def test_adding_to_what_happened_at_the_read_back_keeps_what_was_there(said: str) -> None:
    # Outside customers A, round 19, F20 (HIGH): "Updated your account of what happened to that
    # they charged a £25 reconnection fee.", the whole complaint replaced.
    from actions.intake import ActionChangeComplaint
    from tests.action_support import CONSUMER_FORM, at_read_back

    held = "I was charged twice and cut off for 2 days."
    slots = {**CONSUMER_FORM, "complaint_description": held}
    tracker = at_read_back(said, "inform", slots, provider="infinity-group")
    messages, events = run_action(ActionChangeComplaint(), tracker)
    description = slots_set(events).get("complaint_description", held)
    assert description.startswith(held), description
    assert "£25 reconnection fee" in description, description
    assert "utter_added_to_description" in responses(messages)
