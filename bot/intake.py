"""The checks every complaint passes before it becomes a case, shared by the staff desk and the chat.

Each `clean_*` function takes what a person typed and returns the normalised value, or raises
`IntakeError` with the field, a stable machine code (for the assistant's wording) and a clear English
message (for the desk). `validate_intake` runs them all and reports every problem at once.

Text is kept verbatim: quotes, SQL, HTML, emoji and right-to-left script are the customer's words and
are stored as given. Only surrounding whitespace is stripped; control characters are refused (a
description may keep newlines and tabs), because they have no place in a complaint and can disturb a
terminal or a database.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from bot.answers.business import (
    HeadCount,
    find_employee_count,
    find_head_count,
    listed_people,
    stated_business_size,
)
from bot.answers.names import says_nothing_more
from bot.provider_codes import CATEGORIES, UnknownProvider, get_code
from bot.rights import CHANNELS, CUSTOMER_TYPES, HeadCountRule

MAX_DESCRIPTION_CHARS = 4000
MAX_NAME_CHARS = 200
MAX_EMAIL_CHARS = 254
MAX_ACCOUNT_CHARS = 64
MAX_ACCESSIBILITY_CHARS = 500
MAX_ADDRESS_CHARS = 300
# Answers to the form's other questions, never an address.
_NOT_AN_ADDRESS = frozenset(
    {"letter", "post", "by_post", "consumer", "business", "email", "phone", "none", "skip"}
)
MAX_EMPLOYEES = 10_000_000

# How a customer prefers to be contacted. Text relay (Relay UK) and video relay serve deaf, hearing-
# impaired and speech-impaired customers; "sms" is an ordinary text message.
CONTACT_PREFERENCES: tuple[str, ...] = (
    "email",
    "phone",
    "sms",
    "letter",
    "text_relay",
    "video_relay",
)
# The contact detail each preference needs.
_NEEDED_WORDS = {"email": "email address", "phone": "phone number", "address": "postal address"}
_PREFERENCE_NEEDS: dict[str, str] = {
    "letter": "address",
    "email": "email",
    "phone": "phone",
    "sms": "phone",
    "text_relay": "phone",
    "video_relay": "phone",
}

_CATEGORY_ALIASES: dict[str, str] = {
    "fault": "fault_repair",
    "faults": "fault_repair",
    "repair": "fault_repair",
    "bill": "billing",
    "price": "pricing",
    "prices": "pricing",
    "cancel": "cancellation",
    "sale": "sales",
    "something_else": "other",  # the button's title, typed (outside testing: refused)
}
_CUSTOMER_TYPE_ALIASES: dict[str, str] = {
    "residential": "consumer",
    "personal": "consumer",
    "individual": "consumer",
    "small_business": "business",
    "company": "business",
}
_PREFERENCE_ALIASES: dict[str, str] = {
    "e_mail": "email",
    "telephone": "phone",
    "call": "phone",
    "text": "sms",
    "text_message": "sms",
    "post": "letter",
    "relay_uk": "text_relay",
    "textrelay": "text_relay",
    "relay": "text_relay",
    "bsl": "video_relay",
    "video": "video_relay",
}

_EMAIL = re.compile(
    r"^(?P<local>[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*)"
    r"@(?P<domain>(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
    r"(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59}))$"
)
# 01 and 08 numbers have 10 or 11 digits (01xxxx xxxx, 0800 xxx xxx); 02, 03 and 07 have 11.
_UK_PHONE = re.compile(r"^(?:0[18][0-9]{8,9}|0[237][0-9]{9})$")
_PHONE_PUNCTUATION = re.compile(r"[\s().-]")
# An extension after the number: "01632 960123 ext 45", "0161 496 0000 extension 12", "x12"
# (outside words testers, round 18, F16: the extension was dropped). Kept as " x45": the case's
# phone column holds 20 characters, and "01632 960123 x12345" is 19.
PHONE_EXTENSION = re.compile(
    r"[\s,;(]*(?:ext(?:ension|n)?|x)\s*[.:#]?\s*(?P<extension>\d{1,5})\)?\s*$", re.IGNORECASE
)
# Royal Mail's shapes: an outward code (area, district) and an inward code (sector, unit).
_POSTCODE = re.compile(
    r"^(?:(?P<outward>[A-PR-UWYZ][A-HK-Y]?[0-9][A-Z0-9]?)(?P<inward>[0-9][ABD-HJLNP-UW-Z]{2})"
    r"|(?P<giro>GIR0AA))$"
)
_ACCOUNT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ./_-]*$")


class IntakeError(ValueError):
    """One problem with what a customer gave: which field, a stable code and a clear message."""

    def __init__(self, field: str, code: str, message: str) -> None:
        self.field = field
        self.code = code
        self.message = message
        super().__init__(message)

    def to_dict(self) -> dict[str, str]:
        return {"field": self.field, "code": self.code, "message": self.message}


class IntakeErrors(ValueError):
    """Every problem found in one submission (nothing is stored while any remains)."""

    def __init__(self, errors: list[IntakeError]) -> None:
        self.errors = errors
        if len(errors) == 1:
            text = errors[0].message
        else:
            text = f"{len(errors)} problems: " + "; ".join(e.message for e in errors)
        super().__init__(text)

    @property
    def codes(self) -> list[str]:
        return [e.code for e in self.errors]


@dataclass(frozen=True)
class Intake:
    """A complaint that has passed every check, in normalised form."""

    provider: str
    channel: str
    category: str
    description: str
    name: str
    email: str | None = None
    phone: str | None = None
    postcode: str | None = None
    account: str | None = None
    customer_type: str | None = None
    employees: int | None = None
    contact_preference: str | None = None
    accessibility_needs: str | None = None
    address: str | None = None  # for letters: the street and town; the postcode is its own field
    # A business's head count in the groups the customer named ("8 employees and 3 contractors"),
    # as they gave it; `employees` is the count under the provider's scheme's rule.
    head_count: str | None = None
    # The day of an ADR (deadlock) letter the customer says they hold: their word, not a record
    # of the provider sending one (`cases.adr_letter_date`).
    adr_letter_held: date | None = None
    # How roughly they gave that day, in words to say back ("about 11 months ago", "in mid
    # October"): the day and its time limit are approximate (revision 0014). None when exact.
    adr_letter_held_rough: str | None = None
    # The day the customer says they first raised the complaint with the provider, when that was
    # before the case is logged: the ADR wait runs from it (regulation.md), not from the logging.
    first_raised: date | None = None
    # Someone made the complaint for the account holder, in their own telling ("Jane Doe, who
    # says they act for their dad"): kept on the case (revision 0013), never as a need.
    made_on_behalf: str | None = None
    # The account holder's name, as the person complaining for them gave it (revision 0015).
    account_holder_name: str | None = None

    def to_dict(self) -> dict[str, Any]:
        values = asdict(self)
        if self.first_raised is None:
            # Left out when not given, so a submission's key (bot/cases/store.submission_key) is
            # the same as before the field existed.
            del values["first_raised"]
        else:
            values["first_raised"] = self.first_raised.isoformat()
        # Likewise the head count as given and an ADR letter held (revision 0012).
        if self.head_count is None:
            del values["head_count"]
        if self.made_on_behalf is None:
            del values["made_on_behalf"]  # likewise (revision 0013)
        if self.adr_letter_held_rough is None:
            del values["adr_letter_held_rough"]  # likewise (revision 0014)
        if self.account_holder_name is None:
            del values["account_holder_name"]  # likewise (revision 0015)
        if self.adr_letter_held is None:
            del values["adr_letter_held"]
        else:
            values["adr_letter_held"] = self.adr_letter_held.isoformat()
        return values


# --- helpers -----------------------------------------------------------------------------------


def _text(value: Any) -> str | None:
    """The value as stripped text, or None when nothing was given."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _token(text: str) -> str:
    """'Fault repair', 'fault-repair' and 'FAULT_REPAIR' all become 'fault_repair'."""
    return re.sub(r"[\s_-]+", "_", text.strip().lower())


