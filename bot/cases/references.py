"""Case references: the provider's prefix, a hyphen and six characters of Crockford's base 32.

`IG-7K3Q9X` is short enough to read over the phone, random (drawn with `secrets`, so a reference
says nothing about how many complaints a provider has) and unique (the store retries on the rare
collision: 32**6 is about a billion references per provider). Crockford's alphabet leaves out I, L,
O and U, so a customer who reads back O for 0, or I or L for 1, still names the right case.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Iterable

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 6
EXAMPLE = "IG-7K3Q9X"

_PREFIX = r"[A-Z]{2,3}"
_REFERENCE = re.compile(rf"^{_PREFIX}-[{ALPHABET}]{{{LENGTH}}}$")
# What people and word processors type for the hyphen between the prefix and the code.
_TYPED_HYPHENS = re.compile(r"\b([A-Za-z]{2,3})[\u2010-\u2015\u2212_.](?=[0-9A-Za-z]{6}\b)")
# Crockford's decoding: the letters people confuse with digits read as those digits.
_CONFUSIONS = str.maketrans({"O": "0", "I": "1", "L": "1"})


class ReferenceFormatError(ValueError):
    """Text that cannot be a case reference, with what a reference looks like."""

    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__(
            f"{text!r} is not a case reference: expected a provider prefix, a hyphen and six "
            f"characters such as {EXAMPLE}"
        )


def random_code() -> str:
    """Six random characters of the alphabet (the part after the hyphen)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def new_reference(prefix: str) -> str:
    if not re.fullmatch(_PREFIX, prefix):
        raise ValueError(f"{prefix!r} is not a reference prefix (two or three capital letters)")
    return f"{prefix}-{random_code()}"


def is_reference(text: str) -> bool:
    """Whether `text` is a reference exactly as the store writes it."""
    return bool(_REFERENCE.match(text))


def normalise_reference(text: str) -> str:
    """The reference a person meant: 'ig 7k3q9x', 'IG-7K3Q-9X' and 'IG-7K3O9X' all give IG-7K3Q9X's form.

    Case and spaces do not matter, the hyphen may be left out, extra hyphens inside the six
    characters are ignored (as Crockford allows), and O, I and L in the six characters read as 0, 1
    and 1. The prefix is kept as typed (it is letters only, so nothing there is confusable).
    """
    squashed = re.sub(r"\s+", "", str(text)).upper()
    prefix, hyphen, rest = squashed.partition("-")
    if not hyphen:
        prefix, rest = squashed[:-LENGTH], squashed[-LENGTH:]
    code = rest.replace("-", "").translate(_CONFUSIONS)
    reference = f"{prefix}-{code}"
    if len(squashed) > 40 or not is_reference(reference):
        raise ReferenceFormatError(str(text).strip())
    return reference


def reference_in(text: str | None, prefixes: Iterable[str]) -> str | None:
    """The reference a sentence names with one of `prefixes`, typed with a space or without the
    hyphen ("it's ig g27a5d", "IGG27A5D please"), in its normal form; None if there is none.

    Written the store's way (with the hyphen) a reference is found by the NLU's pattern; this finds
    the other ways people type it (outside testing, 27 Nov: "ig g27a5d" at the reference question
    was asked for again, with no hint). Six characters with no digit are not taken from a sentence
    ("in person" is not IN-PERS0N) unless written as the store writes them ("IG-HEEDDZ"); a message that is only the reference is read by
    `normalise_reference`."""
    names = sorted({p.upper() for p in prefixes if re.fullmatch(_PREFIX, p.upper())}, key=len)
    if not names or not text:
        return None
    # Copied from a letter or typed on a phone: an en dash ("IV–ZYVW0M", as Word and PDFs render
    # the hyphen), full-width characters, an underscore or a dot for the hyphen (outside attacker,
    # round 16, F4: "Sorry, I didn't follow that").
    text = _TYPED_HYPHENS.sub(r"\1-", unicodedata.normalize("NFKC", str(text)))
    pattern = re.compile(
        rf"(?<![0-9A-Z])({'|'.join(reversed(names))})[\s-]*([0-9A-Z]{{3}}[\s-]?[0-9A-Z]{{3}})(?![0-9A-Z])",
        re.IGNORECASE,
    )
    for match in pattern.finditer(str(text)[:400]):
        rest = match.group(2)
        if not any(c.isdigit() for c in rest) and not is_reference(match.group(0)):
            # Written as the store writes it ("IG-HEEDDZ") it is a reference, digit or not
            # (outside customers A F8, compliance F24, 27 Nov); in lower case or run together it
            # may be a word ("in-person", "ignoring").
            continue
        try:
            return normalise_reference(f"{match.group(1)}-{rest}")
        except ReferenceFormatError:
            continue
    return None


