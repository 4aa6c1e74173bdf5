"""What a customer who has proved a case is theirs asks for, and what they are told about it.

A customer in the chat can ask for a case's status, ask for it to be escalated, ask for an ADR
(deadlock) letter, or withdraw their consent to the needs recorded on it. The assistant's actions
(actions/status.py) do what needs Rasa or the store: they check with the store that this
conversation verified the case, log an escalation or ADR-letter request on it, and read it back.
Everything in between is decided here, without Rasa, so a test (or the staff desk) can ask "what is
the customer told about this case today?":

- `request_for_intent`: which request the customer's intent makes;
- `reference_to_check`: which reference the lookup form starts with, when a request starts;
- `replies_about_case`: the replies (domain.yml responses, with their values) for a case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.adr_replies import Reply, code_limits, code_wait_beside_rules, letter_dated
from bot.answers.adr import holds_adr_letter
from bot.answers.needs import takes_a_need_off
from bot.cases.identity_answers import asks_to_change_detail
from bot.cases.lifecycle import CLOSED, RESOLVED
from bot.cases.views import LONDON, Case, moment_text
from bot.intake import head_count_given
from bot.provider_codes import Commitment, ProviderCode, complaints_phone, promise_in_words
from bot.regulation import Rules, load_rules, long_date
from bot.rights import (
    RULES_OUT,
    AdrRights,
    adr_rights,
    in_plain_hours,
    raised_past_limit,
    the_scheme,
)
from bot.sources import adr_date_sources, eligibility_sources, from_code, from_rules

# What the customer asked for, by intent; any other intent (talk_to_human, say) asks for the status.
REQUESTS = {
    "check_case": "status",
    "request_escalation": "escalation",
    "request_adr_letter": "adr_letter",
    "withdraw_consent": "withdraw_needs",
}
# "Please change the email on my complaint": nothing is changed here; the customer is told so, and
# how to reach the provider, with the status (outside attacker, round 10, F5/F15).
CHANGE_DETAILS = "change_details"
# The requests logged on the case for staff before the customer is answered.
LOGGED_FOR_STAFF = ("escalation", "adr_letter")
# No reference to check yet: the lookup form asks for one.
ASK = None


# A request logged for staff only when the customer's words say it: "I want to change my
# complaint" was read as an escalation and logged at once (outside testing), and "send me a letter
# confirming this" as a request for an ADR letter.
_SAYS_REQUEST = {
    "escalation": re.compile(
        r"\b(?:escalat\w*|manager|director|supervisor|senior|higher|next (?:level|step|stage)|"
        r"take (?:it|this) further|someone above)\b",
        re.IGNORECASE,
    ),
    "adr_letter": re.compile(
        r"\b(?:adr|deadlock|ombudsman|cisas|final (?:response|position)|(?:eight|8|six|6).weeks?)\b",
        re.IGNORECASE,
    ),
    # Needs removed only when the words are about them: "I want to withdraw my complaint" removed
    # every need recorded with consent, unasked (outside attacker, 27 Nov).
    "withdraw_needs": re.compile(
        r"\b(?:needs?|consent|support|help|record\w*|note[ds]?|notes|stor(?:e|ed|ing)|on file|"
        r"large print|braille|audio|easy read|text ?relay|relay uk|format|call ?backs?|"
        # "please remove the call time" (outside testers, 27 Nov: the case's status instead).
        r"(?:call|contact) ?(?:back )?times?|"
        r"speak (?:to you )?for me|dyslexi\w*|disab\w*|circumstances|accessib\w*)\b",
        re.IGNORECASE,
    ),
}
# A request the intent named but the words did not: the status is given, nothing is logged, and
# the customer is told how to ask.
UNCLEAR = "unclear"


def intent_for_words(text: str | None) -> str:
    """The case intent a message naming a case asks in words, for when the model read it as
    something else (a new complaint): an escalation ("please escalate my complaint IG-1W9ZDE"), an
    ADR letter ("send me a deadlock letter for ..."), else the case's status."""
    words = str(text or "")
    if _SAYS_REQUEST["escalation"].search(words) and not _REFUSES_REQUEST["escalation"].search(
        words
    ):
        return "request_escalation"
    if re.search(r"\b(?:adr|deadlock)\s+letter\b", words, re.IGNORECASE) and not holds_adr_letter(
        words
    ):
        # "I've got a deadlock letter from you" holds one: never a request for one (issue 14).
        return "request_adr_letter"
    return "check_case"


