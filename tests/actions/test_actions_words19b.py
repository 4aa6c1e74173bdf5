"""Customers' own words, issues 15 and 19 (outside testers, 28 Nov), through the actions.

1. Billing complaints got the category question six or seven times: the category read from the
   first message ("you've charged me twice this month") was dropped at the form's first check when
   the model tagged another word of it ("charged"), and "its about my bill", "the bill", "charges",
   "money" were each refused at the question.
2. Questions asked mid-form were dropped or taken as the answer: "do i get compensation?" got a
   hint; "why do you need my phone number?" got the provider's own contact details (and at the
   contact question the way "phone"); at the contact and needs questions, "how long will you take
   to reply?" and "what is the ombudsman?" got the hint or were kept as a need.
3. "Please tell me what happened" came with no reason after a short first message; "billing" or
   "yes" typed there was stored as what happened.
4. The conversation i15-its-bob: "complaint about being passed from pillar to post" was kept as
   what happened and the rest never asked for; "also they told me to go to the shop" at a later
   question got that question's hint and was lost.
"""

from __future__ import annotations

from typing import Any

import pytest

from actions.intake import ActionStartComplaint, ValidateComplaintForm
from tests.action_support import (
    CONSUMER_FORM,
    form_answer,
    form_turn,
    form_turn_after,
    make_tracker,
    only,
    rendered,
    responses,
    run_action,
    slots_set,
)


def _ask_description() -> Any:
    from actions.intake import ActionAskComplaintDescription  # new with these fixes

    return ActionAskComplaintDescription()


PROVIDERS = ["infinity-group", "infinity-system-solutions", "infinium", "invictanet"]


# --- 1. billing complaints and the category question ----------------------------------------------

# The first messages testers used, and a word of each the model tagged as the category.
BILLING_FIRSTS = [
    ("you've charged me twice this month", "charged"),
    ("I was overcharged £40", "overcharged"),
    ("you've charged me twice this month", "twice"),
]


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(("first", "tagged"), BILLING_FIRSTS)
def test_the_category_the_first_message_names_survives_the_forms_first_check(
    provider: str, first: str, tagged: str
) -> None:
    start = make_tracker(
        {"provider": provider, "complaint_category": tagged},
        text=first,
        intent="make_complaint",
        entities={"category": tagged},
    )
    _, events = run_action(ActionStartComplaint(), start)
    started = slots_set(events)
    assert started.get("complaint_category") == "billing", started
    # The form's first check of what the start set, the model's entity still on the message.
    tracker = form_turn(
        "complaint_form",
        None,
        started,
        before={"provider": provider},
        text=first,
        intent="make_complaint",
        entities={"category": tagged},
    )
    messages, events = run_action(ValidateComplaintForm(), tracker)
    slots = slots_set(events)
    assert slots.get("complaint_category") == "billing", slots
    assert slots.get("requested_slot") != "complaint_category"
    assert not any(r.startswith("utter_hint") for r in responses(messages))


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    "answer", ["billing", "its about my bill", "the bill", "charges", "money", "my bill"]
)
def test_billing_in_everyday_words_answers_the_category_question(
    provider: str, answer: str
) -> None:
    tracker = form_turn_after(
        ["I want to complain"],
        "complaint_category",
        {"complaint_category": answer},
        {"provider": provider},
        answer,
    )
    messages, events = run_action(ValidateComplaintForm(), tracker)
    slots = slots_set(events)
    assert slots.get("complaint_category") == "billing", (responses(messages), slots)
    assert not any(r.startswith("utter_hint") for r in responses(messages))


def test_a_question_or_two_subjects_at_the_category_question_is_not_billing() -> None:
    from bot.answers.category import category_answered

    assert category_answered("why is my bill so high?") is None
    assert category_answered("the bill and the engineer") is None
    assert category_answered("the price") == "pricing"


# --- 2. questions asked mid-form ------------------------------------------------------------------

ORDER = list(CONSUMER_FORM)

# Each question, and the responses its answer starts with (by what the provider's code says).
COMPENSATION = ("utter_not_covered_ask_compensation", "utter_not_in_code_compensation")
QUESTIONS = [
    ("how long will you take to reply?", ("utter_response_times_intro",)),
    ("what is the ombudsman?", ("utter_adr_scheme",)),
    ("do i get compensation?", COMPENSATION),
    ("will i get compensation for this", COMPENSATION),
    ("why do you need my phone number?", ("utter_phone_why",)),
]
ASKED_AT = [
    "complaint_category",
    "customer_name",
    "customer_email",
    "customer_postcode",
    "contact_preference",
    "customer_type",
    "account_number",
    "accessibility_needs",
]


def _before(slot: str, provider: str) -> dict[str, Any]:
    before: dict[str, Any] = {"provider": provider}
    for name in ORDER[: ORDER.index(slot)]:
        before[name] = CONSUMER_FORM[name]
    before.setdefault("complaint_description", CONSUMER_FORM["complaint_description"])
    return before


@pytest.mark.parametrize("provider", ["infinity-group", "invictanet"])
@pytest.mark.parametrize("slot", ASKED_AT)
@pytest.mark.parametrize(("question", "answer"), QUESTIONS)
def test_a_question_mid_form_is_answered_and_the_same_question_comes_again(
    provider: str, slot: str, question: str, answer: tuple[str, ...]
) -> None:
    messages, slots = form_answer(question, slot, _before(slot, provider))
    said = responses(messages)
    assert set(answer) & set(said), said
    # Never taken as the answer, never the question's hint, and the same question comes again.
    assert slots.get(slot) is None, slots
    assert slots.get("requested_slot") == slot, slots
    assert not any(r.startswith("utter_hint") for r in said), said
    assert "utter_contact_details" not in said


