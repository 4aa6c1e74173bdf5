"""Reading "no" in a customer's answers (bot/answers/): one list of refusing words read the same way
by the e-mail answer, the phone answer and the contact preference, and one list of answers that say
no shared by the optional questions, the accessibility question and the phone question (issue 16:
three word lists had done one job, and declines_needs had kept its own "no" list)."""

from __future__ import annotations

import pytest

from bot.answers.adr import asks_to_go_to_body
from bot.answers.details import (
    REFUSING,
    contact_preference_in,
    declines_email,
    declines_phone,
    refuses,
)
from bot.answers.needs import declines_needs
from bot.answers.questions import (
    asks_about_priority_repair,
    asks_about_someone_acting,
    asks_how_to_contact_without_hearing,
)
from bot.answers.text import NO_ANSWERS, RATHER_NOT, is_skip

# Each reader's own list before they were made one (bot/answers.py before issue 16): the e-mail
# answer's, the phone answer's, and the contact preference's ("no email, write to me"; its "don't"
# and "dont" then needed "use", "have", "want" or "do").
EMAIL_LIST = ("no", "don't", "dont", "do not", "haven't", "have not", "havent", "not got", "never")
EMAIL_LIST += ("without", "can't", "cannot")
PHONE_LIST = ("no", "don't", "dont", "do not", "haven't", "havent", "not got")
ROUTE_LIST = ("no", "not", "never said", "never", "don't", "dont", "without", "rather than")
ROUTE_LIST += ("instead of", "hate")  # "i hate email" (outside customers B, 27 Nov)
# "anything but the phone" (outside customers B, round 14, F27; care20b).
ROUTE_LIST += ("anything but", "everything but", "any way but", "anyway but", "except")
ROUTE_LIST += ("except for", "apart from", "other than", "but not")
UNION = sorted({*EMAIL_LIST, *PHONE_LIST, *ROUTE_LIST})


def test_the_one_list_is_the_three_together() -> None:
    # "cant" is "can't" without its apostrophe, as the e-mail list's `can'?t` read it.
    assert set(REFUSING) == {*UNION, "cant"}


@pytest.mark.parametrize("word", UNION)
def test_every_refusing_word_is_read_by_every_reader(word: str) -> None:
    assert refuses(f"{word} email", "email")
    assert refuses(f"{word} phone", "phone")
    assert declines_email(f"{word} email")
    assert declines_phone(f"{word} phone")
    assert contact_preference_in(f"{word} email, write to me by post") == "letter"
    assert contact_preference_in(f"{word} phone, by email please") == "email"


@pytest.mark.parametrize("word", UNION)
def test_a_refusing_word_refuses_only_the_way_it_names(word: str) -> None:
    assert not refuses(f"{word} email", "phone")
    assert not refuses(f"{word} phone", "email")
    assert not declines_email(f"{word} email, jane@example.co.uk")  # the address is the answer
    assert not declines_phone(f"{word} phone, 07700 900123")  # the number is the answer


@pytest.mark.parametrize(
    "said",
    [
        "dont have email",
        "i haven't got an e-mail address",
        "i don't actually have an email",
        "i can't get to my email",
        "no longer use email",
        "never had an email",
        "without email",
    ],
)
def test_the_email_answers_customers_gave_still_decline(said: str) -> None:
    assert declines_email(said)


@pytest.mark.parametrize(
    "said", ["jane@example.co.uk", "my email is jane@example.co.uk", "email me", "by email"]
)
def test_an_address_or_a_wish_for_email_is_not_a_refusal(said: str) -> None:
    assert not declines_email(said)
    assert contact_preference_in(said) in (None, "email")


@pytest.mark.parametrize(
    ("said", "route"),
    [
        ("no email, write to me by post", "letter"),
        ("i never said email, phone me", "phone"),
        ("rather than post, email me", "email"),
        ("contact me by email instead", "email"),
        ("no email or phone, letters only", "letter"),
    ],
)
def test_the_preference_is_the_way_left_once_refusals_are_taken_out(said: str, route: str) -> None:
    assert contact_preference_in(said) == route


@pytest.mark.parametrize("word", sorted({*NO_ANSWERS, *RATHER_NOT}))
def test_every_no_answer_is_read_by_the_optional_and_phone_questions(word: str) -> None:
    assert is_skip(word)
    assert declines_phone(word)
    assert declines_phone(f"{word}, email is fine")


@pytest.mark.parametrize("word", NO_ANSWERS)
def test_every_no_answer_declines_the_accessibility_question(word: str) -> None:
    assert declines_needs(word)
    assert declines_needs(f"{word} thanks")
    # ... unless it names a need all the same.
    assert not declines_needs(f"{word} but large print please")


@pytest.mark.parametrize("said", ["large print", "skip the phone calls, letters only", "braille"])
def test_a_need_is_not_a_no(said: str) -> None:
    assert not declines_needs(said)


@pytest.mark.parametrize(
    "said",
    ["I don't think I have an email", "dont think i use email", "I don't reckon I have a email"],
)
def test_a_hedged_no_email_declines_the_email(said: str) -> None:
    # Merging the three refusal lists into one (house3) dropped the old reader's four-word gap,
    # and with it this common way of saying there is no address.
    assert declines_email(said)