# "no", "actually no, just the status", "I only want the status of ...": a request asked a moment
# ago (for this case or another) taken back (outside attacker, round 10, F0).
_ONLY_STATUS = re.compile(
    r"\b(?:just|only)\b[^.?!]{0,30}\b(?:status|how (?:it|my complaint) is (?:going|doing)|"
    r"where (?:it|my complaint) (?:is|stands))\b",
    re.IGNORECASE,
)
_SAYS_NO = re.compile(r"^\W*(?:no|nope|nah|actually,? no|sorry,? no)\b", re.IGNORECASE)


def request_in_words(intent: str | None, text: str | None) -> str:
    """The request a message makes in its own words, for a message that names another case while
    one is being checked ("actually no, just tell me the status of IV-5NMX6N", "I want an ADR
    letter for complaint IV-2CH02J, also for IV-5NMX6N"): an escalation or ADR letter only when its
    words ask for one (and do not take it back), the needs' removal only when the model read that
    and the words are about needs, else the status. Never the request pending for the other case:
    a request belongs to the reference it was asked for (outside attacker, round 10, F0)."""
    words = str(text or "")
    if _ONLY_STATUS.search(words):
        return "status"
    if asks_to_change_detail(words):
        return CHANGE_DETAILS
    meant = intent_for_words(words)
    if meant != "check_case":
        request = request_for_intent(meant, words)  # "I don't want an ADR letter": refused
        return request if request != UNCLEAR else "status"
    if intent == "withdraw_consent" and request_for_intent(intent, words) == "withdraw_needs":
        return "withdraw_needs"
    return "status"


def takes_back_request(text: str | None) -> bool:
    """Whether the message says no to a request asked a moment ago, or asks only the status."""
    words = str(text or "")
    if _ONLY_STATUS.search(words):
        return True
    return bool(_SAYS_NO.search(words)) and intent_for_words(words) == "check_case"


def request_for_intent(intent: str | None, text: str | None = None) -> str:
    """The request the customer's intent makes; one logged for staff (an escalation, an ADR
    letter) only if `text`, when given, says so in words."""
    request = REQUESTS.get(intent or "", "status")
    says = _SAYS_REQUEST.get(request)
    # A need taken back in the words the assistant reads as withdrawing consent ("can you take
    # off the time that suits me one": outside testers, round 12, Infinity System Solutions, the
    # case's status instead) is about the needs, whatever words name the need.
    # So is one taken off by its place or the person trusted ("take off the first one", "dont keep
    # the bit about my son": outside care, round 16, F2), once read as withdrawing consent.
    about_needs = request == "withdraw_needs" and takes_a_need_off(text)
    if says is not None and text is not None and not says.search(text) and not about_needs:
        return UNCLEAR
    refused = _REFUSES_REQUEST.get(request)
    one_kept = request == "withdraw_needs" and bool(_REMOVES_ONE_KEEPS_ANOTHER.search(text or ""))
    if refused is not None and text is not None and refused.search(text) and not one_kept:
        return UNCLEAR
    return request


