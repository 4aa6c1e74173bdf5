"""Answers about the customer's rights and the provider's code: response times, escalation, ADR,
contact details and opening hours, and the code's other topics (compensation, cancelling, privacy,
accessible formats). Every fact comes from the provider's code or today's rules via `bot/`."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.cases import with_store
from actions.conversation import (
    BOTH_ASKED,
    adr_after_reply_time,
    adr_letter_held_told,
    answer_to_the_question,
    awaiting_read_back,
    call_back_asked,
    complaint_not_question,
    complaint_told,
    follow_up_asked,
    follow_up_to_last_answer,
    name_asked_about,
    other_body_asked,
    other_body_contact_asked,
    provider_facts,
    provider_for,
    read_as,
    repair_time_question_in_words,
    said_in_conversation,
    sourced,
)
from actions.vulnerability import (
    chased_for_money_asked,
    complaint_in_progress,
    hears_cues_in_passing,
    utter_fault_route,
    withdrawal_in_words,
)
from bot import clock, intake
from bot.adr_replies import Reply, code_limits, code_wait_beside_rules, letter_dated
from bot.answers.adr import (
    adr_letter_date,
    adr_letter_date_ahead,
    adr_letter_rough_words,
    asks_about_a_scheme,
    asks_about_adr_letter,
    asks_about_adr_time_limit,
    asks_about_award,
    asks_about_prices,
    asks_adr_about_court,
    asks_adr_about_prices,
    asks_adr_by_when,
    asks_adr_for_a_day,
    asks_body_to_take_up,
    asks_compensation_for_a_loss,
    asks_how_to_complain,
    asks_time_limit_to_complain,
    asks_to_go_to_body,
    asks_what_scheme_is,
    body_named,
    complaint_channel_asked,
    held_letter_day_in,
    holds_adr_letter,
)
from bot.answers.after_logging import asks_when_we_reply
from bot.answers.business import stated_business_size
from bot.answers.commands import confirms_logging
from bot.answers.dates import (
    asks_about_bank_holidays,
    called_earlier_today,
    day_asked_about,
    first_raised_in,
    letter_received_day_in,
    planned_day_in,
    raised_day_in_question,
    sent_day_in,
    supposes_a_complaint,
    time_of_day_in,
)
from bot.answers.follow_ups import (
    ADR_DATE,
    ADR_FOR_A_DAY,
    ADR_LETTER_DAY,
    SCHEME_CONTACT,
    FollowUp,
    letter_day_given,
    scheme_contact_asked,
)
from bot.answers.questions import (
    asks_about_code_date,
    asks_about_priority_repair,
    asks_about_repair_time,
    asks_about_someone_acting,
    asks_about_suspension,
    asks_deaf_contact,
    asks_for_accessibility,
    asks_for_own_data,
    asks_how_to_contact_without_hearing,
    asks_when_case_handler_contacts,
    asks_why_phone_needed,
    channel_named,
    reply_route_asked,
)
from bot.answers.routing import (
    asks_for_rights,
    asks_reply_time_and_adr,
    asks_when_called_back,
    call_back_days_in,
    reads_as_a_complaint,
    topic_asked,
)
from bot.cases.identity_answers import asks_about_a_lock
from bot.cases.views import moment_text
from bot.offers import routes_text
from bot.provider_codes import Commitment, Contact, ProviderCode
from bot.regulation import Rules, load_rules, long_date
from bot.rights import (
    RULES_OUT,
    AdrRights,
    ComplaintQuote,
    SchemeExclusion,
    SchemeSilence,
    StatedAdrDate,
    adr_eligibility,
    adr_for_stated_date,
    adr_rights,
    business_size_within,
    commitment_response,
    due_moment,
    gives_a_date,
    head_count_rule,
    head_count_words,
    latest_day_raised_open_now,
    phone_use_commitment,
    price_matters_text,
    quote_response_times,
    raised_past_limit,
    scheme_exclusions_asked,
    scheme_named_in,
    scheme_silences_asked,
    the_scheme,
)
from bot.scheme_contacts import (
    DETAIL_WORDS,
    ContactComparison,
    and_list,
    compare_contacts,
    contact_notes,
    contacts_text,
    former_operator_named,
    or_list,
)
from bot.sources import eligibility_sources, from_code, from_rules, scheme_sources
from bot.vulnerability import help_for_circumstances_asked, load_vulnerability_rules

# Which of the code's topics answer each question, in the order they are given.
QUESTION_TOPICS: dict[str, tuple[str, ...]] = {
    "ask_compensation": ("compensation", "refunds"),
    "ask_cancellation": ("cancellation", "minimum_terms"),
    "ask_privacy": ("confidentiality", "data_protection", "identity_checks"),
    "ask_accessible_formats": ("accessible_formats",),
}

logger = logging.getLogger(__name__)


# Topics a code's silence on is said plainly when it answers the question with its other topic
# ("will I get compensation?" to a code that speaks of refunds only).
SAID_WHEN_NOT_IN_CODE = ("compensation", "refunds")

# How the channel a customer asked about is named in the answer's first line.
ASKED_CHANNEL_WORDS = {"letter": "letter", "email": "e-mail", "phone": "phone", "fax": "fax"}


def utter_timed_promises_only_for(
    dispatcher: CollectingDispatcher, code: ProviderCode, channel: str
) -> None:
    """The code's timed promises for the other ways of complaining than `channel`, quoted as it
    says them ("As a guideline, we will try to respond to written correspondence within 10 working
    days ..."), after "no timed promise for a complaint made by phone"; nothing if it has none."""
    others = [c for c in code.commitments if channel not in c.channels]
    if not others:
        return
    channels: list[str] = []
    for commitment in others:
        for ch in commitment.channels:
            word = ASKED_CHANNEL_WORDS.get(ch, ch)
            if word not in channels:
                channels.append(word)
    dispatcher.utter_message(
        response="utter_timed_promises_only_for",
        channels=or_list(channels),
        quotes=" ".join(f'"{c.quote}"' for c in others),
        **sourced(*(from_code(code, c.quote) for c in others)),
    )


REPLY_ROUTE_WORDS = {**ASKED_CHANNEL_WORDS, "text": "text message"}


def explain_reply_routes(dispatcher: CollectingDispatcher, code: ProviderCode, route: str) -> None:
    """How the code says the provider replies to a complaint (`reply_routes`), in its words; and,
    asked about a way it does not name ("will you reply by letter?" to Invictanet), that it does
    not say it replies that way. A code that says nothing of it is said to say nothing."""
    facts = provider_facts(code)
    routes = code.reply_routes
    if routes is None:
        dispatcher.utter_message(response="utter_reply_routes_none", **facts)
        return
    dispatcher.utter_message(
        response="utter_reply_routes",
        routes=routes_text(routes.channels),
        quotes=" ".join(f'"{q}"' for q in (routes.quote, routes.also_quote) if q),
        **facts,
        **sourced(*(from_code(code, q) for q in (routes.quote, routes.also_quote) if q)),
    )
    if route != "any" and route not in routes.channels:
        dispatcher.utter_message(
            response="utter_reply_routes_not",
            route=REPLY_ROUTE_WORDS.get(route, route),
            **facts,
        )


def utter_dates_gone_by(
    dispatcher: CollectingDispatcher, quote: ComplaintQuote, channel: str, today: date
) -> None:
    """After the dates of a complaint already sent: those already passed ("Tuesday 24 November
    2026 has already passed"), or else the one due today; nothing when all are still to come."""
    dated = [d.due.date() for d in quote.commitments if gives_a_date(d.commitment, channel)]
    passed = sorted({due for due in dated if due < today})
    if passed:
        words = [long_date(due) for due in passed]
        dispatcher.utter_message(
            response="utter_reply_dates_passed",
            dates=words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1],
            verb="has" if len(words) == 1 else "have",
        )
    elif today in dated:
        dispatcher.utter_message(response="utter_reply_due_today", today=long_date(today))


def utter_commitments(
    dispatcher: CollectingDispatcher,
    commitments: Iterable[tuple[Commitment, datetime]],
    facts: dict[str, Any],
    code: ProviderCode,
    channel: str = "chat",
    *,
    receipt_known: bool = False,
    logged: tuple[str, datetime] | None = None,
) -> None:
    """Each commitment's date, worded as firmly as the code words it (or, where no date can be
    given, its period as the code states it: `gives_a_date`; a letter is dated when the day it is
    received is known, `receipt_known`); then how they relate. For a case just logged (`logged`:
    its reference and when it was raised), the case handler's first contact "within 48 hours of
    your complaint being raised" in the code's words, then the moment staff have it due, and why
    (outside compliance reader, round 19, F2: the customer was given no date, staff one)."""
    commitments = list(commitments)
    if not commitments:
        return
    for commitment, due in commitments:
        dated = gives_a_date(commitment, channel, receipt_known=receipt_known)
        if logged is not None and not dated and commitment.kind == "case_handler_contact":
            reference, raised = logged
            counted = code.working_time.counting_from(raised)
            dispatcher.utter_message(
                response="utter_case_handler_contact_logged"
                + ("_out_of_hours" if counted != raised else ""),
                reference=reference,
                raised=moment_text(raised),
                counted_from=moment_text(counted),
                due=moment_text(due),
                period=commitment.period.describe(),
                **facts,
                **sourced(from_code(code, commitment.quote, section=commitment.section)),
            )
            continue
        dispatcher.utter_message(
            response=commitment_response(
                commitment.kind,
                commitment.strength,
                dated=dated,
                counted_from=commitment.counted_from,
            ),
            **({"due_date": long_date(due.date()), "due_time": f"{due:%H:%M}"} if dated else {}),
            period=commitment.period.describe(),
            **facts,
            **sourced(from_code(code, commitment.quote, section=commitment.section)),
        )
    for note in code.commitment_notes:
        dispatcher.utter_message(
            response="utter_commitment_note",
            code_text=note.text,
            **sourced(*(from_code(code, q) for q in (note.quote, note.also_quote) if q)),
        )


def utter_escalation_route(
    dispatcher: CollectingDispatcher, code: ProviderCode, facts: dict[str, Any], include_first: bool
) -> None:
    if include_first:
        dispatcher.utter_message(
            response="utter_escalation_first",
            role=code.first_handler.role,
            **sourced(from_code(code, code.first_handler.quote)),
        )
    if not code.escalation:
        dispatcher.utter_message(response="utter_escalation_none", **facts)
    for number, step in enumerate(code.escalation, start=1):
        dispatcher.utter_message(
            response="utter_escalation_step",
            number=number,
            role=step.role,
            how=step.how or "",
            **sourced(from_code(code, step.quote)),
        )


def scheme_name(code: ProviderCode, rights: AdrRights) -> str:
    """The scheme as the customer should know it today (or the generic name if none is named)."""
    return rights.scheme_called()