def _choice(text: str | None, aliases: Mapping[str, str], allowed: Sequence[str]) -> str | None:
    """The allowed choice the customer's words name ("Fault repair", "ring me"), or None."""
    token = _token(text) if text else ""
    token = aliases.get(token, token)
    return token if token in allowed else None


# The joiners a script or an emoji needs (a Persian name's ZWNJ, the ZWJ of 👩‍👧), kept between two
# characters of one; every other format character goes.
_JOINERS = "\u200c\u200d"


def without_format_characters(text: str) -> str:
    """`text` without Unicode's invisible format characters (category Cf): bidi controls that
    reorder what follows ("Eve gnissim" between U+202E and U+202C shows as "Eve missing"),
    zero-width spaces and the like, which were kept in names and echoed back in the chat and on
    the case (outside attacker, round 19, F4). A joiner between two letters or symbols beyond ASCII is kept."""
    kept = []
    for at, ch in enumerate(text):
        if unicodedata.category(ch) != "Cf":
            kept.append(ch)
        elif ch in _JOINERS and 0 < at < len(text) - 1:
            before, after = text[at - 1], text[at + 1]
            if all(ord(c) > 0x7F and unicodedata.category(c) != "Cf" for c in (before, after)):
                kept.append(ch)
    return "".join(kept)


