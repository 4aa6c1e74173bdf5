"""Greetings and the last-resort reply when the assistant has not understood."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.after_logging import (
    addition_to_checked_case,
    addition_to_logged_case,
    first_raised_after_logging,
    no_new_complaint_wanted,
    same_complaint_answered,
)
from actions.conversation import (
    action_before_latest,
    adr_letter_held_told,
    answer_to_the_question,
    asked_in_its_words,
    awaiting_read_back,
    call_back_asked,
    complaint_told,
    disability_question_in_words,
    fault_told,
    follow_up_to_last_answer,
    not_logged_yet,
    other_body_contact_asked,
    provider_facts,
    provider_for,
    question_in_words,
    read_as,
    read_back_routed,
    repair_time_question_in_words,
    responses_this_turn,
    sourced,
    whats_next_after_logging,
)
from actions.intake import carry_on_after_a_stop
from actions.rights import suspension_asked
from actions.status import (
    case_named_in_words,
    check_retyped_answer,
    reference_answered,
    who_deals_next_asked,
)
from actions.vulnerability import (
    answers_removal_question,
    chased_for_money_asked,
    hears_cues_in_passing,
    withdrawal_in_words,
)
from bot.answers.asking import is_a_question
from bot.answers.commands import adds_more, carries_on
from bot.answers.questions import asks_for_accessibility
from bot.answers.routing import names_a_complaint, reads_as_a_complaint, writes_for_someone
from bot.answers.what_happened import first_message_facts, says_what_happened
from bot.sources import from_code
from bot.vulnerability import find_cues, help_for_circumstances_asked, load_vulnerability_rules


@hears_cues_in_passing
class ActionGreet(Action):
    """Greets the customer in the name of the provider this conversation serves."""

    def name(self) -> str:
        return "action_greet"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        referenced = await reference_answered(dispatcher, tracker, domain)
        if referenced is not None:
            return referenced  # "IN WDVYAJ" at the reference question (round 19, F6)
        case = case_named_in_words(tracker)
        if case is not None:
            return case  # "hi whats the latest on ig98wqgw, email ...": that case, checked
        routed = withdrawal_in_words(tracker) or read_back_routed(tracker)
        if routed is not None:
            # At "Shall I log it?", read as a greeting: "take off the call in the morning thing"
            # asks about that need (outside customers B, round 12, H3: the greeting, and the need
            # logged); "hi, actually call me at 3pm instead" is the new time, read back (outside
            # testers, 27 Nov: a greeting, and the change lost).
            return routed
        asked = asked_in_its_words(tracker)
        if asked is not None:
            return asked  # "is there help if I'm deaf?" (outside testers, round 13: the greeting)
        code = provider_for(tracker)
        dispatcher.utter_message(response="utter_greet", **provider_facts(code))
        return [SlotSet("provider", code.id)]


def for_someone_else(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """ "hi im writing for my dad, hes 88", with nothing under way: what the sources say of acting
    for someone else (nothing of how: the provider's number from its code to ask) and what the
    assistant can do, never "Sorry, I didn't follow that" (outside customers B, round 12, M5).
    None for any other message."""
    text = tracker.latest_message.get("text")
    if (
        not writes_for_someone(text)
        or tracker.active_loop.get("name")
        or awaiting_read_back(tracker)
    ):
        return None
    code = provider_for(tracker)
    said = set(responses_this_turn(tracker)) | {str(m.get("response")) for m in dispatcher.messages}
    if "utter_speaking_for_another_not_covered" not in said:
        phone = code.contact("phone", purpose="complaints")
        number = [from_code(code, phone.quote)] if phone is not None and phone.quote else []
        dispatcher.utter_message(
            response="utter_speaking_for_another_not_covered",
            **provider_facts(code),
            **sourced(*number),
        )
    dispatcher.utter_message(response="utter_what_i_can_do")
    # The turn ends here: from Rasa's core fallback, an action that neither reverts the message nor
    # names what comes next is predicted again and again until Rasa stops (the re-test, round 12:
    # one line nine times, then an empty reply to every message after).
    return [SlotSet("provider", code.id), FollowupAction("action_listen")]


def _starts_a_complaint(tracker: Tracker) -> bool:
    """No complaint is under way, and the message tells what went wrong ("You've billed me twice
    ... Priya Shah, SW1A 2AA") or names itself a complaint ("complaint about customer service")."""
    if tracker.active_loop.get("name") or tracker.get_slot("complaint_description"):
        return False
    text = tracker.latest_message.get("text")
    if is_a_question(text):
        return False
    if needs_urgent_help(text):
        # "I just want to end it all, nothing works": the urgent numbers come first, then what
        # the assistant can do; a complaint form straight after them would read as not listening.
        return False
    # "no internet 3 wks, complaint" (the outside set's postcode-aa9-9aa, read as `inform` with
    # nothing to inform): named a complaint, or telling of something gone wrong.
    return says_what_happened(text) or names_a_complaint(text) or reads_as_a_complaint(text)


def needs_urgent_help(text: str | None) -> bool:
    rules = load_vulnerability_rules()
    cues = find_cues(text or "", rules)
    return any(rules.circumstances[cue.circumstance].urgent for cue in cues)


class ActionNotFollowed(Action):
    """A message put back as another intent too often in one turn (actions/conversation.py,
    `read_as`): said plainly, then back to where the conversation was: the form's question, the
    read-back, or what the assistant can do. Never another putting back, so the turn ends."""

    def name(self) -> str:
        return "action_not_followed"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        loop = (tracker.active_loop or {}).get("name")
        if loop:
            dispatcher.utter_message(response="utter_not_followed")
            return [FollowupAction(loop)]
        if awaiting_read_back(tracker):
            dispatcher.utter_message(response="utter_not_followed")
            return [FollowupAction("action_summarise_complaint")]
        dispatcher.utter_message(
            response="utter_core_fallback", **provider_facts(provider_for(tracker))
        )
        return [FollowupAction("action_listen")]


def carried_on_after_a_stop(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """ "sorry carry on" straight after the complaint was stopped, read as neither stop nor a
    complaint (outside testers): the complaint starts again, saying why its questions come back,
    as action_nothing_to_stop does for the same words read as stop; None for anything else."""
    if tracker.active_loop.get("name") or tracker.get_slot("complaint_description"):
        return None
    if action_before_latest(tracker) != "action_stop_complaint":
        return None
    if not carries_on(tracker.latest_message.get("text")):
        return None
    return carry_on_after_a_stop(dispatcher, tracker)


@hears_cues_in_passing
class ActionDefaultFallback(Action):
    """Rasa's core fallback (no rule or story fits): a message that tells what went wrong starts
    the complaint; anything else gets what the assistant can do, buttons and the phone number
    (outside testing: a first message read confidently as `inform` got "Sorry, I still didn't
    understand that", a dead end). An e-mail address or postcode typed again after a failed case
    check is checked as the next attempt (actions/status.py, `check_retyped_answer`)."""

    def name(self) -> str:
        return "action_default_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        referenced = await reference_answered(dispatcher, tracker, domain)
        if referenced is not None:
            return referenced  # "IN WDVYAJ" at the reference question (round 19, F6)
        resumed = carried_on_after_a_stop(dispatcher, tracker)
        if resumed is not None:
            return resumed
        if help_for_circumstances_asked(tracker.latest_message.get("text")) and not (
            tracker.active_loop or {}
        ).get("name"):
            # "im disabled and rely on my phone line, what help can i get" (outside compliance
            # r14, F4: the fallback at one provider, an answer at another as the model read it):
            # what the rules give, for every provider.
            from actions.rights import explain_help_for_circumstances

            return explain_help_for_circumstances(dispatcher, tracker)
        logged = no_new_complaint_wanted(dispatcher, tracker)
        if logged is not None:
            return logged  # "I don't want a new complaint" after logging (issues 15 and 19)
        about_logged = same_complaint_answered(dispatcher, tracker) or (
            await first_raised_after_logging(dispatcher, tracker)
        )
        if about_logged is not None:
            return about_logged  # "is it the same one?", "I first reported this on 3 November"
        added = await addition_to_checked_case(dispatcher, tracker)
        if added is not None:
            # "i want to add something to my complaint", "add this: ..." on a case checked here
            # (outside compliance r15): added to it as a note, or what to add asked first.
            return added
        added = await addition_to_logged_case(dispatcher, tracker)
        if added is not None:
            # "oh and they told me it would be fixed by friday", "can you add that too", "sorry my
            # email is actually ..." after logging (outside testers, round 15, F13/F27: "Sorry, I
            # didn't follow"): added to the complaint logged, as a note on its file.
            return added
        next_step = await who_deals_next_asked(dispatcher, tracker)
        if next_step is not None:
            return next_step  # "who will deal with it now and when?" after asking to escalate
        whats_next = whats_next_after_logging(tracker)
        if whats_next is not None:
            return whats_next  # "what happens now then?" after logging (customers B, round 12, M1)
        answered = answer_to_the_question(tracker, dispatcher, domain)
        if answered is not None:
            return answered  # "she's hard of hearing so please speak slowly", to the needs question
        suspension = suspension_asked(dispatcher, tracker)
        if suspension is not None:
            # "will you cut me off if I don't pay the bill I'm disputing?" (F23, fix18e).
            return [*suspension, FollowupAction("action_listen")]
        chased = chased_for_money_asked(dispatcher, tracker)
        if chased is not None:
            # "will you stop chasing me for the £180 while its looked at?" (outside testers, round
            # 13); the turn ends here, as the core fallback's must.
            return [*chased, FollowupAction("action_listen")]
        retried = await check_retyped_answer(dispatcher, tracker, domain)
        if retried is not None:
            return retried
        case = case_named_in_words(tracker)
        if case is not None:
            return case  # "IN-KC5E8R M1 1AE status please": that case, checked at once
        withdrawn = withdrawal_in_words(tracker)
        if withdrawn is not None:
            # "please remove the call time" after logging, not understood (outside testers, 27
            # Nov): the withdrawal it is, checked and confirmed as "remove my needs" is.
            return withdrawn
        asked = repair_time_question_in_words(tracker)
        if asked is not None:
            return asked  # "how long will it take to fix my fault?": what the code says of it
        held = adr_letter_held_told(tracker)
        if held is not None:
            return held  # "I got a deadlock letter dated 2 March 2026": the ADR question
        asked = other_body_contact_asked(tracker) or call_back_asked(tracker)
        if asked is not None:
            # "whats ofcoms number", "will they call me back on Monday?": the question in its
            # words (outside customers A, round 12, H3 and H5).
            return asked
        if not (tracker.active_loop or {}).get("name") and not awaiting_read_back(tracker):
            text = tracker.latest_message.get("text")
            if asks_for_accessibility(text):
                # "I need everything in large print please", read as inform with nothing under
                # way: "Sorry, I didn't follow that" (outside compliance, round 16, F8).
                return read_as(tracker.latest_message, "ask_accessible_formats")
            named = question_in_words(tracker)
            if named is not None:
                # "first complained on 6 April 2026 - when could I go to CISAS?", read as inform:
                # the question its words name (outside compliance, round 16, F16).
                return named
        if _starts_a_complaint(tracker):
            return read_as(tracker.latest_message, "make_complaint")
        if not_logged_yet(dispatcher, tracker):
            return [FollowupAction("action_summarise_complaint")]  # "dont log it yet": it waits
        text = tracker.latest_message.get("text")
        if awaiting_read_back(tracker) and (adds_more(text) or says_what_happened(text)):
            # More about what happened, at "Shall I log it?": added there (outside testing).
            return read_as(tracker.latest_message, "make_complaint")
        if awaiting_read_back(tracker):
            # Not understood at "Shall I log it?": said so, and the read-back and its question
            # come back (outside customers A, 27 Nov: the generic answer and its "Make a
            # complaint" button came instead, the summary never came back, and "log it" then got
            # "Sorry, I didn't follow that").
            dispatcher.utter_message(response="utter_not_followed")
            return [FollowupAction("action_summarise_complaint")]
        helped = for_someone_else(dispatcher, tracker)
        if helped is not None:
            return helped  # "hi im writing for my dad, hes 88"
        dispatcher.utter_message(
            response="utter_core_fallback", **provider_facts(provider_for(tracker))
        )
        return [UserUtteranceReverted()]


# Intents a "Do you mean ...?" question can offer, each asked in words by
# `utter_did_you_mean_<intent>` (never by its name, issue 15).
CLARIFIABLE = (
    "make_complaint",
    "report_fault",
    "ask_response_time",
    "ask_escalation",
    "ask_adr",
    "ask_contact",
    "ask_compensation",
    "ask_cancellation",
    "ask_privacy",
    "ask_accessible_formats",
    "check_case",
    "request_escalation",
    "request_adr_letter",
    "talk_to_human",
)


def _best_guess(tracker: Tracker) -> str | None:
    """The likeliest intent NLU saw in a message it was not sure of, if one can be offered."""
    for ranked in tracker.latest_message.get("intent_ranking") or []:
        name = ranked.get("name")
        if name == "nlu_fallback":
            continue
        return name if name in CLARIFIABLE else None
    return None


def _asked_just_before(tracker: Tracker) -> bool:
    """Whether the assistant's last action before this message was a "Do you mean ...?"."""
    return action_before_latest(tracker) == "action_clarify"


@hears_cues_in_passing
class ActionClarify(Action):
    """Asks, in words, whether the customer meant what the assistant guessed, with yes and no
    buttons; a second message in a row it cannot read gets what it can do and the phone number."""

    def name(self) -> str:
        return "action_clarify"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        resumed = carried_on_after_a_stop(dispatcher, tracker)
        if resumed is not None:
            return resumed
        logged = no_new_complaint_wanted(dispatcher, tracker)
        if logged is not None:
            return logged  # "I don't want a new complaint" after logging (issues 15 and 19)
        about_logged = same_complaint_answered(dispatcher, tracker) or (
            await first_raised_after_logging(dispatcher, tracker)
        )
        if about_logged is not None:
            return about_logged  # "is it the same one?", "I first reported this on 3 November"
        added = await addition_to_checked_case(dispatcher, tracker)
        if added is not None:
            # "i want to add something to my complaint", "add this: ..." on a case checked here
            # (outside compliance r15): added to it as a note, or what to add asked first.
            return added
        added = await addition_to_logged_case(dispatcher, tracker)
        if added is not None:
            # "oh and they told me it would be fixed by friday", "can you add that too", "sorry my
            # email is actually ..." after logging (outside testers, round 15, F13/F27: "Sorry, I
            # didn't follow"): added to the complaint logged, as a note on its file.
            return added
        next_step = await who_deals_next_asked(dispatcher, tracker)
        if next_step is not None:
            return next_step  # "who will deal with it now and when?" after asking to escalate
        whats_next = whats_next_after_logging(tracker)
        if whats_next is not None:
            return whats_next  # "what happens now then?" after logging (customers B, round 12, M1)
        retried = await check_retyped_answer(dispatcher, tracker, domain)
        if retried is not None:
            return retried
        answered = answer_to_the_question(tracker, dispatcher, domain)
        if answered is not None:
            return answered  # the form's answer, whatever the model was unsure of
        suspension = suspension_asked(dispatcher, tracker)
        if suspension is not None:
            return suspension  # "can they suspend my service while the bill is in dispute?"
        chased = chased_for_money_asked(dispatcher, tracker)
        if chased is not None:
            return chased  # "will you stop chasing me for the £180 while its looked at?"
        if not_logged_yet(dispatcher, tracker):
            return [FollowupAction("action_summarise_complaint")]  # "dont log it yet": it waits
        case = case_named_in_words(tracker)
        if case is not None:
            return case  # "whats the latest on ig98wqgw, email ...": that case, not "Do you mean"
        withdrawn = withdrawal_in_words(tracker)
        if withdrawn is not None:
            # "actually dont record that" after logging, which the model could not place
            # (outside testers, round 13: "Sorry, I still didn't understand that"): the withdrawal
            # it is, checked and confirmed ("Are you sure?") as "remove my needs" is.
            return withdrawn
        asked = disability_question_in_words(tracker)
        if asked is not None:
            return asked  # "can I get priority fault repair?": never "Do you mean a fault?"
        asked = repair_time_question_in_words(tracker)
        if asked is not None:
            return asked  # "when will my broadband be fixed": what the code says of repair times
        told = complaint_told(tracker)
        if told is not None:
            return told  # "I've been on hold for 2 hours 40 minutes today. That is not acceptable"
        asked = question_in_words(tracker)
        if asked is not None:
            return (
                asked  # "can i speak to a manager about my complaint": answered, not "Do you mean"
            )
        reported = fault_told(tracker)
        if reported is not None:
            return reported  # "the router light has gone red and nothing will connect, what now"
        helped = for_someone_else(dispatcher, tracker)
        if helped is not None:
            return helped  # "hi im writing for my dad, hes 88": never "Do you mean ...?"
        guess = _best_guess(tracker)
        text = tracker.latest_message.get("text")
        gives_details = bool(first_message_facts(text).keys() & {"email", "phone", "postcode"})
        if says_what_happened(text) and (guess == "make_complaint" or gives_details):
            # An account of what went wrong with the customer's contact details in it is a
            # complaint whatever NLU guessed (outside testing: "you doubled my bill without telling
            # me. James O'Connor james@... 07700900111 B1 1AA" was "not understood").
            # A message that tells what went wrong, likeliest a complaint: the customer said it,
            # so the complaint starts (with that message as what happened) without a question.
            return read_as(tracker.latest_message, "make_complaint")
        if _starts_a_complaint(tracker) and names_a_complaint(text):
            # "complaint about customer service": the customer said it is a complaint.
            return read_as(tracker.latest_message, "make_complaint")
        if guess is None and reads_as_a_complaint(text) and not _asked_just_before(tracker):
            # NLU has no guess it can offer, but the customer tells of something gone wrong
            # ("we've been overcharged on our business account", "switched to you without my
            # consent!!"): the outside conversation set found these told "I didn't follow that".
            return read_as(tracker.latest_message, "make_complaint")
        if guess is None or _asked_just_before(tracker):
            dispatcher.utter_message(
                response="utter_default", **provider_facts(provider_for(tracker))
            )
            return [SlotSet("clarify_intent", None)]
        dispatcher.utter_message(response=f"utter_did_you_mean_{guess}")
        return [SlotSet("clarify_intent", guess)]


class ActionClarified(Action):
    """After "yes" to "Do you mean ...?": goes on as if the message had been read that way."""

    def name(self) -> str:
        return "action_clarified"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        intent = tracker.get_slot("clarify_intent")
        meant = _message_before_latest(tracker)
        if intent is None or meant is None:
            dispatcher.utter_message(response="utter_ask_rephrase")
            return []
        return [
            SlotSet("clarify_intent", None),
            *read_as(meant.get("parse_data") or {}, intent, meant.get("text")),
        ]


class ActionClarifyDenied(Action):
    """After "no" to "Do you mean ...?": asks the customer to put it another way, and, if their
    complaint was waiting at the read-back, shows it again with its question (outside testing:
    after "no" there, "yes log it" and "log my complaint please" got "I didn't follow that")."""

    def name(self) -> str:
        return "action_clarify_denied"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if awaiting_read_back(tracker):
            dispatcher.utter_message(response="utter_back_to_read_back")
            return [SlotSet("clarify_intent", None), FollowupAction("action_summarise_complaint")]
        dispatcher.utter_message(response="utter_ask_rephrase")
        return [SlotSet("clarify_intent", None)]


def _message_before_latest(tracker: Tracker) -> dict | None:
    """The customer's message before their latest one (the one the question was about)."""
    users = [e for e in tracker.events if e.get("event") == "user"]
    return users[-2] if len(users) >= 2 else None


class SmallTalk:
    """A plain answer ("You're welcome", "I'm a bot") given by an action rather than by the rule
    itself, so that a cue in the same message ("thanks. since my husband died ...") is heard on
    that turn (issue 18). The words are the domain's `RESPONSE`. Mixed into each action (not an
    `Action` itself, so the action server does not register it as one)."""

    RESPONSE = ""

    def name(self) -> str:
        return "action_" + self.RESPONSE.removeprefix("utter_")

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        removal = answers_removal_question(tracker) or withdrawal_in_words(tracker)
        if removal is not None:
            # "take off the call after 6pm thing" at "are you sure? this removes ...", or as a
            # request to remove it, read as goodbye (outside customers B, 27 Nov): that answer, or
            # that request.
            return removal
        followed = (
            follow_up_to_last_answer(tracker)
            or whats_next_after_logging(tracker)
            or for_someone_else(dispatcher, tracker)
        )
        if followed is not None:
            # "what about an email?" after the reply times, read as asking if this is a bot
            # (outside compliance F13, 27 Nov: "I'm an automated assistant, not a person"); "so
            # what happens now" after logging, read as goodbye.
            return followed
        dispatcher.utter_message(response=self.RESPONSE)
        return []


@hears_cues_in_passing
class ActionGoodbye(SmallTalk, Action):
    """Goodbye; but never over a read-back not yet answered: a change or a stop read as goodbye
    is made ("actually i rang on the 30th not yesterday"), and anything else is told the complaint
    is not logged and gets the read-back again (outside customers A, F30, 27 Nov: "Goodbye", and
    the customer left believing the complaint was in)."""

    RESPONSE = "utter_goodbye"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if not awaiting_read_back(tracker) or tracker.active_loop.get("name"):
            return super().run(dispatcher, tracker, domain)
        answered = answer_to_the_question(tracker, dispatcher, domain)
        if answered is not None:
            return answered
        dispatcher.utter_message(response="utter_not_logged_yet")
        return [FollowupAction("action_summarise_complaint")]


@hears_cues_in_passing
class ActionYouAreWelcome(SmallTalk, Action):
    RESPONSE = "utter_you_are_welcome"


@hears_cues_in_passing
class ActionIamabot(SmallTalk, Action):
    RESPONSE = "utter_iamabot"


@hears_cues_in_passing
class ActionOutOfScope(SmallTalk, Action):
    """What the assistant cannot help with; at "Shall I log it?", a change or "log it" read as
    out of scope is made, and anything else brings the read-back back (outside customers B, 27
    Nov: "Sorry, I can't help with that" there, and the complaint was never logged)."""

    RESPONSE = "utter_out_of_scope"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        answered = answer_to_the_question(tracker, dispatcher, domain)
        if answered is not None:
            return answered
        chased = chased_for_money_asked(dispatcher, tracker)
        if chased is not None:
            # "I can't afford to pay this bill, what can I do?" read as out of scope (outside
            # testers, issue 18, F13/F4: "Sorry, I can't help with that"): answered.
            return chased
        withdrawn = withdrawal_in_words(tracker)
        if withdrawn is not None:
            # "I never asked for a call back! ... Please just remove my son from the case" once
            # the needs were listed: a withdrawal, before its grievance is read as a new complaint
            # (outside care, round 16, F2: "Is this about your complaint ...?").
            return withdrawn
        told = complaint_told(tracker)
        if told is not None:
            return told  # "customer service is a joke, 5 weeks and still no answer"
        reported = fault_told(tracker)
        if reported is not None:
            return reported  # "need an engineer booked, the line is crackling all the time"
        asked = question_in_words(tracker)
        if asked is not None:
            return asked  # "my rights": the ladder and the scheme, not "I can't help with that"
        said = super().run(dispatcher, tracker, domain)
        if awaiting_read_back(tracker):
            dispatcher.utter_message(response="utter_back_to_read_back")
            return [*said, FollowupAction("action_summarise_complaint")]
        return said


SMALL_TALK = (ActionGoodbye, ActionYouAreWelcome, ActionIamabot, ActionOutOfScope)
