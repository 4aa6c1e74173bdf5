"""A message read as starting a new complaint, once a complaint has been logged in this
conversation (outside testers, round 13, 27 Nov, F1, F13, F15): checked first, so a detail
corrected or added, or a word about the reply owed on the complaint just logged, never starts a
new complaint form; a clear new complaint still does; anything else is asked about once ("Is this
about your complaint IG-XXXX, or a new complaint?"). The reading is bot/answers/after_logging.py.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, time
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.cases import with_store
from actions.conversation import (
    awaiting_read_back,
    provider_facts,
    provider_for,
    read_as,
    replied_just_before,
    sourced,
)
from actions.rights import (
    ASKED_CHANNEL_WORDS,
    counted_from_words,
    explain_logged_case_adr,
    logged_here,
    utter_commitments,
)
from bot import clock
from bot.answers.additions import addition_asked
from bot.answers.after_logging import (
    ADDITION,
    DETAIL,
    LATE_REPLY,
    NEW,
    adds_the_last_detail,
    answers_which,
    asks_if_added,
    asks_if_same_complaint,
    contact_detail_corrected,
    declines_a_new_complaint,
    reading_after_logging,
)
from bot.answers.commands import plainly_stops
from bot.answers.dates import complaint_age_in, first_raised_in, sent_day_in, stated_raised_date
from bot.answers.questions import channel_named
from bot.cases.references import normalise_reference, reference_in
from bot.cases.verification import CaseVerification
from bot.intake import IntakeError
from bot.provider_codes import ProviderCode, load_all_codes, other_providers_reference
from bot.regulation import load_rules, long_date
from bot.rights import quote_response_times
from bot.sources import from_code

logger = logging.getLogger(__name__)

# A case reference typed with its hyphen ("IG-7K3Q9X").
_REFERENCE = re.compile(r"\b[A-Za-z]{2,3}-[0-9A-Za-z]{6}\b")
# "Is this about your complaint IG-XXXX, or a new complaint?", with its two buttons.
ASK_WHICH = "utter_ask_logged_or_new"


def details_not_changed_here(
    dispatcher: CollectingDispatcher, code: ProviderCode, reference: str
) -> None:
    """That the chat changes no detail on the case, and how to reach the provider to change it
    (its code's complaints phone and e-mail), as a case check says it."""
    email = code.contact("email", purpose="complaints")
    dispatcher.utter_message(
        response="utter_case_details_not_changed_here",
        reference=reference,
        email=f" or by e-mail at {email.value}" if email else "",
        **provider_facts(code),
        **sourced(
            *(
                from_code(code, c.quote)
                for c in (code.contact("phone", purpose="complaints"), email)
                if c is not None and c.quote
            )
        ),
    )


def late_reply_answered(
    dispatcher: CollectingDispatcher, tracker: Tracker, case: dict[str, Any]
) -> None:
    """ "you were supposed to answer my email within 5 working days, its been 3 weeks" about the
    complaint just logged: said to be about it; the code's reply times counted from the day the
    customer's words give, with those passed said so; then when the complaint may go to ADR."""
    code = provider_for(tracker)
    now = clock.now()
    today = code.working_time.localise(now).date()
    text = tracker.latest_message.get("text")
    facts = provider_facts(code)
    reference = case["reference"]
    dispatcher.utter_message(response="utter_logged_case_late_reply", reference=reference, **facts)
    since = (
        sent_day_in(text, today) or stated_raised_date(text, today) or complaint_age_in(text, today)
    )
    if since is not None and since < today:
        channel = channel_named(text) or "email"
        received = datetime.combine(since, time.min, code.working_time.zone)
        quote = quote_response_times(code, load_rules(), channel=channel, received=received)
        passed = [(d.commitment, d.due) for d in quote.commitments if d.due < now]
        if passed:
            dispatcher.utter_message(
                response="utter_response_times_intro_channel_on_day",
                channel=ASKED_CHANNEL_WORDS.get(channel, channel),
                day=long_date(since),
                counted_from=counted_from_words(quote),
                **facts,
            )
            utter_commitments(dispatcher, passed, facts, code, channel)
            dispatcher.utter_message(
                response="utter_logged_case_reply_time_passed", reference=reference, **facts
            )
    else:
        dispatcher.utter_message(
            response="utter_logged_case_reply_no_day", reference=reference, **facts
        )
    first = case.get("complaint_first_raised") or (since.isoformat() if since else None)
    explain_logged_case_adr(dispatcher, code, now, {**case, "complaint_first_raised": first})


def no_new_complaint_wanted(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """ "I don't want a new complaint", "no new complaint" once a complaint was logged here and
    none is under way, whatever intent the model read (outside testers, issues 15 and 19: after
    "yes log it, how long will it take?" a new complaint form started): that the complaint is
    logged, with its reference, and what the customer can do; the turn ends. None otherwise."""
    if (tracker.active_loop or {}).get("name") or awaiting_read_back(tracker):
        return None
    if not declines_a_new_complaint(tracker.latest_message.get("text")):
        return None
    case = logged_here(tracker)
    if case is None:
        return None
    code = provider_for(tracker)
    dispatcher.utter_message(
        response="utter_logged_no_new_complaint", reference=str(case["reference"])
    )
    return [SlotSet("provider", code.id), FollowupAction("action_listen")]


def complaint_after_logging(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """What a message read as a new complaint does, when a complaint was logged in this
    conversation and none is under way: None to start the new complaint as usual; otherwise the
    events that end the turn, having answered it."""
    case = logged_here(tracker)
    if case is None:
        return None
    reference = str(case["reference"])
    text = str(tracker.latest_message.get("text") or "")
    named = next(tracker.get_latest_entity_values("reference"), None) or (
        (found := _REFERENCE.search(text)) and found.group(0)
    )
    if named and re.sub(r"[\s-]", "", str(named)).upper() != reference.replace("-", "").upper():
        return None  # another case named: that case is checked (`case_named_in_words`)
    code = provider_for(tracker)
    done: list[EventType] = [SlotSet("provider", code.id), FollowupAction("action_listen")]
    if replied_just_before(tracker, ASK_WHICH):
        # The answer to "about your complaint, or a new one?": asked once, never again; a new
        # complaint unless it says the logged one.
        if answers_which(text, reference) == "logged":
            meant = {
                **tracker.latest_message,
                "entities": [{"entity": "reference", "value": reference}],
            }
            return read_as(meant, "check_case")
        return None
    reading = reading_after_logging(text, case.get("complaint_category"))
    if reading == NEW:
        return None
    if reading == DETAIL:
        # "sorry my phone number is actually 07700 900 456 can u change it" (F1), "oh and
        # postcode is PR2 8AA if u need it" (F13): no new complaint; what happens to it.
        details_not_changed_here(dispatcher, code, reference)
        return done
    if reading == LATE_REPLY:
        late_reply_answered(dispatcher, tracker, case)  # F15
        return done
    dispatcher.utter_message(response=ASK_WHICH, reference=reference)
    return done


def _said_since_logging(tracker: Tracker) -> str | None:
    """The customer's message just before the latest one, when it came after the complaint was
    logged here and was not already added to it; None otherwise."""
    events = list(tracker.events)
    logged_at = max(
        (
            i
            for i, e in enumerate(events)
            if e.get("event") == "slot" and e.get("name") == "created_reference" and e.get("value")
        ),
        default=None,
    )
    if logged_at is None:
        return None
    users = [i for i, e in enumerate(events) if e.get("event") == "user" and i > logged_at]
    if len(users) < 2:
        return None
    earlier, latest = users[-2], users[-1]
    replies = {
        (e.get("metadata") or {}).get("utter_action")
        for e in events[earlier:latest]
        if e.get("event") == "bot"
    }
    text = str(events[earlier].get("text") or "").strip()
    if not text or text.startswith("/") or "utter_addition_recorded" in replies:
        return None
    return text


async def _noted(reference: str, note: str) -> bool:
    """The note added to the case's file in the customer's name; False when it cannot be saved."""
    try:
        await with_store(
            lambda store: store.add_note(
                reference, note, now=clock.now(), actor="customer", channel="chat"
            )
        )
    except Exception:
        logger.exception("could not add the customer's note to %s", reference)
        return False
    return True


async def _add_to_case(
    dispatcher: CollectingDispatcher, code: ProviderCode, reference: str, added: str
) -> None:
    """The customer's words added to the case's file as a note, and said; when they cannot be
    saved, said so with where to send them instead."""
    if not await _noted(reference, added):
        details_not_changed_here(dispatcher, code, reference)
        return
    dispatcher.utter_message(
        response="utter_addition_recorded", reference=reference, added=added, **provider_facts(code)
    )


_CONTACT_WORDS = {"email": "e-mail address", "phone": "phone number"}

# "one more thing", "i forgot something": words that open an addition without giving it, so there
# is nothing yet to add once the customer says which complaint (the case is checked as before).
_PREFACE_WORDS = frozenset(
    [
        "one",
        "more",
        "thing",
        "something",
        "else",
        "also",
        "and",
        "another",
        "oh",
        "i",
        "forgot",
        "to",
        "mention",
        "wait",
        "sorry",
        "just",
        "add",
        "want",
        "would",
        "like",
        "need",
        "please",
        "can",
        "could",
        "you",
        "quick",
        "question",
        "hi",
        "hello",
        "there",
        "ive",
        "i've",
        "got",
        "have",
        "a",
        "bit",
        "about",
        "my",
        "complaint",
        "it",
    ]
)


def _carries_words_to_add(text: str) -> bool:
    """Whether a message gives something to add, rather than only opening ("one more thing")."""
    words = re.findall(r"[a-z0-9']+", text.lower())
    return any(w not in _PREFACE_WORDS for w in words)


def chose_the_logged_complaint(tracker: Tracker, reference: str) -> bool:
    """Whether the latest message answers "Is this about your complaint IG-..., or a new
    complaint?" with the complaint logged: its button, its title typed ("About IG-..."), or words
    ("the one i just made obviously")."""
    if not replied_just_before(tracker, ASK_WHICH):
        return False
    text = str(tracker.latest_message.get("text") or "").strip()
    return text == "/check_case" or answers_which(text, reference) == "logged"


async def addition_once_logged_chosen(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """The message "Is this about your complaint IG-..., or a new complaint?" was asked about,
    added to the complaint logged here once the customer chooses it, and said (outside testers,
    round 16, words F8: "can you add the engineer job ref was ENG55231", then "the one i just made
    obviously" got "Sorry, I still didn't understand that", and the button only the case's status:
    the reference was never on the file and the customer never told). None when the latest message
    does not choose the logged complaint, or the message before it gave nothing to add ("one more
    thing": the case is checked as before)."""
    case = logged_here(tracker)
    if case is None or awaiting_read_back(tracker):
        return None
    reference = str(case["reference"])
    if not chose_the_logged_complaint(tracker, reference):
        return None
    added = _said_since_logging(tracker)
    if added is None or not _carries_words_to_add(added):
        return None
    code = provider_for(tracker)
    done: list[EventType] = [SlotSet("provider", code.id), FollowupAction("action_listen")]
    await _add_to_case(dispatcher, code, reference, added)
    return done


async def addition_to_logged_case(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """ "also they charged me a £10 late fee on top", "oh i forgot to mention they also want a £60
    exit fee", "oh and they told me it would be fixed by friday" once a complaint was logged here
    and none is under way: added to that complaint's file as a note in the customer's words, and
    said; "can you add that too" adds the message just before it (outside testers, round 15,
    F13/F27); "sorry my email is actually jo.b@example.com" is noted on the file as the customer's
    new e-mail (the chat changes no detail on a case) and said so. When it cannot be saved, said
    so with the provider's complaints phone and e-mail to send it to (outside customers A, round
    14, F1, F22: the detail was never recorded, or a new complaint form started). None otherwise."""
    case = logged_here(tracker)
    if case is None or awaiting_read_back(tracker):
        return None
    if replied_just_before(tracker, ASK_WHICH):
        return await addition_once_logged_chosen(dispatcher, tracker)
    reference = str(case["reference"])
    text = str(tracker.latest_message.get("text") or "").strip()
    if text.startswith("/"):
        return None
    named = next(tracker.get_latest_entity_values("reference"), None) or (
        (found := _REFERENCE.search(text)) and found.group(0)
    )
    if named and re.sub(r"[\s-]", "", str(named)).upper() != reference.replace("-", "").upper():
        return None
    contact = contact_detail_corrected(text)
    added = None
    if contact is None:
        if adds_the_last_detail(text):
            added = _said_since_logging(tracker)
        elif reading_after_logging(text, case.get("complaint_category")) == ADDITION:
            added = text
        if added is None:
            return None
    code = provider_for(tracker)
    done: list[EventType] = [SlotSet("provider", code.id), FollowupAction("action_listen")]
    if contact is not None:
        kind, value = contact
        detail = _CONTACT_WORDS[kind]
        if not await _noted(reference, f"The customer's new {detail}: {value}"):
            details_not_changed_here(dispatcher, code, reference)
            return done
        dispatcher.utter_message(
            response="utter_contact_detail_noted",
            reference=reference,
            detail=detail,
            given=value,
            **provider_facts(code),
        )
        return done
    await _add_to_case(dispatcher, code, reference, str(added))
    return done


# "What would you like to add to complaint IG-...?": the next message is added to it (guard15).
ASK_WHAT_TO_ADD = "utter_ask_what_to_add"
# The request waiting for a case's check (`pending_request`) when it is an addition: the words
# wait in `pending_addition` (none yet: asked once the case is checked).
ADD_NOTE = "add_note"
# "no", "nothing", "never mind" after "What would you like to add?": nothing added.
_NOTHING_TO_ADD = re.compile(
    r"^\W*(?:no|nope|nah|nothing|none|never\s*mind|forget\s+it|cancel|it'?s\s+fine|"
    r"doesn'?t\s+matter|no\s+thanks?)\b\W*(?:thanks?|thank\s+you|then)?\W*$",
    re.IGNORECASE,
)


async def _checked_here(tracker: Tracker, reference: str) -> bool:
    """Whether the store holds a check (or the raising) of `reference` by this conversation,
    lately: the case may then be added to."""
    now = clock.now()
    try:
        return await with_store(
            lambda store: CaseVerification(store).recently_verified(
                reference, tracker.sender_id, now
            )
        )
    except Exception:
        logger.exception("case store unavailable while checking a verification")
        return False


def _reference_named(tracker: Tracker, code: ProviderCode) -> str | None:
    """This provider's reference the latest message names, normalised; None for none (or for
    another provider's, which the case check answers)."""
    given = next(tracker.get_latest_entity_values("reference"), None) or reference_in(
        tracker.latest_message.get("text"),
        [c.reference_prefix for c in load_all_codes().values()],
    )
    if not given:
        return None
    try:
        reference = normalise_reference(str(given))
    except ValueError:
        return None
    return None if other_providers_reference(reference, code) else reference


async def add_to_checked_case(
    dispatcher: CollectingDispatcher, tracker: Tracker, reference: str, added: str | None
) -> list[EventType]:
    """`added` noted on the checked case in the customer's words and said; with no words yet,
    "What would you like to add to complaint ...?" (the answer is added: `addition_to_checked_case`)."""
    code = provider_for(tracker)
    if added is None:
        dispatcher.utter_message(response=ASK_WHAT_TO_ADD, reference=reference)
        return [
            SlotSet("pending_request", ADD_NOTE),
            SlotSet("pending_request_for", reference),
            SlotSet("pending_addition", None),
        ]
    cleared = [
        SlotSet("pending_request", None),
        SlotSet("pending_request_for", None),
        SlotSet("pending_addition", None),
    ]
    await _add_to_case(dispatcher, code, reference, added)
    return cleared


async def addition_to_checked_case(
    dispatcher: CollectingDispatcher, tracker: Tracker, *, checking: bool = False
) -> list[EventType] | None:
    """ "i want to add something to my complaint", "please add to my complaint that ...", "add
    this: ...", "just add to IG-...: ..." about a case this conversation checked or raised lately,
    whatever the model read: the words are added to it as a note and said, or asked for first
    ("What would you like to add to complaint ...?"), and the answer to that is added. Never a
    call back, never a new complaint (outside compliance r15). A case named but not checked yet
    is checked first, the addition waiting with it (`pending_addition`; it acts only on the case
    it names, `pending_request_for`): the events for the lookup form when `checking` (the case
    check's own action), else the message put back as a case check. None otherwise."""
    loop = (tracker.active_loop or {}).get("name")
    if loop not in (None, "case_lookup_form") or awaiting_read_back(tracker):
        return None
    if loop == "case_lookup_form" and tracker.get_slot("requested_slot") == "verification_answer":
        return None  # the answer to the check's question is checked, never added
    text = str(tracker.latest_message.get("text") or "").strip()
    if not text or text.startswith("/"):
        return None
    code = provider_for(tracker)
    done: list[EventType] = [SlotSet("provider", code.id), FollowupAction("action_listen")]
    waiting_for = tracker.get_slot("pending_request_for")
    if (
        tracker.get_slot("pending_request") == ADD_NOTE
        and isinstance(waiting_for, str)
        and replied_just_before(tracker, ASK_WHAT_TO_ADD)
        and _reference_named(tracker, code) in (None, waiting_for)
    ):
        if not await _checked_here(tracker, waiting_for):
            return None
        if _NOTHING_TO_ADD.match(text) or plainly_stops(text):
            # Only a stop said plainly: "I was without broadband until the end of the month" and
            # "the bill is wrong, please stop it" are what to add (outside attacker, round 21, F1,
            # HIGH: thrown away as "I haven't added anything").
            dispatcher.utter_message(response="utter_nothing_added", reference=waiting_for)
            return [
                SlotSet("pending_request", None),
                SlotSet("pending_request_for", None),
                *done,
            ]
        return [*await add_to_checked_case(dispatcher, tracker, waiting_for, text), *done]
    asked = addition_asked(text)
    if asked is None:
        return None
    named = _reference_named(tracker, code)
    case = logged_here(tracker)
    reference = named or tracker.get_slot("verified_reference")
    if not reference:
        reference = str(case["reference"]) if case else None
    if case is not None and str(case["reference"]) == reference and asked.added is not None:
        # "can you add to it that ..." about the complaint just logged: noted in the customer's
        # whole words, as every addition after logging is (words20b, words15b).
        logged_addition = await addition_to_logged_case(dispatcher, tracker)
        if logged_addition is not None:
            return logged_addition
    if not isinstance(reference, str) or not reference:
        return None
    if await _checked_here(tracker, reference):
        return [*await add_to_checked_case(dispatcher, tracker, reference, asked.added), *done]
    if named is None:
        return None  # a case checked a while ago: the usual check asks for its reference
    if not checking:
        meant = {
            **tracker.latest_message,
            "intent": {"name": "check_case", "confidence": 1.0},
            "entities": [{"entity": "reference", "value": named}],
        }
        return read_as(meant, "check_case")
    return [
        SlotSet("pending_request", ADD_NOTE),
        SlotSet("pending_addition", asked.added),
        SlotSet("case_reference", named),
        SlotSet("pending_request_for", named),
        SlotSet("verification_answer", None),
    ]


def _replies_to_the_message_before(tracker: Tracker) -> set[str]:
    """The responses the assistant gave to the customer's message before the latest one."""
    events = list(tracker.events)
    users = [i for i, e in enumerate(events) if e.get("event") == "user"]
    if len(users) < 2:
        return set()
    return {
        str((e.get("metadata") or {}).get("utter_action"))
        for e in events[users[-2] : users[-1]]
        if e.get("event") == "bot"
    }


# What the assistant says when the customer's words were put on the case logged here.
_ADDED_REPLIES = frozenset(
    ["utter_addition_recorded", "utter_contact_detail_noted", "utter_first_raised_recorded"]
)


def same_complaint_answered(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """ "is it the same one?", "is that the same complaint as before?", "so is that added to my
    complaint?" once a complaint was logged here and none is under way, whatever the model read
    (outside testers, "customers' own words": a new complaint form, or a reference asked for):
    yes, the complaint logged in this conversation, by its reference, and that the last thing
    said was added to it when it was; the turn ends. None otherwise."""
    if (tracker.active_loop or {}).get("name") or awaiting_read_back(tracker):
        return None
    text = str(tracker.latest_message.get("text") or "").strip()
    if text.startswith("/") or not asks_if_same_complaint(text):
        return None
    case = logged_here(tracker)
    if case is None:
        return None
    reference = str(case["reference"])
    named = next(tracker.get_latest_entity_values("reference"), None) or (
        (found := _REFERENCE.search(text)) and found.group(0)
    )
    if named and re.sub(r"[\s-]", "", str(named)).upper() != reference.replace("-", "").upper():
        return None  # another case named: that case is checked
    added = bool(_ADDED_REPLIES & _replies_to_the_message_before(tracker))
    if added:
        response = "utter_same_complaint_added"
    elif asks_if_added(text):
        response = "utter_same_complaint_not_added"  # never a "yes" for words never added
    else:
        response = "utter_same_complaint_logged"
    dispatcher.utter_message(response=response, reference=reference)
    return [SlotSet("provider", provider_for(tracker).id), FollowupAction("action_listen")]


async def first_raised_after_logging(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """ "I first reported this on 3 November", "I actually rang about this back on the 2nd" once a
    complaint was logged here and none is under way, whatever the model read (outside testers,
    "customers' own words": dropped, or a new complaint form): the day kept on the case as the day
    first raised, the ADR date counted from it as at logging (`CaseStore.record_first_raised`),
    and both said; when it cannot be saved, where to send it. None otherwise."""
    if (tracker.active_loop or {}).get("name") or awaiting_read_back(tracker):
        return None
    text = str(tracker.latest_message.get("text") or "").strip()
    if not text or text.startswith("/"):
        return None
    case = logged_here(tracker)
    if case is None:
        return None
    code = provider_for(tracker)
    now = clock.now()
    day = first_raised_in(text, code.working_time.localise(now).date()).day
    if day is None:
        return None
    reference = str(case["reference"])
    done: list[EventType] = [SlotSet("provider", code.id), FollowupAction("action_listen")]
    try:
        await with_store(
            lambda store: store.record_first_raised(
                reference, day, now=now, actor="customer", channel="chat"
            )
        )
    except IntakeError:
        return None  # a day after the complaint was logged: not the day it was first raised
    except Exception:
        logger.exception("could not record the day first raised on %s", reference)
        details_not_changed_here(dispatcher, code, reference)
        return done
    dispatcher.utter_message(
        response="utter_first_raised_recorded",
        reference=reference,
        raised=long_date(day),
        first_raised_on=day.isoformat(),  # kept in the bot event: `logged_here` reads it later
    )
    explain_logged_case_adr(
        dispatcher, code, now, {**case, "complaint_first_raised": day.isoformat()}
    )
    return done


def tells_more_of_logged_complaint(tracker: Tracker) -> bool:
    """Whether the latest message tells more of the complaint logged here, none under way
    ("and the engineer didn't turn up on Tuesday either", read as a fault report): for the
    new-complaint action, which adds it to that complaint (`addition_to_logged_case`)."""
    if (tracker.active_loop or {}).get("name") or awaiting_read_back(tracker):
        return False
    case = logged_here(tracker)
    if case is None:
        return False
    text = str(tracker.latest_message.get("text") or "")
    return reading_after_logging(text, case.get("complaint_category")) == ADDITION
