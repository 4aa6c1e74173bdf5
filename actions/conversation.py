"""Which provider a conversation serves, and the facts every answer shares."""

from __future__ import annotations

import functools
import inspect
import json
import re
from datetime import date
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecuted, EventType, FollowupAction, SlotSet, UserUttered
from rasa_sdk.executor import CollectingDispatcher

from bot import clock, intake
from bot.answers.adr import (
    adr_letter_date,
    asks_adr_for_a_business_size,
    asks_if_prices_covered,
    asks_to_go_to_body,
    holds_adr_letter,
)
from bot.answers.asking import asks_inside_an_answer, is_a_question
from bot.answers.business import stated_business_size
from bot.answers.commands import (
    asks_to_change_or_log,
    category_change_asked,
    change_asked,
    changes_asked,
    clause_changes,
    detail_typed_alone,
    holds_off_logging,
    means_log_it,
    plainly_stops,
    refuses_logging,
    says_stop,
    says_yes,
    yes_with_a_question,
)
from bot.answers.dates import day_of_month_corrected, first_raised_alone, first_raised_answer
from bot.answers.details import (
    contact_preference_in,
    declines_email,
    find_email,
    find_phone,
    find_postcode,
    has_no_preference,
    no_phone_to_give,
)
from bot.answers.follow_ups import (
    ABOUT_ADR,
    ASKED_FOR_THE_DAY,
    ASKED_FOR_THE_LETTERS_DAY,
    EXPLAINED_ADR_LETTER,
    GAVE_REPLY_TIMES,
    NAMED_THE_SCHEME,
    FollowUp,
    follow_up_to,
)
from bot.answers.names import gives_a_name, name_changed
from bot.answers.needs import (
    asks_for_priority_repair,
    contact_wishes,
    declines_needs,
    formats_taken_off,
    removes_one_need,
    withdraws_consent,
)
from bot.answers.questions import (
    asks_about_priority_repair,
    asks_about_repair_time,
    asks_about_someone_acting,
    asks_about_vulnerable_help,
    asks_deaf_contact,
    asks_how_to_contact_without_hearing,
    asks_why_phone_needed,
)
from bot.answers.questions import who_is_asked as question_name
from bot.answers.routing import (
    asks_reply_time_and_adr,
    asks_whats_next,
    asks_when_called_back,
    names_a_new_complaint,
    question_named,
    reads_as_a_complaint,
    reports_a_fault,
    tells_a_complaint,
    tells_more_than_a_fault,
    topic_asked,
    wants_to_complain,
)
from bot.answers.text import is_non_answer
from bot.answers.what_happened import part_taken_back
from bot.provider_codes import ProviderCode, choose_code, complaints_phone, load_all_codes
from bot.regulation import load_rules
from bot.scheme_contacts import possessive
from bot.vulnerability import (
    NOT_ON_BEHALF,
    asks_for_a_visit,
    call_back_time,
    drops_needs_keeps_complaint,
    made_for_said,
)


def _requested_provider(tracker: Tracker) -> str | None:
    """The provider named by the conversation: its slot, the session's or first message's metadata."""
    slot = tracker.get_slot("provider")
    if slot:
        return str(slot)
    session_metadata = tracker.get_slot("session_started_metadata") or {}
    if isinstance(session_metadata, dict) and session_metadata.get("provider"):
        return str(session_metadata["provider"])
    for event in tracker.events:
        if event.get("event") == "user":
            metadata = event.get("metadata") or {}
            if isinstance(metadata, dict) and metadata.get("provider"):
                return str(metadata["provider"])
    return None


def provider_for(tracker: Tracker) -> ProviderCode:
    """metadata.provider, else COMPLAINTS_PROVIDER, else the default; an unknown id is logged."""
    return choose_code(_requested_provider(tracker))


def provider_facts(code: ProviderCode) -> dict[str, Any]:
    """Facts about the provider that many responses fill in: its name, the name's possessive
    ("Infinity System Solutions' code", never "Solutions's"), and its complaints phone."""
    return {
        "provider_name": code.trading_name,
        "provider_possessive": possessive(code.trading_name),
        "phone": complaints_phone(code),
    }


def sourced(*sources: dict[str, Any]) -> dict[str, Any]:
    """The message's `custom` payload: where its facts come from (shown by the web chat), one
    record a source (`bot.sources`). The one `sourced` of every action module."""
    return {"json_message": {"sources": list(sources)}}


# How often one customer message may be put back as another intent. Putting it back adds an
# `action_listen`, which resets Rasa's own limit on actions in a turn (10, counted back to the last
# `action_listen`), so two actions that each put the message back to the other would go on until
# the channel's 60-second time-out, with no reply (outside customers A, 27 Nov).
MAX_REREADS = 3
REREADS = "rereads"  # in a message's parse data: how often it has been put back


def read_as(parse_data: dict, intent: str, text: str | None = None) -> list[EventType]:
    """The customer's message put back as if NLU had read it as `intent`, so the rules for that
    intent go on (as Rasa's own two-stage fallback does after a "yes"); past MAX_REREADS for one
    message, `action_not_followed` instead, which says so and listens."""
    rereads = int(parse_data.get(REREADS) or 0)
    if rereads >= MAX_REREADS:
        return [FollowupAction("action_not_followed")]
    meant = {**parse_data, "intent": {"name": intent, "confidence": 1.0}, REREADS: rereads + 1}
    meant.pop("intent_ranking", None)
    text = parse_data.get("text") if text is None else text
    return [ActionExecuted("action_listen"), UserUttered(text, {**meant, "text": text})]


