"""The compliance sign-off sheet: every sentence the assistant can say for one provider, with the
source of each fact in it and the date each rule applies from.

Each domain.yml response is listed once. A factual response is listed with the claims that fill it
(from the provider's code, with its quote and section, or from a row of today's rules, with its
source and dates in force); a response of wording only (a question, a greeting) is listed as such.
`tests/actions/test_claims.py` checks the sheet covers every response in domain.yml.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.cases.customer_requests import (
    next_date_response,
    next_period_response,
    passed_date_response,
)
from bot.offers import contact_choices, routes_text
from bot.provider_codes import (
    Contact,
    Note,
    ProviderCode,
    fault_contacts,
    load_all_codes,
    promise_in_words,
)
from bot.regulation import Rules
from bot.rights import (
    CHANNELS,
    commitment_response,
    gives_a_date,
    head_count_rule,
    head_count_words,
    how_schemes_count,
    in_plain_hours,
    phone_use_commitment,
    price_matters_text,
)
from bot.scheme_contacts import (
    DETAIL_WORDS,
    and_list,
    compare_contacts,
    contact_notes,
    former_operator_named,
)
from bot.sources import from_code, from_rules, from_service, source_line
from bot.vulnerability import code_words, load_vulnerability_rules
from bot.yaml_data import load_yaml

DOMAIN_PATH = Path(__file__).resolve().parents[1] / "domain.yml"


@dataclass
class Claim:
    response: str
    wording: str
    facts: dict[str, Any] = field(default_factory=dict)
    sources: list[dict[str, Any]] = field(default_factory=list)


def domain_responses(path: Path = DOMAIN_PATH) -> dict[str, str]:
    """Every response in domain.yml and its first wording."""
    document = load_yaml(path.read_text(encoding="utf-8"))
    return {
        name: (variants[0].get("text") or "") for name, variants in document["responses"].items()
    }


def _note_sources(code: ProviderCode, note: Note) -> list[dict[str, Any]]:
    """A note's passages in the code: its quote, and the second where it joins two."""
    return [from_code(code, q) for q in (note.quote, note.also_quote) if q]


def _note_claim(response: str, code: ProviderCode, note: Note) -> Claim:
    """`response` saying a note's sentence, from the note's passages."""
    return Claim(response, "", {"code_text": note.text}, _note_sources(code, note))


# The answers to "when will the case handler contact me?" (actions/rights.py,
# `case_handler_contact_answered`; outside compliance reader, F33).
CASE_HANDLER_CONTACT_RESPONSES = (
    "utter_case_handler_contact_from_now",
    "utter_case_handler_contact_from_now_out_of_hours",
    "utter_case_handler_contact_logged",
    "utter_case_handler_contact_logged_out_of_hours",
    "utter_case_handler_contact_logged_passed",
    "utter_case_handler_contact_logged_out_of_hours_passed",
)


def _commitment_claims(code: ProviderCode) -> list[Claim]:
    claims = []
    for c in code.commitments:
        # Dated where a date is given, and as its period alone (a letter's reply, a period in
        # plain hours: bot.rights.gives_a_date) where not, for the channels it applies to.
        channels = [ch for ch in CHANNELS if c.applies_to(code.effective_channel(ch))]
        names = dict.fromkeys(
            commitment_response(
                c.kind,
                c.strength,
                dated=gives_a_date(c, channel),
                counted_from=c.counted_from,
            )
            for channel in channels
        )
        for name in names:
            claims.append(
                Claim(
                    name,
                    "",
                    {"period": c.period.describe(), "strength": c.strength},
                    [from_code(code, c.quote, section=c.section)],
                )
            )
        # A case's next date, in the status view, is worded as firmly as the code words it.
        claims.append(
            Claim(
                next_period_response(c) if in_plain_hours(c) else next_date_response(c.strength),
                "",
                {"next_commitment": promise_in_words(c.kind), "strength": c.strength},
                [from_code(code, c.quote, section=c.section)],
            )
        )
        # ... and a date of the case that has passed, as firmly (truth15).
        claims.append(
            Claim(
                next_period_response(c) + "_passed"
                if in_plain_hours(c)
                else passed_date_response(c.kind, c.strength),
                "",
                {"commitment": c.kind.replace("_", " "), "strength": c.strength},
                [from_code(code, c.quote, section=c.section)],
            )
        )
        if c.kind == "case_handler_contact":
            # "when will the case handler contact me?": its period and when it ends (F33).
            for name in CASE_HANDLER_CONTACT_RESPONSES:
                claims.append(
                    Claim(
                        name,
                        "",
                        {"period": c.period.describe(), "strength": c.strength},
                        [from_code(code, c.quote, section=c.section)],
                    )
                )
    for note in code.commitment_notes:
        claims.append(_note_claim("utter_commitment_note", code, note))
    return claims


