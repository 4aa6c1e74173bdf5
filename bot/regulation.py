"""Today's UK rules for communications complaints, read from the dated table in `bot/rules/`.

Rules change (the ADR wait fell from 8 to 6 weeks on 8 April 2026), so they are data with effective
dates; which row applies depends on the date the complaint was first raised.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import jsonschema

from bot.provider_codes import Body, CodeFileError, _body, _problem
from bot.yaml_data import load_yaml

RULES_DIR = Path(__file__).parent / "rules"
RULES_PATH = RULES_DIR / "uk-communications.yaml"
RULES_SCHEMA_PATH = RULES_DIR / "rules.schema.json"


@dataclass(frozen=True)
class AdrWaitRule:
    weeks: int
    starts: date | None
    ends: date | None
    source: str

    def in_force_on(self, day: date) -> bool:
        return (self.starts is None or self.starts <= day) and (
            self.ends is None or day <= self.ends
        )

    def describe_dates(self) -> str:
        if self.starts and self.ends:
            return f"from {long_date(self.starts)} until {long_date(self.ends)}"
        if self.starts:
            return f"from {long_date(self.starts)}"
        return f"until {long_date(self.ends)}" if self.ends else "always"


@dataclass(frozen=True)
class Scheme:
    name: str
    # The name as a sentence says it, with its article if it takes one ("CISAS", "the
    # Communications Ombudsman"): a fact of the name, so "the CISAS" is never said.
    called: str
    operator: str | None
    former_names: tuple[str, ...]
    former_operators: tuple[str, ...]
    contacts: tuple[Any, ...]
    source: str = ""
    # Channels given no value today because every older one is out of date (CISAS's postal address).
    out_of_date_kinds: tuple[str, ...] = ()
    # Whom a business's head count includes for the eligibility limit, and where that comes from.
    head_count: tuple[str, ...] = ("employees",)
    head_count_source: str = ""
    # Matters this scheme does not take (CISAS: fraud, data protection...), and where that is said.
    excluded_matters: tuple[str, ...] = ()
    excluded_matters_source: str = ""


@dataclass(frozen=True)
class Rules:
    adr_waits: tuple[AdrWaitRule, ...]
    letter_opens_at_once: bool
    letter_since: date
    letter_summary: str
    limit_after_letter_months: int
    max_employees: int
    consumers: bool
    excluded_categories: tuple[str, ...]
    excluded_matters: tuple[str, ...]
    excluded_source: str
    letter_source: str
    limit_source: str
    eligibility_source: str
    cost_source: str
    price_matters_in_scope: tuple[str, ...]
    free: bool
    max_award_gbp: int
    max_award_since: date | None
    max_award_source: str
    court_source: str
    disabled_customers: dict[str, dict[str, Any]]
    schemes: tuple[Scheme, ...]
    not_schemes: tuple[Body, ...]
    # Where each body that is not a scheme (Ofcom) and its contacts come from, by name.
    not_scheme_sources: dict[str, str] = field(default_factory=dict)

    def adr_wait_on(self, raised: date) -> AdrWaitRule:
        """The ADR wait in force for a complaint first raised on `raised`."""
        for rule in self.adr_waits:
            if rule.in_force_on(raised):
                return rule
        raise LookupError(f"no ADR wait rule covers {raised.isoformat()}")

    def scheme_named(self, name: str) -> tuple[Scheme, bool] | None:
        """The approved scheme a name refers to, and whether the name is an outdated one."""
        wanted = _normalise(name)
        for scheme in self.schemes:
            if _normalise(scheme.name) == wanted:
                return scheme, False
            if any(_normalise(former) == wanted for former in scheme.former_names):
                return scheme, True
        return None

    def called(self, name: str) -> str:
        """`name` as a sentence says it: an approved scheme's own `called` ("CISAS", "the
        Communications Ombudsman"), and "the" before any other name (a former name, "ombudsman
        (ADR) scheme")."""
        wanted = _normalise(name)
        scheme = next((s for s in self.schemes if _normalise(s.name) == wanted), None)
        return scheme.called if scheme is not None else f"the {name}"

    def not_a_scheme(self, name: str) -> Body | None:
        wanted = _normalise(name)
        return next((b for b in self.not_schemes if _normalise(b.name) == wanted), None)