def utter_adr_outcome(
    dispatcher: CollectingDispatcher,
    code: ProviderCode,
    rights: AdrRights,
    facts: dict[str, Any],
    *,
    first_raised: date | None = None,
    today: date | None = None,
    letter_held: date | None = None,
    letter_rough: str | None = None,
    raised_before_untold: bool = False,
) -> None:
    """After a complaint is logged: when ADR opens for it, or what rules it out; with an ADR
    letter the customer says they hold (`letter_held`), that they may go now and by when (12
    months from the letter: outside compliance r12 H3, the letter was lost), approximate when
    its day was given roughly (`letter_rough`: "11 months ago"). `rights` are
    counted from when the complaint was first raised: `first_raised`, the day the customer says,
    when they gave one before today, which the customer is told (issue 14); with today's time
    limit after an ADR letter when that day is a year or more ago. A customer who said they
    raised it before without a day (`raised_before_untold`) is told the date counted from today
    is later than theirs."""
    eligibility = rights.eligibility
    rules = load_rules()
    reason_source = sourced(*eligibility_sources(code, rules))
    if eligibility.eligible is False:
        for reason in (r for r in eligibility.reasons if r.code in RULES_OUT):
            dispatcher.utter_message(
                response="utter_adr_not_eligible", reason=reason.text, **reason_source
            )
        return
    wait = rights.rules_wait
    wait_sources = sourced(
        from_rules(wait.source, applies_from=wait.starts, applies_until=wait.ends),
        from_rules(rules.letter_source, applies_from=rules.letter_since),
    )
    held_now = letter_held is not None and today is not None and letter_held <= today
    # A matter the scheme does not take, named in the complaint's own words (data protection at
    # CISAS, a matter already in court), is said first, with its source, and the date after it
    # only for the rest: the date alone, first, promised the scheme for a matter it excludes
    # (outside compliance, round 16, F30).
    excluded = [r for r in eligibility.reasons if r.code == "matter-excluded"]
    for reason in excluded:
        dispatcher.utter_message(
            response="utter_adr_depends",
            reason=reason.text,
            **sourced(from_rules(reason.facts["source"])),
        )
    if excluded and not held_now:
        dispatcher.utter_message(
            response="utter_adr_date_for_the_rest",
            scheme=the_scheme(scheme_name(code, rights), rules),
            **sourced(*(from_rules(r.facts["source"]) for r in excluded)),
        )
    if first_raised is not None and today is not None and first_raised < today:
        # An ADR letter held opens ADR now: never also "from Monday 30 November, or sooner if we
        # send you a letter" (outside compliance reader, round 13, F9).
        if not held_now or rights.open_on(today):
            dispatcher.utter_message(
                response="utter_adr_open_first_raised"
                if rights.open_on(today)
                else "utter_adr_from_date_first_raised",
                scheme=the_scheme(scheme_name(code, rights), rules),
                opens=long_date(rights.opens),
                raised=long_date(first_raised),
                **wait_sources,
            )
        utter_code_wait_not_adr(dispatcher, code, rules, rights)
        if raised_past_limit(first_raised, today, rights.limit_after_letter_months):
            dispatcher.utter_message(
                response="utter_adr_first_raised_past_limit",
                months=rights.limit_after_letter_months,
                **sourced(from_rules(rules.limit_source)),
            )
    elif letter_held is None:
        dispatcher.utter_message(
            response="utter_adr_from_date",
            scheme=the_scheme(scheme_name(code, rights), rules),
            opens=long_date(rights.opens),
            **wait_sources,
        )
        if raised_before_untold:
            dispatcher.utter_message(response="utter_adr_from_today_raised_before", **wait_sources)
    if letter_held is None:
        utter_code_wait_beside_rules(dispatcher, code, rights)
    if held_now and letter_held is not None and today is not None:
        utter_letter_dated(dispatcher, code, rules, rights, letter_held, today, letter_rough)
    for reason in eligibility.reasons:
        if reason.code not in ("customer-type-unknown", "matter-excluded"):
            dispatcher.utter_message(
                response="utter_adr_depends", reason=reason.text, **reason_source
            )


def utter_how_to_go_to_adr(
    dispatcher: CollectingDispatcher, code: ProviderCode, rights: AdrRights
) -> None:
    """After the logged complaint's ADR date: that ADR is free, the time limit after an ADR
    letter, and how to reach the scheme today (each approved scheme, and to ask which, for a code
    that names none), from today's rules (outside compliance, round 16, F9: the confirmation gave
    the date alone, the one message the customer keeps)."""
    rules = load_rules()
    dispatcher.utter_message(
        response="utter_adr_free_and_limit" if rights.free else "utter_adr_limit",
        months=rights.limit_after_letter_months,
        **sourced(from_rules(rules.cost_source), from_rules(rules.limit_source)),
    )
    if rights.scheme is None:
        for approved in (s for s in rules.schemes if s.contacts):
            dispatcher.utter_message(
                response="utter_adr_approved_scheme_contacts",
                scheme=the_scheme(approved.name, rules),
                contacts=contacts_text(approved.contacts),
                **sourced(from_rules(approved.source)),
            )
        facts = provider_facts(code)
        if facts["phone"]:
            dispatcher.utter_message(response="utter_adr_ask_which_scheme", **facts)
        return
    today = rights.scheme_today
    if today is not None and today.contacts:
        dispatcher.utter_message(
            response="utter_adr_approved_scheme_contacts",
            scheme=the_scheme(scheme_name(code, rights), rules),
            contacts=contacts_text(today.contacts),
            **sourced(*scheme_sources(code, rights)),
        )


def first_raised_said(
    tracker: Tracker, text: str | None, now: datetime, *, answers_the_day: bool = False
) -> list[EventType]:
    """The day the customer says they first raised the complaint ("I first complained three
    weeks ago"), kept for the complaint form when it has none yet; nothing when they say none.
    A message that `answers_the_day` the assistant asked for ("12 October 2026") gives it as the
    ADR answer reads it."""
    if tracker.get_slot("complaint_first_raised") is not None:
        return []
    today = now.astimezone(clock.LONDON).date()
    day = (
        raised_day_in_question(text, today) if answers_the_day else first_raised_in(text, today).day
    )
    if day is None or day >= today:
        return []
    return [SlotSet("complaint_first_raised", day.isoformat())]


def explain_adr(
    dispatcher: CollectingDispatcher, code: ProviderCode, now: datetime, asked: str | None = None
) -> None:
    """What the ADR scheme is, how to reach it today, when it opens and who may use it. A question
    that gives a business's head count (`asked`) above the limit is told that first, and not
    given a date ADR opens (outside compliance review: 40 staff were told they may go to ADR)."""
    rules = load_rules()
    facts = provider_facts(code)
    if asks_about_prices(asked) or asks_adr_about_prices(asked):
        # "it went up, what if I go to CISAS": a price question in a clause (F6) is one too.
        explain_prices(dispatcher, code, rules)
        return
    if asks_adr_about_court(asked) or asks_about_award(asked):
        # "I'm already taking them to court, can I still go to the ombudsman?", "what's the most
        # the ombudsman can award?": the one fact asked, from regulation.md (outside compliance
        # reader, F5: the whole ADR answer came with neither).
        explain_court_and_award(dispatcher, code, rules, now, str(asked))
        return
    size = stated_business_size(asked)
    if size is not None:
        # "6 employees and 7 contractors": counted as the provider's scheme counts (outside
        # compliance review: the Communications Ombudsman counts contractors and volunteers too).
        eligibility = adr_eligibility(code, rules, customer_type="business", employees=size)
        size_source = sourced(
            from_rules(rules.eligibility_source),
            from_rules(head_count_rule(code, rules).source),
        )
        if eligibility.eligible is False:
            for reason in (r for r in eligibility.reasons if r.code in RULES_OUT):
                dispatcher.utter_message(
                    response="utter_adr_not_open_to_you", reason=reason.text, **size_source
                )
            utter_who_may_use_adr(dispatcher, code, rules)
            return
        depends = False
        for reason in eligibility.reasons:
            if reason.code == "business-size-depends-on-scheme":
                depends = True
                dispatcher.utter_message(
                    response="utter_adr_depends", reason=reason.text, **size_source
                )
        within = business_size_within(code, rules, size) if not depends else None
        if eligibility.eligible is True and within is not None:
            # "can my business use the ombudsman? we have 5 staff": yes, on its size, said first
            # (outside compliance, round 16, F1: only the generic answer came).
            dispatcher.utter_message(
                response="utter_adr_open_to_your_business", reason=within, **size_source
            )
    held = holds_adr_letter(asked) or adr_letter_date(asked, now.date()) is not None
    if held and adr_letter_date_ahead(asked, now.date()) is None:
        # "I've got a deadlock letter from you": what holding it means, never a request for one
        # (one dated after today is checked first, as the ADR answer does below); "I got a
        # deadlock letter dated 2 March 2026, how long do I have?" too, never told what a letter
        # is and to ask for one (outside testers, issue 14).
        explain_held_adr_letter(dispatcher, code, rules, now, str(asked))
        return
    if asks_about_adr_letter(asked) and not asks_adr_by_when(asked):
        explain_adr_letter(dispatcher, code, rules, now, str(asked))
        return
    if asks_about_adr_time_limit(asked) or asks_adr_by_when(asked):
        explain_adr_time_limits(dispatcher, code, rules, now, asked)
        return
    utter_what_scheme_is(dispatcher, code, now, asked)
    rights = adr_rights(code, rules, now)
    if rights.scheme is not None:
        # How to reach the scheme always comes from today's rules; the code's own details only as old.
        today = rights.scheme_today
        contacts = (
            today.contacts if today is not None and today.contacts else rights.scheme.contacts
        )
        dispatcher.utter_message(
            response="utter_adr_scheme",
            scheme=scheme_name(code, rights),
            contacts=contacts_text(contacts),
            **sourced(*scheme_sources(code, rights)),
        )
        former = former_operator_named(rights.scheme, today)
        if former is not None:
            dispatcher.utter_message(
                response="utter_adr_scheme_operator_changed",
                scheme=the_scheme(today.called, rules),
                operator=today.operator,
                former_operator=former,
                **sourced(*scheme_sources(code, rights)),
            )
        if rights.current_scheme_name:
            dispatcher.utter_message(
                response="utter_adr_scheme_renamed",
                code_name=rights.scheme.name,
                current_name=the_scheme(rights.current_scheme_name, rules),
                **sourced(*scheme_sources(code, rights)),
            )
        if contacts is not rights.scheme.contacts:
            # The code's own details: out of date, not listed today (so not confirmed), or as today's.
            kinds = today.out_of_date_kinds if today is not None else ()
            comparison = compare_contacts(rights.scheme.contacts, contacts, kinds)
            for note in contact_notes(comparison):
                dispatcher.utter_message(
                    response=note.response,
                    details=note.details,
                    **sourced(*scheme_sources(code, rights)),
                )
    else:
        named = rights.named_instead.name if rights.named_instead else "no scheme"
        dispatcher.utter_message(
            response="utter_adr_no_scheme",
            named_instead=named,
            schemes=and_list([s.called for s in rules.schemes]),
            **facts,
            **sourced(
                from_code(code, rights.named_instead.quote if rights.named_instead else None),
                *(from_rules(s.source) for s in rules.schemes),
            ),
        )
        # How to reach each approved scheme today (outside compliance review M6: "What are the
        # phone numbers for CISAS and the Communications Ombudsman?" got none).
        for approved in (s for s in rules.schemes if s.contacts):
            dispatcher.utter_message(
                response="utter_adr_approved_scheme_contacts",
                scheme=the_scheme(approved.name),
                contacts=contacts_text(approved.contacts),
                **sourced(from_rules(approved.source)),
            )
    rights = utter_adr_date(dispatcher, code, rules, rights, now, asked)
    if rights.code_wait_weeks and rights.code_opens and rights.code_opens > rights.opens:
        dispatcher.utter_message(
            response="utter_adr_code_differs",
            code_weeks=rights.code_wait_weeks,
            **sourced(from_code(code, code.document["adr"].get("wait_quote"))),
        )
    dispatcher.utter_message(
        response="utter_adr_limits",
        months=rights.limit_after_letter_months,
        **sourced(from_rules(rules.limit_source), from_rules(rules.cost_source)),
    )
    utter_code_limits(dispatcher, code, rules, rights)
    utter_who_may_use_adr(dispatcher, code, rules)


def utter_what_scheme_is(
    dispatcher: CollectingDispatcher, code: ProviderCode, now: datetime, asked: str | None
) -> None:
    """ "what is CISAS and how do i get hold of them": what the scheme asked about (or the
    provider's, for "whats the ombudsman") is, from regulation.md, before how to reach it."""
    rules = load_rules()
    named = asks_what_scheme_is(asked, [s.name for s in rules.schemes])
    if named is None:
        return
    today = adr_rights(code, rules, now).scheme_today
    ours = next((s for s in rules.schemes if today is not None and s.name == today.name), None)
    scheme = next((s for s in rules.schemes if s.name == named), ours)
    if scheme is None or not scheme.operator:
        return
    called = scheme.called
    dispatcher.utter_message(
        response="utter_scheme_what_it_is",
        scheme_sentence=called[:1].upper() + called[1:],
        operator=scheme.operator,
        **sourced(from_rules(scheme.source), from_rules(rules.cost_source)),
    )
    if scheme is not ours and scheme.contacts:
        # Not the provider's own scheme (CISAS, asked of Invictanet): how to reach it too, as
        # asked, before the provider's own scheme.
        dispatcher.utter_message(
            response="utter_adr_approved_scheme_contacts",
            scheme=the_scheme(scheme.name),
            contacts=contacts_text(scheme.contacts),
            **sourced(from_rules(scheme.source)),
        )


def utter_compensation_award(
    dispatcher: CollectingDispatcher, code: ProviderCode, now: datetime
) -> None:
    """What an ADR scheme can award and that it is free (regulation.md), for a question about
    compensation for money lost, once the code's own words are said."""
    rules = load_rules()
    rights = adr_rights(code, rules, now)
    dispatcher.utter_message(
        response="utter_compensation_adr_award",
        scheme=the_scheme(scheme_name(code, rights)),
        max_award=f"£{rules.max_award_gbp:,}",
        **sourced(
            from_rules(rules.max_award_source, applies_from=rules.max_award_since),
            from_rules(rules.cost_source),
            from_rules(rules.letter_source),
        ),
    )


