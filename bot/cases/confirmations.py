"""The customer gets it in writing: the confirmation e-mail for a new case, and its durable queue.

The message (plain text and HTML, from one list of sections) holds the reference, each promise with
its date and the code's own sentence (so its strength, "normally", "aim to", is the code's), what
happens next, the escalation route, the ADR date and scheme with today's contact details (from
bot/rules, as the ADR letter gives them), and a copy of the customer's own words. That copy goes
to whatever address was typed, so it carries no link and no e-mail address (`words_for_mail`):
"[link removed]" and "[e-mail address removed]" stand in their place, and the case keeps the words
as said.

The queue is the table `case_mail` (revision 0009). `CaseStore.create_case` queues a confirmation
in the same transaction as the case when the customer gave an e-mail address, so the case never
waits for, and is never lost to, the mail server. `send_due` then sends what is due: each row is
claimed first (its next attempt pushed ahead by a lease, in one UPDATE that only one process can
win), so two senders never send one message twice; a failure is retried later and later (1, 5, 15,
60 minutes, then every 6 hours). Logs and the table hold references and the failure's kind only.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

from sqlalchemy import delete, select, update

from bot.cases.letters import _code_scheme, _listed_scheme
from bot.cases.mapping import case_view
from bot.cases.models import CaseRecord, MailRecord
from bot.cases.store import CaseStore
from bot.cases.views import Case, london, moment_text
from bot.mail import MailError, MailSettings, send
from bot.provider_codes import ProviderCode, complaints_phone, get_code
from bot.regulation import Rules, long_date
from bot.rights import (
    adr_rights,
    in_plain_hours,
    past_limit_text,
    period_words,
    raised_past_limit,
)
from bot.scheme_contacts import possessive

logger = logging.getLogger(__name__)

CONFIRMATION = "confirmation"
RETRY_MINUTES = (1, 5, 15, 60)
LONGEST_WAIT = timedelta(hours=6)
# How long a claimed message is left to its sender before another may try it.
LEASE = timedelta(minutes=10)

# What each kind of promise is about. The promise itself is given in the code's own words beside
# its date, so a code that says "normally" or "aim to" is never made to sound firmer.
PROMISES = {
    "acknowledge": "Acknowledging your complaint",
    "respond": "Replying to you",
    "call_back": "Calling you back",
    "case_handler_contact": "Your case handler contacting you",
    "resolve_or_agree_time": "Resolving your complaint, or agreeing a time to contact you",
    "update": "Updating you",
}


# A promise's date in the confirmation, worded as firmly as the code words it, as the chat's
# status and escalation replies word it (outside compliance review H4: an aim or a "normally"
# stated as a plain date, under "What we have promised").
STRENGTH_WORDS = {
    "promise": "by {when}.",
    "normally": "normally by {when}.",
    "aim": "we aim for this by {when}; our code states this as an aim, not a promise.",
    "guideline": (
        "as a guideline, we will try to by {when}; our code states this as a guideline, not a "
        "promise."
    ),
}


# The customer's words are copied into a message sent to whatever address was typed: a link or an
# e-mail address in them would be carried, under the provider's name, to anyone (outside attacker,
# round 18). Dots as typed on a phone or copied from a document count as dots.
_DOT = r"[.\uff0e\u3002\uff61]"
_EMAIL_IN_WORDS = re.compile(rf"[\w.+'%-]+(?:@|\uff20)[\w-]+(?:{_DOT}[\w-]+)+")
_LINK_IN_WORDS = re.compile(
    rf"\b[a-z][a-z0-9+.-]*://\S*"  # http://, https://, ftp://, hxxp:// ...
    rf"|\bwww\d?{_DOT}\S+"
    rf"|\b\d{{1,3}}(?:{_DOT}\d{{1,3}}){{3}}(?::\d+)?(?:/\S*)?"  # 203.0.113.9/pay
    rf"|(?<![\w@])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?{_DOT})+(?P<tld>[a-z]{{2,24}})\b"
    rf"(?P<rest>(?::\d+)?/\S*)?",  # evil.example/x, bt.com
    re.IGNORECASE,
)
# A bare name with no path is a link only with a top-level domain people meet in links ("bt.com",
# "sky.co.uk"), so "Mr.Smith", "invoice.pdf" and "e.g." stay as typed.
_LINK_TLDS = frozenset(
    [
        "com",
        "net",
        "org",
        "uk",
        "co",
        "io",
        "info",
        "biz",
        "me",
        "app",
        "dev",
        "xyz",
        "top",
        "site",
        "online",
        "link",
        "click",
        "shop",
        "store",
        "live",
        "ru",
        "cn",
        "tk",
        "ml",
        "ga",
        "cf",
        "gq",
        "ly",
        "gl",
        "to",
        "us",
        "eu",
        "de",
        "fr",
        "nl",
        "ie",
        "be",
        "ch",
        "es",
        "it",
        "pl",
        "in",
        "au",
        "ca",
        "nz",
        "gov",
        "edu",
        "ac",
        "pw",
        "cc",
        "ws",
        "tv",
        "fm",
        "sh",
        "gg",
        "im",
        "je",
        "icu",
        "ai",
        "so",
        "su",
        "win",
        "bid",
        "vip",
        "club",
        "page",
        "cloud",
        "email",
    ]
)
# What a link typed at the end of a sentence ends with that is the sentence's, not the link's.
_TRAILING = ".,;:!?)]}'\"\u2019\u201d>"
LINK_REMOVED = "[link removed]"
EMAIL_REMOVED = "[e-mail address removed]"


def _link_removed(match: re.Match[str]) -> str:
    found = match.group(0)
    tld = match.group("tld")
    if tld is not None and not match.group("rest") and tld.lower() not in _LINK_TLDS:
        return found  # "Mr.Smith", "invoice.pdf": a word, not a link
    kept = found.rstrip(_TRAILING)
    return LINK_REMOVED + found[len(kept) :]


def words_for_mail(text: str) -> str:
    """The customer's words as the confirmation copies them: every link ("http(s)://...",
    "www....", a bare "evil.example/x") as "[link removed]" and every e-mail address as "[e-mail
    address removed]"; the rest as typed."""
    text = _EMAIL_IN_WORDS.sub(EMAIL_REMOVED, str(text))
    return _LINK_IN_WORDS.sub(_link_removed, text)


