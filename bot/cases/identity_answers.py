"""What a customer's message at the identity check is ("the e-mail address or postcode you gave
us for this complaint?"): an answer to check against the case, or a request, a question or "I
don't know it", which are answered and never counted as a wrong try (issue 13: "please change my
email to ...", asked five times, locked the owner out of their own case).

An e-mail address or a postcode anywhere in the message is an answer ("it's SW1A 1AA", "my email
is a@b.com", "is it E1 6AN?"), and it is the address or postcode that is checked, so a guess in a
sentence is counted like any other; only a request to change a detail is never checked, whatever
it holds (it is not a guess at the case, and nothing is disclosed for it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from bot.answers.asking import is_a_question
from bot.answers.category import category_told
from bot.answers.details import find_email, find_postcode
from bot.answers.routing import names_a_new_complaint, tells_a_complaint, wants_to_complain
from bot.answers.text import plain
from bot.cases.checks import could_be_checked, identity_detail_in


class Reading(Enum):
    ANSWER = "answer"  # an e-mail address or postcode: checked and counted
    CHANGE = "change"  # "please change my email to ...": checked only after the check
    WHY = "why"  # "why do you need that?"
    QUESTION = "question"  # "what is a deadlock letter?"
    UNKNOWN = "unknown"  # "I don't know my postcode, I moved"
    NEW_COMPLAINT = "new_complaint"  # "actually I want to make a new complaint": that, instead
    LOCK_ASKED = "lock_asked"  # "have I been locked out?": neither confirmed nor denied
    NEITHER = "neither"  # "hi", "?", a phone number: no detail given


@dataclass(frozen=True)
class IdentityAnswer:
    reading: Reading
    value: str | None = None  # what to check, for an answer


_DETAIL = r"(?:e-?mail|address|postcode|post code|phone|number|mobile|name|details?|contact)"
# Asking for a change ("please change my email to ...", "can I update my phone number"); not a
# past change told ("my address changed, it was TN1 2PY"), which is an answer.
_CHANGE = re.compile(
    r"\b(?:chang(?:e|ing)|updat(?:e|ing)|amend(?:ing)?|replac(?:e|ing)|edit(?:ing)?)\b"
    rf"(?:\W+\w+){{0,4}}?\W+{_DETAIL}\b"
)
# A new detail offered, not the one on the complaint (outside attacker, round 19, F8: "my email has
# changed to ...", "send the confirmation email again to ..." were checked and counted): a change.
_CHANGE_TOLD = re.compile(
    rf"\b{_DETAIL}\W+(?:\w+\W+){{0,2}}?(?:has |have )?(?:changed|moved) to\b|"
    rf"\b{_DETAIL}\W+(?:is|'s) now\b|"
    rf"\bnew {_DETAIL}\b|"
    r"\bsend\b(?:\W+\w+){0,5}?\W+to\W+[^\s@]+@"
)
_UNKNOWN = re.compile(
    r"\b(?:(?:i )?(?:don'?t|do not|dont|didn'?t) (?:know|remember|recall|have)|"
    r"(?:can'?t|cannot|can not|couldn'?t) (?:remember|recall|find)|"
    r"forg[eo]t\w*|no idea|not sure (?:which|what)|no clue|idk|dunno|dno)\b"
)
# The domain's "Make a complaint" button's payload, pressed at the identity question.
_MAKE_COMPLAINT_BUTTON = re.compile(r"^\s*/make_complaint\b")
# "make a new complaint", "start a new complaint instead", "new complaint please": the complaint
# asked for in a few words, with no "I want to" (outside attacker, round 18, F3: "that message
# has neither", at both the reference and the identity question).
_NEW_COMPLAINT_INSTEAD = re.compile(
    r"^(?:(?:no|nah|actually|ok|okay|sorry|just|please|forget (?:it|that)|never ?mind|"
    r"instead|can you|can i|could you|could i|let me|let's|lets|i'?d like to|i would like to|"
    r"i want to|i wanna|i need to|i'll|i will)[\s,]+)*"
    r"(?:(?:make|start|raise|log|open|file|lodge|begin|do)\s+)?"
    r"(?:a\s+|an\s+)?(?:new|another|different|separate|fresh|second)\s+complaint"
    r"(?:\s+(?:instead|please|then|now))*$"
    r"|^(?:(?:no|actually|just|please|i'?d like to|i want to|i wanna)[\s,]+)*"
    r"(?:make|start|raise|log)\s+(?:a\s+)?complaint\s+instead(?:\s+please)?$"
)
# "have I been locked out?", "is my case locked?", "why am I locked out": whether checks on a case
# are locked. Never confirmed nor denied (outside attacker, round 18, F7: answered as an
# escalation, or counted as a try).
_LOCK_ASKED = re.compile(
    r"\block(?:ed)?[ -]?out\b|\blockout\b|\block(?:ed)? me out\b"
    r"|\b(?:case|complaint|reference|ref|check|checks|details?)\b.{0,20}\b(?:locked|lock)\b"
    r"|\blocked\b.{0,20}\b(?:case|complaint|reference|ref)\b"
    r"|\b(?:am i|i am|i'm|im|have i been|i've been|ive been|i been|got)\b.{0,12}\blocked\b"
)


def asks_for_a_new_complaint(text: str | None) -> bool:
    """Whether a message at a case check asks to make a new complaint instead, in any words
    ("make a new complaint", "I want to make a new complaint instead", the button's payload)."""
    raw = str(text or "")[:1000]
    return bool(
        _MAKE_COMPLAINT_BUTTON.match(raw)
        or _NEW_COMPLAINT_INSTEAD.search(plain(raw))
        or wants_to_complain(raw)
        or names_a_new_complaint(raw)
    )


def asks_about_a_lock(text: str | None) -> bool:
    """Whether a message asks if checks on a case are locked ("have I been locked out?", "is my
    case locked?"), with no e-mail address or postcode in it to check."""
    raw = str(text or "")[:1000]
    if find_email(raw) or find_postcode(raw):
        return False
    return bool(_LOCK_ASKED.search(plain(raw)))


_WHY = re.compile(
    r"^(?:why|how come)\b|\bwhy (?:do|would|should) (?:you|i)\b|"
    r"\bwhat (?:do|would) you (?:need|want) (?:it|that|them|this) for\b|^what for\b"
)


def asks_to_change_detail(text: str | None) -> bool:
    """Whether a message asks to change a detail on the complaint ("please change the email on my
    complaint IV-2CH02J to ...", "update my phone number"); the chat changes none."""
    return bool(_CHANGE.search(plain(str(text or "")[:1000])))


# Fewer words than this naming a subject ("it's about my bill") may be about the case being
# checked, not a new complaint.
_COMPLAINT_WORDS = 5


def _tells_what_went_wrong(text: str) -> bool:
    """Whether the words tell what went wrong ("ive been on hold for an hour 3 times this week
    trying to sort a billing mistake", "your prices are a rip off, way too expensive")."""
    return tells_a_complaint(text) or (
        len(plain(text).split()) >= _COMPLAINT_WORDS and category_told(text) is not None
    )


def read_identity_answer(text: str | None) -> IdentityAnswer:
    """What the customer's message at the identity question is, and the detail to check in it."""
    text = str(text or "")[:1000]
    words = plain(text)
    if _CHANGE.search(words) or _CHANGE_TOLD.search(words) or _CHANGE_TOLD.search(text.lower()):
        return IdentityAnswer(Reading.CHANGE)
    if asks_for_a_new_complaint(text):
        # Not a guess at the case: the customer wants to make a complaint instead (outside
        # attacker, 27 Nov: "actually I want to make a new complaint ..." and the "Make a
        # complaint" button got "that message has neither", and the complaint was never taken).
        return IdentityAnswer(Reading.NEW_COMPLAINT)
    if asks_about_a_lock(text):
        return IdentityAnswer(Reading.LOCK_ASKED)
    if _tells_what_went_wrong(text) and not (find_email(text) or find_postcode(text)):
        # "ive been on hold for an hour 3 times this week trying to sort a billing mistake": a
        # complaint told, no guess at the case (outside customers A, round 20, F10c: "that message
        # has neither", then "Sorry, I didn't follow that" for every message after, nothing taken).
        return IdentityAnswer(Reading.NEW_COMPLAINT)
    found = identity_detail_in(text)  # both, when both are given: both are checked
    if found:
        return IdentityAnswer(Reading.ANSWER, found)
    if could_be_checked(text):  # "t n 1 2 p y", "jane@" ...: checked as typed
        return IdentityAnswer(Reading.ANSWER, text)
    if _UNKNOWN.search(words):
        return IdentityAnswer(Reading.UNKNOWN)
    if _WHY.search(words):
        return IdentityAnswer(Reading.WHY)
    if is_a_question(text) and len(words.split()) >= 3:
        return IdentityAnswer(Reading.QUESTION)
    return IdentityAnswer(Reading.NEITHER)