# A request refused or taken back in the same words ("please don't escalate my complaint", "I
# don't want an ADR letter", "cancel the escalation request", "please don't remove my needs, I
# still need braille"): nothing is logged or removed; the customer hears the status and how to
# ask (outside attacker, round 2, 27 Nov: each did what it refused, with no undo).
_NOT = r"(?:don'?t|dont|do not|never|no longer|not)\s+(?:\w+\s+){0,2}?"
_TAKE_BACK = r"\b(?:cancel|remove|withdraw|undo|drop|take back|stop)\b[^.?!]{0,40}\b"
_REFUSES_REQUEST = {
    "escalation": re.compile(
        rf"\b{_NOT}(?:escalat\w*|want|need|pass|send|take)\b"
        rf"|{_TAKE_BACK}(?:escalation|request)\b"
        # "I accept your answer" takes it back; "I'm not happy with the answer" asks for it
        # (the outside set's escalate-case, 27 Nov: it was read as a refusal, nothing logged).
        r"|(?<!not )(?<!n't )(?<!nt )(?<!never )(?<!un)\b(?:accept|happy with|satisfied with)\b"
        r"[^.?!]{0,30}\b(?:response|answer|decision)\b",
        re.IGNORECASE,
    ),
    "adr_letter": re.compile(
        rf"\b{_NOT}(?:want|need|send|ask|get)\b|{_TAKE_BACK}(?:letter|request)\b",
        re.IGNORECASE,
    ),
    "withdraw_needs": re.compile(
        rf"\b{_NOT}(?:remove|delete|drop|withdraw|take|cancel|lose|get rid)\b"
        r"|\b(?:keep|still need)\b[^.?!]{0,30}\b(?:needs?|braille|large print|audio|relay|"
        r"support|help)\b",
        re.IGNORECASE,
    ),
}