@dataclass(frozen=True)
class Section:
    heading: str | None
    paragraphs: tuple[str, ...]
    quoted: bool = False  # the customer's own words: kept as written, shown as a quotation


@dataclass(frozen=True)
class Confirmation:
    reference: str
    to: str
    subject: str
    sections: tuple[Section, ...]

    def text(self) -> str:
        blocks = []
        for section in self.sections:
            if section.heading:
                blocks.append(f"{section.heading}\n{'-' * len(section.heading)}")
            for paragraph in section.paragraphs:
                if section.quoted:
                    blocks.append("\n".join("> " + line for line in paragraph.splitlines() or [""]))
                else:
                    blocks.append(paragraph)
        return "\n\n".join(blocks) + "\n"

    def html(self) -> str:
        parts = [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            f"<title>{html.escape(self.subject)}</title></head>",
            '<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; '
            'color: #1a1a1a; max-width: 40em">',
        ]
        for section in self.sections:
            if section.heading:
                parts.append(f'<h2 style="font-size: 18px">{html.escape(section.heading)}</h2>')
            for paragraph in section.paragraphs:
                text = html.escape(paragraph).replace("\n", "<br>")
                if section.quoted:
                    parts.append(
                        '<blockquote style="border-left: 4px solid #888; margin: 0; '
                        f'padding-left: 1em; white-space: pre-wrap">{text}</blockquote>'
                    )
                else:
                    parts.append(f"<p>{text}</p>")
        parts.append("</body></html>")
        return "\n".join(parts) + "\n"

    def message(self, sender: str) -> EmailMessage:
        message = EmailMessage()
        message["Subject"] = self.subject
        message["From"] = sender
        message["To"] = self.to
        message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].strip("> ") or None)
        message.set_content(self.text())
        message.add_alternative(self.html(), subtype="html")
        return message


