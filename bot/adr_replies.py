"""ADR replies said the same way wherever they are said: at logging (actions/intake.py through
actions/rights.py) and when a verified customer checks the case (bot/cases/customer_requests.py).

Each builds one `Reply` (a domain.yml response, its values and the sources of its facts) and
never talks to Rasa, so both places say one thing (issue 14: the case check gave neither the
code's own wait nor the deadlock letter the customer said at logging they hold).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.provider_codes import ProviderCode, complaints_phone
from bot.regulation import Rules, long_date
from bot.rights import AdrRights, the_scheme
from bot.scheme_contacts import possessive
from bot.sources import from_code, from_rules


@dataclass(frozen=True)
class Reply:
    """One of the assistant's replies: a domain.yml response, the values it is filled with, and
    where its facts come from (bot/sources.py; compared apart, by tests of their own)."""

    response: str
    values: dict[str, Any] = field(default_factory=dict)
    sources: tuple[dict[str, Any], ...] = field(default=(), compare=False)


def code_wait_beside_rules(code: ProviderCode, rights: AdrRights) -> Reply | None:
    """A code's own wait before its ADR scheme (Infinium's and Invictanet's 12 weeks, Infinity
    Group's 8) beside the rules' date, and which applies: the rules', when they give the customer
    more (outside testers, round 13). None when the code gives no wait, or its date is the one
    given already. A code whose wait leads to no ADR scheme is said elsewhere."""
    if not rights.code_wait_weeks or rights.code_opens is None:
        return None
    if rights.code_opens <= rights.opens:
        return None
    wait = rights.rules_wait
    return Reply(
        # Today's row, or the row in force when the complaint was first raised.
        "utter_adr_code_wait_longer" if wait.ends is None else "utter_adr_code_wait_longer_then",
        {
            "code_weeks": rights.code_wait_weeks,
            "code_opens": long_date(rights.code_opens),
            "rules_weeks": wait.weeks,
            "opens": long_date(rights.opens),
        },
        (
            from_code(code, code.document["adr"].get("wait_quote")),
            from_rules(wait.source, applies_from=wait.starts, applies_until=wait.ends),
        ),
    )


def letter_dated(
    code: ProviderCode,
    rules: Rules,
    rights: AdrRights,
    letter: date,
    today: date,
    rough: str | None = None,
) -> Reply:
    """An ADR (deadlock) letter the customer holds, dated `letter`: ADR open at once, for today's
    months from the letter, or that time gone. A day given `rough`ly ("11 months ago", "mid
    October") is said to be approximate, the deadline with its hedge, and the date on the letter
    to be checked (outside compliance reader, round 13, F20). A limit that ends `today` is said
    to end today (truth15)."""
    until = rights.apply_until(letter)
    if until > today:
        response = "utter_adr_letter_dated"
    elif until == today:
        response = "utter_adr_letter_dated_last_day"  # truth15: said as any other day
    else:
        response = "utter_adr_letter_dated_past"
    return Reply(
        response + ("_approx" if rough else ""),
        {
            "ago": rough or "",
            "letter": long_date(letter),
            "until": long_date(until),
            "months": rights.limit_after_letter_months,
            "scheme": the_scheme(rights.scheme_called(), rules),
            "provider_name": code.trading_name,
            "provider_possessive": possessive(code.trading_name),
            "phone": complaints_phone(code),
        },
        (
            from_rules(rules.letter_source, applies_from=rules.letter_since),
            from_rules(rules.limit_source),
        ),
    )


def code_limits(
    code: ProviderCode, rules: Rules, rights: AdrRights, *, letter_held: bool = False
) -> list[Reply]:
    """The code's own time limits to go to ADR where it gives any (Infinity Group's 6 months from
    its letter, 9 if it never wrote), quoted, with what today's rules give and which is the one to
    go by (issue 14: the code's limits were never said). Without a letter, today's rules give no
    limit (regulation.md), so the code's is said as the code's, and the customer told not to
    wait; a customer who holds a letter (`letter_held`) is told only the limit after one. Said at
    logging, in answers, and in the case check of a case with a letter held (truth15)."""
    quote = code.document["adr"].get("limits_quote")
    if not quote:
        return []
    limit = from_rules(rules.limit_source)
    replies: list[Reply] = []
    code_months = rights.code_limit_after_letter_months
    if code_months is not None and code_months < rights.limit_after_letter_months:
        replies.append(
            Reply(
                "utter_adr_limit_code_differs",
                {
                    "quote": quote,
                    "code_months": code_months,
                    "months": rights.limit_after_letter_months,
                },
                (from_code(code, quote), limit),
            )
        )
    no_letter = rights.limit_without_letter_months
    if no_letter and not letter_held:
        letter = from_rules(rules.letter_source, applies_from=rules.letter_since)
        replies.append(
            Reply(
                "utter_adr_limit_no_letter_code",
                {"code_months": no_letter, "months": rights.limit_after_letter_months},
                (from_code(code, quote), letter, limit),
            )
        )
    return replies