def question_after_logging(tracker: Tracker) -> str | None:
    """The question ("ask_adr", ...) a message asks about the complaint this conversation has just
    logged ("and how long have i got to go to them"), or None: a new complaint, or nothing logged
    here yet (outside testing, 27 Nov: read as a new complaint, and "no i dont want another
    complaint" could not leave it)."""
    if not tracker.get_slot("created_reference"):
        return None
    if tracker.active_loop.get("name") or tracker.get_slot("complaint_description"):
        return None
    text = str(tracker.latest_message.get("text") or "")
    if names_a_new_complaint(text):
        return None
    # Never a fallback or a new complaint from here: the actions that answer these questions send
    # a complaint back to be started, so only a named topic is answered.
    return topic_asked(text)


def whats_next_after_logging(tracker: Tracker) -> list[EventType] | None:
    """ "so what happens now", "will someone write to me" about the complaint just logged, read as
    goodbye or not understood (outside customers B, round 12, M1): put back as the question that
    answers what happens next (`ask_escalation`: who handles it first, then the steps after).
    None for anything else."""
    text = str(tracker.latest_message.get("text") or "")
    if not asks_whats_next(text) or question_after_logging(tracker) != "ask_escalation":
        return None
    return read_as(tracker.latest_message, "ask_escalation")


def disability_question_in_words(tracker: Tracker) -> list[EventType] | None:
    """A question for a disabled customer that the words ask whatever intent the model read:
    priority fault repair, or someone else dealing with the complaint, put back as a question
    about access (`action_answer_question` answers it from the words); how a deaf customer can
    reach the provider, as a contact question (outside compliance review M3, M4, L8: read as a
    fault, or not understood). None when the message asks none of them."""
    text = tracker.latest_message.get("text")
    if asks_about_priority_repair(text) or asks_about_someone_acting(text):
        return read_as(tracker.latest_message, "ask_accessible_formats")
    if asks_how_to_contact_without_hearing(text) and is_a_question(text):
        return read_as(tracker.latest_message, "ask_contact")
    return None


def repair_time_question_in_words(tracker: Tracker) -> list[EventType] | None:
    """ "How long will it take to fix my fault?", whatever intent the model read (a fault, a case,
    a complaint, not understood): put back as the response-time question, which
    `action_quote_response_times` answers from the words with what the code says about fault
    repair times (issue 14: the complaint's reply dates were given as if they were the repair's).
    None when the message asks no such thing, names a case reference, or the form is asking."""
    if (tracker.latest_message.get("intent") or {}).get("name") == "ask_response_time":
        return None
    if next(tracker.get_latest_entity_values("reference"), None) is not None:
        return None
    if not asks_about_repair_time(tracker.latest_message.get("text")):
        return None
    return read_as(tracker.latest_message, "ask_response_time")


def call_back_asked(tracker: Tracker) -> list[EventType] | None:
    """ "will they call me back on Monday?", read by the model as compensation, a contact question
    or not understood: the reply-time question, whose answer is the code's call back, dated
    (outside customers A, round 12, H3: "the code doesn't cover compensation or refunds")."""
    text = tracker.latest_message.get("text")
    if not asks_when_called_back(text) or other_body_asked(text):
        return None
    return read_as(tracker.latest_message, "ask_response_time")


def other_body_asked(text: str | None) -> str | None:
    """The body that is not the provider (Ofcom) the customer asks to reach or complain to
    ("whats ofcoms number"), or None."""
    return asks_to_go_to_body(text, [b.name for b in load_rules().not_schemes])


def other_body_contact_asked(tracker: Tracker) -> list[EventType] | None:
    """ "whats ofcoms number, i want to report you", read as anything but a contact question: the
    contact question, whose answer is that body's, from regulation.md (outside customers A, round
    12, H5: the provider's own phone, letter and e-mail)."""
    if other_body_asked(tracker.latest_message.get("text")) is None:
        return None
    return read_as(tracker.latest_message, "ask_contact")


def adr_letter_held_told(tracker: Tracker) -> list[EventType] | None:
    """ "I got a deadlock letter dated 2 March 2026", read by the model as a complaint, a case,
    escalation or not understood: the ADR question, whose answer counts from the letter's date
    (regulation.md: ADR at once, 12 months from the letter), when nothing is under way and the
    message does not ask for a complaint to be taken (outside testers, issue 14: taken down as the
    complaint's account, or given the escalation ladder)."""
    if _something_under_way(tracker) or tracker.get_slot("complaint_category"):
        return None
    if (tracker.latest_message.get("intent") or {}).get("name") == "ask_adr":
        return None  # read as that already: the ADR answer itself
    text = tracker.latest_message.get("text")
    today = clock.now().astimezone(clock.LONDON).date()
    if not (holds_adr_letter(text) or adr_letter_date(text, today) is not None):
        return None
    if wants_to_complain(text) or names_a_new_complaint(text):
        return None
    earlier = [e.get("text") for e in tracker.events if e.get("event") == "user"][:-1]
    if any(holds_adr_letter(t) or adr_letter_date(t, today) is not None for t in earlier):
        # Told of the letter before, and answered: said again, it goes where the model read it
        # (customers B F12: the letter repeated at a complaint's start is part of its account).
        return None
    return read_as(tracker.latest_message, "ask_adr")


def complaint_not_question(tracker: Tracker) -> list[EventType] | None:
    """A message read as a question that tells of something gone wrong ("I was charged a
    termination fee") starts a complaint instead (issue 15), when no complaint is under way; one
    telling of an ADR letter held is the ADR question (`adr_letter_held_told`)."""
    if tracker.active_loop.get("name") or tracker.get_slot("complaint_category"):
        return None
    if question_after_logging(tracker) is not None:
        return None  # a question about the complaint just logged
    if tracker.get_slot("complaint_description"):
        return None
    held = adr_letter_held_told(tracker)
    if held is not None:
        return held
    if not reads_as_a_complaint(tracker.latest_message.get("text")):
        return None
    return read_as(tracker.latest_message, "make_complaint")