def explain_scheme_contact(
    dispatcher: CollectingDispatcher, code: ProviderCode, now: datetime, asked: str | None
) -> None:
    """ "What's their website?", "their phone number?" after the ADR answer: the scheme's detail
    of that kind as today's rules give it (the same details the ADR answer gives); where they give
    none, that is said plainly with what they do give, and what the code gives of that kind is
    described as the ADR answer describes it. Each approved scheme's when the code names none
    (outside compliance reader, 27 Nov: a complaint form, or the provider's own number)."""
    utter_what_scheme_is(dispatcher, code, now, asked)
    kind = scheme_contact_asked(asked) or "any"
    rules = load_rules()
    rights = adr_rights(code, rules, now)
    if rights.scheme is None:
        for approved in (s for s in rules.schemes if s.contacts):
            _utter_scheme_contact(
                dispatcher,
                the_scheme(approved.name),
                approved.contacts,
                kind,
                sourced(from_rules(approved.source)),
            )
        return
    today = rights.scheme_today
    contacts = today.contacts if today is not None and today.contacts else rights.scheme.contacts
    sources = sourced(*scheme_sources(code, rights))
    _utter_scheme_contact(
        dispatcher, the_scheme(scheme_name(code, rights)), contacts, kind, sources
    )
    if contacts is not rights.scheme.contacts:
        kinds = today.out_of_date_kinds if today is not None else ()
        comparison = compare_contacts(rights.scheme.contacts, contacts, kinds)
        if kind != "any":
            # Only what the code says of the kind asked about.
            asked_word = DETAIL_WORDS.get(kind, kind)
            comparison = ContactComparison(
                out_of_date=[w for w in comparison.out_of_date if w == asked_word],
                unlisted=[w for w in comparison.unlisted if w == asked_word],
            )
        for note in contact_notes(comparison):
            dispatcher.utter_message(response=note.response, details=note.details, **sources)


def _utter_scheme_contact(
    dispatcher: CollectingDispatcher,
    scheme: str,
    contacts: tuple[Contact, ...] | list[Contact],
    kind: str,
    sources: dict[str, Any],
) -> None:
    """The detail of `kind` for `scheme` from `contacts`; or that they give none, and what they
    give; or all of them for "any"."""
    if kind != "any":
        values = [c.value for c in contacts if c.channel == kind]
        if values:
            dispatcher.utter_message(
                response="utter_scheme_contact_given",
                scheme=scheme,
                detail=DETAIL_WORDS.get(kind, kind),
                value=or_list(values),
                **sources,
            )
            return
        dispatcher.utter_message(
            response="utter_scheme_contact_not_given",
            scheme=scheme,
            detail=DETAIL_WORDS.get(kind, kind),
            **sources,
        )
    dispatcher.utter_message(
        response="utter_adr_approved_scheme_contacts",
        scheme=scheme,
        contacts=contacts_text(contacts),
        **sources,
    )


def explain_adr_letter_on_request(
    dispatcher: CollectingDispatcher, code: ProviderCode, now: datetime, asked: str | None
) -> None:
    """ "Can I ask you for one?" after the ADR letter is explained: no source gives a letter on
    request, so that is said, with when the rules say it must come unasked; what the customer can
    do; and their own ADR date, which stands with or without one (outside compliance reader,
    27 Nov: the privacy statement was given). The request is then recorded on a case as any
    other (actions/status.py)."""
    rules = load_rules()
    letter = from_rules(rules.letter_source, applies_from=rules.letter_since)
    dispatcher.utter_message(response="utter_adr_letter_on_request", **sourced(letter))
    dispatcher.utter_message(
        response="utter_adr_letter_what_you_can_do", **provider_facts(code), **sourced(letter)
    )
    utter_adr_date(dispatcher, code, rules, adr_rights(code, rules, now), now, asked)


# The form's answers an ADR answer for the complaint logged here depends on (adr_rights' inputs).
_LOGGED_FACTS = (
    "complaint_first_raised",
    "customer_type",
    "employees",
    "complaint_category",
    "complaint_description",
)


def logged_here(tracker: Tracker) -> dict[str, Any] | None:
    """The form's answers for the complaint this conversation has just logged (its reference
    among them), as the form kept them before it was cleared, with a day first raised recorded on
    it since; None when none was logged here, or another complaint is under way."""
    reference = tracker.get_slot("created_reference")
    if not reference or tracker.active_loop.get("name"):
        return None
    if tracker.get_slot("complaint_description"):
        return None
    kept: dict[str, Any] = {}
    told: list[str] = []  # the customer's words while it was taken (a deadlock letter held)
    found: dict[str, Any] | None = None
    for event in tracker.events:
        if event.get("event") == "user":
            told.append(str(event.get("text") or ""))
            continue
        said = event.get("metadata") or {}
        if (
            found is not None
            and event.get("event") == "bot"
            and said.get("utter_action") == "utter_first_raised_recorded"
            and said.get("reference") == reference
            and said.get("first_raised_on")
        ):
            # A day first raised given after logging and recorded on the case
            # (`first_raised_after_logging`): later answers count from it (lead, round 18).
            found["complaint_first_raised"] = said["first_raised_on"]
            continue
        if event.get("event") != "slot":
            continue
        name, value = event.get("name"), event.get("value")
        if name == "created_reference" and value:
            if value == reference:
                found = {**kept, "reference": value, "told": told}
            kept, told = {}, []
        elif name in _LOGGED_FACTS and value not in (None, ""):
            kept[name] = value
    return found


def letter_held_rough(texts: list[str], held: date | None, today: date) -> str | None:
    """How roughly the customer gave the day of the ADR letter they hold ("about 11 months ago"),
    in the latest of `texts` that gives that day (`held`); None when it was given exactly, so a
    rough day is said as approximate at logging too, and its deadline with its hedge (issue 14)."""
    if held is None:
        return None
    for text in reversed(texts):
        if held_letter_day_in(text, today) == held:
            return adr_letter_rough_words(text, today)
    return None


def letter_held_said(tracker: Tracker, today: date) -> date | None:
    """The day of the ADR (deadlock) letter the customer said in this conversation they hold, the
    latest said (as the complaint logged here keeps it), or None."""
    days = [
        day
        for event in tracker.events
        if event.get("event") == "user"
        for day in [held_letter_day_in(event.get("text"), today)]
        if day is not None
    ]
    return days[-1] if days else None


def explain_logged_case_adr(
    dispatcher: CollectingDispatcher,
    code: ProviderCode,
    now: datetime,
    case: dict[str, Any],
    letter_held: date | None = None,
) -> None:
    """When the complaint logged in this conversation may go to ADR, as its confirmation said:
    counted from the day it was first raised, for its head count (lead, round 12, L2: the
    general answer, "if you first raised it on or before ...", and its business size ignored)."""
    rules = load_rules()
    today = code.working_time.localise(now).date()
    rights, first = _logged_case_rights(code, rules, now, case)
    # A deadlock letter the customer said they hold while it was taken: its 12-month limit, as
    # the confirmation gave it (outside testers, round 13: left out here).
    told = [str(t) for t in case.get("told") or ()]
    held = [d for t in told for d in [held_letter_day_in(t, today)] if d]
    letter = letter_held or (held[-1] if held else None)
    dispatcher.utter_message(response="utter_adr_for_logged_case", reference=case["reference"])
    utter_adr_outcome(
        dispatcher,
        code,
        rights,
        provider_facts(code),
        first_raised=first,
        today=today,
        letter_held=letter,
        letter_rough=letter_held_rough(told, letter, today),
    )


def logged_case_rules_out_adr(code: ProviderCode, now: datetime, case: dict[str, Any]) -> bool:
    """Whether the complaint logged here may never go to ADR (a business over the scheme's size,
    a category no scheme takes), as its confirmation said."""
    rights, _ = _logged_case_rights(code, load_rules(), now, case)
    return rights.eligibility.eligible is False


def _logged_case_rights(
    code: ProviderCode, rules: Rules, now: datetime, case: dict[str, Any]
) -> tuple[AdrRights, date | None]:
    """The ADR rights of the complaint logged here, and the day it was first raised if given."""
    today = code.working_time.localise(now).date()
    first: date | None = None
    if case.get("complaint_first_raised") is not None:
        try:
            first = intake.clean_first_raised(case.get("complaint_first_raised"))
        except intake.IntakeError:
            first = None
    counted = (
        datetime.combine(first, time(12), tzinfo=clock.LONDON)
        if first is not None and first < today
        else now
    )
    rights = adr_rights(
        code,
        rules,
        counted,
        customer_type=case.get("customer_type"),
        employees=intake.head_count_given(case.get("employees")),
        category=case.get("complaint_category"),
        description=case.get("complaint_description"),
    )
    return rights, first


def asks_adr_plainly(text: str | None, today: date) -> bool:
    """Whether an ADR question asks only whether and when ("can i go to the ombudsman?", "when
    exactly?"): no day, head count, letter, time limit, price or court of its own in it."""
    return not (
        raised_day_in_question(text, today) is not None
        or stated_business_size(text) is not None
        or holds_adr_letter(text)
        or adr_letter_date(text, today) is not None
        or asks_about_adr_letter(text)
        or asks_about_adr_time_limit(text)
        or asks_about_prices(text)
        or asks_adr_about_prices(text)
        or asks_adr_about_court(text)
        or asks_about_award(text)
    )


def answer_follow_up(
    dispatcher: CollectingDispatcher, tracker: Tracker, asked: FollowUp
) -> list[EventType]:
    """A follow-up to the ADR answer (`follow_up_asked`), answered as asked: the scheme's contact,
    or the ADR answer for the message's words (the day asked for, how long is left), as when they
    come with the question itself. (An ADR letter asked for is a request: actions/status.py.)"""
    code = provider_for(tracker)
    now = clock.now()
    text = tracker.latest_message.get("text")
    if asked.about == SCHEME_CONTACT:
        explain_scheme_contact(dispatcher, code, now, text)
        return [SlotSet("provider", code.id)]
    if asked.about == ADR_LETTER_DAY:
        # The letter's day, checked and given again after it was said to be still to come.
        rules = load_rules()
        today = code.working_time.localise(now).date()
        letter = letter_day_given(text, today)
        if letter is None:
            explain_adr(dispatcher, code, now, text)
        elif letter > today:
            utter_letter_date_ahead(dispatcher, letter, today)
        else:
            utter_letter_dated(dispatcher, code, rules, adr_rights(code, rules, now), letter, today)
        return [SlotSet("provider", code.id)]
    case = logged_here(tracker)
    if asked.about == ADR_DATE and case is not None:
        # "when exactly?" after the ADR answer for the complaint logged here: its date.
        explain_logged_case_adr(dispatcher, code, now, case)
        return [SlotSet("provider", code.id)]
    explain_adr(dispatcher, code, now, text)
    day = first_raised_said(tracker, text, now, answers_the_day=asked.about == ADR_FOR_A_DAY)
    return [SlotSet("provider", code.id), *day]


def explain_court_and_award(
    dispatcher: CollectingDispatcher, code: ProviderCode, rules: Rules, now: datetime, asked: str
) -> None:
    """That the schemes do not take matters already in court, and the largest award they make,
    as asked (both from regulation.md), with the scheme as the customer should know it."""
    scheme = the_scheme(scheme_name(code, adr_rights(code, rules, now)))
    if asks_adr_about_court(asked):
        dispatcher.utter_message(
            response="utter_adr_court", scheme=scheme, **sourced(from_rules(rules.court_source))
        )
    if asks_about_award(asked):
        dispatcher.utter_message(
            response="utter_adr_max_award",
            scheme=scheme,
            max_award=f"£{rules.max_award_gbp:,}",
            **sourced(from_rules(rules.max_award_source, applies_from=rules.max_award_since)),
        )
    dispatcher.utter_message(response="utter_adr_ask_more")


def explain_scheme_exclusions(
    dispatcher: CollectingDispatcher,
    code: ProviderCode,
    exclusions: list[SchemeExclusion],
    text: str | None = None,
) -> None:
    """ "Can CISAS deal with my data protection complaint?": no, with today's rule and its source
    (outside compliance review M6: the code's privacy paragraphs were given instead). To a code
    that names no scheme, asked of "the ombudsman": what that scheme would do if it is ours
    (outside compliance, round 19, F5)."""
    for found in exclusions:
        unknown = code.adr.scheme is None and not scheme_named_in(text, found.scheme)
        dispatcher.utter_message(
            response="utter_adr_scheme_excludes_if_ours"
            if unknown
            else "utter_adr_scheme_excludes",
            scheme=the_scheme(found.scheme.name),
            matters=or_list(list(found.asked)),
            excluded=or_list(list(found.scheme.excluded_matters)),
            **provider_facts(code),
            **sourced(from_rules(found.scheme.excluded_matters_source)),
        )


