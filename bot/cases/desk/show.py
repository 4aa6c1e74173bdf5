"""One case as text for `cases show` and `cases list`: its flags, its log line by line, and the
whole page with dates, promises, needs and what is owed.
"""

from __future__ import annotations

from datetime import datetime

from bot.cases.desk.text import moment_or_dash, printable, short_moment
from bot.cases.needs import Need, needs_by_reference, needs_text
from bot.cases.store import CaseStore
from bot.cases.views import Case, Event
from bot.intake import head_count_given
from bot.provider_codes import get_code
from bot.regulation import long_date
from bot.rights import adr_eligibility, adr_rights, the_scheme

# A customer's request (`request_by_customer`'s kind) as staff read it.
REQUEST_NAMES = {"escalation": "escalation", "adr_letter": "ADR letter", "call_back": "call back"}


def flags_text(case: Case, now: datetime, store: CaseStore, needs: list[Need] | None = None) -> str:
    flags = []
    if needs:
        flags.append("NEEDS: " + needs_text(needs))
    if case.overdue_commitments(now) or store.adr_letter_owed(case, now):
        flags.append("OVERDUE")
    requests = [
        REQUEST_NAMES[kind]
        for kind, asked in (
            ("escalation", case.escalation_requested),
            ("adr_letter", case.adr_letter_requested),
            ("call_back", case.callback_requested),
        )
        if asked
    ]
    if requests:
        flags.append("asked for " + ", ".join(requests))
    return "; ".join(flags)


def business_ruled_out_of_adr(case: Case, store: CaseStore) -> str | None:
    """ "the Communications Ombudsman's rule (11 counted)" when the provider's ADR scheme does not
    take this business for its size, as the chat told the customer; else None (outside compliance
    r12 H7: such a case was shown "ADR: opens ...")."""
    customer = case.customer
    if customer.customer_type != "business" or customer.employees is None:
        return None
    code = get_code(case.provider)
    head = head_count_given(customer.head_count) if customer.head_count else None
    eligibility = adr_eligibility(
        code,
        store.rules,
        customer_type="business",
        employees=head if head is not None else customer.employees,
        category=case.category,
    )
    if eligibility.eligible is not False or not any(
        r.code == "business-too-large" for r in eligibility.reasons
    ):
        return None
    scheme = the_scheme(adr_rights(code, store.rules, case.adr_counted_from).scheme_called())
    return f"{scheme}'s rule ({customer.employees} counted)"


def event_summary(event: Event) -> str:
    detail = event.detail
    parts = []
    if "from" in detail and "to" in detail and detail["from"] != detail["to"]:
        parts.append(f"{detail['from']} -> {detail['to']}")
    elif event.kind == "raised":
        parts.append(f"by {detail.get('channel')}, {detail.get('category', '').replace('_', ' ')}")
    for key, label in (
        ("handler", "now with"),
        ("assignee", "assigned to"),
        ("request", "asked for"),
        ("resolution", "resolution:"),
        ("text", "note:"),
        ("reason", "reason:"),
        ("apply_until", "may apply until"),
        ("until", "locked until"),
    ):
        if detail.get(key) and not (event.kind == "raised" and key == "handler"):
            value = detail[key]
            if key == "request":
                value = REQUEST_NAMES.get(value, value)
            parts.append(f"{label} {printable(str(value))}")
    if event.kind == "request" and detail.get("already_requested"):
        parts.append("(asked before)")
    if detail.get("contacted"):
        parts.append("(customer contacted)")
    if detail.get("met"):
        parts.append("met: " + ", ".join(detail["met"]))
    if detail.get("answered_request"):
        parts.append(f"answers the request for {detail['answered_request'].replace('_', ' ')}")
    return "; ".join(parts)