def _something_under_way(tracker: Tracker) -> bool:
    """A form, a complaint being told or read back, or a question about the complaint just
    logged: a first message's re-reading (complaint_told, fault_told) does not apply."""
    if tracker.active_loop.get("name") or tracker.get_slot("complaint_description"):
        return True
    return awaiting_read_back(tracker) or question_after_logging(tracker) is not None


def complaint_told(tracker: Tracker, *, fault: bool = False) -> list[EventType] | None:
    """A message that tells of something gone wrong, read by the model as anything else (a
    question, a fault, a case to check, small talk, not sure), starts the complaint from its words
    when none is under way (issue 15, bot.answers.routing.tells_a_complaint): "Still no broadband at
    the new house 5 weeks after the promised go-live date" was told "I can't help with that". The
    category the model may have read from it is no complaint under way; a case reference in it
    is a case to check. A fault report (`fault`) is a complaint too only when it says more than
    that something does not work ("... and we lost two days of trading")."""
    if _something_under_way(tracker):
        return None
    if next(tracker.get_latest_entity_values("reference"), None) is not None:
        return None
    held = adr_letter_held_told(tracker)
    if held is not None:
        return held  # "I got a deadlock letter dated 2 March 2026": the ADR question
    text = tracker.latest_message.get("text")
    if not (tells_more_than_a_fault(text) if fault else tells_a_complaint(text)):
        return None
    return read_as(tracker.latest_message, "make_complaint")


def fault_told(tracker: Tracker) -> list[EventType] | None:
    """A message that tells of a fault ("need an engineer booked, the line is crackling"), read by
    the model as small talk or not understood, is put back as the fault report it is when nothing
    is under way (bot.answers.routing.reports_a_fault): the fresh outside set's fault reports were
    told "Sorry, I can't help with that" (27 Nov)."""
    if _something_under_way(tracker):
        return None
    if not reports_a_fault(tracker.latest_message.get("text")):
        return None
    return read_as(tracker.latest_message, "report_fault")


def question_in_words(tracker: Tracker) -> list[EventType] | None:
    """A question the model could not read with confidence, whose words name what it asks: put
    back as that question (bot.answers.routing.question_named), never "Do you mean ...?". None when
    a complaint or the read-back is under way, or the words name no question."""
    if tracker.active_loop.get("name") or awaiting_read_back(tracker):
        return None
    intent = question_named(tracker.latest_message.get("text"))
    if intent is None:
        return None
    return read_as(tracker.latest_message, intent)


def value_before_latest_message(tracker: Tracker, slot: str) -> Any:
    """The slot's value as it stood before the customer's latest message."""
    seen_latest_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen_latest_user = True
        elif seen_latest_user and event.get("event") == "slot" and event.get("name") == slot:
            return event.get("value")
    return None


def action_before_latest(tracker: Tracker) -> str | None:
    """The assistant's last action before the customer's latest message."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                return None
            seen_user = True
        elif seen_user and event.get("event") == "action":
            name = event.get("name")
            if name in ("action_listen", "action_extract_slots"):
                continue
            return name
    return None


# What ends a read-back: it is shown, then the complaint is logged or stopped.
_READ_BACK_STEPS = (
    "action_summarise_complaint",
    "action_submit_complaint",
    "action_stop_complaint",
)


def awaiting_read_back(tracker: Tracker) -> bool:
    """The complaint's read-back was shown and it is neither logged nor stopped yet."""
    for event in reversed(tracker.events):
        if event.get("event") == "action" and event.get("name") in _READ_BACK_STEPS:
            return event.get("name") == "action_summarise_complaint"
    return False


def not_logged_yet(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """At "Shall I log it?", "dont log it yet, i want to talk to my partner first" (whatever the
    model read: a person asked for, stop, not understood): said that it waits as it is, and True;
    the caller brings the read-back back. False for anything else (outside customers A, F15, 27
    Nov: the provider's phone number, and no word that the complaint would wait)."""
    if (tracker.active_loop or {}).get("name") or not awaiting_read_back(tracker):
        return False
    if not holds_off_logging(tracker.latest_message.get("text")):
        return False
    dispatcher.utter_message(response="utter_not_logged_yet")
    return True


# The complaint form's questions whose answer has a shape of its own, and how to find it in a
# message: the answer is taken whatever intent the model read.
_SHAPED_ANSWERS = {
    "customer_postcode": find_postcode,
    "customer_email": find_email,
    "customer_phone": find_phone,
    "complaint_category": lambda text: text if _is_category(text) else None,
    # "2 paid staff and 25 volunteers", "8 staff and 3 part-timers, no contractors": a head count
    # naming its groups, as the question asks, read as a question about ADR (outside customers B,
    # 27 Nov, F7: the eligibility answer, then the same question again, every time).
    "employees": lambda text: (
        text if stated_business_size(text) is not None and not is_a_question(text) else None
    ),
    # Any words that are not a question answer "anything to make contact easier?"
    "accessibility_needs": lambda text: (
        text if len(text.split()) >= 2 and not is_a_question(text) and not says_stop(text) else None
    ),
}


def _is_category(text: str) -> bool:
    try:
        intake.clean_category(text)
    except intake.IntakeError:
        return False
    return True


# Marks a message put back as a complaint the customer has just said yes to, so it is taken down
# even when its words also ask a question ("can I complain about a price rise? they put ...").
CONFIRMED_COMPLAINT = "confirmed_complaint"


def _user_texts(tracker: Tracker) -> list[str]:
    return [str(e.get("text") or "") for e in tracker.events if e.get("event") == "user"]


def _responses_after_last_user(events: list[dict]) -> list[str]:
    """The responses (domain.yml's names) of the bot messages after the last customer message in
    `events`, in order."""
    said: list[str] = []
    for event in reversed(events):
        if event.get("event") == "user":
            break
        if event.get("event") == "bot":
            name = (event.get("metadata") or {}).get("utter_action")
            if name:
                said.append(str(name))
    return said[::-1]


def said_in_conversation(tracker: Tracker, response: str) -> bool:
    """Whether the assistant has sent `response` (domain.yml's name) earlier in the conversation."""
    return any(
        event.get("event") == "bot"
        and (event.get("metadata") or {}).get("utter_action") == response
        for event in tracker.events
    )


def responses_just_before(tracker: Tracker) -> list[str]:
    """The responses (domain.yml's names) of the assistant's reply to the customer's message
    before the latest one, in order."""
    events = tracker.events
    latest_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=None)
    if latest_user is None:
        return []
    return _responses_after_last_user(events[:latest_user])


