"""Follow-ups to the assistant's last answer: the day it asked for, the scheme it named, the
letter it explained, the reply times it gave.

Reads: what a message asks of the last answer, given what that answer did (`follow_up_to`, told
`ASKED_FOR_THE_DAY`, `NAMED_THE_SCHEME`, ...; it answers a `FollowUp`), the day given in reply
(`day_given`, `letter_day_given`), the scheme's contact asked ("what's their website?":
`scheme_contact_asked`), an ADR letter asked for (`asks_for_one`), the same question for
another channel (`channel_asked_next`) and the ADR question again for another business head count
(`asks_for_another_size`).

Not here: which responses mean which answer (actions/conversation.py), nor a first question about
ADR (bot.answers.adr).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.answers.adr import adr_letter_date, asks_about_adr_time_limit
from bot.answers.business import stated_business_size
from bot.answers.dates import first_raised_answer, first_raised_in, stated_dates
from bot.answers.questions import channel_named
from bot.answers.routing import WANTS_TO_COMPLAIN, names_a_complaint
from bot.answers.text import plain
from bot.answers.what_happened import says_what_happened

# What the assistant's last answer did, as `follow_up_to` is told it (actions/conversation.py
# reads it from the responses the assistant gave).
ASKED_FOR_THE_DAY = "asked_for_the_day"  # "Tell me the day you first raised it ..."
NAMED_THE_SCHEME = "named_the_scheme"  # the ADR scheme, and how to reach it
ABOUT_ADR = "about_adr"  # anything about going to ADR
EXPLAINED_ADR_LETTER = "explained_adr_letter"  # what an ADR (deadlock) letter is
GAVE_REPLY_TIMES = "gave_reply_times"  # the code's reply times, for one channel
ASKED_FOR_THE_LETTERS_DAY = "asked_for_the_letters_day"  # "Please check the date on the letter"

# What a follow-up asks.
ADR_FOR_A_DAY = "adr_for_a_day"
SCHEME_CONTACT = "scheme_contact"
ADR_LETTER_ON_REQUEST = "adr_letter_on_request"
ADR_TIME_LIMIT = "adr_time_limit"
REPLY_TIME_BY_CHANNEL = "reply_time_by_channel"
ADR_LETTER_DAY = "adr_letter_day"
ADR_DATE = "adr_date"
ADR_FOR_A_SIZE = "adr_for_a_size"


@dataclass(frozen=True)
class FollowUp:
    """A message that asks about the assistant's last answer: `intent`, the question it asks as
    the intent that answers it; `about`, which follow-up (`SCHEME_CONTACT`, ...)."""

    intent: str
    about: str


def letter_day_given(text: str | None, today: date) -> date | None:
    """The day a reply to "Please check the date on the letter" gives ("sorry, it's dated 10
    November 2026", "10/11/2026"): the letter's day if the words say it was sent by then, else
    the latest day named, which may still be ahead (to be checked again). None when it names no
    day, or names itself a complaint."""
    if names_a_complaint(text) or WANTS_TO_COMPLAIN.search(plain(text)):
        return None
    return adr_letter_date(text, today) or max(stated_dates(text, today), default=None)


def day_given(text: str | None, today: date) -> date | None:
    """The day a reply to "Tell me the day you first raised it" gives ("12 October 2026", "I
    raised it on 20 October"): as `first_raised_answer` reads it. None when it names none, when
    it names itself a complaint ("I want to complain, I first raised it on 3 March"), or when it
    tells what went wrong without saying it was raised then ("you charged me twice on 3 March
    ..."): a complaint to take down, with its day."""
    day = first_raised_answer(text, today)
    if day is None or names_a_complaint(text) or WANTS_TO_COMPLAIN.search(plain(text)):
        return None
    if says_what_happened(text) and not first_raised_in(text, today).said:
        return None
    return day


# "their", "them", the scheme by a word: who a contact question after the ADR answer is about.
_THEM = re.compile(
    r"\b(?:their|theirs|them|they|its|ombudsman'?s?|the scheme'?s?|adr|cisas'?s?|cedr'?s?)\b"
)
# "your number", "contact you", "us": the provider's own details, asked as before.
_THE_PROVIDER = re.compile(
    r"\b(?:your|yours|us)\b|\b(?:to|with|contact|call|ring|phone|e-?mail|reach|write to) (?:you|u)\b"
)
_CONTACT_KINDS: tuple[tuple[str, str], ...] = (
    ("web", r"\b(?:web ?site|web ?page|web address|site|url|link)\b"),
    ("email", r"\be-?mail\b"),
    ("phone", r"\b(?:phone|telephone|tel|number|call|ring)\b"),
    ("letter", r"\b(?:address|postal|write to|post to)\b"),
)
_HOW_TO_REACH = re.compile(r"\b(?:contact|reach|get (?:hold of|in touch)|details)\b")


def scheme_contact_asked(text: str | None) -> str | None:
    """The kind of contact ("web", "email", "phone", "letter"; "any" for "how do I contact
    them?") a message asks of a body already named ("what's their website?", "their number?"),
    or None: it asks none, or asks the provider's ("what's your number?")."""
    words = plain(text)
    if not _THEM.search(words) or _THE_PROVIDER.search(words):
        return None
    for kind, pattern in _CONTACT_KINDS:
        if re.search(pattern, words):
            return kind
    return "any" if _HOW_TO_REACH.search(words) else None


# "Can I ask you for one?", "can you send me one", "how do I get one?": an ADR letter asked for.
_ASK_FOR_ONE = re.compile(
    r"\b(?:ask (?:you |u |them )?for|request|get|have|send(?: me| us)?|give(?: me| us)?|"
    r"issue(?: me| us)?|write(?: me| us)?) "
    r"(?:one|it|that|that letter|the letter|an? (?:adr |deadlock )?letter|one of (?:those|them))\b"
)


def asks_for_one(text: str | None) -> bool:
    """Whether a message asks to be given the thing just explained ("Can I ask you for one?")."""
    return bool(_ASK_FOR_ONE.search(plain(text)))


# "and by phone?", "what about if I email?": the same question, for another channel.
_ANOTHER_CHANNEL = re.compile(
    r"^(?:ok(?:ay)?,? |so |and |or )?(?:what about|how about|what if|and|if|by|via|through|same)\b"
)
_CONTACT_DETAIL = re.compile(r"\b(?:your|number|address|details|website)\b")


def channel_asked_next(text: str | None) -> str | None:
    """The channel ("letter", "email", "phone") a short follow-up asks the same question for
    ("and by letter?", "what about if I email?"), or None: it names none, or asks for a contact
    detail ("and your phone number?")."""
    words = plain(text)
    channel = channel_named(words)
    if channel is None or not _ANOTHER_CHANNEL.match(words) or _CONTACT_DETAIL.search(words):
        return None
    return channel


# "when exactly?", "what date is that?", "so when can i go?": the date of the ADR answer just given
# (lead, round 12, L2: "Sorry, I can't help with that").
_THE_DATE = re.compile(
    r"^(?:(?:so|ok|okay|and|but|right)[ ,]+)?(?:when exactly|what date(?: is that| would that be|"
    r" exactly)?|which date|what day(?: is that| exactly)?|when (?:can|could|do|would) (?:i|we) "
    r"(?:go|apply|take it)(?: to (?:them|it|the ombudsman|adr))?|from when|when is that|"
    r"when would that be)(?: then| exactly)?$"
)


def asks_for_the_date(text: str | None) -> bool:
    """Whether a short follow-up asks for the date of the answer just given ("when exactly?")."""
    return bool(_THE_DATE.search(plain(text)))


# "what about a company with 40 employees?", "and with 8 staff?": the ADR question asked again for
# another head count (outside compliance, round 16, F1: "Sorry, I didn't follow that").
_ANOTHER_CASE = re.compile(
    r"^\W*(?:and|so|but|ok|okay)?\W*(?:what|how) about\b|^\W*and\b|\bwhat if\b"
)


def asks_for_another_size(text: str | None) -> bool:
    """Whether a follow-up to the ADR answer asks it again for the business head count it gives
    ("what about a company with 40 employees?")."""
    if stated_business_size(text) is None:
        return False
    return "?" in str(text) or bool(_ANOTHER_CASE.search(plain(text)))


def follow_up_to(text: str | None, last: frozenset[str], today: date) -> FollowUp | None:
    """What a message asks of the assistant's last answer, given what that answer did (`last`:
    `ASKED_FOR_THE_DAY`, `NAMED_THE_SCHEME`, ...), whatever intent the model read: the day asked
    for, the scheme's website or number, an ADR letter just explained, how long is left to go to
    ADR, or the reply time for another channel. None when it asks none of those (outside
    compliance reader, 27 Nov: each was taken for a new complaint, a question about privacy or
    cancelling, the provider's number, or not understood)."""
    if ASKED_FOR_THE_LETTERS_DAY in last and letter_day_given(text, today) is not None:
        return FollowUp("ask_adr", ADR_LETTER_DAY)
    if EXPLAINED_ADR_LETTER in last and asks_for_one(text):
        return FollowUp("request_adr_letter", ADR_LETTER_ON_REQUEST)
    if NAMED_THE_SCHEME in last and scheme_contact_asked(text) is not None:
        return FollowUp("ask_contact", SCHEME_CONTACT)
    if ABOUT_ADR in last and asks_about_adr_time_limit(text):
        return FollowUp("ask_adr", ADR_TIME_LIMIT)
    if ABOUT_ADR in last and asks_for_the_date(text):
        return FollowUp("ask_adr", ADR_DATE)
    if ASKED_FOR_THE_DAY in last and day_given(text, today) is not None:
        return FollowUp("ask_adr", ADR_FOR_A_DAY)
    if ABOUT_ADR in last and asks_for_another_size(text):
        return FollowUp("ask_adr", ADR_FOR_A_SIZE)
    if GAVE_REPLY_TIMES in last and channel_asked_next(text) is not None:
        return FollowUp("ask_response_time", REPLY_TIME_BY_CHANNEL)
    return None
