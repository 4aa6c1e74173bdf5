"""Reading a customer's free-text answers: "no email", "about 25 staff", "ring me", "it's IG-7k3q9x".

The assistant's form hands these functions whatever the customer typed; they pick out the value or
say there is none. Validation proper (is this a real postcode?) lives in `bot.intake`.
"""

from __future__ import annotations

import re
import unicodedata

_SKIP_ANSWERS = {
    "no",
    "none",
    "nope",
    "nah",
    "skip",
    "n/a",
    "na",
    "nothing",
    "no thanks",
    "no thank you",
    "not really",
    "no need",
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
    "i'd rather not",
    "id rather not",
    "rather not",
    "prefer not to say",
    "not needed",
    "nothing thanks",
    "none thanks",
    "none thank you",
    "no account",
    "no account number",
    "i don't know it",
    "i dont know it",
    "don't know",
    "dont know",
}

# An apostrophe may sit inside the local part (sean.o'brien@...), never at its start or in the domain.
_EMAIL = re.compile(
    r"[^\s@<>()\[\],;:\"'](?:[^\s@<>()\[\],;:\"]*[^\s@<>()\[\],;:\"'])?"
    r"@[^\s@<>()\[\],;:\"']+\.[^\s@<>()\[\],;:\"']+"
)
_NUMBER_WORDS = {
    "zero": 0,
    "none": 0,
    "one": 1,
    "just me": 1,
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
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "fifty": 50,
    "hundred": 100,
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


def find_email(text: str) -> str | None:
    match = _EMAIL.search((text or "")[:320])  # an email address is at most 254 characters
    return match.group(0).rstrip(".") if match else None


def find_employee_count(text: str) -> int | None:
    """The number in "about 25 staff", "we're eight people", "just me"."""
    if text is None:
        return None
    digits = re.search(r"\d[\d,]*", str(text)[:200])
    if digits:
        number = digits.group(0).replace(",", "")
        return int(number) if len(number) <= 9 else None
    words = plain(text)
    for word, value in sorted(_NUMBER_WORDS.items(), key=lambda item: -len(item[0])):
        if re.search(rf"\b{re.escape(word)}\b", words):
            return value
    return None


# Words that do not occur in people's names but do in questions, commands and small talk, so a
# message containing one is not taken for a name ("can I talk to someone", "stop this now").
_NOT_NAME_WORDS = frozenset(
    {
        "a",
        "about",
        "afternoon",
        "am",
        "an",
        "and",
        "any",
        "anyone",
        "are",
        "as",
        "at",
        "be",
        "bot",
        "but",
        "by",
        "bye",
        "call",
        "can",
        "cancel",
        "cheers",
        "complain",
        "complaint",
        "could",
        "data",
        "did",
        "do",
        "does",
        "email",
        "end",
        "escalate",
        "evening",
        "fine",
        "for",
        "forget",
        "from",
        "get",
        "give",
        "going",
        "good",
        "goodbye",
        "got",
        "great",
        "had",
        "has",
        "have",
        "hello",
        "help",
        "hey",
        "hi",
        "how",
        "human",
        "i",
        "i'm",
        "if",
        "in",
        "is",
        "it",
        "it's",
        "just",
        "letter",
        "like",
        "long",
        "me",
        "mind",
        "morning",
        "my",
        "need",
        "never",
        "no",
        "not",
        "now",
        "of",
        "ok",
        "okay",
        "on",
        "or",
        "out",
        "person",
        "phone",
        "please",
        "pls",
        "quit",
        "refund",
        "reply",
        "right",
        "robot",
        "sorry",
        "speak",
        "stop",
        "sure",
        "talk",
        "thank",
        "thanks",
        "that",
        "the",
        "there",
        "this",
        "time",
        "to",
        "ugh",
        "wait",
        "want",
        "was",
        "we",
        "what",
        "when",
        "where",
        "who",
        "why",
        "will",
        "with",
        "would",
        "yes",
        "you",
        "your",
    }
)
_INITIAL = re.compile(r"^[^\W\d_]\.$")  # "J." in "Mrs J. Smith"
_NAME_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['’.-])*$")


def looks_like_a_name(text: str | None) -> bool:
    """Whether a reply to "What is your name?" has the shape of a person's name: two to five words
    of letters (apostrophes, hyphens and initials allowed: "Siobhan O'Neill", "Mrs J. Smith-Jones"),
    none of them a word of ordinary speech. Names are words a language model has rarely seen, so
    its guess at their intent is noise; their shape is the better evidence."""
    words = plain(text).split()
    if not 2 <= len(words) <= 5:
        return False
    return all(
        _NAME_WORD.match(w) and (_INITIAL.match(w) or w not in _NOT_NAME_WORDS) for w in words
    )