def responses_this_turn(tracker: Tracker) -> list[str]:
    """The responses (domain.yml's names) the assistant has already sent since the customer's
    latest message, by earlier actions of the same turn, in order."""
    return _responses_after_last_user(tracker.events)


def replied_just_before(tracker: Tracker, response: str) -> bool:
    """Whether the assistant's reply to the customer's message before the latest one included
    `response`."""
    return response in responses_just_before(tracker)


# Marks a message put back as a follow-up to the assistant's last answer (its value: which one,
# `bot.answers.follow_ups.FollowUp.about`), so the action for its intent answers that and it is not
# read again.
FOLLOW_UP = "follow_up"

# What an answer did, by the responses it gave: `bot.answers.follow_ups.follow_up_to` reads the next
# message with it. Any `utter_adr_...` response is about ADR.
_ANSWER_DID: dict[str, tuple[str, ...]] = {
    "utter_adr_dates": (ASKED_FOR_THE_DAY,),
    "utter_adr_dates_code": (ASKED_FOR_THE_DAY,),
    **dict.fromkeys(
        (
            "utter_adr_scheme",
            "utter_adr_no_scheme",
            "utter_adr_approved_scheme_contacts",
            "utter_escalation_then_adr",
            "utter_escalation_then_adr_code_contacts",
            "utter_escalation_then_adr_no_scheme",
            "utter_scheme_contact_given",
            "utter_scheme_contact_not_given",
        ),
        (NAMED_THE_SCHEME, ABOUT_ADR),
    ),
    "utter_adr_letter_explained": (EXPLAINED_ADR_LETTER,),
    "utter_adr_letter_date_ahead": (ASKED_FOR_THE_LETTERS_DAY,),
    "utter_adr_letter_on_request": (EXPLAINED_ADR_LETTER,),
    **dict.fromkeys(
        (
            "utter_response_times_intro",
            "utter_response_times_intro_channel",
            "utter_response_times_intro_letter",
            "utter_no_commitments",
            "utter_no_commitments_routes",
            "utter_no_commitments_routes_on_day",
            "utter_no_commitments_on_day",
        ),
        (GAVE_REPLY_TIMES,),
    ),
}


# Replies that say only that the message was not understood: the answer before one is still the
# last answer given (comp-x-infinium, outside compliance r12 H8: "when exactly?" met the
# fallback, and "I first complained on 3 November" then got "What is your complaint reference?").
_NOT_UNDERSTOOD = frozenset(
    {
        "utter_out_of_scope",
        "utter_default",
        "utter_ask_rephrase",
        "utter_core_fallback",
        "utter_not_followed",
    }
)


def _last_answer(tracker: Tracker) -> list[str]:
    """The responses of the assistant's last reply that answered something: the reply just before
    the latest message, or, when that reply only said it did not understand, the one before."""
    events = tracker.events
    users = [i for i, e in enumerate(events) if e.get("event") == "user"]
    for later, earlier in zip(users[::-1], users[-2::-1], strict=False):
        said = [
            str((e.get("metadata") or {}).get("utter_action"))
            for e in events[earlier + 1 : later]
            if e.get("event") == "bot" and (e.get("metadata") or {}).get("utter_action")
        ]
        if not said or not set(said) <= _NOT_UNDERSTOOD:
            return said
    return responses_just_before(tracker)


def _what_last_answer_did(tracker: Tracker) -> frozenset[str]:
    did: set[str] = set()
    for response in _last_answer(tracker):
        did.update(_ANSWER_DID.get(response, ()))
        if response.startswith("utter_adr_"):
            did.add(ABOUT_ADR)
    return frozenset(did)


def follow_up_asked(tracker: Tracker) -> FollowUp | None:
    """What the latest message asks of the assistant's own last answer, read from its words and
    what that answer said ("12 October 2026" after "Tell me the day you first raised it", "what's
    their website?" after the ADR scheme), whatever intent the model read; or the follow-up a
    message was put back as. None when no form or read-back is waiting for an answer and the
    message asks no such thing (outside compliance reader, 27 Nov: a complaint form started,
    "Sorry, I didn't follow that", the provider's number, the privacy statement)."""
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    marked = tracker.latest_message.get(FOLLOW_UP)
    if marked:
        return FollowUp(str(intent), str(marked))
    if (tracker.active_loop or {}).get("name") or awaiting_read_back(tracker):
        return None
    did = _what_last_answer_did(tracker)
    if not did:
        return None
    today = clock.now().astimezone(clock.LONDON).date()
    return follow_up_to(tracker.latest_message.get("text"), did, today)


