"""At the identity check (a reference given, the e-mail address or postcode on the case asked for),
only an answer is checked against the case store and counted: a request ("please change my email
to ..."), a question ("why do you need that?") or "I don't know it" is answered, and never brings
the lock nearer. An e-mail address or postcode inside a sentence is still an answer, checked and
counted (issue 13: five such requests locked the owner out of their own case)."""

from __future__ import annotations

import pytest

from actions.status import ActionHandleCaseRequest, ValidateCaseLookupForm
from bot.cases.store import CaseStore
from tests.action_support import form_turn, make_tracker, run_action, validate
from tests.actions.test_actions_status import FORM, answer_given, new_case


def responses(messages: list[dict]) -> list[str | None]:
    return [m.get("response") for m in messages]


def test_a_request_to_change_a_detail_is_acknowledged_and_never_counted(
    action_store: CaseStore,
) -> None:
    case = new_case(action_store)
    for said in [
        "please change my email to new.me@example.com",
        "can I update my phone number",
    ] * 3:
        result, messages = answer_given(said, case.reference)
        assert result == {"verification_answer": None}  # the question is asked again
        assert responses(messages) == ["utter_verification_change_after_check"]
        assert messages[0]["phone"] == "0345 450 4600"
    # Six requests, none a guess: the owner's postcode still opens the case.
    result, _ = answer_given(case.customer.postcode, case.reference)
    assert result["verification_answer"] == "verified"


def test_the_email_entity_of_a_change_request_is_not_taken_as_the_answer(
    action_store: CaseStore,
) -> None:
    # NLU fills the answer slot with the e-mail entity alone; the customer's words are a request.
    case = new_case(action_store)
    said = "please change my email to new.me@example.com"
    for _ in range(6):
        tracker = form_turn(
            FORM,
            "verification_answer",
            {"verification_answer": "new.me@example.com"},
            before={"case_reference": case.reference},
            text=said,
        )
        result, messages = validate(
            ValidateCaseLookupForm().validate_verification_answer, "new.me@example.com", tracker
        )
        assert result == {"verification_answer": None}
        assert responses(messages) == ["utter_verification_change_after_check"]
    assert answer_given(case.customer.email, case.reference)[0]["verification_answer"] == "verified"


@pytest.mark.parametrize(
    ("said", "response"),
    [
        ("what is a deadlock letter?", "utter_verification_question_later"),
        ("how long does this take?", "utter_verification_question_later"),
        ("why do you need that?", "utter_verification_why_asked"),
        ("why?", "utter_verification_why_asked"),
        ("what do you need that for", "utter_verification_why_asked"),
    ],
)
def test_a_question_is_answered_and_never_counted(
    action_store: CaseStore, said: str, response: str
) -> None:
    case = new_case(action_store)
    for _ in range(6):
        result, messages = answer_given(said, case.reference)
        assert result == {"verification_answer": None}
        assert responses(messages) == [response]
    assert answer_given(case.customer.postcode, case.reference)[0]["verification_answer"] == (
        "verified"
    )


@pytest.mark.parametrize(
    "said",
    [
        "I don't know my postcode, I moved",
        "I can't remember which email I used",
        "no idea",
        "idk",
        "dunno",
        "I don't remember which email",
    ],
)
def test_not_knowing_the_detail_gets_how_to_reach_the_provider_and_nothing_counted(
    action_store: CaseStore, said: str
) -> None:
    case = new_case(action_store)
    for _ in range(6):
        result, messages = answer_given(said, case.reference)
        assert result == {"verification_answer": "detail_unknown"}  # the form ends
        assert messages == []
    tracker = make_tracker(
        {"case_reference": case.reference, "verification_answer": "detail_unknown"}
    )
    messages, _ = run_action(ActionHandleCaseRequest(), tracker)
    assert responses(messages) == ["utter_verification_detail_unknown"]
    assert messages[0]["phone"] == "0345 450 4600"
    assert messages[0]["email"] == " or by e-mail at customerservices@infinitygroup.co.uk"
    assert "utter_case_status" not in responses(messages)
    # Nothing was counted: no lock, and the owner's e-mail address still opens the case.
    assert "verification_locked" not in [e.kind for e in action_store.events(case.reference)]
    assert answer_given(case.customer.email, case.reference)[0]["verification_answer"] == "verified"


def test_five_wrong_postcodes_in_sentences_still_lock_the_reference(
    action_store: CaseStore,
) -> None:
    case = new_case(action_store)
    for said in [
        "it's SW1A 1AA",
        "my postcode is M1 1AE",
        "I think it was E1 6AN?",
        "is it B1 1BB",
        "I don't know, maybe LS1 4AP",
    ]:
        result, messages = answer_given(said, case.reference)
        assert result == {"verification_answer": "not_verified"}
        assert messages == []
    result, _ = answer_given(f"it's {case.customer.postcode}", case.reference)
    assert result == {"verification_answer": "not_verified"}
    assert "verification_locked" in [e.kind for e in action_store.events(case.reference)]


def test_wrong_emails_in_sentences_are_counted(action_store: CaseStore) -> None:
    case = new_case(action_store)
    for attempt in range(5):
        result, _ = answer_given(f"my email is guess{attempt}@example.com", case.reference)
        assert result == {"verification_answer": "not_verified"}
    assert answer_given(case.customer.email, case.reference)[0]["verification_answer"] == (
        "not_verified"
    )


@pytest.mark.parametrize("said", ["it's {postcode}", "my email is {email}", "{email} thanks"])
def test_the_right_detail_in_a_sentence_verifies(action_store: CaseStore, said: str) -> None:
    case = new_case(action_store)
    text = said.format(postcode=case.customer.postcode, email=case.customer.email)
    result, _ = answer_given(text, case.reference)
    assert result == {"verification_answer": "verified", "verified_reference": case.reference}


@pytest.mark.parametrize(
    "said",
    [
        "actually I want to make a new complaint, my broadband has been down since monday",
        "I want to make a complaint",
        "/make_complaint",
        "i'd like to make another complaint",
    ],
)
def test_a_new_complaint_wanted_at_the_check_ends_it_and_starts_the_complaint(
    action_store: CaseStore, said: str
) -> None:
    """Outside attacker, 27 Nov (F17): these, and the "Make a complaint" button, got "that message
    has neither" at the identity question, and the complaint was never taken."""
    case = new_case(action_store)
    result, messages = answer_given(said, case.reference)
    assert result == {"verification_answer": "new_complaint"}  # the form ends, nothing checked
    assert messages == []
    tracker = make_tracker(
        {"case_reference": case.reference, "verification_answer": "new_complaint"}, text=said
    )
    messages, events = run_action(ActionHandleCaseRequest(), tracker)
    assert responses(messages) == ["utter_verification_left_for_complaint"]
    reread = [e["parse_data"]["intent"]["name"] for e in events if e.get("event") == "user"]
    assert reread == ["make_complaint"]
    assert {"event": "slot", "name": "case_reference", "value": None} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events
    ]
    # Nothing about the case was checked or counted.
    assert answer_given(case.customer.email, case.reference)[0]["verification_answer"] == "verified"


def test_a_postcode_guess_with_complaint_words_is_still_a_guess(action_store: CaseStore) -> None:
    """Only a wish to make a complaint leaves the check; a guess that mentions "my complaint" is
    checked and counted as before."""
    case = new_case(action_store)
    result, _ = answer_given("the postcode on my complaint is ZZ9 9ZZ", case.reference)
    assert result["verification_answer"] == "not_verified"