def provider_claims(code: ProviderCode, rules: Rules) -> list[Claim]:
    """Every factual claim the assistant can make for `code`, by the response that says it."""
    claims = _commitment_claims(code)
    claims.append(
        Claim(
            "utter_escalation_first",
            "",
            {"role": code.first_handler.role},
            [from_code(code, code.first_handler.quote)],
        )
    )
    for number, step in enumerate(code.escalation, start=1):
        claims.append(
            Claim(
                "utter_escalation_step",
                "",
                {"number": number, "role": step.role, "how": step.how},
                [from_code(code, step.quote)],
            )
        )
    for step in code.escalation:
        claims.append(
            Claim(
                "utter_escalation_requested_code_says"
                if step.on_request
                else "utter_escalation_requested",
                "",
                {"code_text": step.on_request} if step.on_request else {"next_role": step.role},
                [from_code(code, step.quote)],
            )
        )
    for step in code.escalation:
        # "who will deal with it now and when?" after an escalation request (F19, fix18e).
        claims.append(
            Claim(
                "utter_escalation_next_step_code_says"
                if step.on_request
                else "utter_escalation_next_step",
                "",
                {"code_text": step.on_request} if step.on_request else {"role": step.role},
                [from_code(code, step.quote)],
            )
        )
        if step.when:
            claims.append(
                Claim(
                    "utter_escalation_next_when",
                    "",
                    {"when": step.when},
                    [from_code(code, step.quote)],
                )
            )
    faults = fault_contacts(code.contacts)
    if faults:
        claims.append(
            Claim(
                "utter_fault_line",
                "",
                {"contacts": " or ".join(c.value for c in faults)},
                [from_code(code, c.quote) for c in faults],
            )
        )
    else:
        # No fault line named: the complaints phone with its hours, closed now, and the code's
        # e-mail (actions/vulnerability.py, utter_fault_route; outside customers B, round 12, H6).
        phone = code.contact("phone", purpose="complaints")
        if phone is not None and phone.hours:
            quotes = [q for q in dict.fromkeys((phone.quote, code.bank_holidays_quote)) if q]
            sources = [from_code(code, q) for q in quotes]
            claims.append(
                Claim("utter_fault_line_not_named_hours", "", {"phone": phone.value}, sources)
            )
            claims.append(Claim("utter_fault_line_closed_now", "", {}, sources))
        emails = [
            c
            for c in code.contacts
            if c.channel == "email" and {"complaints", "general", "support"} & set(c.purpose)
        ]
        if emails:
            claims.append(
                Claim(
                    "utter_fault_by_email",
                    "",
                    {"emails": " or ".join(dict.fromkeys(c.value for c in emails))},
                    [from_code(code, c.quote) for c in emails if c.quote],
                )
            )
    scheme = code.adr.scheme
    if scheme is not None:
        match = rules.scheme_named(scheme.name)
        today = match[0] if match else None
        claims.append(
            Claim(
                "utter_adr_scheme",
                "",
                {
                    "scheme": today.name if today else scheme.name,
                    "contacts": "; ".join(
                        f"{c.channel} {c.value}" for c in (today or scheme).contacts
                    ),
                },
                [from_code(code, scheme.quote)] + ([from_rules(today.source)] if today else []),
            )
        )
        contacts_today = "; ".join(f"{c.channel} {c.value}" for c in (today or scheme).contacts)
        claims.append(
            Claim(
                "utter_escalation_then_adr"
                if today and today.contacts
                else "utter_escalation_then_adr_code_contacts",
                "",
                {"scheme": today.name if today else scheme.name, "contacts": contacts_today},
                [from_code(code, scheme.quote)] + ([from_rules(today.source)] if today else []),
            )
        )
        # "What's their website?" after the ADR answer: each detail, or that none is given.
        claims += _scheme_contact_claims(
            today.name if today else scheme.name,
            (today.contacts if today and today.contacts else scheme.contacts),
            [from_code(code, scheme.quote)] + ([from_rules(today.source)] if today else []),
        )
        if today is not None and today.contacts:
            for note in contact_notes(
                compare_contacts(scheme.contacts, today.contacts, today.out_of_date_kinds)
            ):
                claims.append(
                    Claim(
                        note.response,
                        "",
                        {"details": note.details},
                        [from_code(code, scheme.quote), from_rules(today.source)],
                    )
                )
        former = former_operator_named(scheme, today)
        if former is not None and today is not None:
            claims.append(
                Claim(
                    "utter_adr_scheme_operator_changed",
                    "",
                    {"scheme": today.called, "operator": today.operator, "former_operator": former},
                    [from_code(code, scheme.quote), from_rules(today.source)],
                )
            )
        if match is not None and match[1]:
            claims.append(
                Claim(
                    "utter_adr_scheme_renamed",
                    "",
                    {"code_name": scheme.name, "current_name": match[0].name},
                    [from_code(code, scheme.quote), from_rules(match[0].source)],
                )
            )
    else:
        claims.append(
            Claim(
                "utter_escalation_then_adr_no_scheme",
                "",
                {"schemes": and_list([s.called for s in rules.schemes])},
                [from_rules(s.source) for s in rules.schemes],
            )
        )
        claims.append(
            Claim(
                "utter_adr_no_scheme",
                "",
                {"named_instead": code.adr.named_instead.name if code.adr.named_instead else ""},
                [from_code(code, code.adr.named_instead.quote if code.adr.named_instead else None)]
                + [from_rules(s.source) for s in rules.schemes],
            )
        )
        # The code's shorter wait leads to a body that decides no complaints: for a complaint
        # first raised while the rules' wait was longer, why it opened no ADR (issue 14).
        body = code.adr.named_instead
        longer = [
            w for w in rules.adr_waits if code.adr.wait_weeks and w.weeks > code.adr.wait_weeks
        ]
        if body is not None and longer:
            claims.append(
                Claim(
                    "utter_adr_code_wait_not_adr",
                    "",
                    {"code_weeks": code.adr.wait_weeks, "named_instead": body.name},
                    [from_code(code, code.document["adr"].get("wait_quote"))]
                    + [
                        from_rules(w.source, applies_from=w.starts, applies_until=w.ends)
                        for w in longer
                    ]
                    + [from_rules(rules.not_scheme_sources.get(body.name, ""))],
                )
            )
        for approved in (s for s in rules.schemes if s.contacts):
            claims += _scheme_contact_claims(
                approved.name, approved.contacts, [from_rules(approved.source)]
            )
            claims.append(
                Claim(
                    "utter_adr_approved_scheme_contacts",
                    "",
                    {
                        "scheme": approved.name,
                        "contacts": "; ".join(f"{c.channel} {c.value}" for c in approved.contacts),
                    },
                    [from_rules(approved.source)],
                )
            )
    # "Can CISAS deal with my data protection complaint?": what a scheme does not take.
    # Asked of "the ombudsman" where the code names no scheme: what it would do if it is ours.
    excludes = ["utter_adr_scheme_excludes"] + (
        ["utter_adr_scheme_excludes_if_ours"] if code.adr.scheme is None else []
    )
    for excluding in (s for s in rules.schemes if s.excluded_matters):
        for response in excludes:
            claims.append(
                Claim(
                    response,
                    "",
                    {"scheme": excluding.name, "excluded": ", ".join(excluding.excluded_matters)},
                    [from_rules(excluding.excluded_matters_source)],
                )
            )
    # "My data was leaked, can the ombudsman help?": what today's rules say another scheme does
    # not take and say nothing of for this one (the Communications Ombudsman), said as unknown.
    for silent in rules.schemes:
        elsewhere = [m for s in rules.schemes if s is not silent for m in s.excluded_matters]
        unknown = [m for m in dict.fromkeys(elsewhere) if m not in silent.excluded_matters]
        if unknown:
            claims.append(
                Claim(
                    "utter_adr_scheme_silent",
                    "",
                    {"scheme": silent.called, "not said either way": ", ".join(unknown)},
                    [from_rules(silent.source)]
                    + [
                        from_rules(s.excluded_matters_source)
                        for s in rules.schemes
                        if s is not silent and s.excluded_matters
                    ],
                )
            )
    letter = from_rules(rules.letter_source, applies_from=rules.letter_since)
    last_step = [from_code(code, code.escalation[-1].quote)] if code.escalation else []
    for wait in rules.adr_waits:
        in_force = from_rules(wait.source, applies_from=wait.starts, applies_until=wait.ends)
        # Counted from when the customer says they first raised it (issue 14): the same wait.
        for response in ("utter_case_adr_open", "utter_case_adr_open_first_raised"):
            claims.append(Claim(response, "", {"rules_weeks": wait.weeks}, [in_force, letter]))
        claims.append(
            Claim(
                "utter_escalation_at_top",
                "",
                {"rules_weeks": wait.weeks},
                [*last_step, in_force, letter],
            )
        )
        for response in (
            "utter_adr_dates",
            "utter_adr_from_date",
            "utter_adr_from_date_first_raised",
            "utter_adr_from_today_raised_before",
            "utter_adr_open_first_raised",
            "utter_case_adr_from",
            "utter_case_adr_from_first_raised",
            "utter_adr_stated_open",
            "utter_adr_stated_from",
        ):
            claims.append(
                Claim(
                    response,
                    "",
                    {"rules_weeks": wait.weeks},
                    [from_rules(wait.source, applies_from=wait.starts, applies_until=wait.ends)],
                )
            )
    if code.adr.wait_weeks and scheme is not None:
        claims.append(
            Claim(
                "utter_adr_code_differs",
                "",
                {"code_weeks": code.adr.wait_weeks},
                [from_code(code, code.document["adr"].get("wait_quote"))],
            )
        )
        # At logging, beside the rules' date, where the code's wait is longer (round 13).
        for wait in rules.adr_waits:
            if wait.weeks >= code.adr.wait_weeks:
                continue
            claims.append(
                Claim(
                    "utter_adr_code_wait_longer"
                    if wait.ends is None
                    else "utter_adr_code_wait_longer_then",
                    "",
                    {"code_weeks": code.adr.wait_weeks, "rules_weeks": wait.weeks},
                    [
                        from_code(code, code.document["adr"].get("wait_quote")),
                        from_rules(wait.source, applies_from=wait.starts, applies_until=wait.ends),
                    ],
                )
            )
    limit = from_rules(rules.limit_source)
    claims.append(
        Claim(
            "utter_adr_letter_explained",
            "",
            {"months": rules.limit_after_letter_months, "summary": rules.letter_summary},
            [letter, limit],
        )
    )
    claims.append(Claim("utter_adr_letter_what_you_can_do", "", {}, [letter]))
    claims.append(Claim("utter_adr_letter_on_request", "", {}, [letter]))
    for response in (
        "utter_adr_letter_dated",
        "utter_adr_letter_dated_past",
        "utter_adr_letter_dated_approx",
        "utter_adr_letter_dated_past_approx",
        "utter_adr_letter_dated_last_day",
        "utter_adr_letter_dated_last_day_approx",
        "utter_adr_letter_held",
    ):
        claims.append(
            Claim(response, "", {"months": rules.limit_after_letter_months}, [letter, limit])
        )
    claims.append(
        Claim(
            "utter_adr_limit_no_letter",
            "",
            {"months": rules.limit_after_letter_months},
            [letter, limit],
        )
    )
    limits_quote = code.document["adr"].get("limits_quote")
    code_months = code.adr.limit_after_letter_months
    if limits_quote and code_months is not None and code_months < rules.limit_after_letter_months:
        claims.append(
            Claim(
                "utter_adr_limit_code_differs",
                "",
                {"code_months": code_months, "months": rules.limit_after_letter_months},
                [from_code(code, limits_quote), limit],
            )
        )
    if limits_quote and code.adr.limit_without_letter_months:
        claims.append(
            Claim(
                "utter_adr_limit_no_letter_code",
                "",
                {
                    "code_months": code.adr.limit_without_letter_months,
                    "months": rules.limit_after_letter_months,
                },
                [from_code(code, limits_quote), letter, limit],
            )
        )
    claims.append(
        Claim("utter_adr_limits", "", {"months": rules.limit_after_letter_months}, [limit])
    )
    claims.append(
        Claim(
            "utter_adr_first_raised_past_limit",
            "",
            {"months": rules.limit_after_letter_months},
            [limit],
        )
    )
    # After the logged complaint's ADR date: free, and the months after a letter (round 16, F9).
    for response in ("utter_adr_free_and_limit", "utter_adr_limit"):
        claims.append(
            Claim(
                response,
                "",
                {"months": rules.limit_after_letter_months},
                [from_rules(rules.cost_source), limit],
            )
        )
    claims.append(
        Claim(
            "utter_adr_letter_requested",
            "",
            {"months": rules.limit_after_letter_months},
            [from_rules(rules.letter_source, applies_from=rules.letter_since), limit],
        )
    )
    head_count = head_count_rule(code, rules)
    eligibility = [
        from_rules(rules.eligibility_source),
        from_rules(head_count.source),
        from_rules(rules.excluded_source),
    ]
    claims.append(
        Claim(
            "utter_adr_eligibility",
            "",
            {
                "max_employees": rules.max_employees,
                "counted": head_count_words(head_count),
                "price_matters": price_matters_text(rules),
            },
            eligibility,
        )
    )
    # "(This decides whether you can use the ombudsman scheme.)": the head-count limit, counted
    # as the provider's scheme counts (action_ask_employees picks the question).
    if head_count.scheme is None and head_count.others():
        claims.append(
            Claim(
                "utter_ask_employees_by_group",
                "",
                {"how_counted": how_schemes_count(head_count)},
                eligibility[:2],
            )
        )
    elif len(head_count.counts) > 1:
        claims.append(
            Claim(
                "utter_ask_employees_counted",
                "",
                {"scheme": head_count.scheme, "counted": ", ".join(head_count.counts)},
                eligibility[:2],
            )
        )
    else:
        claims.append(
            Claim("utter_ask_employees", "", {"counted": head_count.counts[0]}, eligibility[:2])
        )
    # A matter the scheme does not take, named in the complaint: the date after it is for the
    # rest of the complaint (outside compliance, round 16, F30).
    claims.append(
        Claim(
            "utter_adr_date_for_the_rest",
            "",
            {"matters": "matters already in court; each scheme's excluded matters"},
            [
                from_rules(rules.court_source),
                *(
                    from_rules(s.excluded_matters_source)
                    for s in rules.schemes
                    if s.excluded_matters
                ),
            ],
        )
    )
    # Both schemes: matters already in court are excluded, and the largest award (regulation.md).
    claims.append(
        Claim(
            "utter_adr_court", "", {"matter": "matters already in court"},
            [from_rules(rules.court_source)],
        )
    )  # fmt: skip
    claims.append(
        Claim(
            "utter_adr_max_award",
            "",
            {"max_award": f"£{rules.max_award_gbp:,}"},
            [from_rules(rules.max_award_source, applies_from=rules.max_award_since)],
        )
    )
    # "why do u need my phone number": the code's own words on telephoning the customer (round 13).
    phone_use = phone_use_commitment(code)
    if phone_use is not None:
        claims.append(
            Claim(
                "utter_phone_why_code",
                "",
                {"quote": phone_use.quote},
                [from_code(code, phone_use.quote, section=phone_use.section)],
            )
        )
    # "Invictawiz, who is that?": a name the code uses without saying who it is (round 13).
    adr_quote = (code.document.get("adr") or {}).get("letter_quote")
    if adr_quote and "Invictawiz" in adr_quote:
        claims.append(
            Claim(
                "utter_code_names_without_saying_who",
                "",
                {"name": "Invictawiz", "quote": adr_quote},
                [from_code(code, adr_quote)],
            )
        )
    # "what is CISAS": what each approved scheme is, from regulation.md (round 13).
    for approved in (s for s in rules.schemes if s.operator):
        claims.append(
            Claim(
                "utter_scheme_what_it_is",
                "",
                {"scheme_sentence": approved.called, "operator": approved.operator},
                [from_rules(approved.source), from_rules(rules.cost_source)],
            )
        )
    # Compensation for money lost: what ADR can award, free, once its wait is over (round 13).
    claims.append(
        Claim(
            "utter_compensation_adr_award",
            "",
            {"max_award": f"£{rules.max_award_gbp:,}"},
            [
                from_rules(rules.max_award_source, applies_from=rules.max_award_since),
                from_rules(rules.cost_source),
                from_rules(rules.letter_source),
            ],
        )
    )
    claims.append(
        Claim(
            "utter_adr_prices",
            "",
            {"price_matters": price_matters_text(rules)},
            [from_rules(rules.excluded_source)],
        )
    )
    price_quote = code.document["adr"].get("excluded_quote")
    if "pricing" in code.adr.excluded_categories and price_quote:
        claims.append(
            Claim(
                "utter_adr_prices_code_differs",
                "",
                {"quote": price_quote},
                [from_code(code, price_quote), from_rules(rules.excluded_source)],
            )
        )
    for response in (
        "utter_adr_not_eligible",
        "utter_adr_not_open_to_you",
        "utter_adr_depends",
        "utter_case_adr_not_eligible",
    ):
        claims.append(Claim(response, "", {}, eligibility))
    for name, topic in code.topics.items():
        sources = [from_code(code, topic.quote, section=topic.section)]
        if topic.also_quote:
            sources.append(from_code(code, topic.also_quote, section=topic.also_section))
        claims.append(Claim(f"utter_topic_{name}", "", {"code_text": topic.text}, sources))
    for body in rules.not_schemes:
        if body.contacts:
            claims.append(
                Claim(
                    "utter_other_body_contact",
                    "",
                    {"body": body.name, "contacts": "; ".join(c.value for c in body.contacts)},
                    [from_rules(rules.not_scheme_sources.get(body.name) or "regulation.md")],
                )
            )
    for contact in code.contacts:
        claims.append(
            Claim(
                "utter_contact_details",
                "",
                {"channel": contact.channel, "value": contact.value},
                [from_code(code, contact.quote)],
            )
        )
    if code.bank_holidays_quote:
        for contact in (c for c in code.contacts if c.hours):
            # Its hours "excluding bank holidays", as the code gives them (round 10, F14).
            claims.append(
                Claim(
                    "utter_contact_details_excluding_bank_holidays",
                    "",
                    {"channel": contact.channel, "value": contact.value},
                    [from_code(code, contact.quote), from_code(code, code.bank_holidays_quote)],
                )
            )
        for response in ("utter_closed_on_bank_holiday", "utter_closed_on_bank_holidays"):
            claims.append(Claim(response, "", {}, [from_code(code, code.bank_holidays_quote)]))
    for contact in (c for c in code.contacts if c.channel == "email"):
        # Never taken as the customer's e-mail (issue 14), said with the code's words for it.
        claims.append(
            Claim(
                "utter_email_is_providers",
                "",
                {"email": contact.value},
                [from_code(code, contact.quote)],
            )
        )
    hours_quote = code.document["working_time"].get("quote")
    if hours_quote:
        for response in (
            "utter_open_now",
            "utter_hours_bank_holiday_not_stated",
            # A time to call noted on a case, with the phone hours (issue 18).
            "utter_call_back_hours",
            "utter_call_back_outside_hours",
            "utter_contact_outside_hours",
            # A day asked about ("can I ring you on 29 December?"), round 10, F14.
            "utter_open_on",
            "utter_hours_bank_holiday_not_stated_on",
            "utter_bank_holidays_not_stated",
            # What a phoned complaint's dates count from, within the code's hours (round 13).
            "utter_response_times_intro_call_today",
            "utter_response_times_intro_call_counted",
            "utter_response_times_intro_if_you_ring_closed",
        ):
            claims.append(Claim(response, "", {}, [from_code(code, hours_quote)]))
        for response in ("utter_closed_now", "utter_closed_on"):
            claims.append(
                Claim(response, "", {}, [from_code(code, code.bank_holidays_quote or hours_quote)])
            )
    handler = from_code(code, code.first_handler.quote)
    if code.reply_routes is not None:
        routes = {"routes": routes_text(code.reply_routes.channels)}
        route_source = from_code(code, code.reply_routes.quote)
        claims.append(Claim("utter_contact_routes", "", routes, [route_source]))
        claims.append(Claim("utter_contact_route_noted", "", routes, [route_source]))
        claims.append(Claim("utter_post_not_offered", "", routes, [route_source]))
        claims.append(Claim("utter_reply_routes", "", routes, [route_source]))
        for response in ("utter_complaint_next_steps", "utter_complaint_next_steps_no_preference"):
            claims.append(
                Claim(
                    response,
                    "",
                    {**routes, "first_handler": code.first_handler.role},
                    [handler, route_source],
                )
            )
    else:
        for response in (
            "utter_complaint_next_steps_no_routes",
            "utter_complaint_next_steps_no_routes_no_preference",
        ):
            claims.append(
                Claim(response, "", {"first_handler": code.first_handler.role}, [handler])
            )
    offered = [c.value for c in contact_choices(code, rules)]
    if "text_relay" in offered:
        relay = rules.disabled_customers["text_relay"]
        claims.append(Claim("utter_text_relay_offer", "", {}, [from_rules(relay["source"])]))
    formats = rules.disabled_customers.get("accessible_formats")
    if formats:
        claims.append(
            Claim("utter_ask_accessibility_needs", "", {}, [from_rules(formats["source"])])
        )
        claims.append(
            Claim(
                "utter_accessible_formats_rules",
                "",
                {"formats": ", ".join(formats.get("formats") or [])},
                [from_rules(formats["source"])],
            )
        )
    relay_row = rules.disabled_customers.get("text_relay")
    if relay_row:
        claims.append(Claim("utter_text_relay_rules", "", {}, [from_rules(relay_row["source"])]))
        claims.append(Claim("utter_text_relay_contact", "", {}, [from_rules(relay_row["source"])]))
    repair_row = rules.disabled_customers.get("priority_fault_repair")
    if repair_row:
        claims.append(
            Claim("utter_priority_fault_repair_rules", "", {}, [from_rules(repair_row["source"])])
        )
    someone = load_vulnerability_rules().offers.get("someone_to_speak")
    if someone is not None:
        claims.append(
            Claim(
                "utter_someone_acting_noted",
                "",
                {"offer": someone.text},
                [from_rules(someone.source)],
            )
        )
    if code.complaint_routes is not None:
        r = code.complaint_routes
        route_sources = _note_sources(code, r)
        for response in (
            "utter_response_times_intro",
            "utter_response_times_intro_on_day",
            "utter_complaint_reply_times_intro",
        ):
            claims.append(Claim(response, "", {"routes": r.timed_text}, route_sources))
        for response in (
            "utter_no_commitments_routes",
            "utter_no_commitments_routes_on_day",
            "utter_no_commitments_routes_if_you_ring",
            "utter_complaint_routes",
        ):
            claims.append(Claim(response, "", {"routes": r.text}, route_sources))
    claims += support_claims(code)
    claims += _other_provider_claims(code)
    if code.code_update is not None:
        claims.append(_note_claim("utter_code_update", code, code.code_update))
    return claims


