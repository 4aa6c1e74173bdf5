"""Whatever a customer types, the form validators and the read-back never crash the conversation.

Answers are arbitrary text of 0 to 6,000 characters: emoji, right-to-left script, control
characters, quotes and markup included; the question asked is drawn too (the slot itself, a
free-text question, another question, or none).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actions.intake import FORM_FIELDS, ActionSummariseComplaint, ValidateComplaintForm
from actions.status import NOT_AN_ANSWER_REPLY, ValidateCaseLookupForm
from bot.cases.checks import could_be_checked
from bot.cases.identity_answers import Reading, read_identity_answer
from tests.action_support import (
    CONSUMER_FORM,
    form_turn,
    janes_case,
    make_tracker,
    responses,
    run_action,
    validate,
)

FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

HOSTILE = [
    "",
    " ",
    "Robert'); DROP TABLE cases;--",
    "<script>alert(1)</script>",
    "Broadband 📡 down again 😡👍🏽",
    "שלום, האינטרנט לא עובד",
    "مرحبا، الفاتورة خاطئة",
    "\u202ejane@example.co.uk\u202c",
    "jane@example.co.uk\x00",
    "TN1\t2PY\r\n",
    "\x1b[31mred\x1b[0m",
    "none",
    "skip",
    "verified",
    "locked",
    "IG-7K3Q9X",
    "0" * 40,
]
SPECIAL = "😡📡👍🏽שלוםمرحبا\u202e\u200f\u200d\u0085\x00\x07\x1b\x7f\r\n\t @.,-'\"<>{}%"

short_text = st.text(max_size=200)
long_text = st.tuples(
    st.text(alphabet=st.sampled_from(SPECIAL + "aZ09"), min_size=1, max_size=60),
    st.integers(min_value=1, max_value=6000),
).map(lambda pair: (pair[0] * pair[1])[:6000])
answers = st.one_of(short_text, st.text(max_size=6000), long_text, st.sampled_from(HOSTILE))

FORM_SLOTS = list(FORM_FIELDS)
ENTITY_FOR = {
    "complaint_category": "category",
    "customer_email": "email",
    "customer_phone": "phone",
    "customer_postcode": "postcode",
    "contact_preference": "contact_preference",
    "customer_type": "customer_type",
    "employees": "employees",
    "account_number": "account_number",
}


pytestmark = pytest.mark.usefixtures("action_database")


def asked(slot: str) -> st.SearchStrategy[str | None]:
    return st.sampled_from([slot, "complaint_description", "customer_postcode", None])


@pytest.mark.parametrize("slot", FORM_SLOTS)
@FUZZ
@given(data=st.data())
def test_a_complaint_form_validator_never_crashes(slot: str, data: st.DataObject) -> None:
    value = data.draw(answers, label="answer")
    requested = data.draw(asked(slot), label="requested")
    entity = data.draw(st.one_of(st.none(), answers), label="entity")
    entities = {ENTITY_FOR[slot]: entity} if entity is not None and slot in ENTITY_FOR else {}
    before = {k: v for k, v in CONSUMER_FORM.items() if k != slot}
    tracker = form_turn(
        "complaint_form", requested, {slot: value}, before=before, text=value, entities=entities
    )
    result, messages = validate(
        getattr(ValidateComplaintForm(), f"validate_{slot}"), value, tracker
    )
    assert isinstance(result, dict)
    assert slot in result
    assert all(isinstance(name, str) for name in responses(messages))
    if requested != slot:
        assert messages == [], "only the question asked is ever re-asked"


@FUZZ
@given(value=answers, entity=st.one_of(st.none(), answers))
def test_the_reference_validator_never_crashes(value: str, entity: str | None) -> None:
    tracker = form_turn(
        "case_lookup_form",
        "case_reference",
        {"case_reference": value},
        text=value,
        entities={"reference": entity} if entity is not None else {},
    )
    result, messages = validate(ValidateCaseLookupForm().validate_case_reference, value, tracker)
    assert "case_reference" in result
    assert responses(messages) in ([], ["utter_reference_invalid"])
    # A refused reference is said so, unless the customer has none ("none", "don't have it"): the
    # lookup then ends, and action_handle_case_request says how else to reach the provider.
    ends = "requested_slot" in result and result["requested_slot"] is None
    assert (result["case_reference"] is None) == (bool(messages) or ends)
    assert not (messages and ends)


@pytest.fixture
def reference(action_database: str) -> str:
    """Jane Doe's case (jane.doe@example.co.uk, TN1 2PY), created once for the whole fuzz run."""
    return janes_case(action_database)


