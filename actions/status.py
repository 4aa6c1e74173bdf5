"""Checking a complaint, asking to escalate it or for an ADR letter, and asking for a person.

Nothing about a case is disclosed until the customer gives the email address or postcode on it,
and the check is the case store's (`bot.cases.verification`), never a slot of the conversation:

- every answer is checked there, and counted against the reference whoever asks (five wrong
  answers in a day lock it, for longer each time) and against the conversation (ten checks an
  hour);
- a wrong answer, an unknown reference, a locked reference and a conversation over its limit all
  get one reply, which gives the provider's phone number and email address instead;
- the action that discloses asks the store whether this conversation passed a check on this
  reference in the last few minutes, every time, whatever the tracker's slots say, and acts only
  on the case the waiting request was made for (`pending_request_for`): a forged tracker gets the
  reply a wrong answer gets.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.after_logging import (
    ADD_NOTE,
    add_to_checked_case,
    addition_once_logged_chosen,
    addition_to_checked_case,
    details_not_changed_here,
    same_complaint_answered,
)
from actions.cases import with_store
from actions.conversation import (
    action_before_latest,
    answer_to_the_question,
    awaiting_read_back,
    complaint_told,
    follow_up_asked,
    follow_up_to_last_answer,
    not_logged_yet,
    provider_facts,
    provider_for,
    read_as,
    read_back_routed,
    repair_time_question_in_words,
    sourced,
)
from actions.rights import (
    explain_adr_letter,
    explain_adr_letter_on_request,
    utter_escalation_route,
    utter_open_now,
)
from actions.vulnerability import (
    NoticesCircumstances,
    call_time_noted_on_case,
    complaint_in_progress,
    drop_pending_needs,
    hears_cues_in_passing,
    needs_noted_on_case,
    removal_awaited,
    say_needs_on_case,
    urgent_help_in_passing,
    withdraw_consent_on_case,
    withdrawal_in_words,
)
from bot import clock
from bot.answers.adr import (
    asks_about_other_body,
    asks_adr_about_prices,
    asks_adr_for_a_day,
    asks_what_if,
    holds_adr_letter,
)
from bot.answers.after_logging import gives_a_detail
from bot.answers.commands import asks_for_a_person, plainly_stops, refuses_a_person
from bot.answers.dates import letter_received_day_in
from bot.answers.details import (
    account_from_answer,
    find_phone,
    has_no_reference,
)
from bot.answers.follow_ups import ADR_LETTER_ON_REQUEST
from bot.answers.questions import asks_for_own_data, asks_what_help
from bot.answers.routing import (
    about_a_case,
    asks_for_a_lost_reference,
    names_a_new_complaint,
    reads_as_a_complaint,
    topic_asked,
    wants_it_logged_here,
)
from bot.cases.checks import identity_detail_in
from bot.cases.customer_requests import (
    CHANGE_DETAILS,
    LOGGED_FOR_STAFF,
    UNCLEAR,
    asks_who_deals_next,
    reference_to_check,
    replies_about_case,
    replies_who_deals_next,
    request_for_intent,
    request_in_words,
    takes_back_request,
)
from bot.cases.identity_answers import (
    Reading,
    asks_about_a_lock,
    asks_for_a_new_complaint,
    asks_to_change_detail,
    read_identity_answer,
)
from bot.cases.references import (
    normalise_reference,
    prefix_left_off,
    reference_body_in,
    reference_in,
    reference_retyped,
    reference_typed_alone,
)
from bot.cases.verification import CaseVerification, Outcome
from bot.provider_codes import (
    ProviderCode,
    complaints_phone,
    get_code,
    load_all_codes,
    other_providers_reference,
)
from bot.regulation import load_rules
from bot.scheme_contacts import possessive
from bot.sources import from_code

logger = logging.getLogger(__name__)

# The verdicts the lookup form leaves in `verification_answer` (only ever read as a hint: the
# disclosing action asks the store).
VERIFIED, NOT_VERIFIED, UNAVAILABLE = "verified", "not_verified", "unavailable"
# Left when the customer has no reference (or twice gave one that is not a reference): the form
# ends and the customer is told how else to reach the provider, never asked again in a loop.
NO_REFERENCE = "no_reference"
# Another provider's reference ("IV-..." in Infinity Group's chat): told whose, nothing checked.
OTHER_PROVIDER = "other_provider"
# The customer does not know the e-mail address or postcode: told how to reach the provider.
DETAIL_UNKNOWN = "detail_unknown"
# The customer wants to make a complaint instead: the check ends, nothing checked, and it starts.
NEW_COMPLAINT_INSTEAD = "new_complaint"
NOT_AN_ANSWER_REPLY = {
    Reading.CHANGE: "utter_verification_change_after_check",
    Reading.WHY: "utter_verification_why_asked",
    Reading.QUESTION: "utter_verification_question_later",
    Reading.NEITHER: "utter_verification_not_a_detail",
}
# Answers to "what is your reference?" that are not one, before the form stops asking.
MAX_REFERENCE_TRIES = 2
# A reference as typed in a sentence ("IG-7K3Q9X", "ig-7k3q9x"): a message with one is a request.
REFERENCE_IN_TEXT = re.compile(r"\b[A-Za-z]{2,3}-[0-9A-Za-z]{6}\b")
# A request waiting for one case's check, dropped when the customer names another case instead:
# what the customer is told was not done ("I haven't asked for ... on IG-...").
NOT_DONE_UNCHECKED = {
    "escalation": "an escalation",
    "adr_letter": "an ADR (deadlock) letter",
    "withdraw_needs": "the support needs to be removed",
}
# How long after a check a call back may still be flagged on the case.
CALL_BACK_AFTER_CHECK = timedelta(hours=1)


def reference_given(tracker: Tracker) -> str | None:
    """The reference the latest message names: the NLU's entity, else one typed with a space or
    without the hyphen ("ig g27a5d"), which the NLU's pattern does not see."""
    entity = next(tracker.get_latest_entity_values("reference"), None)
    if entity:
        return entity
    prefixes = [code.reference_prefix for code in load_all_codes().values()]
    return reference_in(tracker.latest_message.get("text"), prefixes)


def reference_body_given(tracker: Tracker) -> str | None:
    """The conversation's own provider's reference, when the latest message is one typed without
    its prefix ("8ZBBTK" in Infinium's chat is IN-8ZBBTK: outside attacker, round 18, F6, a new
    complaint form). Never while a form other than the lookup form's reference question is
    running, nor a complaint being taken or read back (six characters of a description are its
    words), nor an e-mail address or postcode typed again after a failed check."""
    loop = tracker.active_loop.get("name")
    if loop and not at_reference_question(tracker):
        return None
    if not loop and (complaint_in_progress(tracker) or awaiting_read_back(tracker)):
        return None
    if retyped_answer(tracker) is not None:
        return None
    return reference_body_in(
        tracker.latest_message.get("text"), provider_for(tracker).reference_prefix
    )


def utter_lock_asked(dispatcher: CollectingDispatcher, code: ProviderCode) -> None:
    """ "have I been locked out?", "is my case locked?": one reply whoever asks and whatever the
    case's state, which neither confirms nor denies a lock and gives the provider's complaints
    contacts from its code; nothing is checked or counted (outside attacker, round 18, F7:
    answered as an escalation)."""
    email = code.contact("email", purpose="complaints")
    dispatcher.utter_message(
        response="utter_verification_lock_asked",
        email=f" or by e-mail at {email.value}" if email else "",
        **provider_facts(code),
    )


def _channel(tracker: Tracker) -> str:
    return tracker.get_latest_input_channel() or "unknown"