def _normalise(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def long_date(day: date) -> str:
    """'Thursday 31 December 2026', as the assistant and the desk say dates."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def _date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


@cache
def load_rules(path: Path = RULES_PATH) -> Rules:
    document = load_yaml(path.read_text(encoding="utf-8"))
    schema = json.loads(RULES_SCHEMA_PATH.read_text(encoding="utf-8"))
    errors = sorted(
        jsonschema.Draft202012Validator(schema).iter_errors(document),
        key=lambda e: list(map(str, e.absolute_path)),
    )
    if errors:
        raise CodeFileError(path, [_problem(e) for e in errors])
    waits = tuple(
        AdrWaitRule(row["weeks"], _date(row.get("from")), _date(row.get("until")), row["source"])
        for row in document["adr_wait"]
    )
    _check_waits_cover_time(waits, path)
    letter = document["adr_letter"]
    eligibility = document["eligibility"]
    return Rules(
        adr_waits=waits,
        letter_opens_at_once=letter["opens_at_once"],
        letter_since=date.fromisoformat(letter["since"]),
        letter_summary=letter["summary"],
        limit_after_letter_months=document["limit_after_letter"]["months"],
        max_employees=eligibility["max_employees"],
        consumers=eligibility["consumers"],
        excluded_categories=tuple(document["excluded_categories"]),
        excluded_matters=tuple(document["excluded_matters"]),
        excluded_source=document.get("excluded_source", ""),
        letter_source=letter["source"],
        limit_source=document["limit_after_letter"]["source"],
        eligibility_source=eligibility["source"],
        cost_source=document.get("cost_source", ""),
        price_matters_in_scope=tuple(document.get("price_matters_in_scope", ())),
        free=document["cost"] == "free",
        max_award_gbp=document["max_award_gbp"],
        max_award_since=_date(document.get("max_award_since")),
        max_award_source=document.get("max_award_source", ""),
        court_source=document.get("court_source", ""),
        disabled_customers={row["id"]: row for row in document.get("disabled_customers", ())},
        schemes=tuple(
            Scheme(
                name=s["name"],
                called=s["called"],
                operator=s.get("operator"),
                former_names=tuple(s.get("former_names", ())),
                former_operators=tuple(s.get("former_operators", ())),
                contacts=tuple(_body({"name": s["name"], "contacts": s["contacts"]}).contacts),  # type: ignore[union-attr]
                source=s["source"],
                out_of_date_kinds=tuple(s.get("out_of_date_kinds", ())),
                head_count=tuple(s["head_count"]),
                head_count_source=s["head_count_source"],
                excluded_matters=tuple(s.get("excluded_matters", ())),
                excluded_matters_source=s.get("excluded_matters_source", ""),
            )
            for s in document["approved_schemes"]
        ),
        not_schemes=tuple(
            Body(
                name=b["name"],
                contacts=_body({"name": b["name"], "contacts": b.get("contacts", [])}).contacts,  # type: ignore[union-attr]
                description=b["why"],
            )
            for b in document.get("not_adr_schemes", ())
        ),
        not_scheme_sources={
            b["name"]: b.get("source", "") for b in document.get("not_adr_schemes", ())
        },
    )


def _check_waits_cover_time(waits: tuple[AdrWaitRule, ...], path: Path) -> None:
    """The dated rows must follow each other with no gap or overlap, open at both ends."""
    problems = []
    if waits[0].starts is not None:
        problems.append("adr_wait[0].from: the first row must have no start date")
    if waits[-1].ends is not None:
        problems.append(f"adr_wait[{len(waits) - 1}].until: the last row must have no end date")
    for index, (earlier, later) in enumerate(pairwise(waits), start=1):
        if earlier.ends is None or later.starts is None or (later.starts - earlier.ends).days != 1:
            problems.append(
                f"adr_wait[{index}].from: expected the day after the previous row's `until`"
            )
    if problems:
        raise CodeFileError(path, problems)