@FUZZ
@given(value=answers)
def test_the_verification_validator_never_crashes(reference: str, value: str) -> None:
    tracker = form_turn(
        "case_lookup_form",
        "verification_answer",
        {"verification_answer": value},
        before={"case_reference": reference},
        text=value,
    )
    result, messages = validate(
        ValidateCaseLookupForm().validate_verification_answer, value, tracker
    )
    said = read_identity_answer(value)
    if not could_be_checked(value) or said.reading is not Reading.ANSWER:
        # No e-mail address or postcode in it, or a request to change one: nothing checked,
        # nothing counted, and answered (the question asked again, or, for "I don't know it",
        # the check ended with how to reach the provider).
        if said.reading is Reading.UNKNOWN:
            assert result == {"verification_answer": "detail_unknown"}
            assert messages == []
        elif said.reading is Reading.NEW_COMPLAINT:
            # A complaint told instead ("BROADBAND 0 DOWN 0 0"): the check ends for it, nothing
            # counted (round 20, F10c).
            assert result == {"verification_answer": "new_complaint"}
            assert messages == []
        else:
            assert result == {"verification_answer": None}
            assert [m.get("response") for m in messages] == [NOT_AN_ANSWER_REPLY[said.reading]]
        return
    assert result["verification_answer"] in ("verified", "not_verified")
    assert messages == []  # the one reply comes from the handling action
    # Only the right answer ever verifies (the wrong ones lock the case after a few examples, so
    # the right one is not always verified here: see tests/bot/test_verification.py).
    if result["verification_answer"] == "verified":
        assert re.sub(r"\s+", "", said.value or "").lower() in (
            "jane.doe@example.co.uk",
            "tn12py",
        )


form_values = st.one_of(st.none(), st.just("none"), answers)


@FUZZ
@given(
    slots=st.fixed_dictionaries({slot: form_values for slot in FORM_SLOTS}),
    customer_type=st.sampled_from(["consumer", "business", None, "draw"]),
    employees=st.one_of(st.none(), st.integers(min_value=-5, max_value=10**8), answers),
)
def test_the_read_back_never_crashes(
    slots: dict[str, Any], customer_type: str | None, employees: Any
) -> None:
    if customer_type != "draw":
        slots["customer_type"] = customer_type
    slots["employees"] = employees
    messages, events = run_action(ActionSummariseComplaint(), make_tracker(slots, intent=None))
    assert len(messages) == 1
    # A check that fails gives its question's plain hint (outside words, round 16, F65).
    assert responses(messages)[0] in ("utter_complaint_summary", "utter_invalid_field") or (
        responses(messages)[0].startswith("utter_hint_")
    )
    if responses(messages) == ["utter_complaint_summary"]:
        assert events == []
    else:
        assert events == [] or events[-1] == {
            "event": "followup",
            "timestamp": None,
            "name": "complaint_form",
        }


def test_the_consumer_form_reads_back_as_a_summary() -> None:
    """The fuzzed read-back above must be able to reach its summary branch."""
    messages, _ = run_action(ActionSummariseComplaint(), make_tracker(CONSUMER_FORM, intent=None))
    assert responses(messages) == ["utter_complaint_summary"]