def _bad_characters(text: str, allowed: str = "") -> list[str]:
    """Control characters (and unpaired surrogates) in `text`, other than those `allowed`."""
    return [ch for ch in text if ch not in allowed and unicodedata.category(ch) in ("Cc", "Cs")]


def _describe_characters(characters: list[str]) -> str:
    unique = sorted(set(characters))
    shown = ", ".join(f"U+{ord(ch):04X}" for ch in unique[:5])
    return shown + (" and others" if len(unique) > 5 else "")


def _check_plain_line(field: str, label: str, text: str, limit: int) -> str:
    bad = _bad_characters(text)
    if bad:
        raise IntakeError(
            field,
            f"{field.replace('_', '-')}-invalid-characters",
            f"The {label} contains control characters ({_describe_characters(bad)}); "
            "please type it as plain text on one line.",
        )
    if len(text) > limit:
        raise IntakeError(
            field,
            f"{field.replace('_', '-')}-too-long",
            f"The {label} is {len(text):,} characters long; the limit is {limit:,} characters.",
        )
    return text


# --- one field each ----------------------------------------------------------------------------


def clean_provider(value: Any) -> str:
    text = _text(value)
    if text is None:
        raise IntakeError("provider", "provider-missing", "Which provider is the complaint about?")
    try:
        return get_code(text).id
    except UnknownProvider as error:
        raise IntakeError(
            "provider",
            "provider-unknown",
            f"Unknown provider {text!r}; known providers: {', '.join(error.known)}.",
        ) from None


def clean_channel(value: Any) -> str:
    text = _text(value)
    token = _token(text) if text else ""
    token = {"e_mail": "email", "post": "letter", "telephone": "phone"}.get(token, token)
    if token not in CHANNELS:
        shown = repr(text) if text else "No channel"
        raise IntakeError(
            "channel",
            "channel-unknown",
            f"{shown} is not a channel a complaint can come by; expected one of: "
            f"{', '.join(CHANNELS)}.",
        )
    return token


def clean_category(value: Any) -> str:
    text = _text(value)
    if text is None:
        raise IntakeError(
            "category",
            "category-missing",
            f"What is the complaint about? Expected one of: {_category_list()}.",
        )
    category = _choice(text, _CATEGORY_ALIASES, CATEGORIES) or _close_category(text)
    if category is None:
        raise IntakeError(
            "category",
            "category-unknown",
            f"{text!r} is not a complaint category; expected one of: {_category_list()}.",
        )
    return category


