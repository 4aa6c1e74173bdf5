"""SQL and HTML in every field of a complaint are stored verbatim and never executed.

Every intake field that takes free text (the description, name and accessibility needs) is given SQL
and HTML; the email address and account number get the SQL their formats allow (quotes and
comment dashes); the phone number and postcode refuse anything but their own shapes. Each value goes
into the case store on SQLite and PostgreSQL and comes back the same from every way of reading it
(the case, the list, subject access, the CSV export, the event log, the search), with every table
still there.
The same answers through the assistant's own validators and submit action end in the same case.

That the web chat shows such text literally, never as HTML, is tested in a real browser by
tests/servers/test_web_chat.py (test_what_the_customer_types_is_shown_literally_never_as_html).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from actions.intake import ActionSubmitComplaint, ValidateComplaintForm
from bot.cases.search import find_cases
from bot.cases.store import CaseStore
from bot.intake import IntakeError, clean_phone, clean_postcode
from tests.action_support import (
    CONSUMER_FORM,
    form_turn,
    make_tracker,
    open_store,
    responses,
    run_action,
    validate,
)
from tests.cases_support import at, make_intake

SQL = "Robert'); DROP TABLE cases;-- ' OR '1'='1"
HTML = '<script>alert("x")</script><img src=x onerror=alert(1)><b>bold</b> &amp; &lt;'
HOSTILE_FIELDS = {
    "description": f"{SQL}\n{HTML}\n\t{{provider_name}} %s %(name)s",
    "name": f"{HTML} {SQL}",
    "accessibility_needs": f"<i>large print</i>; {SQL}",
    "email": "x'or'1'='1'--drop_table_cases@example.co.uk",
    "account": "1 -- DROP 2",
}


def hostile_intake():
    return make_intake(**HOSTILE_FIELDS, channel="chat", contact_preference="email")


def stored_fields(case) -> dict[str, str | None]:
    customer = case.customer
    return {
        "description": case.description,
        "name": customer.name,
        "accessibility_needs": customer.accessibility_needs,
        "email": customer.email,
        "account": customer.account,
    }


def test_sql_and_html_in_every_text_field_come_back_verbatim(
    store: CaseStore, tmp_path: Path
) -> None:
    case = store.create_case(
        hostile_intake(), received=at(2026, 12, 22, 10), actor="a", channel="chat"
    )
    assert stored_fields(store.require(case.reference)) == HOSTILE_FIELDS
    [listed] = [c for c in store.list_cases() if c.reference == case.reference]
    assert stored_fields(listed) == HOSTILE_FIELDS

    access = store.subject_access(HOSTILE_FIELDS["email"])
    assert access["case_count"] == 1
    [record] = access["cases"]
    assert record["description"] == HOSTILE_FIELDS["description"]
    assert record["customer"]["name"] == HOSTILE_FIELDS["name"]

    export = tmp_path / "cases.csv"
    store.export_csv(export, now=at(2026, 12, 22, 10))
    with export.open(newline="", encoding="utf-8") as handle:
        [row] = [r for r in csv.DictReader(handle) if r["reference"] == case.reference]
    assert row["description"] == HOSTILE_FIELDS["description"]
    assert row["customer_name"] == HOSTILE_FIELDS["name"]
    assert row["customer_email"] == HOSTILE_FIELDS["email"]
    assert row["customer_account"] == HOSTILE_FIELDS["account"]

    # Searching for the hostile text itself (every word, the e-mail, the account) finds the case.
    for query in (SQL, HTML, HOSTILE_FIELDS["email"], HOSTILE_FIELDS["account"]):
        assert [f.case.reference for f in find_cases(store, query)] == [case.reference], query

    noted = store.add_note(
        case.reference,
        HOSTILE_FIELDS["description"],
        now=at(2026, 12, 23),
        actor="sam",
        channel="desk",
    )
    assert store.events(noted.reference)[-1].detail["text"] == HOSTILE_FIELDS["description"]
    # Nothing ran: every table is still there and holds exactly what was written.
    assert store.counts() == {"cases": 1, "case_commitments": 1, "case_events": 2, "purges": 0}


def test_verification_with_sql_in_the_answer_matches_nothing(store: CaseStore) -> None:
    case = store.create_case(
        hostile_intake(), received=at(2026, 12, 22, 10), actor="a", channel="chat"
    )
    for answer in ("' OR '1'='1", "x' OR 1=1 --", "%", "*", HTML):
        assert store.verify_customer(case.reference, answer) is False
    assert store.verify_customer(case.reference, HOSTILE_FIELDS["email"]) is True


@pytest.mark.parametrize("clean", [clean_phone, clean_postcode])
@pytest.mark.parametrize("value", [SQL, HTML, "07700 900123'; --", "TN1 2PY<b>"])
def test_fields_with_a_fixed_shape_refuse_sql_and_html(clean, value: str) -> None:
    with pytest.raises(IntakeError):
        clean(value)


# --- through the assistant ----------------------------------------------------------------------


# The assistant's answers: as above, but the email's SQL without apostrophes (see the next test).
# The name is a name's length: a reply of more than six words to "What is your name?" is taken as
# more about what happened (issue 15), so the whole hostile paragraph is tested as the description.
ASSISTANT_FIELDS = {
    **HOSTILE_FIELDS,
    "email": "robert--drop_table_cases%27@example.co.uk",
    "name": "<b>Robert</b>'); DROP TABLE cases;--",
    # The assistant keeps a customer's own words about their needs only when they ask (issue 18).
    "accessibility_needs": f"please keep my words as typed: <i>large print</i>; {SQL}",
}
FORM_ANSWERS = {
    "complaint_description": ASSISTANT_FIELDS["description"],
    "customer_name": ASSISTANT_FIELDS["name"],
    "customer_email": ASSISTANT_FIELDS["email"],
    "account_number": ASSISTANT_FIELDS["account"],
    "accessibility_needs": ASSISTANT_FIELDS["accessibility_needs"],
}


def test_the_assistant_takes_sql_and_html_verbatim_into_the_case(action_database: str) -> None:
    form = ValidateComplaintForm()
    slots = dict(CONSUMER_FORM)
    for slot, answer in FORM_ANSWERS.items():
        tracker = form_turn("complaint_form", slot, {slot: answer}, before=slots, text=answer)
        result, messages = validate(getattr(form, f"validate_{slot}"), answer, tracker)
        if slot == "accessibility_needs":
            # The large print it names is also agreed and said back (care15b, F1).
            result.pop("support_needs", None)
            messages = [
                m for m in messages if m["response"] != "utter_needs_named_will_be_recorded"
            ]
        assert (result, messages) == ({slot: answer}, []), slot
        slots[slot] = answer

    messages, events = run_action(ActionSubmitComplaint(), make_tracker(slots, intent="affirm"))
    assert "utter_complaint_created" in responses(messages)
    reference = next(e["value"] for e in events if e.get("name") == "created_reference")
    with open_store(action_database) as store:
        assert stored_fields(store.require(reference)) == ASSISTANT_FIELDS


def test_an_apostrophe_in_an_email_address_is_kept(action_database: str) -> None:
    answer = "sean.o'brien@example.ie"
    tracker = form_turn("complaint_form", "customer_email", {"customer_email": answer}, text=answer)
    result, _ = validate(ValidateComplaintForm().validate_customer_email, answer, tracker)
    assert result == {"customer_email": answer}


def test_the_nlu_email_pattern_takes_an_apostrophe_address_whole() -> None:
    """The regex the NLU pipeline extracts `email` entities with (data/nlu/entities.yml)."""
    import re

    import yaml

    from tests.servers import ROOT

    document = yaml.safe_load((ROOT / "data" / "nlu" / "entities.yml").read_text())
    (entry,) = [item for item in document["nlu"] if item.get("regex") == "email"]
    pattern = re.compile(entry["examples"].strip().removeprefix("- "))
    for text, address in [
        ("it's sean.o'brien@example.ie thanks", "sean.o'brien@example.ie"),
        ("jane.doe@example.co.uk", "jane.doe@example.co.uk"),
    ]:
        assert pattern.search(text).group(0) == address
