"""Issue 14: what the assistant says is only what the codes and today's rules say.

Each test is one statement the assistant used to make that was out of date, stronger than the
code, or in no source, driven through the actions as Rasa calls them; the words checked are the
rendered domain.yml responses, as a customer reads them.
"""

from __future__ import annotations

import re
import string
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from actions.intake import (
    ActionAskContactPreference,
    ActionStartComplaint,
    ActionSubmitComplaint,
    ValidateComplaintForm,
)
from actions.rights import ActionAnswerQuestion, ActionQuoteResponseTimes, commitment_response
from actions.status import (
    ActionAskCaseReference,
    ActionHandleCaseRequest,
    ActionSetCaseRequest,
    ActionTalkToHuman,
    ValidateCaseLookupForm,
)
from bot.cases.store import CaseStore
from bot.cases.verification import CaseVerification
from bot.lint import lint_code, strength_in_words
from bot.provider_codes import Contact, get_code
from bot.regulation import load_rules
from bot.rights import gives_a_date
from bot.scheme_contacts import compare_contacts, contact_notes
from tests.action_support import (
    CONSUMER_FORM,
    DOMAIN,
    ROOT,
    form_turn,
    make_tracker,
    run_action,
    validate,
)
from tests.cases_support import make_intake

TODAY = datetime(2026, 12, 22, 10, 0, tzinfo=ZoneInfo("Europe/London"))

PROVIDERS = ("infinity-group", "infinity-system-solutions", "infinium", "invictanet")


pytestmark = pytest.mark.usefixtures("action_database")


def render(message: dict[str, Any]) -> str:
    """The customer's words for one message: its response's text with the placeholders filled."""
    variants = [
        v
        for v in DOMAIN["responses"][message["response"]]
        if not v.get("condition") and not v.get("channel")
    ]
    # A response only some channels show (the website chat's complaint record) says no words here.
    template = variants[0]["text"] if variants else ""
    fields = {f for _, f, _, _ in string.Formatter().parse(template) if f}
    return template.format(**{f: message[f] for f in fields})


def said(messages: list[dict[str, Any]]) -> str:
    return "\n".join(render(m) for m in messages)


def ask(provider: str, intent: str) -> str:
    tracker = make_tracker({"provider": provider}, text=intent, intent=intent)
    messages, _ = run_action(ActionAnswerQuestion(), tracker)
    return said(messages)


# --- scheme contacts come from today's rules ------------------------------------------------------

OLD_SCHEME_DETAILS = {
    "infinium": ["Chartered Institute of Arbitrators", "24 Angel Gate"],
    "invictanet": ["Brew House", "Wilderspool", "ombudsman-services.org"],
    "infinity-group": ["0330 440 1615", "os-communications.org"],
}
TODAYS_SCHEME_DETAILS = {
    "infinium": ["020 7520 3827", "cedr.com/consumer/cisas"],
    "invictanet": ["PO Box 730, Warrington WA4 6WU", "0330 440 1614"],
    "infinity-group": ["PO Box 730, Warrington WA4 6WU", "0330 440 1614"],
}


@pytest.mark.parametrize("provider", sorted(OLD_SCHEME_DETAILS))
def test_scheme_contacts_are_todays_and_old_ones_are_never_given_as_current(provider: str) -> None:
    answer = ask(provider, "ask_adr")
    # The code's former operator is named only as former (compliance reader, 27 Nov, F14):
    # "Our code says CISAS is run by The Chartered Institute of Arbitrators; today it is run by
    # CEDR." Nowhere else.
    operator_line = re.compile(r"Our code says \S+ is run by [^;]+; today it is run by [^.]+\.")
    if provider == "infinium":
        assert operator_line.search(answer)
    answer = operator_line.sub("", answer)
    for old in OLD_SCHEME_DETAILS[provider]:
        assert old not in answer
    for current in TODAYS_SCHEME_DETAILS[provider]:
        assert current in answer
    # The code's own details are mentioned only as old or as not confirmed today.
    assert "out of date" in answer or "can't confirm" in answer


# --- an ADR letter asked for is recorded, not promised ---------------------------------------------


