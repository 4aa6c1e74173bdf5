"""Reading a follow-up to the assistant's last answer (bot/answers/, `follow_up_to`): what the
customer's words ask, given what that answer did, with no NLU at all (outside compliance reader,
27 Nov; the actions' side is tests/actions/test_actions_follow_ups.py)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.answers.follow_ups import (
    ABOUT_ADR,
    ADR_FOR_A_DAY,
    ADR_LETTER_ON_REQUEST,
    ADR_TIME_LIMIT,
    ASKED_FOR_THE_DAY,
    EXPLAINED_ADR_LETTER,
    GAVE_REPLY_TIMES,
    NAMED_THE_SCHEME,
    REPLY_TIME_BY_CHANNEL,
    SCHEME_CONTACT,
    channel_asked_next,
    follow_up_to,
    scheme_contact_asked,
)

TODAY = date(2026, 11, 27)
ADR_ANSWER = frozenset({ASKED_FOR_THE_DAY, NAMED_THE_SCHEME, ABOUT_ADR})
LETTER_ANSWER = frozenset({EXPLAINED_ADR_LETTER, ASKED_FOR_THE_DAY, ABOUT_ADR})
REPLY_TIMES = frozenset({GAVE_REPLY_TIMES})


@pytest.mark.parametrize(
    ("text", "last", "about"),
    [
        ("I first raised it on 3 March 2026", ADR_ANSWER, ADR_FOR_A_DAY),
        ("12 October 2026", ADR_ANSWER, ADR_FOR_A_DAY),
        ("I raised it on 20 October", ADR_ANSWER, ADR_FOR_A_DAY),
        ("three weeks ago", LETTER_ANSWER, ADR_FOR_A_DAY),
        ("12 October 2026", REPLY_TIMES, None),  # the day was not asked for
        ("you charged me twice on 3 March and nobody has sorted it out", ADR_ANSWER, None),
        ("I want to complain, I first raised it on 3 March", ADR_ANSWER, None),
        ("what's their website?", ADR_ANSWER, SCHEME_CONTACT),
        ("what's their phone number?", ADR_ANSWER, SCHEME_CONTACT),
        ("how do I contact them", ADR_ANSWER, SCHEME_CONTACT),
        ("what's your phone number?", ADR_ANSWER, None),  # the provider's, asked as before
        ("what's their website?", REPLY_TIMES, None),
        ("Can I ask you for one?", LETTER_ANSWER, ADR_LETTER_ON_REQUEST),
        ("can you send me one", LETTER_ANSWER, ADR_LETTER_ON_REQUEST),
        ("Can I ask you for one?", REPLY_TIMES, None),
        ("How long do I have left?", ADR_ANSWER, ADR_TIME_LIMIT),
        ("How long do I have left?", REPLY_TIMES, None),
        ("what about if I email?", REPLY_TIMES, REPLY_TIME_BY_CHANNEL),
        ("and by letter?", REPLY_TIMES, REPLY_TIME_BY_CHANNEL),
        ("and by phone?", REPLY_TIMES, REPLY_TIME_BY_CHANNEL),
        ("and what's your phone number?", REPLY_TIMES, None),
        ("and by phone?", ADR_ANSWER, None),
    ],
)
def test_a_follow_up_is_read_from_the_words_and_the_last_answer(
    text: str, last: frozenset[str], about: str | None
) -> None:
    asked = follow_up_to(text, last, TODAY)
    assert (asked.about if asked else None) == about


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("what's their website?", "web"),
        ("their web address please", "web"),
        ("what's their email address?", "email"),
        ("can you give me their number", "phone"),
        ("what's the ombudsman's address?", "letter"),
        ("how do I get in touch with them?", "any"),
        ("how long do they take?", None),
        ("what's your website?", None),
    ],
)
def test_the_contact_asked_of_the_scheme(text: str, kind: str | None) -> None:
    assert scheme_contact_asked(text) == kind


@pytest.mark.parametrize(
    ("text", "channel"),
    [
        ("what about if I email?", "email"),
        ("and by letter?", "letter"),
        ("How about by post", "letter"),
        ("and by phone?", "phone"),
        ("what's your phone number?", None),
        ("and your email address?", None),
    ],
)
def test_the_channel_asked_next(text: str, channel: str | None) -> None:
    assert channel_asked_next(text) == channel
