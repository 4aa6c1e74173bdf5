"""Plain words, and the short answers any question can get: the helpers every reader of a
customer's words shares.

Reads: `plain` (lower case, trimmed, one space); "no", "skip", "rather not" (`NO_ANSWERS`,
`RATHER_NOT`, `is_skip`); "dunno", "?" (`is_non_answer`); the words a plain yes starts with
(`YES_WORDS`); the number words one to twelve that the head count (bot.answers.business) and the
relative dates (bot.answers.dates) build their own tables on (`BASE_NUMBER_WORDS`); `one_of`, a
regex alternation of phrases.

Not here: what a "no" is an answer to (a phone number declined: bot.answers.details; no needs:
bot.answers.needs), nor any topic's own words.
"""

from __future__ import annotations

import re
import unicodedata

# Answers that say no: to the accessibility question, to an optional detail, to a phone number.
# One list, read as the whole answer by `is_skip` and at the start of one by `declines_needs`
# (bot.answers.needs) and `declines_phone` (bot.answers.details) ("no thats fine", "nope, email is
# fine").
NO_ANSWERS = (
    "no",
    "none",
    "nope",
    "nah",
    "n/a",
    "na",
    "nothing",
    "not really",
    "no thanks",
    "no thank you",
    "no need",
    "not needed",
)
# Answers that decline to give a detail at all.
RATHER_NOT = ("skip", "i'd rather not", "id rather not", "rather not", "prefer not to say")

_SKIP_ANSWERS = {
    *NO_ANSWERS,
    *RATHER_NOT,
    "no email",
    "no e-mail",
    "i don't have one",
    "i dont have one",
    "don't have one",
    "dont have one",
    "don't have an email",
    "dont have an email",
    "i don't have email",
    "i dont have email",
    "no phone",
    "no number",
    "nothing thanks",
    "none thanks",
    "none thank you",
    "no account",
    "no account number",
    "i don't know it",
    "i dont know it",
    "don't know",
    "dont know",
    "dunno",
    "idk",
    "no idea",
    "not sure",
    "no clue",
    "i dunno",
    "i don't know",
    "i dont know",
}


# The number words, one to twelve: the base of every reader's table of number words (the head
# count's in bot.answers.business, the relative dates' in bot.answers.dates).
BASE_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}


def plain(text: str | None) -> str:
    """Lower case, trimmed, with punctuation at the ends and repeated spaces removed."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", str(text)).lower().replace("\u2019", "'")
    return re.sub(r"\s+", " ", text).strip(" .!?,;:-\t\n")


def is_skip(text: str | None) -> bool:
    """Whether the customer declined to give an optional answer."""
    return plain(text) in _SKIP_ANSWERS


# "skip it", "id rather not say", "you said i could skip it": declining in a sentence (outside
# customers B, round 12: refused at the postcode question after being told to say 'skip').
_DECLINES = re.compile(
    r"\b(?:skip|rather not|prefer not|(?:do ?n'?t|do not) want to (?:give|say|share|tell)|"
    r"not giving|won'?t give|no post ?code|"
    # "i havent got one" at the e-mail question (outside customers A, round 20, F5: "Please type
    # an email address", from an 84-year-old who had said she has none).
    r"(?:haven'?t|havent|have not|ain'?t|aint) (?:got )?(?:one|any)|"
    # "not telling you that" (outside testers, round 15, F4: refused at the e-mail question)
    r"not (?:telling|saying|sharing)(?: (?:you|u|that|it))*$)\b"
)


def declines_to_give(text: str | None) -> bool:
    """Whether the customer declines to give an optional detail, in a word or a sentence."""
    return is_skip(text) or bool(_DECLINES.search(plain(text)))


# "dont know it off by heart my son set it up", "i told you i dont know it", "can't remember my
# email": the customer cannot give the detail asked for, in a sentence (outside words, round 16,
# F9: refused as an e-mail address until the third asking).
_DOES_NOT_KNOW = re.compile(
    r"\b(?:do ?n'?t|do not|didn'?t|never)\s+(?:really\s+)?(?:know|remember|recall)\s+"
    r"(?:it|that|this|what it is|what it was|my|the|our|which)\b"
    r"|\b(?:can'?t|cannot|can not|could ?n'?t)\s+(?:remember|recall|think of)\b"
    r"|\bforg[oe]t(?:ten)?\s+(?:it|what it is|what it was|my|the|which)\b"
    r"|\b(?:no idea|not sure) what it (?:is|was)\b"
    r"|\bdont know it\b"
)


def does_not_know_it(text: str | None) -> bool:
    """Whether the customer says, in a sentence, that they do not know the detail asked for."""
    return bool(_DOES_NOT_KNOW.search(plain(text)))


def one_of(phrases: tuple[str, ...]) -> str:
    """A regex alternation of the phrases, longest first."""
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


# --- answers that are not answers (issue 15: "dunno" stored as the account number) -------------

_NON_ANSWERS = {
    "dunno",
    "i dunno",
    "idk",
    "no idea",
    "not sure",
    "no clue",
    "don't know",
    "dont know",
    "i don't know",
    "i dont know",
    "i do not know",
    "not a clue",
    "eh",
    "huh",
    "what",
    "?",
    "??",
    "pass",
}


def is_non_answer(text: str | None) -> bool:
    """ "dunno", "no idea", "?": the customer cannot give this answer (it is never the answer)."""
    words = plain(text)
    return words in _NON_ANSWERS or not re.sub(r"[?\s]", "", str(text or ""))


# The words a plain yes starts with, for the readers of a yes (bot.answers.needs and
# bot.answers.commands).
YES_WORDS = r"yes|yeah|yep|yup|ye|yea|y|ok|okay|sure|please"