async def recently_verified(
    tracker: Tracker, reference: str | None, within: timedelta | None = None
) -> bool:
    """Whether the store holds a check this conversation passed on `reference`, lately."""
    if not reference:
        return False
    now = clock.now()
    return await with_store(
        lambda store: CaseVerification(store).recently_verified(
            reference, tracker.sender_id, now, within
        )
    )


def utter_not_verified(dispatcher: CollectingDispatcher, code: ProviderCode) -> None:
    """One reply for a wrong answer, an unknown or locked reference, and too many checks."""
    email = code.contact("email", purpose="complaints")
    dispatcher.utter_message(
        response="utter_verification_failed",
        email=f" or by email at {email.value}" if email else "",
        **provider_facts(code),
    )


def utter_other_providers_reference(
    dispatcher: CollectingDispatcher, code: ProviderCode, other: ProviderCode, reference: str
) -> None:
    """Says `reference` is in `other`'s form, not this provider's, with `other`'s own complaints
    contacts from its code; nothing is asked, checked or counted (outside compliance r15: the
    owner's right e-mail, typed in a look-alike provider's chat, was refused six times and their
    case locked). The same words whether or not such a case exists."""
    phone = complaints_phone(other)
    email = other.contact("email", purpose="complaints")
    ways = [f"by phone on {phone}" if phone else "", f"by email at {email.value}" if email else ""]
    ways = [w for w in ways if w]
    dispatcher.utter_message(
        response="utter_case_other_provider",
        reference=reference,
        other_name=other.trading_name,
        other_possessive=possessive(other.trading_name),
        other_contacts=(" " + " or ".join(ways)) if ways else "",
        **provider_facts(code),
    )


@dataclass(frozen=True)
class RetypedAnswer:
    """A detail the customer typed again after a failed check, with what it is for."""

    reference: str
    request: str | None
    answer: str


def retyped_answer(tracker: Tracker) -> RetypedAnswer | None:
    """The e-mail address or postcode in the customer's latest message, when the assistant's last
    reply was that the details could not be confirmed ("sorry I mistyped, it's SW1A 1AA"): the
    next attempt on the reference that failed. None for anything else, and for a message that
    names a reference (a new request, which the lookup form checks)."""
    text = tracker.latest_message.get("text") or ""
    answer = identity_detail_in(text)
    if answer is None or reference_given(tracker) is not None:
        return None
    if REFERENCE_IN_TEXT.search(text):
        return None
    latest_user = max(
        (i for i, e in enumerate(tracker.events) if e.get("event") == "user"), default=None
    )
    if latest_user is None:
        return None
    before = tracker.events[:latest_user]
    last_reply = max((i for i, e in enumerate(before) if e.get("event") == "bot"), default=None)
    if last_reply is None:
        return None
    reference = _last_value(before, "case_reference")
    if not reference:
        return None
    if any(e.get("event") == "user" for e in before[last_reply:]):
        return None  # the customer said something else in between
    failed = _failed_check_asked_between(before)
    if failed:
        # "wrong@example.com", "what is your phone number?", then "bs15tr": the postcode after a
        # question answered in between is the next try on the reference held, never a new
        # reference IV-BS15TR that the real postcode and e-mail then failed against (outside
        # attacker, round 20, F2, HIGH: the owner locked out of their own case).
        return RetypedAnswer(reference, _last_value(before, "pending_request"), answer)
    if (before[last_reply].get("metadata") or {}).get("utter_action") == (
        "utter_verification_failed"
    ):
        return RetypedAnswer(reference, _last_value(before, "pending_request"), answer)
    answered = [
        e.get("name")
        for e in before
        if e.get("event") == "action" and e.get("name") != "action_listen"
    ][-1:]
    if answered == ["action_handle_case_request"] and corrects_a_detail(text):
        # "sorry I mistyped, it's alan@example.org" just after the check passed and the case was
        # answered (outside attacker, round 12, M3: a new complaint form started): the answer
        # corrected, checked again (counted like any), and the status given; what was asked
        # before is never asked again by it.
        return RetypedAnswer(reference, None, answer)
    return None


# Words that correct a detail just given ("sorry I mistyped", "typo", "I meant", "should be").
_CORRECTS = re.compile(
    r"\b(?:mis-?typ\w*|typo|i meant|i mean|sorry|correct(?:ion|ed)?|wrong|should (?:have )?be"
    r"(?:en)?|actually)\b",
    re.I,
)


def corrects_a_detail(text: str) -> bool:
    return bool(_CORRECTS.search(text))


def _value_before_latest_message(tracker: Tracker, slot: str) -> Any:
    """What `slot` held before the customer's latest message (None if never set)."""
    latest_user = max(
        (i for i, e in enumerate(tracker.events) if e.get("event") == "user"), default=None
    )
    before = tracker.events[:latest_user] if latest_user is not None else tracker.events
    for event in reversed(before):
        if event.get("event") == "slot" and event.get("name") == slot:
            return event.get("value")
    return None


def reference_being_checked(tracker: Tracker) -> str | None:
    """The reference this request is being checked on: the lookup form's slot, else the last one
    the customer named since the request started (a second request at the answer's question
    cleared it, and the right postcode was then asked "What is your complaint reference?":
    outside attacker, round 10, F9). Never one from an earlier, finished request."""
    current = tracker.get_slot("case_reference")
    if isinstance(current, str) and current:
        return current
    for event in reversed(tracker.events):
        if event.get("event") != "slot":
            continue
        if event.get("name") == "pending_request" and event.get("value") is None:
            return None  # an earlier request's end
        value = event.get("value")
        if event.get("name") == "case_reference" and isinstance(value, str) and value:
            try:
                return normalise_reference(value)
            except ValueError:
                continue
    return None


# How many of the customer's messages may come between a failed check and the e-mail address or
# postcode typed again for it (questions answered in between).
_RETRY_WITHIN_MESSAGES = 3


def _failed_check_asked_between(before: list[dict[str, Any]]) -> bool:
    """Whether, in the events `before` the latest message, the check on the reference held failed
    within the customer's last few messages, with only questions answered since: no form begun,
    no complaint logged, no other reference given."""
    users = 0
    for event in reversed(before):
        kind = event.get("event")
        if kind == "user":
            users += 1
            if users > _RETRY_WITHIN_MESSAGES:
                return False
        elif kind == "bot":
            if (event.get("metadata") or {}).get("utter_action") == "utter_verification_failed":
                return True
        elif (
            kind == "active_loop"
            and event.get("name")
            or (
                kind == "slot"
                and event.get("name") in ("case_reference", "created_reference")
                and event.get("value")
            )
        ):
            return False
    return False


def _last_value(events: list[dict[str, Any]], slot: str) -> Any:
    """The last value other than None the events gave `slot`."""
    for event in reversed(events):
        if event.get("event") == "slot" and event.get("name") == slot and event.get("value"):
            return event["value"]
    return None


async def check_retyped_answer(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
) -> list[EventType] | None:
    """After a failed check, a retyped e-mail address or postcode is checked as the next attempt
    (counted like any other: the per-reference and per-conversation limits hold) and the request
    is answered as the lookup form would have it answered; None if the message is not one.
    Outside testing: "sorry I mistyped, it's SW1A 1AA" got "I didn't follow that"."""
    retyped = retyped_answer(tracker)
    if retyped is None:
        return None
    slots: dict[str, Any] = {
        "case_reference": retyped.reference,
        "pending_request": retyped.request,
        "pending_request_for": retyped.reference,
        **await check_answer(tracker, retyped.reference, retyped.answer),
    }
    handled = tracker.copy()
    handled.slots.update(slots)
    events: list[EventType] = [SlotSet(name, value) for name, value in slots.items()]
    events += await ActionHandleCaseRequest().run(dispatcher, handled, domain)
    if any(isinstance(e, dict) and e.get("event") == "followup" for e in events):
        # The request goes on ("Are you sure? This removes ..." for needs taken off): ending the
        # turn here left the customer an empty reply (outside customers B, F15, 3 of 3).
        return events
    # The turn ends here: the customer's message was the answer, nothing else to act on.
    return [*events, FollowupAction("action_listen")]