@pytest.mark.parametrize("provider", PROVIDERS)
def test_an_adr_letter_request_is_recorded_not_promised(
    action_database: str, provider: str
) -> None:
    prefix = get_code(provider).reference_prefix
    with CaseStore.open(action_database) as store:
        case = store.create_case(
            make_intake(provider=provider, channel="chat"),
            received=TODAY,
            actor="assistant",
            channel="chat",
        )
    assert case.reference.startswith(prefix)
    with CaseStore.open(action_database) as store:  # this conversation passed the check on the case
        CaseVerification(store).record_owner(
            case.reference, conversation_id="conversation-1", channel="rest", now=TODAY
        )
    tracker = make_tracker(
        {
            "provider": provider,
            "case_reference": case.reference,
            "verification_answer": "verified",
            "pending_request": "adr_letter",
            "pending_request_for": case.reference,  # as the lookup form sets it
        }
    )
    messages, _ = run_action(ActionHandleCaseRequest(), tracker)
    answer = said(messages)
    assert "our staff will send it" not in answer
    assert "logged your request" in answer
    assert "must write to you" in answer and "deadlock" in answer
    # The customer's own ADR date stands either way.
    assert "from Tuesday 2 February 2027" in answer


# --- the price exclusion is narrow ----------------------------------------------------------------


def submit(provider: str, now: str | None = None, **changes: Any) -> str:
    slots = {**CONSUMER_FORM, "provider": provider, **changes}
    tracker = make_tracker(slots, text="yes", intent="affirm")
    messages, _ = run_action(ActionSubmitComplaint(), tracker)
    return said(messages)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_pricing_complaint_keeps_adr_with_the_narrow_exclusion_explained(provider: str) -> None:
    answer = submit(provider, complaint_category="pricing")
    assert "won't be open to you" not in answer
    assert "you may take it to " in answer and "from Tuesday 2 February 2027" in answer
    assert "general level of prices" in answer
    for in_scope in (
        "a charge other than what was agreed",
        "a price rise not notified as the contract requires",
        "a wrong bill",
    ):
        assert in_scope in answer


def test_the_adr_answer_states_the_narrow_price_exclusion() -> None:
    answer = ask("infinity-group", "ask_adr")
    assert "fairness of general prices" not in answer
    assert "general level of prices is fair, but a charge other than what was agreed" in answer


# --- Infinity System Solutions: Ofcom is not an ADR scheme ----------------------------------------


