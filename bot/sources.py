"""Where each fact the assistant states comes from, as a small record a channel can show.

A fact comes from a provider's code (the verbatim quote, with its section where the code has one,
and the code's date where it states one) or from a row of today's rules (its source and the dates
it is in force). The actions attach these to each factual answer (the message's `custom` payload),
the sign-off sheet lists them, and the tests check that no factual answer goes without one.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.provider_codes import ProviderCode
from bot.regulation import Rules
from bot.rights import AdrRights, head_count_rule
from bot.scheme_contacts import compare_contacts, possessive, today_differs_note

RULES_DOCUMENT = "UK communications complaint rules (Ofcom and the approved ADR schemes)"


def code_document(code: ProviderCode) -> str:
    """ "Infinity Group's Customer Complaints Code (February 2016)"."""
    title = code.code_title or "code of practice"
    dated = ""
    if code.code_date:
        year, month = code.code_date.split("-")[:2]
        dated = f" ({date(int(year), int(month), 1):%B %Y})"
    return f"{possessive(code.trading_name)} {title}{dated}"


def from_code(
    code: ProviderCode,
    quote: str | None,
    *,
    section: str | None = None,
    today_differs: str | None = None,
) -> dict[str, Any]:
    """A fact taken from the provider's published code."""
    # The published code by its title: never the file it is kept in (outside attacker, 27 Nov,
    # F3: "000_69503909c86e7530.txt" went to every customer with the sources).
    source: dict[str, Any] = {"document": code_document(code), "quote": quote}
    if section:
        source["section"] = section
    if today_differs:
        source["today_differs"] = today_differs
    return source


def from_rules(
    source: str, *, applies_from: date | None = None, applies_until: date | None = None
) -> dict[str, Any]:
    """A fact taken from a row of today's rules (bot/rules/uk-communications.yaml)."""
    record: dict[str, Any] = {"document": RULES_DOCUMENT, "source": source}
    if applies_from:
        record["applies_from"] = applies_from.isoformat()
    if applies_until:
        record["applies_until"] = applies_until.isoformat()
    return record


def scheme_sources(code: ProviderCode, rights: AdrRights) -> list[dict[str, Any]]:
    """The code's words naming its scheme, with where today's rules differ, and today's row."""
    today = rights.scheme_today
    if rights.scheme is None:
        return []
    differs = None
    if today is not None and today.contacts:
        comparison = compare_contacts(
            rights.scheme.contacts, today.contacts, today.out_of_date_kinds
        )
        if comparison.differs or rights.current_scheme_name:
            differs = today_differs_note(today.called, today.contacts, comparison)
    return [from_code(code, rights.scheme.quote, today_differs=differs)] + (
        [from_rules(today.source)] if today is not None else []
    )


def eligibility_sources(code: ProviderCode, rules: Rules) -> list[dict[str, Any]]:
    """Where who may use ADR comes from: the limit's row, whom the provider's scheme counts (its
    `head_count`), and what the schemes exclude."""
    head_count = head_count_rule(code, rules)
    return [
        from_rules(rules.eligibility_source),
        *([from_rules(head_count.source)] if head_count.source else []),
        from_rules(rules.excluded_source),
    ]


def adr_date_sources(code: ProviderCode, rights: AdrRights, rules: Rules) -> list[dict[str, Any]]:
    """Where a case's ADR date comes from: the wait in force when it was raised, the ADR letter
    rule, and the code's words naming its scheme (with today's details where they differ)."""
    wait = rights.rules_wait
    return [
        *scheme_sources(code, rights),
        from_rules(wait.source, applies_from=wait.starts, applies_until=wait.ends),
        from_rules(rules.letter_source, applies_from=rules.letter_since),
    ]


OUTSIDE_SOURCES = (
    "outside the provider's code and today's rules: the service's own published page, given "
    "because the assistant cannot give that help itself"
)


def from_service(source: str) -> dict[str, Any]:
    """An urgent number (999, Samaritans, a domestic abuse helpline): from the service's own page,
    not from a code or a rule, and said so."""
    return {"document": OUTSIDE_SOURCES, "source": f"{source} (outside the codes and rules)"}


def source_line(sources: list[dict[str, Any]]) -> str:
    """ "Source: Infinium's Code of Practice, "Resolution of Complaints"": one short line."""
    parts = []
    for s in sources:
        where = s["document"] if "source" not in s else s["source"]
        if s.get("section"):
            where += f", {s['section']}"
        if where not in parts:
            parts.append(where)
    return "Source: " + "; ".join(parts)