def _close_category(text: str) -> str | None:
    """A category typed with a slip ("cancelation", "biling"): the one choice it is close to
    (outside testing: "cancelation" was read as "cancel" and the complaint stopped)."""
    token = _token(text)
    names = {c: c for c in CATEGORIES} | dict(_CATEGORY_ALIASES)
    close = difflib.get_close_matches(token, list(names), n=1, cutoff=0.85)
    return names[close[0]] if close else None


def description_added_to(before: str | None, added: str) -> str:
    """What happened with more of it added (`before`, then `added`), control characters typed in
    the addition dropped; IntakeError `description-too-long` when the two together pass
    MAX_DESCRIPTION_CHARS (outside attacker, round 20, F3 and F5: an addition past the limit, or
    with a NUL in it, was said to be added and silently lost)."""
    kept = "".join(
        ch for ch in str(added) if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs")
    )
    combined = f"{before} {kept}" if before else kept
    return clean_description(combined)


def _category_list() -> str:
    return ", ".join(c.replace("_", " ") for c in CATEGORIES)


def clean_description(value: Any) -> str:
    """The customer's words, verbatim but for surrounding whitespace, Windows line endings and
    invisible format characters."""
    text = _text(without_format_characters(str(value)) if value is not None else None)
    if text is None:
        raise IntakeError(
            "description", "description-missing", "Please describe the complaint in a few words."
        )
    text = text.replace("\r\n", "\n")
    if len(text) > MAX_DESCRIPTION_CHARS:
        raise IntakeError(
            "description",
            "description-too-long",
            f"The description is {len(text):,} characters long; the limit is "
            f"{MAX_DESCRIPTION_CHARS:,} characters. Please shorten it (a letter can be summarised "
            "and kept on file).",
        )
    bad = _bad_characters(text, allowed="\n\t")
    if bad:
        raise IntakeError(
            "description",
            "description-invalid-characters",
            f"The description contains control characters ({_describe_characters(bad)}); only "
            "ordinary text, new lines and tabs are accepted.",
        )
    return text


# A web address in a name: "Customer Please Visit http://infinity-group-billing.example.com" was
# taken as the name, and the provider's own confirmation e-mail, sent to whatever address was
# typed, then greeted a stranger with a link of the sender's choosing (outside attacker, round 16,
# F2). No one's name has one.
_WEB_ADDRESS = re.compile(
    r"(?:[a-z][a-z0-9+.-]*://|\bwww\.|\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|info|biz|io|uk|co)\b)",
    re.IGNORECASE,
)


def has_web_address(text: str | None) -> bool:
    """Whether the words carry a web address ("http://...", "www...", "example.co.uk"); an e-mail
    address given with a name ("Kate Morgan kate@example.co.uk") is not one."""
    return bool(_WEB_ADDRESS.search(re.sub(r"\S+@\S+", " ", str(text or ""))))


def clean_name(value: Any) -> str:
    text = _text(without_format_characters(str(value)) if value is not None else None)
    if text is None:
        raise IntakeError("name", "name-missing", "Please give the customer's name.")
    text = _check_plain_line("name", "name", text, MAX_NAME_CHARS)
    if says_nothing_more(text):
        # "that's all" typed to a late "tell me more ... or say 'that's all'" (round 19, F3).
        raise IntakeError(
            "name",
            "name-nothing-more",
            "Thanks, that's all noted about what happened. I still need your name to log the "
            "complaint.",
        )
    if has_web_address(text):
        raise IntakeError(
            "name",
            "name-has-link",
            "A name can't include a web address: please type just the name.",
        )
    return text


def clean_email(value: Any) -> str:
    """A practical check (one @, a dotted domain, no spaces); the domain is lower-cased."""
    text = _text(value)
    if text is None:
        raise IntakeError("email", "email-missing", "Please give an email address.")
    match = _EMAIL.match(text)
    if (
        len(text) > MAX_EMAIL_CHARS
        or match is None
        or len(match["local"]) > 64
        or any(len(label) > 63 for label in match["domain"].split("."))
    ):
        raise IntakeError(
            "email",
            "email-invalid",
            f"{text!r} is not an email address (expected something like name@example.co.uk).",
        )
    return f"{match['local']}@{match['domain'].lower()}"


