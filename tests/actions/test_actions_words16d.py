"""Outside testers, round 16 (28 Nov): the head count in a list of people, and an addition after
logging answered with "the one i just made" (words F6, F8, F14; compliance F1). Each test failed
before its fix."""

from __future__ import annotations

import pytest

from tests.action_support import (
    CONSUMER_FORM,
    complaint_form_answer,
    make_tracker,
    responses,
    run_action,
    user_event,
)

# --- a head count given as a list of people (words F6, F14) ----------------------------------------


@pytest.mark.parametrize(
    ("provider", "said", "kept"),
    [
        # Words F6: "me + 2 + 3 + 1" is 7, never the first number (read back as 2).
        ("infinity-group", "theres me 2 other dentists 3 nurses and a receptionist", 7),
        # 11 is over the ADR limit: never read as 5 and told ADR is open.
        ("infinity-group", "me, 5 dentists, 4 nurses and a receptionist", 11),
        # Words F14: agency drivers are contractors, kept as a group of their own (stored as 9).
        (
            "infinity-system-solutions",
            "about nine staff plus a couple of agency drivers",
            "9 employees and 2 contractors",
        ),
    ],
)
def test_every_person_in_a_listed_head_count_is_counted(provider: str, said: str, kept) -> None:
    result, _ = complaint_form_answer(
        "employees",
        said,
        before={"provider": provider, "customer_type": "business"},
        entities={"employees": "2"},
    )
    assert result["employees"] == kept


@pytest.mark.usefixtures("action_database")
def test_agency_drivers_given_in_words_bring_the_schemes_caveat_to_the_confirmation() -> None:
    # Words F14: told ADR was open from a date with no word that the Communications Ombudsman
    # counts the contractors too (9 + 2 = 11, over its limit).
    from actions.intake import ActionSubmitComplaint

    provider = "infinity-system-solutions"
    said = "about nine staff plus a couple of agency drivers"
    result, _ = complaint_form_answer(
        "employees", said, before={"provider": provider, "customer_type": "business"}
    )
    slots = {**CONSUMER_FORM, "provider": provider, "customer_type": "business", **result}
    tracker = make_tracker(slots, text="yes", intent="affirm", events=[user_event("yes", "affirm")])
    messages, _ = run_action(ActionSubmitComplaint(), tracker)
    assert "utter_adr_depends" in responses(messages)