def explain_scheme_silences(
    dispatcher: CollectingDispatcher, code: ProviderCode, silences: list[SchemeSilence]
) -> None:
    """ "My data was leaked, can the ombudsman help?" where the provider's scheme is the
    Communications Ombudsman: neither the code nor today's rules say whether it takes such a
    complaint (they say only that CISAS does not), so the customer is told that, and how to ask
    the scheme; never yes or no (issue 14)."""
    for found in silences:
        dispatcher.utter_message(
            response="utter_adr_scheme_silent",
            scheme=found.scheme.called,
            matters=or_list(list(found.asked)),
            contacts=contacts_text(found.scheme.contacts),
            **provider_facts(code),
            **sourced(
                from_rules(found.scheme.source),
                *(from_rules(s.excluded_matters_source) for s in found.excluded_by),
            ),
        )


def utter_letter_date_ahead(dispatcher: CollectingDispatcher, letter: date, today: date) -> None:
    """A letter said to be dated after today: that day opens nothing, so the customer is asked to
    check it (issue 14: "a deadlock letter on 10 December 2026" was taken on 27 November)."""
    dispatcher.utter_message(
        response="utter_adr_letter_date_ahead", letter=long_date(letter), today=long_date(today)
    )


def utter_letter_dated(
    dispatcher: CollectingDispatcher,
    code: ProviderCode,
    rules: Rules,
    rights: AdrRights,
    letter: date,
    today: date,
    rough: str | None = None,
) -> None:
    """ "I got my deadlock letter yesterday": ADR is open at once, for today's 12 months from the
    letter; the letter's day is not the day the complaint was first raised. A day given `rough`ly
    ("11 months ago") is said to be approximate, and the date on the letter to be checked (outside
    compliance reader, round 13, F20: an exact deadline from it, with no advice). The words are
    `bot.adr_replies.letter_dated`'s, which the case check says too."""
    utter_reply(dispatcher, letter_dated(code, rules, rights, letter, today, rough))
    utter_code_limits(dispatcher, code, rules, rights, letter_held=True)


def explain_held_adr_letter(
    dispatcher: CollectingDispatcher, code: ProviderCode, rules: Rules, now: datetime, asked: str
) -> None:
    """ "I've got a deadlock letter from you", "they sent me a final response letter last week":
    what holding the letter means (ADR open at once, today's time limit from the letter, and the
    code's own limit where it gives one), for the letter's day when one is given. Nothing is
    recorded: the customer has the letter, and asked for none (issue 14: these were logged as
    requests for an ADR letter)."""
    rights = adr_rights(code, rules, now)
    today = code.working_time.localise(now).date()
    letter = adr_letter_date(asked, today)
    if letter is not None:
        utter_letter_dated(
            dispatcher, code, rules, rights, letter, today, adr_letter_rough_words(asked, today)
        )
        return
    dispatcher.utter_message(
        response="utter_adr_letter_held",
        months=rights.limit_after_letter_months,
        scheme=the_scheme(scheme_name(code, rights), rules),
        **sourced(
            from_rules(rules.letter_source, applies_from=rules.letter_since),
            from_rules(rules.limit_source),
        ),
    )
    utter_code_limits(dispatcher, code, rules, rights, letter_held=True)


def utter_code_limits(
    dispatcher: CollectingDispatcher,
    code: ProviderCode,
    rules: Rules,
    rights: AdrRights,
    *,
    letter_held: bool = False,
) -> None:
    """The code's own time limits to go to ADR where it gives any, with today's beside them:
    `bot.adr_replies.code_limits`'s replies, which the case check says too (truth15)."""
    for reply in code_limits(code, rules, rights, letter_held=letter_held):
        utter_reply(dispatcher, reply)


def utter_adr_date(
    dispatcher: CollectingDispatcher,
    code: ProviderCode,
    rules: Rules,
    rights: AdrRights,
    now: datetime,
    asked: str | None,
) -> AdrRights:
    """When ADR opens: for the day the customer says the complaint was first raised, if they give
    one before today, or else for a complaint raised today. Returns the rights the date is for."""
    today = code.working_time.localise(now).date()
    letter = adr_letter_date(asked, today)
    ahead = adr_letter_date_ahead(asked, today)
    if ahead is not None:
        # "I got a deadlock letter on 10 December 2026", on 27 November 2026: a day that has not
        # come opens nothing. Asked to check it, and given the wait as it stands meanwhile.
        utter_letter_date_ahead(dispatcher, ahead, today)
    if letter is not None:
        utter_letter_dated(
            dispatcher, code, rules, rights, letter, today, adr_letter_rough_words(asked, today)
        )
        return rights
    stated = adr_for_stated_date(code, rules, raised_day_in_question(asked, today), now)
    if stated is not None:
        # "I first complained on 1 April 2026", "I've waited 8 weeks", "open two months": the
        # wait in force then, not today's date (outside compliance review H2).
        utter_adr_stated_date(dispatcher, code, rules, stated)
        return stated.rights
    by_code = rights.code_opens is not None and rights.code_opens < rights.rules_opens
    # No day and no "8 weeks" given: the rule, counted from when the complaint was first raised,
    # with the last day raised for which ADR is open now, and today's date only as "if you raise
    # it today" (outside compliance review H2: "can I go to the ombudsman right now?").
    dispatcher.utter_message(
        response="utter_adr_dates_code" if by_code else "utter_adr_dates",
        raised=long_date(now.date()),
        opens=long_date(rights.opens),
        open_if_raised_by=long_date(latest_day_raised_open_now(code, rules, now)),
        rules_weeks=rights.rules_wait.weeks,
        rule_dates=rights.rules_wait.describe_dates(),
        code_weeks=rights.code_wait_weeks,
        **sourced(*adr_wait_sources(code, rules, rights)),
    )
    return rights


def explain_adr_letter(
    dispatcher: CollectingDispatcher, code: ProviderCode, rules: Rules, now: datetime, asked: str
) -> None:
    """What a deadlock (ADR) letter is, when the provider must send one unprompted, and what the
    customer can do; then their own ADR date, which stands with or without a letter. No letter is
    promised on request: no source gives one."""
    rights = adr_rights(code, rules, now)
    letter = from_rules(rules.letter_source, applies_from=rules.letter_since)
    dispatcher.utter_message(
        response="utter_adr_letter_explained",
        months=rights.limit_after_letter_months,
        **sourced(letter, from_rules(rules.limit_source)),
    )
    dispatcher.utter_message(
        response="utter_adr_letter_what_you_can_do",
        **provider_facts(code),
        **sourced(letter),
    )
    utter_adr_date(dispatcher, code, rules, rights, now, asked)


def explain_adr_time_limits(
    dispatcher: CollectingDispatcher,
    code: ProviderCode,
    rules: Rules,
    now: datetime,
    asked: str | None = None,
) -> None:
    """How long the customer has to go to ADR: today's 12 months from an ADR letter; where the
    code gives less (Infinity Group's 6 months, or 9 if it never wrote), its words quoted and
    today's longer limit said plainly; that without a letter the 12 months have not started
    (outside compliance review F12: "I complained on 1 February 2026 and you never wrote to me.
    Is it too late?" was given the code's 9 months, long run out); and, when the question says
    when the complaint was first raised, the customer's own ADR date."""
    rights = adr_rights(code, rules, now)
    limit = from_rules(rules.limit_source)
    letter = from_rules(rules.letter_source, applies_from=rules.letter_since)
    if asks_time_limit_to_complain(asked):
        # "how long do I have to complain?": no code sets a limit for complaining to the provider;
        # ADR's limits, which follow, are another matter (outside testers, issue 14).
        dispatcher.utter_message(response="utter_no_complaint_time_limit", **provider_facts(code))
    dispatcher.utter_message(
        response="utter_adr_limits",
        months=rights.limit_after_letter_months,
        **sourced(limit, from_rules(rules.cost_source)),
    )
    quote = code.document["adr"].get("limits_quote")
    utter_code_limits(dispatcher, code, rules, rights)
    if not (rights.limit_without_letter_months and quote):
        dispatcher.utter_message(
            response="utter_adr_limit_no_letter",
            months=rights.limit_after_letter_months,
            **sourced(letter, limit),
        )
    today = code.working_time.localise(now).date()
    if adr_letter_date(asked, today) is None:
        stated = adr_for_stated_date(code, rules, raised_day_in_question(asked, today), now)
        if stated is not None:
            utter_adr_stated_date(dispatcher, code, rules, stated)


def adr_wait_sources(code: ProviderCode, rules: Rules, rights: AdrRights) -> list[dict[str, Any]]:
    """Where an ADR date comes from: the wait in force on the day raised, the code's own wait,
    and the ADR letter rule."""
    wait = rights.rules_wait
    return [
        from_rules(wait.source, applies_from=wait.starts, applies_until=wait.ends),
        from_code(code, code.document["adr"].get("wait_quote")),
        from_rules(rules.letter_source, applies_from=rules.letter_since),
    ]


def utter_adr_stated_date(
    dispatcher: CollectingDispatcher,
    code: ProviderCode,
    rules: Rules,
    stated: StatedAdrDate,
) -> None:
    """When ADR opens (or that it is open now) for a complaint first raised on the day the
    customer gave, naming the wait in force that day."""
    rights = stated.rights
    response = "utter_adr_stated_open" if stated.open_now else "utter_adr_stated_from"
    dispatcher.utter_message(
        response=f"{response}_code" if stated.by_code else response,
        raised=long_date(stated.raised),
        opens=long_date(rights.opens),
        rules_weeks=rights.rules_wait.weeks,
        rule_dates=rights.rules_wait.describe_dates(),
        code_weeks=rights.code_wait_weeks,
        **sourced(*adr_wait_sources(code, rules, rights)),
    )
    utter_code_wait_not_adr(dispatcher, code, rules, rights)
    today = code.working_time.localise(clock.now()).date()
    if stated.open_now and raised_past_limit(
        stated.raised, today, rights.limit_after_letter_months
    ):
        # "I first complained on 8 April 2025 can I still go to the ombudsman": never only "you
        # may go to ADR now", when a letter sent as the wait ran out would be past its 12 months
        # (outside compliance, round 16, F14); the logged complaint's answer says the same.
        dispatcher.utter_message(
            response="utter_adr_first_raised_past_limit",
            months=rights.limit_after_letter_months,
            **sourced(from_rules(rules.limit_source)),
        )


def utter_code_wait_beside_rules(
    dispatcher: CollectingDispatcher, code: ProviderCode, rights: AdrRights
) -> None:
    """A code's own wait before its ADR scheme beside the rules' date, and which applies
    (`bot.adr_replies.code_wait_beside_rules`, which the case check says too)."""
    reply = code_wait_beside_rules(code, rights)
    if reply is not None:
        utter_reply(dispatcher, reply)


def utter_reply(dispatcher: CollectingDispatcher, reply: Reply, **more: Any) -> None:
    """One `bot.adr_replies.Reply` said, with its sources."""
    dispatcher.utter_message(
        response=reply.response, **reply.values, **more, **sourced(*reply.sources)
    )


def utter_code_wait_not_adr(
    dispatcher: CollectingDispatcher, code: ProviderCode, rules: Rules, rights: AdrRights
) -> None:
    """A code whose shorter wait leads to a body that is not an ADR scheme (Infinity System
    Solutions: "after 6 weeks ... you may make a complaint through Ofcom"), for a complaint
    first raised when the rules' wait was longer (8 weeks, until 7 April 2026): that the code's
    wait opened no ADR, so a customer who read it knows why the date is later (issue 14)."""
    body = rights.named_instead
    if rights.scheme is not None or body is None or not rights.code_wait_weeks:
        return
    if rights.code_wait_weeks >= rights.rules_wait.weeks:
        return
    dispatcher.utter_message(
        response="utter_adr_code_wait_not_adr",
        code_weeks=rights.code_wait_weeks,
        named_instead=body.name,
        **sourced(
            from_code(code, code.document["adr"].get("wait_quote")),
            from_rules(rules.not_scheme_sources.get(body.name, "")),
        ),
    )