_CUSTOMERS_TIME = "[the time the customer gives]"
_CUSTOMERS_FORMAT = "[the format the customer names, from the offer's list]"
# Who made the complaint for the account holder, and for whom, as they told it (issue 18, care12).
CUSTOMERS_OWN_TELLING = "[the name of the person making it, and whom they say they act for]"


def _as_template(text: str) -> str:
    """An offer or need whose words take the customer's own time ("call back {when}"), as staff
    read it on the sheet: "call back [the time the customer gives]", never a raw placeholder."""
    return (
        text.replace("{when}", _CUSTOMERS_TIME)
        .replace("{detail}", _CUSTOMERS_FORMAT)
        .replace("{who}", CUSTOMERS_OWN_TELLING)
        .replace("{way}", "[the way the customer said they can be contacted]")
    )


def support_claims(code: ProviderCode) -> list[Claim]:
    """Issue 18: each offer to a customer in vulnerable circumstances in its own words, with its
    source; the code's own words on it where this provider's code has them; the needs that may be
    recorded; and the urgent numbers, marked as from outside the codes and rules."""
    vulnerability = load_vulnerability_rules()
    claims = []
    for offer in vulnerability.offers.values():
        facts: dict[str, Any] = {"offer": offer.text}
        if offer.need:
            facts["need recorded with consent"] = _as_template(offer.need)
        if "{when}" in offer.text:
            facts["when"] = _CUSTOMERS_TIME
        claims.append(Claim("utter_support_offer", "", facts, [from_rules(offer.source)]))
        if offer.text_by_way and offer.need_by_way:
            # The same offer to a customer who cannot take voice calls (round 15, F8).
            by_way = {
                "offer": _as_template(offer.text_by_way),
                "need recorded with consent": _as_template(offer.need_by_way),
            }
            claims.append(Claim("utter_support_offer", "", by_way, [from_rules(offer.source)]))
        words = code_words(offer, code)
        if words is not None:
            claims.append(
                Claim(
                    "utter_support_code_says",
                    "",
                    {"offer": offer.id, "code_text": words.text},
                    [from_code(code, words.quote, section=words.section)],
                )
            )
    needs = [o for o in vulnerability.offers.values() if o.need]
    # The customer is told each need in their own words (domain.yml's utter_need_<offer>); the
    # desk's wording (`need`) is what is recorded.
    wording = domain_responses()
    # "{when}" in a need is the time the customer gave ("after 6pm"), filled in when it is said.
    said = {o.id: wording.get(f"utter_need_{o.id}") or str(o.need) for o in needs}
    for offer in needs:
        claims.append(
            Claim(
                f"utter_need_{offer.id}",
                "",
                {
                    "need as said to the customer": _as_template(said[offer.id]),
                    "need recorded": _as_template(str(offer.need)),
                    **({"when": _CUSTOMERS_TIME} if "{when}" in said[offer.id] else {}),
                },
                [from_rules(offer.source)],
            )
        )
        precise = wording.get(f"utter_need_{offer.id}_detail")
        if precise:
            # The format the customer named ("large print"), one the offer's own text names.
            claims.append(
                Claim(
                    f"utter_need_{offer.id}_detail",
                    "",
                    {
                        "need as said to the customer": _as_template(precise),
                        "need recorded": _as_template(f"{offer.need}: {{detail}}"),
                    },
                    [from_rules(offer.source)],
                )
            )
        by_way = wording.get(f"utter_need_{offer.id}_by_way")
        if by_way and offer.need_by_way:
            # A time for a customer who cannot take voice calls: contact in their way (round 15).
            claims.append(
                Claim(
                    f"utter_need_{offer.id}_by_way",
                    "",
                    {
                        "need as said to the customer": _as_template(by_way),
                        "need recorded": _as_template(offer.need_by_way),
                        "when": _CUSTOMERS_TIME,
                    },
                    [from_rules(offer.source)],
                )
            )
    # Someone acting on the account (issue 18, 27 Nov): no source says how, so the customer is
    # told so, with the provider's number from its code.
    phone = code.contact("phone", purpose="complaints")
    if phone is not None:
        for response in (
            "utter_speaking_for_another_not_covered",
            "utter_someone_acting_not_covered",
            "utter_account_held_by_another_not_covered",
        ):
            claims.append(
                Claim(
                    response,
                    "",
                    {"phone": phone.value, "the code and the rules": "say nothing on it"},
                    [from_code(code, phone.quote)] if phone.quote else [],
                )
            )
    for response in (
        "utter_ask_support_needs",
        "utter_needs_will_be_recorded",
        "utter_needs_named_will_be_recorded",
        "utter_case_needs_recorded",
    ):
        claims.append(
            Claim(
                response,
                "",
                {"needs": _as_template(" ".join(said[o.id] for o in needs))},
                list({o.source: from_rules(o.source) for o in needs}.values()),
            )
        )
    for circumstance in vulnerability.circumstances.values():
        if circumstance.line_down is not None:
            offer = vulnerability.offers[circumstance.line_down.offer]
            claims.append(
                Claim(
                    "utter_line_down_priority_repair",
                    "",
                    {"offer": offer.text, "source": offer.source},
                    [from_rules(offer.source)],
                )
            )
    given: set[str] = set()
    for lines in vulnerability.urgent_help.values():
        for line in lines:
            if line.text in given:
                continue  # 999 is one row, whichever circumstance calls for it
            given.add(line.text)
            claims.append(
                Claim("utter_urgent_help", "", {"help": line.text}, [from_service(line.source)])
            )
    return claims


