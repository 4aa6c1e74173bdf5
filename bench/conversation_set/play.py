"""Playing the set through the real servers and checking each outcome.

One first message is one turn in a new conversation; a whole conversation is the scripted turns
with the customer (customer.py) answering everything else. After each turn the runner reads what
Rasa did from its tracker store (observe.py); after each conversation it reads the case database
(bot.cases.store.CaseStore, the assistant's own case store) for the case the customer was told
about, and compares it with the label.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select

from bench.conversation_set.customer import GIVE_UP_AFTER, Customer, Fixture
from bench.conversation_set.labels import (
    Conversation,
    Expect,
    FirstMessage,
    ProviderFacts,
    TestSet,
    Turn,
)
from bench.conversation_set.observe import (
    InternalNames,
    Leak,
    Question,
    TrackerReader,
    digits,
    observed_flows,
    question_identity,
    question_of,
    repeated_questions,
    turn_events,
)
from bot.cases.models import CaseRecord
from bot.cases.store import CaseStore
from bot.cases.views import Case
from bot.intake import validate_intake

LONDON = ZoneInfo("Europe/London")
MAX_TURNS = 40
HTTP_SECONDS = 120
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


# --- results -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Failure:
    kind: str  # what went wrong, in words shared by every failure of that kind (for counting)
    detail: str  # this failure


@dataclass
class TurnRecord:
    number: int
    said: str
    by: str  # "script" (the labelled turns) or "customer" (answering a question)
    replies: list[dict[str, Any]]
    flows: list[str]
    question: str | None
    question_identity: str | None
    leaks: list[tuple[str, Leak]]  # (the reply's text, what it showed)
    unnamed: list[str] = field(default_factory=list)
    by_keyword: list[str] = field(default_factory=list)
    category: Any = None  # the complaint category the turn set, if any


@dataclass
class FirstMessageResult:
    item: FirstMessage
    provider: str
    text: str
    turn: TurnRecord
    failures: list[Failure]

    @property
    def ok(self) -> bool:
        return not self.failures


@dataclass
class ConversationResult:
    conversation: Conversation
    provider: str
    turns: list[TurnRecord]
    failures: list[Failure]
    notes: list[str]
    loops: list[tuple[int, int, str]]
    case_reference: str | None = None

    @property
    def ok(self) -> bool:
        return not self.failures


@dataclass
class Results:
    first_messages: list[FirstMessageResult]
    conversations: list[ConversationResult]
    seconds: float = 0.0
    cpu_seconds: dict[str, float] = field(default_factory=dict)  # per server, while playing


# --- talking to the assistant ---------------------------------------------------------------------


class RestClient:
    """The REST channel, as a website or messaging platform calls it."""

    def __init__(self, rasa_url: str) -> None:
        self.url = f"{rasa_url}/webhooks/rest/webhook"

    def say(self, sender: str, message: str, provider: str) -> list[dict[str, Any]]:
        body = {"sender": sender, "message": message, "metadata": {"provider": provider}}
        request = urllib.request.Request(  # noqa: S310 - loopback only
            self.url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=HTTP_SECONDS) as response:  # noqa: S310
            return json.loads(response.read())


def render_date(iso: str) -> re.Pattern[str]:
    """Every usual way of writing the date `iso` (2026-12-31): "Thursday 31 December 2026",
    "31st Dec 2026", "December 31, 2026", "31/12/2026", "2026-12-31"."""
    year, month, day = (int(part) for part in iso.split("-"))
    name = MONTHS[month - 1]
    month_word = f"(?:{name}|{name[:3]})"
    ordinal = rf"0?{day}(?:st|nd|rd|th)?"
    patterns = [
        rf"\b{ordinal}\s+(?:of\s+)?{month_word}\.?,?\s+{year}\b",
        rf"\b{month_word}\.?\s+{ordinal},?\s+{year}\b",
        rf"\b0?{day}/0?{month}/(?:{year}|{year % 100:02d})\b",
        rf"\b{iso}\b",
    ]
    return re.compile("|".join(patterns), re.IGNORECASE)


def states(text: str, alternatives: Iterable[str]) -> bool:
    """Whether `text` states one of the fact's alternatives."""
    for value in alternatives:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            if render_date(value).search(text):
                return True
        elif value.casefold() in text.casefold():
            return True
    return False