def test_iss_complaint_raised_1_april_2026_may_go_to_adr_from_27_may(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COMPLAINTS_NOW", "2026-04-01T10:00")
    answer = ask("infinity-system-solutions", "ask_adr")
    assert "8 weeks under today's rules" in answer
    assert (
        "a complaint raised today (Wednesday 1 April 2026) may go from Wednesday 27 May 2026"
        in (answer)
    )
    assert "13 May 2026" not in answer
    logged = submit("infinity-system-solutions")
    assert "from Wednesday 27 May 2026" in logged
    assert "13 May 2026" not in logged


# --- hedges stay hedges ---------------------------------------------------------------------------


def response_times(provider: str) -> str:
    tracker = make_tracker({"provider": provider}, intent="ask_response_time")
    messages, _ = run_action(ActionQuoteResponseTimes(), tracker)
    return said(messages)


def test_infinium_aims_and_guidelines_are_not_turned_into_promises() -> None:
    for answer in (response_times("infinium"), submit("infinium")):
        assert "We will reply by" not in answer
        assert "We aim to respond by Tuesday 29 December 2026 (3 business days)" in answer
        assert "As a guideline, we will try to respond by Friday 8 January 2027" in answer
        # The two periods for one thing are explained, in the code's own words.
        assert "always aim to respond to your correspondence within 3 business days" in answer
        assert "as a guideline, we will try to respond to written correspondence" in answer


def test_iss_aims_to_acknowledge_and_promises_the_rest() -> None:
    answer = response_times("infinity-system-solutions")
    assert "We aim to acknowledge your complaint by Tuesday 29 December 2026" in answer
    assert "We will acknowledge" not in answer
    assert "Your case handler will contact you within 48 hours of your complaint being raised" in (
        answer
    )


def test_infinity_group_normally_replies() -> None:
    answer = response_times("infinity-group")
    assert "We normally reply by Thursday 31 December 2026 (5 working days)." in answer


def test_invictanet_promises_a_reply() -> None:
    assert "We will reply by Wednesday 23 December 2026 (1 working day)." in response_times(
        "invictanet"
    )


# --- a letter is received after it is posted (F4) --------------------------------------------------

LETTER_QUESTION = "If I send a letter, when will I hear back?"


def letter_times(provider: str) -> list[dict[str, Any]]:
    tracker = make_tracker({"provider": provider}, text=LETTER_QUESTION, intent="ask_response_time")
    return run_action(ActionQuoteResponseTimes(), tracker)[0]


def test_infiniums_reply_to_a_letter_runs_from_when_the_letter_is_received() -> None:
    """F4 (outside compliance reader): Infinium's code counts its 10 working days "of receipt of
    your correspondence", and the chat dated them from today as if the letter arrived today."""
    messages = letter_times("infinium")
    answer = said(messages)
    assert "within 10 working days of receiving your letter" in answer
    assert "As a guideline" in answer and "not a promise" in answer  # still the code's hedge
    assert "Friday 8 January 2027" not in answer  # 10 working days from today
    assert not [m for m in messages if "due_date" in m]
    guideline = next(m for m in messages if m.get("period") == "10 working days")
    assert "of receipt of your correspondence" in guideline["custom"]["sources"][0]["quote"]


@pytest.mark.parametrize("provider", ["infinium", "infinity-group", "infinity-system-solutions"])
def test_no_date_from_today_is_given_for_a_letter(provider: str) -> None:
    """A letter is received days after today: no reply time is dated from today, for any code;
    each is given as the code states its period, and the answer says why there is no date."""
    messages = letter_times(provider)
    answer = said(messages)
    assert not [m for m in messages if "due_date" in m]
    assert "made by letter today" not in answer
    assert "can't give you dates counted from today" in answer
    periods = [m["period"] for m in messages if "period" in m]
    assert periods and all(f"within {p}" in answer for p in periods)


def test_an_email_complaint_to_infinium_is_still_dated_from_today() -> None:
    """Received today: the dates stand (what F4 changes is only a letter's)."""
    answer = response_times("infinium")
    assert "As a guideline, we will try to respond by Friday 8 January 2027" in answer


# --- Infinity System Solutions' "48 hours" as its code words it (F2) --------------------------------

ISS_48_HOURS = "within 48 hours of your complaint being raised"


@pytest.mark.parametrize(
    ("now", "due"),
    [
        ("2026-11-26T16:00", "Saturday 28 November 2026 at 16:00"),
        ("2026-12-22T10:00", "Thursday 24 December 2026 at 10:00"),
    ],
)
def test_iss_48_hours_is_the_codes_words_and_at_logging_the_moment_staff_have(
    monkeypatch: pytest.MonkeyPatch, now: str, due: str
) -> None:
    """F2 (outside compliance reader): the code says "within 48 hours of your complaint being
    raised" (not working hours). Dated as 48 plain hours from a Thursday afternoon it was "by
    Saturday 28 November 2026", as a firm date of its own, and "calendar hours" is not the
    code's word: its own words and strength, on every day. Round 19, F2 (outside compliance
    reader): at logging the customer was given no moment while staff had one; so after the code's
    words, the moment staff have it due, with the arithmetic shown (raised when, counted from
    when), never as a promise of its own ("Your case handler will contact you by ...")."""
    monkeypatch.setenv("COMPLAINTS_NOW", now)
    quoted, logged = (
        response_times("infinity-system-solutions"),
        submit("infinity-system-solutions"),
    )
    for answer in (quoted, logged):
        assert f"Your case handler will contact you {ISS_48_HOURS}" in answer
        assert "Your case handler will contact you by" not in answer
        assert "calendar" not in answer
        # Its other periods are in working time, which the code defines: they keep their dates.
        assert "We aim to acknowledge your complaint by" in answer
    assert due not in quoted
    assert f"was raised on {long_date_of(now)}" in logged and f"so that is by {due}." in logged


def long_date_of(now: str) -> str:
    from datetime import datetime

    moment = datetime.fromisoformat(now)
    return f"{moment:%A} {moment.day} {moment:%B %Y} at {moment:%H:%M}"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_every_commitment_strength_is_what_its_quote_says(provider: str) -> None:
    code = get_code(provider)
    for commitment in code.commitments:
        assert commitment.strength == strength_in_words(commitment.quote), commitment.id
        response = commitment_response(commitment.kind, commitment.strength)
        assert response in DOMAIN["responses"], response
        for channel in ("chat", "email", "letter", "phone"):
            if commitment.applies_to(code.effective_channel(channel)):
                undated = commitment_response(
                    commitment.kind,
                    commitment.strength,
                    dated=gives_a_date(commitment, channel),
                    counted_from=commitment.counted_from,
                )
                assert undated in DOMAIN["responses"], (channel, undated)


# Where a commitment says its period starts, in its quote's own words.
COUNTED_FROM_WORDS = {"receipt": "of receipt of", "raised": "of your complaint being raised"}


@pytest.mark.parametrize("provider", PROVIDERS)
def test_where_a_period_starts_is_in_the_codes_own_words(provider: str) -> None:
    for commitment in get_code(provider).commitments:
        if commitment.counted_from is not None:
            assert COUNTED_FROM_WORDS[commitment.counted_from] in commitment.quote, commitment.id
        else:
            assert not any(words in commitment.quote for words in COUNTED_FROM_WORDS.values())


def test_lint_reports_commitments_worded_as_aims_and_a_code_that_contradicts_itself() -> None:
    rules = load_rules()
    today = TODAY.date()
    infinium = {f.code for f in lint_code(get_code("infinium"), rules, today)}
    assert {"commitment-worded-as-aim", "commitment-worded-as-guideline"} <= infinium
    iss = {f.code for f in lint_code(get_code("infinity-system-solutions"), rules, today)}
    assert "commitment-worded-as-aim" in iss
    invictanet = [f for f in lint_code(get_code("invictanet"), rules, today)]
    contradiction = [f for f in invictanet if f.code == "code-contradicts-itself"]
    assert (
        len(contradiction) == 1
        and "6.6" in contradiction[0].text
        and "6.7" in contradiction[0].text
    )


# --- offers come from the code or GC C5, and say which ---------------------------------------------


def ask_contact_preference(provider: str) -> tuple[str, list[str]]:
    tracker = make_tracker({"provider": provider, "requested_slot": "contact_preference"})
    messages, _ = run_action(ActionAskContactPreference(), tracker)
    buttons = [b["payload"] for m in messages for b in m.get("buttons", [])]
    return said(messages), buttons


@pytest.mark.parametrize(
    ("provider", "offered"),
    [
        ("invictanet", ["email", "phone", "text_relay"]),
        ("infinity-group", ["email", "phone", "letter", "text_relay"]),
        ("infinity-system-solutions", ["email", "phone", "letter", "text_relay"]),
        ("infinium", ["email", "phone", "letter", "text_relay"]),
    ],
)
def test_contact_routes_offered_are_the_codes_and_text_relay_is_sourced_to_gc_c5(
    provider: str, offered: list[str]
) -> None:
    answer, buttons = ask_contact_preference(provider)
    assert buttons == [f'/inform{{"contact_preference":"{v}"}}' for v in offered]
    assert "General Condition C5" in answer and "Relay UK" in answer
    if provider == "invictanet":
        assert "Invictanet's code says it replies by email or phone." in answer
    if provider == "infinium":
        assert "code doesn't say how it replies" in answer


def test_a_route_the_code_does_not_commit_to_is_asked_again() -> None:
    tracker = form_turn(
        "complaint_form",
        "contact_preference",
        {"contact_preference": "letter"},
        before={"provider": "invictanet"},
        text="by letter please",
    )
    result, messages = validate(
        ValidateComplaintForm().validate_contact_preference, "letter", tracker
    )
    assert result["contact_preference"] is None  # and the failure counted (never a loop)
    assert "Invictanet's code doesn't say it replies by letter" in said(messages)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_next_steps_never_promise_a_route_the_code_does_not_give(provider: str) -> None:
    answer = submit(provider, contact_preference="phone")
    assert "we'll contact you by" not in answer
    assert "You asked us to contact you by phone" in answer
    routes = get_code(provider).reply_routes
    if routes is None:
        assert "our code doesn't say how we reply" in answer
    else:
        assert "our code says we reply by" in answer


def test_the_accessibility_question_offers_only_what_gc_c5_gives_and_says_so() -> None:
    text = DOMAIN["responses"]["utter_ask_accessibility_needs"][0]["text"]
    assert "General Condition C5" in text
    formats = load_rules().disabled_customers["accessible_formats"]["formats"]
    assert ", ".join(formats[:-1]) + " or " + formats[-1] == "large print, braille, audio or e-mail"
    assert "large print, braille, audio or e-mail" in text
    assert "text relay" not in text.lower()  # a way of calling, offered with the contact routes


# --- the smaller points ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("provider", "example"),
    [
        ("infinity-group", "IG-7K3Q9X"),
        ("infinity-system-solutions", "ISS-7K3Q9X"),
        ("infinium", "IN-7K3Q9X"),
        ("invictanet", "IV-7K3Q9X"),
    ],
)
def test_the_reference_example_is_the_providers_own(provider: str, example: str) -> None:
    messages, _ = run_action(ActionAskCaseReference(), make_tracker({"provider": provider}))
    # "It looks like IN-7K3Q9X" read as if the assistant had found the customer's reference
    # (outside compliance review, M7): the example is the shape references take.
    assert said(messages) == f"What is your complaint reference? References look like {example}."