def follow_up_to_last_answer(tracker: Tracker) -> list[EventType] | None:
    """The latest message put back as the follow-up it asks of the assistant's last answer, for
    the action of that question's intent to answer (`follow_up_asked`); None when it asks none,
    or was read as that intent already (the action running now answers it)."""
    asked = follow_up_asked(tracker)
    if asked is None or tracker.latest_message.get(FOLLOW_UP):
        return None
    if (tracker.latest_message.get("intent") or {}).get("name") == asked.intent:
        return None
    return read_as({**tracker.latest_message, FOLLOW_UP: asked.about}, asked.intent)


def answer_to_the_question(
    tracker: Tracker,
    dispatcher: CollectingDispatcher | None = None,
    domain: dict[str, Any] | None = None,
) -> list[EventType] | None:
    """The answer to the complaint form's question, when the latest message is one that the model
    read as something else ("CF24 0DE" as asking about a case, "faults" as reporting a fault):
    the answer is set and the form goes on. None when the message is not such an answer, or gives
    a case reference. The outside conversation set, 26 Nov: each of those asked the question four
    times in a row, with a new model."""
    text = str(tracker.latest_message.get("text") or "").strip()
    from actions.vulnerability import answers_removal_question  # it builds on this module

    removal = answers_removal_question(tracker)
    if removal is not None:
        return removal  # "no keep it" at "are you sure? this removes ...", read as anything
    if (
        not (tracker.active_loop or {}).get("name")
        and replied_just_before(tracker, "utter_offer_complaint")
        and says_yes(text)
    ):
        # "yes please take it down" to "If you'd also like to make a complaint about it, just say
        # so" got "Sorry, I didn't follow that" (outside testing, 27 Nov): the complaint starts,
        # from what the customer had told.
        earlier = _user_texts(tracker)[-2:-1]
        meant = {**tracker.latest_message, CONFIRMED_COMPLAINT: True}
        return read_as(meant, "make_complaint", earlier[0] if earlier else text)
    followed = follow_up_to_last_answer(tracker)
    if followed is not None:
        # "12 October 2026" after "Tell me the day you first raised it", "and by phone?" after
        # the reply times: answered as that question, whatever the model read.
        return followed
    at_read_back = (
        not (tracker.active_loop or {}).get("name")
        and awaiting_read_back(tracker)
        and bool(text)
        and "?" not in text
        and (not is_a_question(text) or asks_to_change_or_log(text))
    )
    routed = read_back_routed(tracker) if at_read_back else None
    if routed is not None:
        return routed
    if (
        not (tracker.active_loop or {}).get("name")
        and awaiting_read_back(tracker)
        and yes_with_a_question(text)
        and not str((tracker.latest_message.get("intent") or {}).get("name") or "").startswith(
            "ask_"
        )
    ):
        # "yes please log it. whats the ombudsman though?" (outside customers A, round 14, F6).
        return [FollowupAction("action_submit_complaint")]
    if (
        not (tracker.active_loop or {}).get("name")
        and awaiting_read_back(tracker)
        and names_a_new_call_time(text)
    ):
        # "can you make the call back time 10am" at "Shall I log it?", a question not understood
        # (outside testers, 27 Nov: "Sorry, I didn't follow that"): the time changed, read back.
        return [FollowupAction("action_change_complaint")]
    today = clock.now().astimezone(clock.LONDON).date()
    if at_read_back and first_raised_alone(text, today) is not None:
        # "i first raised this on 22 September, put that in" at "Shall I log it?", whatever the
        # model read: the day changed and read back, never logged without it (outside customers
        # A, F12).
        return [FollowupAction("action_change_complaint")]
    if at_read_back and means_log_it(text):
        # "can you log my complaint please" at "Shall I log it?", read as asking about a case
        # (outside customers B, 27 Nov: asked for a reference, and the complaint lost).
        return [FollowupAction("action_submit_complaint")]
    if at_read_back and (
        (change_asked(text) or ("", ""))[0] in _DETAILS_CHANGED_IN_WORDS
        or (action_before_latest(tracker) == "utter_ask_what_to_change" and not says_stop(text))
    ):
        # "change name to Owen Pritchard" or "what happened is i was charged twice" at "Shall I
        # log it?", and anything but stop after "What would you like to change?", read as a case
        # check, out of scope or not understood (outside testing, 27 Nov: the case was logged
        # with the wrong name; four complaints of four were lost, nothing said).
        return [FollowupAction("action_change_complaint")]
    if not (tracker.active_loop or {}).get("name"):
        asked_here = asked_in_its_words(tracker)
        if asked_here is not None:
            return asked_here
    if (tracker.active_loop or {}).get("name") != "complaint_form":
        return None
    if next(tracker.get_latest_entity_values("reference"), None) is not None:
        return None
    asked = tracker.get_slot("requested_slot")
    if (
        asked == "customer_phone"
        and asks_why_phone_needed(text)
        and (tracker.latest_message.get("intent") or {}).get("name") != "ask_privacy"
    ):
        # "why do u need my phone number", read as anything: the question about the customer's
        # details it is, which `action_answer_question` answers before the form asks again
        # (outside testers, round 13).
        return read_as(tracker.latest_message, "ask_privacy")
    find = _SHAPED_ANSWERS.get(asked)
    found = find(text) if find is not None and text else None
    if found and asked == "customer_email" and provider_for(tracker).own_address(found):
        # "i already emailed complaints@invictanet.com": the provider's address, never set as
        # the customer's; the form's own check says so and asks for theirs (issue 14).
        return read_as(tracker.latest_message, "inform")
    if found:
        return _checked_by_the_form(asked, found, tracker, dispatcher, domain)
    if (asked == "customer_address" and _gives_an_address(text)) or (
        asked == "contact_preference" and _gives_an_address(text) and _ADDRESS_WORD.search(text)
    ):
        # "Rose Cottage, Bilsington" read as asking about cancelling (outside customers B, round
        # 12, H8: Invictanet's cancellation sections, then the question again): the address.
        return _checked_by_the_form("customer_address", text, tracker, dispatcher, domain)
    if asked == "support_needs" and asks_for_a_visit(text):
        # "can an engineer visit me at home to explain it?" at the needs list, read as a fault,
        # out of scope or not understood (outside testers, issue 18, F31: the fault line, the need
        # said with it lost, and the list again and again): the form's check answers it.
        return _checked_by_the_form(asked, text, tracker, dispatcher, domain)
    said_in_words = _ANSWERS_IN_WORDS.get(asked)
    if (
        said_in_words is not None
        and text
        and "?" not in text
        and not asks_inside_an_answer(text)
        and said_in_words(text)
    ):
        # "i dont do email" at the e-mail question, "email like i said" at the contact question,
        # read as asking for the provider's contacts (outside testing, 27 Nov: ten contact
        # messages, then the e-mail question six times): the answer, set for the form to check.
        # Set here, not put back as `inform`: Rasa's slot mappings never see a message put back
        # by an action, so the form found nothing, was rejected, and the same action put it back
        # again, for 60 seconds with no reply (outside customers A, 27 Nov).
        return _checked_by_the_form(asked, text, tracker, dispatcher, domain)
    return None