# "how do I escalate?", "who do I escalate to?": a question about the route, answered from the
# code before any case is looked up (outside compliance r14 F16).
_ASKS_HOW = re.compile(r"\bhow\b|\bwho\b|\bwhat (?:do|should|can) i\b|\bwhere\b")


class ActionSetCaseRequest(Action):
    """Remembers what the customer wants done with a case."""

    def name(self) -> str:
        return "action_set_case_request"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        given = reference_given(tracker) or reference_body_given(tracker)
        said = str(tracker.latest_message.get("text") or "")
        if given is None and not REFERENCE_IN_TEXT.search(said):
            if tracker.active_loop.get("name") == "case_lookup_form" and asks_for_a_new_complaint(
                said
            ):
                # "make a new complaint" at the reference or identity question, read as asking
                # about a case (outside attacker, round 18, F3): the check ends, nothing counted,
                # and the complaint starts as any does.
                dispatcher.utter_message(response="utter_verification_left_for_complaint")
                return [
                    *leave_case_check(tracker),
                    *read_as(tracker.latest_message, "make_complaint"),
                ]
            if asks_about_a_lock(said) and not complaint_in_progress(tracker):
                # "have I been locked out?" read as asking about a case or to escalate: the one
                # reply, nothing checked or counted, and any question being asked still stands.
                utter_lock_asked(dispatcher, provider_for(tracker))
                return [FollowupAction("action_listen")]
        answered = answer_to_the_question(tracker)
        if answered is not None:
            return answered  # "CF24 0DE" at the postcode question, read as asking about a case
        same = same_complaint_answered(dispatcher, tracker)
        if same is not None:
            # "is it the same one?" after logging, read as asking about a case (outside testers,
            # "customers' own words": the reference asked for): the complaint logged here.
            return same
        added = await addition_once_logged_chosen(dispatcher, tracker)
        if added is not None:
            # "About IG-XAP53A" (the button or its title typed) after "can you add the engineer job
            # ref was ENG55231": added, never the status only (outside testers, round 16, F8).
            return added
        added = await addition_to_checked_case(dispatcher, tracker, checking=True)
        if added is not None:
            # "I want to add something to my complaint IG-GQF926", "just add to IV-...: ..." (outside
            # compliance r15: the status only, the addition dropped): added, asked, or the case
            # checked first with the addition waiting.
            return added
        if intent == "check_case":
            # "it's SW1A 1AA" after a failed check, read as asking about the case: the next try.
            retried = await check_retyped_answer(dispatcher, tracker, domain)
            if retried is not None:
                return retried
        withdrawn = withdrawal_in_words(tracker) if intent != "withdraw_consent" else None
        if withdrawn is not None and given is None:
            # "sorry can you take the priority repair thing off again", read as a case check: the
            # withdrawal it is (outside re-test, 27 Nov afternoon: the status, and the need stayed).
            return withdrawn
        if removal_awaited(tracker) and action_before_latest(tracker) == (
            "action_ask_confirm_needs_removal"
        ):
            # "yes remove them" at "are you sure?", read as withdrawing again: the answer.
            return [FollowupAction("action_confirm_needs_removal")]
        if (
            intent == "withdraw_consent"
            and given is None
            and complaint_in_progress(tracker)
            and request_for_intent(intent, tracker.latest_message.get("text")) != UNCLEAR
        ):
            # Before the complaint is logged nothing is recorded: drop what was agreed, no check.
            return drop_pending_needs(dispatcher, tracker, domain)
        if (
            intent in ("check_case", "withdraw_consent")
            and given is None
            and awaiting_read_back(tracker)
            and not REFERENCE_IN_TEXT.search(str(tracker.latest_message.get("text") or ""))
        ):
            # At "Shall I log it?", with no reference named, there is no other case to look up:
            # the complaint here is read back, never "What is your complaint reference?" (outside
            # customers A F5, B F2/F20, 27 Nov: the read-back lost and the complaint with it).
            dispatcher.utter_message(response="utter_back_to_read_back")
            return [FollowupAction("action_summarise_complaint")]
        if (
            tracker.active_loop.get("name") == "complaint_form"
            and tracker.get_slot("requested_slot") == "account_number"
        ):
            # "i already told you IG-448812" at the account question, read as a case reference
            # (outside testing, 27 Nov: the complaint was left for a case check): the answer.
            # With no number in it ("i already gave it you"), the form goes on, saying it has none
            # yet (outside customers A, round 12, H6: re-read, it met the fallback, then "What is
            # your complaint reference?").
            if account_from_answer(tracker.latest_message.get("text")) is None or not any(
                ch.isdigit() for ch in str(tracker.latest_message.get("text") or "")
            ):
                dispatcher.utter_message(response="utter_account_not_given_yet")
                return [FollowupAction("complaint_form")]
            return read_as(tracker.latest_message, "inform")
        lost = lost_reference_told(dispatcher, tracker)
        if lost is not None:
            return lost
        if given is None and tracker.active_loop.get("name") == "complaint_form":
            # "you should already have it on file" while a complaint is being taken is an answer
            # that will not do, not a request to check a case (issue 19): the form asks again.
            return [FollowupAction("complaint_form")]
        text = tracker.latest_message.get("text")
        named_none = given is None and not REFERENCE_IN_TEXT.search(str(text or ""))
        if (
            named_none
            and intent == "check_case"
            and names_a_new_complaint(text)
            and not complaint_in_progress(tracker)
        ):
            # "complaint about being kept on hold", read as asking about a case by a retrained
            # model (CI): the customer has no case yet; the complaint starts.
            return read_as(tracker.latest_message, "make_complaint")
        if named_none and wants_it_logged_here(text) and not complaint_in_progress(tracker):
            # "got a deadlock letter from you lot ... want to log it properly and know my rights"
            # (outside customers A, round 13, F22: the reference asked for, then the phone).
            return read_as(tracker.latest_message, "make_complaint")
        if named_none and (
            (intent == "check_case" and asks_what_if(text))
            or asks_adr_for_a_day(text, clock.now().date())
            or asks_adr_about_prices(text)
        ):
            # "what if my complaint is still open after a few weeks?" is a question about the
            # customer's rights, not a case to look up (issue 15): answered as the ADR question;
            # so is "you've put my price up, can I take you to the ombudsman?", whose answer says
            # what ADR takes about prices (outside compliance reader, F6).
            return read_as(tracker.latest_message, "ask_adr")
        if (
            named_none
            and not complaint_in_progress(tracker)
            and letter_received_day_in(text, clock.now().astimezone(clock.LONDON).date())
            is not None
            and topic_asked(text) == "ask_response_time"
        ):
            # "you received my complaint letter on Monday 23 November, when will you reply?": when
            # the code's replies are due for that letter, from that day (outside testers, round
            # 13: asked for a case reference the customer may not have yet).
            return read_as(tracker.latest_message, "ask_response_time")
        if holds_adr_letter(text) and not complaint_in_progress(tracker):
            # "I've got a deadlock letter from you", "they sent me a final response letter last
            # week": a letter held, not asked for; what holding it means is the ADR question,
            # and nothing is recorded on any case (issue 14: logged as a request for one).
            return read_as(tracker.latest_message, "ask_adr")
        if (
            named_none
            and has_no_reference(str(text or ""))
            and reads_as_a_complaint(text)
            and not complaint_in_progress(tracker)
        ):
            # "i rang 3 weeks ago to complain about being overcharged ... nobody did. i dont have a
            # reference number": a complaint to take here, from what they said (outside customers
            # A, 27 Nov: asked for the reference they had just said they lacked, then sent to the
            # phone; logged later, it lost what happened and the day first raised).
            return read_as(tracker.latest_message, "make_complaint")
        if named_none and not about_a_case(text) and not complaint_in_progress(tracker):
            told = complaint_told(tracker)
            if told is not None:
                # "I'm being chased by a debt collector for a bill I already paid!!! this is
                # harassment": no case named, something gone wrong told (issue 15).
                return told
        if named_none and asks_for_own_data(text) and not reads_as_a_complaint(text):
            # "I want to know what data you hold on me", read as asking about a case: the
            # privacy question it is (outside compliance r12 M8).
            return read_as(tracker.latest_message, "ask_privacy")
        if named_none and asks_what_help(text):
            # "What help can you give me with making a complaint?": the help there is.
            return read_as(tracker.latest_message, "ask_accessible_formats")
        asked = repair_time_question_in_words(tracker) if named_none else None
        if asked is not None and not complaint_in_progress(tracker):
            # "when will my broadband be fixed?" read as asking about a case: what the code says
            # about fault repair times (issue 14), not a reference asked for.
            return asked
        if named_none and asks_about_other_body(text, [b.name for b in load_rules().not_schemes]):
            # "how do I contact Ofcom?" is the contact question, answered with Ofcom's own
            # details (outside compliance reader, F6: it was asked for a complaint reference).
            return read_as(tracker.latest_message, "ask_contact")
        follow_up = follow_up_asked(tracker)
        # "Can I ask you for one?" just after the letter was explained: the ADR letter, by context.
        one_asked = follow_up is not None and follow_up.about == ADR_LETTER_ON_REQUEST
        request = "adr_letter" if one_asked else request_for_intent(intent, text)
        if request in ("status", UNCLEAR) and (asks_to_change_detail(text) or gives_a_detail(text)):
            # "please change the email on my complaint IV-2CH02J to ...": the chat changes no
            # detail, and says so once the case is checked (outside attacker, round 10, F5).
            request = CHANGE_DETAILS
        events: list[EventType] = [SlotSet("pending_request", request)]
        if request == "adr_letter" and named_none and not tracker.get_slot("verified_reference"):
            # "Can I ask you to send me a deadlock letter?" with no case named: what the letter
            # is, when it must be sent and the customer's own date first, then the reference to
            # record the request on (outside compliance review, 27 Nov: only the reference was
            # asked, so a customer with no case learnt nothing). Just after it was explained, not
            # again: that no source gives one on request, and what to do.
            code = provider_for(tracker)
            if one_asked:
                explain_adr_letter_on_request(dispatcher, code, clock.now(), text)
            else:
                explain_adr_letter(dispatcher, code, load_rules(), clock.now(), text)
            dispatcher.utter_message(response="utter_adr_letter_request_needs_reference")
        if (
            request == "escalation"
            and named_none
            and _ASKS_HOW.search(str(text or "").lower())
            and not tracker.get_slot("verified_reference")
            and not complaint_in_progress(tracker)
            and not (
                tracker.active_loop.get("name") == "case_lookup_form"
                and tracker.get_slot("requested_slot") == "verification_answer"
            )
        ):
            # "i want to escalate to your managing director right now, how?" with no case named:
            # the code's route first (who, and how to ask), then the reference to record it on
            # (outside compliance r14 F16: only "What is your complaint reference?" was asked).
            code = provider_for(tracker)
            utter_escalation_route(dispatcher, code, provider_facts(code), include_first=False)
            dispatcher.utter_message(response="utter_escalation_request_needs_reference")
        try:
            reference = normalise_reference(given) if given else None
        except ValueError:
            reference = None  # a malformed reference: the lookup form asks for it again
        start = reference_to_check(given, reference, tracker.get_slot("verified_reference"))
        checking = (
            reference_being_checked(tracker)
            if tracker.active_loop.get("name") == "case_lookup_form"
            and tracker.get_slot("requested_slot") == "verification_answer"
            else None
        )
        if checking and given is None and not REFERENCE_IN_TEXT.search(str(text or "")):
            # "escalate it please" while the e-mail address or postcode for a case is asked: the
            # same case, still being checked (outside attacker, round 10, F9: the right postcode
            # was then answered "What is your complaint reference?"), even when another case was
            # verified earlier (outside testers, issue 13: "and an escalation too" at case B's
            # question was logged at once on the verified case A).
            events.append(SlotSet("case_reference", checking))
            waiting = tracker.get_slot("pending_request")
            if (
                request in ("status", UNCLEAR)
                and waiting in NOT_DONE_UNCHECKED
                and not takes_back_request(text)
            ):
                # "what's happening with it?" while the escalation for that case waits for its
                # check: the escalation still waits (its status comes with it), never dropped
                # unsaid.
                events[0] = SlotSet("pending_request", waiting)
        elif checking and reference == checking:
            events.append(SlotSet("case_reference", checking))  # the same case named again
        elif (
            given is None
            and tracker.active_loop.get("name") == "case_lookup_form"
            and tracker.get_slot("requested_slot") == "case_reference"
            and request in ("status", UNCLEAR)
            and tracker.get_slot("pending_request") in NOT_DONE_UNCHECKED
            and not takes_back_request(text)
        ):
            # "the first one" at "What is your complaint reference?", read as asking about a
            # case: the escalation asked for still waits for the reference (outside attacker,
            # round 12, M1: lost, and "I haven't asked for anything to be done" said). The words
            # are the answer to the question, for the form to say why they will not do (issue 13:
            # the question was asked again with no reason).
            events[0] = SlotSet("pending_request", tracker.get_slot("pending_request"))
            events += _answer_to_reference_question(text)
        elif (
            start.reference is None
            and named_none
            and at_reference_question(tracker)
            and request in ("status", UNCLEAR)
        ):
            # "the first one" at "What is your complaint reference?" with no case checked: the
            # answer, which the form says will not do, and why (issue 13).
            events += _answer_to_reference_question(text)
        elif not start.keep:
            # The verified case (validating it, when the lookup form starts, asks the store
            # whether this conversation checked it lately), or nothing stale: ask for it.
            events.append(SlotSet("case_reference", start.reference))
        elif next(tracker.get_latest_entity_values("reference"), None) is None:
            # Typed with a space or without the hyphen, so no entity for the form to map: set
            # for the lookup form to check like any other.
            events.append(SlotSet("case_reference", given))
        asked_before = tracker.get_slot("pending_request")
        if (
            tracker.active_loop.get("name") == "case_lookup_form"
            and named_none
            and asked_before in NOT_DONE_UNCHECKED
            and request in NOT_DONE_UNCHECKED
            and request != asked_before
        ):
            # A second request about the case being checked, before its check ("send me the
            # deadlock letter", then "and escalate it too"): one waits, the later, and the
            # customer is told which, and how to ask for the other (issue 13: replaced unsaid).
            dispatcher.utter_message(
                response="utter_case_request_replaced"
                if checking
                else "utter_case_request_replaced_no_reference",
                request=NOT_DONE_UNCHECKED[request],
                dropped=NOT_DONE_UNCHECKED[asked_before],
                **({"reference": checking} if checking else {}),
            )
        # The request carries the reference it is made for (none yet: the form's, when given).
        events += [
            SlotSet(k, v) for k, v in request_made_for(tracker, _reference_set(events)).items()
        ]
        # Never a verdict here: only validating the reference or the customer's answer gives one.
        events.append(SlotSet("verification_answer", None))
        return events