def _norm(text: str | None) -> str:
    text = (text or "").replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.split()).casefold()


def phone_digits(text: str | None) -> str:
    number = digits(text or "")
    if number.startswith("440"):
        return number[2:]
    if number.startswith("44"):
        return "0" + number[2:]
    return number


def compact(text: str | None) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", text or "").upper()


# --- one conversation ------------------------------------------------------------------------------


class Session:
    """One conversation with the assistant, turn by turn."""

    def __init__(
        self,
        player: Player,
        sender: str,
        provider: ProviderFacts,
        customer: Customer | None,
    ) -> None:
        self.player = player
        self.sender = sender
        self.provider = provider
        self.customer = customer
        self.last_event = 0
        self.turns: list[TurnRecord] = []
        self.question: Question | None = None
        self.times_asked = 0
        self.stuck: Failure | None = None
        self.errors: list[Failure] = []

    def send(self, text: str, by: str) -> TurnRecord:
        replies: list[dict[str, Any]] = []
        try:
            replies = self.player.client.say(self.sender, text, self.provider.id)
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
            self.errors.append(
                Failure("the server did not answer", f"turn {len(self.turns) + 1}: {error}")
            )
        else:
            if self.player.names.said_nothing(replies):
                self.errors.append(
                    Failure("the assistant said nothing", f"turn {len(self.turns) + 1}: {text!r}")
                )
        rows = self.player.tracker.events_after(self.sender, self.last_event)
        for _ in range(20):  # the turn's events are stored before the reply; make sure of it
            if any(kind == "user" for _, kind, _ in rows):
                break
            time.sleep(0.05)
            rows = self.player.tracker.events_after(self.sender, self.last_event)
        if rows:
            self.last_event = rows[-1][0]
        events = turn_events(rows)
        observed = observed_flows(events, self.provider)
        question = question_of(replies, events)
        if (
            question is not None
            and self.question is not None
            and question.kind == self.question.kind
        ):
            self.times_asked += 1
        else:
            self.times_asked = 1
        self.question = question
        leaks = [
            (reply.get("text") or "", leak)
            for reply in replies
            for leak in self.player.names.leaks(reply.get("text") or "")
        ]
        record = TurnRecord(
            number=len(self.turns) + 1,
            said=text,
            by=by,
            replies=[
                {
                    "text": r.get("text") or "",
                    "buttons": [b.get("title") for b in r.get("buttons") or []],
                }
                for r in replies
            ],
            flows=sorted(observed.flows),
            question=question.kind if question else None,
            question_identity=question_identity(question),
            leaks=leaks,
            unnamed=observed.unnamed,
            by_keyword=observed.by_keyword,
            category=events.slots.get("complaint_category"),
        )
        self.turns.append(record)
        return record

    def _answer_current(self) -> bool:
        """The customer answers the question in front of them; False if they cannot."""
        question = self.question
        if question is None or self.customer is None:
            return False
        if len(self.turns) >= MAX_TURNS:
            self.stuck = Failure("the conversation went on past 40 turns", f"{MAX_TURNS} turns")
            return False
        answer = self.customer.answer(question, self.times_asked)
        if answer is None:
            if self.times_asked > GIVE_UP_AFTER:
                self.stuck = Failure(
                    f"customer gave up: the {question.kind} question asked {self.times_asked} times",
                    f"asked {self.times_asked} times in a row: {question.text!r}",
                )
            elif question.kind in ("unknown", None):
                self.stuck = Failure(
                    "customer could not tell what was asked",
                    f"{question.text!r}",
                )
            else:
                self.stuck = Failure(
                    f"customer has no answer to a {question.kind} question",
                    f"{question.text!r}",
                )
            return False
        self.send(answer, "customer")
        return True

    def wait_for(self, point: str) -> bool:
        """Answer whatever is asked until the assistant asks `point` (or, for `end`, until it asks
        nothing more). False when it never does (the read-back or the end came first)."""
        while self.stuck is None:
            question = self.question
            nothing_asked = question is None or question.kind == "open"
            if point == "end" and nothing_asked:
                return True
            if question is not None and question.kind == point:
                return True
            if nothing_asked or (question.kind == "confirm" and point != "end"):
                return False
            if not self._answer_current():
                return False
        return False

    def finish(self) -> None:
        """Keep answering until the assistant stops asking."""
        while self.stuck is None and self.question is not None and self.question.kind != "open":
            if not self._answer_current():
                return


