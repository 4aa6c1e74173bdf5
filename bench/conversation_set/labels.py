"""The outside conversation set (tests/conversations_outside/): its files, read and checked.

A label that names an unknown flow, fact, question or field is an error here, with where it is,
rather than a check that silently never fails.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
SET_DIR = ROOT / "tests" / "conversations_outside"

PROVIDERS: tuple[str, ...] = (
    "infinity-group",
    "infinity-system-solutions",
    "infinium",
    "invictanet",
)

# What a customer can observably get from a reply (docs/conversation-test-set.md says how each is
# seen).
FLOWS: frozenset[str] = frozenset(
    {
        "complaint",
        "response_times",
        "escalation",
        "adr",
        "contact",
        "human",
        "fault",
        "compensation",
        "cancellation",
        "privacy",
        "accessible_formats",
        "case_lookup",
        "greeting",
        "thanks",
        "goodbye",
        "bot_challenge",
        "out_of_scope",
        "clarify",
    }
)

# The questions a customer can recognise; `end` (in a turn's `at`) waits until nothing is asked.
QUESTIONS: frozenset[str] = frozenset(
    {
        "category",
        "description",
        "name",
        "email",
        "phone",
        "postcode",
        "contact",
        "customer_type",
        "employees",
        "account",
        "needs",
        "confirm",
        "change",
        "reference",
        "verification",
        "did_you_mean",
    }
)
WAIT_POINTS: frozenset[str] = QUESTIONS | {"end"}

CATEGORIES: frozenset[str] = frozenset(
    {"sales", "billing", "fault_repair", "service", "pricing", "cancellation", "other"}
)
CUSTOMER_FIELDS: frozenset[str] = frozenset(
    {
        "category",
        "description",
        "name",
        "email",
        "phone",
        "postcode",
        "contact",
        "customer_type",
        "employees",
        "account",
        "needs",
    }
)
CASE_FIELDS: frozenset[str] = frozenset(
    {
        "category",
        "name",
        "email",
        "phone",
        "postcode",
        "account",
        "customer_type",
        "employees",
        "contact",
        "needs_has",
        "description_has",
        "description_lacks",
        "requests",
    }
)
REQUESTS: frozenset[str] = frozenset({"escalation", "adr_letter", "call_back"})
PROVIDER_FACTS: frozenset[str] = frozenset(
    {
        "complaint_reply_due",
        "letter_reply_due",
        "email_reply_due",
        "phone_call_back_due",
        "adr_opens",
        "adr_scheme",
        "escalation_route",
        "adr_small_business_limit",
        "open_now",
        "adr_letter_limit",
    }
)
FIXTURE_FACTS: frozenset[str] = frozenset({"case_next_due", "case_adr_opens"})
FACTS: frozenset[str] = PROVIDER_FACTS | FIXTURE_FACTS


class LabelError(ValueError):
    """A label in the set that cannot be checked as written."""


@dataclass(frozen=True)
class Expect:
    """What a reply must start: `flow` (or one of `accept`), every flow in `also`, none in `not_`,
    the complaint's category if it takes one, and the facts it states."""

    flow: str
    also: tuple[str, ...] = ()
    accept: tuple[str, ...] = ()
    not_: tuple[str, ...] = ()
    category: tuple[str, ...] = ()
    states: tuple[str, ...] = ()


@dataclass(frozen=True)
class Group:
    id: str
    kind: str
    sources: tuple[str, ...]
    about: str


@dataclass(frozen=True)
class FirstMessage:
    id: str
    group: str
    text: str
    expect: Expect