def leave_case_check(tracker: Tracker) -> list[EventType]:
    """The events that end the lookup form with nothing checked and nothing waiting."""
    return [
        ActiveLoop(None),
        SlotSet("requested_slot", None),
        SlotSet("case_reference", None),
        SlotSet("verification_answer", None),
        SlotSet("pending_request", None),
        SlotSet("answer_failures", None),
        *[SlotSet(k, v) for k, v in request_made_for(tracker, None).items()],
    ]


def request_made_for(tracker: Tracker, reference: str | None) -> dict[str, Any]:
    """The slot that says which case the pending request was made for, set to `reference` (empty
    when it already says so, so no event is added for nothing)."""
    if tracker.get_slot("pending_request_for") == reference:
        return {}
    return {"pending_request_for": reference}


def at_reference_question(tracker: Tracker) -> bool:
    """Whether the lookup form's question now is "What is your complaint reference?"."""
    return (
        tracker.active_loop.get("name") == "case_lookup_form"
        and tracker.get_slot("requested_slot") == "case_reference"
    )


async def reference_answered(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
) -> list[EventType] | None:
    """At "What is your complaint reference?", a message that is only one of this provider's
    references, typed with a space, in lower case or with a dash of any kind ("IN WDVYAJ", "in
    wdvyaj"), whatever intent the model read: the answer, checked as the form checks it, and the
    form next; None otherwise. The actions the form's interruption rules run call this first
    (outside attacker, round 19, F6: read as asking about accessible formats, "IN WDVYAJ" got that
    answer and the question again). Checked here because Rasa's form validates only straight
    after the customer's message, never after another action (`_checked_by_the_form`)."""
    if not at_reference_question(tracker):
        return None
    code = provider_for(tracker)
    reference = reference_typed_alone(tracker.latest_message.get("text"), code.reference_prefix)
    if reference is None:
        return None
    answered = tracker.copy()
    answered.slots["case_reference"] = reference
    result = await ValidateCaseLookupForm().validate_case_reference(
        reference, dispatcher, answered, domain
    )
    return [
        SlotSet("provider", code.id),
        *(SlotSet(name, value) for name, value in result.items()),
        FollowupAction("case_lookup_form"),
    ]