# --- checks --------------------------------------------------------------------------------------


# Flows read from a reply's words (a phone number in it) rather than from what the assistant did:
# left out of a failure's kind, so failures that differ only in them are counted together.
READ_FROM_WORDS = frozenset({"human", "fault"})


def check_flows(expect: Expect, flows: Sequence[str], where: str) -> list[Failure]:
    seen = set(flows)
    got = ", ".join(sorted(seen)) or "nothing recognised"
    main = ", ".join(sorted(seen - READ_FROM_WORDS or seen)) or "nothing recognised"
    failures = []
    if expect.flow not in seen and not seen & set(expect.accept):
        failures.append(Failure(f"{where}expected {expect.flow}, got {main}", f"got {got}"))
    for flow in expect.also:
        if flow not in seen:
            failures.append(Failure(f"{where}{expect.flow} without {flow}", f"got {got}"))
    for flow in expect.not_:
        if flow in seen:
            failures.append(Failure(f"{where}{flow} started where it must not", f"got {got}"))
    return failures


def check_states(
    facts: Sequence[str], provider: ProviderFacts, text: str, negate: bool = False
) -> tuple[list[Failure], list[str]]:
    failures: list[Failure] = []
    unchecked: list[str] = []
    for fact in facts:
        values = provider.fact(fact)
        if values is None:
            unchecked.append(fact)
            continue
        said = states(text, values)
        if said and negate:
            failures.append(Failure(f"states {fact} where it must not", f"one of {list(values)}"))
        elif not said and not negate:
            failures.append(Failure(f"{fact} not stated", f"expected one of {list(values)}"))
    return failures, unchecked


def _one_of(value: Any) -> tuple:
    return tuple(value) if isinstance(value, (list, tuple)) else (value,)