def _adr_section(case: Case, code: ProviderCode, rules: Rules) -> Section:
    rights = adr_rights(
        code,
        rules,
        case.adr_counted_from,
        customer_type=case.customer.customer_type,
        employees=case.customer.employees,
        category=case.category,
        description=case.description,
    )
    heading = "An independent ombudsman (ADR)"
    if rights.eligibility.eligible is False:
        reasons = tuple(r.text for r in rights.eligibility.reasons)
        return Section(
            heading,
            ("The ombudsman (ADR) scheme won't be open to you for this complaint:", *reasons),
        )
    paragraphs: list[str] = []
    if case.first_raised is not None and case.adr_counted_from != case.raised_at:
        # The wait runs from when the complaint was first raised (regulation.md; issue 14).
        paragraphs.append(
            f"You told us you first raised this complaint with us on "
            f"{long_date(case.first_raised)}, so the wait before ADR runs from then, not from "
            "the day it was logged."
        )
        if raised_past_limit(
            case.first_raised, case.raised_at.date(), rights.limit_after_letter_months
        ):
            paragraphs.append(past_limit_text(rights.limit_after_letter_months))
    if code.adr.scheme is not None:
        scheme = _code_scheme(code.adr.scheme, rules)
        paragraphs.append(
            f"If your complaint isn't resolved, you may take it to {scheme.called_today} from "
            f"{long_date(rights.opens)}, or at once if we send you an ADR (deadlock) letter. "
            f"After an ADR letter you have {rights.limit_after_letter_months} months to apply."
            + (" ADR is free for you." if rights.free else "")
        )
        if scheme.current_name:
            paragraphs.append(
                f"Our code calls the scheme {scheme.name}; it is now called {scheme.called_today}."
            )
        contacts = scheme.current_contacts or scheme.contacts
        if contacts:
            paragraphs.append(
                f"How to reach {scheme.called_today} today:\n"
                + "\n".join(f"{c.channel}: {c.value}" for c in contacts)
            )
    else:
        paragraphs.append(
            f"If your complaint isn't resolved, you may take it to an independent ADR scheme from "
            f"{long_date(rights.opens)}, or at once if we send you an ADR (deadlock) letter."
            + (" ADR is free for you." if rights.free else "")
            + " Our code does not name our scheme; the Ofcom-approved schemes are:"
        )
        for listed in (_listed_scheme(s) for s in rules.schemes):
            run_by = f" (run by {listed.operator})" if listed.operator else ""
            paragraphs.append(
                f"{listed.name}{run_by}\n"
                + "\n".join(f"{c.channel}: {c.value}" for c in listed.contacts)
            )
        phone = complaints_phone(code)
        if phone:
            paragraphs.append(f"Call us on {phone} to ask which one we belong to.")
    for reason in rights.eligibility.reasons:
        if reason.code != "customer-type-unknown":
            paragraphs.append(reason.text)
    return Section(heading, tuple(paragraphs))


def compose_confirmation(case: Case, rules: Rules) -> Confirmation:
    """The confirmation for a new case, to the customer's e-mail address."""
    if not case.customer.email:
        raise ValueError(f"{case.reference} has no e-mail address to confirm to")
    code = get_code(case.provider)
    quotes = {c.id: c for c in code.commitments}
    promises: list[str] = []
    for commitment in case.commitments:
        what = PROMISES.get(commitment.kind, "Acting on your complaint")
        source = quotes.get(commitment.id)
        if source is not None and in_plain_hours(source):
            # "within 48 hours of your complaint being raised": the code's period, never a date
            # it does not give (outside compliance reader, F2: a Saturday, as a firm date).
            line = (
                f"{what}: {period_words(source)} "
                f"(your complaint was raised on {moment_text(case.raised_at)})."
            )
        else:
            strength = source.strength if source is not None else "promise"
            line = f"{what}: {STRENGTH_WORDS[strength].format(when=moment_text(commitment.due))}"
        if source is not None:
            line += f"\nOur code says: \u201c{source.quote.strip()}\u201d"
        promises.append(line)
    if not promises:
        phone = complaints_phone(code)
        promises.append(
            f"{possessive(code.trading_name)} code makes no timed promise for complaints made this way."
            + (f" You can call {phone} to ask." if phone else "")
        )
    steps = [f"Your complaint is first handled by: {code.first_handler.role}."]
    for number, step in enumerate(code.escalation, start=1):
        steps.append(
            f"If you're not satisfied, step {number} is the {step.role}."
            + (f" {step.how}" if step.how else "")
        )
    if not code.escalation:
        steps.append(
            f"{possessive(code.trading_name)} code does not describe any internal escalation steps."
        )
    how = (case.customer.contact_preference or "email").replace("_", " ")
    phone = complaints_phone(code)
    words = words_for_mail(case.description)
    sections = (
        Section(None, (f"Dear {words_for_mail(case.customer.name)},",)),
        Section(
            None,
            (
                f"Thank you for your complaint to {code.trading_name}, received on "
                f"{moment_text(case.raised_at)}. Your reference is {case.reference}. Please keep "
                "it: you'll need it to check on your complaint.",
            ),
        ),
        Section("Our dates, as our code words them", tuple(promises)),
        Section(
            "What happens next",
            (
                f"Your complaint will be looked into by the {code.first_handler.role}, and we'll "
                f"contact you by {how}."
                + (
                    f" If you need us sooner, call {phone} and give your reference."
                    if phone
                    else ""
                ),
            ),
        ),
        Section("If you're not satisfied", tuple(steps)),
        _adr_section(case, code, rules),
        Section("Your complaint, in your words", (words,), quoted=True),
        *(
            [
                Section(
                    None,
                    (
                        "Links and e-mail addresses are left out of this copy of your words; "
                        "your complaint keeps them as you gave them.",
                    ),
                )
            ]
            if words != case.description
            else []
        ),
        Section(None, (code.trading_name,)),
    )
    return Confirmation(
        reference=case.reference,
        to=case.customer.email,
        subject=f"Your complaint to {code.trading_name}: reference {case.reference}",
        sections=sections,
    )