def _other_provider_claims(code: ProviderCode) -> list[Claim]:
    """Another provider's reference checked in this provider's chat (guard15): that provider's
    name and complaints contacts, from its own code."""
    claims = []
    for other in load_all_codes().values():
        if other.id == code.id:
            continue
        contacts = [
            c
            for c in (other.contact("phone", "complaints"), other.contact("email", "complaints"))
            if c is not None
        ]
        claims.append(
            Claim(
                "utter_case_other_provider",
                "",
                {
                    "reference prefix": f"{other.reference_prefix}-",
                    "other_name": other.trading_name,
                    "other_contacts": " or ".join(c.value for c in contacts),
                },
                [from_code(other, c.quote) for c in contacts if c.quote],
            )
        )
    return claims


def _phone_claims(code: ProviderCode, wording: dict[str, str]) -> list[Claim]:
    """Responses that give the provider's phone number: sourced to the code's contact."""
    phone = code.contact("phone", purpose="complaints")
    if phone is None:
        return []
    return [
        Claim(name, "", {"phone": phone.value}, [from_code(code, phone.quote)])
        for name, text in wording.items()
        if "{phone}" in text or "{provider_phone}" in text
    ]


def _scheme_contact_claims(
    scheme: str, contacts: Iterable[Contact], sources: list[dict[str, Any]]
) -> list[Claim]:
    """A scheme's detail of each kind asked after the ADR answer ("what's their website?"): the
    one given, or that none is (actions/rights.py, `explain_scheme_contact`)."""
    contacts = list(contacts)
    given = {c.channel for c in contacts}
    claims = [
        Claim(
            "utter_scheme_contact_given",
            "",
            {"scheme": scheme, "detail": DETAIL_WORDS.get(c.channel, c.channel), "value": c.value},
            sources,
        )
        for c in contacts
    ]
    claims += [
        Claim("utter_scheme_contact_not_given", "", {"scheme": scheme, "detail": word}, sources)
        for kind, word in DETAIL_WORDS.items()
        if kind not in given and kind != "fax"
    ]
    return claims