# A reference's six characters typed alone ("8ZBBTK"), or after words that name it as one ("ref
# 8ZBBTK", "my reference is 8zbbtk"): read as the conversation's own provider's.
_BODY_ALONE = re.compile(rf"^[0-9A-Za-z]{{{LENGTH}}}$")
_BODY_NAMED = re.compile(
    r"^(?:(?:my|the|it'?s|its|is|our|case|complaint|reference|ref|no|number|num|ref\.|"
    r"reference number|ref number|ref no|here|you go|status|of|for|check|on|please)[\s:#.,-]*)+"
    rf"([0-9A-Za-z]{{{LENGTH}}})(?:[\s.,!]+please)?$",
    re.IGNORECASE,
)
_NAMES_A_REFERENCE = re.compile(r"\b(?:ref|reference|case number|complaint number)\b", re.I)
# Six characters named as a reference in a sentence about a complaint ("hi can u tell me whats
# happening with my complaint ref JE91TZ": outside customers A, round 19, F3), never an account's
# ("account ref AB12C4").
_BODY_NAMED_IN_SENTENCE = re.compile(
    r"\b(?:reference|ref|case number|complaint number)\b(?:\s*(?:no|number|num)\b)?\.?"
    rf"(?:\s*is)?\s*[:#]?\s*([0-9A-Za-z]{{{LENGTH}}})(?![0-9A-Za-z-])",
    re.IGNORECASE,
)
_ABOUT_A_COMPLAINT = re.compile(r"\b(?:complaint|case)\b", re.I)
_ACCOUNT = re.compile(r"\baccount\b", re.I)


def reference_body_in(text: str | None, prefix: str) -> str | None:
    """The reference `prefix`-XXXXXX when the message is a reference's six characters typed
    without the prefix ("8ZBBTK", "ref 8zbbtk"), in its normal form; None otherwise.

    The six characters must be the alphabet's (O, I and L read as Crockford reads them) and, as
    typed, hold at least one letter and one digit: "BROKEN" or "broken" is a word, never
    IN-BR0KEN (outside attacker, round 18, F6: "8ZBBTK" started a new complaint form). Only a
    message that is the reference, or says it is one, is read: a six-character word in a
    sentence is not, unless the sentence is about a complaint and names it as its reference
    ("whats happening with my complaint ref JE91TZ"; never an account's)."""
    if not text or not re.fullmatch(_PREFIX, prefix.upper()):
        return None
    typed = unicodedata.normalize("NFKC", str(text))[:300].strip().strip(".!?,;:")
    body = None
    if _BODY_ALONE.match(typed):
        body = typed
    else:
        named = _BODY_NAMED.match(typed)
        if named and _NAMES_A_REFERENCE.search(typed):
            body = named.group(1)
        elif _ABOUT_A_COMPLAINT.search(typed) and not _ACCOUNT.search(typed):
            in_sentence = _BODY_NAMED_IN_SENTENCE.search(typed)
            body = in_sentence.group(1) if in_sentence else None
    if body is None:
        return None
    if not any(c.isdigit() for c in body) or not any(c.isalpha() for c in body):
        return None
    code = body.upper().translate(_CONFUSIONS)
    if any(c not in ALPHABET for c in code):
        return None
    return f"{prefix.upper()}-{code}"


def reference_retyped(text: str | None, reference: str) -> bool:
    """Whether `text` gives `reference`'s six characters again, with or without its prefix
    ("je91tz i said", "JE9 1TZ", "IG-JE91TZ"): at the identity question, the reference typed
    again, never a guess at the postcode it may look like (outside customers A, round 19, F3)."""
    body = reference.partition("-")[2].upper()
    if len(body) != LENGTH or not text:
        return False
    typed = unicodedata.normalize("NFKC", str(text))[:300].upper()
    if re.sub(r"\s+", "", typed).strip(".!?,;:") == body:
        return True
    return re.search(rf"(?<![0-9A-Z]){re.escape(body)}(?![0-9A-Z])", typed) is not None


# Any dash or hyphen a keyboard, a phone or a word processor types between the prefix and the code.
_DASHES = "\\-\u2010-\u2015\u2212_."


def reference_typed_alone(text: str | None, prefix: str) -> str | None:
    """The reference `prefix`-XXXXXX when the whole message is one of `prefix`'s references, typed
    with a space, a dash of any kind or none, in any case ("IN WDVYAJ", "in wdvyaj", "IN–JBKQ9Q"),
    in its normal form; None otherwise.

    The whole message and the provider's own prefix, so the six characters need no digit (outside
    attacker, round 19, F6: "IN WDVYAJ" at the reference question, read as asking about
    accessible formats, got that answer). With no digit they must be letters of the alphabet as
    typed: "in person" is a word, never IN-PERS0N."""
    if not text or not re.fullmatch(_PREFIX, prefix.upper()):
        return None
    typed = unicodedata.normalize("NFKC", str(text))[:80].strip().rstrip(".!,;:")
    match = re.fullmatch(
        rf"{prefix}[\s{_DASHES}]*([0-9A-Z]{{3}})[\s-]?([0-9A-Z]{{3}})", typed, re.IGNORECASE
    )
    if match is None:
        return None
    body = "".join(match.groups()).upper()
    if not any(c.isdigit() for c in body) and any(c not in ALPHABET for c in body):
        return None
    try:
        return normalise_reference(f"{prefix.upper()}-{body}")
    except ReferenceFormatError:
        return None


def prefix_left_off(text: str | None, prefix: str) -> str | None:
    """`prefix`-XXXXXX when the whole message is six letters of the alphabet as typed, no digit
    ("JPHPSK"): perhaps a reference typed without its prefix, perhaps a word ("THANKS"), so never
    taken as a reference (`reference_body_in`), only named for the customer to type with its
    prefix if it is theirs (outside attacker, round 19, F7). None otherwise ("BROKEN" has an O)."""
    typed = unicodedata.normalize("NFKC", str(text or ""))[:80].strip().strip(".!?,;:").upper()
    if len(typed) != LENGTH or not typed.isalpha() or any(c not in ALPHABET for c in typed):
        return None
    if not re.fullmatch(_PREFIX, prefix.upper()):
        return None
    return f"{prefix.upper()}-{typed}"