def _answer_to_reference_question(text: Any) -> list[EventType]:
    """The customer's words, set as the answer to "What is your complaint reference?" so the form
    checks them (and, when they are not a reference, says so with this provider's example)."""
    words = str(text or "").strip()
    return [SlotSet("case_reference", words)] if words else []


def _reference_set(events: list[EventType]) -> str | None:
    """The reference `events` set the lookup form's `case_reference` to, normalised; else None."""
    for event in reversed(events):
        if event.get("event") == "slot" and event.get("name") == "case_reference":
            try:
                return normalise_reference(str(event.get("value") or ""))
            except ValueError:
                return None
    return None


def answer_with_reference(tracker: Tracker) -> str | None:
    """The e-mail address or postcode typed in the same message as the reference, or None. The
    reference itself is taken out first: six characters after a prefix can have a postcode's
    shape ("IG-W1A0AX")."""
    text = str(tracker.latest_message.get("text") or "")[:500]
    if reference_body_in(text, provider_for(tracker).reference_prefix) is not None:
        # "VT52HN" is the reference typed without its prefix, though it has a postcode's shape
        # (VT5 2HN): never also the answer to the identity question, a failed try (one reference
        # in ten is shaped so; fix18a's test failed at random on them).
        return None
    prefixes = [code.reference_prefix for code in load_all_codes().values()]
    rest = REFERENCE_IN_TEXT.sub(" ", text)
    rest = _references_named(prefixes).sub(" ", rest)
    return identity_detail_in(rest)