def test_invictanet_gives_both_of_its_cancellation_clauses() -> None:
    answer = ask("invictanet", "ask_cancellation")
    assert "6.6" in answer and "in writing (fax or letter)" in answer
    assert "6.7" in answer and "accepted by e-mail" in answer


def test_invictanet_escalation_needs_no_step_its_code_does_not_ask_for() -> None:
    answer = ask("invictanet", "ask_escalation")
    assert "ask (by fax" not in answer
    assert "it will be passed to a Company Director" in answer


def test_infinity_group_says_its_code_was_updated_from_31_march_2016() -> None:
    assert "with effect from 31 March 2016" in response_times("infinity-group")


def test_a_bank_holiday_is_not_said_to_close_lines_the_code_does_not_close(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COMPLAINTS_NOW", "2026-12-25T11:00")
    answer = ask("infinity-group", "ask_contact")
    assert "closed" not in answer
    assert "doesn't say whether our phone lines are open on bank holidays" in answer
    # Infinity System Solutions' code does say it: "Monday to Friday excluding bank holidays".
    assert "closed just now" in ask("infinity-system-solutions", "ask_contact")


# --- outside compliance review (after issue 14) ----------------------------------------------------

CHAT_ROUTES = {
    "invictanet": ["complaints@invictanet.com", '"Complaint"', "fax to 0871 703 2665"],
    "infinium": [
        "in writing",
        "or by e-mail (the code names e-mail but its published text gives no address)",
    ],
    "infinity-group": ["customerservices@infinitygroup.co.uk", "0345 450 4600"],
    "infinity-system-solutions": ["Account Manager", "0330 9000 009"],
}


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_chat_complaint_is_not_said_to_count_as_email(provider: str) -> None:
    """No code says a web-chat complaint counts as e-mail: the answer says the code makes no
    reply-time promise for the chat, and that its times are for the routes it names."""
    tracker = make_tracker({"provider": provider}, text="how long will you take?")
    messages, _ = run_action(ActionQuoteResponseTimes(), tracker)
    answer = said(messages)
    assert "counts as" not in answer
    assert "doesn't mention complaints made in a web chat" in answer
    assert "no reply-time promise for a complaint made here" in answer
    for words in CHAT_ROUTES[provider]:
        assert words in answer
    intro = next(m for m in messages if m["response"] == "utter_response_times_intro")
    assert intro["custom"]["sources"][0]["quote"]


def test_only_scheme_details_that_differ_from_todays_are_called_out_of_date() -> None:
    """Infinity Group's code gives the Communications Ombudsman's PO Box and phone as they are
    today, and a fax and e-mail today's rules do not list: those two are not known to be out of
    date, only not confirmed (outside compliance review M4: "differ from today's and are out of
    date" had no source)."""
    answer = ask("infinity-group", "ask_adr")
    assert (
        "Our code of practice also gives the scheme's fax number and e-mail address; today's rules "
        "don't list them, so I can't confirm they still work. Please use the ones above."
    ) in answer
    assert "The postal address and phone number in our code match today's." in answer
    assert "out of date" not in answer
    assert "older contact details for the scheme that are out of date" not in answer
    assert "0330 440 1615" not in answer and "os-communications.org" not in answer


def test_a_scheme_detail_today_lists_differently_is_out_of_date_and_one_it_does_not_list_is_unconfirmed() -> (
    None
):
    """Invictanet's code gives the Ombudsman Service's old Warrington street address (today's rules
    give a PO Box: out of date), its phone as today's, and an e-mail and website today's rules do
    not list; each said once, in the singular or plural it needs (outside compliance review: "the
    scheme's postal address too, which differ"; "The phone number in our code match")."""
    answer = ask("invictanet", "ask_adr")
    assert (
        "The scheme's postal address in our code of practice is out of date; please use the "
        "contact details above."
    ) in answer
    assert (
        "Our code of practice also gives the scheme's e-mail address and website; today's rules "
        "don't list them, so I can't confirm they still work."
    ) in answer
    assert "The phone number in our code matches today's." in answer
    assert "which differ" not in answer and "match today's" not in answer
    assert "e-mail address and website too, which differ" not in answer


def test_contact_kinds_are_out_of_date_only_where_todays_rules_give_that_kind() -> None:
    old_po_box = Contact("letter", "PO Box 1, Old Town")
    phone = Contact("phone", "0330 440 1614")
    fax = Contact("fax", "0330 440 1615")
    today = [Contact("letter", "PO Box 730, Warrington WA4 6WU"), phone]
    compared = compare_contacts([old_po_box, phone, fax], today)
    assert (compared.out_of_date, compared.unlisted, compared.same) == (
        ["postal address"],
        ["fax number"],
        ["phone number"],
    )
    # CISAS's postal address: no value today, on purpose, because every older one is out of date.
    cisas = next(s for s in load_rules().schemes if s.name == "CISAS")
    assert cisas.out_of_date_kinds == ("letter",)
    compared = compare_contacts([old_po_box], cisas.contacts, cisas.out_of_date_kinds)
    assert (compared.out_of_date, compared.unlisted) == (["postal address"], [])
    assert [(n.response, n.details) for n in contact_notes(compare_contacts([fax], today))] == [
        ("utter_adr_contacts_unlisted_one", "fax number")
    ]
    assert contact_notes(compare_contacts([phone], today)) == []  # nothing to say


def test_the_source_note_says_which_code_details_are_out_of_date_and_which_unconfirmed() -> None:
    tracker = make_tracker({"provider": "invictanet"}, text="ombudsman?", intent="ask_adr")
    messages, _ = run_action(ActionAnswerQuestion(), tracker)
    scheme = next(m for m in messages if m["response"] == "utter_adr_scheme")
    note = scheme["custom"]["sources"][0]["today_differs"]
    assert note.startswith("Today: the Communications Ombudsman, post PO Box 730")
    assert "The code's postal address for it is out of date." in note
    assert "Today's rules don't list its e-mail address or website" in note
    assert "e-mail address and website for it are out of date" not in note


def test_infiniums_escalation_answer_gives_cisas_contact_today_and_marks_the_old_address() -> None:
    tracker = make_tracker({"provider": "infinium"}, text="who else can I go to?")
    tracker.latest_message["intent"] = {"name": "ask_escalation", "confidence": 1.0}
    messages, _ = run_action(ActionAnswerQuestion(), tracker)
    answer = said(messages)
    assert "How to reach it today: phone 020 7520 3827; website cedr.com/consumer/cisas" in answer
    assert "Angel Gate" not in answer
    adr = next(m for m in messages if m["response"] == "utter_escalation_then_adr")
    code_source = adr["custom"]["sources"][0]
    assert "24 Angel Gate" in code_source["quote"]  # the code's words, shown as they are
    assert "The code's postal address for it is out of date." in code_source["today_differs"]
    assert "020 7520 3827" in code_source["today_differs"]


def _lookup_turn(provider: str, text: str, before: dict[str, Any] | None = None):
    tracker = form_turn(
        "case_lookup_form",
        "case_reference",
        {"case_reference": text},
        before={"provider": provider, "pending_request": "adr_letter", **(before or {})},
        text=text,
        intent="inform",
    )
    _, events = run_action(ValidateCaseLookupForm(), tracker)
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("answer", ["I don't have it", "I've lost my reference", "no idea"])
def test_an_adr_letter_request_without_a_reference_ends_with_how_to_reach_us(
    provider: str, answer: str
) -> None:
    """A customer without a reference gets out of the lookup form at once, told how to reach the
    provider, never asked for the reference again in a loop."""
    slots = _lookup_turn(provider, answer)
    assert "requested_slot" in slots and slots["requested_slot"] is None  # the form ends
    tracker = make_tracker(
        {"provider": provider, "pending_request": "adr_letter", **slots}, text=answer
    )
    messages, _ = run_action(ActionHandleCaseRequest(), tracker)
    answer_said = said(messages)
    code = get_code(provider)
    assert code.contact("phone", purpose="complaints").value in answer_said
    assert "Without a complaint reference" in answer_said
    assert "can't confirm those details" not in answer_said


def test_two_answers_that_are_not_a_reference_end_the_lookup_not_a_third_question() -> None:
    first = _lookup_turn("invictanet", "it was about my broadband")
    assert first["case_reference"] is None and "requested_slot" not in first
    second = _lookup_turn("invictanet", "the one from last week", before=first)
    assert second["requested_slot"] is None
    assert second["verification_answer"] == "no_reference"


def test_a_call_back_request_is_said_to_be_a_request_not_a_promise(action_database: str) -> None:
    """No code promises a call back asked for in the chat: the answer says it is noted, and
    gives the sourced phone number for sooner."""
    with CaseStore.open(action_database) as store:
        case = store.create_case(
            make_intake(provider="infinium", channel="chat"),
            received=TODAY,
            actor="assistant",
            channel="chat",
        )
        CaseVerification(store).record_owner(
            case.reference, conversation_id="conversation-1", channel="rest", now=TODAY
        )
    slots = {"provider": "infinium", "created_reference": case.reference}
    messages, _ = run_action(ActionTalkToHuman(), make_tracker(slots, intent="talk_to_human"))
    answer = said(messages)
    assert "I've asked for someone to call you back" not in answer
    assert f"I've noted on complaint {case.reference} that you'd like a call back" in answer
    assert "not a promise of a call at a set time" in answer and "01253 353537" in answer
    details = next(m for m in messages if m["response"] == "utter_contact_details")
    assert details["custom"]["sources"][0]["quote"].startswith("If you have a complaint")


# --- accessibility and Ofcom's own contact (outside compliance review) ----------------------------


def ask_words(provider: str, intent: str, text: str, **slots: Any) -> list[dict[str, Any]]:
    tracker = make_tracker({"provider": provider, **slots}, text=text, intent=intent)
    return run_action(ActionAnswerQuestion(), tracker)[0]


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    "text", ["I need large print and I use text relay", "can I get my letters in braille?"]
)
def test_accessibility_questions_are_answered_from_ofcoms_rules(provider: str, text: str) -> None:
    messages = ask_words(provider, "ask_accessible_formats", text)
    answer = said(messages)
    assert "doesn't cover accessible formats" not in answer
    assert "large print, braille, audio or e-mail" in answer
    assert "Relay UK (text relay) at no extra cost" in answer
    assert get_code(provider).contact("phone", purpose="complaints").value in answer
    rows = {
        s["source"]
        for m in messages
        for s in (m.get("custom") or {}).get("sources", [])
        if "source" in s
    }
    assert "Ofcom General Condition C5 (formerly GC 15)" in rows  # text relay
    assert any(r.startswith("Ofcom General Condition C5;") for r in rows)  # accessible formats