def clean_phone(value: Any) -> str:
    """A UK number (01, 02, 03, 07 or 08; 10 or 11 digits; +44 accepted), spaced as usually written,
    with its extension if one is given ("01632 960123 x45")."""
    text = _text(value)
    if text is None:
        raise IntakeError("phone", "phone-missing", "Please give a phone number.")
    extension = PHONE_EXTENSION.search(text)
    digits = text[: extension.start()] if extension else text
    for international in ("+44", "0044"):
        if digits.startswith(international):
            digits = digits[len(international) :].lstrip()
            digits = digits.removeprefix("(0)").lstrip()
            digits = "0" + digits.removeprefix("0")
            break
    digits = _PHONE_PUNCTUATION.sub("", digits)
    if not _UK_PHONE.match(digits):
        raise IntakeError(
            "phone",
            "phone-invalid",
            f"{text!r} is not a UK phone number (expected 10 or 11 digits starting 01, 02, 03, "
            "07 or 08, such as 020 7946 0000 or +44 7700 900123).",
        )
    if extension is not None:
        return f"{_space_phone(digits)} x{extension.group('extension')}"
    return _space_phone(digits)


def _space_phone(digits: str) -> str:
    if len(digits) == 11:
        if digits.startswith("02"):
            groups = (3, 4, 4)
        elif digits.startswith(("011", "03", "08")) or (
            digits.startswith("01") and digits[3] == "1"
        ):
            groups = (4, 3, 4)
        else:  # other 01 area codes and mobiles: 01253 353537, 07700 900123
            groups = (5, 6)
    elif digits.startswith("01"):
        groups = (5, 5)
    else:
        groups = (4, 3, 3)
    parts, start = [], 0
    for size in groups:
        parts.append(digits[start : start + size])
        start += size
    return " ".join(parts)


def clean_postcode(value: Any) -> str:
    """A UK postcode in upper case with one space before the inward code: 'TN1 2PY'."""
    text = _text(value)
    if text is None:
        raise IntakeError("postcode", "postcode-missing", "Please give a postcode.")
    squashed = re.sub(r"\s+", "", text).upper()
    match = _POSTCODE.match(squashed)
    if match is None:
        raise IntakeError(
            "postcode",
            "postcode-invalid",
            f"{text!r} is not a UK postcode (expected something like TN1 2PY or SW1A 1AA).",
        )
    if match["giro"]:
        return "GIR 0AA"
    return f"{match['outward']} {match['inward']}"


def clean_account(value: Any) -> str:
    text = _text(value)
    if text is None:
        raise IntakeError("account", "account-missing", "Please give the account number.")
    if len(text) > MAX_ACCOUNT_CHARS or not _ACCOUNT.match(text) or _is_words(text):
        raise IntakeError(
            "account",
            "account-invalid",
            f"{text!r} is not an account number (letters, digits, spaces, '.', '/', '_' or '-', "
            f"at most {MAX_ACCOUNT_CHARS} characters).",
        )
    return text


def _is_words(text: str) -> bool:
    """Words rather than an account number ("about 3 weeks ago", "dont know it sorry mate": the
    lead's outside probe, 27 Nov, stored the first as the account number): no digit at all, or
    two or more words of letters longer than a prefix such as "IG" or "ACC"."""
    words = [w for w in re.split(r"[\s./_-]+", text) if w.isalpha() and len(w) > 3]
    return not any(ch.isdigit() for ch in text) or len(words) >= 2


def clean_customer_type(value: Any) -> str:
    text = _text(value)
    customer_type = _choice(text, _CUSTOMER_TYPE_ALIASES, CUSTOMER_TYPES)
    if customer_type is None:
        raise IntakeError(
            "customer_type",
            "customer-type-unknown",
            f"{text!r} is not a customer type; expected consumer or business.",
        )
    return customer_type


