"""Due dates and rights for a complaint raised at a given moment.

A quote joins a provider's code (what it promises, as written) and today's rules (the dated table in
`bot/rules/`): every commitment with its due moment, the escalation ladder, the date ADR opens (the
earlier of the code's date and the rules' date), the time limits (the longer of the two), and whether
this customer may use ADR at all, with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta

from bot.answers.adr import (
    asks_about_a_scheme,
    body_named,
    matters_named,
    tells_of_court_under_way,
)
from bot.answers.business import HEAD_COUNT_GROUPS, HeadCount
from bot.provider_codes import CATEGORIES, Body, Commitment, Handler, ProviderCode
from bot.regulation import AdrWaitRule, Rules, Scheme, load_rules, long_date
from bot.scheme_contacts import and_list

CHANNELS: tuple[str, ...] = ("phone", "email", "letter", "fax", "web", "voip", "chat")
CUSTOMER_TYPES: tuple[str, ...] = ("consumer", "business")


@dataclass(frozen=True)
class Finding:
    """A statement with a stable code (for the assistant's wording) and default English text."""

    code: str
    text: str
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DueCommitment:
    commitment: Commitment
    due: datetime

    def to_dict(self) -> dict[str, Any]:
        c = self.commitment
        return {
            "id": c.id,
            "kind": c.kind,
            "period": {"amount": c.period.amount, "unit": c.period.unit},
            "channels": list(c.channels) if c.channels else None,
            "due": self.due.isoformat(),
            "due_text": long_date(self.due.date()),
            "quote": c.quote,
        }


def due_moment(code: ProviderCode, commitment: Commitment, received: datetime) -> datetime:
    """When a commitment falls due for something received at `received`."""
    working = code.working_time
    amount, unit = commitment.period.amount, commitment.period.unit
    if unit in ("working_days", "business_days"):
        if commitment.first_days:
            # "within the first 3 working days" (ISS): the first of them is the day the period
            # starts in, so they close at the end of the 3rd, one working day before "3 working
            # days" after the day of receipt (outside compliance reader, F7).
            return working.end_of_working_days(received, amount - 1)
        return working.end_of_working_days(received, amount)
    if unit == "working_hours":
        return working.add_working_hours(received, amount)
    if unit == "calendar_hours":
        # Plain hours, but from the start of the next working period when received outside it,
        # as today's rules count every complaint (regulation.md, "Working days and bank holidays"):
        # Infinity System Solutions' 48 hours for a complaint raised on a Saturday were counted
        # from Saturday, 46 of them in a closed weekend (outside compliance, round 16, F11).
        return working.add_calendar_hours(working.counting_from(received), amount)
    raise ValueError(f"{code.id}: commitment {commitment.id!r} has unknown unit {unit!r}")


def gives_a_date(commitment: Commitment, channel: str, *, receipt_known: bool = False) -> bool:
    """Whether a customer asking today about a complaint made by `channel` is given a date for
    `commitment`, or only its period as the code states it. Not for a letter: it is received
    days after it is posted, and Infinium's code counts "of receipt of your correspondence"
    (outside compliance reader, F4). Not for a period in plain hours: Infinity System
    Solutions' "within 48 hours of your complaint being raised" says nothing of the weekends
    and bank holidays its lines are closed, so a date would add a meaning it does not give
    (a Saturday, as a firm date; F2). `due_moment` still dates both for staff. A letter whose
    day of receipt the customer gives (`receipt_known`: "you'll get it on 23rd December") is
    dated from that day (outside testers, issue 14)."""
    return (channel != "letter" or receipt_known) and not in_plain_hours(commitment)


# Where a code starts a period, in its own words (`counted_from`).
PERIOD_STARTS = {"raised": " of your complaint being raised", "receipt": " of receiving it"}


def period_words(commitment: Commitment) -> str:
    """ "within 48 hours of your complaint being raised": the period as the code states it, for
    the written confirmation and the complaint record, where no date is given."""
    return f"within {commitment.period.describe()}" + PERIOD_STARTS.get(
        commitment.counted_from or "", ""
    )


def in_plain_hours(commitment: Commitment) -> bool:
    """A period the code gives in hours with no word of working time ("within 48 hours"): never
    dated for a customer, only quoted (F2)."""
    return commitment.period.unit == "calendar_hours"


def commitment_response(
    kind: str, strength: str, *, dated: bool = True, counted_from: str | None = None
) -> str:
    """The response for a commitment: its kind, worded as firmly as the code words it; with no
    date (`dated` False), its period from where the code starts it ("_from_receipt",
    "_from_raised") or, where the code does not say, the period alone ("_undated")."""
    name = (
        f"utter_commitment_{kind}"
        if strength == "promise"
        else f"utter_commitment_{kind}_{strength}"
    )
    if dated:
        return name
    return f"{name}_from_{counted_from}" if counted_from else f"{name}_undated"


@dataclass(frozen=True)
class Eligibility:
    eligible: bool | None  # None: it depends on something the customer has not told us
    reasons: tuple[Finding, ...]


# The findings that close ADR for a complaint; the others say what it depends on, or what stays open.
RULES_OUT = frozenset({"category-excluded", "business-too-large"})


def price_matters_text(rules: Rules) -> str:
    """ "a charge other than what was agreed, ... or a wrong bill": the price complaints ADR takes."""
    matters = list(rules.price_matters_in_scope)
    if len(matters) < 2:
        return "".join(matters)
    return f"{', '.join(matters[:-1])} or {matters[-1]}"


@dataclass(frozen=True)
class HeadCountRule:
    """Whom a business's head count includes for ADR (regulation.md: CISAS counts employees; the
    Communications Ombudsman employees, contractors and volunteers). `scheme` is the approved
    scheme the provider's code names, as called today, and `counts` its rule. A code that names
    no approved scheme (Infinity System Solutions names Ofcom) gets the widest of the schemes'
    counts, and `by_scheme` keeps each scheme's, to say on what the answer depends.

    A stored head count (the case's `employees`) is the count under `counts`: the one the form
    asked for."""

    scheme: str | None
    counts: tuple[str, ...]
    by_scheme: tuple[tuple[str, tuple[str, ...]], ...]
    source: str

    @property
    def narrowest(self) -> tuple[str, ...]:
        """The groups every approved scheme in `by_scheme` counts."""
        return tuple(g for g in self.counts if all(g in c for _, c in self.by_scheme))

    def others(self) -> tuple[str, ...]:
        """The groups some scheme counts and another does not (contractors, volunteers)."""
        return tuple(g for g in self.counts if g not in self.narrowest)

    @property
    def asks_by_group(self) -> bool:
        """Whether the head-count question asks for the employees, then for the groups only some
        scheme counts ("How many employees ..., and how many contractors and volunteers?"): a
        code that names no scheme, when the schemes count differently."""
        return self.scheme is None and bool(self.others())


def the_scheme(name: str, rules: Rules | None = None) -> str:
    """The scheme as a sentence says it, with the article its data gives: "CISAS", "the
    Communications Ombudsman" (`Rules.called`; issue 14: "the CISAS")."""
    return (rules or load_rules()).called(name)


def counted_words(counts: tuple[str, ...]) -> str:
    """ "employees", or "employees, contractors and volunteers counted together"."""
    return counts[0] if len(counts) == 1 else f"{and_list(list(counts))} counted together"


def head_count_rule(code: ProviderCode, rules: Rules) -> HeadCountRule:
    """The head-count rule of the provider's ADR scheme (of every approved scheme, when the code
    names none), from today's rules."""
    named = rules.scheme_named(code.adr.scheme.name) if code.adr.scheme is not None else None
    if named is not None:
        scheme = named[0]
        return HeadCountRule(
            scheme.name,
            scheme.head_count,
            ((scheme.name, scheme.head_count),),
            scheme.head_count_source,
        )
    widest = tuple(g for g in HEAD_COUNT_GROUPS if any(g in s.head_count for s in rules.schemes))
    return HeadCountRule(
        None,
        widest,
        tuple((s.name, s.head_count) for s in rules.schemes),
        "; ".join(dict.fromkeys(s.head_count_source for s in rules.schemes)),
    )


def head_count_words(rule: HeadCountRule) -> str:
    """What "10 or fewer ..." counts: "employees"; "employees, contractors and volunteers counted
    together"; for a code that names no scheme, "employees (the Communications Ombudsman also
    counts contractors and volunteers)"."""
    if rule.scheme is not None or not rule.others():
        return counted_words(rule.counts)
    wider = [
        f"{the_scheme(name)} also counts {and_list([g for g in counts if g in rule.others()])}"
        for name, counts in rule.by_scheme
        if any(g in rule.others() for g in counts)
    ]
    return f"{counted_words(rule.narrowest)} ({'; '.join(wider)})"


def how_schemes_count(rule: HeadCountRule) -> str:
    """ "CISAS counts employees; the Communications Ombudsman counts employees, contractors and
    volunteers": each scheme's rule, for a code that names none."""
    return "; ".join(
        f"{the_scheme(name)} counts {and_list(list(counts))}" for name, counts in rule.by_scheme
    )


@dataclass(frozen=True)
class SchemeExclusion:
    """A scheme a question asks about, and the matters it names that the scheme does not take."""

    scheme: Scheme
    asked: tuple[str, ...]


def _schemes_asked(text: str | None, code: ProviderCode, rules: Rules) -> list[Scheme]:
    """The schemes a question names (by today's or a former name); "the ombudsman" is the
    provider's own scheme."""
    schemes = [s for s in rules.schemes if body_named(text, [s.name, *s.former_names]) is not None]
    if not schemes and code.adr.scheme is not None and asks_about_a_scheme(text):
        own = rules.scheme_named(code.adr.scheme.name)
        schemes = [own[0]] if own is not None else []
    elif not schemes and code.adr.scheme is None and asks_about_a_scheme(text):
        # A code that names no approved scheme (Infinity System Solutions names Ofcom): "the
        # ombudsman" may be either, so each is answered for (outside compliance, round 19, F5).
        schemes = list(rules.schemes)
    return schemes


def scheme_named_in(text: str | None, scheme: Scheme) -> bool:
    """Whether the words name `scheme` itself (by today's or a former name)."""
    return body_named(text, [scheme.name, *scheme.former_names]) is not None


def scheme_exclusions_asked(
    text: str | None, code: ProviderCode, rules: Rules
) -> list[SchemeExclusion]:
    """ "My complaint is about data protection, can CISAS deal with it?": the schemes a question
    names (`_schemes_asked`) and the matters it names that each excludes (regulation.md: CISAS
    does not take complaints about fraud, property damage, discrimination or data protection)."""
    return _exclusions_named(text, _schemes_asked(text, code, rules))


@dataclass(frozen=True)
class SchemeSilence:
    """A scheme a question asks about, matters it names that today's rules say another scheme
    does not take and say nothing of for this one, and the schemes that exclude them."""

    scheme: Scheme
    asked: tuple[str, ...]
    excluded_by: tuple[Scheme, ...]


def scheme_silences_asked(
    text: str | None, code: ProviderCode, rules: Rules
) -> list[SchemeSilence]:
    """ "My data was leaked, can the ombudsman help?" to a customer of a Communications Ombudsman
    provider: regulation.md says CISAS does not take data protection complaints and says nothing
    either way of the Communications Ombudsman, and no code says either. Each scheme asked about
    (`_schemes_asked`) with the matters named that another scheme excludes and it does not: what
    the sources are silent on, so the assistant says so and claims neither way (issue 14)."""
    found = []
    for scheme in _schemes_asked(text, code, rules):
        others = [s for s in rules.schemes if s is not scheme]
        elsewhere = [m for s in others for m in s.excluded_matters]
        asked = [
            m
            for m in matters_named(text, list(dict.fromkeys(elsewhere)))
            if m not in scheme.excluded_matters
        ]
        if asked:
            by = tuple(s for s in others if any(m in s.excluded_matters for m in asked))
            found.append(SchemeSilence(scheme, tuple(asked), by))
    return found


def _exclusions_named(text: str | None, schemes: list[Scheme]) -> list[SchemeExclusion]:
    """Each of `schemes` with the matters it excludes that `text` names, where it names any."""
    found = []
    for scheme in schemes:
        asked = matters_named(text, scheme.excluded_matters)
        if asked:
            found.append(SchemeExclusion(scheme, tuple(asked)))
    return found


def _excluded_matters_named(
    description: str | None, code: ProviderCode, rules: Rules
) -> list[SchemeExclusion]:
    """The schemes that may hear this complaint (the provider's own, or every approved scheme for
    a code that names none) and the matters each excludes that the customer's account names
    (outside customers A, 27 Nov: an Infinium customer whose wall was damaged was told CISAS was
    open, with no word that CISAS does not take property damage)."""
    if not description:
        return []
    own = rules.scheme_named(code.adr.scheme.name) if code.adr.scheme is not None else None
    schemes = [own[0]] if own is not None else ([] if code.adr.scheme else list(rules.schemes))
    return _exclusions_named(description, schemes)


def _over_limit(
    head: HeadCount, counts: tuple[str, ...], rule: HeadCountRule, cap: int
) -> bool | None:
    """Whether a scheme counting `counts` finds the business over `cap`; None when it cannot be
    told (one number, counted the widest way, is over the limit but a scheme counts fewer)."""
    if head.groups:
        return head.counted(counts) > cap
    if (head.unnamed or 0) <= cap:
        return False
    return True if set(counts) >= set(rule.counts) else None


def _as_counted(head: HeadCount, counts: tuple[str, ...]) -> str:
    """ "8 employees", "13 counted together": the head count a scheme counting `counts` takes."""
    number = head.counted(counts)
    if len(counts) == 1:
        return HeadCount(((counts[0], number),)).describe()
    return f"{number} counted together"


def _business_size(
    head: HeadCount, rule: HeadCountRule, cap: int, eligible: bool | None
) -> tuple[bool | None, Finding | None]:
    """The eligibility and the finding for a business of this head count."""
    over = [(name, counts, _over_limit(head, counts, rule, cap)) for name, counts in rule.by_scheme]
    verdicts = [verdict for _, _, verdict in over]
    number = head.counted(rule.counts)
    described = head.describe() if head.groups else f"{number} {and_list(list(rule.counts))}"
    facts = {"employees": number, "max_employees": cap}
    if all(verdict for _, _, verdict in over):
        takes = (
            f"{the_scheme(rule.scheme)} takes businesses with {cap} or fewer "
            f"{counted_words(rule.counts)}"
            if rule.scheme is not None
            else f"the schemes take businesses with {cap} or fewer {head_count_words(rule)}"
        )
        return False, Finding(
            "business-too-large", f"A business with {described} cannot use ADR: {takes}.", facts
        )
    each_answered = bool(head.groups) and any(v for _, _, v in over) and None not in verdicts

    def answer(verdict: bool | None, counts: tuple[str, ...]) -> str:
        if not each_answered:
            return ""
        outcome = "it would not" if verdict else "it would take yours"
        return f", so {outcome} ({_as_counted(head, counts)})"

    if each_answered or any(verdict is not False for _, _, verdict in over):
        # With the groups as given, each scheme's answer (outside testers, issue 14/15: 8
        # employees and 5 contractors were told only that it depended, as "13 employees,
        # contractors and volunteers", when CISAS would take them and the Communications
        # Ombudsman would not); with one number that cannot tell, each scheme's limit.
        each = "; ".join(
            f"{the_scheme(name)} takes businesses with {cap} or fewer {counted_words(counts)}"
            f"{answer(verdict, counts)}"
            for name, counts, verdict in over
        )
        return (None if eligible else eligible), Finding(
            "business-size-depends-on-scheme",
            f"Whether a business with {described} can use ADR depends on which scheme we belong "
            f"to: {each}.",
            facts,
        )
    return eligible, None


def business_size_within(code: ProviderCode, rules: Rules, head: HeadCount) -> str | None:
    """ "with 5 employees you are within the limit, as the Communications Ombudsman takes
    businesses with 10 or fewer employees, contractors and volunteers counted together, so long as
    any contractors and volunteers don't take you over 10": a head count every scheme that may hear
    the complaint would take, with the groups the customer did not give and a scheme counts
    (outside compliance, round 16, F1: "we have 5 staff" got only the generic answer). None when a
    scheme would not take it, or that cannot be told."""
    rule = head_count_rule(code, rules)
    code_cap = code.adr.eligibility.max_employees if code.adr.eligibility else None
    cap = max(rules.max_employees, code_cap or 0)
    if any(_over_limit(head, counts, rule, cap) is not False for _, counts in rule.by_scheme):
        return None
    number = head.counted(rule.counts)
    described = head.describe() if head.groups else f"{number} {and_list(list(rule.counts))}"
    takes = (
        f"{the_scheme(rule.scheme, rules)} takes businesses with {cap} or fewer "
        f"{counted_words(rule.counts)}"
        if rule.scheme is not None
        else f"the schemes take businesses with {cap} or fewer {head_count_words(rule)}"
    )
    given = {group for group, _ in head.groups}
    untold = [g for g in rule.counts if head.groups and g not in given]
    unless = f", so long as any {and_list(untold)} don't take you over {cap}" if untold else ""
    return f"with {described} you are within the limit, as {takes}{unless}"


def adr_eligibility(
    code: ProviderCode,
    rules: Rules,
    *,
    customer_type: str | None = None,
    employees: int | HeadCount | None = None,
    category: str | None = None,
    description: str | None = None,
) -> Eligibility:
    """Whether this customer may take this complaint to ADR, and why not or on what it depends.
    A `description` naming a matter a scheme does not take (regulation.md: CISAS does not take
    fraud, property damage, discrimination or data protection) makes it depend on that.

    The employee limit is the more generous of the code's and the rules'; whom it counts is the
    provider's scheme's rule (`head_count_rule`): `employees` is either a stored number, the count
    under that rule, or the groups the customer named ("6 employees and 7 contractors"), of which
    the scheme counts its own. A category is excluded when the code or the rules exclude it.
    """
    reasons: list[Finding] = []
    eligible: bool | None = True
    code_cap = code.adr.eligibility.max_employees if code.adr.eligibility else None
    cap = max(rules.max_employees, code_cap or 0)

    if category is not None and category in rules.excluded_categories:
        eligible = False
        reasons.append(
            Finding(
                "category-excluded",
                f"The ADR schemes do not take {category.replace('_', ' ')} complaints.",
                {"category": category},
            )
        )
    elif category == "pricing" or (
        category is not None and category in code.adr.excluded_categories
    ):
        # Today's exclusion is narrow, and narrower than a code that excludes "pricing complaints":
        # the customer keeps ADR for everything but the fairness of general price levels.
        in_scope = price_matters_text(rules)
        reasons.append(
            Finding(
                "price-levels-excluded",
                "The ADR schemes won't judge whether our general level of prices is fair, but "
                f"{in_scope} can go to them.",
                {"category": category},
            )
        )
    for exclusion in _excluded_matters_named(description, code, rules):
        if eligible:
            eligible = None
        scheme, asked = exclusion.scheme, list(exclusion.asked)
        named = the_scheme(scheme.name)
        reasons.append(
            Finding(
                "matter-excluded",
                f"{named[0].upper()}{named[1:]} does not take complaints about {and_list(asked)}"
                + ("" if code.adr.scheme is not None else ", if it is the scheme we belong to")
                + ": it may not be able to look at that part of your complaint.",
                {"scheme": scheme.name, "matters": asked, "source": scheme.excluded_matters_source},
            )
        )
    if tells_of_court_under_way(description):
        # "I've already started a small claims court case against you": both schemes exclude
        # matters already in court (regulation.md), which the direct answer says and the logged
        # complaint did not (outside compliance, round 16, F30 addendum).
        if eligible:
            eligible = None
        own = rules.scheme_named(code.adr.scheme.name) if code.adr.scheme is not None else None
        named = the_scheme(own[0].name, rules) if own is not None else "the ombudsman (ADR) scheme"
        reasons.append(
            Finding(
                "matter-excluded",
                "The ombudsman (ADR) schemes don't take matters already in court, so if your "
                f"complaint is already before a court, {named} can't deal with it.",
                {
                    "scheme": own[0].name if own else None,
                    "matters": ["matters already in court"],
                    "source": rules.court_source,
                },
            )
        )
    rule = head_count_rule(code, rules)
    if customer_type == "business":
        if employees is None:
            if eligible:
                eligible = None
            reasons.append(
                Finding(
                    "employees-unknown",
                    f"A business may use ADR only if it has {cap} or fewer "
                    f"{head_count_words(rule)}.",
                    {"max_employees": cap},
                )
            )
        else:
            head = employees if isinstance(employees, HeadCount) else HeadCount(unnamed=employees)
            eligible, finding = _business_size(head, rule, cap, eligible)
            if finding is not None:
                reasons.append(finding)
    elif customer_type is None:
        if eligible:
            eligible = None
        reasons.append(
            Finding(
                "customer-type-unknown",
                f"ADR is open to consumers and to businesses with {cap} or fewer "
                f"{head_count_words(rule)}.",
                {"max_employees": cap},
            )
        )
    return Eligibility(eligible, tuple(reasons))


@dataclass(frozen=True)
class AdrRights:
    scheme: Body | None
    current_scheme_name: str | None
    # The approved scheme the code's scheme is today (with today's contacts), from the rules.
    scheme_today: Scheme | None
    named_instead: Body | None
    code_wait_weeks: int | None
    code_opens: date | None
    rules_wait: AdrWaitRule
    rules_opens: date
    opens: date
    letter_opens_at_once: bool
    code_limit_after_letter_months: int | None
    limit_after_letter_months: int
    limit_without_letter_months: int | None
    free: bool
    eligibility: Eligibility
    better_under_rules: tuple[Finding, ...]

    def open_on(self, day: date, letter_date: date | None = None) -> bool:
        return day >= self.opens_with_letter(letter_date)

    def scheme_called(self) -> str:
        """The scheme as the customer should know it today (or the generic name if none is named)."""
        if self.current_scheme_name:
            return self.current_scheme_name
        if self.scheme is not None:
            return self.scheme.name
        return "ombudsman (ADR) scheme"

    def opens_with_letter(self, letter_date: date | None) -> date:
        """ADR opens at the customer's date, or at once on an ADR letter."""
        if letter_date is not None and self.letter_opens_at_once:
            return min(self.opens, letter_date)
        return self.opens

    def apply_until(self, letter_date: date) -> date:
        """The last day to apply to the scheme after an ADR letter sent on `letter_date`."""
        return letter_date + relativedelta(months=self.limit_after_letter_months)

    def to_dict(self) -> dict[str, Any]:
        return {
            "scheme": _body_dict(self.scheme),
            "current_scheme_name": self.current_scheme_name,
            "scheme_today": (
                {
                    "name": self.scheme_today.name,
                    "contacts": [
                        {"channel": c.channel, "value": c.value} for c in self.scheme_today.contacts
                    ],
                    "source": self.scheme_today.source,
                }
                if self.scheme_today
                else None
            ),
            "named_instead": _body_dict(self.named_instead),
            "code_wait_weeks": self.code_wait_weeks,
            "code_opens": self.code_opens.isoformat() if self.code_opens else None,
            "rules_wait_weeks": self.rules_wait.weeks,
            "rules_opens": self.rules_opens.isoformat(),
            "opens": self.opens.isoformat(),
            "opens_text": long_date(self.opens),
            "letter_opens_at_once": self.letter_opens_at_once,
            "code_limit_after_letter_months": self.code_limit_after_letter_months,
            "limit_after_letter_months": self.limit_after_letter_months,
            "limit_without_letter_months": self.limit_without_letter_months,
            "free": self.free,
            "eligible": self.eligibility.eligible,
            "eligibility_reasons": [_finding_dict(r) for r in self.eligibility.reasons],
            "better_under_rules": [_finding_dict(f) for f in self.better_under_rules],
        }


def adr_rights(
    code: ProviderCode,
    rules: Rules,
    raised: datetime,
    *,
    customer_type: str | None = None,
    employees: int | HeadCount | None = None,
    category: str | None = None,
    description: str | None = None,
) -> AdrRights:
    """The customer's ADR rights for a complaint first raised at `raised` (`employees` as for
    `adr_eligibility`: a stored count, or the groups the customer named)."""
    raised_day = code.working_time.localise(raised).date()
    terms = code.adr
    rules_wait = rules.adr_wait_on(raised_day)
    rules_opens = raised_day + timedelta(weeks=rules_wait.weeks)
    # Only a code that names an ADR scheme can open ADR earlier: "complain through Ofcom after 6
    # weeks" opens nothing, because Ofcom does not decide individual complaints.
    code_opens = (
        raised_day + timedelta(weeks=terms.wait_weeks)
        if terms.wait_weeks and terms.scheme is not None
        else None
    )
    opens = min(d for d in (rules_opens, code_opens) if d is not None)
    code_limit = terms.limit_after_letter_months
    limit = max(rules.limit_after_letter_months, code_limit or 0)

    better: list[Finding] = []
    if code_opens is not None and rules_opens < code_opens:
        better.append(
            Finding(
                "earlier-adr",
                f"The code says you may go to ADR after {terms.wait_weeks} weeks "
                f"({long_date(code_opens)}); under today's rules the wait is {rules_wait.weeks} "
                f"weeks, so you may go from {long_date(rules_opens)}.",
                {"code_weeks": terms.wait_weeks, "rules_weeks": rules_wait.weeks},
            )
        )
    if rules.letter_opens_at_once and not terms.letter_opens_early:
        better.append(
            Finding(
                "letter-opens-at-once",
                "If we send you an ADR (deadlock) letter, you may go to the scheme at once; "
                "you need not wait.",
            )
        )
    if code_limit is not None and code_limit < rules.limit_after_letter_months:
        better.append(
            Finding(
                "longer-limit",
                f"The code gives you {code_limit} months from an ADR letter to apply; today's "
                f"rules give you {rules.limit_after_letter_months} months.",
                {"code_months": code_limit, "rules_months": rules.limit_after_letter_months},
            )
        )
    current_name = None
    scheme_today = None
    if terms.scheme is not None:
        match = rules.scheme_named(terms.scheme.name)
        scheme_today = match[0] if match is not None else None
        if match is not None and match[1]:
            current_name = match[0].name
            better.append(
                Finding(
                    "scheme-renamed",
                    f"{terms.scheme.name} is now called {match[0].called}.",
                    {"code_name": terms.scheme.name, "current_name": current_name},
                )
            )
    elif terms.named_instead is not None:
        names = and_list([s.called for s in rules.schemes])
        better.append(
            Finding(
                "no-scheme-named",
                f"The code refers you to {terms.named_instead.name}, which does not decide "
                f"individual complaints. The Ofcom-approved ADR schemes are {names}; "
                "ask us which one we belong to.",
                {"named_instead": terms.named_instead.name},
            )
        )
    if terms.free is None and rules.free:
        better.append(Finding("adr-free", "ADR costs you nothing."))

    return AdrRights(
        scheme=terms.scheme,
        current_scheme_name=current_name,
        scheme_today=scheme_today,
        named_instead=terms.named_instead,
        code_wait_weeks=terms.wait_weeks,
        code_opens=code_opens,
        rules_wait=rules_wait,
        rules_opens=rules_opens,
        opens=opens,
        letter_opens_at_once=rules.letter_opens_at_once
        or (terms.letter_opens_early and terms.scheme is not None),
        code_limit_after_letter_months=code_limit,
        limit_after_letter_months=limit,
        limit_without_letter_months=terms.limit_without_letter_months,
        free=bool(terms.free) or rules.free,
        eligibility=adr_eligibility(
            code,
            rules,
            customer_type=customer_type,
            employees=employees,
            category=category,
            description=description,
        ),
        better_under_rules=tuple(better),
    )


def raised_past_limit(raised: date, today: date, months: int) -> bool:
    """A complaint first raised `months` (today's limit to apply after an ADR letter, 12) or more
    before `today`: an ADR letter sent when its wait ran out may be older than the limit, so the
    customer is told the limit applies (regulation.md) rather than only a date long past."""
    return raised <= today - relativedelta(months=months)


def past_limit_text(months: int) -> str:
    """What a customer who first raised a complaint a year or more ago is told (the chat's
    wording is domain.yml's utter_adr_first_raised_past_limit; this is the e-mail's)."""
    return (
        f"You first raised it {months} months or more ago. Under today's rules you have {months} "
        f"months from an ADR letter to apply to the scheme, so if we sent you an ADR letter more "
        f"than {months} months ago, that time may have run out."
    )


@dataclass(frozen=True)
class StatedAdrDate:
    """ADR for a complaint the customer says they first raised on `raised`: the wait in force
    then (8 weeks until 7 April 2026, 6 weeks from 8 April), and whether ADR is open today."""

    raised: date
    rights: AdrRights
    open_now: bool

    @property
    def by_code(self) -> bool:
        """The code's wait, shorter than the rules', gives the date (no code does today)."""
        return (
            self.rights.code_opens is not None and self.rights.code_opens < self.rights.rules_opens
        )


def adr_for_stated_date(
    code: ProviderCode, rules: Rules, raised: date | None, now: datetime
) -> StatedAdrDate | None:
    """ADR for a complaint first raised on the day the customer gave (outside compliance review:
    a complaint raised on 1 April 2026 was told to wait until January 2027, as if raised today),
    or to be raised on a day still to come ("if I complain on 5 January 2027": issue 14). None
    when they gave none, or today: then the answer is today's."""
    today = code.working_time.localise(now).date()
    if raised is None or raised == today:
        return None
    moment = datetime.combine(raised, time(12), tzinfo=code.working_time.zone)
    rights = adr_rights(code, rules, moment)
    return StatedAdrDate(raised, rights, rights.open_on(today))


def latest_day_raised_open_now(code: ProviderCode, rules: Rules, now: datetime) -> date:
    """The last day a complaint could have been first raised for ADR to be open to it today
    (today less the wait in force then): what a customer who gives no day is told ("if you
    first raised it on or before Friday 16 October 2026, you may go now"), rather than a date for
    a complaint raised today as if it were theirs (outside compliance review H2)."""
    today = code.working_time.localise(now).date()
    waits = [wait.weeks for wait in rules.adr_waits]
    if code.adr.wait_weeks and code.adr.scheme is not None:
        waits.append(code.adr.wait_weeks)
    candidates = [today - timedelta(weeks=weeks) for weeks in waits]
    open_days = [
        day
        for day in candidates
        if (stated := adr_for_stated_date(code, rules, day, now)) is not None and stated.open_now
    ]
    return max(open_days, default=min(candidates))


@dataclass(frozen=True)
class ComplaintQuote:
    """Everything a customer is owed for one complaint: due dates, escalation and ADR."""

    code: ProviderCode
    channel: str
    effective_channel: str
    received: datetime
    counted_from: datetime
    commitments: tuple[DueCommitment, ...]
    first_handler: Handler
    escalation: tuple[Handler, ...]
    adr: AdrRights

    @property
    def first_reply(self) -> DueCommitment | None:
        """The earliest promised contact, which is what "when will I hear back?" asks."""
        return min(self.commitments, key=lambda c: c.due, default=None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "provider": self.code.id,
            "provider_name": self.code.trading_name,
            "channel": self.channel,
            "effective_channel": self.effective_channel,
            "received": self.received.isoformat(),
            "counted_from": self.counted_from.isoformat(),
            "commitments": [c.to_dict() for c in self.commitments],
            "first_handler": self.first_handler.role,
            "escalation": [
                {"step": i, "role": h.role, "how": h.how}
                for i, h in enumerate(self.escalation, start=1)
            ],
            "adr": self.adr.to_dict(),
        }


def quote_response_times(
    code: ProviderCode,
    rules: Rules,
    *,
    channel: str,
    received: datetime,
    customer_type: str | None = None,
    employees: int | None = None,
    category: str | None = None,
) -> ComplaintQuote:
    """Every commitment's due moment, the escalation route and ADR rights for one complaint."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}; expected one of: {', '.join(CHANNELS)}")
    if customer_type is not None and customer_type not in CUSTOMER_TYPES:
        raise ValueError(f"customer type must be one of: {', '.join(CUSTOMER_TYPES)}")
    if category is not None and category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r}; expected one of: {', '.join(CATEGORIES)}")
    if employees is not None and employees < 0:
        raise ValueError("the number of employees cannot be negative")
    if received.tzinfo is None:
        raise ValueError("the moment of receipt must carry a time zone")
    commitments = tuple(
        sorted(
            (
                DueCommitment(c, due_moment(code, c, received))
                for c in code.commitments_for(channel)
            ),
            key=lambda d: d.due,
        )
    )
    return ComplaintQuote(
        code=code,
        channel=channel,
        effective_channel=code.effective_channel(channel),
        received=code.working_time.localise(received),
        counted_from=code.working_time.counting_from(received),
        commitments=commitments,
        first_handler=code.first_handler,
        escalation=code.escalation,
        adr=adr_rights(
            code,
            rules,
            received,
            customer_type=customer_type,
            employees=employees,
            category=category,
        ),
    )


def _body_dict(body: Body | None) -> dict[str, Any] | None:
    if body is None:
        return None
    return {
        "name": body.name,
        "contacts": [{"channel": c.channel, "value": c.value} for c in body.contacts],
    }


def _finding_dict(finding: Finding) -> dict[str, Any]:
    return {"code": finding.code, "text": finding.text, **finding.facts}


_BY_PHONE = re.compile(r"\b(?:telephone|phone|call you|ring you)\b", re.IGNORECASE)


def phone_use_commitment(code: ProviderCode) -> Commitment | None:
    """The code's commitment that says the provider will telephone the customer about a complaint
    (Infinity Group's call back, Invictanet's reply "by E-mail and/or Telephone"), or None: what a
    phone number given with a complaint is for, in the code's own words."""
    for commitment in code.commitments:
        if commitment.kind == "call_back" and commitment.quote:
            return commitment
    for commitment in code.commitments:
        if commitment.quote and _BY_PHONE.search(commitment.quote):
            return commitment
    return None