def explain_prices(dispatcher: CollectingDispatcher, code: ProviderCode, rules: Rules) -> None:
    """What ADR takes about prices: today's narrow exclusion, with its source, and where the code
    says more (Infinity Group's "do not deal with pricing complaints") that today's rules differ
    (outside compliance review: price-rise questions started a complaint, and the code's wider
    exclusion went uncorrected)."""
    exclusion = from_rules(rules.excluded_source)
    dispatcher.utter_message(
        response="utter_adr_prices",
        price_matters=price_matters_text(rules),
        **sourced(exclusion),
    )
    code_quote = code.document["adr"].get("excluded_quote")
    if "pricing" in code.adr.excluded_categories and code_quote:
        dispatcher.utter_message(
            response="utter_adr_prices_code_differs",
            quote=code_quote,
            **provider_facts(code),
            **sourced(
                from_code(
                    code,
                    code_quote,
                    today_differs="Today's rules exclude only whether general price levels are "
                    f"fair; {price_matters_text(rules)} can go to ADR.",
                ),
                exclusion,
            ),
        )
    dispatcher.utter_message(response="utter_offer_complaint")


def utter_who_may_use_adr(
    dispatcher: CollectingDispatcher, code: ProviderCode, rules: Rules
) -> None:
    """Who may use ADR (consumers and small businesses, counted as the provider's scheme counts)
    and the one thing the schemes won't judge."""
    rule = head_count_rule(code, rules)
    dispatcher.utter_message(
        response="utter_adr_eligibility",
        max_employees=rules.max_employees,
        counted=head_count_words(rule),
        price_matters=price_matters_text(rules),
        **sourced(
            from_rules(rules.eligibility_source),
            from_rules(rule.source),
            from_rules(rules.excluded_source),
        ),
    )


def explain_other_body(dispatcher: CollectingDispatcher, code: ProviderCode, name: str) -> None:
    """How to reach a body that is not the provider (Ofcom), from today's rules, never the
    provider's own details (outside compliance review: "how do I contact Ofcom?" was given the
    provider's contacts)."""
    rules = load_rules()
    body = next(b for b in rules.not_schemes if b.name == name)
    source = rules.not_scheme_sources.get(name) or "regulation.md"
    if body.contacts:
        dispatcher.utter_message(
            response="utter_other_body_contact",
            body=body.name,
            why=body.description or "",
            contacts=contacts_text(body.contacts),
            **provider_facts(code),
            **sourced(from_rules(source)),
        )
    else:
        dispatcher.utter_message(
            response="utter_other_body_contact_not_given", body=body.name, **provider_facts(code)
        )


def explain_contacts(
    dispatcher: CollectingDispatcher, code: ProviderCode, now: datetime, text: str | None = None
) -> None:
    """The provider's contacts, each with its hours as the code gives them (with "excluding bank
    holidays" where the code says so); then whether the phone lines are open now, or, for a
    question naming a day or bank holidays, on that day (outside compliance reader, round 10,
    F14: "can I ring you on 28 December?" got "Mon-Fri 09:00-17:00" and "open now")."""
    facts = provider_facts(code)
    for contact in code.contacts:
        if contact.hours and code.bank_holidays_quote:
            dispatcher.utter_message(
                response="utter_contact_details_excluding_bank_holidays",
                channel=contact.channel,
                value=contact.value,
                hours=_hours_text(contact),
                **facts,
                **sourced(
                    from_code(code, contact.quote), from_code(code, code.bank_holidays_quote)
                ),
            )
            continue
        dispatcher.utter_message(
            response="utter_contact_details",
            channel=contact.channel,
            value=contact.value,
            hours=f" ({_hours_text(contact)})" if contact.hours else "",
            **facts,
            **sourced(from_code(code, contact.quote)),
        )
    working = code.working_time
    today = working.localise(now).date()
    day = day_asked_about(text, today)
    if day == today and working.is_working_day(today):
        utter_open_now(dispatcher, code, now)  # "can I ring on Monday?" asked on a Monday
    elif day is not None and working.hours_stated:
        utter_open_on(dispatcher, code, day)
    elif asks_about_bank_holidays(text) and working.hours_stated:
        if code.bank_holidays_quote:
            dispatcher.utter_message(
                response="utter_closed_on_bank_holidays",
                **sourced(from_code(code, code.bank_holidays_quote)),
            )
        else:
            dispatcher.utter_message(
                response="utter_bank_holidays_not_stated",
                opens=f"{working.opens:%H:%M}",
                closes=f"{working.closes:%H:%M}",
                **sourced(from_code(code, code.document["working_time"].get("quote"))),
            )
    else:
        utter_open_now(dispatcher, code, now)


def _hours_text(contact: Contact) -> str:
    """ "Mon-Fri 09:00-17:00": a contact's days and hours as its code gives them."""
    hours = contact.hours
    return f"{hours.days[0].title()}-{hours.days[-1].title()} {hours.opens}-{hours.closes}"


def utter_open_on(dispatcher: CollectingDispatcher, code: ProviderCode, day: date) -> None:
    """Whether the phone lines are open on `day` (after today), from the code's working time and
    the GOV.UK bank holidays it counts with: the hours that day; or closed, naming the bank
    holiday, with when they next open; or, where the code says nothing of bank holidays, that it
    doesn't say."""
    working = code.working_time
    quote = code.document["working_time"].get("quote")
    named = long_date(day)
    holiday = working.holiday_name(day) if day.weekday() in working.days else None
    if holiday and holiday != "closed" and code.bank_holidays_quote is None:
        dispatcher.utter_message(
            response="utter_hours_bank_holiday_not_stated_on",
            day=named,
            holiday=holiday,
            opens=f"{working.opens:%H:%M}",
            closes=f"{working.closes:%H:%M}",
            **sourced(from_code(code, quote)),
        )
        return
    if working.is_working_day(day):
        dispatcher.utter_message(
            response="utter_open_on",
            day=named,
            opens=f"{working.opens:%H:%M}",
            closes=f"{working.closes:%H:%M}",
            **sourced(from_code(code, quote)),
        )
        return
    opening = working.next_opening(datetime.combine(day, time.max, tzinfo=working.zone))
    next_opening = f"{long_date(opening.date())} at {opening:%H:%M}"
    if holiday and holiday != "closed":
        dispatcher.utter_message(
            response="utter_closed_on_bank_holiday",
            day=named,
            holiday=holiday,
            next_opening=next_opening,
            **sourced(from_code(code, code.bank_holidays_quote)),
        )
        return
    dispatcher.utter_message(
        response="utter_closed_on",
        day=named,
        next_opening=next_opening,
        **sourced(from_code(code, code.bank_holidays_quote or quote)),
    )


def utter_open_now(dispatcher: CollectingDispatcher, code: ProviderCode, now: datetime) -> None:
    working = code.working_time
    today = working.localise(now).date()
    holiday = working.holiday_name(today) if today.weekday() in working.days else None
    if not working.hours_stated:
        dispatcher.utter_message(response="utter_hours_not_stated")
    elif holiday and holiday != "closed" and code.bank_holidays_quote is None:
        # The code gives weekday hours but says nothing of bank holidays: say so, assume nothing.
        dispatcher.utter_message(
            response="utter_hours_bank_holiday_not_stated",
            holiday=holiday,
            opens=f"{working.opens:%H:%M}",
            closes=f"{working.closes:%H:%M}",
            **sourced(from_code(code, code.document["working_time"].get("quote"))),
        )
    elif working.is_open(now):
        dispatcher.utter_message(
            response="utter_open_now",
            closes=f"{working.closes:%H:%M}",
            **sourced(from_code(code, code.document["working_time"].get("quote"))),
        )
    else:
        opening = working.next_opening(now)
        dispatcher.utter_message(
            response="utter_closed_now",
            next_opening=f"{long_date(opening.date())} at {opening:%H:%M}",
            **sourced(
                from_code(
                    code, code.bank_holidays_quote or code.document["working_time"].get("quote")
                )
            ),
        )


def explain_accessibility(dispatcher: CollectingDispatcher, code: ProviderCode) -> None:
    """What Ofcom's rules (GC C5, in regulation.md) give a disabled customer whatever the code
    says: accessible formats and text relay, with their sources; then how to ask for them
    (outside compliance review: "the code doesn't cover accessible formats" though the rules do)."""
    rules = load_rules()
    formats = rules.disabled_customers.get("accessible_formats")
    relay = rules.disabled_customers.get("text_relay")
    if formats:
        dispatcher.utter_message(
            response="utter_accessible_formats_rules",
            formats=_or(list(formats.get("formats") or [])),
            **sourced(from_rules(formats["source"])),
        )
    if relay:
        dispatcher.utter_message(
            response="utter_text_relay_rules", **sourced(from_rules(relay["source"]))
        )
    vulnerable = rules.disabled_customers.get("vulnerable_customers")
    if vulnerable:
        dispatcher.utter_message(
            response="utter_vulnerable_customers_rules", **sourced(from_rules(vulnerable["source"]))
        )
    topic = code.topics.get("vulnerable_customers")
    if topic is not None:
        # The provider's own words where its code has them (Invictanet §9).
        dispatcher.utter_message(
            response="utter_topic_vulnerable_customers",
            code_text=topic.text,
            **provider_facts(code),
            **sourced(from_code(code, topic.quote, section=topic.section)),
        )
    dispatcher.utter_message(response="utter_accessibility_how_to_ask", **provider_facts(code))


def explain_help_for_circumstances(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType]:
    """ "im disabled and rely on my phone line, what help can i get": priority fault repair, then
    accessible formats, text relay and fair treatment (GC C5 and the vulnerable-customer rules in
    regulation.md, with sources) and how to ask, for every provider (outside compliance r14, F4:
    the fallback at Infinity System Solutions, the answer at Invictanet, as the model read it)."""
    code = provider_for(tracker)
    explain_priority_repair(dispatcher, code)
    explain_accessibility(dispatcher, code)
    return [SlotSet("provider", code.id)]


def explain_text_relay_contact(dispatcher: CollectingDispatcher, code: ProviderCode) -> None:
    """For a deaf customer, or one with a speech impairment, asking how to reach the provider:
    Relay UK under GC C5, with its source (outside compliance review M3: only a phone number)."""
    relay = load_rules().disabled_customers.get("text_relay")
    if relay:
        dispatcher.utter_message(
            response="utter_text_relay_contact",
            **provider_facts(code),
            **sourced(from_rules(relay["source"])),
        )


# The ways to reach a provider without a voice call, in the order they are given.
_WRITTEN_CHANNELS = ("email", "letter", "fax")


def explain_contact_without_voice(dispatcher: CollectingDispatcher, code: ProviderCode) -> None:
    """For a deaf customer, or one who cannot make voice calls: Relay UK for calls (GC C5), then
    each way the code gives to reach the provider in writing (e-mail, letter, fax), the one it
    lists for complaints where it has one."""
    explain_text_relay_contact(dispatcher, code)
    facts = provider_facts(code)
    for channel in _WRITTEN_CHANNELS:
        contact = code.contact(channel, purpose="complaints")
        if contact is None:
            continue
        dispatcher.utter_message(
            response="utter_contact_details",
            channel=contact.channel,
            value=contact.value,
            hours="",
            **facts,
            **sourced(from_code(code, contact.quote)),
        )


def explain_phone_use(dispatcher: CollectingDispatcher, code: ProviderCode) -> None:
    """What the phone number the form asks for is for, and the code's own words on telephoning
    the customer where it has them (Infinity Group's call back, Invictanet's reply by phone)."""
    dispatcher.utter_message(response="utter_phone_why")
    commitment = phone_use_commitment(code)
    if commitment is not None:
        dispatcher.utter_message(
            response="utter_phone_why_code",
            quote=commitment.quote,
            **provider_facts(code),
            **sourced(from_code(code, commitment.quote, section=commitment.section)),
        )


def _quotes(node: Any) -> list[str]:
    """Every quote in a code's encoded document, in order."""
    if isinstance(node, dict):
        found = []
        for key, value in node.items():
            if key.endswith("quote") and isinstance(value, str):
                found.append(value)
            else:
                found += _quotes(value)
        return found
    if isinstance(node, list):
        return [q for item in node for q in _quotes(item)]
    return []


def explain_name(dispatcher: CollectingDispatcher, code: ProviderCode, name: str) -> None:
    """Who a name the customer asks about is, as far as the code says: the code's own sentence
    that names it (Invictanet's "Invictawiz", which the code never explains), or that the code
    does not mention it."""
    pattern = re.compile(rf"\b{re.escape(name)}\b", re.IGNORECASE)
    quote = next((q for q in _quotes(code.document) if pattern.search(q)), None)
    if quote is None:
        dispatcher.utter_message(
            response="utter_code_does_not_name", name=name.title(), **provider_facts(code)
        )
        return
    written = pattern.search(quote).group(0)  # as the code writes it
    dispatcher.utter_message(
        response="utter_code_names_without_saying_who",
        name=written,
        quote=quote,
        **provider_facts(code),
        **sourced(from_code(code, quote)),
    )