def test_an_accessibility_need_in_the_forms_own_question_is_heard_as_the_answer() -> None:
    tracker = make_tracker(
        {"provider": "invictanet", "requested_slot": "accessibility_needs"},
        text="I need large print and I use text relay",
        intent="ask_accessible_formats",
        active_loop="complaint_form",
    )
    messages, events = run_action(ActionAnswerQuestion(), tracker)
    assert messages == []
    assert events[-1]["event"] == "user" and events[-1]["parse_data"]["intent"]["name"] == "inform"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_ofcoms_contact_is_ofcoms_from_the_rules_never_the_providers(provider: str) -> None:
    messages = ask_words(provider, "ask_contact", "how do I contact Ofcom?")
    answer = said(messages)
    assert "Riverside House, 2a Southwark Bridge Road, London SE1 9HA" in answer
    assert "020 7981 3040" in answer
    assert "does not decide individual complaints" in answer
    for contact in get_code(provider).contacts:
        assert contact.value not in answer
    assert messages[0]["custom"]["sources"] == [
        {
            "document": "UK communications complaint rules (Ofcom and the approved ADR schemes)",
            "source": "Ofcom (its consumer contact centre)",
        }
    ]


# --- price-rise questions (outside compliance review) --------------------------------------------

PRICE_QUESTION = "can I take a price rise to the ombudsman?"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_price_rise_question_is_answered_with_the_narrow_exclusion(provider: str) -> None:
    # NLU may read it as a complaint: the complaint is not started, the question is answered.
    tracker = make_tracker({"provider": provider}, text=PRICE_QUESTION, intent="make_complaint")
    messages, events = run_action(ActionStartComplaint(), tracker)
    assert messages == []  # no "I'll take down your complaint"
    assert events[-1]["parse_data"]["intent"]["name"] == "ask_adr"
    messages = ask_words(provider, "ask_adr", PRICE_QUESTION)
    answer = said(messages)
    assert "won't judge whether a provider's general level of prices is fair" in answer
    assert "a price rise not notified as the contract requires" in answer
    prices = next(m for m in messages if m["response"] == "utter_adr_prices")
    assert prices["custom"]["sources"][0]["source"].startswith("CISAS eligibility rules")