def factual_responses(codes: list[ProviderCode], rules: Rules) -> set[str]:
    """Responses that state a fact for at least one provider."""
    wording = domain_responses()
    # A commitment's response states a period whichever provider might use it.
    return {name for name in wording if name.startswith("utter_commitment_")} | {
        c.response
        for code in codes
        for c in provider_claims(code, rules) + _phone_claims(code, wording)
    }


NOT_SAID = "not said for this provider"


def sign_off_sheet(
    code: ProviderCode, rules: Rules, factual: set[str] | None = None
) -> list[Claim]:
    """Every response, in domain.yml's order: its claims for this provider, "not said for this
    provider" for a factual response it never uses, or wording only."""
    wording = domain_responses()
    by_response: dict[str, list[Claim]] = {}
    for claim in provider_claims(code, rules) + _phone_claims(code, wording):
        claim.wording = wording.get(claim.response, "")
        by_response.setdefault(claim.response, []).append(claim)
    sheet = []
    for name, text in wording.items():
        if name in by_response:
            sheet.extend(by_response[name])
        elif factual is not None and name in factual:
            sheet.append(Claim(name, text, {"note": NOT_SAID}))
        else:
            sheet.append(Claim(name, text))
    return sheet


def sheet_text(code: ProviderCode, sheet: list[Claim]) -> str:
    lines = [f"Sign-off sheet: what the assistant can say for {code.trading_name}", ""]
    for claim in sheet:
        lines.append(f"[{claim.response}] {claim.wording}")
        if claim.facts:
            lines.append("  facts: " + "; ".join(f"{k}={v}" for k, v in claim.facts.items()))
        if not claim.sources and not claim.facts:
            lines.append("  wording only (no fact from a code or rule)")
        for s in claim.sources:
            lines.append(f"  {source_line([s])}")
            if s.get("quote"):
                lines.append(f"    \u201c{s['quote']}\u201d")
            if s.get("applies_from") or s.get("applies_until"):
                lines.append(
                    f"    applies from {s.get('applies_from', 'always')}"
                    f" until {s.get('applies_until', 'further notice')}"
                )
            if s.get("today_differs"):
                lines.append(f"    today's rules differ: {s['today_differs']}")
    return "\n".join(lines) + "\n"