def explain_priority_repair(dispatcher: CollectingDispatcher, code: ProviderCode) -> None:
    """Priority fault repair for a disabled customer who depends on the line (GC C5, in
    regulation.md), with its source; the provider's own code's words where it says more (Invictanet
    §9, on vulnerable groups); then the provider's fault line and how to ask (outside compliance
    review M4: "can I get priority fault repair?" was asked whether it meant to report a fault)."""
    repair = load_rules().disabled_customers.get("priority_fault_repair")
    if repair:
        dispatcher.utter_message(
            response="utter_priority_fault_repair_rules",
            **sourced(from_rules(repair["source"])),
        )
    topic = code.topics.get("vulnerable_customers")
    if topic is not None:
        dispatcher.utter_message(
            response="utter_topic_vulnerable_customers",
            code_text=topic.text,
            **provider_facts(code),
            **sourced(from_code(code, topic.quote, section=topic.section)),
        )
    utter_fault_route(dispatcher, code)
    dispatcher.utter_message(
        response="utter_priority_fault_repair_how_to_ask", **provider_facts(code)
    )


def explain_repair_time(
    dispatcher: CollectingDispatcher, code: ProviderCode, offer_complaint: bool
) -> None:
    """ "How long will it take to fix my fault?": what the code says about fault repair times
    (Invictanet 6.4: as soon as it reasonably can, with any target in the product's SLA), or
    plainly that it says nothing; then where to report or ask about the fault, and a complaint
    offered. Never a complaint's reply date: that is not a repair date (issue 14)."""
    facts = provider_facts(code)
    topic = code.topics.get("fault_repair_time")
    if topic is not None:
        dispatcher.utter_message(
            response="utter_topic_fault_repair_time",
            code_text=topic.text,
            **facts,
            **sourced(
                from_code(code, topic.quote, section=topic.section),
                *(
                    [from_code(code, topic.also_quote, section=topic.also_section)]
                    if topic.also_quote
                    else []
                ),
            ),
        )
    else:
        dispatcher.utter_message(response="utter_not_covered_fault_repair_time", **facts)
    utter_fault_route(dispatcher, code)
    if offer_complaint:
        dispatcher.utter_message(response="utter_offer_complaint")


def explain_someone_acting(dispatcher: CollectingDispatcher, code: ProviderCode) -> None:
    """Whether someone else may deal with the complaint for the customer: no source says how, so
    that is said plainly, with the number to ask; the code's words on confidentiality where it has
    them; and the one thing the assistant can do, note the wish on a complaint (recorded with
    consent under GC C5.3-C5.7; outside compliance review L8: the accessible-formats text)."""
    facts = provider_facts(code)
    dispatcher.utter_message(response="utter_someone_acting_not_covered", **facts)
    topic = code.topics.get("confidentiality")
    if topic is not None:
        dispatcher.utter_message(
            response="utter_topic_confidentiality",
            code_text=topic.text,
            **facts,
            **sourced(from_code(code, topic.quote, section=topic.section)),
        )
    offer = load_vulnerability_rules().offers.get("someone_to_speak")
    if offer is not None:
        dispatcher.utter_message(
            response="utter_someone_acting_noted", **sourced(from_rules(offer.source))
        )


