"""The customer's record of a logged complaint, as structured data for channels that can show it.

The website chat pins it as a reference card (the reference, what happens next, the dates) and
turns it into a summary page to save or print. Every fact carries its source: the provider's code
(its title and the quoted sentence) or a row of today's rules. Nothing here is wording the assistant
says in the conversation; the chat's sentences stay in domain.yml.

`ways_to_reach` gives the provider's phone number and e-mail (from its code) for the chat page's
"we can't reach the assistant" notice.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from bot.cases.views import LONDON, Case
from bot.provider_codes import ProviderCode
from bot.regulation import long_date
from bot.rights import AdrRights, in_plain_hours, period_words
from bot.scheme_contacts import possessive

RECORD_VERSION = 1

# What each kind of promise is called on the card, where the code does not name it itself (a
# commitment's `label` in the code's YAML wins: Infinium's two "respond" promises need one each).
KIND_LABELS: dict[str, str] = {
    "acknowledge": "Acknowledgement",
    "respond": "Reply",
    "call_back": "Call back",
    "case_handler_contact": "Your case handler contacts you",
    "resolve_or_agree_time": "Resolved, or a time agreed to contact you",
    "update": "Update",
}

CATEGORY_LABELS: dict[str, str] = {
    "fault_repair": "fault or repair",
    # The button "Something else", never the stored "other" (outside words, round 16, F56).
    "other": "something else",
}


def code_name(code: ProviderCode) -> str:
    """'Infinium's Code of Practice', as the customer would look it up."""
    title = code.code_title or "code of practice"
    dated = f" (correct as at {code.code_date})" if code.code_date else ""
    return f"{possessive(code.trading_name)} {title}{dated}"


def _code_source(code: ProviderCode, quote: str | None) -> dict[str, Any]:
    return {"document": code_name(code), "quote": quote or ""}


def _rules_source(text: str) -> dict[str, Any]:
    return {"document": "Today's rules for UK communications providers", "quote": text}


def commitment_label(code: ProviderCode, commitment_id: str, kind: str) -> str:
    """The code's own name for a promise if its YAML gives one, else the kind's."""
    for raw in code.document.get("commitments", []):
        if raw.get("id") == commitment_id and raw.get("label"):
            return str(raw["label"])
    return KIND_LABELS.get(kind, kind.replace("_", " ").capitalize())


def _when(moment: datetime) -> dict[str, str | None]:
    local = moment.astimezone(LONDON)
    end_of_day = local.time() == time.max
    return {
        "date": long_date(local.date()),
        "time": None if end_of_day else f"{local:%H:%M}",
        "iso": local.isoformat(),
    }


def ways_to_reach(code: ProviderCode) -> dict[str, str]:
    """The provider's complaints phone and e-mail from its code; its postal address as well when
    the code gives no phone or no e-mail (Infinium's code leaves its e-mail blank)."""
    found: dict[str, str] = {}
    for channel in ("phone", "email"):
        contact = code.contact(channel, purpose="complaints")
        if contact is not None:
            found[channel] = contact.value
    if len(found) < 2:
        letter = code.contact("letter", purpose="complaints")
        if letter is not None:
            found["letter"] = letter.value
    return found


def complaint_record(
    code: ProviderCode,
    case: Case,
    rights: AdrRights,
) -> dict[str, Any]:
    """Everything the customer should keep about one logged complaint, with sources."""
    promises = {c.id: c for c in code.commitments}
    dates = []
    for due in sorted(case.commitments, key=lambda c: c.due):
        promise = promises.get(due.id)
        # "within 48 hours of your complaint being raised": the code's words where it gives a
        # period in plain hours, never a date it does not give (outside compliance reader, F2).
        undated = promise is not None and in_plain_hours(promise)
        dates.append(
            {
                "id": due.id,
                "kind": due.kind,
                "label": commitment_label(code, due.id, due.kind),
                **(
                    {"date": period_words(promise).capitalize(), "time": None, "iso": None}
                    if undated and promise is not None
                    else _when(due.due)
                ),
                "period": promise.period.describe() if promise and not undated else None,
                # How firmly the code words it (promise, normally, aim, guideline), shown with the
                # date as the chat words it (outside compliance review H4).
                "strength": promise.strength if promise is not None else "promise",
                "source": _code_source(code, promise.quote if promise else None),
            }
        )
    adr: dict[str, Any] = {
        "eligible": rights.eligibility.eligible,
        "reasons": [reason.text for reason in rights.eligibility.reasons],
        "scheme": rights.current_scheme_name or (rights.scheme.name if rights.scheme else None),
        "opens": long_date(rights.opens),
        "opens_iso": rights.opens.isoformat(),
        "weeks": rights.rules_wait.weeks,
        "limit_after_letter_months": rights.limit_after_letter_months,
        "letter_opens_at_once": rights.letter_opens_at_once,
        "free": rights.free,
        "sources": [
            _rules_source(
                f"ADR opens {rights.rules_wait.weeks} weeks after a complaint is first raised "
                f"(rule in force {rights.rules_wait.describe_dates()}): {rights.rules_wait.source}"
            )
        ],
    }
    wait_quote = code.document.get("adr", {}).get("wait_quote")
    if wait_quote:
        adr["sources"].append(_code_source(code, wait_quote))
    raised = case.raised_at.astimezone(LONDON)
    return {
        "version": RECORD_VERSION,
        "reference": case.reference,
        "provider": {
            "id": code.id,
            "name": code.trading_name,
            "code": code_name(code),
            "reach": ways_to_reach(code),
        },
        "logged": {"date": long_date(raised.date()), "time": f"{raised:%H:%M}"},
        # The day the customer says they first raised it, when earlier: the ADR date runs from it.
        "first_raised": long_date(case.first_raised) if case.first_raised else None,
        "about": CATEGORY_LABELS.get(case.category, case.category.replace("_", " ")),
        "description": case.description,
        "next": {
            "handler": code.first_handler.role,
            "contact_by": (case.customer.contact_preference or "").replace("_", " ") or None,
            "source": _code_source(code, code.first_handler.quote),
        },
        "dates": dates,
        "escalation": [
            {
                "step": number,
                "role": step.role,
                "how": step.how or "",
                "source": _code_source(code, step.quote),
            }
            for number, step in enumerate(code.escalation, start=1)
        ],
        "adr": adr,
    }
