"""Issue 14: the wording around the facts is right English for every provider and scheme.

A provider's name ending in s takes a bare apostrophe ("Infinity System Solutions' code"), and a
scheme's name carries its own article ("CISAS", but "the Communications Ombudsman"): both are
facts of the name, kept with it, never patched into one sentence.
"""

from __future__ import annotations

import re
import string
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from actions.conversation import provider_facts
from actions.rights import ActionAnswerQuestion
from bot.cases.confirmations import compose_confirmation
from bot.cases.letters import adr_letter_for
from bot.cases.store import CaseStore
from bot.provider_codes import get_code
from bot.regulation import load_rules
from tests.action_support import DOMAIN, make_tracker, run_action
from tests.actions.test_claims import every_answer
from tests.actions.test_truth import said, submit
from tests.cases_support import make_intake

PROVIDERS = ("infinity-group", "infinity-system-solutions", "infinium", "invictanet")

pytestmark = pytest.mark.usefixtures("action_database")

# "Solutions's ": a name ending in s given a second s.
S_APOSTROPHE_S = re.compile(r"s's\b")


def rendered_with_provider_facts(provider: str) -> dict[str, str]:
    """Every response in domain.yml, every variant, with the provider's facts filled in and any
    other placeholder left as a neutral word."""
    facts = provider_facts(get_code(provider))
    texts = {}
    for name, variants in DOMAIN["responses"].items():
        for number, variant in enumerate(variants):
            template = variant.get("text") or ""
            fields = {f for _, f, _, _ in string.Formatter().parse(template) if f}
            values = {f: facts.get(f, "thing") for f in fields}
            texts[f"{name}[{number}]"] = template.format(**values)
    return texts


@pytest.mark.parametrize("provider", PROVIDERS)
def test_no_response_gives_a_name_ending_in_s_a_second_s(provider: str) -> None:
    for response, text in rendered_with_provider_facts(provider).items():
        assert not S_APOSTROPHE_S.search(text), (response, text)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_no_answer_any_action_gives_says_s_apostrophe_s(provider: str) -> None:
    answers = said(every_answer(provider)) + "\n" + submit(provider)
    assert not S_APOSTROPHE_S.search(answers)
    if provider == "infinity-system-solutions":
        assert "Infinity System Solutions' code" in answers


@pytest.mark.parametrize(
    ("provider", "possessive"),
    [
        ("infinity-system-solutions", "Infinity System Solutions'"),
        ("infinium", "Infinium's"),
        ("invictanet", "Invictanet's"),
        ("infinity-group", "Infinity Group's"),
    ],
)
def test_the_provider_possessive_is_a_provider_fact(provider: str, possessive: str) -> None:
    assert provider_facts(get_code(provider))["provider_possessive"] == possessive


# --- a scheme's name carries its own article ------------------------------------------------------


def infinium_answers() -> str:
    """What Infinium's customers (whose code names CISAS) are told about ADR, through the chat."""
    answers = [said(every_answer("infinium")), submit("infinium")]
    for text in (
        "I got a deadlock letter on 20 November 2026, can I go to the ombudsman?",
        "I got a deadlock letter on 1 January 2025, can I still go to the ombudsman?",
        "I first complained on 1 October 2026. When can I go to the ombudsman?",
        "what is a deadlock letter?",
    ):
        tracker = make_tracker({"provider": "infinium"}, text=text, intent="ask_adr")
        answers.append(said(run_action(ActionAnswerQuestion(), tracker)[0]))
    answers.append(submit("infinium", complaint_first_raised="2026-04-01"))
    return "\n".join(answers)


def test_no_chat_answer_says_the_cisas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPLAINTS_NOW", "2026-11-27T10:00")
    answers = infinium_answers()
    assert "CISAS" in answers
    assert not re.search(r"\bthe CISAS\b", answers, re.IGNORECASE)


def test_the_communications_ombudsman_keeps_its_article() -> None:
    answers = said(every_answer("invictanet"))
    assert "the Communications Ombudsman" in answers
    assert not re.search(r"(?<!the )(?<!The )Communications Ombudsman (?:from|now)", answers)


def test_the_schemes_articles_are_in_the_rules_data() -> None:
    called = {s.name: s.called for s in load_rules().schemes}
    assert called == {"CISAS": "CISAS", "Communications Ombudsman": "the Communications Ombudsman"}


def test_no_written_confirmation_or_adr_letter_says_the_cisas(tmp_path: Path) -> None:
    raised = datetime(2026, 11, 26, 16, 0, tzinfo=ZoneInfo("Europe/London"))
    with CaseStore.open(f"sqlite:///{tmp_path / 'cases.db'}") as store:
        case = store.create_case(
            make_intake(provider="infinium", channel="email"),
            received=raised,
            actor="assistant",
            channel="chat",
        )
    rules = load_rules()
    confirmation = compose_confirmation(case, rules).text()
    letter = adr_letter_for(case, get_code("infinium"), rules, raised.date()).text()
    for text in (confirmation, letter):
        assert "How to reach CISAS today:" in text
        assert not re.search(r"\bthe CISAS\b", text, re.IGNORECASE), text
        assert not re.search(r"[sS]'s\b", text), text