# --- the queue ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unsent:
    """A confirmation not yet sent: staff see these (no address, no text)."""

    reference: str
    queued_at: datetime
    attempts: int
    next_attempt_at: datetime
    last_error: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "reference": self.reference,
            "queued_at": self.queued_at.isoformat(),
            "attempts": self.attempts,
            "next_attempt_at": self.next_attempt_at.isoformat(),
            "last_error": self.last_error,
        }


@dataclass(frozen=True)
class Sending:
    sent: tuple[str, ...]
    failed: tuple[str, ...]


def retry_delay(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed try."""
    if attempts <= len(RETRY_MINUTES):
        return timedelta(minutes=RETRY_MINUTES[max(attempts, 1) - 1])
    return LONGEST_WAIT


def unsent(store: CaseStore) -> list[Unsent]:
    """Confirmations queued and not yet sent, oldest first."""
    statement = (
        select(MailRecord, CaseRecord.reference)
        .join(CaseRecord, CaseRecord.id == MailRecord.case_id)
        .where(MailRecord.sent_at.is_(None))
        .order_by(MailRecord.queued_at, MailRecord.id)
    )
    with store.session_scope(read_only=True) as session:
        return [
            Unsent(
                reference,
                london(mail.queued_at),  # type: ignore[arg-type]
                mail.attempts,
                london(mail.next_attempt_at),  # type: ignore[arg-type]
                mail.last_error,
            )
            for mail, reference in session.execute(statement)
        ]


def _claim(store: CaseStore, mail_id: int, now: datetime) -> bool:
    with store.session_scope() as session:
        claimed = session.execute(
            update(MailRecord)
            .where(
                MailRecord.id == mail_id,
                MailRecord.sent_at.is_(None),
                MailRecord.next_attempt_at <= now,
            )
            .values(
                next_attempt_at=now + LEASE,
                last_attempt_at=now,
                attempts=MailRecord.attempts + 1,
            )
            .execution_options(synchronize_session=False)
        )
        return claimed.rowcount == 1


def _finish(store: CaseStore, mail_id: int, **values: Any) -> None:
    with store.session_scope() as session:
        session.execute(
            update(MailRecord)
            .where(MailRecord.id == mail_id)
            .values(**values)
            .execution_options(synchronize_session=False)
        )


def send_due(
    store: CaseStore,
    settings: MailSettings,
    now: datetime,
    *,
    everything: bool = False,
    reference: str | None = None,
) -> Sending:
    """Send every confirmation due at `now` (with `everything`, every unsent one, whatever its
    next attempt; with `reference`, that case's only); each failure is kept for a later try.
    Returns the references sent and failed."""
    due = select(MailRecord.id, MailRecord.attempts).where(MailRecord.sent_at.is_(None))
    if not everything:
        due = due.where(MailRecord.next_attempt_at <= now)
    if reference is not None:
        due = due.join(CaseRecord, CaseRecord.id == MailRecord.case_id).where(
            CaseRecord.reference == reference
        )
    with store.session_scope(read_only=True) as session:
        rows = list(session.execute(due.order_by(MailRecord.next_attempt_at, MailRecord.id)))
    sent: list[str] = []
    failed: list[str] = []
    for mail_id, _attempts in rows:
        if everything:
            _finish(store, mail_id, next_attempt_at=now)
        if not _claim(store, mail_id, now):
            continue  # another sender has it
        with store.session_scope(read_only=True) as session:
            mail = session.get(MailRecord, mail_id)
            record = session.get(CaseRecord, mail.case_id) if mail else None
            case = case_view(record) if record is not None else None
            attempts = mail.attempts if mail else 0
        if case is None or not case.customer.email:
            # The address was erased since: nothing to send, and nothing to keep.
            with store.session_scope() as session:
                session.execute(delete(MailRecord).where(MailRecord.id == mail_id))
            continue
        try:
            message = compose_confirmation(case, store.rules).message(settings.sender)
            send(settings, message)
        except MailError as error:
            _finish(
                store,
                mail_id,
                last_error=error.kind[:200],
                next_attempt_at=now + retry_delay(attempts),
            )
            logger.warning(
                "confirmation for %s not sent (%s, attempt %d); will retry",
                case.reference,
                error.kind,
                attempts,
            )
            failed.append(case.reference)
            continue
        _finish(store, mail_id, sent_at=now, last_error=None)
        logger.info("confirmation for %s sent", case.reference)
        sent.append(case.reference)
    return Sending(tuple(sent), tuple(failed))
