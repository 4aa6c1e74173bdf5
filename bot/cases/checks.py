"""What the case store checks before it writes or answers: who is acting and on which channel, that
a moment carries its time zone, staff's own text (notes, resolutions, reasons), and whether a
customer's answer is the case's email address or postcode (in constant time).
"""

from __future__ import annotations

import hmac
import re
from datetime import datetime
from typing import Any

from bot.answers.details import find_email, find_postcode
from bot.intake import MAX_DESCRIPTION_CHARS, IntakeError, clean_postcode

MAX_ACTOR_CHARS = 200
MAX_CHANNEL_CHARS = 16


def check_who(actor: str, channel: str) -> None:
    if not isinstance(actor, str) or not actor.strip() or len(actor) > MAX_ACTOR_CHARS:
        raise ValueError(f"actor must be a name of 1 to {MAX_ACTOR_CHARS} characters")
    if not isinstance(channel, str) or not channel.strip() or len(channel) > MAX_CHANNEL_CHARS:
        raise ValueError(f"channel must be a name of 1 to {MAX_CHANNEL_CHARS} characters")


def check_now(now: datetime) -> None:
    if now.tzinfo is None:
        raise ValueError("now must carry a time zone")


def clean_staff_text(value: Any, field: str, label: str) -> str:
    """A note or a resolution: required, at most MAX_DESCRIPTION_CHARS, no control characters."""
    text = "" if value is None else str(value).strip().replace("\r\n", "\n")
    if not text:
        raise IntakeError(field, f"{field}-missing", f"The {label} is empty.")
    if len(text) > MAX_DESCRIPTION_CHARS:
        raise IntakeError(
            field,
            f"{field}-too-long",
            f"The {label} is {len(text):,} characters long; the limit is "
            f"{MAX_DESCRIPTION_CHARS:,} characters.",
        )
    if re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]", text):
        raise IntakeError(
            field,
            f"{field}-invalid-characters",
            f"The {label} contains control characters; only text, new lines and tabs are accepted.",
        )
    return text


def _normalise_answer(text: str) -> bytes:
    return re.sub(r"\s+", "", text).lower().encode("utf-8")


# Between the e-mail address and the postcode of one answer that gives both (`identity_detail_in`).
BOTH = "\n"


def identity_detail_in(text: str | None) -> str | None:
    """The e-mail address or postcode a message gives at the identity question; both, joined by
    `BOTH`, when it gives both, so both are checked (outside attacker, round 19, F2: "postcode
    EH1 1AA, email <the right one>" verified on the e-mail alone, two guesses for one try)."""
    email, postcode = find_email(str(text or "")), find_postcode(text)
    if email and postcode:
        return f"{email}{BOTH}{postcode}"
    return email or postcode


def answer_matches(email: str | None, postcode: str | None, answer: str) -> bool:
    """Whether `answer` is the email address or the postcode (case and spaces ignored); an answer
    with both (`identity_detail_in`) matches only when both are the case's."""
    stored_email = _normalise_answer(email or "")
    stored_postcode = _normalise_answer(postcode or "")
    if BOTH in (answer or ""):
        given_email, _, given_postcode = answer.partition(BOTH)
        email_matches = hmac.compare_digest(_normalise_answer(given_email), stored_email)
        postcode_matches = hmac.compare_digest(_normalise_answer(given_postcode), stored_postcode)
        # A detail the case does not hold cannot be wrong (a complaint given without an e-mail);
        # one it holds must be right, and at least one must be held and right.
        return (
            (email_matches or not stored_email)
            and (postcode_matches or not stored_postcode)
            and (bool(stored_email) or bool(stored_postcode))
        )
    given = _normalise_answer(answer or "")
    # Compare with both, always, in constant time; an empty stored value never matches.
    email_matches = hmac.compare_digest(given, stored_email) and bool(stored_email)
    postcode_matches = hmac.compare_digest(given, stored_postcode) and bool(stored_postcode)
    return bool(given) and (email_matches or postcode_matches)


def could_be_checked(answer: str | None) -> bool:
    """Whether an answer to "the e-mail address or postcode on the complaint?" gives one to check:
    an e-mail address, or a postcode in any spacing ("t n 1 2 p y"). "hi", "?", "dunno" or a phone
    number give neither, and are not counted as a wrong guess at the case."""
    text = str(answer or "")
    if "@" in text or find_email(text) or find_postcode(text):
        return True
    try:
        clean_postcode(re.sub(r"\s+", "", text))
    except IntakeError:
        return False
    return True