def head_count_answer(
    text: str | None, rule: HeadCountRule, *, number: Any = None, asked: bool = True
) -> HeadCount | None:
    """A business's answer to the head-count question, as the customer gave it: the groups it
    names ("8 employees and 5 contractors"; each scheme then counts its own, regulation.md), or
    else its one number (`number`, the model's reading of it, or the text's: "40", "about 25",
    "just me"). That number answers the question as it was `asked`: the employees, when it asked
    for them first and then for contractors and volunteers (`HeadCountRule.asks_by_group`; outside
    testers, issue 14/15: "40" was taken for 40 counted together); else the scheme's own count.
    None when the answer gives no number."""
    if stated_business_size(text) is not None:
        return find_head_count(text)
    # "theres me 2 other dentists 3 nurses and a receptionist": the list added up, never the
    # model's first number (outside testers, round 16, words F6: kept as 2).
    count = listed_people(text)
    if count is None:
        count = find_employee_count(text if number is None else number)
    if count is None:
        return None
    if asked and rule.asks_by_group:
        return HeadCount((("employees", count),))
    return HeadCount(unnamed=count)


def head_count_kept(head: HeadCount) -> int | str:
    """What the form keeps of a head count: its one number, or the groups in words as the customer
    gave them ("8 employees and 5 contractors"), which `head_count_given` reads back."""
    return head.describe() if head.groups else head.counted(())


def head_count_given(value: Any) -> HeadCount | None:
    """The head count the form kept (`head_count_kept`): the groups its words name, or its one
    number (the count under the provider's scheme's rule); None when it holds neither."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return HeadCount(unnamed=value)
    text = str(value)
    if stated_business_size(text) is not None:
        return find_head_count(text)
    try:
        return HeadCount(unnamed=clean_employees(text))
    except IntakeError:
        return None


def clean_head_count(value: Any) -> int | str:
    """A business's head count as the form keeps it: one number (`clean_employees`), or the groups
    the customer named, each a whole number, in words ("8 employees and 5 contractors")."""
    if isinstance(value, str) and stated_business_size(value) is not None:
        head = find_head_count(value)
        for _, number in head.groups if head is not None else ():
            clean_employees(number)
        if head is not None:
            return head.describe()
    return clean_employees(value)


def clean_head_count_words(value: Any) -> str:
    """A head count in the groups the customer named, as the case keeps it ("8 employees and 3
    contractors"): each group a whole number; refused when it names no group."""
    text = str(value).strip()
    head = find_head_count(text) if stated_business_size(text) is not None else None
    if head is None or not head.groups:
        raise IntakeError(
            "head_count",
            "head-count-invalid",
            f"{text!r} names no group of people (expected e.g. '8 employees and 3 contractors').",
        )
    for _, number in head.groups:
        clean_employees(number)
    return head.describe()


def clean_employees(value: Any) -> int:
    """A business's head count, as the provider's ADR scheme counts it (`bot.rights.HeadCountRule`:
    for the Communications Ombudsman, employees, contractors and volunteers together; for CISAS,
    employees). The case's `employees` column keeps this number."""
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, int):
        number = value
    else:
        text = _text(value) or ""
        if not re.fullmatch(r"[0-9][0-9,]{0,15}", text):
            raise IntakeError(
                "employees",
                "employees-invalid",
                f"{text!r} is not a number of employees (expected a whole number such as 8).",
            )
        number = int(text.replace(",", ""))
    if number < 0 or number > MAX_EMPLOYEES:
        raise IntakeError(
            "employees",
            "employees-invalid",
            f"{number} is not a number of employees (expected a whole number from 0).",
        )
    return number


def clean_contact_preference(value: Any) -> str:
    text = _text(value)
    preference = _choice(text, _PREFERENCE_ALIASES, CONTACT_PREFERENCES)
    if preference is None:
        raise IntakeError(
            "contact_preference",
            "contact-preference-unknown",
            f"{text!r} is not a way to be contacted; expected one of: "
            f"{', '.join(p.replace('_', ' ') for p in CONTACT_PREFERENCES)}.",
        )
    return preference