# --- disabled customers' questions, in words (outside compliance review, 27 Nov: M3, M4, L8) -----


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("I'm deaf, how can I contact you?", True),
        ("I'm hard of hearing, what number do I call?", True),
        ("I have a speech impairment, how do I get in touch?", True),
        ("how can I contact you?", False),
        ("I'm partially sighted and need letters in large print", False),
    ],
)
def test_how_a_deaf_customer_can_contact_is_heard(text: str, asks: bool) -> None:
    assert asks_how_to_contact_without_hearing(text) is asks


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("I'm disabled and rely on my phone line, can I get priority fault repair?", True),
        ("will my repair be prioritised? I'm disabled", True),
        ("is there a priority service register", True),
        ("my line is dead, how do I report a fault?", False),
        ("this is a priority for me", False),
    ],
)
def test_priority_fault_repair_is_heard(text: str, asks: bool) -> None:
    assert asks_about_priority_repair(text) is asks


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("Can my daughter deal with my complaint for me?", True),
        ("Can a friend or my daughter deal with my complaint for me?", True),
        ("can my son speak to you on my behalf?", True),
        ("my daughter was charged twice for her phone", False),
        ("can you call me back?", False),
    ],
)
def test_someone_acting_for_the_customer_is_heard(text: str, asks: bool) -> None:
    assert asks_about_someone_acting(text) is asks


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("Can I complain to Ofcom instead? What's their number?", "Ofcom"),
        ("can I take it to ofcom", "Ofcom"),
        ("Is CISAS approved by Ofcom?", None),
    ],
)
def test_asking_to_go_to_ofcom_is_told_from_a_mention(text: str, body: str | None) -> None:
    assert asks_to_go_to_body(text, ["Ofcom"]) == body


@pytest.mark.parametrize(
    ("said", "route"),
    [
        # Outside customers B, 27 Nov (H5): stored as contact by e-mail.
        ("letter please, i dont trust email", "letter"),
        ("letters by post please, i dont trust email", "letter"),
        ("phone, i never read email", "phone"),
        ("i hate email, phone me", "phone"),
        ("email please, i dont like phone calls", "email"),
    ],
)
def test_a_way_of_contact_distrusted_is_never_the_one_chosen(said: str, route: str) -> None:
    assert contact_preference_in(said) == route


def test_a_need_said_as_a_preference_is_kept_without_the_circumstance() -> None:
    """Outside customers A, 27 Nov (F9): "i have dyslexia so email is better than letters" at the
    accessibility question kept nothing once extra help was declined; the need is kept, the
    circumstance (dyslexia) only with consent."""
    from bot.answers.needs import needs_named

    assert needs_named("i have dyslexia so email is better than letters") == (
        "email is better than letters"
    )
    assert needs_named("i have dyslexia") is None


def test_writing_by_email_is_email_and_how_quickly_asks_a_repair_time() -> None:
    """Outside compliance review, 27 Nov: "If I write to you by email" was a letter (twice the
    code's e-mail time); "How quickly will you fix a fault on my phone system?" got a phone
    complaint's reply times."""
    from bot.answers.questions import asks_about_repair_time, channel_named

    assert channel_named("If I write to you by email, when will you reply?") == "email"
    assert channel_named("if I write to you, when will you reply?") == "letter"
    assert asks_about_repair_time("How quickly will you fix a fault on my phone system?")


@pytest.mark.parametrize(
    ("said", "refused"),
    [
        ("I do not want to talk to a person", True),
        ("no call back please, just email", True),
        ("can I talk to a person", False),
        ("I want someone to call me back", False),
    ],
)
def test_a_person_refused_is_never_a_call_back(said: str, refused: bool) -> None:
    from bot.answers.commands import refuses_a_person

    assert refuses_a_person(said) is refused


# --- one list of words for a message about a case already raised ---------------------------------


@pytest.mark.parametrize(
    ("said", "about_a_case_raised"),
    [
        # The words every use has read: a case raised, so not ADR about prices, not a new one.
        ("you put my price up, can I take my complaint to the ombudsman?", True),
        ("price rise, I want an adr letter, can I go to the ombudsman?", True),
        ("my price went up, please escalate it, can I go to the ombudsman?", True),
        # Only the earlier, unread assignment had these: still a question about prices and ADR.
        ("my price went up, where is my case, can I go to the ombudsman?", False),
        ("my price went up, can I go to the ombudsman?", False),
    ],
)
def test_the_uses_of_the_words_about_a_case_agree(said: str, about_a_case_raised: bool) -> None:
    from bot.answers.adr import asks_adr_about_prices
    from bot.answers.routing import about_a_case

    assert about_a_case(said) is about_a_case_raised
    assert asks_adr_about_prices(said) is not about_a_case_raised


@pytest.mark.parametrize("reference", ["IG-M111AE", "IN-E16ANX", "ISS-SW11AA"])
def test_a_reference_shaped_like_a_postcode_is_not_a_postcode(reference):
    """A random reference whose six characters read as a postcode (M11 1AE) named after logging was
    taken for a new postcode, "details not changed here" (tests/actions failed about once in
    sixty runs); a postcode typed beside it is still found."""
    from bot.answers.after_logging import DETAIL, reading_after_logging
    from bot.answers.details import find_postcode

    assert find_postcode(f"any news on {reference}?") is None
    assert reading_after_logging(f"what's happening with {reference}", "billing") != DETAIL
    assert find_postcode(f"{reference} and my postcode is E1 6AN") == "E1 6AN"


@pytest.mark.parametrize(
    ("said", "named"),
    [
        ("when do you have to reply by?", "ask_response_time"),
        ("when must you answer my complaint", "ask_response_time"),
        ("by when do they have to answer me?", "ask_response_time"),
        ("when do i have to reply?", None),  # the customer's own reply: not the provider's time
    ],
)
def test_when_the_provider_has_to_reply_is_the_reply_time_question(said, named):
    # Read with low confidence, "when do you have to reply" was asked "Do you mean ...?" (outside
    # compliance, round 15): the words name the reply-time question.
    from bot.answers.routing import question_named

    assert question_named(said) == named
