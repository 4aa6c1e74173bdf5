"""Taking a complaint: the form's validators, the read-back summary, and creating the case."""

from __future__ import annotations

import asyncio
import copy
import functools
import inspect
import json
import logging
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.after_logging import (
    addition_to_checked_case,
    addition_to_logged_case,
    complaint_after_logging,
    first_raised_after_logging,
    no_new_complaint_wanted,
    same_complaint_answered,
)
from actions.cases import ensure_outbox_worker, wake_mail_worker, with_store
from actions.conversation import (
    CONFIRMED_COMPLAINT,
    action_before_latest,
    adr_letter_held_told,
    asked_in_its_words,
    awaiting_read_back,
    follow_up_to_last_answer,
    made_for_changed,
    not_logged_yet,
    provider_facts,
    provider_for,
    question_after_logging,
    read_as,
    read_back_routed,
    repair_time_question_in_words,
    say_description_added,
    sourced,
    value_before_latest_message,
)
from actions.rights import (
    ASKED_CHANNEL_WORDS,
    QUESTION_TOPICS,
    ActionAnswerQuestion,
    ActionQuoteResponseTimes,
    adr_ruled_out_for_the_form,
    explain_phone_use,
    explain_priority_repair,
    letter_held_rough,
    letter_held_said,
    suspension_asked,
    utter_adr_outcome,
    utter_commitments,
    utter_escalation_route,
    utter_how_to_go_to_adr,
)
from actions.status import (
    case_named_in_words,
    check_retyped_answer,
    lost_reference_told,
    who_deals_next_asked,
)
from actions.vulnerability import (
    CONFIRM_REMOVAL,
    ON_BEHALF,
    SUPPORT_SLOTS,
    NoticesCircumstances,
    account_holder,
    agree_to_needs,
    answer_money_trouble,
    answers_removal_question,
    call_time_asked_for,
    chased_for_money_asked,
    complaint_in_progress,
    consented_details,
    consented_needs,
    drop_pending_needs,
    help_asked_for_after_all,
    listed_needs,
    made_on_behalf,
    needs_corrected,
    needs_named_at_accessibility,
    needs_noted_on_case,
    needs_with_a_number,
    notice_circumstances,
    offers_applying,
    pending_needs_dropped,
    put_back_extracted,
    record_consented_needs,
    removal_to_confirm,
    trusted_contact_need,
    user_texts_since_last_case,
    with_support_questions,
    with_trusted_contact,
    withdrawal_in_words,
)
from bot import clock, intake
from bot.answers.adr import (
    asks_about_prices,
    asks_adr_for_a_business_size,
    asks_adr_for_a_day,
    asks_time_limit_to_complain,
    asks_to_go_to_body,
)
from bot.answers.after_logging import declines_a_new_complaint
from bot.answers.asking import GRIEVANCE, asks_at_the_end, asks_in_a_clause, is_a_question
from bot.answers.business import (
    HeadCount,
    customer_type_in,
    find_employee_count,
    head_count_range,
    names_the_providers_company,
    stated_business_size,
)
from bot.answers.category import (
    asks_to_change_category,
    categories_named,
    category_answered,
    category_change_named,
    category_in,
    category_plainly_told,
    category_told,
    names_a_fault,
    names_several,
)
from bot.answers.commands import (
    added_words,
    adds_more,
    carries_on,
    change_asked,
    changes_asked,
    clause_changes,
    confirms_logging,
    detail_typed_alone,
    holds_off_logging,
    is_bare_command,
    leads_with_yes,
    means_log_it,
    names_someone_elses_name,
    only_carries_on,
    own_name_beside_anothers,
    plainly_stops,
    refuses_logging,
    says_only_wrong,
    says_stop,
    says_yes,
    told_besides_carrying_on,
    yes_with_a_question,
)
from bot.answers.dates import (
    dates_with_places,
    day_corrected,
    day_of,
    day_of_month_corrected,
    first_raised_alone,
    first_raised_answer,
    first_raised_in,
    first_raised_in_all,
    first_raised_year_guessed,
)
from bot.answers.details import (
    account_from_answer,
    account_number_named,
    address_only,
    address_without_postcode,
    contact_preference_in,
    declines_email,
    declines_phone,
    find_email,
    find_phone,
    find_postcode,
    has_no_account_number,
    has_no_preference,
    is_a_phone_number,
    no_phone_to_give,
    phone_meant,
    phone_unwanted,
    preference_change,
    refuses,
    tells_how_raised_before,
    unread_routes,
)
from bot.answers.names import (
    asks_at_the_name_question,
    asks_how_many_questions,
    bare_name,
    gives_a_name,
    greeting_name,
    is_not_a_name,
    is_plainly_not_a_name,
    name_before_remark,
    name_changed,
    name_correction,
    name_from_answer,
    name_without_details,
    refuses_name,
    reminds_already_said,
    says_nothing_more,
    titled_name,
    without_already_said,
)
from bot.answers.needs import (
    access_needs_named,
    asks_for_priority_repair,
    asks_to_forget_what_was_said,
    contact_wishes,
    declines_needs,
    denies_consent,
    formats_taken_off,
    names_a_need,
    says_yes_without_a_need,
    withdraws_consent,
)
from bot.answers.questions import (
    asks_about_money_trouble,
    asks_what_help,
    asks_why_phone_needed,
    channel_named,
    wants_text_messages,
)
from bot.answers.routing import (
    mentions_a_complaint,
    question_named,
    question_read_as_complaint,
    reads_as_a_complaint,
    tells_briefly_what_went_wrong,
    tells_more_of_the_complaint,
    tells_what_went_wrong,
)
from bot.answers.text import declines_to_give, does_not_know_it, is_non_answer, is_skip, plain
from bot.answers.what_happened import (
    addition_told,
    content_words,
    first_message_facts,
    only_says_said_before,
    opens_with_a_question,
    part_taken_back,
    says_what_happened,
    told_besides_the_part,
    with_words_corrected,
    without_asking_to_complain,
    without_contact_details,
    without_the_part,
    words_corrected,
)
from bot.cases.customer_requests import intent_for_words
from bot.cases.store import submission_key
from bot.cases.verification import CaseVerification
from bot.complaint_record import complaint_record
from bot.offers import ROUTE_WORDS, contact_choices, routes_text
from bot.outbox import Outbox
from bot.provider_codes import ProviderCode, get_code
from bot.regulation import load_rules, long_date
from bot.rights import adr_rights, head_count_rule, how_schemes_count, the_scheme
from bot.scheme_contacts import and_list, squash
from bot.sources import from_code, from_rules
from bot.vulnerability import (
    NEEDS_NOT_NAMED,
    NOT_ON_BEHALF,
    NeedsChosen,
    accessibility_kept,
    call_back_time,
    circumstances_in,
    declines_all,
    drops_needs_keeps_complaint,
    find_cues,
    load_vulnerability_rules,
    made_for_whom,
    tells_only_circumstances,
    trusted_contact,
)

logger = logging.getLogger(__name__)

NOT_GIVEN = "none"

# The form's slots, in the order they are asked, and the intake field each one fills.
FORM_FIELDS: dict[str, str] = {
    "complaint_category": "category",
    "complaint_description": "description",
    "complaint_first_raised": "first_raised",
    "customer_name": "name",
    "customer_email": "email",
    "customer_phone": "phone",
    "customer_postcode": "postcode",
    "contact_preference": "contact_preference",
    "customer_address": "address",
    "customer_type": "customer_type",
    "employees": "employees",
    "account_number": "account",
    "accessibility_needs": "accessibility_needs",
}
# Answers in the customer's own words, which may mention prices, numbers or places in passing
# (a name like "Bill" is not a billing complaint).
FREE_TEXT_SLOTS = {
    "complaint_description",
    "customer_name",
    "customer_address",
    "accessibility_needs",
}
MAX_PROBLEM_CHARS = 300
# Optional answers that are left out after a third answer that will not do (issue 15: no loops).
OPTIONAL_SLOTS = {
    "complaint_first_raised",
    "customer_postcode",
    "contact_preference",
    "customer_type",
    "employees",
    "account_number",
    "accessibility_needs",
}
# What a detail is called when the customer is told it changed ("Updated your e-mail to ...").
FIELD_WORDS: dict[str, str] = {
    "complaint_category": "complaint's subject",
    "complaint_description": "account of what happened",
    "complaint_first_raised": "date you first raised it",
    "customer_name": "name",
    "customer_email": "e-mail",
    "customer_phone": "phone number",
    "customer_postcode": "postcode",
    "contact_preference": "contact preference",
    "customer_address": "postal address",
    "customer_type": "customer type",
    "employees": "number of employees",
    "account_number": "account number",
    "accessibility_needs": "accessibility needs",
}
# Codes of problems whose message is worth saying in the chat; the others quote the customer's
# whole answer back or list choices the chat does not offer, so the short hint says it better.
SAID_PROBLEMS = ("too-long", "invalid-characters", "has-link", "nothing-more")


def button_choice(domain: DomainDict, slot: str, value: Any) -> Any:
    """On a channel without buttons Rasa sends them as numbered lines ("2: Billing ..."): a reply
    of "2" chooses the second button of the question for `slot`."""
    text = str(value or "").strip().rstrip(".")
    if not text.isdigit() or len(text) > 3:  # int() refuses 4,300 digits and more
        return value
    variations = domain.get("responses", {}).get(f"utter_ask_{slot}", [])
    buttons = variations[0].get("buttons", []) if variations else []
    index = int(text) - 1
    if not 0 <= index < len(buttons):
        return value
    # Payloads are written with doubled braces in domain.yml, as Rasa's templating requires.
    payload = buttons[index].get("payload", "").replace("{{", "{").replace("}}", "}")
    try:
        entities = json.loads(payload[payload.index("{") :])
    except ValueError:
        return value
    return next(iter(entities.values()), value)


def _numbered(choices: list[str], value: Any) -> Any:
    """A reply of "2" on a channel without buttons chooses the second offered route."""
    text = str(value or "").strip().rstrip(".")
    if text.isdigit() and len(text) <= 3 and 0 < int(text) <= len(choices):
        return choices[int(text) - 1]
    return value


CONTACT_BUTTON_TITLES = {
    "email": "Email",
    "phone": "Phone",
    "letter": "Letter",
    "text_relay": "Phone by text relay (Relay UK)",
}


def no_calls_wanted(tracker: Tracker) -> bool:
    """The customer gave no phone number, or agreed contact in writing (or by e-mail) only, or
    asked not to be phoned ("dont ring me"): a call is no way to reply to them."""
    if tracker.get_slot("customer_phone") == NOT_GIVEN:
        return True
    if {"writing_only", "email_only"} & set(consented_needs(tracker)[0]):
        return True
    said = [str(tracker.get_slot("accessibility_needs") or "")]
    said += [str(w) for w in tracker.get_slot(WISHES_HEARD) or []]
    return any("no phone calls" in s for s in said)


class ActionAskAccessibilityNeeds(Action):
    """Asks the accessibility question; when a format was agreed with the help offered, says it is
    noted and asks only for anything else (outside testers, round 13: "i just said large print!")."""

    def name(self) -> str:
        return "action_ask_accessibility_needs"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if "accessible_formats" in consented_needs(tracker)[0]:
            formats = consented_details(tracker).get("accessible_formats")
            dispatcher.utter_message(
                response="utter_ask_accessibility_needs_format_noted",
                agreed=formats or "letters and replies in a format you can use",
            )
        else:
            dispatcher.utter_message(response="utter_ask_accessibility_needs")
        return []


class ActionAskComplaintDescription(Action):
    """Asks what happened; after the customer has already typed something that did not tell it
    ("I want to complain", "complaint about billing"), says why it is asked (outside testers,
    issues 15 and 19: "Please tell me what happened" came as if nothing had been said)."""

    def name(self) -> str:
        return "action_ask_complaint_description"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        typed = [
            said
            for said in [*_told_before(tracker), _latest_text(tracker)]
            if said.strip() and not said.lstrip().startswith("/")
        ]
        latest = _latest_text(tracker)
        told_now = not latest.lstrip().startswith("/") and (
            tells_what_went_wrong(latest) or tells_briefly_what_went_wrong(latest)
        )
        if _earlier_account(tracker) is not None or told_now:
            # A few words of what happened were told before: noted, and a bit more asked for.
            response = "utter_ask_complaint_description_add"
        elif any(content_words(said) for said in typed):
            # "complaint about billing": something told, too short, so a bit more asked for.
            response = "utter_ask_complaint_description_more"
        elif typed:
            # "I want to make a complaint" and nothing else: "a bit more" read oddly (outside
            # testers, round 15), so the question and why it is asked.
            response = "utter_ask_complaint_description_why"
        else:
            response = "utter_ask_complaint_description"
        dispatcher.utter_message(response=response)
        return []


class ActionAskComplaintFirstRaised(Action):
    """Asks when the complaint was first raised; when the customer already named the day with no
    year and this year's is still to come ("I rang you on 3rd december" in November), asks
    whether last year's is meant, as the question does for a day typed there (outside testers,
    round 15, F25: stored as last year's day unasked)."""

    def name(self) -> str:
        return "action_ask_complaint_first_raised"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        slot = "complaint_first_raised"
        record = tracker.get_slot("answer_failures")
        asked_before = isinstance(record, dict) and record.get("slot") == slot
        unsure = None if asked_before else first_raised_unsure(tracker)
        if unsure is None:
            dispatcher.utter_message(response="utter_ask_complaint_first_raised")
            return []
        last_year, this_year = unsure
        dispatcher.utter_message(
            response="utter_ask_first_raised_which_year",
            said=f"{this_year.day} {this_year:%B}",
            meant=long_date(last_year),
        )
        # "yes" takes last year's day, as after "Did you mean ...?" (_first_raised_ahead).
        return [
            SlotSet("answer_failures", {"slot": slot, "count": 0, "meant": last_year.isoformat()})
        ]


class ActionAskContactPreference(Action):
    """Asks how to contact the customer, offering only the ways the provider's code commits to
    (and text relay for calls, which Ofcom's General Condition C5 gives every customer)."""

    def name(self) -> str:
        return "action_ask_contact_preference"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        code = provider_for(tracker)
        facts = provider_facts(code)
        if _asked_in_a_row(tracker, "contact_preference"):
            # Asked again (an answer that would not do, a detail or more of the complaint kept):
            # the question alone, never the code's routes and Relay UK a second and third time
            # (outside testers, round 19, F2: the whole block three times in a row).
            buttons = [_contact_button(way) for way in contact_ways_offered(tracker)]
            dispatcher.utter_message(response="utter_ask_contact_preference", buttons=buttons)
            return []
        if code.reply_routes is not None:
            dispatcher.utter_message(
                response="utter_contact_routes",
                routes=routes_text(code.reply_routes.channels),
                **facts,
                **sourced(from_code(code, code.reply_routes.quote)),
            )
        else:
            dispatcher.utter_message(response="utter_contact_routes_not_stated", **facts)
        offered = contact_ways_offered(tracker)
        if "text_relay" in offered:
            relay = load_rules().disabled_customers["text_relay"]
            dispatcher.utter_message(
                response="utter_text_relay_offer", **sourced(from_rules(relay["source"]))
            )
        buttons = [_contact_button(way) for way in offered]
        dispatcher.utter_message(response="utter_ask_contact_preference", buttons=buttons)
        return []


def contact_ways_offered(tracker: Tracker) -> list[str]:
    """The ways of contact the contact question offers, in its order: those the provider's code
    commits to (and text relay), never a call to a customer who wants none, nor e-mail to one who
    has none or wants none."""
    choices = [c.value for c in contact_choices(provider_for(tracker), load_rules())]
    if no_calls_wanted(tracker):
        # No number given, or writing only or no calls asked for (outside testers, round 13:
        # Phone and text relay were offered all the same): never offered as a way to reply.
        choices = [c for c in choices if c not in ("phone", "text_relay")] or choices
    # Not e-mail to a customer who said they have none (outside customers A, round 12, L6), nor
    # to one who asked never to be e-mailed (outside care, round 16, F10).
    return [c for c in choices if not (c == "email" and _no_email_wanted(tracker))]


def contact_ways_numbered(tracker: Tracker) -> str:
    """The ways offered as numbered lines ("1: Email"), for a customer who types."""
    ways = contact_ways_offered(tracker)
    return "\n".join(f"{n}: {CONTACT_BUTTON_TITLES[c]}" for n, c in enumerate(ways, start=1))


def _contact_button(way: str) -> dict[str, str]:
    return {
        "title": CONTACT_BUTTON_TITLES[way],
        "payload": f'/inform{{"contact_preference":"{way}"}}',
    }


class ActionAskEmployees(Action):
    """Asks a business for the head count its provider's ADR scheme counts (regulation.md: the
    Communications Ombudsman counts employees, contractors and volunteers; CISAS employees), and
    for each group when the code names no scheme."""

    def name(self) -> str:
        return "action_ask_employees"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        rules = load_rules()
        rule = head_count_rule(provider_for(tracker), rules)
        source = sourced(from_rules(rules.eligibility_source), from_rules(rule.source))
        if rule.asks_by_group:
            dispatcher.utter_message(
                response="utter_ask_employees_by_group",
                others=and_list(list(rule.others())),
                how_counted=how_schemes_count(rule),
                **source,
            )
        elif len(rule.counts) > 1:
            dispatcher.utter_message(
                response="utter_ask_employees_counted",
                counted=and_list(list(rule.counts)),
                scheme=the_scheme(rule.scheme or "ombudsman scheme"),
                **source,
            )
        else:
            dispatcher.utter_message(response="utter_ask_employees", **source)
        return []


def _latest_entity(tracker: Tracker, entity: str) -> str | None:
    return next(tracker.get_latest_entity_values(entity), None)


def _failures_so_far(tracker: Tracker, slot: str) -> int:
    record = tracker.get_slot("answer_failures")
    if isinstance(record, dict) and record.get("slot") == slot:
        return int(record.get("count") or 0)
    return 0


def _asked_in_a_row(tracker: Tracker, slot: str) -> int:
    """How many of the assistant's replies in a row, up to the latest message, asked `slot`'s
    question: a question asked again after a detail was kept or another question answered counts
    too, not only after answers that would not do (outside words, round 16, F51: the category
    question asked five times in a row, the third in the same words)."""
    asks = f"utter_ask_{slot}"
    events = tracker.events
    users = [i for i, e in enumerate(events) if e.get("event") == "user"]
    count = 0
    for later, earlier in zip(users[::-1], [*users[-2::-1], -1], strict=False):
        said = [
            str((e.get("metadata") or {}).get("utter_action") or "")
            for e in events[earlier + 1 : later]
            if e.get("event") == "bot"
        ]
        if not any(s == asks or s.startswith(asks + "_") for s in said):
            break
        count += 1
    return count


def _numbered_choices(domain: DomainDict, slot: str) -> str | None:
    """The question's buttons as numbered lines ("1: Consumer"), for a customer who types."""
    variations = domain.get("responses", {}).get(f"utter_ask_{slot}", [])
    buttons = variations[0].get("buttons", []) if variations else []
    if not buttons:
        return None
    return "\n".join(f"{n}: {b.get('title')}" for n, b in enumerate(buttons, start=1))


def kept_so_far(tracker: Tracker, asked: str | None = None, kept_now: tuple[str, ...] = ()) -> str:
    """The details the form holds, in the form's order: those set before the latest message, never
    the one being asked, nor words of this message not yet checked (outside attacker F2, F12: an
    account refused, the name being asked and a customer type then asked again were all listed as
    kept, and the list changed from turn to turn); `kept_now`: the slots this message gave that
    are kept."""
    return ", ".join(
        FIELD_WORDS[s]
        for s in FORM_FIELDS
        if s != asked
        and (s in kept_now or value_before_latest_message(tracker, s) not in (None, NOT_GIVEN))
    )


def _said_problem(error: Exception) -> str | None:
    """The check's own message when it is worth saying in the chat (too long, control characters, a
    web address), shortened; None for every other: those quote the customer's word back as an
    internal value and list choices the chat does not offer ("'first' is not a customer type;
    expected consumer or business.": outside words, round 16, F65), so the hint says it instead."""
    if not (isinstance(error, intake.IntakeError) and error.code.endswith(SAID_PROBLEMS)):
        return None
    problem = error.message
    if len(problem) > MAX_PROBLEM_CHARS:
        problem = problem[: MAX_PROBLEM_CHARS - 1] + "…"
    return problem


