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

_EMAIL = re.compile(r"[^\s@<>()\[\],;:\"']+@[^\s@<>()\[\],;:\"']+\.[^\s@<>()\[\],;:\"']+")
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
