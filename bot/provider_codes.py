"""Providers' codes of practice as validated data: one YAML file per provider in `bot/codes/`.

Each file is checked against `bot/codes/provider-code.schema.json`; a malformed file is refused with
its name, the path of the offending field and what was expected. A new provider needs a YAML file,
not code.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from bot.working_time import WorkingTime, parse_clock_time, parse_weekdays
from bot.yaml_data import load_yaml

logger = logging.getLogger(__name__)

CODES_DIR = Path(__file__).parent / "codes"
SCHEMA_PATH = CODES_DIR / "provider-code.schema.json"

CATEGORIES: tuple[str, ...] = (
    "sales",
    "billing",
    "fault_repair",
    "service",
    "pricing",
    "cancellation",
    "other",
)


class CodeFileError(ValueError):
    """A provider's code file that cannot be used, naming the file, the field and what was expected."""

    def __init__(self, path: Path | str, problems: list[str]) -> None:
        self.path = Path(path)
        self.problems = problems
        listing = "\n".join(f"  {problem}" for problem in problems)
        super().__init__(f"{self.path}: {len(problems)} problem(s):\n{listing}")


class UnknownProvider(KeyError):
    def __init__(self, provider_id: str, known: list[str]) -> None:
        self.provider_id = provider_id
        self.known = known
        super().__init__(provider_id)

    def __str__(self) -> str:
        return f"unknown provider {self.provider_id!r}; known providers: {', '.join(self.known)}"


@dataclass(frozen=True)
class Period:
    amount: int
    unit: str  # working_days | business_days | working_hours | calendar_hours

    def describe(self) -> str:
        # "48 hours", as the code says it: "calendar" is this project's word for plain time.
        unit = "hours" if self.unit == "calendar_hours" else self.unit.replace("_", " ")
        if self.amount == 1:
            unit = unit[:-1]
        return f"{self.amount} {unit}"


# What each kind of promise is, as the verb a sentence about its date needs ("Our next date:
# {promise} by Monday 4 January"; "We were due to {promise} by ..."). A kind not listed is said
# with its underscores as spaces; truth15 found "resolve or agree time" said that way.
PROMISES_IN_WORDS: dict[str, str] = {
    "acknowledge": "acknowledge your complaint",
    "respond": "respond",
    "call_back": "call you back",
    "case_handler_contact": "have your case handler contact you",
    "resolve_or_agree_time": "resolve your complaint or agree a time to contact you",
    "update": "update you",
}


def promise_in_words(kind: str) -> str:
    """A commitment's kind as the words a customer reads ("resolve your complaint or agree a
    time to contact you" for `resolve_or_agree_time`)."""
    return PROMISES_IN_WORDS.get(kind, kind.replace("_", " "))


@dataclass(frozen=True)
class Commitment:
    id: str
    kind: str
    period: Period
    quote: str
    channels: tuple[str, ...] | None = None  # None: whatever the channel
    strength: str = "promise"  # promise | normally | aim | guideline, as the quote words it
    section: str | None = None
    # Where the quote says the period starts: "receipt", "raised", or None (it does not say).
    counted_from: str | None = None
    # "within the first 3 working days": the days counted include the one the period starts in
    # (the day raised, in working hours), so they end at the close of the Nth working day, not
    # of the Nth after the day of receipt (`bot.rights.due_moment`; outside compliance, F7).
    first_days: bool = False

    def applies_to(self, channel: str) -> bool:
        return self.channels is None or channel in self.channels


@dataclass(frozen=True)
class OpeningHours:
    days: tuple[str, ...]
    opens: str
    closes: str


@dataclass(frozen=True)
class Contact:
    channel: str
    value: str
    purpose: tuple[str, ...] = ()
    hours: OpeningHours | None = None
    quote: str | None = None


def _domain_of(contact: Contact) -> str | None:
    """The internet domain of an e-mail or web contact ("invictanet.com", "invicta.net")."""
    value = contact.value.strip().lower()
    if contact.channel == "email" and "@" in value:
        return value.rpartition("@")[2] or None
    if contact.channel == "web":
        host = value.split("://", 1)[-1].split("/", 1)[0]
        return host.removeprefix("www.") or None
    return None