def _checked_by_the_form(
    slot: str,
    value: Any,
    tracker: Tracker,
    dispatcher: CollectingDispatcher | None,
    domain: dict[str, Any] | None,
) -> list[EventType]:
    """The answer to the form's question, checked as the form checks it, and the form next.
    Rasa's form validates only when it runs straight after the customer's message, never after
    another action (rasa/core/actions/forms.py, `_validate_if_required`), so an answer set here
    went unchecked: "dont have email", read as asking for the provider's contacts, was kept as
    the e-mail address (the lead, round 15). Without a dispatcher (a caller that only asks
    whether the message answers the question), the answer as said."""
    if dispatcher is None:
        return [SlotSet(slot, value), FollowupAction("complaint_form")]
    from actions.intake import ValidateComplaintForm  # it builds on this module

    check = getattr(ValidateComplaintForm(), f"validate_{slot}", None)
    if check is None:
        return [SlotSet(slot, value), FollowupAction("complaint_form")]
    answered = tracker.copy()
    answered.add_slots([SlotSet(slot, value)])
    result = check(value, dispatcher, answered, domain or {})
    if inspect.isawaitable(result):
        result = _finished(result)
    return [
        *(SlotSet(name, v) for name, v in dict(result or {}).items()),
        FollowupAction("complaint_form"),
    ]


def _finished(checking: Any) -> Any:
    """The result of a form check that is a coroutine only because its wrappers are `async`
    (`_keeps_wishes_heard`, `_hears_contact_wishes`, ...): none of them waits on anything, so it
    runs to its end at the first step, from a plain action's `run` and inside the action server's
    event loop alike. A check that did wait would be a change to make here, and says so."""
    try:
        checking.send(None)
    except StopIteration as done:
        return done.value
    checking.close()
    raise RuntimeError("the form's check waited on something; run it from an async action")


# In a message's parse data: "second" once the first of two questions in it (the reply time) is
# answered and the message is put back for the second (ADR), so it is not split again.
BOTH_ASKED = "both_asked"


def adr_after_reply_time(tracker: Tracker) -> list[EventType]:
    """After the reply times, the ADR question the same message asks too ("so when will i
    actually hear back? and whats the ombudsman"), put back for `action_answer_question`; [] when
    it asks no such second question or it is being answered already."""
    latest = tracker.latest_message
    if latest.get(BOTH_ASKED) or (tracker.active_loop or {}).get("name"):
        return []
    if not asks_reply_time_and_adr(latest.get("text")):
        return []
    return read_as({**latest, BOTH_ASKED: "second"}, "ask_adr")


def say_description_added(dispatcher: CollectingDispatcher, before: Any, added: str) -> str | None:
    """What happened with `added` after it, said ("I've added it to your complaint"); or, when the
    two together are longer than what happened may be, None, and said so with the limit, never
    "added" with the words lost (outside attacker, round 20, F3, HIGH)."""
    held = None if before in (None, "none", "") else str(before)
    try:
        description = intake.description_added_to(held, added)
    except intake.IntakeError as error:
        if error.code != "description-too-long":
            return None
        length = len(f"{held or ''} {added}".strip())
        dispatcher.utter_message(
            response="utter_addition_too_long",
            limit=f"{intake.MAX_DESCRIPTION_CHARS:,}",
            length=f"{length:,}",
        )
        return None
    dispatcher.utter_message(response="utter_added_to_description")
    return description


def question_in_its_own_words(text: str | None) -> str | None:
    """The question intent a message asks in words plain enough to answer whatever intent the
    model read, or None: how a deaf customer can make contact (`ask_contact`, answered with Relay
    UK and the code's ways in writing), the help a vulnerable or disabled customer can have
    (`ask_accessible_formats`), whether ADR takes a head count or a price rise (`ask_adr`)."""
    if asks_reply_time_and_adr(text):
        return "ask_response_time"  # the reply time, then the ADR question (adr_after_reply_time)
    if asks_deaf_contact(text) and not (tells_a_complaint(text) and not is_a_question(text)):
        # Not "I'm deaf and can't use the phone. My internet has been down for 9 days and nobody
        # will fix it": a complaint, which the complaint and the start action each handed back to
        # the other until the conversation fell to "Sorry, I didn't follow that" and the phone
        # number (outside customers B, round 20, F6, HIGH).
        return "ask_contact"
    if asks_about_vulnerable_help(text):
        return "ask_accessible_formats"
    if asks_adr_for_a_business_size(text) or asks_if_prices_covered(text):
        return "ask_adr"
    return None


