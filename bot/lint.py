"""Where a provider's code is out of line with today's rules: findings the provider needs to see.

Schema errors make a code unusable (the loader refuses it). Findings here are warnings: the code is
encoded as written and the assistant applies today's rules on top, but the provider should update
its published code.
"""

from __future__ import annotations

import re
from datetime import date

from bot.provider_codes import ProviderCode
from bot.regulation import Rules, long_date
from bot.rights import Finding


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def lint_code(code: ProviderCode, rules: Rules, today: date) -> list[Finding]:
    """Every way `code` falls short of the rules in force on `today`."""
    findings: list[Finding] = []
    terms = code.adr
    wait = rules.adr_wait_on(today)

    if terms.wait_weeks is not None and terms.wait_weeks > wait.weeks:
        findings.append(
            Finding(
                "adr-wait-too-long",
                f"ADR wait is {terms.wait_weeks} weeks; today's rules allow at most {wait.weeks} "
                f"weeks ({wait.describe_dates()}; {wait.source}).",
                {"code_weeks": terms.wait_weeks, "rules_weeks": wait.weeks},
            )
        )
    if terms.wait_weeks is None:
        findings.append(
            Finding(
                "adr-wait-missing",
                f"The code does not say when ADR opens; today's rules: after {wait.weeks} weeks.",
            )
        )
    if not terms.letter_opens_early and rules.letter_opens_at_once:
        findings.append(
            Finding(
                "adr-letter-not-early",
                "The code does not let an ADR (deadlock) letter open ADR at once; today's rules "
                f"do (since {long_date(rules.letter_since)}).",
            )
        )
    limit = terms.limit_after_letter_months
    if limit is not None and limit < rules.limit_after_letter_months:
        findings.append(
            Finding(
                "adr-limit-too-short",
                f"Time limit after an ADR letter is {limit} months; today's rules give "
                f"{rules.limit_after_letter_months} months.",
                {"code_months": limit, "rules_months": rules.limit_after_letter_months},
            )
        )
    cap = terms.eligibility.max_employees if terms.eligibility else None
    if cap is not None and cap < rules.max_employees:
        findings.append(
            Finding(
                "adr-eligibility-narrow",
                f"ADR is offered to businesses with up to {cap} employees; today's rules: "
                f"{rules.max_employees}.",
            )
        )

    findings.extend(commitment_findings(code))
    findings.extend(
        Finding(
            "code-contradicts-itself",
            f"The code says two different things about {c['about']}: {c['text']}",
            {"about": c["about"], "quote": c["quote"], "also_quote": c["also_quote"]},
        )
        for c in code.contradictions
    )

    if terms.scheme is None:
        instead = terms.named_instead.name if terms.named_instead else "nothing"
        why = ""
        if terms.named_instead is not None:
            body = rules.not_a_scheme(terms.named_instead.name)
            why = (
                f" ({body.description.rstrip('.')})"
                if body is not None and body.description
                else ""
            )
        names = " or ".join(s.name for s in rules.schemes)
        findings.append(
            Finding(
                "no-approved-scheme",
                f"No Ofcom-approved ADR scheme is named: the code names {instead}{why}. "
                f"Name the provider's scheme ({names}).",
            )
        )
    else:
        findings.extend(_scheme_findings(code, rules))
    return findings


# The words that make a commitment less than a promise, strongest hedge first.
_HEDGES: tuple[tuple[str, str], ...] = (
    ("guideline", r"\bguideline\b|\bwill try\b"),
    ("aim", r"\baims?\b"),
    ("normally", r"\bnormally\b|\busually\b"),
)


def strength_in_words(quote: str) -> str:
    """How firmly a commitment's quote words it: guideline, aim, normally or promise."""
    for strength, pattern in _HEDGES:
        if re.search(pattern, quote, flags=re.IGNORECASE):
            return strength
    return "promise"


def commitment_findings(code: ProviderCode) -> list[Finding]:
    """Commitments worded as aims or guidelines (a customer cannot rely on them), and any whose
    encoded strength is not what its quote says."""
    findings = []
    for c in code.commitments:
        worded = strength_in_words(c.quote)
        if worded != c.strength:
            findings.append(
                Finding(
                    "commitment-strength-mismatch",
                    f"Commitment {c.id!r} is encoded as a {c.strength}, but its quote words it as "
                    f"a {worded}: {c.quote!r}",
                    {"commitment": c.id, "encoded": c.strength, "worded": worded},
                )
            )
        if c.strength in ("aim", "guideline"):
            findings.append(
                Finding(
                    f"commitment-worded-as-{c.strength}",
                    f"{c.period.describe()} to {c.kind.replace('_', ' ')} is worded as "
                    f"{'an aim' if c.strength == 'aim' else 'a guideline'}, not a promise: "
                    f"{c.quote!r}",
                    {"commitment": c.id, "strength": c.strength},
                )
            )
    return findings


def _scheme_findings(code: ProviderCode, rules: Rules) -> list[Finding]:
    scheme = code.adr.scheme
    assert scheme is not None
    match = rules.scheme_named(scheme.name)
    if match is None:
        names = " or ".join(s.name for s in rules.schemes)
        return [
            Finding(
                "unknown-scheme",
                f"{scheme.name!r} is not an Ofcom-approved ADR scheme ({names}).",
            )
        ]
    current, outdated = match
    findings = []
    if outdated:
        findings.append(
            Finding(
                "scheme-name-outdated",
                f"Scheme named {scheme.name!r}; today it is {current.called}"
                + (f" ({current.operator})." if current.operator else "."),
            )
        )
    text = " ".join([scheme.quote or "", *(c.value for c in scheme.contacts)])
    for former in current.former_operators:
        if _squash(former) in _squash(text):
            findings.append(
                Finding(
                    "scheme-operator-outdated",
                    f"{current.name} is described as run by {former}; today it is run by "
                    f"{current.operator}.",
                )
            )
    for official in current.contacts:
        given = [c for c in scheme.contacts if c.channel == official.channel]
        if given and all(_squash(c.value) != _squash(official.value) for c in given):
            findings.append(
                Finding(
                    f"scheme-{official.channel}-outdated",
                    f"{current.name} {official.channel} given as "
                    f"{', '.join(repr(c.value) for c in given)}; today's is {official.value!r}.",
                )
            )
    return findings