# Words of a sentence about oneself, never of an address with no number in it ("I'm partially
# sighted so I need large print letters please" was kept as the postal address: outside attacker,
# 27 Nov, F8; "Rose Cottage, Mill Lane, Hayfield" has none of them).
_A_SENTENCE = re.compile(
    r"\b(?:i|i'?m|i'?ve|i'?d|me|my|you|your|need|needs|please|want|can'?t|cannot|could|would|"
    r"because|so that|don'?t|dont|not|sorry)\b",
    re.I,
)


# Words of a complaint, never of an address, even one with a number in it ("the phone line has
# been dead for 2 weeks and nobody has come out" was kept as the postal address: outside customers
# B, round 19, F6, HIGH): a span of time, a sum of money, what the provider did.
_A_COMPLAINT = re.compile(
    r"\b\d+\s*(?:mins?|minutes?|hrs?|hours?|days?|wks?|weeks?|months?|years?|times)\b"
    r"|£\s*\d|\b\d+(?:\.\d+)?\s*(?:quid|pounds)\b"
    r"|\b(?:charged|overcharged|refund\w*|dropp\w+|cut off|nobody|no one|rang|phoned|keeps|"
    r"without|been|since|broken|engineer|not working)\b",
    re.I,
)
# The words of a street or a building, beside which a sentence word is part of an address
# ("c/o my daughter, 4 Oak Road").
_A_STREET = re.compile(
    r"\b(?:road|rd|street|st|lane|ln|avenue|ave|close|drive|dr|way|court|ct|place|pl|crescent|"
    r"terrace|grove|gardens|row|square|sq|hill|park|green|walk|mews|flat|house|cottage|farm|unit|"
    r"apartment|apt|wharf|parade|view|rise|mount|estate)\b",
    re.I,
)


def clean_address(value: Any) -> str:
    """A postal address for letters, as the customer wrote it (the postcode is its own field)."""
    text = _text(value)
    if text is None:
        raise IntakeError("address", "address-missing", "Please give the address to write to.")
    words = text.replace(",", " ").split()
    sentence = _A_COMPLAINT.search(text) or (
        _A_SENTENCE.search(text) and not _A_STREET.search(text)
    )
    looks_like_one = (re.search(r"\d", text) and len(words) >= 2 and not sentence) or (
        len(words) >= 3 and not _A_SENTENCE.search(text) and not _A_COMPLAINT.search(text)
    )
    if re.search(r"[<>]", text):
        looks_like_one = False  # "<svg onload=alert(1)>" before a postcode (attacker, round 21, F6)
    if not looks_like_one or _token(text) in _NOT_AN_ADDRESS:
        # "letter", "consumer": an answer to another question (outside testing: "letter" was
        # logged as the address).
        raise IntakeError(
            "address",
            "address-invalid",
            "Please give the house number or name, the street and the town.",
        )
    return _check_plain_line("address", "postal address", text, MAX_ADDRESS_CHARS)


def clean_first_raised(value: Any) -> date:
    """The day the customer first raised the complaint with the provider: a date, or an ISO date
    (2026-09-03) as the chat keeps it and staff type it. Whether it is before the case is logged
    is checked when the case is made (bot/cases/store.py), where the moment of receipt is known."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if text is None:
        raise IntakeError("first_raised", "first-raised-missing", "Please give a date.")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise IntakeError(
            "first_raised",
            "first-raised-invalid",
            f"{text[:40]!r} is not a date (expected something like 2026-09-03).",
        ) from None


def clean_accessibility(value: Any) -> str:
    """Accessibility needs in the customer's words (large print, text relay, BSL...)."""
    text = _text(value)
    if text is None:
        raise IntakeError(
            "accessibility_needs", "accessibility-missing", "Please describe the needs."
        )
    return _check_plain_line(
        "accessibility_needs", "description of accessibility needs", text, MAX_ACCESSIBILITY_CHARS
    )


