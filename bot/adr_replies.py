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
    to be checked (outside compliance reader, round 13, F20)."""
    until = rights.apply_until(letter)
    response = "utter_adr_letter_dated" if until >= today else "utter_adr_letter_dated_past"
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