def test_infinity_groups_no_pricing_complaints_is_countered_by_todays_rules() -> None:
    messages = ask_words("infinity-group", "ask_adr", PRICE_QUESTION)
    answer = said(messages)
    assert "do not deal with pricing complaints" in answer  # the code's words, quoted as such
    assert "Today's rules exclude only the fairness of general price levels" in answer
    differs = next(m for m in messages if m["response"] == "utter_adr_prices_code_differs")
    assert "Today's rules exclude only" in differs["custom"]["sources"][0]["today_differs"]


def answered_after_case_intent(provider: str, text: str, intent: str) -> list[dict[str, Any]]:
    """What the customer reads when NLU sends `text` to the case check as `intent`: the message
    as ActionSetCaseRequest puts it back, answered (nothing when it asks for a reference)."""
    tracker = make_tracker({"provider": provider}, text=text, intent=intent)
    messages, events = run_action(ActionSetCaseRequest(), tracker)
    reread = [e for e in events if e.get("event") == "user"]
    if not reread:
        return messages  # the lookup form would now ask "What is your complaint reference?"
    return messages + ask_words(provider, reread[0]["parse_data"]["intent"]["name"], text)


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("intent", ["check_case", "request_adr_letter"])
def test_a_price_rise_put_like_a_complaint_gets_what_adr_takes_not_a_reference_question(
    provider: str, intent: str
) -> None:
    """F6 (outside compliance reader): sent to the case check and asked for a reference."""
    text = "I was promised a fixed price and it went up, what if I go to the ombudsman"
    answer = said(answered_after_case_intent(provider, text, intent))
    assert "won't judge whether a provider's general level of prices is fair" in answer
    assert "a price rise not notified as the contract requires" in answer