@dataclass(frozen=True)
class Turn:
    say: str
    at: str | None = None
    expect: Expect | None = None
    reply_has: tuple[str, ...] = ()
    reply_lacks: tuple[str, ...] = ()
    update: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Conversation:
    id: str
    group: str
    sources: tuple[str, ...]
    about: str
    customer: Mapping[str, Any]
    turns: tuple[Turn, ...]
    finish: bool
    fixture: Mapping[str, Any] | None
    case: Mapping[str, Any] | None  # None: no case may be created
    states: tuple[str, ...] = ()
    not_states: tuple[str, ...] = ()
    flows_seen: tuple[str, ...] = ()
    not_asked: tuple[str, ...] = ()
    fixture_case: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ProviderFacts:
    id: str
    name: str
    prefix: str
    phone: str
    fault_contact: tuple[str, ...]
    facts: Mapping[str, tuple[str, ...] | None]

    def fact(self, name: str) -> tuple[str, ...] | None:
        return self.facts.get(name)


@dataclass(frozen=True)
class TestSet:
    sources: Mapping[str, Mapping[str, str]]
    first_message_groups: Mapping[str, Group]
    first_messages: tuple[FirstMessage, ...]
    conversations: tuple[Conversation, ...]
    providers: Mapping[str, ProviderFacts]
    now: str
    fixture_received: str
    fixture_channel: str

    def conversation_groups(self) -> list[str]:
        return list(dict.fromkeys(c.group for c in self.conversations))


def _tuple(value: Any) -> tuple:
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(value)
    return (value,)


def _fact_values(value: Any, where: str) -> tuple[str, ...] | None:
    if value is None:
        return None
    values = _tuple(value)
    if not values:
        raise LabelError(f"{where}: an empty list of alternatives can never be stated")
    return tuple(v.isoformat() if isinstance(v, date) else str(v) for v in values)


def _expect(raw: Mapping[str, Any], where: str) -> Expect:
    unknown = set(raw) - {"flow", "also", "accept", "not", "category", "states"}
    if unknown:
        raise LabelError(f"{where}: unknown label fields {sorted(unknown)}")
    if "flow" not in raw:
        raise LabelError(f"{where}: no flow")
    flows = (raw["flow"], *_tuple(raw.get("also")), *_tuple(raw.get("accept")))
    flows += _tuple(raw.get("not"))
    for flow in flows:
        if flow not in FLOWS:
            raise LabelError(f"{where}: unknown flow {flow!r}; expected one of {sorted(FLOWS)}")
    for category in _tuple(raw.get("category")):
        if category not in CATEGORIES:
            raise LabelError(f"{where}: unknown category {category!r}")
    for fact in _tuple(raw.get("states")):
        if fact not in FACTS:
            raise LabelError(f"{where}: unknown fact {fact!r}")
    return Expect(
        flow=raw["flow"],
        also=_tuple(raw.get("also")),
        accept=_tuple(raw.get("accept")),
        not_=_tuple(raw.get("not")),
        category=_tuple(raw.get("category")),
        states=_tuple(raw.get("states")),
    )