def fault_contacts(contacts: tuple[Contact, ...] | list[Contact]) -> list[Contact]:
    """The phone numbers and addresses a code names for reporting faults, in its order, once each."""
    found: list[Contact] = []
    for contact in contacts:
        if "faults" in contact.purpose and contact.value not in [c.value for c in found]:
            found.append(contact)
    return found


@dataclass(frozen=True)
class Handler:
    role: str
    how: str | None = None
    quote: str | None = None
    # What a customer who asks to escalate is told of this step, where the code words it more
    # weakly than "it will go to the <role>" (Invictanet: only a dispute the normal procedure
    # cannot resolve is passed to "a Company Director").
    on_request: str | None = None
    # When the code says the step is taken, in its words ("immediately"), where it says so; the
    # step's quote is its source. None: the code gives no time for it (F19, fix18e).
    when: str | None = None


@dataclass(frozen=True)
class Body:
    """An ADR scheme, or another body a code names (Ofcom, a trade association)."""

    name: str
    contacts: tuple[Contact, ...] = ()
    description: str | None = None
    quote: str | None = None


@dataclass(frozen=True)
class Eligibility:
    consumers: bool = True
    small_businesses: bool | None = None
    max_employees: int | None = None
    quote: str | None = None


@dataclass(frozen=True)
class AdrTerms:
    """What a code says about alternative dispute resolution, as written."""

    scheme: Body | None = None
    named_instead: Body | None = None
    wait_weeks: int | None = None
    letter_opens_early: bool = False
    limit_after_letter_months: int | None = None
    limit_without_letter_months: int | None = None
    free: bool | None = None
    eligibility: Eligibility | None = None
    excluded_categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class Topic:
    text: str
    quote: str
    section: str | None = None
    also_quote: str | None = None
    also_section: str | None = None


@dataclass(frozen=True)
class Note:
    """A sentence for the customer that joins facts the code states apart, with its passages."""

    text: str
    quote: str
    also_quote: str | None = None
    # Complaint routes only: the routes the code's reply times are for, where not all of `text`'s
    # (Infinium: phoning is a route, its reply times are for correspondence).
    timed: str | None = None

    @property
    def timed_text(self) -> str:
        return self.timed or self.text


@dataclass(frozen=True)
class ReplyRoutes:
    """The ways the code commits to contacting the customer about a complaint."""

    channels: tuple[str, ...]
    quote: str
    also_quote: str | None = None


@dataclass(frozen=True)
class ProviderCode:
    id: str
    source: str
    reference_prefix: str
    trading_name: str
    legal_name: str
    regulator: str
    code_title: str | None
    code_date: str | None
    address: str | None
    working_time: WorkingTime
    contacts: tuple[Contact, ...]
    chat_channel: str
    commitments: tuple[Commitment, ...]
    first_handler: Handler
    escalation: tuple[Handler, ...]
    adr: AdrTerms
    topics: dict[str, Topic]
    other_bodies: tuple[Body, ...]
    path: Path
    commitment_notes: tuple[Note, ...] = ()
    reply_routes: ReplyRoutes | None = None
    contradictions: tuple[dict[str, str], ...] = field(default=(), compare=False, hash=False)
    code_update: Note | None = None
    complaint_routes: Note | None = None
    bank_holidays_quote: str | None = None
    document: dict[str, Any] = field(repr=False, compare=False, hash=False, default_factory=dict)

    def contact(self, channel: str, purpose: str | None = None) -> Contact | None:
        """The first contact on `channel`, preferring one listed for `purpose`."""
        matches = [c for c in self.contacts if c.channel == channel]
        if purpose is not None:
            preferred = [c for c in matches if purpose in c.purpose]
            matches = preferred or matches
        return matches[0] if matches else None

    def own_address(self, address: str) -> Contact | None:
        """The code's contact that shows `address` is the provider's own, not a customer's: the
        same e-mail address, or one at a domain the code gives for its e-mail or website
        ("complaints@infinitygroup.co.uk"). None for any other address (issue 14: "I emailed
        complaints@invictanet.com on 3 Nov" was taken as the customer's e-mail)."""
        wanted = address.strip().lower()
        domain = wanted.rpartition("@")[2]
        for contact in self.contacts:
            if contact.channel == "email" and contact.value.strip().lower() == wanted:
                return contact
        for contact in self.contacts:
            own = _domain_of(contact)
            if own and (domain == own or domain.endswith("." + own)):
                return contact
        return None

    def effective_channel(self, channel: str) -> str:
        """The channel whose promises apply: a complaint through this chat counts as `chat_channel`."""
        return self.chat_channel if channel == "chat" else channel

    def commitments_for(self, channel: str) -> tuple[Commitment, ...]:
        effective = self.effective_channel(channel)
        return tuple(c for c in self.commitments if c.applies_to(effective))

    def commitment(self, commitment_id: str) -> Commitment | None:
        """The commitment a case's dated promise was made from, by its id."""
        return next((c for c in self.commitments if c.id == commitment_id), None)


@lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _field_path(parts: Any) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def validate_document(document: Any, path: Path | str) -> None:
    """Raise CodeFileError listing every schema violation, each with its field path."""
    validator = jsonschema.Draft202012Validator(_schema())
    errors = sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    problems = [_problem(e) for e in errors]
    if isinstance(document, dict) and not problems:
        problems = _consistency_problems(document)
    if problems:
        raise CodeFileError(path, problems)


def _problem(error: jsonschema.ValidationError) -> str:
    """'field.path: what was expected', naming a missing field by its own path."""
    path = list(error.absolute_path)
    instance = error.instance if isinstance(error.instance, dict) else {}
    if error.validator == "required":
        for name in error.validator_value:
            if name not in instance and error.message.startswith(f"{name!r} "):
                return f"{_field_path([*path, name])}: is required but missing"
    if error.validator == "dependentRequired":
        for given, needed in error.validator_value.items():
            for name in needed:
                if (
                    given in instance
                    and name not in instance
                    and error.message.startswith(f"{name!r} ")
                ):
                    return (
                        f"{_field_path([*path, name])}: is required when "
                        f"{_field_path([*path, given])} is given"
                    )
    return f"{_field_path(path)}: {_expected(error)}"


def _expected(error: jsonschema.ValidationError) -> str:
    if error.validator == "pattern":
        return f"{error.instance!r} does not match the expected form {error.validator_value!r}"
    if error.validator == "enum":
        options = ", ".join(map(str, error.validator_value))
        return f"{error.instance!r} is not allowed; expected one of: {options}"
    if error.validator == "type":
        return f"{error.instance!r} is not of type {error.validator_value!r}"
    return error.message


def _consistency_problems(document: dict[str, Any]) -> list[str]:
    """Checks the schema cannot express: unique ids and a chat channel that has promises."""
    problems = []
    seen: set[str] = set()
    for index, commitment in enumerate(document["commitments"]):
        if commitment["id"] in seen:
            problems.append(f"commitments[{index}].id: {commitment['id']!r} is used twice")
        seen.add(commitment["id"])
    working = document["working_time"]
    if "opens" in working and working["opens"] >= working["closes"]:
        problems.append(
            f"working_time.opens: {working['opens']!r} is not before closes {working['closes']!r}"
        )
    return problems