def _reask(
    dispatcher: CollectingDispatcher,
    slot: str,
    error: Exception,
    tracker: Tracker | None = None,
    domain: DomainDict | None = None,
    kept_now: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Tell the customer briefly how to give the answer and clear the slot. No question loops
    (issue 15): after a second answer that will not do, the choices come numbered; after a third,
    an optional answer is left out, a category is noted as "other", and otherwise the customer is
    told what has been kept and the phone number."""
    failures = _failures_so_far(tracker, slot) + 1 if tracker is not None else 1
    if tracker is not None:
        # The askings in a row count, not only the answers that would not do (F51).
        failures = max(failures, _asked_in_a_row(tracker, slot))
    record = {"answer_failures": {"slot": slot, "count": failures}}
    if failures >= 3 and tracker is not None:
        if slot in OPTIONAL_SLOTS:
            dispatcher.utter_message(response="utter_answer_left_out")
            return {slot: NOT_GIVEN, "answer_failures": None}
        if slot == "complaint_category":
            dispatcher.utter_message(response="utter_answer_set_aside", category="something else")
            return {slot: "other", "answer_failures": None}
        code = provider_for(tracker)
        kept = kept_so_far(tracker, asked=slot, kept_now=kept_now)
        dispatcher.utter_message(
            response="utter_answer_still_needed",
            kept=kept or "nothing yet",
            **provider_facts(code),
        )
        return {slot: None, **record}
    if _said_problem(error) is not None:
        dispatcher.utter_message(response="utter_invalid_field", problem=_said_problem(error))
    elif not isinstance(error, intake.IntakeError):
        dispatcher.utter_message(
            response="utter_invalid_field", problem="Sorry, I couldn't use that."
        )
    choices = _numbered_choices(domain, slot) if failures >= 2 and domain is not None else None
    if failures >= 2 and slot == "contact_preference" and tracker is not None:
        # The ways the question offers, numbered as its buttons are, never "say 'skip'" after
        # "Please choose one of the ways shown." (outside testers, round 19, F2).
        choices = contact_ways_numbered(tracker)
    if choices:
        dispatcher.utter_message(response="utter_choose_by_number", choices=choices)
    elif failures >= 2:
        _hint_with_a_way_out(dispatcher, slot, tracker)
    else:
        dispatcher.utter_message(response=f"utter_hint_{slot}")
    return {slot: None, **record}


def _hint_with_a_way_out(
    dispatcher: CollectingDispatcher, slot: str, tracker: Tracker | None
) -> None:
    """The third asking of a question with no buttons to number: never the same words again, but
    the way out said plainly: 'no email', 'no phone', 'skip' for what may be left out, the phone
    number otherwise (outside words, round 16, F9, F46: the e-mail question asked three times in
    the same words)."""
    if slot == "customer_name":
        # What is wanted, plainly, with an example.
        dispatcher.utter_message(response="utter_hint_customer_name_plainly")
    elif slot in ("customer_email", "customer_phone"):
        dispatcher.utter_message(response=f"utter_hint_{slot}_plainly")
    elif slot in OPTIONAL_SLOTS:
        dispatcher.utter_message(response="utter_hint_skip_plainly")
    else:
        dispatcher.utter_message(response=f"utter_hint_{slot}")
        code = provider_for(tracker) if tracker is not None else None
        if code is not None:
            dispatcher.utter_message(response="utter_hint_or_call", **provider_facts(code))


# "actually no, it's about billing. You charged me ...": a change of mind in an account of what
# happened; and a name given with the contact details ("Kate Morgan, kate@example.net, 07700 ...").
_CHANGE_OF_MIND = re.compile(
    r"\b(?:actually|it'?s about|it is about|i meant|rather)\b", re.IGNORECASE
)
_CONTACT_SLOTS = {"customer_email", "customer_phone", "customer_postcode"}


def _given_in_passing(tracker: Tracker, slot: str) -> bool:
    """Whether a free-text answer also gives `slot` on purpose, so it is taken."""
    requested = tracker.get_slot("requested_slot")
    if slot == "account_number":
        # "Lena Novak, account number IN-77120": named with its label, so given on purpose.
        return account_number_named(_latest_text(tracker)) is not None
    if requested == "customer_name":
        # "business" to the name question is the customer type, kept (outside customers A, F10).
        text = _latest_text(tracker)
        return slot in _CONTACT_SLOTS or (
            slot == "customer_type"
            and customer_type_in(text) is not None
            and is_plainly_not_a_name(text)
        )
    if requested == "complaint_description" and slot in _CONTACT_SLOTS:
        # "tom@example.com" alone at "What happened?": that detail, kept when none was given
        # before (_not_an_account); never a change of one already given.
        return slot in _only_details(_latest_text(tracker)) and value_before_latest_message(
            tracker, slot
        ) in (None, NOT_GIVEN)
    if requested == "complaint_description" and slot == "complaint_category":
        return bool(_CHANGE_OF_MIND.search(_latest_text(tracker)))
    return False


def _is_clean(clean: Callable[[Any], Any], value: Any) -> bool:
    try:
        clean(value)
    except intake.IntakeError:
        return False
    return True


# A customer who wants help with contact but has not said which (two "yes" answers).
NEEDS_NOT_SAID = "wants help to make contact easier (did not say which: please ask)"


def _failures_reset(tracker: Tracker) -> dict[str, Any]:
    """Forget the failed answers once a question is answered (nothing to do if there were none)."""
    return {"answer_failures": None} if tracker.get_slot("answer_failures") else {}


def _latest_text(tracker: Tracker) -> str:
    return str(tracker.latest_message.get("text") or "")


def _corrects_another_detail(tracker: Tracker, slot: str) -> bool:
    """The latest message gives another detail ("sorry, my email is ..."), not this answer."""
    text = _latest_text(tracker)
    found = {
        "customer_email": find_email(text),
        "customer_phone": find_phone(text),
        "customer_postcode": find_postcode(text),
    }
    return any(value for other, value in found.items() if other != slot)


def _new_details(tracker: Tracker, slot: str) -> list[str]:
    """The contact details other than `slot` that the latest message gives for the first time
    and the form keeps (checked, and not in passing at a free-text question)."""
    text = _latest_text(tracker)
    new = []
    for other, (find, clean) in _OTHER_DETAILS.items():
        if other == slot or other not in _CONTACT_SLOTS:
            continue
        found = find(text)
        if (
            found
            and _is_clean(clean, found)
            and tracker.get_slot(other) not in (None, NOT_GIVEN)
            and value_before_latest_message(tracker, other) in (None, NOT_GIVEN)
            and (_requested(tracker) not in FREE_TEXT_SLOTS or _given_in_passing(tracker, other))
        ):
            new.append(other)
    return new


def _name_corrected(dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
    """The name given earlier, put right by the latest message, saying what changed; {} if the
    message corrects no name (or no name was given yet, when the name question is still to come)."""
    if tracker.get_slot("requested_slot") == "customer_name":
        return {}
    before = tracker.get_slot("customer_name")
    corrected = name_correction(_latest_text(tracker), held=before)
    if before in (None, NOT_GIVEN) or corrected is None:
        return {}
    try:
        name = intake.clean_name(corrected)
    except intake.IntakeError:
        return {}
    dispatcher.utter_message(
        response="utter_field_updated", field=FIELD_WORDS["customer_name"], answer=name
    )
    return {"customer_name": name}


def _customer_type_kept(tracker: Tracker) -> str | None:
    """The customer type as it stood before the latest message, when that message is not a change
    of it though NLU extracted one ("just me" to how many people work for the business is a head
    count, not a consumer); None when the message may change it. The form's list of questions is
    decided before its answers are checked, so it must see the type the check will keep (the
    outside conversation set: "just me" dropped the head-count question, and the sole trader was
    logged as a consumer)."""
    before = value_before_latest_message(tracker, "customer_type")
    requested = tracker.get_slot("requested_slot")
    if requested == "customer_type" or not before:
        return None
    text = _latest_text(tracker)
    named = customer_type_in(text)
    if named is None or named == before:
        return before
    if (named, requested) == ("consumer", "employees") and find_employee_count(text) is not None:
        return before  # "just me", "only me and my wife": a head count, not a consumer
    return None


def _head_count_told_with(tracker: Tracker, checked: dict[str, Any]) -> dict[str, Any]:
    """The head count an answer to "consumer or business?" gives with the business ("we run a
    small cafe, 4 of us, ...": outside testers, round 12, the 4 lost), kept as the head-count
    question would keep it, so that question is not asked; nothing when it gives none."""
    text = _latest_text(tracker)
    if (
        checked.get("customer_type") != "business"
        or tracker.get_slot("requested_slot") != "customer_type"
        or value_before_latest_message(tracker, "employees") not in (None, NOT_GIVEN)
        or stated_business_size(text) is None
        or head_count_range(text) is not None  # "maybe 10 or 12 staff": asked which (round 20, F8)
    ):
        return {}
    head = intake.head_count_answer(text, head_count_rule(provider_for(tracker), load_rules()))
    if head is None or not _is_clean(intake.clean_head_count, intake.head_count_kept(head)):
        return {}
    return {"employees": intake.clean_head_count(intake.head_count_kept(head))}


def _customer_type_checked(tracker: Tracker) -> Any:
    """The customer type as `validate_customer_type` will leave it this turn, for choosing the
    form's questions (which rasa_sdk does before the answers are checked)."""
    if "customer_type" not in tracker.slots_to_validate():
        return tracker.get_slot("customer_type")
    kept = _customer_type_kept(tracker)
    if kept is not None:
        return kept
    said = customer_type_in(_latest_text(tracker))
    if (
        said != "business"
        and tracker.get_slot("requested_slot") != "customer_type"
        and not value_before_latest_message(tracker, "customer_type")
        and names_the_providers_company(_latest_text(tracker))
    ):
        return None  # "Your company took ...": dropped by `validate_customer_type` (F37)
    return said or tracker.get_slot("customer_type")


def _preference_without(tracker: Tracker, field: str) -> dict[str, Any]:
    """A preference that needs the detail just declined is asked again ("no phone" after choosing
    text relay), so the read-back never finds a way to reach the customer that cannot work."""
    if intake.field_needed_for(tracker.get_slot("contact_preference")) == field:
        return {"contact_preference": None}
    return {}


def _detail_declined_for_before(tracker: Tracker, preference: Any) -> bool:
    """A way of contact chosen again at its question after the detail it needs was asked for and
    declined: chosen before in this conversation, and the detail is still not given."""
    field = intake.field_needed_for(preference)
    if field is None or tracker.get_slot("requested_slot") != "contact_preference":
        return False
    if tracker.get_slot(DETAIL_SLOTS[field]) != NOT_GIVEN:
        return False
    return any(
        e.get("event") == "slot"
        and e.get("name") == "contact_preference"
        and e.get("value") == preference
        for e in tracker.events
    )


def _preference_left_open(
    dispatcher: CollectingDispatcher, tracker: Tracker, preference: Any
) -> dict[str, Any]:
    """A way of contact with no detail to use it: said, and left open (the e-mail kept is used,
    else a letter), with how to have it after all; never asked for again the same way."""
    by_post = tracker.get_slot("customer_email") in (None, NOT_GIVEN)
    dispatcher.utter_message(
        response="utter_preference_without_its_detail" + ("_by_post" if by_post else ""),
        route=_label(preference),
        detail=intake.detail_needed_for(preference) or "contact details for that",
    )
    return {"contact_preference": NOT_GIVEN, **_failures_reset(tracker)}


def _read_back_already_this_turn(tracker: Tracker) -> bool:
    """The read-back has already run since the customer's latest message."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "action" and event.get("name") == "action_summarise_complaint":
            return True
    return False


_UNSET = object()


def _preference_at_email_question(tracker: Tracker) -> Any:
    """At the e-mail question asked for a preference of e-mail, the way of contact the answer
    leaves: another way it names ("oh sorry i pressed the wrong one, phone please"), None when it
    refuses e-mail ("no email": the way is asked again), or _UNSET when it changes nothing. The
    model reads "email" in "no email" as a choice of e-mail; that was kept, and the e-mail asked
    for again and again (outside customers B F1, customers A F2, 27 Nov)."""
    text = _latest_text(tracker)
    before = value_before_latest_message(tracker, "contact_preference")
    if _requested(tracker) != "customer_email" or intake.field_needed_for(before) != "email":
        return _UNSET
    if find_email(text):
        return _UNSET
    named = contact_preference_in(text)
    if named not in (None, "email"):
        choices = [c.value for c in contact_choices(provider_for(tracker), load_rules())]
        return named if named in choices else None
    if declines_email(text) or is_non_answer(text):
        return None
    return _UNSET


def _letter_at_phone_question(tracker: Tracker) -> bool:
    """At the phone question, with no e-mail given, the customer asks to be written to."""
    text = _latest_text(tracker)
    return (
        _requested(tracker) == "customer_phone"
        and tracker.get_slot("customer_email") in (None, NOT_GIVEN)
        and channel_named(text) == "letter"
        and not find_phone(text)
    )


def _by_post(dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
    """No e-mail and no phone: a letter, said, and the address asked for next. Where the code
    replies by e-mail or phone only (Invictanet) no letter is promised (outside recheck), but the
    address is taken and the wish passed on."""
    code = provider_for(tracker)
    offered = [c.value for c in contact_choices(code, load_rules())]
    if "letter" in offered or code.reply_routes is None:
        dispatcher.utter_message(response="utter_will_write_by_post")
    else:
        dispatcher.utter_message(
            response="utter_post_not_offered",
            routes=routes_text(code.reply_routes.channels),
            **provider_facts(code),
            **sourced(from_code(code, code.reply_routes.quote)),
        )
    return {"customer_phone": NOT_GIVEN, "contact_preference": "letter", **_failures_reset(tracker)}


def _today() -> date:
    """Today in Europe/London, by the injected clock (bot/clock.py)."""
    return clock.now().astimezone(clock.LONDON).date()


# The actions after which a complaint's words are done with: the next complaint's start afresh.
_COMPLAINT_ENDS = ("action_submit_complaint", "action_stop_complaint")


def complaint_words(tracker: Tracker, description: Any = None) -> list[str]:
    """Everything the customer typed since the last complaint was logged or stopped (the first
    message, each answer, additions; no button payloads), and the account of what happened as it
    stands (`description`, by default the slot's)."""
    texts: list[str] = []
    for event in tracker.events:
        if event.get("event") == "action" and event.get("name") in _COMPLAINT_ENDS:
            texts = []
        elif event.get("event") == "user":
            text = str(event.get("text") or "")
            if not text.lstrip().startswith("/"):
                texts.append(text)
    said = tracker.get_slot("complaint_description") if description is None else description
    return [*texts, str(said or "")]


def _unchecked_first_raised(tracker: Tracker, kept: Any) -> bool:
    """The customer's words to the date question, taken as they are and not checked yet: the
    question is still to ask, so its check runs (outside customers A, F10: "dr helen moss" typed
    there was neither checked nor kept, and the name asked seven times after)."""
    return (
        tracker.get_slot("requested_slot") == "complaint_first_raised"
        and kept != NOT_GIVEN
        and str(kept) == _latest_text(tracker)
        and not _is_clean(intake.clean_first_raised, kept)
    )


def first_raised_to_ask(tracker: Tracker) -> bool:
    """The customer's words say they raised the complaint or contacted us before but give no
    date that can be read ("I've already complained twice", "this is the 4th time I've contacted
    you", "I rang last month"), or give one with no year that may be this year's still to come
    ("I rang you on 3rd december" in November), and none is kept yet: the day is asked once."""
    kept = tracker.get_slot("complaint_first_raised")
    if kept is not None and not _unchecked_first_raised(tracker, kept):
        return False
    said = first_raised_in_all(complaint_words(tracker), _today())
    return (said.said and said.day is None) or first_raised_unsure(tracker) is not None


def first_raised_unsure(tracker: Tracker, description: Any = None) -> tuple[date, date] | None:
    """The day the complaint's words say it was first raised, read as last year's because no
    year was given, and this year's same day still to come: (last year's, this year's). Never
    kept unasked; asked as a day typed at "When did you first raise this?" is ("Did you mean
    ...?"; outside testers, round 15, F25: "3rd december" stored as 3 December 2025)."""
    today = _today()
    texts = complaint_words(tracker, description)
    day = first_raised_in_all(texts, today).day
    if day is None:
        return None
    for text in texts:
        if first_raised_in(text, today).day == day:
            ahead = first_raised_year_guessed(text, today)
            if ahead is not None:
                return day, ahead
    return None


def _is_later(kept: Any, day: date) -> bool:
    """A day kept (an ISO date) that is later than `day`; not "none" (the customer skipped)."""
    try:
        return intake.clean_first_raised(kept) > day
    except intake.IntakeError:
        return False


def say_updated(dispatcher: CollectingDispatcher, slot: str, answer: str) -> None:
    """ "Updated your e-mail to ..."; the day first raised in a sentence of its own ("Updated your
    date you first raised it to ..." read badly: outside customers A, round 12, L4)."""
    if slot == "complaint_first_raised":
        if _is_clean(intake.clean_first_raised, answer):
            answer = long_date(intake.clean_first_raised(answer))
        dispatcher.utter_message(response="utter_first_raised_updated", answer=answer)
        return
    dispatcher.utter_message(response="utter_field_updated", field=FIELD_WORDS[slot], answer=answer)


def first_raised_changed(dispatcher: CollectingDispatcher, day: date) -> list[EventType]:
    """The day first raised, changed at the read-back and said; the read-back again (issue 14;
    outside customers A, F12: "i first raised this on 22 September, put that in" logged the
    complaint without it)."""
    say_updated(dispatcher, "complaint_first_raised", long_date(day))
    return [
        SlotSet("complaint_first_raised", day.isoformat()),
        FollowupAction("action_summarise_complaint"),
    ]


def _writing_only(tracker: Tracker) -> bool:
    """The customer agreed to have "contact in writing only" noted on their case."""
    return "writing_only" in consented_needs(tracker)[0]


def needs_postal_address(tracker: Tracker) -> bool:
    """A letter is the way to reach the customer: they prefer letters, or gave neither an e-mail
    address nor a phone number (none is asked of one who wants contact in writing only)."""
    if tracker.get_slot("contact_preference") == "letter":
        return True
    if _writing_only(tracker) and tracker.get_slot("customer_email") == NOT_GIVEN:
        return True
    return all(tracker.get_slot(s) == NOT_GIVEN for s in ("customer_email", "customer_phone"))


def _declined(tracker: Tracker, slot: str, value: Any) -> bool:
    """The customer declined the optional question just asked ("skip", "no email", "none")."""
    return tracker.get_slot("requested_slot") == slot and is_skip(value)


def _checked(
    slot: str,
    clean: Callable[[Any], Any],
    dispatcher: CollectingDispatcher,
    value: Any,
    tracker: Tracker,
    domain: DomainDict | None = None,
) -> dict[str, Any]:
    """Clean the answer for `slot`. Only the question just asked is re-asked when an answer will
    not do; a value picked up in passing (an entity in another answer) is simply ignored, and
    nothing is picked up in passing from the customer's own account of what happened."""
    requested = tracker.get_slot("requested_slot")
    if (
        requested != slot
        and requested in FREE_TEXT_SLOTS
        and not _given_in_passing(tracker, slot)
        # A detail given alone at "What happened?" is noted for that detail, as it is said to be
        # (outside attacker, round 12, M4: said "noted", then asked for, then dropped at "skip").
        and not (
            requested == "complaint_description"
            and slot in _only_details(_latest_text(tracker))
            and value_before_latest_message(tracker, slot) in (None, NOT_GIVEN)
        )
    ):
        return {slot: value_before_latest_message(tracker, slot)}
    if (
        requested == slot
        and slot != "accessibility_needs"
        and only_carries_on(_latest_text(tracker))
    ):
        # "carry on", "sorry go on" after a "stop" or a hint: the question comes again, and the
        # words are never its answer (outside testers: stored as what happened, and as the name).
        # Not at "anything to make contact easier?", where "yes go on" is a yes.
        dispatcher.utter_message(response="utter_carry_on")
        return {slot: None}
    typed_payload = str(_latest_text(tracker)).lstrip().startswith("/")
    if requested == slot and (
        is_bare_command(_latest_text(tracker) or value)
        or (slot in FREE_TEXT_SLOTS and typed_payload)
    ):
        # A button's payload or a command ("/action_restart", an old button's "/inform{...}")
        # is never a name, an address or an account of what happened (outside recheck).
        # "stop" that NLU did not read as stopping is never stored as the answer (outside testing
        # of issue 18: a command the assistant suggests was stored as the name).
        missing = intake.IntakeError(FORM_FIELDS[slot], "not-an-answer", "not an answer")
        return _reask(dispatcher, slot, missing, tracker, domain)
    if requested == slot and (
        is_non_answer(_latest_text(tracker) or value)
        or (slot in OPTIONAL_SLOTS and is_skip(_latest_text(tracker) or value))
    ):
        # "dunno", "no idea": never stored as the answer (issue 15). An optional answer is left
        # out, saying so; a required one is asked again with its hint.
        if slot in OPTIONAL_SLOTS:
            dispatcher.utter_message(response="utter_answer_left_out")
            return {slot: NOT_GIVEN, **_failures_reset(tracker)}
        missing = intake.IntakeError(FORM_FIELDS[slot], "not-an-answer", "not an answer")
        return _reask(dispatcher, slot, missing, tracker, domain)
    if requested == slot:
        renamed = _name_corrected(dispatcher, tracker)
        if renamed:
            # "sorry I spelt my name wrong, it's Siobhan Kelly" at another question is the name
            # put right, never this answer (outside conversation set): say so, ask again; "Mark
            # Fenwick sorry. email ops@..." gives both (outside customers A, F6).
            shaped = _SHAPED.get(slot)
            found = shaped(_latest_text(tracker)) if shaped is not None else None
            if found and _is_clean(clean, found):
                return {slot: clean(found), **renamed, **_failures_reset(tracker)}
            return {slot: None, **renamed}
    try:
        cleaned = clean(value)
    except Exception as error:  # a validator must never crash the conversation
        if requested != slot:
            # The value held before this message, only if it checks: a message read twice (the
            # fallback reading it again as a complaint) has the model's pick from the same words
            # "before" it (the outside set: "charged", "twice", "no" kept as the category).
            before = value_before_latest_message(tracker, slot)
            kept = before in (None, NOT_GIVEN) or _is_clean(clean, before)
            return {slot: before if kept else None}
        if _corrects_another_detail(tracker, slot):
            # A correction is said by its own check; a detail given for the first time is said
            # here ("sam.patel@example.com" at the category question was kept in silence and the
            # question came again with no reason: the lead's outside probe, 27 Nov).
            new = _new_details(tracker, slot)
            if new:
                dispatcher.utter_message(
                    response="utter_detail_kept", kept=and_list([FIELD_WORDS[s] for s in new])
                )
            return {slot: None}  # this question simply comes again
        if not isinstance(error, intake.IntakeError):
            logger.exception("validating %s failed", slot)
        return _reask(dispatcher, slot, error, tracker, domain)
    if requested == slot:
        return {slot: cleaned, **_failures_reset(tracker)}
    before = value_before_latest_message(tracker, slot)
    if requested is not None and before not in (None, NOT_GIVEN) and before != cleaned:
        # A correction given while another question was asked: say what changed, carry on.
        say_updated(dispatcher, slot, _label(cleaned))
    return {slot: cleaned}


def _way_changed(
    dispatcher: CollectingDispatcher, tracker: Tracker, way: str, not_needed: str
) -> dict[str, Any]:
    """The way of contact changed in the answer to another question: said, and the detail that
    question asked for (`not_needed`) left out."""
    dispatcher.utter_message(
        response="utter_field_updated", field=FIELD_WORDS["contact_preference"], answer=_label(way)
    )
    return {not_needed: NOT_GIVEN, "contact_preference": way, **_failures_reset(tracker)}


def _say_no_email_needed(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """ "i dont use email": no e-mail is needed; with a phone number already given, that it is the
    way (the lead's outside probe, 27 Nov: "I'll ask for a phone number next" after one was given,
    and the postcode came next)."""
    phone = tracker.get_slot("customer_phone")
    if "no phone calls" in contact_wishes(_latest_text(tracker)):
        # "no email, dont ring me" (outside testers, round 13: "We can keep in touch by phone").
        dispatcher.utter_message(response="utter_no_email_no_calls")
    elif phone not in (None, NOT_GIVEN):
        dispatcher.utter_message(response="utter_no_email_phone_held", phone=phone)
    else:
        dispatcher.utter_message(response="utter_no_email_alternatives")


def _no_calls_said(text: str) -> bool:
    """ "dont phone me", "don't call me": no calls wanted, not a time to call ("don't call me
    before 6pm" is the call-back time)."""
    return "no phone calls" in contact_wishes(text) and call_back_time(text) is None


def _phone_excluded(text: str) -> bool:
    """ "dont phone me", "anything but the phone", "not phone", "no calls" at the contact question:
    the phone is the way excluded, never the one chosen (a time to call is not)."""
    return _no_calls_said(text) or (refuses(plain(text), "phone") and call_back_time(text) is None)


def _no_calls_kept(
    dispatcher: CollectingDispatcher, tracker: Tracker, events: list[EventType]
) -> list[EventType]:
    """ "dont phone me" at any question of the form, after the validations (`events`): a way of
    contact by phone, held or taken from the words, is taken back, so the contact question comes
    again with the ways that are not a call; the wish is noted once (outside testers, issue 18,
    care18: a deaf customer's "don't call me" ended as "Contact by: phone")."""
    text = _latest_text(tracker)
    if not _no_calls_said(text):
        return []
    now = {**tracker.slots, **{e["name"]: e["value"] for e in events if e.get("event") == "slot"}}
    added: list[EventType] = []
    if now.get("contact_preference") == "phone" and contact_preference_in(text) != "phone":
        added.append(SlotSet("contact_preference", None))
    heard = f"{now.get('accessibility_needs') or ''} {now.get(WISHES_HEARD) or ''}"
    if "no phone calls" not in heard:
        answered = now.get("accessibility_needs")
        noted = _contact_wishes_heard(dispatcher, tracker, {"accessibility_needs": answered})
        added += [SlotSet(k, v) for k, v in noted.items()]
    return added


def _no_calls_at_read_back(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """ "dont phone me" at the read-back: noted with the accessibility needs; a way named with it
    ("email me instead") becomes the way; otherwise contact by phone is never kept: the contact
    question comes again, with the ways that are not a call (care18)."""
    text = _latest_text(tracker)
    held = tracker.get_slot("accessibility_needs")
    events: list[EventType] = []
    if "no phone calls" not in str(held or ""):
        kept = [] if held in (None, NOT_GIVEN) else [str(held)]
        dispatcher.utter_message(response="utter_contact_wish_noted", wishes="no phone calls")
        events.append(SlotSet("accessibility_needs", ", ".join([*kept, "no phone calls"])))
    route = contact_preference_in(text)
    if route not in (None, "phone"):
        return [*events, *_change_contact_preference(dispatcher, tracker, route)]
    if tracker.get_slot("contact_preference") == "phone":
        return [
            *events,
            SlotSet("contact_preference", None),
            *_reset_events(tracker),
            FollowupAction("complaint_form"),
        ]
    return [*events, FollowupAction("action_summarise_complaint")]


def _no_email_wanted(tracker: Tracker) -> bool:
    """No e-mail given, or "never email me" noted with the accessibility needs."""
    return tracker.get_slot("customer_email") == NOT_GIVEN or "no e-mail" in str(
        tracker.get_slot("accessibility_needs") or ""
    )


def _no_email_at_read_back(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """ "never email me" at the read-back: noted with the accessibility needs, so staff see it; a
    way of contact by e-mail is never kept: the contact question comes again (outside care, round
    16, F10). No other way is taken from the same words ("never to email me or write to the old
    house" names a letter only to refuse it)."""
    held = tracker.get_slot("accessibility_needs")
    events: list[EventType] = []
    if "no e-mail" not in str(held or ""):
        kept = [] if held in (None, NOT_GIVEN) else [str(held)]
        dispatcher.utter_message(response="utter_contact_wish_noted", wishes="no e-mail")
        events.append(SlotSet("accessibility_needs", ", ".join([*kept, "no e-mail"])))
    if tracker.get_slot("contact_preference") == "email":
        return [
            *events,
            SlotSet("contact_preference", None),
            *_reset_events(tracker),
            FollowupAction("complaint_form"),
        ]
    return [*events, FollowupAction("action_summarise_complaint")]


def _requested(tracker: Tracker) -> str | None:
    return tracker.get_slot("requested_slot")


def _name_at_description(
    dispatcher: CollectingDispatcher, tracker: Tracker, name: str
) -> dict[str, Any]:
    """A bare name typed at "What happened?" ("Gareth Jones"): never what happened (issue 19: the
    read-back said "What happened: Gareth Jones"). Kept as the name when none is known yet, and
    the question asked again, saying why."""
    slot = "complaint_description"
    known = tracker.get_slot("customer_name")
    if known in (None, NOT_GIVEN) and _is_clean(intake.clean_name, name):
        kept = intake.clean_name(name)
        dispatcher.utter_message(
            response="utter_name_taken_description_asked", first_name=greeting_name(kept)
        )
        return {slot: None, "customer_name": kept}
    failures = _failures_so_far(tracker, slot) + 1
    if failures >= 3:
        # Never a loop (issue 15): the third time, what has been kept and the phone number.
        missing = intake.IntakeError("description", "not-an-answer", "not an answer")
        return _reask(dispatcher, slot, missing, tracker)
    dispatcher.utter_message(response="utter_description_looks_like_a_name")
    return {slot: None, "answer_failures": {"slot": slot, "count": failures}}


# The questions where more about what happened may come after the answer, or instead of it ("also
# they told me to go to the shop"); the name's own reader hears it there (validate_customer_name).
_ADDED_AT = {
    "customer_email",
    "customer_phone",
    "customer_postcode",
    "customer_address",
    "contact_preference",
    "customer_type",
    "employees",
    "account_number",
}
# The questions where a message that tells more of the complaint, and answers nothing, is added to
# what happened (`_tells_more_instead`); at the others the words may be the answer (an account
# number, a head count), and at the address question only words that are no address are.
_TOLD_MORE_AT = {
    "customer_email",
    "customer_phone",
    "customer_postcode",
    "contact_preference",
    "customer_type",
}


# "oh no sorry its just me, consumer", "im not a business": said outright at the head-count question
# ("just me" alone is a business of one).
_CONSUMER_SAID = re.compile(
    r"\b(?:consumer|residential|domestic customer|not a business|personal (?:account|customer))\b",
    re.IGNORECASE,
)


def _more_of_the_complaint_not_a_need(said: str) -> bool:
    """Whether a reply to "anything to make contact easier?" tells more of the complaint ("also
    i want a refund of the £60") and names no need, circumstance or wish about contact."""
    if not (addition_told(said) or tells_more_of_the_complaint(said)):
        return False
    if names_a_need(said) or access_needs_named(said) or contact_wishes(said):
        return False
    return not circumstances_in([said])


def _tells_more_instead(tracker: Tracker, asked: str | None, said: str) -> bool:
    """Whether the message tells more of the complaint instead of answering the question asked."""
    if asked == "customer_address":
        # At the address question only when the words are no address ("the line has been dead
        # for 2 weeks and nobody came out" was kept as the postal address: outside customers B,
        # round 19, F6, HIGH).
        address = address_only(address_without_postcode(said))
        if _is_clean(intake.clean_address, address) or not tells_more_of_the_complaint(said):
            return False
        return tracker.get_slot("complaint_description") not in (None, NOT_GIVEN)
    if asked not in _TOLD_MORE_AT or not tells_more_of_the_complaint(said):
        return False
    if asked == "customer_type" and customer_type_in(said) is not None:
        return False
    return tracker.get_slot("complaint_description") not in (None, NOT_GIVEN)


# Longer than this, a reply to "What happened?" may be the account, whatever its first word.
_NO_ACCOUNT_WORDS = 4


def _no_account_in(text: str) -> bool:
    """Whether a reply to "What happened?" is only a category ("billing", "its about billing")
    or a yes ("yes", "yes please"): a few words, none of them an account."""
    words = plain(text)
    if (
        not words
        or len(words.split()) > _NO_ACCOUNT_WORDS
        or tells_briefly_what_went_wrong(text)
        or only_carries_on(text)  # "go on": the form's own reply to it
    ):
        return False
    return (
        says_yes(text)
        or bool(_NOTHING_TO_ADD.fullmatch(words))
        or _is_clean(intake.clean_category, text)
        or bool(_ONLY_A_CATEGORY.fullmatch(words))
    )


# "billing", "its about billing", "the bill": a category named, and nothing of what happened.
_ONLY_A_CATEGORY = re.compile(
    r"(?:(?:it'?s|its|it is|about|the|my|a|an|re|regarding|a|for)\s+)*"
    r"(?:billing|bill|bills|charges?|money|fault(?: repair)?|faults|repairs?|pric(?:e|es|ing)|"
    r"tariff|cancel\w*|sales?|selling|(?:customer )?service|something else|other)"
    r"(?: complaint| issue| problem| one)?"
)


# "no", "that's all", "nothing else": nothing more to tell, after a few words noted.
_NOTHING_TO_ADD = re.compile(
    r"(?:(?:no|nope|nah|ok|okay)[\s,]+)?(?:no|nope|nah|nothing(?: else| more)?|that'?s (?:all|it)|"
    r"that is (?:all|it)|not really|no thanks|all good)(?: thanks| thank you)?"
)


def _with_earlier_words(tracker: Tracker, account: str) -> str:
    """The account with the few words of it told before in front ("complaint about being passed
    from pillar to post. Your shop told me to phone ..."), unless one already holds the other."""
    earlier = _earlier_account(tracker)
    if earlier is None:
        return account
    said, before = plain(account), plain(earlier)
    if before in said:
        return account
    if said in before:
        return earlier
    whole = f"{earlier.rstrip(' .!,;')}. {account}"
    return (
        intake.clean_description(whole) if _is_clean(intake.clean_description, whole) else account
    )


def _only_details(text: str) -> dict[str, str]:
    """The e-mail, phone and postcode a message gives when it gives little else ("carol@x.net",
    "07700 900222", "my email is carol@x.net"): never an account of what happened."""
    found = {
        slot: value
        for slot, value in (
            ("customer_email", find_email(text)),
            ("customer_phone", find_phone(text)),
            ("customer_postcode", find_postcode(text)),
        )
        if value
    }
    if not found or len(content_words(text)) > 2 or tells_what_went_wrong(text):
        return {}
    return found


def _not_an_account(dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any] | None:
    """At "What happened?", a message that is no account of it (outside attacker F1, customers B
    F32, compliance F24, 27 Nov: an e-mail address, "no email" and a question were each kept as
    "What happened"): an e-mail, phone or postcode kept as that detail, a question or a refused
    detail not kept; an account told earlier in the conversation is kept instead, else the
    question is asked again. None when the message may be the account."""
    slot = "complaint_description"
    text = _latest_text(tracker)
    details = _only_details(text)
    question = (
        (is_a_question(text) or asks_at_the_end(text))
        and not tells_what_went_wrong(text)
        # "I emailed you on Tuesday 24 November about my bill, when should I get a reply?": an
        # account with a question after it is the account.
        and (not says_what_happened(text) or opens_with_a_question(text))
    )
    refused = (declines_email(text) or declines_phone(text)) and len(content_words(text)) <= 3
    # "as i said": the account told before is meant (outside testers, 27 Nov); "skip", "dunno":
    # no account, so the one told before is kept, or the question asked plainly (the lead's probe
    # on the merged code, 27 Nov evening: asked again in the same words, no reason given).
    said_before = only_says_said_before(text)
    passed = bool(str(text or "").strip()) and (is_skip(text) or is_non_answer(text))
    if not (details or question or refused or said_before or passed):
        return None
    kept: dict[str, Any] = {}
    for detail, found in details.items():
        field = detail.removeprefix("customer_")
        # Whatever the model extracted from this message: only a value held before it counts as
        # given (the lead's probe: an address the model had extracted was said to be noted, then
        # asked for, and lost).
        held = value_before_latest_message(tracker, detail)
        if held in (None, NOT_GIVEN) and _is_clean(_CLEANERS[field], found):
            kept[detail] = _CLEANERS[field](found)
    if details:
        dispatcher.utter_message(response="utter_description_is_a_detail")
    elif question and question_named(text) is None:
        dispatcher.utter_message(response="utter_description_is_a_question")
    earlier = _earlier_account(tracker, loose=passed)
    if earlier is not None:
        return {slot: earlier, **kept, **_failures_reset(tracker)}
    if passed:
        dispatcher.utter_message(response="utter_description_needed")
    return {slot: None, **kept}


def _held(tracker: Tracker, way: str | None) -> bool:
    """Whether the detail a way of contact needs (an e-mail address, a phone number) is held."""
    field = intake.field_needed_for(way)
    return field is not None and tracker.get_slot(f"customer_{field}") not in (None, NOT_GIVEN)


def _address_not_needed(
    dispatcher: CollectingDispatcher, tracker: Tracker, text: str
) -> dict[str, Any] | None:
    """At "What address should we write to?", another way of contact named ("no i said phone",
    "why do you need my address, i said phone me") whose detail is held: that way, said, and no
    address; "skip" while an e-mail or phone is held: the address left out, and the way we can
    use said (outside customers B, round 12, H7: the address asked again and again, and "skip"
    refused, after the customer had asked to be phoned). None otherwise."""
    choices = [c.value for c in contact_choices(provider_for(tracker), load_rules())]
    way = contact_preference_in(text)
    if way not in (None, "letter") and way in choices and _held(tracker, way):
        return _way_changed(dispatcher, tracker, way, "customer_address")
    if not (declines_to_give(text) or is_skip(text) or _no_thanks(text)) or find_postcode(text):
        return None
    if not (_held(tracker, "email") or _held(tracker, "phone")):
        return None  # a letter is the only way to reach the customer: the address is needed
    dispatcher.utter_message(response="utter_answer_left_out")
    left_out = {"customer_address": NOT_GIVEN, **_failures_reset(tracker)}
    if tracker.get_slot("contact_preference") == "letter":
        return {**left_out, **_no_preference(dispatcher, tracker, choices)}
    return left_out


def _nothing_to_give(text: str) -> bool:
    """ "i dont have it", "haven't got one": no detail to give, said in a sentence, naming no way;
    never "I don't know" or "skip", which leave the preference out."""
    return (
        has_no_account_number(text)
        and not (is_skip(text) or is_non_answer(text))
        and contact_preference_in(text) is None
    )


def _nothing_needed(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
) -> dict[str, Any]:
    """Nothing is needed to answer the contact question: said, with the ways numbered; a third
    answer that will not do leaves the preference out (`_reask`)."""
    slot = "contact_preference"
    failures = max(_failures_so_far(tracker, slot) + 1, _asked_in_a_row(tracker, slot))
    if failures >= 2:
        missing = intake.IntakeError(FORM_FIELDS[slot], "not-an-answer", "not an answer")
        return _reask(dispatcher, slot, missing, tracker, domain)
    dispatcher.utter_message(
        response="utter_contact_preference_nothing_needed", choices=contact_ways_numbered(tracker)
    )
    return {slot: None, "answer_failures": {"slot": slot, "count": failures}}


def _text_messages_asked(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, choices: list[str]
) -> dict[str, Any]:
    """ "text me", "sms", "text messages only" at "How would you like us to contact you?": no code
    here commits to replying by text message (bot.offers.CONTACT_ROUTES), so that is said once,
    plainly, with the ways it does offer numbered; asked again, the numbers only; a third time,
    the preference is left out (`_reask`), never the same line again (outside testers, round 13:
    "Please choose one of the ways shown." three times, and "doesn't say it replies by sms")."""
    slot = "contact_preference"
    failures = _failures_so_far(tracker, slot) + 1
    if failures >= 3:
        missing = intake.IntakeError(FORM_FIELDS[slot], "not-an-answer", "not an answer")
        return _reask(dispatcher, slot, missing, tracker, domain)
    # Numbered as the question's buttons are, which `_numbered` reads.
    numbered = contact_ways_numbered(tracker)
    if failures == 1:
        dispatcher.utter_message(
            response="utter_contact_by_text_not_offered",
            choices=numbered,
            **provider_facts(provider_for(tracker)),
        )
    else:
        dispatcher.utter_message(response="utter_choose_by_number", choices=numbered)
    return {slot: None, "answer_failures": {"slot": slot, "count": failures}}


def _street_before_postcode(text: str) -> str | None:
    """The house and street a postcode was given with ("12 Acacia Avenue, Leeds LS6 2AB": "12
    Acacia Avenue, Leeds"); None for a postcode alone or in a sentence ("the postcode is LS6 2AB")."""
    if not find_postcode(text):
        return None
    street = address_only(address_without_postcode(text))
    if not (re.search(r"\d", street) or "," in street) or re.search(
        r"\bpost\s?code\b", street, re.IGNORECASE
    ):
        return None
    return intake.clean_address(street) if _is_clean(intake.clean_address, street) else None


def _no_thanks(text: str) -> bool:
    """ "no thats fine", "no thanks": a no, with no number or postcode in it, never an address."""
    return declines_needs(text) and not re.search(r"\d", text)


def _no_preference(
    dispatcher: CollectingDispatcher, tracker: Tracker, choices: list[str]
) -> dict[str, Any]:
    """No preference for a way of contact: e-mail when an address was given (a reply anyone can
    keep), else phone when a number was, each only if the code offers it; otherwise none. What
    was chosen is said, so it can be changed at the read-back."""
    for route, slot in (("email", "customer_email"), ("phone", "customer_phone")):
        if route in choices and tracker.get_slot(slot) not in (None, NOT_GIVEN):
            dispatcher.utter_message(
                response="utter_contact_preference_chosen_for_you",
                chosen=ROUTE_WORDS[route],
                detail=FIELD_WORDS[slot],
            )
            return {"contact_preference": route, **_failures_reset(tracker)}
    dispatcher.utter_message(response="utter_contact_preference_none_chosen")
    return {"contact_preference": NOT_GIVEN, **_failures_reset(tracker)}


def _phone_kept_from_account(tracker: Tracker) -> str | None:
    """The phone number typed at the account-number question the first time, cleaned, or None."""
    if _failures_so_far(tracker, "account_number") >= 1:
        return None
    found = account_from_answer(_latest_text(tracker))
    if not is_a_phone_number(found) or only_carries_on(_latest_text(tracker)):
        return None
    try:
        return intake.clean_phone(found)
    except intake.IntakeError:
        return None


def _phone_as_account(
    dispatcher: CollectingDispatcher, tracker: Tracker, number: str
) -> dict[str, Any]:
    """A phone number typed at the account-number question (outside testers: "07700 900123" was
    kept as the account number). Said; kept as the phone number when none was given, and the
    account number asked again (the question says "skip" will do). Typed a second time in a row,
    it is what the customer uses as their account number, and kept as such: never a loop."""
    slot = "account_number"
    if _failures_so_far(tracker, slot) >= 1:
        account = intake.clean_account(number)
        dispatcher.utter_message(response="utter_account_kept_as_given", account=account)
        return {slot: account, "answer_failures": None}
    record = {"answer_failures": {"slot": slot, "count": 1}}
    # The phone as it stood before this message: the model may have read the number as a phone
    # too and set it this turn, which is not a phone the customer gave before (through the
    # servers, "07700 900123" was told "That's the phone number you gave me").
    phone = value_before_latest_message(tracker, "customer_phone")
    try:
        given = intake.clean_phone(number)
    except intake.IntakeError:
        given = number
    if phone in (None, NOT_GIVEN):
        dispatcher.utter_message(response="utter_account_phone_kept", phone=given)
        return {slot: None, "customer_phone": given, **record}
    if squash(str(phone)) == squash(given):
        dispatcher.utter_message(response="utter_account_is_the_phone")
    else:
        dispatcher.utter_message(response="utter_account_looks_like_a_phone", phone=phone)
    return {slot: None, **record}


def _one_category(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
) -> dict[str, Any]:
    """ "bit of both", "all of it" at "What is your complaint about?" (outside testers: asked
    again and again): the first subject the customer's account points to, said so it can be
    changed; with no account yet, the choices numbered, saying why one is needed. Counted as an
    answer that will not do, so a third lands on "something else" (`_reask`), never a loop."""
    slot = "complaint_category"
    said = tracker.get_slot("complaint_description")
    named = categories_named(said if said not in (None, NOT_GIVEN) else "")
    if named:
        dispatcher.utter_message(response="utter_category_taken_first", category=_label(named[0]))
        return {slot: named[0], **_failures_reset(tracker)}
    failures = _failures_so_far(tracker, slot) + 1
    choices = _numbered_choices(domain, slot)
    if failures >= 3 or not choices:
        missing = intake.IntakeError("category", "not-an-answer", "not an answer")
        return _reask(dispatcher, slot, missing, tracker, domain)
    dispatcher.utter_message(response="utter_category_pick_one", choices=choices)
    return {slot: None, "answer_failures": {"slot": slot, "count": max(failures, 2)}}


def _category_leading(text: str) -> str | None:
    """The category a message opens with before telling what happened ("billing - you're still
    taking £38 a month ...", "Billing: ..."), or None."""
    lead = re.split(r"\s[-–]\s|[,:;(]", text, maxsplit=1)[0].strip(" .")
    return (
        intake.clean_category(lead)
        if lead != text and _is_clean(intake.clean_category, lead)
        else None
    )


def _account_kept(before: Any, text: str) -> str | None:
    """What happened, when an answer to another question tells it: the answer itself when nothing
    is kept yet; in place of a question kept as what happened ("can I deal with it for him?");
    added to an account that says little ("no reference. we already HAVE the deadlock letter").
    None when the answer tells nothing, or what is kept already tells what went wrong (outside
    compliance F11, 27 Nov: "billing - you're still taking £38 a month by direct debit ... after
    I told you on 2 November" kept only "billing", and the case would have been logged with the
    customer's opening question as its complaint)."""
    if not says_what_happened(text) or is_a_question(text):
        return None
    if not _is_clean(intake.clean_description, text):
        return None
    if before in (None, NOT_GIVEN):
        return intake.clean_description(text)
    if tells_what_went_wrong(str(before)) or not tells_what_went_wrong(text):
        return None
    if is_a_question(str(before)):
        return intake.clean_description(text)
    added = f"{before} {text}"
    return intake.clean_description(added) if _is_clean(intake.clean_description, added) else None


# The questions a customer may ask in the middle of the form, answered there by the action that
# answers them outside it; and the form's questions at which such words are an answer of their
# own ("can I get large print?" to the needs question, "whatever is quickest" to the contact one).
_ANSWERED_MID_FORM = {
    "ask_response_time": ActionQuoteResponseTimes,
    "ask_adr": ActionAnswerQuestion,
    "ask_escalation": ActionAnswerQuestion,
    "ask_contact": ActionAnswerQuestion,
    "ask_compensation": ActionAnswerQuestion,
}
_ANSWERED_IN_WORDS = {"accessibility_needs", "contact_preference", "support_offer"}
# At a question answered in words (the way to contact, the needs), only these questions are
# answered there: none of their words can be the answer ("how long will you take to reply?" at the
# needs question was kept as a need; at the contact question it got the way's hint, unanswered).
_ANSWERED_AT_A_CHOICE = {"ask_response_time", "ask_adr", "ask_escalation", "ask_compensation"}
# "do i get compensation?", "will I get a refund for this?": money for what went wrong, asked.
_COMPENSATION_ASKED = re.compile(
    r"\b(?:compensat\w*|refund\w*|money back|goodwill|credit (?:on|to) my (?:bill|account))\b"
)
_SHAPED = {
    "customer_email": find_email,
    "customer_phone": find_phone,
    "customer_postcode": find_postcode,
}


async def _question_in_the_answer(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
) -> list[EventType] | None:
    """A question taken as the answer to the form's question (the model read it as an answer):
    answered as the action for its words answers it outside the form, its events; None when the
    message is no such question, is an answer too (it tells what went wrong, or holds an e-mail
    address, phone number or postcode asked for), or its answer is no plain answer."""
    asked = tracker.get_slot("requested_slot")
    text = _latest_text(tracker)
    if asked not in FORM_FIELDS or asked == "support_offer":
        return None
    if asked == "customer_address" and contact_preference_in(text) not in (None, "letter"):
        return None  # "why do you need my address, i said phone me": the way, not a question
    if asked not in tracker.slots_to_validate():
        return None
    if not (is_a_question(text) or (asked == "complaint_description" and asks_at_the_end(text))):
        # "and when can I go to the ombudsman" (no question mark) at "What happened?" (outside
        # compliance F24, 27 Nov: kept as the complaint, unanswered).
        return None
    if (
        asked != "customer_phone"
        and asks_why_phone_needed(text)
        and not tells_what_went_wrong(text)
    ):
        # "why do you need my phone number?" at any other question (outside testers, issues 15
        # and 19: the provider's own contact details, or at the contact question the way
        # "phone"): what the number is for, and the same question again.
        explain_phone_use(dispatcher, provider_for(tracker))
        return []
    intent = question_named(text)
    if intent is None and _COMPENSATION_ASKED.search(plain(text)):
        intent = "ask_compensation"
    if asked in _ANSWERED_IN_WORDS and (
        intent not in _ANSWERED_AT_A_CHOICE
        or (asked == "contact_preference" and contact_preference_in(text) is not None)
        or (asked == "accessibility_needs" and names_a_need(text))
    ):
        return None
    if intent is None and channel_named(text) and _follows_a_reply_time_question(tracker):
        # "what about if I write a letter?", "and if I phone?" after "how long will you take to
        # get back to me if I email?" (outside testers, round 13: each got the category question
        # again, unanswered): the same question for that way.
        intent = "ask_response_time"
    answering = _ANSWERED_MID_FORM.get(intent or "")
    if answering is None or tells_what_went_wrong(text):
        return None
    if asked == "complaint_description" and says_what_happened(text):
        # "I emailed you on Tuesday 24 November about my bill, when should I get a reply?" at
        # "What happened?": an account with a question in it is the account.
        return None
    if asked == "account_number" and _is_clean(intake.clean_account, account_from_answer(text)):
        return None
    asking = tracker.copy()
    asking.latest_message = {
        **tracker.latest_message,
        "intent": {"name": intent, "confidence": 1.0},
    }
    said = CollectingDispatcher()
    run = getattr(answering.run, "__wrapped__", answering.run)  # the form hears cues itself
    result = run(answering(), said, asking, domain)
    events = list((await result) if inspect.isawaitable(result) else result or [])
    if not said.messages or any(e.get("event") != "slot" for e in events):
        return None  # put back as another question, or sent on: the form's own check instead
    dispatcher.messages.extend(said.messages)
    return events


# The questions wanting a detail or a choice, where a question is never their answer.
_QUESTION_NOT_AN_ANSWER = {
    "complaint_category",
    "complaint_first_raised",
    "customer_email",
    "customer_phone",
    "customer_postcode",
    "customer_type",
    "employees",
    "account_number",
}


def _follows_a_reply_time_question(tracker: Tracker) -> bool:
    """Whether the customer's message before the latest asked how long a reply takes."""
    users = [e for e in tracker.events if e.get("event") == "user"]
    if len(users) < 2:
        return False
    return question_named(str(users[-2].get("text") or "")) == "ask_response_time"


def _answer_given_too(tracker: Tracker) -> bool:
    """Whether the message with a question in it also holds the e-mail address, phone number or
    postcode the form asked for."""
    shaped = _SHAPED.get(tracker.get_slot("requested_slot"))
    return shaped is not None and bool(shaped(_latest_text(tracker)))


def _no_new_complaint_after_logging(tracker: Tracker) -> bool:
    """ "no i dont want a new complaint, its for the one i just made" in a complaint started after
    one was logged here: that started complaint is not wanted (outside customers A, round 14, F22:
    the words were added to the new complaint's account, and "i said i dont want a new complaint"
    was told "So that I can log it")."""
    return bool(tracker.get_slot("created_reference")) and declines_a_new_complaint(
        _latest_text(tracker)
    )


def _stops_the_form(tracker: Tracker, asked: Any) -> bool:
    """Whether the latest message, at one of the form's own questions, only asks to stop ("forget
    it", "cancel"): not a button's payload, not "cancel" as the answer to what the complaint is
    about (the Cancellation category), and never "I want to cancel my contract"."""
    text = _latest_text(tracker)
    if asked in FORM_FIELDS and _no_new_complaint_after_logging(tracker):
        return True
    if asked not in FORM_FIELDS or text.lstrip().startswith("/") or not plainly_stops(text):
        return False
    return not (asked == "complaint_category" and _is_clean(intake.clean_category, text))


_OTHER_DETAILS = {
    "customer_email": (find_email, intake.clean_email),
    "customer_phone": (find_phone, intake.clean_phone),
    "customer_postcode": (find_postcode, intake.clean_postcode),
    "customer_type": (customer_type_in, intake.clean_customer_type),
}


def _other_details_given(tracker: Tracker) -> dict[str, Any]:
    """The other details a reply to the name question gives, checked, which the form keeps (an
    e-mail, phone number, postcode, customer type), in the form's order; whatever the model
    extracted, so what is said to be kept is kept."""
    text = _latest_text(tracker)
    given: dict[str, Any] = {}
    for slot, (find, clean) in _OTHER_DETAILS.items():
        if slot == "customer_type" and not is_plainly_not_a_name(text):
            continue
        found = find(text)
        if found and _is_clean(clean, found):
            given[slot] = clean(found)
    return given


def _name_still_needed(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, given: dict[str, Any]
) -> dict[str, Any]:
    """Another detail for the name (an e-mail, a postcode, "business"): kept, said, and the name
    asked again, never in the same words a third time (outside customers B, F39: "What is your
    name?" eight times): after two, plainly with an example; after three, what is kept and the
    phone number."""
    slot = "customer_name"
    missing = intake.IntakeError(FORM_FIELDS[slot], "not-a-name", "not a name")
    failures = _failures_so_far(tracker, slot) + 1
    if failures >= 3:
        return {**given, **_reask(dispatcher, slot, missing, tracker, domain, tuple(given))}
    dispatcher.utter_message(
        response="utter_detail_kept_name_asked", kept=and_list([FIELD_WORDS[s] for s in given])
    )
    if failures >= 2:
        return {**given, **_reask(dispatcher, slot, missing, tracker, domain)}
    return {**given, slot: None, "answer_failures": {"slot": slot, "count": failures}}


# A reference or account number ("ISS-4471", "IG 55321", "ref 4471-2290", "acct 12345").
_REFERENCE_LIKE = re.compile(
    r"\b[A-Za-z]{2,4}[- ]?\d{3,}\b|\b\d+[-/]\d+\b|\b(?:ref|reference|account|acct|case)\b",
    re.IGNORECASE,
)


def _name_not_given(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
) -> dict[str, Any] | None:
    """At the name question, a need ("large print") or a name refused ("i'd rather not give my
    name"): never the name (outside testers, round 13: "Name: large print", the need lost; a
    customer who would not give a name was asked five times with no way forward). A need with no
    name is kept as the need, said, and the name asked again; a refusal is told why a name is
    needed and how to go on, and after two what is kept and the phone number (`_reask`). None
    when the answer may be a name."""
    text = _latest_text(tracker)
    slot = "customer_name"
    if asks_at_the_name_question(text):
        # "how many more questions are there?" typed at "What is your name?": answered when it
        # asks how many are left, and never stored as the name (outside customers A, F33: the
        # question was the name on the read-back, and letters would have gone to it).
        if asks_how_many_questions(text):
            dispatcher.utter_message(
                response="utter_questions_left", count=len(_questions_after_name(tracker))
            )
        missing = intake.IntakeError(FORM_FIELDS[slot], "not-a-name", "not a name")
        return _reask(dispatcher, slot, missing, tracker, domain)
    if refuses_name(text):
        failures = _failures_so_far(tracker, slot) + 1
        if failures >= 3:
            missing = intake.IntakeError(FORM_FIELDS[slot], "not-a-name", "not a name")
            return _reask(dispatcher, slot, missing, tracker, domain)
        dispatcher.utter_message(response="utter_name_needed_why")
        return {slot: None, "answer_failures": {"slot": slot, "count": failures}}
    need = access_needs_named(text)
    if need is None or bare_name(text) or titled_name(text):
        return None
    kept: dict[str, Any] = {}
    if tracker.get_slot("accessibility_needs") in (None, NOT_GIVEN, text):
        kept["accessibility_needs"] = accessibility_kept(text) or need
    name = _name_beside_a_need(text)
    if name is not None:
        # "Joan Pike, I need large print": both kept, the need said.
        dispatcher.utter_message(
            response="utter_need_noted_name_kept", first_name=greeting_name(name), need=need
        )
        return {slot: name, **kept, **_failures_reset(tracker)}
    dispatcher.utter_message(response="utter_need_noted_name_asked", need=need)
    return {slot: None, **kept}


_ASKED_AFTER_NAME = (
    "customer_email",
    "customer_phone",
    "customer_postcode",
    "contact_preference",
    "customer_type",
    "account_number",
    "accessibility_needs",
)


def _questions_after_name(tracker: Tracker) -> list[str]:
    """The form's questions after the name that are still to answer (the postal address and the
    head-count only when they apply, so the count says "up to")."""
    return [s for s in _ASKED_AFTER_NAME if tracker.get_slot(s) is None]


_BESIDE_A_NEED = re.compile(
    r"[,;.]|\band\b|\bi (?:need|want|use|would like|'?d like)\b|\bplease\b|\bmy name is\b"
    r"|\bi'?m\b|\bit'?s\b|\bthis is\b",
    re.IGNORECASE,
)


def _name_beside_a_need(text: str) -> str | None:
    """The name in an answer that also names a need ("Joan Pike, I need large print", "Mrs Joan
    Pike large print please"), or None."""
    for part in _BESIDE_A_NEED.split(text):
        part = part.strip()
        if not part or access_needs_named(part):
            part = re.sub(r"\b(?:large print|braille|audio|easy read)\b.*$", "", part, flags=re.I)
            part = part.strip()
        if not part or access_needs_named(part):
            continue
        found = bare_name(part) or titled_name(part)
        if found and _is_clean(intake.clean_name, found):
            return intake.clean_name(found)
    return None


def _ahead_of_today(text: str, today: date) -> date | None:
    """The day after today an answer to "When did you first raise this?" names, when it names no
    day that could be meant instead: "30/11/2026" on 27 November 2026, or "30 november" with no
    year (read as last year's otherwise: outside testers, round 13, stored as 30 November 2025,
    and the ADR answer said the wait had run out). None otherwise."""
    words = plain(f"on {text[:500]}")
    said = [day for _, day in dates_with_places(words, today)]
    if not said:
        return None
    this_year = [day for _, day in dates_with_places(words, today, ahead=True)]
    if any(day > today for day in said):
        return min(day for day in said if day > today)
    if (
        said != this_year
        and any(d.year < today.year for d in said)
        and any(d.year == today.year and d > today for d in this_year)
    ):
        # The day this year is ahead: perhaps meant, so asked about, never put in last year.
        return min(d for d in this_year if d > today and d.year == today.year)
    return None


def _first_raised_ahead(
    dispatcher: CollectingDispatcher, tracker: Tracker, text: str, ahead: date, today: date
) -> dict[str, Any]:
    """A day after today at "When did you first raise this?": refused, saying why; with no year
    given, last year's day is offered ("Did you mean ...?", "yes" takes it). Asked once more
    at most, then left out as after any answer that will not do (never a loop)."""
    slot = "complaint_first_raised"
    if _failures_so_far(tracker, slot) >= 2:
        dispatcher.utter_message(response="utter_first_raised_left_out")
        return {slot: NOT_GIVEN, "answer_failures": None}
    failures = _failures_so_far(tracker, slot) + 1
    record: dict[str, Any] = {"slot": slot, "count": failures}
    earlier = first_raised_answer(text, today)
    if earlier is not None and earlier.year < today.year and not re.search(r"\d{4}", text):
        record["meant"] = earlier.isoformat()
        dispatcher.utter_message(
            response="utter_first_raised_did_you_mean",
            said=long_date(ahead),
            meant=long_date(earlier),
        )
    else:
        dispatcher.utter_message(response="utter_first_raised_after_today", said=long_date(ahead))
    return {slot: None, "answer_failures": record}


def _way_held_in_words(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """The way of contact held as the customer's words, never checked ("ugh email then" given
    back to the form as the answer after it was first read as stop): read from its words at the
    next question, or asked again saying why (outside testers, round 13: kept raw, then refused
    at the read-back two questions later, quoting the words and the form's internal list)."""
    slot = "contact_preference"
    held = tracker.get_slot(slot)
    if (
        held in (None, NOT_GIVEN)
        or _requested(tracker) in (slot, None)
        or slot in tracker.slots_to_validate()
        or _is_clean(intake.clean_contact_preference, held)
    ):
        return []
    choices = [c.value for c in contact_choices(provider_for(tracker), load_rules())]
    way = contact_preference_in(str(held))
    if way in choices:
        return [SlotSet(slot, way)]
    dispatcher.utter_message(response="utter_contact_preference_asked_again")
    return [SlotSet(slot, None)]


class ValidateComplaintForm(NoticesCircumstances, FormValidationAction):
    """Checks each answer in the complaint form and re-asks helpfully when one will not do."""

    def name(self) -> str:
        return "validate_complaint_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        slots = list(domain_slots)
        customer_type = _customer_type_checked(tracker)
        if customer_type != "business" and "employees" in slots:
            slots.remove("employees")
        if not needs_postal_address(tracker) and "customer_address" in slots:
            slots.remove("customer_address")
        wants_phone = intake.field_needed_for(tracker.get_slot("contact_preference")) == "phone"
        if (
            _writing_only(tracker)
            and tracker.get_slot("customer_phone") is None
            and not wants_phone
        ):
            # "please only write to me, dont phone", agreed as a need: no phone number asked for
            # (outside customers B, round 12, M4). Unless the way chosen is by phone (text relay):
            # the read-back sent the form back for the number, the form asked nothing and ended,
            # and the two looped within one turn until the conversation went dead, "stop" too
            # (outside customers B, round 19, F5 HIGH).
            slots.remove("customer_phone")
        elif (
            tracker.get_slot("customer_phone") is None
            and not wants_phone
            and (
                tracker.get_slot("customer_email") != NOT_GIVEN
                or tracker.get_slot("contact_preference") == "letter"
            )
            and any(phone_unwanted(t) for t in user_texts_since_last_case(tracker))
        ):
            # "please only email me, I can't take calls": no phone number asked for (outside
            # customers B, round 19, F33 and F18: "And a phone number?" came straight after).
            slots.remove("customer_phone")
        answering = tracker.get_slot("requested_slot") == "complaint_first_raised"
        if not answering and not first_raised_to_ask(tracker) and "complaint_first_raised" in slots:
            # While its own question is answered the words fill the slot before they are
            # checked: kept in the list, so they are checked (outside customers A F19, B F29:
            # every answer was dropped unread and the ADR date counted from the day of logging).
            slots.remove("complaint_first_raised")
        return with_support_questions(slots, tracker)

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        events = await super().get_validation_events(dispatcher, tracker, domain)
        # The day the customer's words say they first raised the complaint ("I first complained
        # three weeks ago", "I emailed you on Tuesday 24 November"), in any of them (the first
        # message, any answer, an addition): set before the next question is chosen, so it is not
        # asked (issue 14); an earlier day said later replaces a later one (outside testers).
        slot = "complaint_first_raised"
        kept = next(
            (e.get("value") for e in reversed(events) if e.get("name") == slot),
            tracker.get_slot(slot),
        )
        description = next(
            (e.get("value") for e in events if e.get("name") == "complaint_description"),
            tracker.get_slot("complaint_description"),
        )
        day = first_raised_in_all(complaint_words(tracker, description), _today()).day
        if (
            day is not None
            and day < _today()
            and (kept is None or _is_later(kept, day))
            # "3rd december" with no year, while 3 December this year is still to come: asked
            # about (action_ask_complaint_first_raised), never put in last year unasked (F25).
            and first_raised_unsure(tracker, description) is None
        ):
            events.append(SlotSet(slot, day.isoformat()))
        if tracker.get_slot("requested_slot") == "accessibility_needs" and not any(
            e.get("name") == "support_needs" for e in events
        ):
            # The needs the answer named (`_records_needs_named`): Rasa SDK leaves out a slot set
            # earlier in the turn that the form does not ask (a time to call heard in the same
            # answer), though its validation updated the tracker (care15b).
            agreed = tracker.get_slot("support_needs")
            if agreed is not None and agreed != value_before_latest_message(
                tracker, "support_needs"
            ):
                events.append(SlotSet("support_needs", agreed))
        return [*events, *_no_calls_kept(dispatcher, tracker, events)]

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        asked = tracker.get_slot("requested_slot")
        if _stops_the_form(tracker, asked):
            # "forget it", "i dont want to do this anymore", "cancel" at any of the form's
            # questions, read as anything but stop: the complaint stops as 'stop' stops it, never
            # the same question again (outside customers A, F15, 27 Nov: asked four times in a
            # row). The form ends here and the stop says nothing is saved.
            return [
                ActiveLoop(None),
                SlotSet("requested_slot", None),
                FollowupAction("action_stop_complaint"),
            ]
        raw_way = _way_held_in_words(dispatcher, tracker)
        if raw_way:
            tracker.slots.update({e["name"]: e["value"] for e in raw_way})
            validated = await self.run(dispatcher, tracker, domain)
            changed = {e.get("name") for e in validated}
            return [*(e for e in raw_way if e["name"] not in changed), *validated]
        said = _latest_text(tracker)
        taken_back = withdraws_consent(said) or (
            denies_consent(said) and bool(consented_needs(tracker)[0])
        )
        if taken_back and asked == "support_needs" and not consented_needs(tracker)[0]:
            # "actually no, don't record anything about me" at the consent question itself, with
            # nothing agreed: a no to the needs listed, which that question's answer reads.
            taken_back = not declines_all(said)
        if asked and asked != CONFIRM_REMOVAL and taken_back:
            # "remove my needs" at any question, whatever NLU made of it, is never the answer
            # (outside testing of issue 18: it was stored as the name): the form asks "are you
            # sure? this removes ..." first (outside testing, 27 Nov: removed with no
            # confirmation), then the same question comes again; with nothing agreed, says so.
            put_back = put_back_extracted(tracker, keep=("requested_slot",))
            asking = removal_to_confirm(tracker, "form")
            dropped = (
                [asking]
                if asking is not None
                else pending_needs_dropped(dispatcher, tracker, domain)
            )
            tracker.slots.update({e["name"]: e["value"] for e in dropped})
            validated = await super().run(dispatcher, tracker, domain)
            changed = {e.get("name") for e in validated}
            return [*(e for e in put_back if e["name"] not in changed), *dropped, *validated]
        part = part_taken_back(said) if asked and asked != "complaint_description" else None
        held = tracker.get_slot("complaint_description")
        if part is not None and held not in (None, NOT_GIVEN):
            # "Ian Ross, and dont record the thing about dave after all" at the name question
            # (outside testers, 27 Nov: ignored, and dave stayed in what happened): the part is
            # taken out, or what happened asked for again; the answer before it is still read.
            return await self._part_taken_back(dispatcher, tracker, domain, part, held)
        after_all = help_asked_for_after_all(tracker) if asked else None
        if after_all is not None:
            # "actually sorry, yes I would like to hear about the help" at the name question, after
            # a no (outside customers B, 27 Nov, F33): never the name nor the account; the help is
            # listed next and consent asked, then the same question again.
            put_back = put_back_extracted(tracker, keep=("requested_slot",))
            tracker.slots.update(after_all)
            validated = await super().run(dispatcher, tracker, domain)
            changed = {e.get("name") for e in validated}
            return [
                *(e for e in put_back if e["name"] not in changed),
                *(SlotSet(k, v) for k, v in after_all.items() if k not in changed),
                *validated,
            ]
        corrected = needs_corrected(dispatcher, tracker, domain) if asked else None
        if corrected is not None:
            # "no! i said large print and someone to speak for him" at the name question (outside
            # testers, round 13): the needs corrected and said, never the answer; the same
            # question again.
            put_back = put_back_extracted(tracker, keep=("requested_slot",))
            tracker.slots.update(corrected)
            tracker.slots[asked] = None
            validated = await super().run(dispatcher, tracker, domain)
            changed = {e.get("name") for e in validated}
            return [
                *(e for e in put_back if e["name"] not in changed),
                *(SlotSet(k, v) for k, v in corrected.items() if k not in changed),
                *validated,
            ]
        day = (
            _day_corrected_in_passing(dispatcher, tracker)
            if asked and asked not in ("complaint_description", "complaint_first_raised")
            else None
        )
        if day is not None:
            # "sorry it was the 13th not the 3rd" at the e-mail question (outside words testers,
            # round 18, F64: not applied, and refused as an address): the day changed where it
            # stands, in what happened or the day first raised, said, and the same question again.
            put_back = put_back_extracted(tracker, keep=("requested_slot",))
            tracker.slots.update(day)
            tracker.slots[asked] = None
            validated = await super().run(dispatcher, tracker, domain)
            changed = {e.get("name") for e in validated}
            return [
                *(e for e in put_back if e["name"] not in changed),
                *(SlotSet(k, v) for k, v in day.items() if k not in changed),
                *validated,
            ]
        addition = addition_told(said) if asked in _ADDED_AT else None
        if asked == "accessibility_needs" and _more_of_the_complaint_not_a_need(said):
            # "oh and they also charged me a £25 reconnection fee" at "anything to make contact
            # easier?" (outside customers A, round 19, F20, HIGH: recorded as a need, the fee
            # lost): added to what happened, and the same question again.
            addition = addition_told(said) or ("", said)
        if addition is None and _tells_more_instead(tracker, asked, said):
            # "bill shows 45 quid for 'premium support' never asked for it, want it refunded ..."
            # at the contact question (outside testers, round 19, F1: refused, then "say 'skip'",
            # and lost from what happened): all of it added, and the same question again.
            addition = ("", said)
        if addition is not None and held not in (None, NOT_GIVEN):
            return await self._addition_kept(dispatcher, tracker, domain, addition, held)
        answered = await _question_in_the_answer(dispatcher, tracker, domain)
        if answered is not None and _answer_given_too(tracker):
            # "TN1 1AA. will i hear back on Monday?" at the postcode question: the postcode is
            # kept and the question answered (outside customers A, round 12, M7: ignored).
            validated = await super().run(dispatcher, tracker, domain)
            changed = {e.get("name") for e in validated}
            return [*(e for e in answered if e.get("name") not in changed), *validated]
        if answered is not None:
            # "how long is this going to take? ive been on the phone all morning" at the account
            # question, taken as its answer (outside customers A, F1, 27 Nov: the account's hint
            # and the question again, the question never answered): answered, then the same
            # question again, nothing kept from the words.
            put_back = put_back_extracted(tracker, keep=("requested_slot",))
            earlier = _earlier_account(tracker) if asked == "complaint_description" else None
            if earlier is not None:
                # The account told before the question is what happened (outside compliance F24).
                put_back = [e for e in put_back if e["name"] != asked]
                put_back.append(SlotSet(asked, earlier))
                tracker.slots[asked] = earlier
            validated = await super().run(dispatcher, tracker, domain)
            changed = {e.get("name") for e in validated}
            return [
                *(e for e in put_back if e["name"] not in changed),
                *(e for e in answered if e.get("name") not in changed),
                *validated,
            ]
        if asked in _QUESTION_NOT_AN_ANSWER and is_a_question(said):
            return await self._question_not_answered(dispatcher, tracker, domain, asked)
        return await super().run(dispatcher, tracker, domain)

    async def _question_not_answered(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, asked: str
    ) -> list[EventType]:
        """A question with no answer here ("and can you freeze my bill while its looked at?") at
        a question wanting a detail or a choice: when it is no answer either, said so, never the
        detail's hint as if it were a bad answer, and the question asked again (outside testers,
        round 13: "What email address can we use?" four times, the question never answered)."""
        held = CollectingDispatcher()
        validated = await super().run(held, tracker, domain)
        result = {e.get("name"): e.get("value") for e in validated if e.get("event") == "slot"}
        if asked not in result or result[asked] is not None:
            dispatcher.messages.extend(held.messages)
            return validated
        hints = ("utter_hint_", "utter_invalid_field", "utter_choose_by_number")
        dispatcher.messages.extend(
            m for m in held.messages if not str(m.get("response") or "").startswith(hints)
        )
        dispatcher.utter_message(response="utter_question_not_answered_here")
        return validated

    async def _addition_kept(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        addition: tuple[str, str],
        held: Any,
    ) -> list[EventType]:
        """ "also they told me to go to the shop" at a later question (outside testers, issue 15,
        i15-its-bob: the hint, and the words lost): added to what happened, said, and the answer
        before it ("bob@example.com, also ...") still read; with none, the same question again."""
        answer, added = addition
        asked = tracker.get_slot("requested_slot")
        put_back: list[EventType] = []
        if answer:
            for event in reversed(tracker.events):
                if event.get("event") != "slot":
                    break
                if event.get("name") == asked:
                    event["value"] = answer  # the answer alone is checked
            tracker.slots[asked] = answer
        else:
            put_back = put_back_extracted(tracker, keep=("requested_slot",))
        description = say_description_added(dispatcher, held, added) or held
        tracker.slots["complaint_description"] = description
        validated = await super().run(dispatcher, tracker, domain)
        changed = {e.get("name") for e in validated}
        return [
            *(e for e in put_back if e["name"] not in changed),
            SlotSet("complaint_description", description),
            *validated,
        ]

    async def _part_taken_back(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        part: tuple[str, ...],
        held: Any,
    ) -> list[EventType]:
        put_back: list[EventType] = []
        if not told_besides_the_part(_latest_text(tracker)):
            # The take-back is all the message says: no answer to the question asked.
            put_back = put_back_extracted(tracker, keep=("requested_slot",))
        description = description_without_the_part(dispatcher, held, part)
        tracker.slots["complaint_description"] = description
        validated = await super().run(dispatcher, tracker, domain)
        changed = {e.get("name") for e in validated}
        return [
            *(e for e in put_back if e["name"] not in changed),
            SlotSet("complaint_description", description),
            *validated,
        ]

    def validate_complaint_category(self, value, dispatcher, tracker, domain):
        text = _latest_text(tracker)
        asked = tracker.get_slot("requested_slot") == "complaint_category"
        before = value_before_latest_message(tracker, "complaint_category")
        if (
            not asked
            and tracker.get_slot("requested_slot") is not None
            and before not in (None, NOT_GIVEN)
            and not asks_to_change_category(text)
        ):
            # A category once given changes only when the customer asks ("it's on a bill
            # somewhere" at the account question made a service complaint a billing one).
            return {"complaint_category": before}
        if asked and names_several(text):
            return _one_category(dispatcher, tracker, domain)
        entity = _latest_entity(tracker, "category")
        if not _is_clean(intake.clean_category, entity):
            # The model's entity from the words, when it names no category ("charged" in "you've
            # charged me twice this month"), never replaces the category read from them when the
            # complaint started (outside testers, issues 15 and 19: billing was set, then
            # dropped at the form's first check, and the question asked six or seven times).
            entity = None
        chosen = (
            entity
            or (_category_leading(text) if asked else None)  # "billing - you're still taking"
            or category_in(text)  # "it was mis selling" is a sales complaint
            or ("fault_repair" if asked and names_a_fault(text) else None)
            or button_choice(domain, "complaint_category", value)
        )
        if asked and not _is_clean(intake.clean_category, chosen):
            # "its about my bill", "the bill", "charges", "money": billing in everyday words.
            chosen = category_answered(text) or chosen
        read = category_plainly_told(text) if asked and not is_a_question(text) else []
        if read and not _is_clean(intake.clean_category, chosen):
            # "you billed me £89 for a month i'd cancelled": the subject read from the words
            # (outside testers, round 13: the category asked six times, then filed as "other");
            # with more than one, the first, said so it can be changed.
            chosen = read[0]
            if len(set(read)) > 1:
                dispatcher.utter_message(
                    response="utter_category_taken_first", category=_label(chosen)
                )
        name = bare_name(text) if asked and not _is_clean(intake.clean_category, chosen) else None
        if name is not None and tracker.get_slot("customer_name") in (None, NOT_GIVEN, text):
            # "Sam Patel" at "What is your complaint about?": the name, kept and said, and the
            # question again (the lead's outside probe, 27 Nov: lost, then "it keeps dropping"
            # was stored as the name).
            dispatcher.utter_message(
                response="utter_detail_kept", kept=FIELD_WORDS["customer_name"]
            )
            choices = _numbered_choices(domain, "complaint_category")
            if _asked_in_a_row(tracker, "complaint_category") >= 2 and choices:
                # Asked a third time in a row: with the numbers (outside words, round 16, F51).
                dispatcher.utter_message(response="utter_choose_by_number", choices=choices)
            return {"complaint_category": None, "customer_name": intake.clean_name(name)}
        account = _account_kept(tracker.get_slot("complaint_description"), text) if asked else None
        if account is not None and _is_clean(intake.clean_category, chosen):
            # "my line has been dead since tuesday and they wont fix it": the category and what
            # happened, both kept.
            return {
                "complaint_category": intake.clean_category(chosen),
                "complaint_description": account,
                **_failures_reset(tracker),
            }
        if account is not None:
            # What happened, with no category in it (outside testing, 27 Nov: "I was promised a
            # discount ..." got "Please choose one of ..." and was lost): kept as the account, so
            # it is not asked again, and the category asked once more.
            dispatcher.utter_message(response="utter_description_kept_category_asked")
            return {"complaint_category": None, "complaint_description": account}
        checked = _checked(
            "complaint_category", intake.clean_category, dispatcher, chosen, tracker, domain
        )
        if (
            asked
            and checked.get("complaint_category") not in (None, NOT_GIVEN)
            and tracker.get_slot("complaint_description") in (None, NOT_GIVEN)
        ):
            # "fault" after a first message that told it ("my landline has crackle on it for a
            # month"): that message is what happened, said, never "Please tell me what happened"
            # as if nothing had been told (outside testers, round 13).
            earlier = _earlier_account(tracker)
            if earlier is not None and says_what_happened(earlier):
                dispatcher.utter_message(response="utter_description_kept_from_earlier")
                return {**checked, "complaint_description": earlier}
            # A few words of it ("complaint about being passed from pillar to post"): noted, and a
            # bit more asked for, saying why (action_ask_complaint_description); the answer is
            # added after them (outside testers, issue 15, i15-its-bob: what the customer had to
            # tell was never asked for, so staff had only the first few words).
        return checked

    def validate_complaint_description(self, value, dispatcher, tracker, domain):
        checked = self._description_checked(value, dispatcher, tracker, domain)
        slot = "complaint_description"
        if checked.get(slot):
            # The customer's own details, taken into their fields, are no part of it (F2).
            # Only details held before this message: a candidate the model took from it (the
            # provider's address in "I emailed support@..." ) is no detail of the customer's.
            held = {s: value_before_latest_message(tracker, s) for s in _TAKEN_DETAILS}
            taken = {**held, **{k: v for k, v in checked.items() if k in _TAKEN_DETAILS}}
            checked = {**checked, slot: without_details_taken(tracker, checked[slot], taken)}
        return checked

    def _description_checked(self, value, dispatcher, tracker, domain):
        slot = "complaint_description"
        name = bare_name(_latest_text(tracker)) if _requested(tracker) == slot else None
        if name is not None and not only_carries_on(name):
            return _name_at_description(dispatcher, tracker, name)
        if _requested(tracker) == slot and _no_account_in(_latest_text(tracker)):
            # "billing", "its about billing", "yes" at "What happened?": never stored as what
            # happened (outside testers, issue 19); the account told before is kept, else asked
            # for again with the reason, and never more than twice in a row.
            earlier = _earlier_account(tracker)
            if earlier is not None:
                return {slot: earlier, **_failures_reset(tracker)}
            failures = _failures_so_far(tracker, slot) + 1
            if failures >= 3:
                missing = intake.IntakeError("description", "not-an-answer", "not an answer")
                return _reask(dispatcher, slot, missing, tracker)
            dispatcher.utter_message(response="utter_description_needed")
            return {slot: None, "answer_failures": {"slot": slot, "count": failures}}
        if _requested(tracker) == slot:
            not_an_account = _not_an_account(dispatcher, tracker)
            if not_an_account is not None:
                return not_an_account
        if _requested(tracker) == slot and tells_only_circumstances(_latest_text(tracker)):
            # "Im deaf, please dont phone me, i cant use a voice phone": a circumstance and how to
            # contact them, heard as such (notice_circumstances), never stored as the complaint
            # (outside care, round 16, F30: it replaced the account of the e-mail service down
            # for 3 days). The account told before is kept, else the question asked again.
            earlier = _earlier_account(tracker)
            if earlier is not None:
                return {slot: earlier, **_failures_reset(tracker)}
            return {slot: None}
        checked = _checked(slot, intake.clean_description, dispatcher, value, tracker)
        if _requested(tracker) == slot and checked.get(slot):
            # The few words told before, then the rest of it (action_ask_complaint_description
            # said they were noted).
            checked = {**checked, slot: _with_earlier_words(tracker, checked[slot])}
            if asks_about_money_trouble(_latest_text(tracker)):
                # "I can't afford to pay this bill, what can I do?" as what happened (outside
                # testers, issue 18, F13/F4): kept as the account, and the question answered.
                answer_money_trouble(dispatcher, provider_for(tracker))
        named = (
            category_change_named(_latest_text(tracker)) if _requested(tracker) == slot else None
        )
        current = tracker.get_slot("complaint_category")
        if checked.get(slot) and named and current not in (None, NOT_GIVEN, named):
            # "actually no, it's about billing. You charged me ..." at "What happened?": the
            # account, and the subject changed as asked, said (the outside set's
            # change-of-mind-category, when the model read no category from it).
            dispatcher.utter_message(
                response="utter_field_updated",
                field=FIELD_WORDS["complaint_category"],
                answer=_label(named),
            )
            return {**checked, "complaint_category": named}
        return checked

    def validate_complaint_first_raised(self, value, dispatcher, tracker, domain):
        slot = "complaint_first_raised"
        if tracker.get_slot("requested_slot") != slot:
            # Read from the account of what happened (an ISO date), or as it was.
            if value in (None, NOT_GIVEN) or _is_clean(intake.clean_first_raised, value):
                return {slot: value}
            return {slot: value_before_latest_message(tracker, slot)}
        text = _latest_text(tracker) or str(value or "")
        if is_skip(text) or is_non_answer(text):
            dispatcher.utter_message(response="utter_answer_left_out")
            return {slot: NOT_GIVEN, **_failures_reset(tracker)}
        today = _today()
        record = tracker.get_slot("answer_failures")
        meant = (
            record.get("meant") if isinstance(record, dict) and record.get("slot") == slot else None
        )
        if meant and says_yes(text):
            # "yes" to "Did you mean Sunday 30 November 2025?".
            return {slot: meant, **_failures_reset(tracker)}
        ahead = _ahead_of_today(text, today)
        if ahead is not None:
            return _first_raised_ahead(dispatcher, tracker, text, ahead, today)
        day = first_raised_answer(text, today)
        if day is not None:
            # Today is the day the case is logged: nothing earlier to keep.
            return {slot: day.isoformat() if day < today else NOT_GIVEN, **_failures_reset(tracker)}
        name = bare_name(text) or titled_name(text)
        if (
            name is not None
            and value_before_latest_message(tracker, "customer_name")
            in (
                None,
                NOT_GIVEN,
            )
            and _is_clean(intake.clean_name, name)
        ):
            # "dr helen moss" typed ahead at this question is the name, kept and said (outside
            # customers A, F10: dropped, and the name asked seven times after).
            kept = intake.clean_name(name)
            dispatcher.utter_message(response="utter_name_noted", first_name=greeting_name(kept))
            return {slot: None, "customer_name": kept}
        given = {
            k: v
            for k, v in _other_details_given(tracker).items()
            if k != "customer_type" and v != value_before_latest_message(tracker, k)
        }
        if given:
            # An e-mail or phone number typed ahead at this question is kept, said, and the date
            # asked again, not counted as a failed date (the lead, 28 Nov: "Sorry, I couldn't read
            # that as a date" for an e-mail, then the date given up on for a phone number).
            words = and_list([FIELD_WORDS[k] for k in given])
            dispatcher.utter_message(response="utter_detail_kept", kept=words)
            return {**given, slot: None}
        if _failures_so_far(tracker, slot) >= 1:
            # A plain re-ask once, then on without it: never a loop (issue 14).
            dispatcher.utter_message(response="utter_first_raised_left_out")
            return {slot: NOT_GIVEN, "answer_failures": None}
        dispatcher.utter_message(response="utter_hint_complaint_first_raised")
        return {slot: None, "answer_failures": {"slot": slot, "count": 1}}

    def validate_customer_name(self, value, dispatcher, tracker, domain):
        if _requested(tracker) == "customer_name" and says_nothing_more(_latest_text(tracker)):
            # "that's all" to a late "tell me more ... or say 'that's all'": never the name, and
            # the reason said (outside attacker, round 19, F3: "Thank you, that's all.").
            said = _latest_text(tracker)
            return _checked("customer_name", intake.clean_name, dispatcher, said, tracker, domain)
        if _requested(tracker) == "customer_name" and only_carries_on(_latest_text(tracker)):
            return _checked("customer_name", intake.clean_name, dispatcher, value, tracker, domain)
        if _requested(tracker) == "customer_name" and intake.has_web_address(_latest_text(tracker)):
            # Never part of a name, whatever else the answer says (outside attacker, round 16,
            # F2: the provider's own confirmation e-mail would have carried the link).
            linked = intake.IntakeError(
                "customer_name",
                "name-has-link",
                "A name can't include a web address: please type just the name.",
            )
            return _reask(dispatcher, "customer_name", linked, tracker, domain)
        if _requested(tracker) == "customer_name":
            not_a_name = _name_not_given(dispatcher, tracker, domain)
            if not_a_name is not None:
                return not_a_name
        answer = name_without_details(value)
        if tracker.get_slot("requested_slot") == "customer_name":
            # "i told u, Aisha Khan": the name, without the reminder before it (outside customers
            # A, F11); "Helen Morgan, manager": without the remark after it.
            reminded = without_already_said(answer)
            if reminds_already_said(answer) and gives_a_name(reminded):
                # "I ALREADY TOLD YOU. Ian Ross": the name, and a word of apology for asking
                # again, never the reminder stored with it (outside testers, 27 Nov).
                dispatcher.utter_message(response="utter_sorry_asked_again")
            answer = name_before_remark(reminded) or reminded
            given = _other_details_given(tracker)
            if given and (not answer or is_plainly_not_a_name(name_from_answer(answer))):
                return _name_still_needed(dispatcher, tracker, domain, given)
        if asks_to_forget_what_was_said(_latest_text(tracker)):
            # Words about their own words, never more of the complaint (outside customers B,
            # round 19, F36): what is kept, truthfully, and the question again.
            dispatcher.utter_message(response="utter_needs_not_recorded")
            return {"customer_name": None}
        if tracker.get_slot("requested_slot") == "customer_name" and is_not_a_name(answer):
            # More about what happened, not a name (issue 15: a description was stored as the
            # name): it is added to the account of what happened and the name asked again.
            before = tracker.get_slot("complaint_description")
            description = say_description_added(dispatcher, before, answer) or before
            return {"customer_name": None, "complaint_description": description}
        if tracker.get_slot("requested_slot") == "customer_name" and not is_non_answer(answer):
            answer = name_from_answer(answer)  # "its Bob" is Bob
            if is_plainly_not_a_name(answer):
                # "NP23 5DD", "email", "i want to make a complaint": never stored as the name.
                missing = intake.IntakeError("customer_name", "not-a-name", "not a name")
                return _reask(dispatcher, "customer_name", missing, tracker, domain)
        return _checked("customer_name", intake.clean_name, dispatcher, answer, tracker, domain)

    def validate_customer_email(self, value, dispatcher, tracker, domain):
        way = _preference_at_email_question(tracker)
        if way is not _UNSET and way is not None:
            # "phone please" at the e-mail question after the Email button: the way changed, said,
            # and no e-mail asked for (outside customers B F1).
            return _way_changed(dispatcher, tracker, way, "customer_email")
        if tracker.get_slot("requested_slot") == "customer_email" and (
            _declined(tracker, "customer_email", value)
            or declines_email(_latest_text(tracker) or value)
            or is_non_answer(_latest_text(tracker) or value)
            # "id rather not say", "prefer not to", "not telling you that": an optional answer
            # declined, never refused as an address (outside testers, round 15, F4).
            or (declines_to_give(_latest_text(tracker)) and not find_email(_latest_text(tracker)))
            # "dont know it off by heart my son set it up": no address to give, taken at once
            # (outside words, round 16, F9: refused until the third asking).
            or (does_not_know_it(_latest_text(tracker)) and not find_email(_latest_text(tracker)))
        ):
            # "dont have email": the other ways at once, not the question again (issue 15).
            if _writing_only(tracker):
                # Contact in writing only, agreed: a letter, never "I'll ask for a phone number".
                return {"customer_email": NOT_GIVEN, **_by_post(dispatcher, tracker)}
            _say_no_email_needed(dispatcher, tracker)
            return {
                "customer_email": NOT_GIVEN,
                **_failures_reset(tracker),
                **_preference_without(tracker, "email"),
            }
        found = _latest_entity(tracker, "email") or find_email(str(value)) or value
        code = provider_for(tracker)
        own = code.own_address(str(found)) if found else None
        if own is not None:
            # "I emailed complaints@invictanet.com on 3 Nov": the provider's address, never the
            # customer's (issue 14); at the e-mail question theirs is asked for instead.
            if tracker.get_slot("requested_slot") != "customer_email":
                return {"customer_email": value_before_latest_message(tracker, "customer_email")}
            dispatcher.utter_message(
                response="utter_email_is_providers",
                email=str(found),
                **provider_facts(code),
                **sourced(from_code(code, own.quote)),
            )
            return {"customer_email": None}
        return _checked("customer_email", intake.clean_email, dispatcher, found, tracker, domain)

    def validate_customer_phone(self, value, dispatcher, tracker, domain):
        asked = tracker.get_slot("requested_slot") == "customer_phone"
        if asked and asks_why_phone_needed(_latest_text(tracker)):
            # "why do u need my phone number": what it is for, and the question again (outside
            # testers, round 13: "Please type a UK phone number").
            code = provider_for(tracker)
            explain_phone_use(dispatcher, code)
            return {"customer_phone": None}
        wants_post = asked and channel_named(_latest_text(tracker)) == "letter"
        if (
            _declined(tracker, "customer_phone", value)
            or (asked and no_phone_to_give(_latest_text(tracker)))
            # "prefer not to", "not telling you that" (outside testers, round 15, F4).
            or (
                asked
                and declines_to_give(_latest_text(tracker))
                and not find_phone(_latest_text(tracker))
            )
            or (wants_post and not find_phone(_latest_text(tracker)))
        ):
            if tracker.get_slot("customer_email") in (None, NOT_GIVEN):
                # Neither e-mail nor phone: we write by post, and the address is asked for
                # (outside testing: a customer who wanted letters was asked for a phone number
                # until she gave one).
                return _by_post(dispatcher, tracker)
            return {
                "customer_phone": NOT_GIVEN,
                **_failures_reset(tracker),
                **_preference_without(tracker, "phone"),
            }
        if tracker.get_slot("requested_slot") == "account_number":
            # "my account number is IG 4471 2290" is an account number, not a phone number; a
            # phone number typed there is kept as the phone when none was given (_phone_as_account).
            before = value_before_latest_message(tracker, "customer_phone")
            kept = _phone_kept_from_account(tracker)
            return {"customer_phone": kept if kept and before in (None, NOT_GIVEN) else before}
        if (
            not asked
            and phone_meant(_latest_text(tracker)) is None
            and trusted_contact(_latest_text(tracker))
        ):
            # "ring jean on 07700 900123" at the e-mail question: the neighbour's number, never
            # the customer's own phone (outside care, round 16, F6); the phone held stays.
            return {"customer_phone": value_before_latest_message(tracker, "customer_phone")}
        theirs = trusted_contact(_latest_text(tracker)) if asked else None
        if theirs and phone_meant(_latest_text(tracker)) is None:
            return _trusted_number_given(dispatcher, tracker, domain, theirs)
        found = phone_meant(_latest_text(tracker)) or _latest_entity(tracker, "phone") or value
        return _checked("customer_phone", intake.clean_phone, dispatcher, found, tracker, domain)

    def validate_customer_address(self, value, dispatcher, tracker, domain):
        text = (
            _latest_text(tracker)
            if tracker.get_slot("requested_slot") == "customer_address"
            else ""
        )
        other_way = _address_not_needed(dispatcher, tracker, text) if text else None
        if other_way is not None:
            return other_way
        if is_a_question(text) or _no_thanks(text):
            # "why do you need my address?" is not an address: the hint and the question again;
            # nor is "no thats fine" (outside testers, round 13: "Postal address: no thats fine").
            missing = intake.IntakeError("address", "not-an-answer", "not an answer")
            return _reask(dispatcher, "customer_address", missing, tracker, domain)
        address = address_only(address_without_postcode(text or str(value or "")))
        checked = _checked(
            "customer_address", intake.clean_address, dispatcher, address, tracker, domain
        )
        postcode = find_postcode(text)
        if (
            checked.get("customer_address")
            and postcode
            and tracker.get_slot("customer_postcode") in (None, NOT_GIVEN)
            and _is_clean(intake.clean_postcode, postcode)
        ):
            # "12 Acacia Avenue, Leeds LS6 2AB" with no postcode held: the postcode kept too
            # (outside words testers, round 18, F19).
            return {**checked, "customer_postcode": intake.clean_postcode(postcode)}
        return checked

    def validate_customer_postcode(self, value, dispatcher, tracker, domain):
        # The whole postcode as typed: the model's entity may hold only the outward code ("E1").
        found = find_postcode(_latest_text(tracker)) or find_postcode(str(value)) or value
        said = _latest_text(tracker)
        if (
            _requested(tracker) == "customer_postcode"
            and not find_postcode(said)
            and re.search(r"\b(?:account|acct|acc)\b", said, re.IGNORECASE)
            and has_no_account_number(said)
            and value_before_latest_message(tracker, "account_number") is None
        ):
            # "dont know my account number sorry" at the postcode question: the account noted
            # as not given, said, so it is not asked later (outside testers, round 13), and the
            # postcode asked again.
            dispatcher.utter_message(response="utter_account_noted_postcode_asked")
            return {"customer_postcode": None, "account_number": NOT_GIVEN}
        if (
            _requested(tracker) == "customer_postcode"
            and not find_postcode(str(found))
            and declines_to_give(_latest_text(tracker))
        ):
            # "skip", "id rather not say": left out the first time, as the assistant tells a
            # customer who fears being found it may be (outside customers B, round 12, H2).
            dispatcher.utter_message(response="utter_answer_left_out")
            return {"customer_postcode": NOT_GIVEN, **_failures_reset(tracker)}
        checked = _checked(
            "customer_postcode", intake.clean_postcode, dispatcher, found, tracker, domain
        )
        street = (
            _street_before_postcode(said) if _requested(tracker) == "customer_postcode" else None
        )
        if (
            street is not None
            and checked.get("customer_postcode") not in (None, NOT_GIVEN)
            and tracker.get_slot("customer_address") in (None, NOT_GIVEN)
        ):
            # "12 Acacia Avenue, Leeds LS6 2AB": the postcode, and the address it came with kept
            # as the postal address, never lost (outside words testers, round 18, F19).
            return {**checked, "customer_address": street}
        return checked

    def validate_contact_preference(self, value, dispatcher, tracker, domain):
        choices = [c.value for c in contact_choices(provider_for(tracker), load_rules())]
        text = _latest_text(tracker)
        if tracker.get_slot("requested_slot") != "contact_preference":
            # Only a stated preference ("contact me by phone instead") sets it in passing: the
            # word "email" in "no email, write to me by post" is not a choice of email (outside
            # testing: that was stored as email, then refused again and again until the
            # conversation stopped answering).
            way = _preference_at_email_question(tracker)
            if way is not _UNSET:
                return {"contact_preference": way}
            if _requested(tracker) == "customer_address":
                named = contact_preference_in(text)
                if named not in (None, "letter") and named in choices and _held(tracker, named):
                    # "no i said phone" at the address question: as validate_customer_address
                    # reads it, whichever of the two is checked first.
                    return {"contact_preference": named}
            if _letter_at_phone_question(tracker):
                # "write to me" at the phone question with no e-mail: a letter, noted and passed
                # on even where the code replies by e-mail or phone (validate_customer_phone says
                # so); the model's entity for it was refused here, and the contact question
                # came back offering only e-mail and phone (outside customers B, round 12, H8).
                return {"contact_preference": "letter"}
            stated = preference_change(text)
            if stated is None:
                return {
                    "contact_preference": value_before_latest_message(tracker, "contact_preference")
                }
            value = stated
        elif _phone_excluded(text) and contact_preference_in(text) in (None, "phone"):
            # "dont phone me", "don't call me" at the contact question, whatever entity the model
            # took from "phone" (outside testers, issue 18, care18: a deaf customer was read back
            # "Contact by: phone"): never phone; the wish noted, and the question asked again
            # with the ways that are not a call.
            # "anything but the phone", "not phone", "no calls" there too (outside customers B,
            # round 14, F27: "anything but the phone" was stored as contact by phone).
            return {
                "contact_preference": None,
                **_contact_wishes_heard(dispatcher, tracker, {}, ["no phone calls"]),
            }
        elif contact_preference_in(text) is None and has_no_preference(text):
            # "whatever is quickest", "any is fine", "don't mind": no loop (outside testers);
            # the way they gave a detail for, said so they can change it.
            return _no_preference(dispatcher, tracker, choices)
        elif _nothing_to_give(text):
            # "i dont have it" at the contact question, as if a detail were asked for (outside
            # testers, round 19, F2: "Please choose one of the ways shown." and the whole question
            # again): nothing is needed, the ways said, numbered.
            return _nothing_needed(dispatcher, tracker, domain)
        if (
            contact_preference_in(text) in (None, "sms")
            and "sms" not in choices
            and wants_text_messages(text)
        ):
            # Read as "sms" since care16; a code that does not reply by text is answered
            # plainly with numbered choices, never "doesn't say it replies by sms" (form17).
            return _text_messages_asked(dispatcher, tracker, domain, choices)
        entity = _latest_entity(tracker, "contact_preference")
        if entity in unread_routes(text):
            # "the email doesnt get checked much": the model's "email" is the way the customer
            # says goes unread, never the one chosen (outside words, round 16, F5).
            entity = None
        offered = contact_ways_offered(tracker)
        found = contact_preference_in(text) or entity or _numbered(offered, value)
        checked = _checked(
            "contact_preference",
            intake.clean_contact_preference,
            dispatcher,
            found,
            tracker,
            domain,
        )
        chosen = checked.get("contact_preference")
        if _detail_declined_for_before(tracker, chosen):
            # Chosen again after its number was asked for and declined: never "I don't have your
            # phone number" a third time; the way left open, what is kept used (outside customers
            # B, round 19, F5 HIGH: text relay with no number, asked until the chat went dead).
            return _preference_left_open(dispatcher, tracker, chosen)
        # "none" (no preference, or left out after three tries) is never a route to refuse
        # (outside testing, 27 Nov: "Infinium's code doesn't say it replies by none").
        if chosen == "video_relay" and provider_for(tracker).reply_routes is None:
            # A code that commits to no route takes any preference, promised nothing: video
            # relay kept as the customer named it (a BSL user's: care18), never text relay.
            return checked
        if chosen not in (None, NOT_GIVEN) and chosen not in choices:
            # Only a route the provider's code commits to (or text relay, under GC C5).
            if tracker.get_slot("requested_slot") != "contact_preference":
                # Said in passing: the way held stays (the re-test, round 12, H8: "write to me" at
                # the postcode question wiped the letter an 84-year-old with no e-mail and no
                # working phone had been promised would be passed on, and the contact question
                # then offered only the phone).
                return {
                    "contact_preference": value_before_latest_message(tracker, "contact_preference")
                }
            code = provider_for(tracker)
            if _failures_so_far(tracker, "contact_preference") >= 1 and code.reply_routes:
                # Asked for again after hearing what the code commits to: their preference, noted
                # as such, never a loop (outside set: "letter" asked for four times and more).
                dispatcher.utter_message(
                    response="utter_contact_route_noted",
                    chosen=ROUTE_WORDS.get(chosen, chosen),
                    routes=routes_text(code.reply_routes.channels),
                    **provider_facts(code),
                    **sourced(from_code(code, code.reply_routes.quote)),
                )
                return {"contact_preference": chosen, **_failures_reset(tracker)}
            dispatcher.utter_message(
                response="utter_contact_route_not_offered",
                chosen=ROUTE_WORDS.get(chosen, chosen),
                choices=routes_text(tuple(choices)),
                **provider_facts(code),
            )
            failures = _failures_so_far(tracker, "contact_preference") + 1
            return {
                "contact_preference": None,
                "answer_failures": {"slot": "contact_preference", "count": failures},
            }
        return checked

    def validate_customer_type(self, value, dispatcher, tracker, domain):
        before = value_before_latest_message(tracker, "customer_type")
        if tracker.get_slot("requested_slot") != "customer_type" and before:
            named = customer_type_in(_latest_text(tracker))
            if _customer_type_kept(tracker) is not None:
                # "just me" (to how many employees) is not a change of customer type.
                return {"customer_type": before}
            if value == named:
                # "sorry I meant business": already changed (and said) at the read-back
                # (outside testing: it was said, then undone here, and the case logged as consumer).
                return {"customer_type": named}
            value = named
        elif (
            tracker.get_slot("requested_slot") != "customer_type"
            and customer_type_in(_latest_text(tracker)) != "business"
            and names_the_providers_company(_latest_text(tracker))
        ):
            # "Your company took £89.99 from my account": the model's "company" is the
            # provider's, so the question is asked, never a head count for a business she is not
            # (outside words testers, round 16, F37).
            return {"customer_type": None}
        found = button_choice(domain, "customer_type", value)
        said = customer_type_in(_latest_text(tracker))
        if tracker.get_slot("requested_slot") == "customer_type" and said is not None:
            # What the customer typed, before the model's entity: "I'm not a business" carries
            # the entity "business" (outside customers: an 84-year-old was asked for a head count).
            found = said
        elif found == value:  # "I'm a residential customer": the industry's word for a consumer
            found = (
                customer_type_in(str(value)) or _latest_entity(tracker, "customer_type") or value
            )
        checked = _checked(
            "customer_type", intake.clean_customer_type, dispatcher, found, tracker, domain
        )
        return {**checked, **_head_count_told_with(tracker, checked)}

    def validate_employees(self, value, dispatcher, tracker, domain):
        # "6 employees and 7 contractors": kept as given, so each scheme counts its own groups
        # (outside compliance review: stored as 6 and told the Communications Ombudsman was open;
        # outside testers, issue 14/15: stored as 13, CISAS's 8 employees lost). A bare "40" to a
        # question asking for the employees first is 40 employees (intake.head_count_answer).
        asked = tracker.get_slot("requested_slot") == "employees"
        either = head_count_range(_latest_text(tracker))
        if either is not None and not asked:
            # "business, we are a small office maybe 10 or 12 staff" at another question (outside
            # customers A, round 20, F8, HIGH: kept as 22): nothing kept, the question asks which.
            return {"employees": None}
        if either is not None:
            # "maybe 10 or 12" (outside customers A, round 19, F14: kept as 10): which one, since
            # the schemes' rules turn on the exact number; nothing kept until it is given.
            if _failures_so_far(tracker, "employees"):
                missing = intake.IntakeError("employees", "not-an-answer", "not one number")
                return _reask(dispatcher, "employees", missing, tracker, domain)
            low, high = either
            dispatcher.utter_message(response="utter_head_count_which", low=low, high=high)
            return {"employees": None, "answer_failures": {"slot": "employees", "count": 1}}
        if asked and _REFERENCE_LIKE.search(_latest_text(tracker)):
            # "ISS-4471", "ref 4471-2290": a reference or account number, never a head count
            # (outside testers, round 13: stored as "4471 employees").
            missing = intake.IntakeError("employees", "not-an-answer", "not a head count")
            return _reask(dispatcher, "employees", missing, tracker, domain)
        if asked and _CONSUMER_SAID.search(_latest_text(tracker)):
            # "oh no sorry its just me, consumer" (outside customers A, round 19, F19: stored as
            # "business, 1 employees"): the customer type put right, and no head count needed.
            say_updated(dispatcher, "customer_type", "consumer")
            return {"customer_type": "consumer", "employees": None}
        rule = head_count_rule(provider_for(tracker), load_rules())
        head = intake.head_count_answer(
            _latest_text(tracker) if asked else str(value),
            rule,
            number=_latest_entity(tracker, "employees") or value,
            asked=asked,
        )
        found = intake.head_count_kept(head) if head is not None else value
        return _checked("employees", intake.clean_head_count, dispatcher, found, tracker, domain)

    def extract_account_number(self, dispatcher, tracker, domain):
        """An account number named with its label at another question ("dave@..., acct no is
        IG-55321 btw"): taken (outside customers A, round 12, H6: dropped, then asked for, and
        "i already gave it you" at the account question sent the customer to a case check)."""
        if _requested(tracker) in (None, "account_number"):
            return {}
        found = account_number_named(_latest_text(tracker))
        if found is None or not _is_clean(intake.clean_account, found):
            return {}
        return {"account_number": found}

    def validate_account_number(self, value, dispatcher, tracker, domain):
        if tracker.get_slot("requested_slot") == "account_number" and has_no_account_number(
            _latest_text(tracker) or value
        ):
            # "dunno", "dont have it to hand": left out, saying so (issue 15).
            dispatcher.utter_message(response="utter_account_left_out")
            return {"account_number": NOT_GIVEN, **_failures_reset(tracker)}
        # "my account number is IG 4471 2290": the number without the words around it, read from
        # what the customer typed (the model's entity may hold only "4471 2290"); else the entity.
        asked = tracker.get_slot("requested_slot") == "account_number"
        said = _latest_text(tracker)
        if asked and account_number_named(said) is None and first_raised_in(said, _today()).day:
            # "i first complained on the phone on 2nd november": the day kept (read from every
            # answer), said, and the account question again, never "2nd" as the account number
            # (outside testers, round 13: the question repeated with no reason).
            dispatcher.utter_message(
                response="utter_detail_kept_account_asked",
                kept=FIELD_WORDS["complaint_first_raised"],
            )
            return {"account_number": None}
        found = account_from_answer(_latest_text(tracker) if asked else str(value))
        entity = _latest_entity(tracker, "account_number")
        if entity and not _is_clean(intake.clean_account, found):
            found = entity
        if asked and is_a_phone_number(found) and not only_carries_on(_latest_text(tracker)):
            return _phone_as_account(dispatcher, tracker, str(found))
        return _checked(
            "account_number", intake.clean_account, dispatcher, found or value, tracker, domain
        )

    def validate_accessibility_needs(self, value, dispatcher, tracker, domain):
        result = self._accessibility_needs_answered(value, dispatcher, tracker, domain)
        if tracker.get_slot("requested_slot") != "accessibility_needs":
            return result
        # "my daughter will speak for me, her number is ...": kept with the need (care15c).
        return with_trusted_contact(dispatcher, tracker, domain, result)

    def _accessibility_needs_answered(self, value, dispatcher, tracker, domain):
        asked = tracker.get_slot("requested_slot") == "accessibility_needs"
        if _declined(tracker, "accessibility_needs", value) or (
            asked and declines_needs(_latest_text(tracker))
        ):
            # "no thats fine" was stored as the need (outside testing).
            return {"accessibility_needs": NOT_GIVEN, **_failures_reset(tracker)}
        if asked and says_yes_without_a_need(_latest_text(tracker)):
            # "yes": which need is asked, nothing stored yet (outside testing, 27 Nov: the
            # read-back said "Accessibility needs: yes"); a second "yes" is noted as it is, for
            # staff to ask, so the question never loops.
            if _failures_so_far(tracker, "accessibility_needs"):
                return {"accessibility_needs": NEEDS_NOT_SAID, **_failures_reset(tracker)}
            dispatcher.utter_message(response="utter_ask_accessibility_which")
            return {
                "accessibility_needs": None,
                "answer_failures": {"slot": "accessibility_needs", "count": 1},
            }
        if asked and _latest_text(tracker):
            # The needs in the customer's own words, not the entity the model picked out of them
            # (outside testing: "I need large print letters and I use text relay" became
            # "text_relay", large print lost).
            # Only the needs it names are kept, never the customer's words about their health or
            # circumstances ("large print please, i have macular degeneration" is "large print"),
            # unless they ask for them to be kept, as the offer of help promises (outside customers
            # A and B, 27 Nov: the diagnosis was stored word for word). Help for a circumstance is
            # offered with consent; a time to call is kept as the call-back need.
            value = accessibility_kept(_latest_text(tracker)) or NOT_GIVEN
            if value == NOT_GIVEN:
                return {"accessibility_needs": NOT_GIVEN, **_failures_reset(tracker)}
        return _checked(
            "accessibility_needs", intake.clean_accessibility, dispatcher, value, tracker, domain
        )


def _keeps_declined(slot: str) -> None:
    """A declined answer ("none") stays declined when the form checks its slots again without
    asking (on activation after a correction): it is not an answer to re-read."""
    validate = getattr(ValidateComplaintForm, f"validate_{slot}")

    @functools.wraps(validate)
    def keeping(self, value, dispatcher, tracker, domain):
        if value == NOT_GIVEN and tracker.get_slot("requested_slot") is None:
            return {slot: NOT_GIVEN}
        return validate(self, value, dispatcher, tracker, domain)

    setattr(ValidateComplaintForm, f"validate_{slot}", keeping)


for _slot in (*OPTIONAL_SLOTS, "customer_email", "customer_phone"):
    _keeps_declined(_slot)


def _contact_wishes_heard(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    result: dict[str, Any],
    also: list[str] | None = None,
) -> dict[str, Any]:
    """ "07700 900456 but text only", "and NO voicemails ever" with the choice of help: a wish
    about contact that no question here records (outside customers B, round 12, M7: lost
    without a word). Noted with the accessibility needs when those are answered already, and
    said; otherwise the customer is told to say it at that question, which asks for consent."""
    wishes = contact_wishes(_latest_text(tracker))
    wishes += [w for w in also or [] if w not in wishes]
    if not wishes:
        return {}
    named = ", ".join(wishes)
    before = result.get("accessibility_needs", tracker.get_slot("accessibility_needs"))
    if before is None:
        # Not answered yet: held, said, and added to the answer when the accessibility question
        # is answered, never asked for again (issue 18, care15: "say it again and I'll note it",
        # and lost when the customer did not).
        held = list(tracker.get_slot(WISHES_HEARD) or [])
        held += [w for w in wishes if w not in held]
        dispatcher.utter_message(response="utter_contact_wish_will_note", wishes=named)
        return {WISHES_HEARD: held}
    kept = [] if before == NOT_GIVEN else [str(before)]
    added = [w for w in wishes if w not in str(before)]
    if added:
        dispatcher.utter_message(response="utter_contact_wish_noted", wishes=", ".join(added))
    return {"accessibility_needs": ", ".join([*kept, *added]) or NOT_GIVEN}


# Wishes about contact heard before the accessibility question ("07700 900456, texts only"), to
# be kept with its answer (`_keeps_wishes_heard`).
WISHES_HEARD = "contact_wishes_heard"
_NOT_NOTED = re.compile(
    r"\b(?:don'?t|dont|do not|no need to|never mind)\s+(?:note|record|keep|add|want|need|bother)",
    re.I,
)


def _keeps_wishes_heard(validate: Any) -> Any:
    """The accessibility answer keeps the wishes about contact heard before it ("none" after
    "07700 900456, texts only" is "texts only"), unless the answer takes them back ("dont note
    the texts only thing")."""

    @functools.wraps(validate)
    async def keeping(self, value, dispatcher, tracker, domain):
        result = validate(self, value, dispatcher, tracker, domain)
        result = dict((await result if inspect.isawaitable(result) else result) or {})
        held = [str(w) for w in tracker.get_slot(WISHES_HEARD) or []]
        answer = result.get("accessibility_needs")
        if not held or answer is None:
            return result
        text = _latest_text(tracker)
        if _NOT_NOTED.search(text):
            taken_back = contact_wishes(text) or held
            held = [w for w in held if w not in taken_back]
            if answer not in (NOT_GIVEN, NEEDS_NOT_SAID):
                kept = [p for p in str(answer).split(", ") if p not in taken_back]
                answer = ", ".join(kept) or NOT_GIVEN
        kept = [] if answer == NOT_GIVEN else [str(answer)]
        kept += [w for w in held if w not in str(answer)]
        return {**result, "accessibility_needs": ", ".join(kept) or answer, WISHES_HEARD: None}

    return keeping


ValidateComplaintForm.validate_accessibility_needs = _keeps_wishes_heard(  # type: ignore[method-assign]
    ValidateComplaintForm.validate_accessibility_needs
)


def _records_needs_named(validate: Any) -> Any:
    """The needs the accessibility answer names are agreed and said back, as when typed at the
    offer of help (`needs_named_at_accessibility`; outside testers, issue 18, care15b: "yes i need
    large print and please email only" was kept as free text only, never recorded)."""

    @functools.wraps(validate)
    async def recording(self, value, dispatcher, tracker, domain):
        result = validate(self, value, dispatcher, tracker, domain)
        result = dict((await result if inspect.isawaitable(result) else result) or {})
        if (
            tracker.get_slot("requested_slot") != "accessibility_needs"
            or result.get("accessibility_needs") is None
        ):
            return result
        return {**result, **needs_named_at_accessibility(dispatcher, tracker, domain)}

    return recording


ValidateComplaintForm.validate_accessibility_needs = _records_needs_named(  # type: ignore[method-assign]
    ValidateComplaintForm.validate_accessibility_needs
)


def _hears_contact_wishes(slot: str) -> None:
    """The slot's validation also hears wishes about contact said with its answer."""
    validate = getattr(ValidateComplaintForm, f"validate_{slot}")

    @functools.wraps(validate)
    async def hearing(self, value, dispatcher, tracker, domain):
        result = validate(self, value, dispatcher, tracker, domain)
        result = dict((await result if inspect.isawaitable(result) else result) or {})
        if tracker.get_slot("requested_slot") != slot:
            return result
        if result.get(slot) is None and slot != "support_offer":
            return result
        # Also with no number or address given: "no email, dont ring me" (outside testers, round
        # 13: the wish was lost).
        return {**result, **_contact_wishes_heard(dispatcher, tracker, result)}

    setattr(ValidateComplaintForm, f"validate_{slot}", hearing)


# And at the offer of help: "can you not send anything to the house please, he opens my post"
# (outside care, round 16, F20: "I won't record anything about extra help", and the wish lost).
for _slot in ("customer_email", "customer_phone", "support_needs", "support_offer"):
    _hears_contact_wishes(_slot)


def without_details_taken(
    tracker: Tracker, description: Any, taken: dict[str, Any] | None = None
) -> Any:
    """What happened without the customer's own name, e-mail, phone and postcode that were taken
    into their fields ("Hi I'm Sarah Jones, sarah@..., 07700 900123, my broadband has been down
    since Monday": outside words testers, round 18, F2); `taken` are values set this turn, the
    rest the slots'. As it was when nothing is left that would do as an account."""
    if not isinstance(description, str) or description in ("", NOT_GIVEN):
        return description
    held = {slot: tracker.get_slot(slot) for slot in _TAKEN_DETAILS}
    held.update({k: v for k, v in (taken or {}).items() if k in _TAKEN_DETAILS})
    stripped = without_contact_details(
        description, **{field: held[slot] for slot, field in _TAKEN_DETAILS.items()}
    )
    if stripped == description or not _is_clean(intake.clean_description, stripped):
        return description
    return intake.clean_description(stripped)


_TAKEN_DETAILS = {
    "customer_name": "name",
    "customer_email": "email",
    "customer_phone": "phone",
    "customer_postcode": "postcode",
}


def intake_fields(tracker: Tracker, provider_id: str) -> dict[str, Any]:
    """The form's answers as intake fields (declined optional answers left out)."""
    raw: dict[str, Any] = {"provider": provider_id, "channel": "chat"}
    for slot, field in FORM_FIELDS.items():
        value = tracker.get_slot(slot)
        if value not in (None, NOT_GIVEN):
            raw[field] = value
    if raw.get("customer_type") != "business":
        raw.pop("employees", None)
    if "description" in raw:
        raw["description"] = without_details_taken(tracker, raw["description"])
    head = intake.head_count_given(raw.get("employees"))
    if head is not None:
        # The case keeps the count of the provider's scheme ("8 employees and 5 contractors" is 13
        # for the Communications Ombudsman); the groups as given stay in the slot.
        raw["employees"] = head.counted(head_count_rule(get_code(provider_id), load_rules()).counts)
        if head.groups:
            # ... and the groups as the customer gave them, shown to staff as given (outside
            # compliance r12 H7: "business, 11 employees" for 8 employees and 3 contractors).
            raw["head_count"] = head.describe()
    held = _adr_letter_held(tracker)
    if held is not None:
        raw["adr_letter_held"] = held
        # Its day given only roughly ("about mid October"): kept, so the case check says it as
        # approximate in the words logging used (truth15, revision 0014).
        said = [str(e.get("text") or "") for e in tracker.events if e.get("event") == "user"]
        rough = letter_held_rough(said, held, _today())
        if rough is not None:
            raw["adr_letter_held_rough"] = rough
    who = made_on_behalf(tracker)
    if who:
        # Someone made it for the account holder: kept on the case (revision 0013), not a need.
        raw["made_on_behalf"] = who
        holder = account_holder(tracker)
        if holder:
            # Whose account it is, so staff can find it (revision 0014; outside testers, F3).
            raw["account_holder_name"] = holder
    first_raised = _first_raised(tracker)
    if first_raised is None or first_raised >= _today():
        # Only a day before today is kept: never one still to come (the store would refuse the
        # case), and today's is the day the case is logged.
        raw.pop("first_raised", None)
    else:
        raw["first_raised"] = first_raised
    return raw


def _shown(value: Any) -> str:
    return "—" if value in (None, NOT_GIVEN, "") else str(value)


# A choice whose stored value is not the words of its button: the category "other" is the button
# "Something else" (outside words, round 16, F56: "• About: other" read back).
CHOICE_WORDS = {"other": "something else"}


def _label(value: Any) -> str:
    """A choice such as fault_repair or text_relay, as words."""
    return CHOICE_WORDS.get(str(value), _shown(value).replace("_", " "))


# The read-back, in order: each detail and whether its answer is a choice (fault_repair, said as
# "fault repair") or the customer's own words. The words of each line are the domain's
# utter_read_back_<slot>, so a provider rewords them there; the postal address is read back only
# when one was given.
READ_BACK: tuple[tuple[str, bool], ...] = (
    ("complaint_category", True),
    ("complaint_description", False),
    ("complaint_first_raised", False),
    ("customer_name", False),
    ("customer_email", False),
    ("customer_phone", False),
    ("customer_postcode", False),
    ("contact_preference", True),
    ("customer_address", False),
    ("customer_type", False),
    ("account_number", False),
    ("accessibility_needs", False),
)
OMITTED_WHEN_NOT_GIVEN = {"customer_address", "complaint_first_raised"}


def domain_text(domain: DomainDict, response: str, **fields: Any) -> str:
    """The first text of a domain response with its {placeholders} filled, for a line the action
    builds into a bigger message (the customer's words in `fields` are never read as placeholders)."""
    variations = domain.get("responses", {}).get(response) or []
    texts = [v["text"] for v in variations if v.get("text")]
    if not texts:
        raise KeyError(f"domain.yml has no response {response} with a text")
    return texts[0].format(**fields)


def read_back_lines(domain: DomainDict, answers: dict[str, Any]) -> list[str]:
    """The lines of the read-back for `answers` (slot values), in the domain's words."""
    not_given = domain_text(domain, "utter_read_back_not_given")
    lines = []
    for slot, is_choice in READ_BACK:
        value = answers.get(slot)
        if slot == "complaint_first_raised" and value in (None, NOT_GIVEN):
            # Counted from today unless the customer says otherwise: said, so a customer who
            # complained before can give the day here (outside customers B, round 13, H3: ten of
            # 31 complaints never spoke of it, and the ADR date was months later than their own).
            lines.append(domain_text(domain, "utter_read_back_first_raised_today"))
            continue
        if slot in OMITTED_WHEN_NOT_GIVEN and value in (None, NOT_GIVEN):
            continue
        if value in (None, NOT_GIVEN, ""):
            answer = not_given
        else:
            answer = _label(value) if is_choice else str(value)
        lines.append(domain_text(domain, f"utter_read_back_{slot}", answer=answer))
    return lines


# The choices a slot mapping may take from any message: a value that is not one of them is the
# model's misreading of other words, never a change the customer asked for.
_CHOICE_CLEANERS: dict[str, Callable[[Any], Any]] = {
    "complaint_category": intake.clean_category,
    "customer_type": intake.clean_customer_type,
    "contact_preference": intake.clean_contact_preference,
}


def _stray_choices_undone(tracker: Tracker) -> dict[str, Any]:
    """The choices the latest message set to something that is not a choice, where one that is was
    held before it: that one, kept ("i first complained on 30 october" at the read-back took "first"
    as the customer type, and the check's own message was shown: outside words, round 16, F65)."""
    kept = {}
    for slot, clean in _CHOICE_CLEANERS.items():
        now = tracker.get_slot(slot)
        if now in (None, NOT_GIVEN) or _is_clean(clean, now):
            continue
        before = value_before_latest_message(tracker, slot)
        if before not in (None, NOT_GIVEN) and _is_clean(clean, before):
            kept[slot] = before
    return kept


def _with(tracker: Tracker, slots: dict[str, Any]) -> Tracker:
    """A copy of the tracker with `slots` as they now stand."""
    changed = tracker.copy()
    changed.slots.update(slots)
    changed.events.extend(SlotSet(s, v) for s, v in slots.items())
    return changed


class ActionSummariseComplaint(Action):
    """Reads the complaint back before anything is written, and asks the customer to confirm."""

    def name(self) -> str:
        return "action_summarise_complaint"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        code = provider_for(tracker)
        kept = _stray_choices_undone(tracker)
        if kept:
            # The choice held before, read back (outside words, round 16, F65).
            return [
                *(SlotSet(s, v) for s, v in kept.items()),
                *self.run(dispatcher, _with(tracker, kept), domain),
            ]
        try:
            intake.validate_intake(intake_fields(tracker, code.id))
        except intake.IntakeErrors as errors:
            # A correction after the read-back was not valid: ask that question again.
            first = errors.errors[0]
            slot = next((s for s, f in FORM_FIELDS.items() if f == first.field), None)
            if first.code == "contact-preference-unreachable":
                # Said to the customer (not the desk's "The customer prefers ..."), and the missing
                # detail is asked for: re-asking the preference re-read the same message and looped
                # within one turn until the conversation stopped answering (outside testing).
                preference = tracker.get_slot("contact_preference")
                if _read_back_already_this_turn(tracker):
                    # The form came straight back without the detail (a question it leaves out):
                    # sent back again, the two looped within one turn until the conversation went
                    # dead, "stop" too (outside customers B, round 19, F5 HIGH).
                    left_open = _preference_left_open(dispatcher, tracker, preference)
                    return [
                        *(SlotSet(s, v) for s, v in left_open.items()),
                        *self.run(dispatcher, _with(tracker, left_open), domain),
                    ]
                dispatcher.utter_message(
                    response="utter_preference_unreachable",
                    route=_label(preference),
                    # Never "None" (outside re-test, round 13: "I don't have your None" after
                    # "can you text me instead" at the read-back; cause not found in time).
                    detail=intake.detail_needed_for(preference) or "contact details for that",
                )
                detail = DETAIL_SLOTS[intake.field_needed_for(preference) or "email"]
                return [SlotSet(detail, None), FollowupAction("complaint_form")]
            elif _said_problem(first) is not None:
                dispatcher.utter_message(
                    response="utter_invalid_field", problem=_said_problem(first)
                )
            elif first.code == "contact-missing":
                # Plain words with no value in them, and no one question to ask again.
                dispatcher.utter_message(response="utter_invalid_field", problem=first.message)
            elif slot is not None:
                # The question's plain hint, never the check's own message (outside words, round
                # 16, F65: "'first' is not a customer type; expected consumer or business.").
                dispatcher.utter_message(response=f"utter_hint_{slot}")
            else:
                dispatcher.utter_message(
                    response="utter_invalid_field", problem="Sorry, I couldn't use that."
                )
            if slot is None:
                return []
            return [SlotSet(slot, None), FollowupAction("complaint_form")]
        customer_type = tracker.get_slot("customer_type")
        if customer_type == "business" and tracker.get_slot("employees") is None:
            # Became a business in a correction after the form: ask how many employees. A head
            # count the customer chose to leave out stays out: the form counts it as answered, so
            # sending it back there looped the read-back and the form within one turn until Rasa
            # stopped predicting, and the customer got an empty reply (the browser tester and the
            # lead, round 12: "skip" three times at the head count, then `[]` to everything).
            return [FollowupAction("complaint_form")]
        head = intake.head_count_given(tracker.get_slot("employees"))
        if customer_type == "business" and head is not None and head.groups:
            # The groups as the customer gave them ("8 employees and 5 contractors"; outside
            # testers, issue 14/15: read back as "13 employees, contractors and volunteers").
            customer_type = domain_text(
                domain, "utter_read_back_business_as_given", head_count=head.describe()
            )
        elif customer_type == "business" and tracker.get_slot("employees") == NOT_GIVEN:
            # Left out ("skip"): never "business, none employees" (outside testers, round 13).
            customer_type = domain_text(domain, "utter_read_back_business_no_head_count")
        elif customer_type == "business":
            # The number is the head count the provider's scheme counts, said as such.
            counts = head_count_rule(code, load_rules()).counts
            customer_type = domain_text(
                domain,
                "utter_read_back_business",
                employees=tracker.get_slot("employees"),
                counted=and_list(list(counts)),
            )
        first_raised = _first_raised(tracker)
        held = tracker.get_slot("complaint_description")
        description = without_details_taken(tracker, held)
        lines = read_back_lines(
            domain,
            {
                **tracker.slots,
                "complaint_description": description,
                "customer_type": customer_type,
                "complaint_first_raised": long_date(first_raised) if first_raised else None,
            },
        )
        who = made_on_behalf(tracker)
        if who:
            # Someone making it for the account holder, read back before logging and changeable
            # here (issue 18: said only once logged). Never the holder's circumstances.
            whom = made_for_whom(who)
            holder = account_holder(tracker)
            if holder:
                # With the holder's name when given (outside testers, round 15, F3).
                lines.append(
                    domain_text(domain, "utter_read_back_made_for_named", whom=whom, holder=holder)
                    if whom
                    else domain_text(domain, "utter_read_back_made_for_holder_named", holder=holder)
                )
            else:
                lines.append(
                    domain_text(domain, "utter_read_back_made_for", whom=whom)
                    if whom
                    else domain_text(domain, "utter_read_back_made_for_holder")
                )
        agreed, _ = consented_needs(tracker)
        if agreed:
            # In the customer's words (domain.yml's utter_need_*), never the desk's labels.
            lines.append(domain_text(domain, "utter_read_back_needs_agreed"))
            details = consented_details(tracker)
            lines += [f"  {line}" for line in listed_needs(agreed, domain, details).splitlines()]
        dispatcher.utter_message(response="utter_complaint_summary", summary="\n".join(lines))
        return [] if description == held else [SlotSet("complaint_description", description)]


def _head_count_given(tracker: Tracker, stored: int | None) -> HeadCount | int | None:
    """The business's head count as the customer gave it (the form's slot), else the stored count."""
    if stored is None:
        return None
    head = intake.head_count_given(tracker.get_slot("employees"))
    return head if head is not None and head.groups else stored


def _adr_letter_held(tracker: Tracker) -> date | None:
    """The day of an ADR (deadlock) letter the customer said in this conversation they hold ("you
    sent me a deadlock letter dated 2 March 2026"), the latest said; None if they named none."""
    return letter_held_said(tracker, _today())


def _first_raised(tracker: Tracker) -> date | None:
    """The day kept as the one the customer first raised the complaint, if any; with none kept
    (and none skipped: "not sure" leaves "none"), the earliest day the complaint's own words give
    ("I emailed you about this on 3 November" in the first message, before the form read it):
    the case's ADR date runs from it, never from the day of logging (issue 14)."""
    if tracker.get_slot("complaint_first_raised") is None:
        if first_raised_unsure(tracker) is not None:
            return None  # a year guessed is never counted from (F25)
        return first_raised_in_all(complaint_words(tracker), _today()).day
    return _kept_first_raised(tracker)


def _kept_first_raised(tracker: Tracker) -> date | None:
    """The day the form keeps as the one the customer first raised the complaint, if any."""
    try:
        return intake.clean_first_raised(tracker.get_slot("complaint_first_raised"))
    except intake.IntakeError:
        return None


def _trusted_number_given(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, theirs: str
) -> dict[str, Any]:
    """ "call my daughter on 07700 900456, she'll speak for me" at the phone question (outside
    testers, round 15, F24: stored as the customer's own phone): the number is theirs, kept with
    the need for someone the customer trusts to speak for them (asking is the customer's
    agreement, dated now, as a time to call asked for is), and said as theirs; the customer's own
    phone is not given. Neither e-mail nor phone: we write by post, as for any customer."""
    value = trusted_contact_need(dispatcher, tracker.get_slot("support_needs"), domain, theirs)
    result: dict[str, Any] = {"support_needs": value}
    if tracker.get_slot("customer_email") in (None, NOT_GIVEN):
        return {**_by_post(dispatcher, tracker), **result}
    return {
        "customer_phone": NOT_GIVEN,
        **_failures_reset(tracker),
        **_preference_without(tracker, "phone"),
        **result,
    }


def _clear_form() -> list[EventType]:
    return [
        SlotSet(slot, None) for slot in (*FORM_FIELDS, *SUPPORT_SLOTS, ON_BEHALF, WISHES_HEARD)
    ] + [SlotSet("requested_slot", None)]


class ActionStopComplaint(Action):
    """Stops the complaint when the customer asks; nothing is saved."""

    def name(self) -> str:
        return "action_stop_complaint"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        text = _latest_text(tracker)
        if action_before_latest(tracker) in READ_BACK_QUESTIONS and drops_needs_keeps_complaint(
            text
        ):
            # "i've changed my mind, i dont want anything about my needs kept, just the
            # complaint", read as stop (outside customers B, round 14, F26: "Nothing has been
            # saved"): the needs asked about, and the complaint kept.
            routed = read_back_routed(tracker)
            if routed is not None:
                return routed
        if action_before_latest(tracker) in READ_BACK_QUESTIONS and means_log_it(text):
            # "forget it just log it as it is" at the read-back means log it (issue 15: it was
            # read as stop and the complaint lost).
            return [FollowupAction("action_submit_complaint")]
        if not_logged_yet(dispatcher, tracker):
            return [FollowupAction("action_summarise_complaint")]  # "dont log it yet": it waits
        asked = value_before_latest_message(tracker, "requested_slot")
        if asked in FORM_FIELDS and _no_new_complaint_after_logging(tracker):
            # The complaint started after logging one is not wanted: stopped, the logged one said
            # to stand (outside customers A, round 14, F22).
            _say_stopped(dispatcher, tracker)
            return _clear_form()
        if only_carries_on(text) and asked in FORM_FIELDS and asked != "accessibility_needs":
            # "carry on", "no don't stop, go on", read as stop mid-form: the same question again,
            # the words never its answer (outside testers: stored as what happened). Not at the
            # yes-or-no questions about help, where "go on then" is a yes.
            dispatcher.utter_message(response="utter_carry_on")
            return [SlotSet("requested_slot", asked), FollowupAction("complaint_form")]
        if only_carries_on(text) and action_before_latest(tracker) in READ_BACK_QUESTIONS:
            return [FollowupAction("action_summarise_complaint")]
        if (
            asked == "complaint_category"
            and not says_stop(text)
            and _is_clean(intake.clean_category, text)
        ):
            # "cancelation" (a slip for the Cancellation button) was read as "cancel" and the
            # complaint stopped (outside testing): it is the answer.
            return [
                SlotSet(asked, intake.clean_category(text)),
                FollowupAction("complaint_form"),
            ]
        at_read_back = action_before_latest(tracker) in READ_BACK_QUESTIONS
        if withdraws_consent(text) and (asked or at_read_back):
            # "actually, don't record that after all", read as stop (outside testing of issue
            # 18: the complaint was thrown away): the needs agreed are dropped, the complaint goes on.
            return drop_pending_needs(dispatcher, tracker, domain, mid_form=bool(asked))
        if asked and not says_stop(text):
            # "dont have it to hand" to the account question, read as stop (issue 19: the
            # complaint ended without a case): an answer to the question, and the form goes on.
            if asked == "customer_email" and declines_email(text):
                _say_no_email_needed(dispatcher, tracker)
                return [SlotSet(asked, NOT_GIVEN), FollowupAction("complaint_form")]
            if asked == "account_number" and has_no_account_number(text):
                dispatcher.utter_message(response="utter_account_left_out")
                return [SlotSet(asked, NOT_GIVEN), FollowupAction("complaint_form")]
            if asked in OPTIONAL_SLOTS and (is_non_answer(text) or is_skip(text)):
                dispatcher.utter_message(response="utter_answer_left_out")
                return [SlotSet(asked, NOT_GIVEN), FollowupAction("complaint_form")]
        if asked and not says_stop(text):
            # No word of stopping at all ("Eileen Parry", "no thank you i just want it stopped"
            # to the offer of help), read as stop: outside testing, 27 Nov, threw the complaint
            # away twice. It is the answer to the question asked, for the form to check.
            return _answer_to(asked, text)
        if at_read_back and not asked and refuses_logging(text):
            # "no dont log it" at "Shall I log it?": a refusal, so nothing is saved (outside
            # customers A, F14, 27 Nov: it was logged).
            _say_stopped(dispatcher, tracker)
            return _clear_form()
        if at_read_back and not asked and not says_stop(text):
            return [FollowupAction("action_summarise_complaint")]
        if says_stop(text) and not plainly_stops(text) and (asked or at_read_back):
            # "also please stop the direct debit": a stop about something else, never the end of
            # the complaint (outside testing: a finished complaint was thrown away at the
            # read-back). Told how to stop; an account of what happened is kept as the answer.
            if asked == "complaint_description" and _is_clean(intake.clean_description, text):
                dispatcher.utter_message(response="utter_not_stopped")
                return [
                    SlotSet(asked, intake.clean_description(text)),
                    FollowupAction("complaint_form"),
                ]
            if asked:
                # "Dave Kowalski, The Brew Stop cafe" to the name question (outside testing, 27
                # Nov: told "I haven't stopped" and asked again): the answer, for the form to check.
                return _answer_to(asked, text)
            dispatcher.utter_message(response="utter_not_stopped")
            return [FollowupAction("action_summarise_complaint")]
        _say_stopped(dispatcher, tracker)
        return _clear_form()


def _say_stopped(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """That the complaint under way was stopped and nothing of it saved; with a complaint logged
    earlier in this conversation, that it is still logged (outside testers, round 13, F15:
    "Nothing has been saved" read as if the logged complaint had been lost)."""
    reference = tracker.get_slot("created_reference")
    if reference:
        dispatcher.utter_message(response="utter_complaint_stopped_case_kept", reference=reference)
    else:
        dispatcher.utter_message(response="utter_complaint_stopped")


def _answer_to(asked: str, text: str) -> list[EventType]:
    """A message read as stop, given back to the form as the answer to the question asked (the
    stop rule deactivated the form, so the question is set again for its check)."""
    return [
        SlotSet("requested_slot", asked),
        SlotSet(asked, text),
        FollowupAction("complaint_form"),
    ]


# The questions of the read-back, at which "log it as it is" means log it.
READ_BACK_QUESTIONS = {"action_summarise_complaint", "utter_ask_what_to_change"}


class ActionSubmitComplaint(Action):
    """Creates the case, then gives the reference, every promised date, next steps and rights."""

    def name(self) -> str:
        return "action_submit_complaint"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        text = _latest_text(tracker)
        if (
            action_before_latest(tracker) in READ_BACK_QUESTIONS
            and not drops_needs_keeps_complaint(text)
            and (
                refuses_logging(text)
                or plainly_stops(text)
                or (holds_off_logging(text) and not means_log_it(text))
            )
        ):
            # "no dont log it", "hang on dont submit that" at "Shall I log it?", read as yes for
            # their "log it": never logged (outside customers A, F14, 27 Nov: logged twice against
            # the customer's "don't"); the stop stops it, or keeps it waiting.
            return [FollowupAction("action_stop_complaint")]
        routed = read_back_routed(tracker)
        if routed is not None and routed[-1].get("name") != self.name():
            # "actually call me at 3pm instead" at "Shall I log it?", read as yes: the new time,
            # read back, never logged with the old one (outside testers, 27 Nov).
            return routed
        said = first_raised_in(_latest_text(tracker), _today()).day
        if said is not None and said < _today() and said != _kept_first_raised(tracker):
            # "i first raised this on 22 September, put that in", read as yes at "Shall I log
            # it?": a change, read back, never logged without it (outside customers A, F12).
            return first_raised_changed(dispatcher, said)
        if (
            action_before_latest(tracker) in READ_BACK_QUESTIONS
            and not confirms_logging(text)
            and not (leads_with_yes(text) and change_asked(text) is None)
            # "yes thats right, can we use the ombudsman as a business?": the question's words
            # change nothing (outside customers A, round 14, F21: not logged).
            and not yes_with_a_question(text)
        ):
            # "ACC778" at "Shall I log it?", read as yes (outside testers, round 13, invictanet and
            # ISS: logged without a yes, and the account number lost): anything but a clear yes
            # never logs. A detail or a change is made and said; anything else is said not
            # understood, with how to say it; the read-back again.
            return [FollowupAction("action_change_complaint")]
        answered = _question_with_the_yes(dispatcher, tracker, domain)
        code = provider_for(tracker)
        facts = provider_facts(code)
        fields = intake_fields(tracker, code.id)
        now = clock.now()
        try:
            complaint = intake.validate_intake(fields)
        except intake.IntakeErrors:
            logger.warning("submitted complaint failed validation; asking again")
            return [FollowupAction("action_summarise_complaint")]
        key = submission_key(tracker.sender_id, complaint)
        # The conversation the case came from (Rasa keeps sender ids of up to 255 characters).
        conversation = tracker.sender_id if 0 < len(tracker.sender_id or "") <= 255 else None
        channel = tracker.get_latest_input_channel() or "unknown"
        try:
            case = await with_store(
                lambda store: store.create_case(
                    complaint,
                    received=now,
                    submission_key=key,
                    actor="assistant",
                    channel="chat",
                    conversation_id=conversation,
                )
            )
            # The conversation that raised the case may act on it for a few minutes, as if it
            # had just answered the verification question (recorded in the store, not a slot).
            await with_store(
                lambda store: CaseVerification(store).record_owner(
                    case.reference, conversation_id=tracker.sender_id, channel=channel, now=now
                )
            )
        except Exception as error:
            logger.warning(
                "case database unavailable (%s); complaint kept in the outbox", type(error).__name__
            )
            needs, agreed = consented_needs(tracker)
            needs = needs_with_a_number(tracker, needs)[0]  # no call without a number (F28)
            try:
                # The needs agreed to travel with the complaint, recorded when its case is made.
                await asyncio.to_thread(
                    Outbox().put,
                    key,
                    complaint,
                    now,
                    conversation,
                    needs,
                    clock.parse_moment(agreed) if agreed else now,
                    consented_details(tracker),
                )
            except Exception:
                logger.exception("could not keep the complaint in the outbox either")
                dispatcher.utter_message(response="utter_complaint_not_kept", **facts)
                return [SlotSet("provider", code.id)]
            ensure_outbox_worker()
            dispatcher.utter_message(
                response="utter_complaint_not_saved",
                contact_preference=_label(complaint.contact_preference),
                **facts,
            )
            if needs:
                dispatcher.utter_message(
                    response="utter_needs_kept_with_complaint",
                    needs=listed_needs(needs, domain, consented_details(tracker)),
                )
            return [*_clear_form(), SlotSet("provider", code.id)]

        wake_mail_worker()  # the confirmation e-mail, queued with the case, goes in the background
        dispatcher.utter_message(
            response="utter_complaint_created",
            name=complaint.name,
            reference=case.reference,
            **facts,
        )
        if case.commitments and code.complaint_routes is not None:
            routes = code.complaint_routes
            dispatcher.utter_message(
                response="utter_complaint_reply_times_intro",
                routes=routes.timed_text,
                effective_channel=ASKED_CHANNEL_WORDS.get(
                    code.effective_channel("chat"), code.effective_channel("chat")
                ),
                **facts,
                **sourced(*(from_code(code, q) for q in (routes.quote, routes.also_quote) if q)),
            )
        promised = {c.id: c for c in code.commitments}
        utter_commitments(
            dispatcher,
            [(promised[c.id], c.due) for c in case.commitments],
            facts,
            code,
            logged=(case.reference, case.raised_at),
        )
        # No preference given: no "You asked us to contact you by —" (outside testing).
        preferred = "" if complaint.contact_preference else "_no_preference"
        if code.reply_routes is not None:
            dispatcher.utter_message(
                response="utter_complaint_next_steps" + preferred,
                first_handler=code.first_handler.role,
                contact_preference=_label(complaint.contact_preference),
                routes=routes_text(code.reply_routes.channels),
                **sourced(
                    from_code(code, code.first_handler.quote),
                    from_code(code, code.reply_routes.quote),
                ),
            )
        else:
            dispatcher.utter_message(
                response="utter_complaint_next_steps_no_routes" + preferred,
                first_handler=code.first_handler.role,
                contact_preference=_label(complaint.contact_preference),
                **sourced(from_code(code, code.first_handler.quote)),
            )
        utter_escalation_route(dispatcher, code, facts, include_first=False)
        rights = adr_rights(
            code,
            load_rules(),
            case.adr_counted_from,
            customer_type=complaint.customer_type,
            # The groups as the customer gave them, each scheme counting its own; the case keeps
            # the provider's scheme's count, and the groups as given (`head_count`).
            employees=_head_count_given(tracker, complaint.employees),
            category=complaint.category,
            description=complaint.description,
        )
        utter_adr_outcome(
            dispatcher,
            code,
            rights,
            facts,
            first_raised=case.first_raised,
            today=now.date(),
            letter_held=case.adr_letter_held,
            letter_rough=case.adr_letter_held_rough,
            raised_before_untold=case.first_raised in (None, now.date())
            and any(tells_how_raised_before(t) for t in user_texts_since_last_case(tracker)),
        )
        if rights.eligibility.eligible is not False:
            # How to reach the scheme, that it is free and the time limit (round 16, F9).
            utter_how_to_go_to_adr(dispatcher, code, rights)
        # The record for channels that show it (domain.yml's utter_complaint_record has a webchat
        # variant only): the website chat's reference card and page to save or print.
        dispatcher.utter_message(
            response="utter_complaint_record",
            json_message={"complaint_record": complaint_record(code, case, rights)},
        )
        needs_events = await record_consented_needs(dispatcher, tracker, case.reference, domain)
        logger.info("case %s created from conversation", case.reference)
        return [
            *answered,
            *needs_events,
            *_clear_form(),
            SlotSet("provider", code.id),
            SlotSet("created_reference", case.reference),
            SlotSet("verified_reference", case.reference),
            SlotSet("copy_by_email", bool(complaint.email)),
            # The turn ends with the log: reached from another action ("forget it just log it as
            # it is" at "What would you like to change?", read as a new complaint), no rule covered
            # what came after, and the model ran the new-complaint action too: "Is this about your
            # complaint IN-8ZBBTK, or a new complaint?" under the reference (CI, stop 31).
            FollowupAction("action_listen"),
        ]


# The questions `action_answer_question` answers, asked with a yes at the read-back.
_ANSWERED_WITH_THE_YES = ("ask_adr", "ask_escalation", "ask_contact", *QUESTION_TOPICS)


def _question_with_the_yes(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
) -> list[EventType]:
    """ "yes log it. can i go to the ombudsman about a price rise?" at "Shall I log it?", read as
    yes (outside testers, round 13, infinium: the yes or the question was lost): the question is
    answered first, as `action_answer_question` answers it, then the complaint is logged. The
    slots that answer set (never a turn of its own); nothing for a yes with no question."""
    text = _latest_text(tracker)
    if action_before_latest(tracker) not in READ_BACK_QUESTIONS or "?" not in text:
        return []
    if _ran_since_the_message(tracker, "action_answer_question"):
        return []  # answered already, read as the question (round 15, F2: the answer twice)
    asked = question_named(text)
    if asked not in _ANSWERED_WITH_THE_YES:
        return []
    if asked == "ask_adr" and adr_ruled_out_for_the_form(tracker):
        # A business the scheme won't take: the log's own ADR answer says so, once (outside
        # compliance, round 15, F2: the ADR dates, as if they could use it, then that they can't).
        return []
    asking = copy.copy(tracker)
    # The question alone: its yes is this action's, never routed to the log again.
    question = re.split(r"(?<=[,.!;])\s*|\s+-\s+", text, maxsplit=1)[-1]
    asking.latest_message = {**tracker.latest_message, "text": question,
                             "intent": {"name": asked, "confidence": 1}}  # fmt: skip
    events = ActionAnswerQuestion()._answer(dispatcher, asking, domain)
    return [e for e in events if e.get("event") == "slot" and e.get("name") == "provider"]


def _ran_since_the_message(tracker: Tracker, action: str) -> bool:
    """Whether `action` ran since the customer's latest message."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "action" and event.get("name") == action:
            return True
    return False


# The form's slot for each detail a first message or a change can give.
DETAIL_SLOTS: dict[str, str] = {field: slot for slot, field in FORM_FIELDS.items()}
_CLEANERS: dict[str, Callable[[Any], Any]] = {
    "category": intake.clean_category,
    "description": intake.clean_description,
    "name": intake.clean_name,
    "email": intake.clean_email,
    "phone": intake.clean_phone,
    "postcode": intake.clean_postcode,
    "address": intake.clean_address,
    "contact_preference": intake.clean_contact_preference,
    "customer_type": intake.clean_customer_type,
    "employees": intake.clean_head_count,
    "account": intake.clean_account,
    "accessibility_needs": intake.clean_accessibility,
}


def _confirmed_complaint(tracker: Tracker) -> bool:
    """Whether the customer said yes to "Do you mean you'd like to make a complaint?" just now:
    the message then comes back from action_clarified, and a complaint it is; or yes to the offer
    of one (actions/conversation.py, CONFIRMED_COMPLAINT)."""
    if tracker.latest_message.get(CONFIRMED_COMPLAINT):
        return True
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                return False
            seen_user = True
        elif seen_user and event.get("event") == "action":
            if event.get("name") in ("action_listen", "action_extract_slots"):
                continue
            return event.get("name") == "action_clarified"
    return False


def _providers_email_undone(tracker: Tracker) -> list[EventType]:
    """The customer's e-mail put back as it stood before the latest message, when Rasa's slot
    mappings took the provider's own address from it ("I also emailed complaints@invictanet.com")
    outside the form, where no check runs; nothing otherwise."""
    now = tracker.get_slot("customer_email")
    if now in (None, NOT_GIVEN) or provider_for(tracker).own_address(str(now)) is None:
        return []
    return [SlotSet("customer_email", value_before_latest_message(tracker, "customer_email"))]


def _stray_phone_undone(tracker: Tracker) -> list[EventType]:
    """The customer's phone put back as it stood before the latest message, when Rasa's slot
    mappings (the phone entity has no form condition) took from it something that is no UK phone
    number, such as the 2 of "on 2 October" or the 14 of "14 Fir Lane"; nothing otherwise, so a
    real number given at the read-back stands."""
    now = tracker.get_slot("customer_phone")
    before = value_before_latest_message(tracker, "customer_phone")
    if now in (None, NOT_GIVEN) or now == before or _is_clean(intake.clean_phone, now):
        return []
    return [SlotSet("customer_phone", before)]


def _passing_category_undone(tracker: Tracker) -> list[EventType]:
    """The category put back as it stood before the latest message, when Rasa's slot mappings
    changed it from words added to the account ("it's on a bill somewhere") with no request to
    change it (outside testers: a service complaint became a billing one); nothing otherwise."""
    before = value_before_latest_message(tracker, "complaint_category")
    now = tracker.get_slot("complaint_category")
    if (
        before in (None, NOT_GIVEN)
        or now == before
        or asks_to_change_category(_latest_text(tracker))
    ):
        return []
    return [SlotSet("complaint_category", before)]


def _add_to_description(
    dispatcher: CollectingDispatcher, tracker: Tracker, text: str
) -> list[EventType]:
    """The customer's words added to their account of what happened; the read-back again. A
    button's payload or a typed command ("/make_complaint") is never added."""
    before = tracker.get_slot("complaint_description")
    if str(text or "").lstrip().startswith("/") or only_carries_on(text):
        return [FollowupAction("action_summarise_complaint")]
    if asks_to_forget_what_was_said(text):
        # Never more of the complaint (outside customers B, round 19, F36).
        dispatcher.utter_message(response="utter_needs_not_recorded")
        return [FollowupAction("action_summarise_complaint")]
    added = added_words(text)
    undone = [*_providers_email_undone(tracker), *_passing_category_undone(tracker)]
    description = say_description_added(dispatcher, before, added)
    if description is None:
        return [*undone, FollowupAction("action_summarise_complaint")]
    return [
        *undone,
        SlotSet("complaint_description", description),
        *_first_raised_from(added),
        FollowupAction("action_summarise_complaint"),
    ]


def _words_of_account_corrected(
    dispatcher: CollectingDispatcher, tracker: Tracker, text: str
) -> list[EventType] | None:
    """ "in what happened it should say i paid on the 30th not the 3rd", "just change the 3rd to
    the 30th": those words changed in the account, the rest of it as told, and said; a day first
    raised said with it kept too; the read-back again (outside words testers, round 16, F21: the
    whole account was replaced by the correction's words, and every later attempt appended).
    None when the message corrects no words the account has, or names another detail; words
    also in a day first raised read back are that day's (a date correction, not the account's)
    unless the message names what happened."""
    held = str(tracker.get_slot("complaint_description") or "")
    corrected = words_corrected(held, text)
    if corrected is None or held in ("", NOT_GIVEN):
        return None
    asked = change_asked(text)
    if asked is not None and asked[0] != "description":
        return None
    old, new, rest = corrected
    if asked is None:
        # Not naming what happened: words that are another detail's ("jo smith not jo smyth" for
        # a name also in the account, "billing not fault repair", a day first raised) are that
        # detail's correction, left to its own reading.
        others = " ".join(
            str(tracker.get_slot(slot) or "")
            for slot in FORM_FIELDS
            if slot != "complaint_description"
        ).replace("_", " ")
        if (
            tracker.get_slot("complaint_first_raised")
            or old.lower() in others.lower()
            or category_told(old)
            or category_told(new)
        ):
            return None
    try:
        description = intake.clean_description(with_words_corrected(held, old, new))
    except intake.IntakeError:
        return None
    dispatcher.utter_message(response="utter_description_words_changed", old=old, new=new)
    events: list[EventType] = [SlotSet("complaint_description", description)]
    day = first_raised_in(rest, _today()).day if rest else None
    if day is not None and day < _today():
        say_updated(dispatcher, "complaint_first_raised", long_date(day))
        events.append(SlotSet("complaint_first_raised", day.isoformat()))
    elif len(rest.split()) >= 3 and not is_a_question(rest):
        # "... not the 3rd. and the engineer never came": more about what happened, added.
        longer = say_description_added(dispatcher, description, added_words(rest))
        if longer is not None:
            events[0] = SlotSet("complaint_description", longer)
    return [*events, FollowupAction("action_summarise_complaint")]


def _day_corrected_in_passing(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> dict[str, Any] | None:
    """ "sorry it was the 13th not the 3rd", "actually it started on Tuesday not Monday", typed
    while another question is asked: the day changed in what happened, where it says the old
    one, and the day first raised, when it is the old one, each said; None when the words
    correct no day held (outside words testers, round 18, F64)."""
    change = day_corrected(_latest_text(tracker))
    if change is None:
        return None
    old, new = change
    changed: dict[str, Any] = {}
    held = str(tracker.get_slot("complaint_description") or "")
    for was, now in ((old, new), (_bare_day(old), _bare_day(new))):
        found = re.search(rf"(?<![\w]){re.escape(was)}(?![\w])", held, re.IGNORECASE)
        if held in ("", NOT_GIVEN) or found is None:
            continue
        description = with_words_corrected(held, found.group(0), now)
        if _is_clean(intake.clean_description, description):
            dispatcher.utter_message(
                response="utter_description_words_changed", old=found.group(0), new=now
            )
            changed["complaint_description"] = intake.clean_description(description)
        break
    kept = _kept_first_raised(tracker)
    if kept is not None and day_of(old, _today()) == kept:
        day = day_of_month_corrected(_latest_text(tracker), kept, _today()) or day_of(new, _today())
        if day is not None and day < _today() and day != kept:
            say_updated(dispatcher, "complaint_first_raised", long_date(day))
            changed["complaint_first_raised"] = day.isoformat()
    return changed or None


def _bare_day(words: str) -> str:
    """ "the 3rd" as "3rd", "last Monday" as "Monday": as an account may have it."""
    return re.sub(r"^(?:the|last|this)\s+", "", words, flags=re.IGNORECASE)


def _first_raised_from(text: str) -> list[EventType]:
    """Words added to or replacing the account of what happened at the read-back that say when
    it was first raised ("... I first complained three weeks ago") keep that day (issue 14); the
    read-back that follows shows it."""
    day = first_raised_in(text, _today()).day
    if day is None or day >= _today():
        return []
    return [SlotSet("complaint_first_raised", day.isoformat())]


# Marks a complaint started again by "carry on" just after it was stopped, with the answers given
# before the stop put back: no introduction, the form goes on from its next question.
RESUMED_COMPLAINT = "resumed_complaint"


def answers_before_the_stop(tracker: Tracker) -> list[EventType]:
    """The complaint's answers as they stood when it was stopped, when the customer's message
    comes straight after the stop; nothing otherwise (or when it was stopped before any answer)."""
    if action_before_latest(tracker) != "action_stop_complaint":
        return []
    if any(tracker.get_slot(slot) not in (None, NOT_GIVEN) for slot in FORM_FIELDS):
        return []  # not stopped after all: the answers are still there
    stopped_at = max(
        (
            i
            for i, e in enumerate(tracker.events)
            if e.get("event") == "action" and e.get("name") == "action_stop_complaint"
        ),
        default=None,
    )
    if stopped_at is None:
        return []
    before: dict[str, Any] = {}
    for event in tracker.events[:stopped_at]:
        if event.get("event") == "slot" and event.get("name") in FORM_FIELDS:
            before[event["name"]] = event.get("value")
    return [SlotSet(slot, value) for slot, value in before.items() if value is not None]


def carry_on_after_a_stop(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """ "sorry carry on" after stopping: the complaint goes on where it stopped, with the answers
    already given (outside testers: every question came again), or starts again saying why the
    questions come back when nothing had been answered."""
    restored = answers_before_the_stop(tracker)
    if not restored:
        dispatcher.utter_message(response="utter_carry_on_again")
        return read_as(tracker.latest_message, "make_complaint")
    dispatcher.utter_message(response="utter_carry_on_resumed")
    meant = {**tracker.latest_message, RESUMED_COMPLAINT: True}
    return [*_with_facts_added(restored, _latest_text(tracker)), *read_as(meant, "make_complaint")]


def _with_facts_added(restored: list[EventType], text: str) -> list[EventType]:
    """The answers put back after a stop, with what the message that wants the complaint after
    all also tells added to what happened ("no wait, ive been on hold 40 mins, can u take it after
    all" adds "ive been on hold 40 mins"), never in its place (outside customers A, F9, 27 Nov:
    the resume message became what happened, and the complaint told before the stop was lost)."""
    told = told_besides_carrying_on(text)
    if not told or is_a_question(told):
        return restored
    kept = [e for e in restored if e.get("name") != "complaint_description"]
    before = next(
        (e.get("value") for e in restored if e.get("name") == "complaint_description"), None
    )
    if before is None:
        return restored  # asked for in the form; this message's facts are read from it there
    added = f"{before} {told}"
    if not _is_clean(intake.clean_description, added):
        return restored
    return [*kept, SlotSet("complaint_description", intake.clean_description(added))]


class ActionNothingToStop(Action):
    """ "stop" with nothing in progress: says so, unless the words want the complaint after all
    ("actually no carry on, i do want to complain", read as stop after the complaint was stopped:
    outside testing, 27 Nov), which starts it again and says why the questions come back."""

    def name(self) -> str:
        return "action_nothing_to_stop"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        text = _latest_text(tracker)
        followed = follow_up_to_last_answer(tracker)
        if followed is not None:
            return followed  # "and this chat?" after the reply times (outside compliance F1)
        logged = no_new_complaint_wanted(dispatcher, tracker)
        if logged is not None:
            return logged  # "no new complaint" after logging, read as stop (issues 15 and 19)
        removal = answers_removal_question(tracker) or withdrawal_in_words(tracker)
        if removal is not None:
            # "actually I've changed my mind, please take the writing only note off my complaint"
            # just after logging, read as stop (outside compliance F33, 27 Nov: "Nothing was saved
            # when you stopped" and a new complaint): withdrawing consent, checked and confirmed.
            return removal
        if carries_on(text):
            return carry_on_after_a_stop(dispatcher, tracker)
        asked = asked_in_its_words(tracker) or chased_for_money_asked(dispatcher, tracker)
        if asked is not None:
            # "I'm vulnerable, I've just been bereaved, what help is there?", "will you stop chasing
            # me for the £180 while its looked at?" read as stop (outside testers, round 13:
            # "There's nothing in progress to stop.").
            return asked
        if not plainly_stops(text) and (is_a_question(text) or asks_in_a_clause(text)):
            # A question read as stop ("can you stop the engineer coming tomorrow?"): never
            # "There's nothing in progress to stop"; the core fallback reads its words.
            return [FollowupAction("action_default_fallback")]
        if not plainly_stops(text) and (reads_as_a_complaint(text) or mentions_a_complaint(text)):
            # "exit fee complaint" (read as stop for its "exit"), with nothing in progress: the
            # complaint it names (the outside set's postcode-scotland, 27 Nov).
            return read_as(tracker.latest_message, "make_complaint")
        dispatcher.utter_message(response="utter_nothing_to_stop")
        return []


# What ends the conversation's part about one complaint: an earlier account of what went wrong is
# never taken from before these.
_COMPLAINT_ENDS = ("action_submit_complaint", "action_stop_complaint")


# A case reference in a message ("IG-7K3Q9X"): the message is about that case.
_NAMES_A_CASE = re.compile(r"\b[A-Za-z]{2,3}-[0-9A-Za-z]{6}\b")


def _told_before(tracker: Tracker) -> list[str]:
    """The customer's messages since a complaint was last logged or stopped, before the latest
    one, in order: none that is a button's payload, the latest's own words again, or about a case
    already made (a message naming a case is about that case)."""
    latest = _latest_text(tracker)
    told: list[str] = []
    for event in tracker.events:
        if event.get("event") == "action" and event.get("name") in _COMPLAINT_ENDS:
            told = []
        elif event.get("event") == "user":
            said = str(event.get("text") or "").strip()
            if (
                said
                and said != latest
                and not said.startswith("/")
                and not _NAMES_A_CASE.search(said)
            ):
                told.append(said)
    return told


def _earlier_account(tracker: Tracker, loose: bool = False) -> str | None:
    """The latest earlier message of this conversation (since a complaint was last logged or
    stopped) that tells what went wrong, for a complaint started from a message that does not
    (outside customers B, F12, 27 Nov: started from "no reference. we already HAVE the deadlock
    letter", after "Our leased line has been down 3 times this month and you still charged full
    SLA price ... What now?", which was lost); None when there is none."""
    for said in reversed(_told_before(tracker)):
        tells = tells_what_went_wrong(said) or tells_briefly_what_went_wrong(said)
        # `loose`: any words of a grievance or a fault ("I want to complain, you charged me twice
        # for november"), when the customer has just declined to say more.
        tells = tells or (loose and bool(GRIEVANCE.search(plain(said)) or names_a_fault(said)))
        if tells and _is_clean(intake.clean_description, said):
            return intake.clean_description(said)
    return None


def _whole_account(tracker: Tracker, latest: str) -> str | None:
    """What happened from every message that told it before the complaint started, then the latest
    without a request to complain before it ("the phone line he uses for his alarm is dead. its
    been dead since tuesday and nobody has come out"; outside customers B, round 12, H9: only the
    last message was kept, "yes i want to complain" and all). Greetings and messages that tell
    nothing of what went wrong are left out. None when it would be too long to keep."""
    told = _told_before(tracker)
    earlier = [
        t
        for t in told
        if (tells_what_went_wrong(t) or tells_briefly_what_went_wrong(t)) and not is_a_question(t)
    ]
    own = without_asking_to_complain(latest).strip()
    parts = [t.strip().rstrip(".!,; ") for t in earlier if t.strip() not in own]
    whole = ". ".join([*dict.fromkeys(parts), own]) if parts else own
    if whole == latest:
        return None
    return intake.clean_description(whole) if _is_clean(intake.clean_description, whole) else None


# The customer speaking of their own organisation, so the staff a first message counts are its
# head count ("we're a dental practice, 8 staff and 3 part-timers"), not "3 of your staff hung up".
_OWN_ORGANISATION = re.compile(
    r"\b(?:we'?re|we are|we have|we've got|weve got|we employ|i employ|we're a|we run|i run|"
    r"we own|i own|"
    r"(?:our|my) (?:business|company|firm|charity|practice|shop|office|team|organi[sz]ation|"
    r"school|club|surgery|salon|restaurant|cafe|pub|hotel))\b",
    re.IGNORECASE,
)


def _logged_this_turn(tracker: Tracker) -> bool:
    """Whether a complaint was logged since the customer's latest message."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "action" and event.get("name") == "action_submit_complaint":
            return True
    return False


def _stopped_this_turn(tracker: Tracker) -> bool:
    """Whether the complaint under way was stopped since the customer's latest message."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "action" and event.get("name") == "action_stop_complaint":
            return True
    return False


class ActionStartComplaint(Action):
    """Starts taking a complaint with what the first message already gives (issue 15): what
    happened, when it says enough, and any name, e-mail, phone or postcode, so only what is
    missing is asked."""

    def name(self) -> str:
        return "action_start_complaint"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        text = _latest_text(tracker)
        if _logged_this_turn(tracker):
            # The message that logged a complaint ("hi im back, partner says go ahead and log it")
            # never starts another one after it (outside customers A, F15 and F12, 27 Nov: "What
            # is your complaint about?" came unasked after the reference): the turn ends.
            return [FollowupAction("action_listen")]
        if _stopped_this_turn(tracker) and (
            refuses_logging(text) or plainly_stops(text) or holds_off_logging(text)
        ):
            # "no dont log it, ill ring them on monday instead" at "Shall I log it?": stopped, and
            # never a new complaint started after the stop (outside customers A, round 14, F32:
            # "What is your complaint about?" came straight after "OK, I've stopped").
            return [FollowupAction("action_listen")]
        removal = answers_removal_question(tracker) or withdrawal_in_words(tracker)
        if removal is not None:
            # "no keep it", "only remove the first one" at "are you sure? this removes ...", read
            # as a new complaint (outside customers B, 27 Nov): the answer to that question.
            return removal
        logged = no_new_complaint_wanted(dispatcher, tracker)
        if logged is not None:
            # "I don't want a new complaint" after logging (outside testers, issues 15 and 19: a
            # new complaint form started): the complaint is logged, its reference, what to do.
            return logged
        about_logged = same_complaint_answered(dispatcher, tracker) or (
            await first_raised_after_logging(dispatcher, tracker)
        )
        if about_logged is not None:
            # "is it the same one?", "I first reported this on 3 November" after logging (outside
            # testers, "customers' own words"): the complaint logged, never a new one.
            return about_logged
        if not complaint_in_progress(tracker):
            next_step = await who_deals_next_asked(dispatcher, tracker)
            if next_step is not None:
                # "who will deal with it now and when?" after asking to escalate a checked case:
                # the code's next step for it, never a new complaint (F19, fix18e).
                return next_step
        if not complaint_in_progress(tracker):
            added = await addition_to_checked_case(dispatcher, tracker)
            if added is not None:
                # "i want to add something to my complaint", "add this: ..." on a case checked here
                # (outside compliance r15): added to it as a note, or what to add asked first.
                return added
        if (
            not tracker.latest_message.get(RESUMED_COMPLAINT)
            and action_before_latest(tracker) == "action_stop_complaint"
            and carries_on(text)
        ):
            # "no wait, ive been on hold 40 mins, can u take it after all" straight after a stop,
            # read as a new complaint: it goes on with the answers already given, as "carry on"
            # does (outside customers A, F9, 27 Nov).
            return carry_on_after_a_stop(dispatcher, tracker)
        if not complaint_in_progress(tracker):
            # A postcode typed again after "I couldn't confirm those details", read as the start
            # of a complaint (CI's retrained model: "What is your complaint about?" instead of
            # the check): the next attempt on that case, counted like any other.
            retried = await check_retyped_answer(dispatcher, tracker, domain)
            if retried is not None:
                return retried
        followed = follow_up_to_last_answer(tracker)
        if followed is not None:
            # "I first raised it on 3 March 2026" after "Tell me the day you first raised it",
            # "what's their website?" after the ADR answer: that question's answer, not a form.
            return followed
        asked = question_after_logging(tracker)
        if asked is not None:
            # A question about the complaint just logged is answered as that question.
            return read_as(tracker.latest_message, asked)
        noted = await needs_noted_on_case(dispatcher, tracker, domain)
        if noted is not None:
            # "can i have it in large print from now on" on the case logged or checked here:
            # recorded on it, never a new complaint (outside testers, round 13, F5).
            return noted
        added = await addition_to_logged_case(dispatcher, tracker)
        if added is not None:
            # "also they charged me a £10 late fee on top" after logging: added to the complaint
            # logged, never a new one (outside customers A, round 14, F1, F22).
            return added
        checked = complaint_after_logging(dispatcher, tracker)
        if checked is not None:
            # After a complaint was logged here: a detail corrected or added, or the reply owed on
            # it, is never a new complaint; anything unclear is asked about once (outside
            # testers, round 13, F1, F13, F15: a new complaint form each time).
            return checked
        held = None if _confirmed_complaint(tracker) else adr_letter_held_told(tracker)
        if held is not None:
            # "I got a deadlock letter dated 2 March 2026" is no complaint's account: what the
            # letter's date means, as the ADR question answers it (outside testers, issue 14).
            return held
        case = (
            None
            if complaint_in_progress(tracker)
            else case_named_in_words(tracker, intent_for_words(text))
        )
        if case is not None:
            # "I want to add something to complaint IN-V1FSQ8: ...", "what about IG-VG7TYA?": a
            # complaint already made, named by its reference, is that case to check (after which
            # the customer is told how to add to it), never a second complaint (outside attacker,
            # 27 Nov, F2, F15: a new complaint form, and a duplicate case).
            return case
        lost = lost_reference_told(dispatcher, tracker)
        if lost is not None:
            return lost
        repair = repair_time_question_in_words(tracker)
        if repair is not None and not _confirmed_complaint(tracker):
            # "How long will it take to fix my fault?" is a question about the repair, answered
            # from the code with a complaint offered, never taken down as the complaint (issue 14).
            return repair
        if (
            asks_about_prices(text)
            or asks_adr_for_a_day(text, clock.now().date())
            or asks_adr_for_a_business_size(text)
        ) and not _confirmed_complaint(tracker):
            # "Can I go to the ombudsman about a price rise?" and "When can I go to ADR? I raised
            # the complaint on 1st April 2026" are questions: answered as the ADR question, not
            # taken down (outside compliance review); so is "We're a small firm with 8 staff and 4
            # contractors. Can we go to ADR?" (outside testers, issue 14/15).
            return read_as(tracker.latest_message, "ask_adr")
        if not _confirmed_complaint(tracker) and not complaint_in_progress(tracker):
            suspension = suspension_asked(dispatcher, tracker)
            if suspension is not None:
                # "will you cut me off if I don't pay the bill I'm disputing?" is a question,
                # answered from the code (outside compliance, round 18, F23: a complaint form).
                return suspension
        asked = asked_in_its_words(tracker)
        if (
            asked is not None
            and not _confirmed_complaint(tracker)
            and not complaint_in_progress(tracker)
        ):
            # "what happens if I'm vulnerable?", "im deaf, how can i contact you? i cant do phone
            # calls", "is a price rise covered?": questions, answered (outside testers, round 13).
            return asked
        if (
            asks_what_help(text)
            and not _confirmed_complaint(tracker)
            and not complaint_in_progress(tracker)
        ):
            # "I'm elderly and vulnerable, is there any extra help with making a complaint?": the
            # help there is, not a complaint form (outside compliance review, 27 Nov, N2).
            return read_as(tracker.latest_message, "ask_accessible_formats")
        asked = question_read_as_complaint(text)
        if asks_time_limit_to_complain(text) and (is_a_question(text) or asks_at_the_end(text)):
            # "is there a time limit for making a complaint?", read as a complaint (outside re-test,
            # round 12, Infinity Group: the complaint form started): the ADR answer, which says no
            # code sets one and gives ADR's limits.
            asked = "ask_adr"
        if asks_to_go_to_body(text, [b.name for b in load_rules().not_schemes]) and (
            is_a_question(text) or asks_at_the_end(text) or re.search(r"\binstead\b", text, re.I)
        ):
            # "can i just complain to ofcom instead? whats their number", read as a complaint
            # (outside customers A, round 19, F12: one started, unanswered): what Ofcom is and
            # how to reach it, then the scheme that decides complaints (ActionAnswerQuestion).
            asked = "ask_adr"
        if (
            asked is not None
            and not _confirmed_complaint(tracker)
            and not complaint_in_progress(tracker)
        ):
            # "you put my price up in april and never told me, can i take that to the
            # ombudsman", "can I make my complaint over the phone instead?": questions, answered
            # (outside compliance reader, 27 Nov, F28 and F38: the complaint form started).
            return read_as(tracker.latest_message, asked)
        if awaiting_read_back(tracker) and tracker.get_slot("complaint_description"):
            if not_logged_yet(dispatcher, tracker):
                return [FollowupAction("action_summarise_complaint")]  # "dont log it yet"
            if str(text or "").lstrip().startswith("/"):
                # The "Make a complaint" button's payload at the read-back is no account of what
                # happened (outside customers A, 27 Nov: "/make_complaint" was saved in the
                # description): the complaint is already here, so it is read back.
                return [FollowupAction("action_summarise_complaint")]
            if only_carries_on(text):
                # "carry on", "sorry go on" at "Shall I log it?", read as wanting the complaint:
                # it is here, read back, and nothing is added to it (outside testers).
                return [FollowupAction("action_summarise_complaint")]
            routed = read_back_routed(tracker)
            if routed is not None:
                # "no dont log it", "remove the second one", "please call me after 6pm not 4",
                # read as a new complaint: that, never more about what happened.
                return routed
            day = first_raised_alone(text, _today())
            if day is not None:
                # "i first raised this on 22 September, put that in": the day, not an account of
                # what happened (outside customers A, F12: a second complaint started).
                return first_raised_changed(dispatcher, day)
            corrected = _words_of_account_corrected(dispatcher, tracker, text)
            if corrected is not None:
                return corrected  # "just change the 3rd to the 30th" (outside words r16, F21)
            named = change_asked(text)
            if named is not None and named[0] == "description" and named[1].strip():
                # "what happened is you cut off my phone line ...", "change what happened to:
                # ...": the account replaced, as the read-back's hint says, never added to it
                # (outside words testers, round 16, F21: appended twice, the garbage logged).
                return ActionChangeComplaint().run(dispatcher, tracker, domain)
            # More about what happened, typed at "Shall I log it?" (outside testing: "I'd like to
            # add that I also lost a day's work" started the complaint again and the addition was
            # dropped): added to the account, and the read-back comes back.
            return _add_to_description(dispatcher, tracker, text)
        # Urgent help (and, for a dead line a care alarm needs, the fault line and priority
        # repair) at once, before the complaint's first question, not after the next answer.
        events: list[EventType] = notice_circumstances(dispatcher, tracker)
        if not complaint_in_progress(tracker) and asks_about_money_trouble(text):
            # "I can't afford to pay this bill, what can I do?" read as a complaint (outside
            # testers, issue 18, F13/F4: the question went unanswered): answered, then the
            # complaint starts as the model chose.
            answer_money_trouble(dispatcher, provider_for(tracker))
        if not tracker.latest_message.get(RESUMED_COMPLAINT):
            # "my mum died in october and youre still sending her bills": condolences, not
            # "something has gone wrong" (outside customers A, round 12, M10, and the lead's probe).
            bereaved = any(c.circumstance == "bereavement" for c in find_cues(text))
            dispatcher.utter_message(
                response="utter_start_complaint_bereaved" if bereaved else "utter_start_complaint"
            )
        if tracker.get_slot("answer_failures"):
            events.append(SlotSet("answer_failures", None))
        code = provider_for(tracker)
        own = {squash(c.value) for c in code.contacts}
        for field in ("category", "phone", "email", "postcode"):
            # A detail the model's entities set from this first message, that does not check:
            # asked for in the form, not found wrong at the end (outside customers A, 27 Nov: "I
            # phoned about it on 14 October" set the phone to "14", the question was skipped, and
            # the read-back then refused it; the outside set: "got charged £2,975 ..." set the
            # category to "charged"). A category is read from the words instead, if they name one.
            slot = DETAIL_SLOTS[field]
            value = tracker.get_slot(slot)
            if value not in (None, NOT_GIVEN) and not _is_clean(_CLEANERS[field], value):
                named = category_told(text) if field == "category" else None
                cleaned = (
                    intake.clean_category(named)
                    if named and _is_clean(intake.clean_category, named)
                    else None
                )
                events.append(SlotSet(slot, cleaned))
        if (
            tracker.get_slot("customer_type")
            and not value_before_latest_message(tracker, "customer_type")
            and customer_type_in(text) != "business"
            and names_the_providers_company(text)
        ):
            # "Your company took £89.99 from my account": the model's "company" is the
            # provider's; "consumer or business?" is asked (outside words testers, round 16, F37).
            events.append(SlotSet("customer_type", None))
        # The words that want the complaint after all are never part of it (outside customers A,
        # F9: "What happened: no wait, ... can u take it after all").
        facts = first_message_facts(told_besides_carrying_on(text))
        # A short first message that tells what went wrong ("you cancelled my contract without
        # asking") is not yet the account: "What happened?" is asked, so the customer can tell it
        # (the outside set's own-words conversations), and if what comes back is no account (an
        # e-mail address, a question) the first message is kept as it (`_earlier_account`;
        # outside attacker F1, 27 Nov: the e-mail address had been stored as what happened).
        if tracker.get_slot("complaint_description") in (
            None,
            NOT_GIVEN,
        ) and not tells_what_went_wrong(facts.get("description")):
            earlier = _earlier_account(tracker)
            if earlier is not None:
                facts["description"] = earlier
        elif tracker.get_slot("complaint_description") in (None, NOT_GIVEN):
            whole = _whole_account(tracker, facts["description"])
            if whole is not None:
                facts["description"] = whole
        told = told_besides_carrying_on(text)
        head = stated_business_size(told) if _OWN_ORGANISATION.search(told) else None
        if head is not None and tracker.get_slot("employees") in (None, NOT_GIVEN):
            # "we're a small charity, 25 volunteers and 2 paid staff": the head count a business
            # is asked for, as given, not asked again (outside customers B, F7, 27 Nov). Kept only
            # if the customer then says it is a business (`intake_fields`).
            facts["employees"] = head.describe()
            if customer_type_in(told) == "business" and not tracker.get_slot("customer_type"):
                # "we run a small cafe, 4 of us, ...": a business with its head count is plainly
                # a business, not asked "consumer or business?" (outside testers, round 12).
                facts["customer_type"] = "business"
        for field, value in facts.items():
            slot = DETAIL_SLOTS[field]
            if tracker.get_slot(slot) not in (None, NOT_GIVEN):
                continue
            if (field == "phone" and squash(value) in own) or (
                field == "email" and code.own_address(value) is not None
            ):
                # "i emailed complaints@invictanet.com on Monday": the provider's address, not the
                # customer's (outside testing: it would have been logged as theirs).
                continue
            try:
                events.append(SlotSet(slot, _CLEANERS[field](value)))
            except intake.IntakeError:
                continue  # asked for in the form as usual
        # The name, e-mail, phone and postcode taken into their fields are not what happened
        # (outside words testers, round 18, F2); the provider's own address or number stays.
        taken = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
        return [
            SlotSet(e["name"], without_details_taken(tracker, e["value"], taken))
            if e.get("event") == "slot" and e.get("name") == "complaint_description"
            else e
            for e in events
        ]


class ActionChangeComplaint(Action):
    """After "No, change something": changes the detail the customer names ("what happened is
    ...", "my postcode is ..."), says what changed, and reads the complaint back again."""

    def name(self) -> str:
        return "action_change_complaint"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        # Before anything else: the provider's own address the slot mappings took from this
        # message, unchecked (no form is active), is never left as the customer's (issue 14).
        # Nor a number the model took for a phone number from a day or an address ("on 2
        # October", "14 Fir Lane"): the read-back then said "'2' is not a UK phone number"
        # (outside compliance, round 16, F10; outside care, round 16, F3).
        return [
            *_providers_email_undone(tracker),
            *_stray_phone_undone(tracker),
            *self._change(dispatcher, tracker, domain),
        ]

    def _change(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        text = _latest_text(tracker)
        part = part_taken_back(text)
        held = str(tracker.get_slot("complaint_description") or "").lower()
        if part is not None and any(word in held for word in part):
            # "dont record the thing about dave after all": that part of what happened.
            return _part_taken_out(dispatcher, tracker, part)
        if withdraws_consent(text):
            # "actually dont note the morning thing, any time is fine" at "Shall I log it?" (outside
            # customers B, round 12, H3: read back unchanged, then logged "as you agreed"): the
            # need it names is asked about ("Are you sure? This removes ...").
            asking = removal_to_confirm(tracker, "read_back")
            if asking is not None:
                return [asking, FollowupAction("action_ask_confirm_needs_removal")]
        if part is not None:
            return _part_taken_out(dispatcher, tracker, part)
        made_for = made_for_changed(tracker)
        if made_for is not None:
            # "actually I'm the account holder", "its for my mum not my dad": who the complaint
            # is made for, changed, said, and the read-back again (issue 18).
            if made_for == NOT_ON_BEHALF:
                dispatcher.utter_message(response="utter_made_for_removed")
            else:
                dispatcher.utter_message(
                    response="utter_made_for_changed", whom=made_for_whom(made_for) or ""
                )
            return [SlotSet(ON_BEHALF, made_for), FollowupAction("action_summarise_complaint")]
        if "no e-mail" in contact_wishes(text):
            # "please put on it never to email me ..., he reads everything" at the read-back
            # (outside care, round 16, F10: contact switched TO e-mail for a customer whose
            # abusive ex-partner reads her e-mail): noted, and never contact by e-mail.
            return _no_email_at_read_back(dispatcher, tracker)
        if _no_calls_said(text):
            # "dont phone me", "don't call me" at the read-back (outside testers, care18: "Please
            # type a UK phone number", or "Contact by: phone" kept).
            return _no_calls_at_read_back(dispatcher, tracker)
        taken_off = formats_taken_off(text)
        named_now = change_asked(text) or ("", "")
        if (
            taken_off
            and not declines_needs(text)
            and named_now[0] != "contact_preference"
            and not _other_needs_given(named_now, taken_off)
        ):
            # "remove the large print, i said not large print" (outside testers, round 13, ISS:
            # "Updated your accessibility needs to large print"): taken off, never added.
            return _formats_removed(dispatcher, tracker, taken_off)
        if asks_for_priority_repair(text):
            # "add priority fault repair to the needs" (outside testers, round 13, invictanet:
            # the same read-back four times, no word): added with the form's consent wording
            # where it is offered, or what the rules say of it and how to ask.
            return _priority_repair_added(dispatcher, tracker, domain)
        corrected = _words_of_account_corrected(dispatcher, tracker, text)
        if corrected is not None:
            return corrected
        clauses = _clauses_changed(dispatcher, tracker, clause_changes(text, _today()))
        if clauses is not None:
            # "the complaint is about billing not fault repair. and actually i first emailed them
            # on 27 october", "name is wrong its Lisa Kerr, and phone me instead of email"
            # (outside customers A, round 14, F3/F10/F14: what happened replaced, or one change
            # lost): each clause's change applied and said, never added to what happened.
            return clauses
        several = _several_changed(dispatcher, tracker, changes_asked(text))
        if several is not None:
            # "my email is x@y.com and my postcode is SW1A 1AA" (outside testers, issues 15 and
            # 19: only the first was applied): each applied and said, and the read-back again.
            return several
        asked = change_asked(text) or detail_typed_alone(text)
        if (
            (asked is None or asked[0] == "contact_preference")
            and call_back_time(text) is not None
            and not withdraws_consent(text)
        ):
            # "change the call time to after 6 please", "please call me after 6pm not 4": the new
            # time in place of the one agreed, said, and the read-back again (outside customers B,
            # F37, 27 Nov: unchanged with no word, then a new complaint and this one lost).
            noted = call_time_asked_for(dispatcher, tracker, domain)
            return [*noted, FollowupAction("action_summarise_complaint")]
        day = first_raised_in(text, _today()).day
        if (
            asked is None
            and day is None
            and (
                _NAMES_THE_DATE.search(plain(text))
                # "no, it was the 3rd of November not the 5th" with a day first raised read back
                # (outside testers, issues 15 and 19: the words lost to "What would you like to
                # change?"): the day it names.
                or (_first_raised(tracker) is not None and _CORRECTS.search(plain(text)))
            )
        ):
            # "no the date is wrong, it was 24 september" (outside testers, round 13, IG: the
            # same read-back, no word): the day it names.
            day = first_raised_answer(text, _today())
        held_day = _first_raised(tracker) if asked is None else None
        corrected = day_of_month_corrected(text, held_day, _today()) if held_day else None
        if corrected is not None:
            # "sorry no it was the 30th not the 3rd" with 3 October read back: the 30th of that
            # month, never "What would you like to change?" (outside words, round 16, F11).
            day = corrected
        if asked is None and day is not None and day < _today():
            # "I first complained on 3 November" at the read-back: the day first raised, changed
            # and said, and the read-back again (issue 14).
            return first_raised_changed(dispatcher, day)
        holder = account_holder(tracker) if asked is None else None
        if holder and names_someone_elses_name(text):
            # "his name is Arthur Fenwick" at the read-back is the account holder's name, read
            # back as whom the complaint is made for; the customer's own name stays (outside care,
            # round 16, F15: the son complaining was renamed to his 92-year-old father).
            dispatcher.utter_message(response="utter_account_holder_noted", holder=holder)
            return [FollowupAction("action_summarise_complaint")]
        if asked is None:
            if adds_more(text):
                return _add_to_description(dispatcher, tracker, text)
            # A detail the slot mappings took from the message (an e-mail, a category) is kept,
            # and said; anything else is said not understood, with how to say it, never the
            # same read-back with no word (outside testers, round 13, IG).
            mapped = _set_by_this_message(tracker)
            if (
                not mapped
                and (tracker.latest_message.get("intent") or {}).get("name") == "deny"
                and action_before_latest(tracker) == "action_summarise_complaint"
            ):
                # "no" to "Shall I log it?" with nothing to change in it (the read-back's deny
                # comes here, so that a correction said with the "no" is made): which to change.
                return [FollowupAction("utter_ask_what_to_change")]
            for slot, value in mapped.items():
                say_updated(dispatcher, slot, _label(value))
            if not mapped:
                dispatcher.utter_message(response="utter_change_not_understood")
            return [FollowupAction("action_summarise_complaint")]
        field, value = asked
        slot = DETAIL_SLOTS[field]
        if field == "contact_preference":
            return _change_contact_preference(dispatcher, tracker, value)
        if field == "accessibility_needs" and (declines_needs(value) or declines_needs(text)):
            # "accessibility needs: none", "i dont need anything" (outside testing: the read-back
            # came back unchanged four times).
            dispatcher.utter_message(response="utter_field_cleared", field=FIELD_WORDS[slot])
            return [SlotSet(slot, NOT_GIVEN), FollowupAction("action_summarise_complaint")]
        if field == "account" and has_no_account_number(text):
            dispatcher.utter_message(response="utter_field_cleared", field=FIELD_WORDS[slot])
            return [SlotSet(slot, NOT_GIVEN), FollowupAction("action_summarise_complaint")]
        if says_only_wrong(value) and field != "description":
            # "the account number is wrong": the question is asked again, not "wrong" stored
            # (outside recheck: the account number became "wrong").
            return [SlotSet(slot, None), *_reset_events(tracker), FollowupAction("complaint_form")]
        if field == "account":
            value = account_from_answer(value) or value
        own = provider_for(tracker).own_address(value) if field == "email" else None
        if own is not None:
            # "change my email to complaints@invictanet.com": the provider's, never the
            # customer's (issue 14); the one given before stays, and the read-back comes again.
            code = provider_for(tracker)
            dispatcher.utter_message(
                response="utter_email_is_providers",
                email=value,
                **provider_facts(code),
                **sourced(from_code(code, own.quote)),
            )
            return [FollowupAction("action_summarise_complaint")]
        if field == "customer_type":
            value = customer_type_in(value) or value
        if field == "name":
            # "my name is Joanne Pike not Jo" is Joanne Pike (outside customers A, F6: a letter
            # would have gone to "Joanne Pike not Jo"); "can u put my name with capitals Dave
            # Pritchard" is Dave Pritchard, and words with no name in them are never the name:
            # the question is asked again (outside words, round 16, F1, F27, F47).
            # "no MY name is Mark Fenwick, his is Arthur": only the customer's own, read from the
            # words before the other person's (outside care, round 16, F15).
            named = name_changed(
                own_name_beside_anothers(text) or text, tracker.get_slot("customer_name")
            )
            if named is None:
                return [
                    SlotSet(slot, None),
                    *_reset_events(tracker),
                    FollowupAction("complaint_form"),
                ]
            value = named
        if field == "description" and _ADDS_TO_WHAT_HAPPENED.search(text):
            # "add to what happened that they charged a £25 reconnection fee" (outside customers
            # A, round 19, F20, HIGH: the whole account replaced by it): added, never replacing.
            held_words = tracker.get_slot("complaint_description")
            added = re.sub(r"^\s*(?:that|:|-)\s*", "", value)
            if held_words not in (None, NOT_GIVEN) and added:
                cleaned = say_description_added(dispatcher, held_words, added)
                if cleaned is not None:
                    return [
                        SlotSet(slot, cleaned),
                        *_reset_events(tracker),
                        FollowupAction("action_summarise_complaint"),
                    ]
        if field == "accessibility_needs":
            # The needs named, never the words about health around them (issue 18).
            value = accessibility_kept(value) or NEEDS_NOT_NAMED
        if field == "employees":
            # Kept as the form keeps it: the groups as given, or the one number as asked.
            rule = head_count_rule(provider_for(tracker), load_rules())
            head = intake.head_count_answer(value, rule)
            value = intake.head_count_kept(head) if head is not None else value
        try:
            cleaned = _CLEANERS[field](value)
        except intake.IntakeError:
            failures = _failures_so_far(tracker, CHANGE_QUESTION) + 1
            if failures >= 2:
                # Never "What would you like to change?" a third time in a row (issue 15): say
                # what did not work and read the complaint back.
                dispatcher.utter_message(response="utter_change_not_understood")
                return [
                    SlotSet("answer_failures", None),
                    FollowupAction("action_summarise_complaint"),
                ]
            dispatcher.utter_message(response=f"utter_hint_{slot}")
            return [
                SlotSet("answer_failures", {"slot": CHANGE_QUESTION, "count": failures}),
                FollowupAction("utter_ask_what_to_change"),
            ]
        say_updated(dispatcher, slot, _label(cleaned))
        events: list[EventType] = [SlotSet(slot, cleaned), *_reset_events(tracker)]
        if field == "description":
            events += _first_raised_from(cleaned)
        if field == "customer_type" and cleaned == "business" and not tracker.get_slot("employees"):
            return [*events, FollowupAction("complaint_form")]
        return [*events, FollowupAction("action_summarise_complaint")]


# "add to what happened ...", "add this to my complaint: ...": more of the account, never all of it.
_ADDS_TO_WHAT_HAPPENED = re.compile(
    r"\badd(?:ing)?\b(?:\s+\w+){0,2}?\s+(?:to|onto|into)\s+(?:what happened|the description|"
    r"my (?:complaint|description)|the complaint|(?:my|the) account)\b",
    re.IGNORECASE,
)

# A correction's words ("no, it was the 3rd of November not the 5th").
_CORRECTS = re.compile(r"\b(?:no|not|it was|actually|wrong|should be|meant)\b")

# The details several changes in one message may change, each as the single change does.
_SEVERAL_FIELDS = ("category", "name", "email", "phone", "postcode", "address", "account")


def _several_changed(
    dispatcher: CollectingDispatcher, tracker: Tracker, changes: list[tuple[str, str]]
) -> list[EventType] | None:
    """Each of several changes asked in one message, applied and said, then the read-back again;
    None (for the one-change reading) when there are fewer than two, or one does not check."""
    if len(changes) < 2 or any(field not in _SEVERAL_FIELDS for field, _ in changes):
        return None
    code = provider_for(tracker)
    cleaned: list[tuple[str, Any]] = []
    for field, value in changes:
        clean = _detail_checked(code, field, value, tracker.get_slot("customer_name"))
        if clean is None:
            return None
        cleaned.append((DETAIL_SLOTS[field], clean))
    for slot, value in cleaned:
        say_updated(dispatcher, slot, _label(value))
    return [
        *(SlotSet(slot, value) for slot, value in cleaned),
        *_reset_events(tracker),
        FollowupAction("action_summarise_complaint"),
    ]


def _detail_checked(
    code: ProviderCode, field: str, value: str, held_name: str | None = None
) -> Any | None:
    """One detail named in a change at the read-back, cleaned; None when it does not check ("wrong"
    alone, the provider's own e-mail, "no account number", a value its cleaner refuses, words with
    no name in them for the name)."""
    if says_only_wrong(value) or (field == "email" and code.own_address(value) is not None):
        return None
    if field == "name":
        # The name in the words, read against the one held (outside words, round 16, F1).
        named = name_changed(value, held_name)
        if named is None:
            return None
        value = named
    if field == "account":
        if has_no_account_number(value):
            return None
        value = account_from_answer(value) or value
    if not _is_clean(_CLEANERS[field], value):
        return None
    return _CLEANERS[field](value)


def _clauses_changed(
    dispatcher: CollectingDispatcher, tracker: Tracker, changes: list[tuple[str, str]]
) -> list[EventType] | None:
    """Each change the clauses of one message name (`clause_changes`: the day first raised and the
    contact preference besides the details `_several_changed` takes), applied and said in the
    customer's order, then the read-back again (or the form, for an address a new way of contact
    needs). None, for the one-change reading, when a detail does not check."""
    if not changes:
        return None
    code = provider_for(tracker)
    checked: list[tuple[str, Any]] = []
    for field, value in changes:
        if field in ("first_raised", "contact_preference"):
            checked.append((field, value))
            continue
        if field == "employees":
            # "and theres 7 of us altogether not 2" after a change of contact (outside words,
            # round 16, F7: the head count dropped with no word): kept as the single change
            # keeps it, for a business only.
            head = _head_count_changed(tracker, value)
            if head is None:
                return None
            checked.append((field, head))
            continue
        clean = _detail_checked(code, field, value, tracker.get_slot("customer_name"))
        if clean is None:
            return None
        checked.append((field, clean))
    events: list[EventType] = []
    then: EventType = FollowupAction("action_summarise_complaint")
    for field, value in checked:
        if field == "first_raised":
            events += [e for e in first_raised_changed(dispatcher, date.fromisoformat(value))
                       if e.get("event") != "followup"]  # fmt: skip
        elif field == "contact_preference":
            changed = _change_contact_preference(dispatcher, tracker, value)
            events += [e for e in changed if e.get("event") != "followup"]
            if any(e.get("name") == "complaint_form" for e in changed):
                then = FollowupAction("complaint_form")
        else:
            slot = DETAIL_SLOTS[field]
            say_updated(dispatcher, slot, _label(value))
            events.append(SlotSet(slot, value))
    return [*events, *_reset_events(tracker), then]


# The number a head count replaces, after it ("7 of us altogether not 2").
_OLD_COUNT_AFTER = re.compile(r"[\s,]+(?:not|instead of|rather than)\s+(?:the\s+)?\d+\b.*$", re.I)


def _head_count_changed(tracker: Tracker, said: str) -> int | str | None:
    """A business's head count in one clause of a change, kept as the form keeps it; None for a
    customer not complaining as a business, or words that give no head count."""
    if tracker.get_slot("customer_type") != "business":
        return None
    rule = head_count_rule(provider_for(tracker), load_rules())
    head = intake.head_count_answer(_OLD_COUNT_AFTER.sub("", said), rule)
    if head is None:
        return None
    try:
        return intake.clean_head_count(intake.head_count_kept(head))
    except intake.IntakeError:
        return None


def _other_needs_given(asked: tuple[str, str], taken_off: list[str]) -> bool:
    """ "accessibility needs: not large print, braille" at the read-back: new needs given, with
    one refused, so the answer is set (the refused one left out), not only a need taken off
    (care18: braille was lost)."""
    if asked[0] != "accessibility_needs":
        return False
    named = (access_needs_named(asked[1]) or "").split(", ")
    return any(n and n not in taken_off for n in named)


# Words that say the day is what is being changed ("the date is wrong, it was 24 september").
_NAMES_THE_DATE = re.compile(
    r"\b(?:date|day|raised|first (?:complained|contacted|told|reported|rang|called|emailed))\b"
)


def _set_by_this_message(tracker: Tracker) -> dict[str, Any]:
    """The complaint's details Rasa's slot mappings changed from the latest message (an e-mail,
    a category): slot events after it, with a value other than the one before it."""
    changed: dict[str, Any] = {}
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        slot = event.get("name")
        if event.get("event") == "slot" and slot in FORM_FIELDS and slot not in changed:
            value = event.get("value")
            if value not in (None, NOT_GIVEN) and value != value_before_latest_message(
                tracker, slot
            ):
                changed[slot] = value
    return dict(reversed(list(changed.items())))


def _formats_removed(
    dispatcher: CollectingDispatcher, tracker: Tracker, taken_off: list[str]
) -> list[EventType]:
    """Needs named to be taken off at the read-back: those agreed with consent are asked about
    first ("Are you sure? This removes ..."); those of the accessibility answer are taken out
    of it and the rest said; the read-back again."""
    asking = removal_to_confirm(tracker, "read_back")
    if asking is not None and consented_needs(tracker)[0]:
        return [asking, FollowupAction("action_ask_confirm_needs_removal")]
    slot = "accessibility_needs"
    held = str(tracker.get_slot(slot) or "")
    parts = [p.strip() for p in re.split(r",|\band\b", held) if p.strip()]
    kept = [p for p in parts if not any(off in p.lower() for off in taken_off)]
    if len(kept) == len(parts):
        # Not among them: said, never added (the read-back shows what is held).
        dispatcher.utter_message(response="utter_format_not_held", needs=", ".join(taken_off))
        return [FollowupAction("action_summarise_complaint")]
    if not kept:
        dispatcher.utter_message(response="utter_field_cleared", field=FIELD_WORDS[slot])
        return [SlotSet(slot, NOT_GIVEN), FollowupAction("action_summarise_complaint")]
    value = ", ".join(kept)
    say_updated(dispatcher, slot, value)
    return [SlotSet(slot, value), FollowupAction("action_summarise_complaint")]


def _priority_repair_added(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
) -> list[EventType]:
    """Priority fault repair asked for at the read-back: where the help offered for what the
    customer told includes it (GC C5: a disabled customer who depends on the line), added to the
    needs agreed with the form's consent wording; otherwise what the rules say of it and how to
    ask, and nothing added. The read-back again either way."""
    code = provider_for(tracker)
    offered = [o for o in offers_applying(tracker) if o.id == "priority_fault_repair"]
    if not offered:
        explain_priority_repair(dispatcher, code)
        return [FollowupAction("action_summarise_complaint")]
    needs, _ = consented_needs(tracker)
    details = consented_details(tracker)
    rules = load_vulnerability_rules()
    chosen = [rules.offers[n] for n in needs if n in rules.offers]
    if "priority_fault_repair" not in needs:
        chosen.append(offered[0])
    value = agree_to_needs(dispatcher, NeedsChosen(chosen, details), domain, None)
    return [
        SlotSet("support_needs", value),
        SlotSet("support_offer", "yes"),
        FollowupAction("action_summarise_complaint"),
    ]


def description_without_the_part(
    dispatcher: CollectingDispatcher, held: Any, part: tuple[str, ...]
) -> str | None:
    """What happened with a part the customer took back ("dont record the thing about dave after
    all") taken out, and said; None, with the customer asked to tell it again, when that cannot
    be done safely (no sentence, or every one, mentions it). Never ignored (outside testers, 27
    Nov: logged with it in)."""
    kept = without_the_part(held, part)
    if kept is not None and _is_clean(intake.clean_description, kept):
        dispatcher.utter_message(response="utter_part_taken_out")
        return intake.clean_description(kept)
    dispatcher.utter_message(response="utter_part_to_retype")
    return None


def _part_taken_out(
    dispatcher: CollectingDispatcher, tracker: Tracker, part: tuple[str, ...]
) -> list[EventType]:
    """A part of what happened taken back at the read-back: taken out and the read-back again,
    or what happened asked for again (`description_without_the_part`)."""
    held = tracker.get_slot("complaint_description")
    description = description_without_the_part(dispatcher, held, part)
    if description is not None:
        return [
            SlotSet("complaint_description", description),
            FollowupAction("action_summarise_complaint"),
        ]
    return [
        SlotSet("complaint_description", None),
        *_reset_events(tracker),
        FollowupAction("complaint_form"),
    ]


# The failed answers to "What would you like to change?" are counted under this name.
CHANGE_QUESTION = "what_to_change"


def _reset_events(tracker: Tracker) -> list[EventType]:
    return [SlotSet(k, v) for k, v in _failures_reset(tracker).items()]


def _change_contact_preference(
    dispatcher: CollectingDispatcher, tracker: Tracker, route: str
) -> list[EventType]:
    """ "contact me by email instead" at the read-back: the preference changes (it is not a new
    e-mail address, issue 15); a route the code does not offer is said, and a route with no
    address or number to use asks for one."""
    code = provider_for(tracker)
    choices = [c.value for c in contact_choices(code, load_rules())]
    if route not in choices:
        dispatcher.utter_message(
            response="utter_contact_route_not_offered",
            chosen=ROUTE_WORDS.get(route, route),
            choices=routes_text(tuple(choices)),
            **provider_facts(code),
        )
        return [*_reset_events(tracker), FollowupAction("action_summarise_complaint")]
    dispatcher.utter_message(
        response="utter_field_updated",
        field=FIELD_WORDS["contact_preference"],
        answer=ROUTE_WORDS.get(route, _label(route)),
    )
    events: list[EventType] = [SlotSet("contact_preference", route), *_reset_events(tracker)]
    needed = {"email": "customer_email", "phone": "customer_phone", "text_relay": "customer_phone"}
    slot = needed.get(route)
    if slot and tracker.get_slot(slot) in (None, NOT_GIVEN):
        dispatcher.utter_message(
            response="utter_change_contact_needs_detail",
            chosen=ROUTE_WORDS.get(route, _label(route)),
            detail=FIELD_WORDS[slot],
        )
        return [*events, SlotSet(slot, None), FollowupAction("complaint_form")]
    return [*events, FollowupAction("action_summarise_complaint")]


class ActionAnswerCopy(Action):
    """ "Can you e-mail me a copy?": the confirmation e-mail queued with the case goes to the
    address given (docs/email.md); without one, how to keep a copy."""

    def name(self) -> str:
        return "action_answer_copy"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        facts = provider_facts(provider_for(tracker))
        reference = tracker.get_slot("created_reference")
        if not reference:
            dispatcher.utter_message(response="utter_copy_before_logging", **facts)
        elif tracker.get_slot("copy_by_email"):
            dispatcher.utter_message(response="utter_copy_emailed", reference=reference, **facts)
        else:
            dispatcher.utter_message(response="utter_copy_no_email", reference=reference, **facts)
        if tracker.active_loop.get("name") == "complaint_form":
            return [FollowupAction("complaint_form")]
        return []
