"""Something to add to a complaint already made, in the customer's words (guard15; outside
compliance r15: "i want to add something to my complaint" noted an unasked call back, "please add
to my complaint that ..." and "add this: ..." started a new complaint form, and "just add to
IV-...: ..." was dropped after the check).

`addition_asked` reads the wish: `AdditionAsked(added=None)` for "i want to add something to my
complaint" (the assistant asks what), `AdditionAsked(added="...")` when the words to add come with
it; None for anything else ("my address", "additional charges", "can you add my son").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# "add", "add something", "add a note", "add this", "add the following", "add more".
_ADD = re.compile(
    # "add more information", "add some details" (outside attacker, round 21, F3 and F4: the
    # word "information" noted as the addition; the confidentiality answer).
    r"\badd(?:ing)?(?P<what>\s+(?:(?:some(?:thing)?\s+)?more\s+(?:info(?:rmation)?|details?)|"
    r"(?:some|a\s+few|more|a\s+couple\s+of)\s+(?:info(?:rmation)?|details?|things|points?)|"
    r"(?:some\s+)?(?:info(?:rmation)?|details?)|"
    r"something(?:\s+else)?|some(?:thing)?\s+more|more|a\s+note|"
    r"a\s+few\s+things|a\s+bit|a\s+detail|this|the\s+following|on))?",
    re.IGNORECASE,
)
# "to my complaint", "to the case", "to IV-NEF15M", "to my complaint IG-GQF926", "to it".
_TARGET = re.compile(
    r"\s+(?:on\s*)?to\s+(?:(?:my|the|this|that|our)\s+)?"
    r"(?:(?:complaint|case|file)(?:\s+(?:ref(?:erence)?\s*)?[A-Za-z]{2,3}[-\s]?[0-9A-Za-z]{6})?"
    r"|(?:ref(?:erence)?\s*)?[A-Za-z]{2,3}-[0-9A-Za-z]{6}|it)\b",
    re.IGNORECASE,
)
# What may stand between the wish and the words added: "that", ":", "-", ",", "please".
_BETWEEN = re.compile(r"^\s*(?:please\s*)?(?:[:\-\u2013,]|\bthat\b)?\s*", re.IGNORECASE)
# Nothing said yet: "please", "too", "as well", "?".
_NOTHING_YET = re.compile(
    r"^\W*(?:(?:please|pls|too|as\s+well|if\s+(?:i|that)\s+(?:can|may|is\s+ok(?:ay)?)|thanks?|"
    r"thank\s+you|can\s+i|is\s+that\s+(?:ok|okay|possible))\W*)*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class AdditionAsked:
    added: str | None  # the words to add, or None when the customer is yet to say them


def addition_asked(text: str | None) -> AdditionAsked | None:
    """The customer's wish to add to a complaint made, and what they add, if they said it."""
    said = str(text or "").strip()
    if not said or said.startswith("/"):
        return None
    for add in _ADD.finditer(said):
        rest = said[add.end() :]
        target = _TARGET.match(rest)
        if target is not None:
            rest = rest[target.end() :]
        elif not add.group("what") or add.group("what").strip().lower() == "on":
            continue  # "can you add my son to the account": not an addition to a complaint
        rest = _BETWEEN.sub("", rest, count=1).strip()
        if _NOTHING_YET.match(rest):
            return AdditionAsked(added=None)
        return AdditionAsked(added=rest.rstrip())
    return None