@pytest.mark.parametrize("provider", PROVIDERS)
def test_how_to_contact_ofcom_read_as_a_case_check_gets_ofcoms_contact(provider: str) -> None:
    """F6: "how do I contact Ofcom?" was asked "What is your complaint reference?"."""
    answer = said(answered_after_case_intent(provider, "how do I contact Ofcom?", "check_case"))
    assert "Riverside House, 2a Southwark Bridge Road, London SE1 9HA" in answer
    assert "does not decide individual complaints" in answer


# --- what regulation.md says of court, data protection and the largest award (F5) ---------------


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("intent", ["ask_adr", "ask_compensation"])
def test_the_most_the_ombudsman_can_award_is_the_rules_10000(provider: str, intent: str) -> None:
    """F5 (outside compliance reader): "what's the most the ombudsman can award?" got the whole
    ADR answer without the figure regulation.md gives (both schemes' rules: £10,000)."""
    messages = ask_words(provider, intent, "what's the most the ombudsman can award?")
    answer = said(messages)
    assert "can award is £10,000." in answer
    award = next(m for m in messages if m["response"] == "utter_adr_max_award")
    assert award["custom"]["sources"][0]["source"].startswith("both schemes' rules")
    assert award["custom"]["sources"][0]["applies_from"] == "2013-10-01"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_complaint_already_in_court_is_told_the_schemes_do_not_take_it(provider: str) -> None:
    """F5: regulation.md: both schemes exclude "matters already in court"."""
    text = "I'm already taking them to court, can I still go to the ombudsman?"
    messages = ask_words(provider, "ask_adr", text)
    answer = said(messages)
    assert "don't take matters that are already in court" in answer
    court = next(m for m in messages if m["response"] == "utter_adr_court")
    assert "matters already in court" in court["custom"]["sources"][0]["source"]