def name_asked_about(tracker: Tracker) -> str | None:
    """A name the latest message asks who is ("Invictawiz, who is that?"), when it is not the
    provider's, an ADR scheme's or Ofcom's (those are answered as they are); or None."""
    name = question_name(tracker.latest_message.get("text"))
    if name is None:
        return None
    rules = load_rules()
    known = [provider_for(tracker).trading_name, "ombudsman", "relay"]
    for scheme in rules.schemes:
        known += [scheme.name, scheme.called, scheme.operator or "", *scheme.former_names]
    known += [body.name for body in rules.not_schemes]
    if any(name in str(k).lower().split() for k in known):
        return None
    if not _named_by_a_code(name):
        return None  # "Zorblatt, who is that?": left to the model's reading (reviewer, tenth round)
    return name


@functools.lru_cache(maxsize=64)
def _named_by_a_code(name: str) -> bool:
    """Whether a name is one of the four providers' trading or legal names, or is written with a
    capital in one of their codes ("Invictawiz", in Invictanet's): a name the customer may have
    read, which the assistant can say what the provider's code says of."""
    pattern = re.compile(rf"(?<![\w'-]){re.escape(name)}(?![\w'-])", re.IGNORECASE)
    for code in load_all_codes().values():
        names = f"{code.trading_name} {code.legal_name}"
        if pattern.search(names):
            return True
        written = pattern.findall(json.dumps(code.document, ensure_ascii=False))
        if any(word[0].isupper() for word in written):
            return True
    return False


def asked_in_its_words(tracker: Tracker) -> list[EventType] | None:
    """The latest message put back as the question its words ask (`question_in_its_own_words`),
    when the model read it as anything else (outside testers, round 13: "what happens if I'm
    vulnerable?" got the ADR answer, "is there help if I'm deaf?" the greeting, "is a price rise
    covered?" was not understood, "8 employees and 4 contractors, does that count?" got the
    cancellation clause); earlier, "We're a small firm with 8 staff and 4 contractors. Can we go
    to ADR?" (issue 14/15). None when no form is waiting for an answer or it asks none."""
    if (tracker.active_loop or {}).get("name") or tracker.latest_message.get(BOTH_ASKED):
        return None
    intent = question_in_its_own_words(tracker.latest_message.get("text"))
    if intent is None and name_asked_about(tracker) is not None:
        intent = "ask_contact"  # "Invictawiz, who is that?": answered by `action_answer_question`
    if intent is None or (tracker.latest_message.get("intent") or {}).get("name") == intent:
        return None
    return read_as(tracker.latest_message, intent)


# A word only an address has, or a house number: what makes an answer to the contact question an
# address rather than words about contact ("no idea, sorry").
_ADDRESS_WORD = re.compile(
    r"\d|\b(?:cottage|house|road|rd|street|st|lane|ln|avenue|ave|close|drive|way|farm|court|flat|"
    r"place|crescent|terrace|gardens|hill|green|row|walk|mews|park|villas?|bungalow|lodge|manor)\b",
    re.IGNORECASE,
)


def _gives_an_address(text: str) -> bool:
    """A message that is a postal address ("Rose Cottage, Bilsington"): no question, no way of
    contact named, split by commas or with a house number, and one `intake.clean_address` takes."""
    if not text or "?" in text or is_a_question(text) or contact_preference_in(text):
        return False
    if find_phone(text) or find_email(text) or first_raised_answer(text, clock.now().date()):
        return False
    if is_non_answer(text) or has_no_preference(text) or says_stop(text):
        return False
    if "," not in text and not any(ch.isdigit() for ch in text):
        return False
    try:
        intake.clean_address(text)
    except intake.IntakeError:
        return False
    return True