def describe_case(case: Case, events: list[Event], now: datetime, store: CaseStore) -> str:
    code = get_code(case.provider)
    customer = case.customer
    lines = [
        f"{case.reference}  {code.trading_name}  {case.category.replace('_', ' ')}  [{case.status}]",
        f"Raised {moment_or_dash(case.raised_at)} by {case.channel}",
    ]
    if case.first_raised is not None:
        # The customer's word, and the day the ADR wait runs from (regulation.md; issue 14).
        lines.append(
            f"First raised with us (the customer says): {long_date(case.first_raised)}; "
            "the ADR wait runs from it"
        )
    if case.conversation_id:
        lines.append(f"From a chat: complaints cases transcript {case.reference}")
    lines += [
        "",
        f"Customer: {printable(customer.name)}"
        + (f" ({customer.customer_type}" if customer.customer_type else "")
        + (
            # The groups as the customer gave them; else the one number, the scheme's count.
            f", {printable(customer.head_count)}"
            if customer.customer_type and customer.head_count
            else f", {customer.employees} employees"
            if customer.customer_type and customer.employees is not None
            else ""
        )
        + (")" if customer.customer_type else ""),
    ]
    for label, value in (
        ("email", customer.email),
        ("phone", customer.phone),
        ("postcode", customer.postcode),
        ("address", customer.address),
        ("account", customer.account),
        ("prefers", customer.contact_preference and customer.contact_preference.replace("_", " ")),
        ("accessibility", customer.accessibility_needs),
    ):
        if value:
            lines.append(f"  {label + ':':<15}{printable(value)}")
    if customer.made_on_behalf:
        # Who made the complaint for the account holder, in their own telling (revision 0013):
        # nothing here checked their authority, so the provider confirms it.
        lines.append(
            f"Made on behalf of the account holder by {printable(customer.made_on_behalf)}; "
            "authority to be confirmed by the provider"
        )
    if customer.account_holder_name:
        # The holder's name as the person complaining for them gave it (revision 0014), so staff
        # can find the account (outside testers, round 15, F3).
        lines.append(
            f"Account holder: {printable(customer.account_holder_name)} (the name as the person "
            "complaining for them gave it)"
        )
    lines += [
        "",
        "Complaint:",
        "  " + printable(case.description, indent="  "),
        "",
        f"Handled by: {case.handler} (escalation level {case.escalation_level})"
        + (f", assigned to {printable(case.assignee)}" if case.assignee else ""),
        "Commitments:",
    ]
    if not case.commitments:
        lines.append(f"  none: the code makes no timed promise for complaints by {case.channel}")
    width = max((len(c.id) for c in case.commitments), default=0)
    for c in case.commitments:
        if c.met_at:
            state = f"met {moment_or_dash(c.met_at)}"
        elif c.overdue_at(now):
            state = "OVERDUE"
        else:
            state = "open"
        lines.append(f"  {c.id:<{width}}  due by {moment_or_dash(c.due)}  {state}")
    ruled_out = business_ruled_out_of_adr(case, store)
    adr = (
        f"ADR: not open to this business under {ruled_out}"
        if ruled_out
        else f"ADR: opens {long_date(case.adr_opens)}"
    )
    if ruled_out:
        pass  # no ADR letter is owed to a customer the scheme will not take
    elif case.adr_letter_held and not case.adr_letter_date and case.adr_letter_held_rough:
        # A day given only roughly (revision 0014): approximate, in the customer's words.
        adr += (
            "; the customer says they hold an ADR letter dated around "
            f"{long_date(case.adr_letter_held)} (approximate: they said it came "
            f'"{printable(case.adr_letter_held_rough)}"; not recorded here as sent)'
        )
    elif case.adr_letter_held and not case.adr_letter_date:
        adr += (
            "; the customer says they hold an ADR letter dated "
            f"{long_date(case.adr_letter_held)} (not recorded here as sent)"
        )
    elif case.adr_letter_date:
        adr += f"; ADR letter sent {long_date(case.adr_letter_date)}"
    elif store.adr_letter_owed(case, now):
        adr += "; ADR letter OVERDUE"
    else:
        adr += "; no ADR letter yet"
    lines.append(adr)
    if not ruled_out:
        # A matter the scheme does not take, named in the complaint's words (data protection at
        # CISAS, a matter already in court): the date is flagged with the rule and its source, as
        # the customer is told (outside compliance, round 16, F30).
        for reason in adr_eligibility(
            get_code(case.provider), store.rules, description=case.description
        ).reasons:
            if reason.code == "matter-excluded":
                lines.append(f"  ADR may not take this: {reason.text} ({reason.facts['source']})")
    flags = flags_text(case, now, store)
    if "asked for" in flags:
        lines.append("Customer " + flags.split("; ")[-1])
    recorded = needs_by_reference(store, [case.reference]).get(case.reference, [])
    if recorded:
        lines.append("Needs (recorded with the customer's consent; act on them):")
        for need in recorded:
            lines.append(
                f"  {printable(need.need)}  (agreed {long_date(need.consented_on)} by "
                f"{need.channel})"
            )
            if need.customer_words:
                lines.append("    in their words: " + printable(need.customer_words))
    if case.resolution:
        lines += [
            f"Resolution ({moment_or_dash(case.resolved_at)}):",
            "  " + printable(case.resolution, indent="  "),
        ]
    if case.closed_at:
        lines.append(f"Closed {moment_or_dash(case.closed_at)}")
    lines += ["", "Events:"]
    for event in events:
        lines.append(
            f"  {short_moment(event.at)}  {event.kind:<21}  {printable(event.actor)} via {event.channel}"
        )
        summary = event_summary(event)
        if summary:
            lines.append(f"      {summary}")
    return "\n".join(lines) + "\n"