MAX_ON_BEHALF_CHARS = 300
MAX_LETTER_ROUGH_CHARS = 80


def clean_letter_held_rough(value: Any) -> str:
    """How roughly the customer gave the day of the ADR letter they hold ("in mid October"), one
    plain line."""
    text = _text(value) or ""
    return _check_plain_line(
        "adr_letter_held_rough", "ADR letter's rough date", text, MAX_LETTER_ROUGH_CHARS
    )


def clean_made_on_behalf(value: Any) -> str:
    """Who made the complaint for the account holder, one plain line."""
    text = _text(value) or ""
    return _check_plain_line(
        "made_on_behalf", "who made the complaint for the account holder", text, MAX_ON_BEHALF_CHARS
    )


def clean_account_holder_name(value: Any) -> str:
    """The account holder's name, when someone complains for them: one plain line."""
    text = _text(value) or ""
    return _check_plain_line(
        "account_holder_name", "the account holder's name", text, MAX_HOLDER_NAME_CHARS
    )


MAX_HOLDER_NAME_CHARS = 100


# --- the whole submission ----------------------------------------------------------------------

_REQUIRED = {
    "provider": clean_provider,
    "channel": clean_channel,
    "category": clean_category,
    "description": clean_description,
    "name": clean_name,
}
_OPTIONAL = {
    "email": clean_email,
    "phone": clean_phone,
    "postcode": clean_postcode,
    "account": clean_account,
    "customer_type": clean_customer_type,
    "employees": clean_employees,
    "contact_preference": clean_contact_preference,
    "accessibility_needs": clean_accessibility,
    "address": clean_address,
    "first_raised": clean_first_raised,
    "head_count": clean_head_count_words,
    "adr_letter_held": clean_first_raised,  # a date, as the day first raised is
    "made_on_behalf": clean_made_on_behalf,
    "adr_letter_held_rough": clean_letter_held_rough,
    "account_holder_name": clean_account_holder_name,
}


def field_needed_for(preference: str | None) -> str | None:
    """The intake field a preferred way of contact needs ("phone" for text relay)."""
    return _PREFERENCE_NEEDS.get(preference or "")


def detail_needed_for(preference: str | None) -> str | None:
    """The contact detail a preferred way needs, in words ("email address" for email)."""
    needed = field_needed_for(preference)
    return _NEEDED_WORDS[needed] if needed else None


def validate_intake(raw: Mapping[str, Any]) -> Intake:
    """Every check on a submission; raises IntakeErrors listing every problem found."""
    unknown = sorted(set(raw) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        raise TypeError(f"unexpected intake fields: {', '.join(unknown)}")
    values: dict[str, Any] = {}
    errors: list[IntakeError] = []
    for name, clean in _REQUIRED.items():
        try:
            values[name] = clean(raw.get(name))
        except IntakeError as error:
            errors.append(error)
    for name, clean in _OPTIONAL.items():
        given = raw.get(name)
        if given is None or (isinstance(given, str) and not given.strip()):
            values[name] = None
            continue
        try:
            values[name] = clean(given)
        except IntakeError as error:
            errors.append(error)
    failed = {e.field for e in errors}
    ways = ("email", "phone", "address")
    if not set(ways) & failed and not any(values.get(way) for way in ways):
        errors.append(
            IntakeError(
                "contact",
                "contact-missing",
                "Please give an email address, a phone number or a postal address so the provider "
                "can reply.",
            )
        )
    preference = values.get("contact_preference") or ""
    needed = _PREFERENCE_NEEDS.get(preference)
    if needed and needed not in failed and not values.get(needed):
        errors.append(
            IntakeError(
                "contact_preference",
                "contact-preference-unreachable",
                f"The customer prefers {preference.replace('_', ' ')} but gave no "
                f"{_NEEDED_WORDS[needed]}.",
            )
        )
    if errors:
        raise IntakeErrors(errors)
    return Intake(**values)