def read_back_routed(tracker: Tracker) -> list[EventType] | None:
    """At "Shall I log it?", whatever intent the model read: a refusal or a plain stop ("no dont
    log it", "forget it") goes to the stop, never to the log; a part of what happened taken back
    ("dont record the thing about dave after all") is taken out; one need taken back ("remove the
    second one, keep the first") is asked about; a new time to call ("please call me after 6pm
    not 4") changes the one agreed. None for anything else. Outside customers A F14, B F2/F37, 27
    Nov: logged against a "don't", sent to "What is your complaint reference?", or a new
    complaint form, and the complaint lost."""
    text = str(tracker.latest_message.get("text") or "").strip()
    if (tracker.active_loop or {}).get("name") or not awaiting_read_back(tracker) or not text:
        return None
    from actions.vulnerability import removal_to_confirm  # it builds on this module

    if drops_needs_keeps_complaint(text):
        # "i dont want anything about my needs kept, just the complaint" (outside customers B,
        # round 14, F26: stopped, and the complaint lost; F31: logged with the need, "as you
        # agreed"): the needs asked about, and the complaint read back again without them.
        asking = removal_to_confirm(tracker, "read_back")
        if asking is not None:
            return [asking, FollowupAction("action_ask_confirm_needs_removal")]
    if refuses_logging(text) or plainly_stops(text):
        # ("dont log it yet" only holds off: `not_logged_yet` says so where it is read.)
        return [FollowupAction("action_stop_complaint")]
    intent = str((tracker.latest_message.get("intent") or {}).get("name") or "")
    if yes_with_a_question(text) and not intent.startswith("ask_"):
        # (Read as the question, the answer is given first, then it is logged.)
        # "yes please log it. whats the ombudsman though?", whatever the model read (outside
        # customers A, round 14, F6/F21: "Sorry, I still didn't understand that", or a word of
        # the question taken as a change): logged, and the question answered with it.
        return [FollowupAction("action_submit_complaint")]
    if made_for_changed(tracker) is not None:
        # "actually I'm the account holder", "its for my mum not my dad": who the complaint is
        # made for, changed (issue 18).
        return [FollowupAction("action_change_complaint")]
    if part_taken_back(text) is not None and removal_to_confirm(tracker, "read_back") is None:
        # "dont record the thing about dave after all": that part of what happened, taken out
        # or asked for again (outside testers, 27 Nov: ignored, and logged with it in).
        return [FollowupAction("action_change_complaint")]
    if withdraws_consent(text) or removes_one_need(text):
        asking = removal_to_confirm(tracker, "read_back")
        if asking is not None:
            return [asking, FollowupAction("action_ask_confirm_needs_removal")]
    if names_a_new_call_time(text):
        return [FollowupAction("action_change_complaint")]
    today = clock.now().astimezone(clock.LONDON).date()
    if (
        changes_asked(text)
        or category_change_asked(text) is not None
        or clause_changes(text, today)
    ):
        # "my email is x@y.com and my postcode is SW1A 1AA", "the complaint is about billing not
        # fault repair" (outside testers, issues 15 and 19: added to what happened, or one
        # change lost): the changes, made and said.
        return [FollowupAction("action_change_complaint")]
    if _day_of_month_corrected(tracker, today):
        # "sorry no it was the 30th not the 3rd", read as anything: the day first raised read
        # back, put right (outside words, round 16, F11).
        return [FollowupAction("action_change_complaint")]
    if (
        (change_asked(text) or ("", ""))[0] == "name"
        # "they put the wrong name on my bill, John Smith": more about what happened.
        and not re.search(r"\bname\s+(?:on|in|of|for)\b", text, re.I)
        and name_changed(text, tracker.get_slot("customer_name")) is not None
    ):
        # "my surname is actually Khan-Ali", "can u put my name with capitals Dave Pritchard",
        # read as a new complaint: the name changed, never added to what happened (outside
        # words, round 16, F1).
        return [FollowupAction("action_change_complaint")]
    if {"no phone calls", "no e-mail"} & set(contact_wishes(text)):
        # "never email me" too (outside care, round 16, F10).
        # "dont phone me" at "Shall I log it?" (outside testers, issue 18, care18: "Contact by:
        # phone" kept): noted, and never contact by phone.
        return [FollowupAction("action_change_complaint")]
    if (
        detail_typed_alone(text) is not None
        or asks_for_priority_repair(text)
        or (formats_taken_off(text) and not declines_needs(text))
    ):
        # "ACC778", "add priority fault repair to the needs", "remove the large print" at "Shall
        # I log it?", whatever the model read (outside testers, round 13: logged, or the same
        # read-back with no word): the change, made and said.
        return [FollowupAction("action_change_complaint")]
    return None


def _day_of_month_corrected(tracker: Tracker, today: date) -> bool:
    """Whether the latest message puts right the day first raised kept by its day of the month
    alone ("no it was the 30th not the 3rd": bot.answers.dates `day_of_month_corrected`)."""
    try:
        held = date.fromisoformat(str(tracker.get_slot("complaint_first_raised") or ""))
    except ValueError:
        return False
    text = str(tracker.latest_message.get("text") or "")
    return day_of_month_corrected(text, held, today) is not None


def made_for_changed(tracker: Tracker) -> str | None:
    """Who the latest message says the complaint is made for, at the read-back (bot.vulnerability
    `made_for_said`), when it changes what was read back: NOT_ON_BEHALF only when the read-back
    said it was made for someone, and never for a message that changes another detail ("its my
    account number that's wrong")."""
    from actions.vulnerability import made_on_behalf  # it builds on this module

    text = str(tracker.latest_message.get("text") or "")
    said = made_for_said(text, tracker.get_slot("customer_name"))
    other = (change_asked(text) or ("", ""))[0]
    if other == "account" and not re.search(r"\baccount (?:number|no|num|ref)", text, re.I):
        other = ""  # "I'm the account holder", "it's my own account": not the account number
    if said is None or other:
        return None
    if said == NOT_ON_BEHALF and made_on_behalf(tracker) is None:
        return None
    return said


def names_a_new_call_time(text: str) -> bool:
    """A time to call said at the read-back ("actually call me at 3pm instead", "can you make the
    call back time 10am"); not "what happened is they said they'd ring after 6pm and never did",
    a description."""
    changed = (change_asked(text) or ("", ""))[0]
    return (
        call_back_time(text) is not None
        and not withdraws_consent(text)
        and changed in ("", "contact_preference")
    )


# The details a change at the read-back names plainly enough to be taken whatever the model read
# ("about" may name the category, but "tell me about compensation" is a question).
_DETAILS_CHANGED_IN_WORDS = {
    "name",
    "email",
    "phone",
    "postcode",
    "address",
    "account",
    "description",
    "employees",
    "customer_type",
    "contact_preference",
    "accessibility_needs",
}

# Answers given in words, which the form's own check reads (a refusal, a way of contact).
_ANSWERS_IN_WORDS = {
    # "i told you, Joan Baker", read as asking how long a reply takes (outside customers B, F39).
    "customer_name": gives_a_name,
    "customer_email": declines_email,
    "customer_phone": no_phone_to_give,
    # "whatever is quickest" may be read as asking how long a reply takes (outside testers).
    "contact_preference": lambda text: (
        contact_preference_in(text) is not None or has_no_preference(text)
    ),
}