def check_case(case: Case, expected: Mapping[str, Any], customer: Customer | None) -> list[Failure]:
    """The case against the label; name, email, phone and postcode default to what the customer
    last gave."""
    wanted = dict(expected)
    if customer is not None:
        for key in ("name", "email", "phone", "postcode"):
            wanted.setdefault(key, customer.fact(key))
    person = case.customer
    failures: list[Failure] = []

    def wrong(field_: str, got: Any, want: Any) -> None:
        failures.append(Failure(f"case {field_} wrong", f"stored {got!r}, expected {want!r}"))

    if "category" in wanted and case.category not in _one_of(wanted["category"]):
        wrong("category", case.category, wanted["category"])
    if "name" in wanted and _norm(person.name) != _norm(wanted["name"]):
        wrong("name", person.name, wanted["name"])
    if "email" in wanted and _norm(person.email) != _norm(wanted["email"]):
        wrong("email", person.email, wanted["email"])
    if "phone" in wanted and phone_digits(person.phone) != phone_digits(wanted["phone"]):
        wrong("phone", person.phone, wanted["phone"])
    if "postcode" in wanted and compact(person.postcode) != compact(wanted["postcode"]):
        wrong("postcode", person.postcode, wanted["postcode"])
    if "account" in wanted and compact(person.account) != compact(wanted["account"]):
        wrong("account number", person.account, wanted["account"])
    if "customer_type" in wanted and person.customer_type not in _one_of(wanted["customer_type"]):
        wrong("customer type", person.customer_type, wanted["customer_type"])
    if "employees" in wanted and person.employees not in _one_of(wanted["employees"]):
        wrong("employees", person.employees, wanted["employees"])
    if "contact" in wanted and person.contact_preference not in _one_of(wanted["contact"]):
        wrong("contact preference", person.contact_preference, wanted["contact"])
    for words in _one_of(wanted.get("needs_has") or ()):
        if _norm(words) not in _norm(person.accessibility_needs):
            wrong("accessibility needs", person.accessibility_needs, f"containing {words!r}")
    for words in _one_of(wanted.get("description_has") or ()):
        if _norm(words) not in _norm(case.description):
            failures.append(
                Failure(
                    "case description lacks the customer's words",
                    f"{words!r} not in {case.description!r}",
                )
            )
    for words in _one_of(wanted.get("description_lacks") or ()):
        if _norm(words) in _norm(case.description):
            failures.append(
                Failure(
                    "case description holds another answer", f"{words!r} in {case.description!r}"
                )
            )
    failures += check_requests(case, _one_of(wanted.get("requests") or ()))
    return failures


def check_requests(case: Case, requests: Iterable[str]) -> list[Failure]:
    flags = {
        "escalation": case.escalation_requested,
        "adr_letter": case.adr_letter_requested,
        "call_back": case.callback_requested,
    }
    return [
        Failure(f"{request} request not logged on the case", case.reference)
        for request in requests
        if not flags[request]
    ]


# --- the player ----------------------------------------------------------------------------------