def test_a_data_leak_is_one_cisas_does_not_take() -> None:
    """F5: regulation.md: CISAS does not take data protection complaints (CEDR's CISAS page)."""
    messages = ask_words("infinium", "ask_adr", "my data was leaked, can the ombudsman help?")
    excludes = next(m for m in messages if m["response"] == "utter_adr_scheme_excludes")
    assert excludes["scheme"] == "CISAS" and excludes["matters"] == "data protection"


@pytest.mark.parametrize("provider", ["infinity-group", "invictanet", "infinity-system-solutions"])
def test_a_data_leak_is_never_said_to_be_excluded_where_the_rules_do_not_say(provider: str) -> None:
    """regulation.md says only CISAS excludes data protection: the Communications Ombudsman's
    customers (and ISS's, whose code names no scheme) are not told it is excluded (nor that it is
    taken: tests/actions/test_truth_open_points.py)."""
    messages = ask_words(provider, "ask_adr", "my data was leaked, can the ombudsman help?")
    assert "utter_adr_scheme_excludes" not in [m["response"] for m in messages]
    assert "not take complaints about data protection" not in said(messages)


def test_a_complaint_confirmed_after_did_you_mean_is_taken_even_about_prices() -> None:
    events = [
        {"event": "action", "name": "action_clarify"},
        {"event": "user", "text": "yes", "parse_data": {"intent": {"name": "affirm"}}},
        {"event": "action", "name": "action_clarified"},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": PRICE_QUESTION, "parse_data": {}},
    ]
    tracker = make_tracker(
        {"provider": "infinium"}, text=PRICE_QUESTION, intent="make_complaint", events=events
    )
    messages, _ = run_action(ActionStartComplaint(), tracker)
    assert [m["response"] for m in messages] == ["utter_start_complaint"]


def test_the_relay_offer_in_the_form_keeps_the_rules_condition() -> None:
    """Outside compliance reader, 26 Nov: the form offered Relay UK to every customer, while the
    rules (and the stand-alone answer) give it to disabled customers."""
    rules_row = (ROOT.parent / "shared" / "regulation.md").read_text(encoding="utf-8")
    assert "providers must give disabled customers access to a relay service" in rules_row
    (offer,) = DOMAIN["responses"]["utter_text_relay_offer"]
    assert offer["text"].startswith("If you are disabled,")