def lost_reference_told(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """ "I lost my reference, can you resend the confirmation email for my complaint to ...",
    whatever the model read: how to find the complaint without its reference (the provider's
    contact), never a new complaint nor anything sent (outside attacker F7, 27 Nov: a new
    complaint was started, with the typed address as its e-mail). None for other words, when a
    reference is named, or while a complaint is being taken."""
    text = str(tracker.latest_message.get("text") or "")
    if not asks_for_a_lost_reference(text) or reference_given(tracker) is not None:
        return None
    if REFERENCE_IN_TEXT.search(text) or complaint_in_progress(tracker):
        return None
    if tracker.active_loop.get("name") or awaiting_read_back(tracker):
        return None
    code = provider_for(tracker)
    email = code.contact("email", purpose="complaints")
    dispatcher.utter_message(
        response="utter_no_reference",
        email=f" or by e-mail at {email.value}" if email else "",
        **provider_facts(code),
    )
    return [
        SlotSet("case_reference", None),
        SlotSet("verification_answer", None),
        SlotSet("pending_request", None),
        FollowupAction("action_listen"),
    ]


def case_named_in_words(tracker: Tracker, intent: str = "check_case") -> list[EventType] | None:
    """A message naming a case reference (with the hyphen or without, in any case: "whats the
    latest on ig98wqgw, email x@y.com", "IN-KC5E8R M1 1AE status please") that the model read as
    something else, when nothing else is under way: put back as asking about that case, so the
    lookup form checks the reference and any e-mail address or postcode with it at once (outside
    customers A F8, compliance F24, 27 Nov: "Sorry, I didn't follow that"); as `intent` where the
    caller read the request from the words ("please escalate my complaint IG-1W9ZDE"). None
    otherwise."""
    if tracker.active_loop.get("name") or awaiting_read_back(tracker):
        return None
    if (tracker.latest_message.get("intent") or {}).get("name") == "check_case":
        return None
    given = reference_given(tracker)
    if given is None:
        body = reference_body_given(tracker)
        if body is None:
            return None
        # "8ZBBTK": the provider's reference typed without its prefix, put back with the
        # reference the NLU's pattern would have found in it.
        latest = dict(tracker.latest_message)
        latest["entities"] = [
            *(latest.get("entities") or []),
            {"entity": "reference", "value": body, "extractor": "reference_body"},
        ]
        return read_as(latest, intent)
    try:
        normalise_reference(given)
    except ValueError:
        return None
    return read_as(tracker.latest_message, intent)


def _references_named(prefixes: list[str]) -> re.Pattern[str]:
    """A reference with one of `prefixes`, typed with a space or without the hyphen."""
    names = "|".join(sorted({re.escape(p) for p in prefixes}, key=len, reverse=True))
    return re.compile(
        rf"(?<![0-9A-Za-z])(?:{names})[\s-]*[0-9A-Za-z]{{3}}[\s-]?[0-9A-Za-z]{{3}}(?![0-9A-Za-z])",
        re.I,
    )


class ValidateCaseLookupForm(NoticesCircumstances, FormValidationAction):
    """Checks the reference's shape, then the customer's email or postcode against the case."""

    hears_call_times = False  # no complaint is being taken at a case check

    def name(self) -> str:
        return "validate_case_lookup_form"

    async def validate_case_reference(self, value, dispatcher, tracker, domain) -> dict[str, Any]:
        given = reference_given(tracker) or value
        if given is None:
            # Cleared when a request starts ("what if my complaint is still open?" gave no
            # reference): nothing to check, so the form simply asks for it.
            return {"case_reference": None}
        # A customer without a reference can always get out (outside compliance review: an ADR
        # letter request without one asked for it again and again).
        stop_asking = {
            "case_reference": None,
            "verification_answer": NO_REFERENCE,
            "answer_failures": None,
            "requested_slot": None,
        }
        said = str(tracker.latest_message.get("text") or "")
        if (
            wants_it_logged_here(said) or asks_for_a_new_complaint(said)
        ) and not REFERENCE_IN_TEXT.search(said):
            # "no reference. I want to make a complaint", "so can i not just log it here then?":
            # the complaint is made here, after the check ends (outside customers A, round 13,
            # F22: each was sent to the phone as "Without a complaint reference ...").
            return {**stop_asking, "verification_answer": NEW_COMPLAINT_INSTEAD}
        if asks_about_a_lock(said) and reference_given(tracker) is None:
            # "is my case locked?" at the reference question: the one reply, no try counted.
            utter_lock_asked(dispatcher, provider_for(tracker))
            return {"case_reference": None}
        if has_no_reference(str(given)):
            return stop_asking
        # "8ZBBTK", "ref 8zbbtk": this provider's reference typed without its prefix (outside
        # attacker, round 18, F6), before "ref 8ZBBTK" could be read as a prefix "REF".
        reference = (
            reference_body_in(str(given), provider_for(tracker).reference_prefix)
            if reference_given(tracker) is None
            else None
        )
        if reference is None:
            try:
                reference = normalise_reference(str(given))
            except ValueError:
                reference = None
        if reference is None:
            record = tracker.get_slot("answer_failures")
            record = record if isinstance(record, dict) else {}  # the tracker is the client's
            tries = (record.get("count", 0) if record.get("slot") == "case_reference" else 0) + 1
            if tries >= MAX_REFERENCE_TRIES:
                return stop_asking
            # Never the customer's words quoted back (outside testing: a whole sentence was,
            # with another provider's example), but six letters of a reference, with the prefix
            # they may have left off (outside attacker, round 19, F7).
            code = provider_for(tracker)
            prefixed = prefix_left_off(str(given), code.reference_prefix)
            if prefixed is not None:
                dispatcher.utter_message(
                    response="utter_reference_needs_prefix",
                    reference=prefixed,
                    **provider_facts(code),
                )
            else:
                dispatcher.utter_message(
                    response="utter_reference_invalid",
                    example=f"{code.reference_prefix}-7K3Q9X",
                    **provider_facts(code),
                )
            return {
                "case_reference": None,
                "answer_failures": {"slot": "case_reference", "count": tries},
            }
        code = provider_for(tracker)
        other = other_providers_reference(reference, code)
        if other is not None:
            # "check my complaint IV-MJR6QT" in Infinity Group's chat: whose reference it is and
            # how to reach them, before any check; no detail asked, nothing counted, no lock.
            utter_other_providers_reference(dispatcher, code, other, reference)
            return {**stop_asking, "verification_answer": OTHER_PROVIDER}
        # A request belongs to the reference it was asked for: a message naming another case
        # while one is checked ("actually no, just tell me the status of IV-5NMX6N") asks what
        # its own words ask, never the other case's escalation or ADR letter (outside attacker,
        # round 10, F0: both were logged on the verified case named for its status).
        request = self._request_for(dispatcher, tracker, reference)
        if reference == tracker.get_slot("verified_reference"):
            try:
                if await recently_verified(tracker, reference):
                    return {
                        "case_reference": reference,
                        "verification_answer": VERIFIED,
                        **request_made_for(tracker, reference),
                        **request,
                    }
            except Exception:
                logger.exception("case store unavailable while checking a verification")
        answer = answer_with_reference(tracker)
        if answer is not None:
            # "IG-7K3Q9X SW1A 2AA", "ref IN-... postcode M1 1AE": the answer came with the
            # reference, and is checked (and counted) as if typed at its question (outside
            # testers: asked for again).
            return {
                "case_reference": reference,
                **await check_answer(tracker, reference, answer),
                **request_made_for(tracker, reference),
                **request,
            }
        return {
            "case_reference": reference,
            "verification_answer": None,
            **request_made_for(tracker, reference),
            **request,
        }

    @staticmethod
    def _request_for(
        dispatcher: CollectingDispatcher, tracker: Tracker, reference: str
    ) -> dict[str, Any]:
        """The pending request, read again from the latest message's words when it names another
        case than the one the request was asked for; nothing to change otherwise."""
        asked_for = _value_before_latest_message(tracker, "case_reference")
        if not isinstance(asked_for, str) or not asked_for:
            return {}  # the reference asked for by the request itself
        try:
            if normalise_reference(asked_for) == reference:
                return {}
        except ValueError:
            return {}  # a malformed reference retyped: the same request
        waiting = _value_before_latest_message(tracker, "pending_request")
        if waiting in NOT_DONE_UNCHECKED:
            # The request made for the other case is dropped, and the customer told so plainly
            # (outside testers, issue 13: dropped without a word, or logged on this case).
            dispatcher.utter_message(
                response="utter_case_request_not_done_unchecked",
                request=NOT_DONE_UNCHECKED[waiting],
                reference=normalise_reference(asked_for),
            )
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        return {"pending_request": request_in_words(intent, tracker.latest_message.get("text"))}

    async def validate_verification_answer(
        self, value, dispatcher, tracker, domain
    ) -> dict[str, Any]:
        if value is None:
            return {}  # cleared when a request starts: nothing to check, and no verdict to undo
        reference = reference_being_checked(tracker)
        if next(tracker.get_latest_entity_values("reference"), None) is not None:
            # This message gave a (new) reference, not an answer: keep what validating the
            # reference decided (verified, or still to ask).
            return {
                "verification_answer": tracker.get_slot("verification_answer")
                if value != tracker.get_slot("verification_answer")
                else None
            }
        if not reference:
            return {"verification_answer": None}
        if reference_retyped(tracker.latest_message.get("text"), reference):
            # "je91tz i said": the reference again, not a guess, though its six characters may
            # have a postcode's shape (JE9 1TZ): nothing checked or counted (outside customers A,
            # round 19, F3: a failed try against the customer's own case).
            dispatcher.utter_message(
                response="utter_verification_reference_again", reference=reference
            )
            return {"verification_answer": None}
        # The customer's words, not the slot: NLU fills it with the e-mail entity alone of
        # "please change my email to ..." (issue 13: five such requests locked the case).
        said = read_identity_answer(tracker.latest_message.get("text") or str(value))
        if said.reading is Reading.ANSWER and said.value:
            recovered = (
                {}
                if reference == tracker.get_slot("case_reference")
                else {"case_reference": reference}
            )
            return {**recovered, **await check_answer(tracker, reference, said.value)}
        if said.reading is Reading.UNKNOWN:
            # How to reach the provider instead (action_handle_case_request), nothing counted.
            return {"verification_answer": DETAIL_UNKNOWN}
        if said.reading is Reading.NEW_COMPLAINT:
            # The complaint starts after the check ends (action_handle_case_request).
            return {"verification_answer": NEW_COMPLAINT_INSTEAD}
        if said.reading is Reading.LOCK_ASKED:
            # "have I been locked out?": the one reply, nothing counted, and the question again.
            utter_lock_asked(dispatcher, provider_for(tracker))
            return {"verification_answer": None}
        # "hi", "?", a phone number, a request or a question: no e-mail address or postcode to
        # check, so not a guess (outside attacker: five of these locked the owner out of their
        # own case). Answered plainly, and the question is asked again.
        dispatcher.utter_message(
            response=NOT_AN_ANSWER_REPLY[said.reading], **provider_facts(provider_for(tracker))
        )
        if tracker.get_slot("pending_request") in LOGGED_FOR_STAFF and takes_back_request(
            tracker.latest_message.get("text")
        ):
            # "no", "no sorry, I only want the status": the escalation or ADR letter asked for a
            # moment ago is taken back, and nothing is logged (outside attacker, round 10, F0).
            return {"verification_answer": None, "pending_request": "status"}
        return {"verification_answer": None}


async def check_answer(tracker: Tracker, reference: str, answer: str) -> dict[str, Any]:
    """The store's verdict on `answer` for `reference` (the check counted against both), as the
    slots the lookup form leaves."""
    code = provider_for(tracker)
    now = clock.now()
    try:
        outcome = await with_store(
            lambda store: CaseVerification(store).check(
                reference,
                answer,
                conversation_id=tracker.sender_id,
                channel=_channel(tracker),
                now=now,
                own_prefix=code.reference_prefix,
            )
        )
    except Exception:
        logger.exception("case store unavailable while verifying a customer")
        return {"verification_answer": UNAVAILABLE}
    if outcome is Outcome.VERIFIED:
        return {"verification_answer": VERIFIED, "verified_reference": reference}
    if outcome is Outcome.LOCKED:
        logger.warning("verification refused: the reference is locked")
    elif outcome is Outcome.LIMITED:
        logger.warning("verification refused: too many checks from one conversation")
    return {"verification_answer": NOT_VERIFIED}


class ActionAskCaseReference(Action):
    """Asks for the complaint reference, with an example in this provider's own form."""

    def name(self) -> str:
        return "action_ask_case_reference"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        code = provider_for(tracker)
        dispatcher.utter_message(
            response="utter_ask_case_reference", example=f"{code.reference_prefix}-7K3Q9X"
        )
        return []


def _same_case(made_for: Any, reference: Any) -> bool:
    if not isinstance(made_for, str) or not isinstance(reference, str):
        return False  # none, or not text: the tracker is the client's
    try:
        return normalise_reference(str(made_for)) == normalise_reference(str(reference))
    except ValueError:
        return False


class ActionHandleCaseRequest(Action):
    """Once verified: gives the case's status, or logs an escalation or ADR-letter request (what
    the customer is told is decided in bot/cases/customer_requests.py)."""

    def name(self) -> str:
        return "action_handle_case_request"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        code = provider_for(tracker)
        facts = provider_facts(code)
        reference = tracker.get_slot("case_reference")
        outcome = tracker.get_slot("verification_answer")
        reset = [
            SlotSet("case_reference", None),
            SlotSet("verification_answer", None),
            SlotSet("pending_request", None),
            *[SlotSet(k, v) for k, v in request_made_for(tracker, None).items()],
        ]
        if outcome == UNAVAILABLE:
            dispatcher.utter_message(response="utter_case_request_failed", **facts)
            return reset
        if outcome == NO_REFERENCE:
            email = code.contact("email", purpose="complaints")
            dispatcher.utter_message(
                response="utter_no_reference",
                email=f" or by e-mail at {email.value}" if email else "",
                **facts,
            )
            return [*reset, SlotSet("answer_failures", None)]
        if outcome == OTHER_PROVIDER:
            return reset  # said when the reference was given: whose it is, and their contacts
        if outcome == NEW_COMPLAINT_INSTEAD:
            dispatcher.utter_message(response="utter_verification_left_for_complaint")
            return [*reset, *read_as(tracker.latest_message, "make_complaint")]
        if outcome == DETAIL_UNKNOWN:
            email = code.contact("email", purpose="complaints")
            dispatcher.utter_message(
                response="utter_verification_detail_unknown",
                email=f" or by e-mail at {email.value}" if email else "",
                **facts,
            )
            return reset
        if not _same_case(tracker.get_slot("pending_request_for"), reference):
            # A request acts only on the case it was made for: the lookup form's own steps always
            # say which (`pending_request_for`, set whenever a reference is given). None, or
            # another case, is a forged or broken tracker (a POST to /webhook): nothing disclosed,
            # nothing recorded, and the reply a wrong answer gets (issue 13).
            logger.warning("a case request not made for the case named was refused")
            utter_not_verified(dispatcher, code)
            return [*reset, SlotSet("verified_reference", None)]
        try:
            # Every time, whatever the slots say: a check this conversation passed, in the store.
            verified = await recently_verified(tracker, reference)
        except Exception:
            logger.exception("case store unavailable while handling a case request")
            dispatcher.utter_message(response="utter_case_request_failed", **facts)
            return reset
        if not verified:
            utter_not_verified(dispatcher, code)
            return [*reset, SlotSet("verified_reference", None)]
        request = tracker.get_slot("pending_request") or "status"
        if request == CHANGE_DETAILS:
            # Nothing about the case is changed here: said plainly, with how to reach the
            # provider to change it (its code's contacts), then the status.
            details_not_changed_here(dispatcher, code, reference)
            request = "status"
        if request == ADD_NOTE:
            # "just add to IG-...: ..." before the check (outside compliance r15: dropped): the
            # words kept through the check are added now, or asked for.
            added = tracker.get_slot("pending_addition")
            return [
                *reset,
                SlotSet("pending_addition", None),
                *await add_to_checked_case(
                    dispatcher, tracker, reference, added if isinstance(added, str) else None
                ),
                SlotSet("provider", code.id),
            ]
        if request == "withdraw_needs":
            return [*reset, *await withdraw_consent_on_case(dispatcher, tracker, reference, domain)]
        now = clock.now()
        try:
            if request in LOGGED_FOR_STAFF:
                await with_store(
                    lambda store: store.request_by_customer(
                        reference, request, now=now, actor="customer", channel="chat"
                    )
                )
            case = await with_store(lambda store: store.get(reference))
        except Exception:
            logger.exception("case store unavailable while handling a case request")
            dispatcher.utter_message(response="utter_case_request_failed", **facts)
            return reset
        if case is None:  # verified a moment ago, so only a purge in between can do this
            dispatcher.utter_message(response="utter_case_request_failed", **facts)
            return reset
        case_code = get_code(case.provider)
        for reply in replies_about_case(case, request, case_code, load_rules(), now):
            dispatcher.utter_message(
                response=reply.response,
                **reply.values,
                **(sourced(*reply.sources) if reply.sources else {}),
            )
        if request in ("status", UNCLEAR):
            # The needs recorded on it, and that they can be changed (care15b, F22).
            await say_needs_on_case(dispatcher, domain, reference)
        if request == "status":
            # "I have made a complaint, IN-NSA4XP. please note my son can speak for me" (outside
            # testers, round 13, F5: the status only, the request dropped): noted on it too.
            await needs_noted_on_case(dispatcher, tracker, domain, reference)
        return [*reset, SlotSet("provider", code.id)]


@hears_cues_in_passing
class ActionStopCaseCheck(Action):
    """Stops checking a case when the customer asks; an answer that says they have no reference
    ("I don't have it", read as stop by CI's retrained model) gets the way to reach the provider
    without one instead, as it would had the model read it as the answer."""

    def name(self) -> str:
        return "action_stop_case_check"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        ended: list[EventType] = [
            ActiveLoop(None),
            SlotSet("requested_slot", None),
            *[SlotSet(k, v) for k, v in request_made_for(tracker, None).items()],
        ]
        text = tracker.latest_message.get("text")
        reference = reference_being_checked(tracker)
        if (
            tracker.get_slot("requested_slot") == "verification_answer"
            and reference
            and reference_retyped(text, reference)
            and not plainly_stops(text)
        ):
            # "8zbbtk i said" at the identity question, read as stop (the round-19 server test):
            # the reference again, never a stop; what is needed, and the check goes on.
            dispatcher.utter_message(
                response="utter_verification_reference_again", reference=reference
            )
            return []
        if asks_for_a_new_complaint(text) and not REFERENCE_IN_TEXT.search(str(text or "")):
            # "no, make a new complaint instead", read as stop (outside attacker, round 18, F3):
            # the check ends, nothing counted, and the complaint starts as any does.
            dispatcher.utter_message(response="utter_verification_left_for_complaint")
            return [
                *ended,
                *leave_case_check(tracker),
                *read_as(tracker.latest_message, "make_complaint"),
            ]
        if tracker.get_slot("requested_slot") == "case_reference" and has_no_reference(text):
            without = tracker.copy()
            without.slots.update({"case_reference": None, "verification_answer": NO_REFERENCE})
            return [*ended, *await ActionHandleCaseRequest().run(dispatcher, without, domain)]
        dispatcher.utter_message(response="utter_complaint_stopped")
        return [
            *ended,
            SlotSet("case_reference", None),
            SlotSet("verification_answer", None),
            SlotSet("pending_request", None),
        ]


async def who_deals_next_asked(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """ "who will deal with it now and when?" after the customer asked, here, for a checked case to
    be escalated, whatever the model read (outside compliance, round 18, F19: a new complaint was
    opened): the next step of that case's provider's escalation ladder, with its quote, and when,
    as far as the code says (`replies_who_deals_next`). None otherwise."""
    if (tracker.active_loop or {}).get("name") or awaiting_read_back(tracker):
        return None
    if not asks_who_deals_next(tracker.latest_message.get("text")):
        return None
    reference = tracker.get_slot("verified_reference") or tracker.get_slot("created_reference")
    if not reference:
        return None
    try:
        if not await recently_verified(tracker, reference):
            return None
        case = await with_store(lambda store: store.get(reference))
    except Exception:
        logger.exception("case store unavailable while saying who deals with a case next")
        return None
    if case is None or not case.escalation_requested:
        return None
    code = get_code(case.provider)
    for reply in replies_who_deals_next(case, code, clock.now()):
        dispatcher.utter_message(
            response=reply.response,
            **reply.values,
            **(sourced(*reply.sources) if reply.sources else {}),
        )
    return [SlotSet("provider", code.id), FollowupAction("action_listen")]


async def note_call_back_with_number(
    dispatcher: CollectingDispatcher, tracker: Tracker, reference: str, facts: dict[str, Any]
) -> None:
    """A call back asked on a checked case with no phone number on it: with a number in the
    message ("call me back on 07700 900456"), the call back is noted and the number with it, as a
    note for staff; without one, nothing is noted, and the customer is told a call back needs a
    number and how to give it (F28, fix18e)."""
    number = find_phone(tracker.latest_message.get("text"))
    if number is None:
        dispatcher.utter_message(
            response="utter_call_back_needs_phone", reference=reference, **facts
        )
        return
    now = clock.now()

    def note(store: Any) -> None:
        store.request_by_customer(reference, "call_back", now=now, actor="customer", channel="chat")
        store.add_note(
            reference,
            f"The customer asked in the chat for a call back on {number} (no phone number was on"
            " the case).",
            now=now,
            actor="customer",
            channel="chat",
        )

    await with_store(note)
    dispatcher.utter_message(
        response="utter_call_back_flagged_with_phone", reference=reference, number=number, **facts
    )


class ActionTalkToHuman(Action):
    """Gives the provider's phone number and hours, says whether it is open now, flags a call back."""

    def name(self) -> str:
        return "action_talk_to_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        referenced = await reference_answered(dispatcher, tracker, domain)
        if referenced is not None:
            return referenced  # "IN WDVYAJ" at the reference question (round 19, F6)
        # "help, someone is hurting me", read as asking for a person (outside customers B, round
        # 19, F23, HIGH: the provider's phone and opening hours, no helpline): urgent help first,
        # then the phone as asked. Only urgent help: the rest of what is heard in passing is for
        # the actions that answer questions (a call time asked on a case is this action's own).
        urgent = urgent_help_in_passing(dispatcher, tracker)
        return [*urgent, *await self._talk(dispatcher, tracker, domain)]

    async def _talk(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        added = await addition_to_checked_case(dispatcher, tracker)
        if added is not None:
            # "i want to add something to my complaint" on a checked case, read as asking for a
            # person (outside compliance r15: a call back never asked for was noted on it).
            return added
        followed = follow_up_to_last_answer(tracker)
        if followed is not None:
            return followed  # "and by phone?" after the reply times: that channel's times
        withdrawn = withdrawal_in_words(tracker)
        if withdrawn is not None:
            # "remove the someone to speak for me need" after logging, read as asking for a
            # person: the withdrawal it is, never a call back noted on the case of a customer who
            # asked for letters only (outside care, round 16, F1).
            return withdrawn
        routed = read_back_routed(tracker)
        if routed is not None:
            return routed  # "please call me after 6pm not 4" at the read-back: the new time
        if not asks_for_a_person(tracker.latest_message.get("text")):
            answered = answer_to_the_question(tracker)
            if answered is not None:
                return answered  # "please speak slowly and clearly" to the needs question
        if not_logged_yet(dispatcher, tracker):
            return []  # "dont log it yet, i want to talk to my partner first": the read-back next
        code = provider_for(tracker)
        facts = provider_facts(code)
        now = clock.now()
        phone = code.contact("phone", purpose="complaints")
        if phone is not None:
            dispatcher.utter_message(
                response="utter_contact_details",
                channel="phone",
                value=phone.value,
                hours="",
                **facts,
                **sourced(from_code(code, phone.quote)),
            )
        utter_open_now(dispatcher, code, now)
        reference = tracker.get_slot("verified_reference") or tracker.get_slot("created_reference")
        if reference and refuses_a_person(tracker.latest_message.get("text")):
            # "I do not want to talk to a person": the number, and no call back flagged (outside
            # attacker, round 2, 27 Nov: one was logged on the case).
            return [SlotSet("provider", code.id)]
        in_hand = (
            tracker.get_slot("case_reference")
            if tracker.active_loop.get("name") == "case_lookup_form"
            else None
        )
        if (
            tracker.active_loop.get("name") == "case_lookup_form"
            and (not reference or (in_hand and in_hand != reference))
            and not refuses_a_person(tracker.latest_message.get("text"))
        ):
            # Asked while a case's check is under way ("can someone call me about it?" at its
            # question): never noted on the case verified earlier (issue 13), nor on one not yet
            # checked; the number, and plainly that no call back is noted, and how to ask (issue
            # 13: said nothing, and the customer thought it was).
            dispatcher.utter_message(response="utter_call_back_after_check")
            return [SlotSet("provider", code.id)]
        if reference:
            try:
                # Only a case this conversation raised or checked lately, by the store's record.
                if not await recently_verified(tracker, reference, CALL_BACK_AFTER_CHECK):
                    return [SlotSet("provider", code.id)]
                stored = await with_store(lambda store: store.get(reference))
                if stored is not None and not stored.customer.phone:
                    # No phone number on the case: never a call back noted without one (outside
                    # compliance, round 18, F28); noted with the number the message gives, else
                    # what a call back needs and how to give it.
                    await note_call_back_with_number(dispatcher, tracker, reference, facts)
                    return [SlotSet("provider", code.id)]
                await with_store(
                    lambda store: store.request_by_customer(
                        reference, "call_back", now=now, actor="customer", channel="chat"
                    )
                )
                noted = await call_time_noted_on_case(dispatcher, tracker, reference, domain)
                if noted is not None:
                    return [SlotSet("provider", code.id), *noted]
                dispatcher.utter_message(
                    response="utter_call_back_flagged", reference=reference, **facts
                )
            except Exception:
                logger.exception("could not flag a call back")
                dispatcher.utter_message(response="utter_case_request_failed", **facts)
        return [SlotSet("provider", code.id)]