def sheet_html(code: ProviderCode, sheet: list[Claim]) -> str:
    e = html.escape
    rows = []
    for claim in sheet:
        sources = "".join(
            f"<li>{e(source_line([s]))}"
            + (f"<blockquote>{e(s['quote'])}</blockquote>" if s.get("quote") else "")
            + (f"<div>applies from {e(s['applies_from'])}</div>" if s.get("applies_from") else "")
            + (f"<div>until {e(s['applies_until'])}</div>" if s.get("applies_until") else "")
            + (
                f"<div>today's rules differ: {e(s['today_differs'])}</div>"
                if s.get("today_differs")
                else ""
            )
            + "</li>"
            for s in claim.sources
        )
        facts = "; ".join(f"{k}={v}" for k, v in claim.facts.items())
        rows.append(
            f"<tr><td><code>{e(claim.response)}</code></td><td>{e(claim.wording)}</td>"
            f"<td>{e(facts)}</td><td>{'<ul>' + sources + '</ul>' if sources else 'wording only'}"
            "</td></tr>"
        )
    return (
        "<!doctype html><html lang='en'><meta charset='utf-8'>"
        f"<title>Sign-off sheet: {e(code.trading_name)}</title>"
        f"<h1>What the assistant can say for {e(code.trading_name)}</h1>"
        "<table border='1'><tr><th>response</th><th>wording</th><th>facts</th><th>sources</th></tr>"
        + "".join(rows)
        + "</table></html>\n"
    )