def load_code_file(path: Path | str) -> ProviderCode:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise CodeFileError(path, [f"(file): cannot be read: {error.strerror}"]) from error
    try:
        document = load_yaml(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(file)"
        problem = getattr(error, "problem", None) or str(error)
        raise CodeFileError(path, [f"{where}: not valid YAML: {problem}"]) from error
    validate_document(document, path)
    return _build(document, path)


@lru_cache(maxsize=1)
def load_all_codes(directory: Path = CODES_DIR) -> dict[str, ProviderCode]:
    """Every provider's code in `directory`, by id (cached: the files are read once per process)."""
    codes: dict[str, ProviderCode] = {}
    prefixes: dict[str, str] = {}
    for path in sorted(directory.glob("*.yaml")):
        code = load_code_file(path)
        if path.stem != code.id:
            raise CodeFileError(path, [f"id: {code.id!r} should match the file name {path.stem!r}"])
        if code.reference_prefix in prefixes:
            other = prefixes[code.reference_prefix]
            raise CodeFileError(
                path, [f"reference_prefix: {code.reference_prefix!r} is already used by {other!r}"]
            )
        prefixes[code.reference_prefix] = code.id
        codes[code.id] = code
    return codes


def get_code(provider_id: str) -> ProviderCode:
    codes = load_all_codes()
    try:
        return codes[provider_id]
    except KeyError:
        raise UnknownProvider(provider_id, sorted(codes)) from None


def other_providers_reference(reference: str, own: ProviderCode) -> ProviderCode | None:
    """The other provider whose reference prefix `reference` starts with ("IV-MJR6QT" typed in
    Infinity Group's chat: Invictanet), or None (this provider's own, or no provider's prefix).
    Decided by the prefix alone, never by whether such a case exists, so it tells nobody that."""
    prefix = reference.strip().partition("-")[0].upper()
    if not prefix or prefix == own.reference_prefix:
        return None
    for code in load_all_codes().values():
        if code.reference_prefix == prefix and code.id != own.id:
            return code
    return None


# The provider a conversation serves when it names none and COMPLAINTS_PROVIDER is not set.
DEFAULT_PROVIDER = "infinity-group"
PROVIDER_VARIABLE = "COMPLAINTS_PROVIDER"
# The shape of a provider's id (its code's file name): a client's value is logged only if it has it.
_PROVIDER_ID_SHAPE = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")


@dataclass(frozen=True)
class ProviderChoice:
    """Which provider a message is for: `code`, or None when it names one this assistant has no
    code for (`unknown`: the id as it may be logged; `configured`: the id came from
    COMPLAINTS_PROVIDER, not from the message)."""

    code: ProviderCode | None
    unknown: str | None = None
    configured: bool = False


def loggable_provider_id(value: Any) -> str:
    """A client's provider id for the operators' log: as given if it has the shape of an id (a
    mistyped page setting), else only what kind of value it was (it could be anything, even a
    customer's own details)."""
    if isinstance(value, str) and _PROVIDER_ID_SHAPE.fullmatch(value):
        return repr(value)
    if isinstance(value, str):
        return f"a text of {len(value)} characters that is not a provider id"
    return f"a {type(value).__name__}, not a provider id"


def provider_for_message(
    requested: Any, environ: Mapping[str, str] | None = None
) -> ProviderChoice:
    """The provider a message's `metadata.provider` names, else COMPLAINTS_PROVIDER's, else the
    default's. A provider named that has no code here is never replaced by another provider's
    (its customer would be told another company's promises, numbers and ADR scheme): the choice
    has no code, and the channel tells the customer this chat is not set up for it."""
    environ = os.environ if environ is None else environ
    if requested is not None and requested != "":
        if isinstance(requested, str) and requested in load_all_codes():
            return ProviderChoice(get_code(requested))
        return ProviderChoice(None, loggable_provider_id(requested))
    configured = environ.get(PROVIDER_VARIABLE) or ""
    if configured:
        if configured in load_all_codes():
            return ProviderChoice(get_code(configured))
        return ProviderChoice(None, loggable_provider_id(configured), configured=True)
    return ProviderChoice(get_code(DEFAULT_PROVIDER))


def choose_code(requested: str | None, environ: Mapping[str, str] | None = None) -> ProviderCode:
    """The requested provider's code, else COMPLAINTS_PROVIDER's, else the default's, for a
    conversation already under way (the actions, the outage apology).

    The customers' channels refuse every message that names a provider with no code here, and
    every message when COMPLAINTS_PROVIDER names one (`provider_for_message`, channels/providers.py),
    so such an id never reaches a conversation through them; one that still does (a conversation
    stored before that check) is logged and passed over rather than stopping the turn.
    """
    environ = os.environ if environ is None else environ
    for candidate in (requested, environ.get("COMPLAINTS_PROVIDER")):
        if not candidate:
            continue
        try:
            return get_code(candidate)
        except UnknownProvider:
            # The id comes from the client: logged cut short, never whole.
            logger.warning(
                "unknown provider %r for a conversation; using the default", candidate[:40]
            )
    return get_code(DEFAULT_PROVIDER)


def complaints_phone(code: ProviderCode) -> str:
    """The provider's phone number for complaints, or "" if its code gives none."""
    phone = code.contact("phone", purpose="complaints")
    return phone.value if phone else ""


def _contact(raw: dict[str, Any]) -> Contact:
    hours = raw.get("hours")
    return Contact(
        channel=raw["channel"],
        value=raw["value"],
        purpose=tuple(raw.get("purpose", ())),
        hours=OpeningHours(tuple(hours["days"]), hours["opens"], hours["closes"])
        if hours
        else None,
        quote=raw.get("quote"),
    )


def _body(raw: dict[str, Any] | None) -> Body | None:
    if raw is None:
        return None
    return Body(
        name=raw["name"],
        contacts=tuple(_contact(c) for c in raw.get("contacts", ())),
        description=raw.get("description"),
        quote=raw.get("quote"),
    )


def _months(raw: dict[str, Any] | None) -> int | None:
    return None if raw is None else int(raw["months"])


def _build(doc: dict[str, Any], path: Path) -> ProviderCode:
    identity = doc["identity"]
    working = doc["working_time"]
    adr = doc["adr"]
    eligibility = adr.get("eligibility")
    return ProviderCode(
        id=doc["id"],
        source=doc["source"],
        reference_prefix=doc["reference_prefix"],
        trading_name=identity["trading_name"],
        legal_name=identity["legal_name"],
        regulator=identity["regulator"],
        code_title=identity.get("code_title"),
        code_date=identity.get("code_date"),
        address=identity.get("address"),
        working_time=WorkingTime(
            days=parse_weekdays(working["days"]),
            opens=parse_clock_time(working["opens"]) if "opens" in working else None,
            closes=parse_clock_time(working["closes"]) if "closes" in working else None,
            region=working["region"],
            timezone=working["timezone"],
            closures=frozenset(date.fromisoformat(str(d)) for d in working.get("closures", ())),
        ),
        contacts=tuple(_contact(c) for c in doc["contacts"]),
        chat_channel=doc.get("chat_channel", "email"),
        commitments=tuple(
            Commitment(
                id=c["id"],
                kind=c["kind"],
                period=Period(c["period"]["amount"], c["period"]["unit"]),
                quote=c["quote"],
                channels=tuple(c["channels"]) if "channels" in c else None,
                strength=c["strength"],
                section=c.get("section"),
                counted_from=c.get("counted_from"),
                first_days=bool(c.get("first_days", False)),
            )
            for c in doc["commitments"]
        ),
        first_handler=Handler(**doc["first_handler"]),
        escalation=tuple(Handler(**step) for step in doc["escalation"]),
        adr=AdrTerms(
            scheme=_body(adr.get("scheme")),
            named_instead=_body(adr.get("named_instead")),
            wait_weeks=adr.get("wait_weeks"),
            letter_opens_early=bool(adr.get("letter_opens_early", False)),
            limit_after_letter_months=_months(adr.get("limit_after_letter")),
            limit_without_letter_months=_months(adr.get("limit_without_letter")),
            free=adr.get("free"),
            eligibility=Eligibility(**eligibility) if eligibility else None,
            excluded_categories=tuple(adr.get("excluded_categories", ())),
        ),
        topics={k: Topic(**v) for k, v in doc.get("topics", {}).items()},
        other_bodies=tuple(_body(b) for b in doc.get("other_contacts", ())),  # type: ignore[misc]
        path=path,
        commitment_notes=tuple(Note(**n) for n in doc.get("commitment_notes", ())),
        reply_routes=ReplyRoutes(
            tuple(doc["reply_routes"]["channels"]),
            doc["reply_routes"]["quote"],
            doc["reply_routes"].get("also_quote"),
        )
        if "reply_routes" in doc
        else None,
        contradictions=tuple(doc.get("contradictions", ())),
        code_update=Note(**identity["code_update"]) if "code_update" in identity else None,
        complaint_routes=Note(**doc["complaint_routes"]) if "complaint_routes" in doc else None,
        bank_holidays_quote=working.get("bank_holidays_quote"),
        document=doc,
    )