# "take off the large print but keep the text relay": one need taken off, another kept (outside
# testers, issue 18, care15b, F13: read as a refusal, so the reference was asked for again). A
# removal said with no "don't" before it, then what to keep.
_REMOVES_ONE_KEEPS_ANOTHER = re.compile(
    r"^(?:(?!\b(?:don'?t|dont|do not|never|no longer|not)\b)[^.?!])*?"
    r"\b(?:remove|delete|drop|withdraw|take (?:off|away)|get rid of)\b[^.?!]*?"
    r"\b(?:but|and|,)\s*(?:please\s+)?(?:keep|leave)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class StartingReference:
    """What a new request does to the lookup form's reference: set it to `reference` (`ASK`: clear
    it, so the form asks), or leave it as it is (`keep`)."""

    reference: str | None = ASK
    keep: bool = False


def reference_to_check(
    given: str | None, normalised: str | None, verified: str | None
) -> StartingReference:
    """When a request starts: the reference this conversation verified, if the customer named none
    or named the same one; the customer's words are left for the form to check otherwise.

    `given` is the reference as the customer wrote it (None if they wrote none), `normalised` its
    normal form (None if it is not a reference), `verified` the case this conversation verified.
    The verdict itself is never decided here: validating the reference asks the store."""
    if verified and (given is None or normalised == verified):
        return StartingReference(verified)
    if given is None:
        return StartingReference(ASK)  # nothing stale: ask for it
    return StartingReference(keep=True)


def next_date_response(strength: str) -> str:
    """The response for a case's next date, worded as firmly as the code words the commitment
    (promise, normally, aim or guideline)."""
    return "utter_case_next_date" if strength == "promise" else f"utter_case_next_date_{strength}"


def next_period_response(commitment: Commitment) -> str:
    """The response for a case's next promise when it is given as the code states its period, not
    as a date (a period in plain hours, `bot.rights.in_plain_hours`): its kind and strength, and
    where the code starts it."""
    strength = "" if commitment.strength == "promise" else f"_{commitment.strength}"
    start = f"_from_{commitment.counted_from}" if commitment.counted_from else "_undated"
    return f"utter_case_next_{commitment.kind}{strength}{start}"


def replies_about_case(
    case: Case, request: str, code: ProviderCode, rules: Rules, now: datetime
) -> list[Reply]:
    """What the customer is told about `case` (already verified as theirs, any request already
    logged) for `request`: its status and next date, with any escalation or ADR letter the customer
    asked for and staff have not yet acted on; where an escalation goes next, or the ADR letter's
    terms; then when ADR opens for it, or what rules ADR out. `code` is the case's
    provider's code."""
    rights = adr_rights(
        code,
        rules,
        case.adr_counted_from,
        customer_type=case.customer_type,
        # The groups as the customer gave them ("8 employees and 3 contractors"), each scheme
        # counting its own, as logging it did; else the stored count.
        employees=(head_count_given(case.customer.head_count) if case.customer.head_count else None)
        or case.employees,
        category=case.category,
        description=case.description,
    )
    scheme = the_scheme(rights.scheme_called(), rules)  # "CISAS", "the Communications Ombudsman"
    dates = tuple(adr_date_sources(code, rights, rules))
    adr_opens = long_date(rights.opens_with_letter(case.adr_letter_date))
    replies: list[Reply] = []
    if request == "escalation":
        level = case.escalation_level
        if level < len(code.escalation):
            step = code.escalation[level]
            replies.append(
                Reply(
                    "utter_escalation_requested_code_says",
                    {"reference": case.reference, "code_text": step.on_request},
                    (from_code(code, step.quote),),
                )
                if step.on_request
                else Reply(
                    "utter_escalation_requested",
                    {"reference": case.reference, "next_role": step.role},
                    (from_code(code, step.quote),),
                )
            )
            # The date that still stands, worded as the status words it (outside compliance
            # review, H4: "our next date still stands: respond by ..." dropped Infinium's "always
            # aim" and Infinity Group's "normally", and gave a 48-hour period as a Sunday).
            replies += next_date_replies(case, code, now)
        else:
            replies.append(
                Reply(
                    "utter_escalation_at_top",
                    {"reference": case.reference, "role": case.handler, "adr": f"from {adr_opens}"},
                    (*(from_code(code, step.quote) for step in code.escalation[-1:]), *dates),
                )
            )
    elif request == "adr_letter":
        replies.append(
            Reply(
                "utter_adr_letter_requested",
                {
                    "reference": case.reference,
                    "scheme": scheme,
                    "months": rights.limit_after_letter_months,
                },
                (
                    from_rules(rules.letter_source, applies_from=rules.letter_since),
                    from_rules(rules.limit_source),
                ),
            )
        )
    else:
        replies.append(
            Reply(
                "utter_case_status",
                {
                    "reference": case.reference,
                    "category": case.category.replace("_", " "),
                    "status": case.status.replace("_", " "),
                    "handler": case.handler,
                },
            )
        )
        replies += next_date_replies(case, code, now)
        # What the customer already asked for and staff have not yet acted on (acting clears the
        # flag): outside testing, a status check after asking for an escalation never mentioned it.
        if case.escalation_requested:
            replies.append(Reply("utter_case_escalation_asked", {"reference": case.reference}))
        if case.adr_letter_requested:
            replies.append(Reply("utter_case_adr_letter_asked", {"reference": case.reference}))
    if request == UNCLEAR:
        # With a request already logged, never "I haven't asked for anything" beside "That request
        # is logged" (outside attacker, round 12, M2): no new one, and the one logged stands.
        asked_before = case.escalation_requested or case.adr_letter_requested
        replies.append(
            Reply(
                "utter_case_request_unclear_already_asked"
                if asked_before
                else "utter_case_request_unclear",
                {"reference": case.reference},
            )
        )
    if rights.eligibility.eligible is False:
        ruled_out = tuple(eligibility_sources(code, rules))
        # Only what rules ADR out (a business too large, an excluded category), as logging said
        # it: never the narrow price rule in its place (outside compliance, round 15, F2: a
        # business of 25 employees was given the price rule as the reason).
        replies += [
            Reply("utter_case_adr_not_eligible", {"reason": reason.text}, ruled_out)
            for reason in rights.eligibility.reasons
            if reason.code in RULES_OUT
        ]
    else:
        replies += _adr_date_replies(case, code, rules, rights, scheme, adr_opens, dates, now)
    return replies


def next_date_replies(case: Case, code: ProviderCode, now: datetime) -> list[Reply]:
    """The case's next date, in every reply that states it (the status, an escalation), worded as
    firmly as the code words the commitment (promise, normally, aim or guideline), with the code's
    sentence as its source; a period in plain hours as the code states it, from when the case was
    raised, never a date the code does not give (outside compliance reader, F2). Before it, each
    date that has passed with its promise not marked as met, said as passed, with the provider's
    phone (truth15: left out, with "no outstanding dated promises", on an open case)."""
    passed = [] if case.status in (RESOLVED, CLOSED) else passed_date_replies(case, code, now)
    next_due = case.next_due(now)
    if not next_due:
        return passed or [Reply("utter_case_no_next_date")]
    promised = code.commitment(next_due.id)
    if promised is not None and in_plain_hours(promised):
        return [
            *passed,
            Reply(
                next_period_response(promised),
                {"period": promised.period.describe(), "raised": moment_text(case.raised_at)},
                (from_code(code, promised.quote, section=promised.section),),
            ),
        ]
    strength = promised.strength if promised is not None else "promise"
    return [
        *passed,
        Reply(
            next_date_response(strength),
            {
                "next_commitment": promise_in_words(next_due.kind),
                "next_due": long_date(next_due.due.date()),
            },
            (
                (from_code(code, promised.quote, section=promised.section),)
                if promised is not None
                else ()
            ),
        ),
    ]


def passed_date_replies(case: Case, code: ProviderCode, now: datetime) -> list[Reply]:
    """Each promise on `case` whose date has passed by `now` and that is not marked as met, oldest
    first: "We were due to respond by Monday 30 November 2026, which has passed", worded as firmly
    as the code words it, or in plain hours from when the case was raised as the code states the
    period; with the provider's complaints phone."""
    phone = complaints_phone(code)
    replies: list[Reply] = []
    for passed in sorted(case.overdue_commitments(now), key=lambda c: (c.due, c.id)):
        promised = code.commitment(passed.id)
        sources = (
            (from_code(code, promised.quote, section=promised.section),)
            if promised is not None
            else ()
        )
        if promised is not None and in_plain_hours(promised):
            replies.append(
                Reply(
                    next_period_response(promised) + "_passed",
                    {
                        "period": promised.period.describe(),
                        "raised": moment_text(case.raised_at),
                        "phone": phone,
                    },
                    sources,
                )
            )
            continue
        strength = promised.strength if promised is not None else "promise"
        replies.append(
            Reply(
                passed_date_response(passed.kind, strength),
                {
                    "commitment": promise_in_words(passed.kind),
                    "due": long_date(passed.due.date()),
                    "phone": phone,
                },
                sources,
            )
        )
    return replies


def passed_date_response(kind: str, strength: str) -> str:
    """The response for a date on the case that has passed: its own for a promise to resolve or
    agree a time (Infinity System Solutions), else by how firmly the code words it."""
    if kind == "resolve_or_agree_time":
        return "utter_case_date_passed_resolve_or_agree_time"
    return (
        "utter_case_date_passed" if strength == "promise" else f"utter_case_date_passed_{strength}"
    )


def _adr_date_replies(
    case: Case,
    code: ProviderCode,
    rules: Rules,
    rights: AdrRights,
    scheme: str,
    adr_opens: str,
    dates: tuple[dict[str, Any], ...],
    now: datetime,
) -> list[Reply]:
    """When ADR opens for the case, as the confirmation at logging said it: counted from when the
    customer says they first raised the complaint, saying so, when they gave a day before the case
    was logged (issue 14); with today's time limit after an ADR letter when that day is a year or
    more ago; the code's own wait beside it, and which applies (issue 14). With an ADR (deadlock)
    letter the customer said at logging they hold, that they may go now, from the letter, never
    the ordinary date (issue 13, N7)."""
    today = now.astimezone(LONDON).date()
    held = case.adr_letter_held
    if held is not None and held <= today and case.adr_letter_date is None:
        # As at logging (actions/rights.py, utter_letter_dated): approximate in the words logging
        # used when the day was given roughly, then the code's own limit after a letter, by the
        # same builders (truth15: an exact deadline, and Infinity Group's 6 months unsaid).
        return [
            letter_dated(code, rules, rights, held, today, case.adr_letter_held_rough),
            *code_limits(code, rules, rights, letter_held=True),
        ]
    is_open = rights.open_on(today, case.adr_letter_date)
    first = case.first_raised if case.adr_counted_from != case.raised_at else None
    if first is None:
        if is_open:
            replies = [Reply("utter_case_adr_open", {"scheme": scheme}, dates)]
        else:
            replies = [Reply("utter_case_adr_from", {"scheme": scheme, "opens": adr_opens}, dates)]
    else:
        raised = long_date(first)
        replies = [
            Reply("utter_case_adr_open_first_raised", {"scheme": scheme, "raised": raised}, dates)
            if is_open
            else Reply(
                "utter_case_adr_from_first_raised",
                {"scheme": scheme, "opens": adr_opens, "raised": raised},
                dates,
            )
        ]
        if raised_past_limit(first, today, rights.limit_after_letter_months):
            replies.append(
                Reply(
                    "utter_adr_first_raised_past_limit",
                    {"months": rights.limit_after_letter_months},
                    dates,
                )
            )
    if case.adr_letter_date is None and rights.code_opens is not None and rights.code_opens > today:
        # As at logging (actions/rights.py, utter_adr_outcome): the code's own wait, by the same
        # function, so the two never differ; once the code's date too has passed, nothing to weigh.
        wait = code_wait_beside_rules(code, rights)
        if wait is not None:
            replies.append(wait)
    return replies


# "who will deal with it now and when?", "who's handling it now?", "where does it go next?": asked
# after an escalation request was logged (outside compliance, round 18, F19: a new complaint was
# opened). Read only beside a case whose escalation the customer asked for.
_WHO_DEALS_NEXT = re.compile(
    r"\bwho(?:'?s| is| will| would| does| do (?:i|we)| should (?:i|we)| can (?:i|we))?"
    r" (?:\w+ ){0,3}(?:deal\w*|handl\w*|look\w* (?:at|into|after)|tak\w* (?:it|this|over)|"
    r"in charge|responsible|contact\w*|hear from|call\w*|speak\w* to|get\w* (?:it|this))\b"
    r"|\bwho(?:'?s| is) (?:it|this|my complaint) (?:with|going to)\b"
    r"|\bwho (?:has|gets|got) (?:it|this|my complaint)\b"
    r"|\bwhere (?:does|will) (?:it|this|my complaint) go\b"
    r"|\bwhat happens (?:now|next)\b|\bwhat(?:'?s| is) next\b",
    re.IGNORECASE,
)


def asks_who_deals_next(text: str | None) -> bool:
    """Whether the words ask who deals with the complaint now, or what happens next with it."""
    return bool(_WHO_DEALS_NEXT.search(" ".join(str(text or "").replace("’", "'").split())))


def replies_who_deals_next(case: Case, code: ProviderCode, now: datetime) -> list[Reply]:
    """For a case whose escalation the customer asked for: the next step of the code's ladder
    (its role, or the code's own words where it does not pass a complaint on at the customer's
    request alone), with its quote; then when, as the code says it, or that it gives no time and
    the next date that still stands. At the ladder's top: that it is there, and ADR. F19."""
    level = case.escalation_level
    if level >= len(code.escalation):
        return replies_about_case(case, "escalation", code, load_rules(), now)
    step = code.escalation[level]
    source = (from_code(code, step.quote),)
    replies = [
        Reply(
            "utter_escalation_next_step_code_says",
            {"reference": case.reference, "code_text": step.on_request},
            source,
        )
        if step.on_request
        else Reply(
            "utter_escalation_next_step", {"reference": case.reference, "role": step.role}, source
        )
    ]
    if step.when:
        replies.append(Reply("utter_escalation_next_when", {"when": step.when}, source))
    else:
        replies.append(Reply("utter_escalation_next_no_time", {"reference": case.reference}))
        replies += next_date_replies(case, code, now)
    return replies