# --- 3. "what happened?" after a short first message ----------------------------------------------


@pytest.mark.parametrize("first", ["I want to complain", "complaint about billing"])
def test_what_happened_after_a_short_first_message_says_why(first: str) -> None:
    tracker = form_turn_after(
        [first],
        "complaint_description",
        {},
        {"provider": "infinium", "complaint_category": "billing"},
        "billing",
    )
    messages, _ = run_action(_ask_description(), tracker)
    said = rendered(only(messages, "utter_ask_complaint_description_more"))
    assert "a bit more" in said and "so our staff can act on it" in said


def test_what_happened_after_the_buttons_only_is_asked_plainly() -> None:
    tracker = form_turn_after(
        [],
        "complaint_description",
        {},
        {"provider": "infinium", "complaint_category": "billing"},
        "/make_complaint",
    )
    messages, _ = run_action(_ask_description(), tracker)
    assert responses(messages) == ["utter_ask_complaint_description"]


@pytest.mark.parametrize("first", ["I want to complain", "complaint about billing"])
@pytest.mark.parametrize("answer", ["billing", "Billing", "its about billing", "yes", "yes please"])
def test_a_category_word_or_yes_is_never_what_happened(first: str, answer: str) -> None:
    tracker = form_turn_after(
        [first, "billing"],
        "complaint_description",
        {"complaint_description": answer},
        {"provider": "infinium", "complaint_category": "billing"},
        answer,
    )
    messages, events = run_action(ValidateComplaintForm(), tracker)
    slots = slots_set(events)
    assert slots.get("complaint_description") is None, slots
    assert slots.get("requested_slot") == "complaint_description"
    assert "utter_description_needed" in responses(messages)


# --- 4. i15-its-bob: more about what happened --------------------------------------------------

BOB_FIRST = "complaint about being passed from pillar to post"
BOB_TOLD = "Your shop told me to phone and the phone line told me to go to the shop"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_i15_its_bob_what_happened_holds_the_first_words_and_the_rest(provider: str) -> None:
    # "service" at the category question: the first words are noted, not all of it.
    tracker = form_turn_after(
        [BOB_FIRST], "complaint_category", {"complaint_category": "service"},
        {"provider": provider}, "service",
    )  # fmt: skip
    messages, events = run_action(ValidateComplaintForm(), tracker)
    slots = slots_set(events)
    assert slots["complaint_category"] == "service"
    assert slots.get("requested_slot") == "complaint_description", slots
    # Asked for a bit more, saying why and that the first words are kept.
    tracker = form_turn_after(
        [BOB_FIRST], "complaint_description", {},
        {"provider": provider, "complaint_category": "service"}, "service",
    )  # fmt: skip
    messages, _ = run_action(_ask_description(), tracker)
    said = rendered(only(messages, "utter_ask_complaint_description_add"))
    assert "noted" in said and "so our staff can act on it" in said
    # The rest of it, added after the first words.
    tracker = form_turn_after(
        [BOB_FIRST, "service"], "complaint_description", {"complaint_description": BOB_TOLD},
        {"provider": provider, "complaint_category": "service"}, BOB_TOLD,
    )  # fmt: skip
    _, events = run_action(ValidateComplaintForm(), tracker)
    description = slots_set(events)["complaint_description"]
    assert BOB_FIRST in description and "told me to go to the shop" in description


@pytest.mark.parametrize("said", ["that's all", "no"])
def test_nothing_more_keeps_the_first_words(said: str) -> None:
    tracker = form_turn_after(
        [BOB_FIRST, "service"], "complaint_description", {"complaint_description": said},
        {"provider": "infinium", "complaint_category": "service"}, said,
    )  # fmt: skip
    _, events = run_action(ValidateComplaintForm(), tracker)
    assert slots_set(events)["complaint_description"] == BOB_FIRST


ADDED = "also they told me to go to the shop"


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    "slot", ["customer_email", "customer_phone", "customer_postcode", "customer_type",
             "account_number", "contact_preference"],
)  # fmt: skip
def test_more_about_what_happened_at_a_later_question_is_added(provider: str, slot: str) -> None:
    before = {**_before(slot, provider), "complaint_description": BOB_FIRST}
    messages, slots = form_answer(ADDED, slot, before)
    assert slots["complaint_description"] == f"{BOB_FIRST} {ADDED}"
    assert "utter_added_to_description" in responses(messages)
    assert slots.get(slot) is None and slots.get("requested_slot") == slot, slots
    assert not any(r.startswith("utter_hint") for r in responses(messages))


@pytest.mark.parametrize(
    ("slot", "answer", "kept"),
    [
        ("customer_email", "bob.tanner@example.co.uk", "bob.tanner@example.co.uk"),
        ("customer_postcode", "NR2 4SX", "NR2 4SX"),
        ("customer_type", "consumer", "consumer"),
    ],
)
def test_an_answer_with_more_about_what_happened_keeps_both(
    slot: str, answer: str, kept: str
) -> None:
    before = {**_before(slot, "infinity-group"), "complaint_description": BOB_FIRST}
    messages, slots = form_answer(f"{answer}, {ADDED}", slot, before)
    assert slots[slot] == kept, slots
    assert slots["complaint_description"] == f"{BOB_FIRST} {ADDED}"
    assert "utter_added_to_description" in responses(messages)