class Player:
    """Plays first messages and conversations against one running assistant."""

    def __init__(
        self,
        test_set: TestSet,
        client: RestClient,
        tracker: TrackerReader,
        store: CaseStore,
        names: InternalNames,
        run_id: str,
    ) -> None:
        self.set = test_set
        self.client = client
        self.tracker = tracker
        self.store = store
        self.names = names
        self.run_id = run_id
        self.fixtures: dict[tuple[str, str], Fixture] = {}
        # Only cases created from now on can be this run's (the database may hold older ones).
        with store.session_scope(read_only=True) as session:
            self.first_case_id = (session.scalar(select(func.max(CaseRecord.id))) or 0) + 1

    # placeholders in what the customer types
    def _fill(self, text: str, provider: ProviderFacts, fixture: Fixture | None) -> str:
        values = {"prefix": provider.prefix, "prefix_lower": provider.prefix.lower()}
        if fixture is not None:
            values.update(
                reference=fixture.reference,
                reference_lower=fixture.reference.lower(),
                reference_compact=fixture.reference.replace("-", ""),
                reference_compact_lower=fixture.reference.replace("-", "").lower(),
            )
        return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), text)

    def create_fixtures(self, providers: Sequence[str]) -> None:
        """The existing cases the conversations ask about, raised before today."""
        received = datetime.fromisoformat(self.set.fixture_received).replace(tzinfo=LONDON)
        for conversation in self.set.conversations:
            if conversation.fixture is None:
                continue
            for provider in providers:
                raw = conversation.fixture
                intake = validate_intake(
                    {
                        "provider": provider,
                        "channel": self.set.fixture_channel,
                        "category": raw["category"],
                        "description": raw.get("description")
                        or "An earlier complaint, raised by e-mail.",
                        "name": raw["name"],
                        "email": raw["email"],
                        "postcode": raw["postcode"],
                        "customer_type": "consumer",
                        "contact_preference": "email",
                    }
                )
                case = self.store.create_case(
                    intake,
                    received=received,
                    actor="conversation set",
                    channel="bench",
                    now=received,
                )
                self.fixtures[(conversation.id, provider)] = Fixture(
                    case.reference, raw["email"], raw["postcode"]
                )

    def first_message(self, item: FirstMessage, provider_id: str) -> FirstMessageResult:
        provider = self.set.providers[provider_id]
        text = self._fill(item.text, provider, None)
        session = Session(self, f"{self.run_id}-{provider_id}-{item.id}", provider, None)
        turn = session.send(text, "script")
        failures = list(session.errors)
        failures += check_flows(item.expect, turn.flows, "")
        taken = turn.category
        if (
            item.expect.category
            and "complaint" in turn.flows
            and taken not in (None, *item.expect.category)
        ):
            failures.append(
                Failure(
                    "complaint taken with the wrong category",
                    f"took {taken!r}, expected {' or '.join(item.expect.category)}",
                )
            )
        if not failures:  # the facts of an answer that did not come are not separate failures
            text_said = "\n".join(r["text"] for r in turn.replies)
            failures += check_states(item.expect.states, provider, text_said)[0]
        return FirstMessageResult(item, provider_id, text, turn, failures)

    def conversation(self, conversation: Conversation, provider_id: str) -> ConversationResult:
        provider = self.set.providers[provider_id]
        fixture = self.fixtures.get((conversation.id, provider_id))
        customer = (
            Customer(conversation.customer, fixture) if (conversation.customer or fixture) else None
        )
        session = Session(
            self, f"{self.run_id}-{provider_id}-{conversation.id}", provider, customer
        )
        failures: list[Failure] = []
        notes: list[str] = []
        for index, step in enumerate(conversation.turns, start=1):
            if session.stuck is not None:
                break
            if step.at is not None and not session.wait_for(step.at):
                if session.stuck is not None:
                    break
                notes.append(
                    f"scripted turn {index} not typed: the assistant never asked {step.at}"
                )
                if step.expect or step.reply_has or step.reply_lacks:
                    failures.append(
                        Failure(
                            f"never asked {step.at}, so a checked turn was not played",
                            f"turn {index}: {step.say!r}",
                        )
                    )
                continue
            record = session.send(self._fill(step.say, provider, fixture), "script")
            failures += self._check_turn(step, record, index)
            if customer is not None and step.update:
                customer.update(step.update)
        if conversation.finish and session.stuck is None:
            session.finish()
        failures = session.errors + failures
        if session.stuck is not None:
            # The customer could not go on: that is the failure (the outcome cannot be reached).
            failures.append(session.stuck)
            notes.append("outcome not checked: the customer could not finish")
        else:
            failures += self._check_outcome(conversation, provider, session, customer, fixture)
        loops = repeated_questions([t.question_identity for t in session.turns])
        result = ConversationResult(
            conversation, provider_id, session.turns, failures, notes, loops
        )
        return result

    def _check_turn(self, step: Turn, record: TurnRecord, index: int) -> list[Failure]:
        failures: list[Failure] = []
        where = f"turn {index}: "
        if step.expect is not None:
            failures += check_flows(
                step.expect, record.flows, "turn: " if index > 1 else "first turn: "
            )
        text = "\n".join(r["text"] for r in record.replies)
        for words in step.reply_has:
            found = (
                digits(words) in digits(text)
                if re.fullmatch(r"[\d\s+()-]+", words)
                else _norm(words) in _norm(text)
            )
            if not found:
                failures.append(
                    Failure(
                        "reply to a correction does not say what changed",
                        f"{where}{words!r} missing",
                    )
                )
        for words in step.reply_lacks:
            if _norm(words) in _norm(text):
                failures.append(
                    Failure("reply repeats what it should not", f"{where}{words!r} shown")
                )
        return failures

    def _find_case(
        self, provider: ProviderFacts, text: str, customer: Customer | None, fixture: Fixture | None
    ) -> tuple[Case | None, bool]:
        """The case this conversation created, and whether the customer was told its reference."""
        references = re.findall(rf"\b{re.escape(provider.prefix)}-[0-9A-Z]{{6}}\b", text)
        for reference in reversed(references):
            if fixture is not None and reference == fixture.reference:
                continue
            case = self.store.get(reference)
            if case is not None and case.provider == provider.id:
                return case, True
        if customer is None:
            return None, False
        email, name = customer.fact("email"), customer.fact("name")
        conditions = []
        if isinstance(email, str):
            conditions.append(func.lower(CaseRecord.customer_email) == email.casefold())
        if isinstance(name, str):
            conditions.append(func.lower(CaseRecord.customer_name) == name.casefold())
        if not conditions:
            return None, False
        with self.store.session_scope(read_only=True) as session:
            found = session.scalars(
                select(CaseRecord.reference)
                .where(
                    CaseRecord.provider == provider.id,
                    CaseRecord.id >= self.first_case_id,
                    or_(*conditions),
                )
                .order_by(CaseRecord.id.desc())
            ).first()
        if found is None or (fixture is not None and found == fixture.reference):
            return None, False
        return self.store.get(found), False

    def _check_outcome(
        self,
        conversation: Conversation,
        provider: ProviderFacts,
        session: Session,
        customer: Customer | None,
        fixture: Fixture | None,
    ) -> list[Failure]:
        failures: list[Failure] = []
        text = "\n".join(r["text"] for turn in session.turns for r in turn.replies)
        seen = {flow for turn in session.turns for flow in turn.flows}
        for flow in conversation.flows_seen:
            if flow not in seen:
                failures.append(Failure(f"never answered as {flow}", f"flows seen: {sorted(seen)}"))
        asked = [turn.question for turn in session.turns]
        for question in conversation.not_asked:
            if question in asked:
                failures.append(
                    Failure(
                        f"asked {question} though the customer had given it",
                        f"turn {asked.index(question) + 1}",
                    )
                )
        case, told = self._find_case(provider, text, customer, fixture)
        if conversation.case is not None and case is None:
            # The facts are the created complaint's dates and rights: none without a case.
            return failures + [Failure("no case created", "no case for this customer")]
        said, _ = check_states(conversation.states, provider, text)
        unsaid, _ = check_states(conversation.not_states, provider, text, negate=True)
        failures += said + unsaid
        if conversation.case is None:
            if case is not None:
                failures.append(
                    Failure("a case was created though the customer stopped", case.reference)
                )
        else:
            if not told:
                failures.append(
                    Failure("case created but its reference never shown", case.reference)
                )
            failures += check_case(case, conversation.case, customer)
        if fixture is not None and conversation.fixture_case:
            existing = self.store.get(fixture.reference)
            if existing is not None:
                failures += check_requests(
                    existing, conversation.fixture_case.get("requests") or ()
                )
        return failures


def run(
    player: Player,
    providers: Sequence[str],
    workers: int,
    first_messages: Sequence[FirstMessage] | None = None,
    conversations: Sequence[Conversation] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Results:
    """Every conversation and first message for every provider, `workers` at a time."""
    first_messages = player.set.first_messages if first_messages is None else first_messages
    conversations = player.set.conversations if conversations is None else conversations
    started = time.monotonic()
    jobs: list[tuple[str, Any, str]] = [
        ("conversation", c, p) for c in conversations for p in providers
    ] + [("first", m, p) for m in first_messages for p in providers]
    results = Results([], [])
    done = 0

    def play(job: tuple[str, Any, str]) -> Any:
        kind, item, provider = job
        if kind == "conversation":
            return player.conversation(item, provider)
        return player.first_message(item, provider)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        for outcome in pool.map(play, jobs):
            if isinstance(outcome, ConversationResult):
                results.conversations.append(outcome)
            else:
                results.first_messages.append(outcome)
            done += 1
            if progress is not None:
                progress(done, len(jobs))
    results.seconds = time.monotonic() - started
    return results