def _read(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _sources_known(sources: tuple[str, ...], known: Mapping[str, Any], where: str) -> None:
    if not sources:
        raise LabelError(f"{where}: no sources: say where it came from")
    for source in sources:
        if source not in known:
            raise LabelError(f"{where}: unknown source {source!r} (sources.yml)")


def _first_messages(
    raw: Mapping[str, Any], sources: Mapping[str, Any]
) -> tuple[dict[str, Group], list[FirstMessage]]:
    groups: dict[str, Group] = {}
    messages: list[FirstMessage] = []
    seen: set[str] = set()
    for raw_group in raw["groups"]:
        group = Group(
            id=raw_group["id"],
            kind=raw_group["kind"],
            sources=_tuple(raw_group.get("sources")),
            about=raw_group.get("about", ""),
        )
        if group.id in groups:
            raise LabelError(f"first message group {group.id} appears twice")
        _sources_known(group.sources, sources, f"group {group.id}")
        groups[group.id] = group
        default = raw_group.get("expect")
        for index, item in enumerate(raw_group["messages"], start=1):
            where = f"{group.id} #{index}"
            if isinstance(item, str):
                text, label = item, default
            else:
                text, label = item["text"], item.get("expect", default)
            if label is None:
                raise LabelError(f"{where}: no label")
            if text in seen:
                raise LabelError(f"{where}: the message {text!r} is in the set twice")
            seen.add(text)
            messages.append(
                FirstMessage(f"{group.id}-{index:02d}", group.id, text, _expect(label, where))
            )
    return groups, messages


def _turn(raw: Mapping[str, Any], where: str) -> Turn:
    unknown = set(raw) - {
        "say",
        "at",
        "flow",
        "also",
        "accept",
        "not",
        "states",
        "reply_has",
        "reply_lacks",
        "update",
    }
    if unknown:
        raise LabelError(f"{where}: unknown turn fields {sorted(unknown)}")
    if not isinstance(raw.get("say"), str) or not raw["say"]:
        raise LabelError(f"{where}: a turn needs `say`")
    if raw.get("at") is not None and raw["at"] not in WAIT_POINTS:
        raise LabelError(
            f"{where}: unknown question {raw['at']!r}; expected one of {sorted(WAIT_POINTS)}"
        )
    expect = None
    if "flow" in raw:
        expect = _expect(
            {k: raw[k] for k in ("flow", "also", "accept", "not", "states") if k in raw}, where
        )
    update = dict(raw.get("update") or {})
    if set(update) - CUSTOMER_FIELDS:
        raise LabelError(
            f"{where}: unknown customer fields in update {sorted(set(update) - CUSTOMER_FIELDS)}"
        )
    return Turn(
        say=raw["say"],
        at=raw.get("at"),
        expect=expect,
        reply_has=_tuple(raw.get("reply_has")),
        reply_lacks=_tuple(raw.get("reply_lacks")),
        update=update,
    )


def _case(raw: Any, where: str) -> Mapping[str, Any] | None:
    if raw == "none":
        return None
    if not isinstance(raw, Mapping):
        raise LabelError(f"{where}: `case` is `none` or the case's expected fields")
    unknown = set(raw) - CASE_FIELDS
    if unknown:
        raise LabelError(f"{where}: unknown case fields {sorted(unknown)}")
    for category in _tuple(raw.get("category")):
        if category not in CATEGORIES:
            raise LabelError(f"{where}: unknown category {category!r}")
    for request in _tuple(raw.get("requests")):
        if request not in REQUESTS:
            raise LabelError(f"{where}: unknown request {request!r}")
    return dict(raw)


def _conversations(raw: Mapping[str, Any], sources: Mapping[str, Any]) -> list[Conversation]:
    conversations: list[Conversation] = []
    ids: set[str] = set()
    people: dict[str, str] = {}
    for item in raw["conversations"]:
        cid = item["id"]
        where = f"conversation {cid}"
        if cid in ids:
            raise LabelError(f"{where} appears twice")
        ids.add(cid)
        sources_ = _tuple(item.get("sources"))
        _sources_known(sources_, sources, where)
        customer = dict(item.get("customer") or {})
        if set(customer) - CUSTOMER_FIELDS:
            raise LabelError(
                f"{where}: unknown customer fields {sorted(set(customer) - CUSTOMER_FIELDS)}"
            )
        # Cases are found by the customer's name and e-mail too: each customer is someone else.
        for key in ("name", "email"):
            value = customer.get(key)
            if isinstance(value, str):
                if value.casefold() in people:
                    raise LabelError(
                        f"{where}: {key} {value!r} is also {people[value.casefold()]}'s"
                    )
                people[value.casefold()] = cid
        fixture = item.get("fixture")
        if fixture is not None:
            for key in ("name", "email"):
                if fixture[key].casefold() in people:
                    raise LabelError(
                        f"{where}: fixture {key} is also {people[fixture[key].casefold()]}'s"
                    )
                people[fixture[key].casefold()] = cid
        turns = tuple(_turn(t, f"{where} turn {i}") for i, t in enumerate(item["turns"], start=1))
        expect = item.get("expect") or {}
        unknown = set(expect) - {
            "case",
            "states",
            "not_states",
            "flows_seen",
            "not_asked",
            "fixture_case",
        }
        if unknown:
            raise LabelError(f"{where}: unknown expectations {sorted(unknown)}")
        if "case" not in expect:
            raise LabelError(
                f"{where}: say whether a case is expected (`case: none` or its fields)"
            )
        for fact in (*_tuple(expect.get("states")), *_tuple(expect.get("not_states"))):
            if fact not in FACTS:
                raise LabelError(f"{where}: unknown fact {fact!r}")
        for flow in _tuple(expect.get("flows_seen")):
            if flow not in FLOWS:
                raise LabelError(f"{where}: unknown flow {flow!r}")
        for question in _tuple(expect.get("not_asked")):
            if question not in QUESTIONS:
                raise LabelError(f"{where}: unknown question {question!r}")
        fixture_case = dict(expect.get("fixture_case") or {})
        if fixture_case and fixture is None:
            raise LabelError(f"{where}: fixture_case without a fixture")
        for request in _tuple(fixture_case.get("requests")):
            if request not in REQUESTS:
                raise LabelError(f"{where}: unknown request {request!r}")
        if fixture is not None and fixture.get("category") not in CATEGORIES:
            raise LabelError(f"{where}: the fixture needs a category")
        conversations.append(
            Conversation(
                id=cid,
                group=item["group"],
                sources=sources_,
                about=item.get("about", ""),
                customer=customer,
                turns=turns,
                finish=bool(item.get("finish", True)),
                fixture=fixture,
                case=_case(expect["case"], where),
                states=_tuple(expect.get("states")),
                not_states=_tuple(expect.get("not_states")),
                flows_seen=_tuple(expect.get("flows_seen")),
                not_asked=_tuple(expect.get("not_asked")),
                fixture_case=fixture_case,
            )
        )
    return conversations


def _providers(raw: Mapping[str, Any]) -> dict[str, ProviderFacts]:
    providers: dict[str, ProviderFacts] = {}
    for pid, item in raw["providers"].items():
        facts: dict[str, tuple[str, ...] | None] = {}
        for name in PROVIDER_FACTS:
            if name not in item["facts"]:
                raise LabelError(
                    f"facts.yml: {pid} does not say {name} (null if the code gives none)"
                )
            facts[name] = _fact_values(item["facts"][name], f"facts.yml {pid}.{name}")
        fixture = raw.get("fixture_facts", {}).get(pid, {})
        for name in FIXTURE_FACTS:
            facts[name] = _fact_values(fixture.get(name), f"facts.yml fixture_facts.{pid}.{name}")
        providers[pid] = ProviderFacts(
            id=pid,
            name=item["name"],
            prefix=item["reference_prefix"],
            phone=item["phone"],
            fault_contact=tuple(item["fault_contact"]),
            facts=facts,
        )
    if set(providers) != set(PROVIDERS):
        raise LabelError(
            f"facts.yml: expected the providers {PROVIDERS}, found {sorted(providers)}"
        )
    return providers


def load_set(directory: Path = SET_DIR) -> TestSet:
    """The whole set, every label checked."""
    sources = _read(directory / "sources.yml")
    facts = _read(directory / "facts.yml")
    groups, messages = _first_messages(_read(directory / "first_messages.yml"), sources)
    conversations = _conversations(_read(directory / "conversations.yml"), sources)
    return TestSet(
        sources=sources,
        first_message_groups=groups,
        first_messages=tuple(messages),
        conversations=tuple(conversations),
        providers=_providers(facts),
        now=str(facts["now"]),
        fixture_received=str(facts["fixture_received"]),
        fixture_channel=str(facts["fixture_channel"]),
    )