def _or(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


SUSPENSION = "suspension"  # the code's topic on suspending or disconnecting a service


def suspension_asked(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """ "will you cut me off if I don't pay the bill I'm disputing?", whatever intent the model
    read (outside compliance, round 18, F23: compensation, or a complaint form): what the code says
    of suspending or disconnecting a service (its `suspension` topic, with its quotes), and that it
    says nothing of a bill being disputed; or, for a code without the topic, that it does not cover
    it. Then the provider's number. regulation.md says nothing of suspension, so nothing from it.
    None for any other message, or while a form or the read-back waits."""
    if (tracker.active_loop or {}).get("name") or awaiting_read_back(tracker):
        return None
    if not asks_about_suspension(tracker.latest_message.get("text")):
        return None
    code = provider_for(tracker)
    facts = provider_facts(code)
    topic = code.topics.get(SUSPENSION)
    if topic is None:
        dispatcher.utter_message(response="utter_suspension_not_covered", **facts)
    else:
        dispatcher.utter_message(
            response="utter_topic_suspension",
            code_text=topic.text,
            **facts,
            **sourced(
                from_code(code, topic.quote, section=topic.section),
                *(
                    [from_code(code, topic.also_quote, section=topic.also_section)]
                    if topic.also_quote
                    else []
                ),
            ),
        )
        dispatcher.utter_message(response="utter_suspension_dispute_not_said", **facts)
    dispatcher.utter_message(response="utter_suspension_ask_provider", **facts)
    return [SlotSet("provider", code.id)]


def explain_topics(dispatcher: CollectingDispatcher, code: ProviderCode, question: str) -> None:
    facts = provider_facts(code)
    found = [name for name in QUESTION_TOPICS[question] if name in code.topics]
    if question == "ask_accessible_formats":
        for name in found:
            topic = code.topics[name]
            dispatcher.utter_message(
                response=f"utter_topic_{name}",
                code_text=topic.text,
                **facts,
                **sourced(from_code(code, topic.quote, section=topic.section)),
            )
        explain_accessibility(dispatcher, code)
        return
    if not found:
        dispatcher.utter_message(response=f"utter_not_covered_{question}", **facts)
        return
    for name in QUESTION_TOPICS[question]:
        if name in SAID_WHEN_NOT_IN_CODE and name not in found:
            # "Will I get compensation?" to a code that speaks of refunds only: said plainly,
            # never left to be read into the refunds clause (issue 14).
            dispatcher.utter_message(response=f"utter_not_in_code_{name}", **facts)
    for name in found:
        topic = code.topics[name]
        dispatcher.utter_message(
            response=f"utter_topic_{name}",
            code_text=topic.text,
            **facts,
            **sourced(
                from_code(code, topic.quote, section=topic.section),
                *(
                    [from_code(code, topic.also_quote, section=topic.also_section)]
                    if topic.also_quote
                    else []
                ),
            ),
        )


def utter_call_basis(
    dispatcher: CollectingDispatcher,
    code: ProviderCode,
    quote: ComplaintQuote,
    now: datetime,
    facts: dict[str, Any],
    *,
    if_you_ring: bool,
    from_start: bool = False,
) -> None:
    """What a phoned complaint's dates are counted from, said (outside testers, round 13): a call
    still to make ("if i ring ...") from when it can be made, with when the lines open if they
    are closed now; a call made today, within the code's phone hours."""
    hours = code.document["working_time"].get("quote")
    hours_source = sourced(from_code(code, hours)) if hours else {}
    counted = counted_from_words(quote)
    if if_you_ring:
        closed = code.working_time.hours_stated and not code.working_time.is_open(now)
        dispatcher.utter_message(
            response="utter_response_times_intro_if_you_ring_closed"
            if closed
            else "utter_response_times_intro_if_you_ring",
            counted_from=counted,
            **facts,
            **(hours_source if closed else {}),
        )
        return
    if from_start and code.working_time.hours_stated:
        response = "utter_response_times_intro_call_today"  # closed now: from today's opening
    elif code.working_time.is_open(now):
        response = "utter_response_times_intro_call_now"
    else:
        response = "utter_response_times_intro_call_counted"
    dispatcher.utter_message(
        response=response,
        counted_from=counted,
        **facts,
        **(hours_source if response != "utter_response_times_intro_call_now" else {}),
    )


def counted_from_words(quote: ComplaintQuote) -> str:
    """When a complaint's reply times start ("Tuesday 29 December 2026 at 09:00"): the day it is
    sent, or the next opening when that day is not a working day (bot/working_time.py)."""
    start = quote.counted_from
    hours = quote.code.working_time.hours_stated
    return long_date(start.date()) + (f" at {start:%H:%M}" if hours else "")


async def case_handler_contact_answered(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """ "when will the case handler contact me?" to a code that promises the case handler's first
    contact within a period (Infinity System Solutions' 48 hours): the code's words, then the
    moment the period ends, counted as staff see it (`bot.rights.due_moment`: from the next
    working period when raised outside it): from the case's raising for the complaint logged here,
    else from now (outside compliance reader, F33: the period alone, no date). None otherwise."""
    if (tracker.active_loop or {}).get("name"):
        return None
    if not asks_when_case_handler_contacts(tracker.latest_message.get("text")):
        return None
    code = provider_for(tracker)
    promised = next((c for c in code.commitments if c.kind == "case_handler_contact"), None)
    if promised is None:
        return None
    now = clock.now()
    facts = provider_facts(code)
    source = sourced(from_code(code, promised.quote, section=promised.section))
    said = {"period": promised.period.describe(), **facts, **source}
    logged = logged_here(tracker)
    if logged is not None:
        reference = logged["reference"]
        try:
            case = await with_store(lambda store: store.get(reference))
        except Exception:
            logger.exception("case store unavailable for the case handler's date")
            case = None
        owed = (
            None
            if case is None
            else next((c for c in case.commitments if c.id == promised.id), None)
        )
        if case is None or owed is None or owed.met_at is not None:
            # Not in the store, or the contact already marked as made: the code's reply times
            # as before, never a date from now for a complaint raised earlier.
            return None
        counted = code.working_time.counting_from(case.raised_at)
        passed = "_passed" if owed.due < now else ""
        out_of_hours = "_out_of_hours" if counted != case.raised_at else ""
        dispatcher.utter_message(
            response=f"utter_case_handler_contact_logged{out_of_hours}{passed}",
            reference=reference,
            raised=moment_text(case.raised_at),
            counted_from=moment_text(counted),
            due=moment_text(owed.due),
            **said,
        )
        return [SlotSet("provider", code.id)]
    counted = code.working_time.counting_from(now)
    out_of_hours = "_out_of_hours" if counted != now else ""
    dispatcher.utter_message(
        response=f"utter_case_handler_contact_from_now{out_of_hours}",
        now=moment_text(now),
        counted_from=moment_text(counted),
        due=moment_text(due_moment(code, promised, now)),
        **said,
    )
    return [SlotSet("provider", code.id)]


async def reply_owed_answered(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """ "when will i get a letter", "when will i hear back" once a complaint was logged here: the
    replies owed on it, dated from when it was raised, as logging said them (outside customers A,
    round 20, F4: the reply times for a complaint sent by letter, and no date). None otherwise,
    or when the case cannot be read."""
    if (tracker.active_loop or {}).get("name"):
        return None
    if not asks_when_we_reply(tracker.latest_message.get("text")):
        return None
    logged = logged_here(tracker)
    if logged is None:
        return None
    reference = logged["reference"]
    try:
        case = await with_store(lambda store: store.get(reference))
    except Exception:
        logger.exception("case store unavailable for the replies owed")
        return None
    owed = [c for c in case.commitments if c.met_at is None] if case is not None else []
    if case is None or not owed:
        return None
    code = provider_for(tracker)
    facts = provider_facts(code)
    promised = {c.id: c for c in code.commitments}
    dispatcher.utter_message(
        response="utter_logged_case_replies_owed", reference=reference, **facts
    )
    utter_commitments(
        dispatcher,
        [(promised[c.id], c.due) for c in owed if c.id in promised],
        facts,
        code,
        logged=(case.reference, case.raised_at),
    )
    return [SlotSet("provider", code.id)]


async def answered_before_the_question(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
) -> list[EventType] | None:
    """What the question-answering actions answer before their own question: a reference typed
    at the reference question ("IN WDVYAJ", round 19, F6), then "when will someone get in touch
    to introduce themselves?" read as another question, the case handler's first contact, dated
    (outside compliance reader, F33). None when neither."""
    from actions.status import reference_answered  # actions.status imports this module

    referenced = await reference_answered(dispatcher, tracker, domain)
    if referenced is not None:
        return referenced
    handler = await case_handler_contact_answered(dispatcher, tracker)
    if handler is not None:
        return handler
    return await reply_owed_answered(dispatcher, tracker)


@hears_cues_in_passing
class ActionQuoteResponseTimes(Action):
    """Tells the customer, with real dates, when each promised reply to a chat complaint is due."""

    def name(self) -> str:
        return "action_quote_response_times"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        answered = await answered_before_the_question(dispatcher, tracker, domain)
        if answered is not None:
            return answered
        return self._answer(dispatcher, tracker, domain)

    def _answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        followed = follow_up_to_last_answer(tracker)
        if followed is not None:
            return followed  # "what's their website?" after the ADR answer, read as this
        body = other_body_contact_asked(tracker)
        if body is not None:
            return body  # "whats ofcoms number": Ofcom's contacts (outside customers A, r12, H5)
        text = tracker.latest_message.get("text")
        now = clock.now()
        code = provider_for(tracker)
        today = code.working_time.localise(now).date()
        received_on = letter_received_day_in(text, today)
        complaint = None if received_on is not None else complaint_not_question(tracker)
        if complaint is not None:
            return complaint
        if tracker.get_slot("requested_slot") in (
            "contact_preference",
            "customer_name",
            "customer_phone",
            "customer_email",
        ):
            # "whatever is quickest" at "How would you like us to contact you?", read as asking
            # how quickly a reply comes (outside testers: the question came again and again);
            # "i told you dont phone me" at the phone question (outside customers B, round 12, M4).
            answered = answer_to_the_question(tracker, dispatcher, domain)
            if answered is not None:
                return answered
        if asks_about_repair_time(text):
            # "How long will it take to fix my fault?" asks about the repair, not the complaint.
            explain_repair_time(
                dispatcher, code, offer_complaint=not tracker.active_loop.get("name")
            )
            return [SlotSet("provider", code.id)]
        if asks_adr_for_a_day(text, today) or asks_time_limit_to_complain(text):
            # "if I complain on 5 January 2027, when can I go to the ombudsman?": the ADR question;
            # so is "how long do I have to complain?", whose answer has the time limits.
            return read_as(tracker.latest_message, "ask_adr")
        route = reply_route_asked(text)
        if route is not None and received_on is None and not supposes_a_complaint(text):
            # "will you reply by letter?" asks how the provider replies, not about a letter sent
            # (outside compliance reader, round 13, F24).
            explain_reply_routes(dispatcher, code, route)
            return [SlotSet("provider", code.id)]
        # "If I send a letter, when will I hear back?" is answered for letters (issue 15).
        channel = "letter" if received_on is not None else channel_named(text) or "chat"
        # "when would you reply if I wrote on 24 December?": counted from that day (issue 14);
        # "a letter that you'll get on 23rd December": from the day it is received, with dates.
        day = received_on or planned_day_in(text, today)
        # "I emailed a complaint on Saturday": counted from that day, not today (r12 H4).
        sent_on = None if day is not None else sent_day_in(text, today)
        day = day or sent_on
        call_back = asks_when_called_back(text) and received_on is None and channel == "phone"
        if call_back and day is not None and day in call_back_days_in(text, today):
            # "will they call me back on Monday?", "if i ring ... call me back tomorrow?": the day
            # named is the call back's, not the day the call is or was made (round 13).
            day = None
        # "if i ring to complain will someone call me back?": a call still to make, counted from
        # when it can be made, and said as conditional (outside testers, round 13).
        if_you_ring = call_back and day is None and supposes_a_complaint(text)
        if if_you_ring and channel == "chat":
            channel = "phone"
        # "on 24 December at 4.30pm", "at quarter to six tonight": counted from that time, not
        # the day's opening (outside compliance F4, customers B F17: a day early after closing).
        at = time_of_day_in(text) if day is not None or supposes_a_complaint(text) else None
        if at is not None and day is None:
            day = today
        called_at = now
        # "will they call me back on Monday?" is about a call already made; with no day of its
        # own, one made today, as "i rang today" is (outside testers, round 13: counted from now).
        rang_today = day is None and (
            called_earlier_today(text) or (call_back and not supposes_a_complaint(text))
        )
        if rang_today and channel == "chat":
            channel = "phone"
        if rang_today and channel == "phone":
            # "i rang today and they said someone would call me back" at 18:10: the call was made
            # within today's hours, so counted from them (outside customers A, round 12, M6).
            opens, closes = code.working_time.span(today)
            if (
                code.working_time.is_working_day(today)
                and code.working_time.localise(now) >= closes
            ):
                called_at = opens
        received = (
            called_at
            if day is None
            else datetime.combine(day, at or time.min, code.working_time.zone)
        )
        quote = quote_response_times(code, load_rules(), channel=channel, received=received)
        facts = provider_facts(code)
        on_day = "" if day is None else "_on_day"
        if day is not None:
            day_words = long_date(day) + ("" if at is None else f" at {at:%H:%M}")
            facts = {**facts, "day": day_words, "counted_from": counted_from_words(quote)}
        if if_you_ring and not quote.commitments and code.complaint_routes is not None:
            # "if i ring to complain ...?" to a code with no timed promise for a call: said as
            # the condition it is, never as a complaint made on the day of the call back.
            routes = code.complaint_routes
            dispatcher.utter_message(
                response="utter_no_commitments_routes_if_you_ring",
                channel=ASKED_CHANNEL_WORDS.get(channel, channel),
                routes=routes.text,
                **facts,
                **sourced(*(from_code(code, q) for q in (routes.quote, routes.also_quote) if q)),
            )
            utter_timed_promises_only_for(dispatcher, code, channel)
        elif not quote.commitments and channel != "chat" and code.complaint_routes is not None:
            # "if I complain by phone?" to Invictanet, whose code asks for complaints by fax or
            # e-mail: what its code says about how to complain, not a phone number to ask on
            # (issue 14: that read as if phone were the code's way to complain).
            routes = code.complaint_routes
            dispatcher.utter_message(
                response=f"utter_no_commitments_routes{on_day}",
                channel=ASKED_CHANNEL_WORDS.get(channel, channel),
                routes=routes.text,
                **facts,
                **sourced(*(from_code(code, q) for q in (routes.quote, routes.also_quote) if q)),
            )
            utter_timed_promises_only_for(dispatcher, code, channel)
            if day is not None and channel != code.chat_channel:
                # "if I fax you a complaint on Friday 2 April 2027" to a code with no time for a
                # fax: what it states for e-mail, dated from that day (outside compliance reader,
                # round 13, F22: dated from today, or not at all).
                instead = quote_response_times(
                    code, load_rules(), channel=code.chat_channel, received=received
                )
                if instead.commitments:
                    dispatcher.utter_message(
                        response="utter_response_times_instead_on_day",
                        channel=ASKED_CHANNEL_WORDS.get(code.chat_channel, code.chat_channel),
                        **{**facts, "counted_from": counted_from_words(instead)},
                    )
                    utter_commitments(
                        dispatcher,
                        [(d.commitment, d.due) for d in instead.commitments],
                        facts,
                        code,
                        code.chat_channel,
                    )
        elif not quote.commitments:
            dispatcher.utter_message(response=f"utter_no_commitments{on_day}", **facts)
        elif channel == "phone" and day is None and (if_you_ring or rang_today):
            utter_call_basis(
                dispatcher,
                code,
                quote,
                now,
                facts,
                if_you_ring=if_you_ring,
                from_start=called_at != now,
            )
        elif channel == "letter" and received_on is not None:
            # The day the letter is received is known: the code's dates, counted from it; a day
            # gone by is said as one (outside testers, round 13: "you received my letter on ...").
            past = "_past" if received_on <= today else ""
            dispatcher.utter_message(
                response=f"utter_response_times_intro_letter_received{past}", **facts
            )
        elif channel == "letter":
            # A letter is received days after it is posted: no date from today (F4).
            dispatcher.utter_message(response=f"utter_response_times_intro_letter{on_day}", **facts)
        elif channel != "chat":
            dispatcher.utter_message(
                response=f"utter_response_times_intro_channel{on_day}",
                channel=ASKED_CHANNEL_WORDS[channel],
                **facts,
            )
        elif code.complaint_routes is None:
            dispatcher.utter_message(
                response=f"utter_response_times_intro_channel{on_day}",
                channel=ASKED_CHANNEL_WORDS.get(quote.effective_channel, quote.effective_channel),
                **facts,
            )
        else:
            # No code mentions a web chat: its times are for the routes it names (outside
            # compliance review: "a chat complaint counts as email" was in no code).
            routes = code.complaint_routes
            dispatcher.utter_message(
                response=f"utter_response_times_intro{on_day}",
                routes=routes.timed_text,
                effective_channel=ASKED_CHANNEL_WORDS.get(
                    quote.effective_channel, quote.effective_channel
                ),
                **facts,
                **sourced(*(from_code(code, q) for q in (routes.quote, routes.also_quote) if q)),
            )
        utter_commitments(
            dispatcher,
            [(d.commitment, d.due) for d in quote.commitments],
            facts,
            code,
            channel,
            receipt_known=received_on is not None,
        )
        if sent_on is not None:
            # "I e-mailed complaints@invictanet.com yesterday": whether its dates have passed or
            # fall today (outside compliance reader, round 13, F21).
            utter_dates_gone_by(dispatcher, quote, channel, today)
        if code.code_update is not None and (
            not said_in_conversation(tracker, "utter_code_update") or asks_about_code_date(text)
        ):
            # Infinity Group's note on its 31 March 2016 update: the first time, or when the
            # customer asks about the code's date or terms (outside testers, round 13: it came
            # with every reply-time answer).
            update = code.code_update
            dispatcher.utter_message(
                response="utter_code_update",
                code_text=update.text,
                **sourced(*(from_code(code, q) for q in (update.quote, update.also_quote) if q)),
            )
        # "so when will i actually hear back? and whats the ombudsman": the ombudsman too, after
        # the reply times (outside testers, round 13: only the ombudsman was answered).
        return [SlotSet("provider", code.id), *adr_after_reply_time(tracker)]


def _yes_besides_the_question(text: str | None) -> bool:
    """A clear yes to "Shall I log it?" said with a question ("yes log it. can i go to the
    ombudsman?"): the sentence before the question is a yes on its own."""
    first = re.split(r"(?<=[.!,;])\s+|\s+-\s+", str(text or "").strip(), maxsplit=1)[0]
    return first != str(text or "").strip() and confirms_logging(first.strip(" .!,;"))


def adr_ruled_out_for_the_form(tracker: Tracker) -> bool:
    """Whether the complaint read back rules ADR out for this customer (a business the scheme will
    not take, a category no scheme takes), from the form's answers, as logging it will say: the
    ADR question asked with the yes is then answered by the log alone, once (outside compliance,
    round 15, F2: a business of 25 employees was given the ADR answer, with its date, twice)."""
    code = provider_for(tracker)
    head = intake.head_count_given(tracker.get_slot("employees"))
    return (
        adr_eligibility(
            code,
            load_rules(),
            customer_type=tracker.get_slot("customer_type") or None,
            employees=head,
            category=tracker.get_slot("complaint_category") or None,
            description=tracker.get_slot("complaint_description") or None,
        ).eligible
        is False
    )


@hears_cues_in_passing
class ActionAnswerQuestion(Action):
    """Answers a question about escalation, ADR, contact details or another topic of the code."""

    def name(self) -> str:
        return "action_answer_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        answered = await answered_before_the_question(dispatcher, tracker, domain)
        if answered is not None:
            return answered
        return self._run(dispatcher, tracker, domain)

    def _run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if (
            (tracker.latest_message.get("intent") or {}).get("name") == "ask_adr"
            and not (tracker.active_loop or {}).get("name")
            and awaiting_read_back(tracker)
            and _yes_besides_the_question(tracker.latest_message.get("text"))
            and adr_ruled_out_for_the_form(tracker)
        ):
            # "yes log it, can i go to the ombudsman?" from a business the scheme won't take: the
            # log says so, for this customer, once (outside compliance, round 15, F2).
            return [SlotSet("provider", provider_for(tracker).id),
                    FollowupAction("action_submit_complaint")]  # fmt: skip
        events = self._answer(dispatcher, tracker, domain)
        if (
            not any(e.get("event") == "followup" for e in events)
            and not (tracker.active_loop or {}).get("name")
            and awaiting_read_back(tracker)
            and _yes_besides_the_question(tracker.latest_message.get("text"))
        ):
            # "yes log it. can i go to the ombudsman about a price rise?" at "Shall I log it?"
            # (outside testers, round 13, infinium: answered, and the read-back asked again): the
            # question answered, then the complaint logged.
            return [*events, FollowupAction("action_submit_complaint")]
        return events

    def _answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        question = (tracker.latest_message.get("intent") or {}).get("name")
        text = tracker.latest_message.get("text")
        if tracker.active_loop.get("name") in (None, "case_lookup_form") and asks_about_a_lock(
            text
        ):
            # "have I been locked out?", read as asking how to escalate (outside attacker, round
            # 18, F7): the one reply that neither confirms nor denies a lock, nothing counted.
            from actions.status import utter_lock_asked  # actions.status imports this module

            code = provider_for(tracker)
            utter_lock_asked(dispatcher, code)
            return [SlotSet("provider", code.id)]
        if not tracker.active_loop.get("name") and help_for_circumstances_asked(text):
            # Whichever question the model read (outside compliance r14, F4).
            return explain_help_for_circumstances(dispatcher, tracker)
        if question in QUESTION_TOPICS and asks_for_rights(text):
            # "what rights do I have" read as a topic's question (Infinium: its confidentiality
            # text): the rights answer, the ladder and the ADR scheme (outside testers, issue 14).
            question = "ask_escalation"
        if question in QUESTION_TOPICS or question == "ask_contact":
            if other_body_asked(text) is not None:
                # "whats ofcoms number" read as a topic's question: Ofcom's contacts, as "how do
                # I contact Ofcom?" gets them (outside customers A, round 12, H5).
                question = "ask_contact"
            else:
                called = call_back_asked(tracker)
                if called is not None:
                    return called  # "will they call me back on Monday?": the call back, dated
        if (
            tracker.active_loop.get("name") is None
            and not tracker.latest_message.get(BOTH_ASKED)
            and asks_reply_time_and_adr(text)
        ):
            # "so when will i actually hear back? and whats the ombudsman", read as ADR: the reply
            # time first, then the ADR answer (outside testers, round 13: the ombudsman only).
            return read_as(tracker.latest_message, "ask_response_time")
        if question != "ask_adr" and tracker.active_loop.get("name") is None:
            held = adr_letter_held_told(tracker)
            if held is not None:
                # "I got a deadlock letter dated 2 March 2026" read as escalation, a contact or a
                # topic: the ADR question, counted from the letter (outside testers, issue 14).
                return held
        if (
            question == "ask_accessible_formats"
            and tracker.active_loop.get("name") == "complaint_form"
            and tracker.get_slot("requested_slot") == "accessibility_needs"
        ):
            # "I need large print" answers the form's own question about formats: heard as the
            # answer, never answered and asked again.
            return read_as(tracker.latest_message, "inform")
        if (
            tracker.active_loop.get("name") == "complaint_form"
            and tracker.get_slot("requested_slot") == "customer_phone"
            and asks_why_phone_needed(text)
        ):
            # "why do u need my phone number" at the phone question (outside testers, round 13):
            # what it is for, then the form asks again.
            code = provider_for(tracker)
            explain_phone_use(dispatcher, code)
            return [SlotSet("provider", code.id)]
        suspension = suspension_asked(dispatcher, tracker)
        if suspension is not None:
            return suspension  # "can they suspend my service while the bill is in dispute?"
        chased = chased_for_money_asked(dispatcher, tracker)
        if chased is not None:
            return chased  # "will you stop chasing me for the £180 while its looked at?"
        named = name_asked_about(tracker)
        if named is not None:
            # "Invictawiz, who is that?" (Invictanet, read as data protection: outside testers,
            # round 13): what the code says of the name, or that it says nothing.
            code = provider_for(tracker)
            explain_name(dispatcher, code, named)
            return [SlotSet("provider", code.id)]
        follow_up = follow_up_asked(tracker)
        if follow_up is not None and follow_up.intent in ("ask_adr", "ask_contact"):
            # "12 October 2026", "what's their website?" after the assistant's ADR answer,
            # whichever of these questions the model read.
            return answer_follow_up(dispatcher, tracker, follow_up)
        answered = answer_to_the_question(tracker, dispatcher, domain)
        if answered is not None:
            return answered
        withdrawn = withdrawal_in_words(tracker)
        if withdrawn is not None:
            # "can you take off the large print one, i can read fine with my glasses", read as
            # asking about formats (outside customers B, round 12, H5: the formats were explained,
            # the glasses heard as a cue, and nothing removed): withdrawing consent, checked.
            return withdrawn
        case = logged_here(tracker)
        asks_adr = question == "ask_adr" or (
            question == "ask_escalation" and topic_asked(text) == "ask_adr"
        )
        if case is not None and asks_adr:
            code = provider_for(tracker)
            now = clock.now()
            rules = load_rules()
            plainly = (
                asks_adr_plainly(text, code.working_time.localise(now).date())
                and not scheme_exclusions_asked(text, code, rules)
                and not scheme_silences_asked(text, code, rules)
                and other_body_asked(text) is None
            )
            if plainly:
                # "can i go to the ombudsman?" just after logging: for the complaint logged here
                # (lead, round 12, L2: the general answer, its head count and day ignored), then
                # how to reach the scheme.
                # With the ADR letter the customer said they hold (round 13, F9).
                explain_logged_case_adr(
                    dispatcher, code, now, case, letter_held_said(tracker, now.date())
                )
                explain_scheme_contact(dispatcher, code, now, text)
                return [SlotSet("provider", code.id)]
        asked = repair_time_question_in_words(tracker)
        if asked is not None:
            return asked  # "how long will it take to fix my fault?", read as asking for contacts
        if asks_about_priority_repair(text) or asks_about_someone_acting(text):
            # Asked in words, whichever question intent the model read (outside compliance review
            # M4, L8: priority repair was read as a fault, "can my daughter deal with it for me?"
            # as accessible formats). ActionClarify and ActionReportFault send them here too.
            code = provider_for(tracker)
            if asks_about_priority_repair(text):
                explain_priority_repair(dispatcher, code)
            else:
                explain_someone_acting(dispatcher, code)
            return [SlotSet("provider", code.id)]
        if asks_for_own_data(text) and (
            complaint_in_progress(tracker) or not reads_as_a_complaint(text)
        ):
            # "I want to know what data you hold on me": no code's privacy text answers it, so
            # that is said, with the provider's number (outside compliance r12 M8). A request
            # not answered ("I asked for a copy of all the data you hold on me ... on 1 October,
            # it's been way over a month") is a complaint (the outside set, fresh-complaint-other).
            code = provider_for(tracker)
            dispatcher.utter_message(response="utter_own_data_not_covered", **provider_facts(code))
            return [SlotSet("provider", code.id)]
        asks_access = question == "ask_accessible_formats" and asks_for_accessibility(text)
        complaint = (
            complaint_not_question(tracker)
            if question in QUESTION_TOPICS and not asks_access
            else None
        )
        if complaint is None and not asks_access:
            # "The chat agent closed the chat on me", "i was talked into a contract": an account
            # of something gone wrong, whichever question the model read (issue 15).
            complaint = complaint_told(tracker)
        if complaint is not None:
            return complaint
        code = provider_for(tracker)
        now = clock.now()
        exclusions = scheme_exclusions_asked(text, code, load_rules())
        silences = scheme_silences_asked(text, code, load_rules())
        other = asks_to_go_to_body(text, [b.name for b in load_rules().not_schemes])
        if exclusions or silences:
            explain_scheme_exclusions(dispatcher, code, exclusions, text)
            explain_scheme_silences(dispatcher, code, silences)
            asked_of = [e.scheme for e in exclusions] + [s.scheme for s in silences]
            if code.adr.scheme is None and not any(scheme_named_in(text, s) for s in asked_of):
                # "the ombudsman", to a code that names none: which is ours, asked of the provider.
                dispatcher.utter_message(
                    response="utter_adr_ask_which_scheme", **provider_facts(code)
                )
        elif other is not None and question in ("ask_adr", "ask_escalation", "ask_compensation"):
            # "Can I complain to Ofcom instead? What's their number?": what Ofcom is and how to
            # reach it, from regulation.md, then the scheme that does decide complaints (outside
            # compliance review M9: the ADR answer alone, no Ofcom number).
            explain_other_body(dispatcher, code, other)
            explain_adr(dispatcher, code, now, text)
        elif question == "ask_escalation" and asks_adr_about_prices(text):
            # "your prices are just too high compared to BT, can CISAS look at that?" read as
            # escalation: the schemes don't judge general price levels, as the ADR question is
            # told (outside compliance, round 16, F21: the ladder and "you can take it to CISAS").
            explain_adr(dispatcher, code, now, text)
        elif question == "ask_escalation":
            utter_escalation_route(dispatcher, code, provider_facts(code), include_first=True)
            # "Who can I go to if you can't sort it?": past the ladder is the ADR scheme.
            rules = load_rules()
            rights = adr_rights(code, rules, now)
            today = rights.scheme_today
            if case is not None and logged_case_rules_out_adr(code, now, case):
                # Just after logging a complaint ADR is not open to (a business of 12): said for
                # that complaint, never "you can take it to" the scheme (outside words testers,
                # round 16, F24: told so two turns after "cannot use ADR").
                explain_logged_case_adr(dispatcher, code, now, case)
            elif rights.scheme is not None:
                # How to reach it is today's (outside compliance review: Infinium's answer gave
                # CISAS's old address with no word that it is out of date).
                contacts = today.contacts if today is not None and today.contacts else ()
                dispatcher.utter_message(
                    response="utter_escalation_then_adr"
                    if contacts
                    else "utter_escalation_then_adr_code_contacts",
                    scheme=scheme_name(code, rights),
                    contacts=contacts_text(contacts or rights.scheme.contacts),
                    **sourced(*scheme_sources(code, rights)),
                )
            else:
                # No scheme named (outside compliance review: "ADR scheme: ombudsman (ADR) scheme").
                dispatcher.utter_message(
                    response="utter_escalation_then_adr_no_scheme",
                    schemes=and_list([s.called for s in rules.schemes]),
                    **provider_facts(code),
                    **sourced(*(from_rules(s.source) for s in rules.schemes)),
                )
        elif (
            question == "ask_adr"
            or (question == "ask_contact" and asks_adr_for_a_day(text, now.date()))
            or (question == "ask_compensation" and asks_about_award(text))
        ):
            # "I complained on 01/04/2026, can I go to the ombudsman now?" read as a contact
            # question is still the ADR question, for that day (outside compliance review).
            explain_adr(dispatcher, code, now, text)
            # "I first complained on 3 September, when can I go to CISAS?": the day is kept for
            # the complaint logged next, so its confirmation counts from it too (issue 14).
            return [SlotSet("provider", code.id), *first_raised_said(tracker, text, now)]
        elif question == "ask_contact":
            rules = load_rules()
            other = body_named(text, [b.name for b in rules.not_schemes])
            if other is not None:
                explain_other_body(dispatcher, code, other)
                if asks_body_to_take_up(text, [b.name for b in rules.not_schemes]):
                    # "Can Ofcom deal with my complaint?" read as a contact question: Ofcom
                    # does not, and the scheme that does, as the ADR question answers it.
                    explain_adr(dispatcher, code, now, text)
            elif asks_about_a_scheme(text) or body_named(text, [s.name for s in rules.schemes]):
                # "how do i contact cisas" got the provider's own phone and address (outside
                # testing, 27 Nov): a scheme's contacts, today's, with when it opens.
                explain_adr(dispatcher, code, now, text)
            else:
                asked_by = complaint_channel_asked(text)
                routes = code.complaint_routes
                if routes is not None and (
                    asked_by in ("phone", "letter") or asks_how_to_complain(text)
                ):
                    # "can I complain by phone?" to Invictanet: how its code asks for complaints
                    # to be made (fax or e-mail), before its contacts (issue 14).
                    dispatcher.utter_message(
                        response="utter_complaint_routes",
                        routes=routes.text,
                        **provider_facts(code),
                        **sourced(
                            *(from_code(code, q) for q in (routes.quote, routes.also_quote) if q)
                        ),
                    )
                if asks_deaf_contact(text):
                    # "im deaf, how can i contact you? i cant do phone calls" (Invictanet: nine
                    # contact lines and no Relay UK, outside testers, round 13): Relay UK, then
                    # the code's ways in writing, never its phone lines alone.
                    explain_contact_without_voice(dispatcher, code)
                else:
                    explain_contacts(dispatcher, code, now, text)
                    if asks_how_to_contact_without_hearing(text):
                        explain_text_relay_contact(dispatcher, code)
        elif question in QUESTION_TOPICS:
            explain_topics(dispatcher, code, question)
            if question == "ask_compensation" and asks_compensation_for_a_loss(text):
                # "can i get compensation for the lost card sales? we lost about £400" (outside
                # testers, round 13: only that the code says nothing of compensation).
                utter_compensation_award(dispatcher, code, now)
        else:
            dispatcher.utter_message(response="utter_what_i_can_do")
        return [SlotSet("provider", code.id)]
