"""Issue 14 through the real Rasa server and action server: for each provider, what the assistant
says about the scheme, its reply times, prices, contact routes and the code's other topics is only
what the code and today's rules say.

The clock is Wednesday 1 April 2026, 10:00: before the 6-week ADR rule, so Infinity System
Solutions' "complain through Ofcom after 6 weeks" would have won the date comparison on main.
"""

from __future__ import annotations

import re

import pytest

from tests.servers import running_assistant
from tests.servers import said as joined

pytestmark = pytest.mark.servers

PROVIDERS = ("infinity-group", "infinity-system-solutions", "infinium", "invictanet")

# What today's rules say about each provider's scheme, and the code's old details never to be given.
SCHEME = {
    "infinity-group": (["PO Box 730, Warrington WA4 6WU"], ["0330 440 1615", "os-communications"]),
    "invictanet": (["PO Box 730, Warrington WA4 6WU"], ["Brew House", "ombudsman-services.org"]),
    "infinium": (["020 7520 3827", "cedr.com/consumer/cisas"], ["Angel Gate", "Chartered"]),
    "infinity-system-solutions": ([], []),
}
# How firmly each code words its reply times: the words each answer must and must not use.
REPLY_WORDS = {
    "infinity-group": (["We normally reply by"], ["We will reply by"]),
    "infinity-system-solutions": (
        [
            "We aim to acknowledge your complaint by",
            "Your case handler will contact you within 48 hours of your complaint being raised",
        ],
        ["We will acknowledge"],
    ),
    "infinium": (
        ["We aim to respond by", "As a guideline, we will try to respond by", "neither is a firm"],
        ["We will reply by"],
    ),
    "invictanet": (["We will reply by"], []),
}
CONTACT_BUTTONS = {
    "invictanet": ["Email", "Phone", "Phone by text relay (Relay UK)"],
    "infinity-group": ["Email", "Phone", "Letter", "Phone by text relay (Relay UK)"],
    "infinity-system-solutions": ["Email", "Phone", "Letter", "Phone by text relay (Relay UK)"],
    "infinium": ["Email", "Phone", "Letter", "Phone by text relay (Relay UK)"],
}
REFERENCE_EXAMPLE = {
    "infinity-group": "IG-7K3Q9X",
    "infinity-system-solutions": "ISS-7K3Q9X",
    "infinium": "IN-7K3Q9X",
    "invictanet": "IV-7K3Q9X",
}


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("truth")
    env = {"COMPLAINTS_NOW": "2026-04-01T10:00", "DATABASE_URL": f"sqlite:///{tmp / 'cases.db'}"}
    with running_assistant(tmp, env) as running:
        yield running


@pytest.mark.parametrize("provider", PROVIDERS)
def test_each_provider_says_only_what_its_code_and_todays_rules_say(assistant, provider):
    sender = f"truth-{provider}"
    adr = joined(assistant, sender, "/ask_adr", provider)
    current, old = SCHEME[provider]
    for detail in current:
        assert detail in adr, adr
    # The code's former operator is named only as former ("Our code says CISAS is run by The
    # Chartered Institute of Arbitrators; today it is run by CEDR": compliance reader, 27 Nov).
    if provider == "infinium":
        assert "today it is run by CEDR" in adr, adr
    adr_now = re.sub(r"Our code says \S+ is run by [^;]+; today it is run by [^.]+\.", "", adr)
    for detail in old:
        assert detail not in adr_now, adr
    # Only the fairness of general price levels is excluded.
    assert "general level of prices is fair, but a charge other than what was agreed" in adr
    if provider == "infinity-system-solutions":
        # Ofcom is not an ADR scheme: 8 weeks under the rule in force on 1 April 2026.
        # With no day given, the answer gives the rule and, for a complaint raised today, its date
        # (outside compliance H2: never today's date as if it were the customer's).
        assert "8 weeks under today's rules" in adr, adr
        assert (
            "a complaint raised today (Wednesday 1 April 2026) may go from Wednesday 27 May 2026"
            in adr
        )
        assert "13 May 2026" not in adr

    replies = joined(assistant, sender, "/ask_response_time", provider)
    must, must_not = REPLY_WORDS[provider]
    for words in must:
        assert words in replies, replies
    for words in must_not:
        assert words not in replies, replies
    if provider == "infinity-group":
        assert "with effect from 31 March 2016" in replies

    if provider == "invictanet":
        cancelling = joined(assistant, sender, "/ask_cancellation", provider)
        assert "6.6" in cancelling and "6.7" in cancelling
        escalation = joined(assistant, sender, "/ask_escalation", provider)
        assert "ask (by fax" not in escalation

    asked = assistant.say(sender, "/check_case", {"provider": provider})
    assert any(REFERENCE_EXAMPLE[provider] in r.get("text", "") for r in asked), asked
    assistant.say(sender, "/stop", {"provider": provider})


@pytest.mark.parametrize("provider", PROVIDERS)
def test_the_contact_question_offers_only_the_codes_routes_and_gc_c5(assistant, provider):
    sender = f"routes-{provider}"
    say = assistant.say
    say(sender, "/make_complaint", {"provider": provider})
    say(sender, '/inform{"category":"pricing"}')
    say(sender, "The price went up in March and nobody told me it would")
    say(sender, "Jane Doe")
    say(sender, "jane.doe@example.co.uk")
    say(sender, "07700 900123")
    asked = say(sender, "TN1 2PY")
    buttons = [b["title"] for r in asked for b in r.get("buttons", [])]
    assert buttons == CONTACT_BUTTONS[provider], asked
    text = "\n".join(r.get("text", "") for r in asked)
    assert "General Condition C5" in text
    say(sender, '/inform{"contact_preference":"phone"}')
    say(sender, '/inform{"customer_type":"consumer"}')
    accessibility = "\n".join(r.get("text", "") for r in say(sender, "skip"))
    assert "General Condition C5" in accessibility
    say(sender, "none")
    done = "\n".join(r.get("text", "") for r in say(sender, "/affirm"))
    assert "we'll contact you by" not in done
    assert "You asked us to contact you by phone" in done
    # A price rise not notified keeps ADR: from 27 May 2026 (8 weeks from 1 April 2026).
    assert "won't be open to you" not in done
    assert "from Wednesday 27 May 2026" in done, done


@pytest.mark.parametrize("provider", PROVIDERS)
def test_the_outside_compliance_reviews_questions_get_true_answers(assistant, provider):
    """After issue 14 (outside compliance review): a chat complaint is not said to count as
    e-mail; accessibility, Ofcom's contact and price rises are answered from today's rules; a
    customer without a reference gets out of the lookup."""
    sender = f"review-{provider}"
    replies = joined(assistant, sender, "/ask_response_time", provider)
    assert "doesn't mention complaints made in a web chat" in replies, replies
    assert "counts as" not in replies

    formats = joined(assistant, sender, "can I get my letters in braille?", provider)
    assert "large print, braille, audio or e-mail" in formats, formats
    assert "Relay UK (text relay)" in formats

    ofcom = joined(assistant, sender, "how do I contact Ofcom?", provider)
    assert "Riverside House, 2a Southwark Bridge Road, London SE1 9HA" in ofcom, ofcom

    prices = joined(assistant, sender, "can I take a price rise to the ombudsman?", provider)
    assert "general level of prices is fair" in prices, prices
    assert "I'll take down your complaint" not in prices

    joined(assistant, sender, "I'd like an ADR letter for my complaint", provider)
    out = joined(assistant, sender, "I don't have it", provider)
    assert "Without a complaint reference" in out, out
