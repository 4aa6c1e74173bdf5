"""Round 20: what outside testers found that the readers got wrong (each failed first)."""

import pytest

from bot import intake


@pytest.mark.parametrize(
    "said",
    [
        # Outside customers B, round 19, F6 (HIGH): the complaint typed at the address question
        # was stored as the postal address, so letters would have gone nowhere.
        "the phone line has been dead for 2 weeks and nobody has come out",
        "my broadband keeps dropping every 10 minutes since 3 november",
        "you charged me £45 twice this month",
        "I rang 3 times and was cut off each time",
        "been without internet 12 days now its a joke",
    ],
)
def test_the_complaint_with_a_number_in_it_is_no_postal_address(said: str) -> None:
    with pytest.raises(intake.IntakeError):
        intake.clean_address(said)


@pytest.mark.parametrize(
    "said",
    [
        "12 Elm Road, Tunbridge Wells",
        "Flat 3, 22 Station Road, Leeds",
        "c/o my daughter, 4 Oak Road, Bristol",
        "Unit 7, Canal Wharf, Manchester",
        "flat 2b 45 high st birmingham",
        "3 The Green, Kings Langley",
        "14 Park Row, Leeds",
        "Apartment 12, 1 Market Street, Derby",
        "Broadband House, 2 Mill Way, Luton",
    ],
)
def test_addresses_with_numbers_are_still_addresses(said: str) -> None:
    assert intake.clean_address(said) == said


@pytest.mark.parametrize(
    ("said", "either"),
    [
        ("maybe 10 or 12", (10, 12)),
        ("10-12", (10, 12)),
        ("between ten and twelve", (10, 12)),
        ("its 8/9 people", (8, 9)),
        ("about 25", None),
        ("12", None),
        ("6 employees and 7 contractors", None),
        ("6 staff or 2 contractors", None),
        ("ref 4471-2290", None),
    ],
)
def test_a_head_count_given_as_two_numbers_is_read_as_either(said, either) -> None:
    # Outside customers A, round 19, F14: "maybe 10 or 12" was kept as 10.
    from bot.answers.business import head_count_range

    assert head_count_range(said) == either


@pytest.mark.parametrize(
    "said",
    [
        "my broadband has been off for a week, please only email me",
        "been without internet 12 days now its a joke",
        "the landline went off on saturday",
    ],
)
def test_a_line_off_or_gone_is_a_fault(said: str) -> None:
    # Round 20 (the lead's probe before the round): "my broadband has been off for a week" was
    # no category, and "What is your complaint about?" came three times while details were given.
    from bot.answers.category import category_told

    assert category_told(said) == "fault_repair"


def test_a_phone_turned_off_is_no_fault() -> None:
    from bot.answers.category import category_told

    assert category_told("you charged me twice after I paid off my phone") == "billing"


@pytest.mark.parametrize(
    "said",
    [
        "please only email me, I can't take calls",
        "I can't take phone calls at work",
        "email only please",
        "letters only, no calls",
        "dont ring me",
        "contact me in writing only",
    ],
)
def test_a_phone_call_not_wanted(said: str) -> None:
    # Outside customers B, round 19, F33/F18: "Please only email" then "And a phone number?".
    from bot.answers.details import phone_unwanted

    assert phone_unwanted(said)


@pytest.mark.parametrize(
    "said",
    ["please ring me back", "only by phone please", "I rang 3 times", "i just emailed you"],
)
def test_a_phone_call_wanted_or_no_wish(said: str) -> None:
    from bot.answers.details import phone_unwanted

    assert not phone_unwanted(said)


def test_a_first_message_gives_the_way_to_be_contacted() -> None:
    from bot.answers.what_happened import first_message_facts

    facts = first_message_facts(
        "my broadband has been off for a week, please only email me, I can't take calls"
    )
    assert facts["contact_preference"] == "email"
    assert "contact_preference" not in first_message_facts("i emailed you twice, nobody replied")


@pytest.mark.parametrize(
    "said",
    [
        "please don't email me, he reads my emails",
        "never email me",
        "do not email me ever",
    ],
)
def test_dont_email_me_is_no_e_mail_never_contact_by_e_mail(said: str) -> None:
    # Outside customers B, round 20, F2 (HIGH): noted as "contact by e-mail".
    from bot.answers.needs import access_needs_named

    assert access_needs_named(said) == "no e-mail"


@pytest.mark.parametrize(
    ("said", "way"),
    [
        ("phone, not letters he opens the post", "phone"),
        ("email, my husband checks my phone", "email"),
        ("letter please, my ex reads my emails", "letter"),
    ],
)
def test_a_way_someone_else_watches_is_never_the_way_chosen(said: str, way: str) -> None:
    # Outside customers B, round 20, F4 (HIGH): "phone, not letters he opens the post" was taken
    # as letters, and the address asked for.
    from bot.answers.details import contact_preference_in

    assert contact_preference_in(said) == way


@pytest.mark.parametrize(
    "said",
    [
        "he checks my phone so I need to be quick. you keep sending bills to our joint email",
        "I've left him and he knows where I live now. please don't send any letters there",
        "my ex found out my new address",
    ],
)
def test_watched_or_found_by_a_partner_is_heard_as_abuse(said: str) -> None:
    # Outside customers B, round 20, F10 and F13 (HIGH): no safety numbers, no offer.
    from bot.vulnerability import find_cues

    assert "domestic_abuse" in [c.circumstance for c in find_cues(said)]


def test_the_engineer_checking_the_line_is_no_abuse() -> None:
    from bot.vulnerability import find_cues

    assert find_cues("the engineer checks my line every week and finds nothing") == []


@pytest.mark.parametrize(
    "said",
    [
        "he's outside the door shouting, I'm scared",
        "my ex is outside my house right now",
        "please don't tell my ex I complained, he still has the account password",
    ],
)
def test_danger_at_the_door_or_secrecy_from_a_partner_is_heard(said: str) -> None:
    # Outside customers B, round 20, F23 and F21 (HIGH): no 999, "Sorry, I didn't follow that".
    from bot.vulnerability import find_cues

    assert "domestic_abuse" in [c.circumstance for c in find_cues(said)]


def test_the_engineer_at_the_door_is_no_danger() -> None:
    from bot.vulnerability import find_cues

    assert find_cues("the engineer said he is at the door but nobody knocked") == []


@pytest.mark.parametrize(
    "said",
    [
        "ive been on hold for an hour 3 times this week trying to sort a billing mistake",
        "your prices are a rip off, way too expensive compared to bt",
    ],
)
def test_a_complaint_told_at_the_identity_question_is_a_new_complaint(said: str) -> None:
    # Outside customers A, round 20, F10 and F10c (HIGH): "that message has neither", then stuck.
    from bot.cases.identity_answers import Reading, read_identity_answer

    assert read_identity_answer(said).reading is Reading.NEW_COMPLAINT


def test_a_postcode_in_a_sentence_at_the_identity_question_is_still_the_answer() -> None:
    from bot.cases.identity_answers import Reading, read_identity_answer

    said = read_identity_answer("its TN1 2PY, the bill was wrong")
    assert said.reading is Reading.ANSWER


@pytest.mark.parametrize(
    "said",
    ["I can't give you a number", "i cant give a phone number", "no phone, he checks my phone"],
)
def test_no_phone_number_to_give_in_a_sentence(said: str) -> None:
    # Outside customers B, round 20, F21: the provider's contacts, and the question again.
    from bot.answers.details import no_phone_to_give

    assert no_phone_to_give(said)


def test_the_what_happened_bit_should_say_is_the_new_account() -> None:
    # Outside customers A, round 20, F2: stored as "bit should say broadband down ...".
    from bot.answers.commands import change_asked

    said = "the what happened bit should say broadband down since thursday 26th, rang 4 times"
    assert change_asked(said) == ("description", "broadband down since thursday 26th, rang 4 times")


@pytest.mark.parametrize("said", ["yes go on", "yes please go on", "go ahead", "yes carry on"])
def test_yes_go_on_at_the_read_back_logs(said: str) -> None:
    # Outside customers A, round 20, F3: "Sorry, I couldn't tell which detail to change".
    from bot.answers.commands import confirms_logging

    assert confirms_logging(said)


@pytest.mark.parametrize("said", ["i havent got one", "I haven't got one", "havent got any"])
def test_havent_got_one_declines_the_detail(said: str) -> None:
    # Outside customers A, round 20, F5: "Please type an email address such as ...".
    from bot.answers.text import declines_to_give

    assert declines_to_give(said)


def test_markup_is_no_postal_address() -> None:
    # Outside attacker, round 21, F6: "<svg onload=alert(1)> SW1A 1AA" at the postcode question
    # kept "<svg onload=alert(1)>" as the postal address.
    with pytest.raises(intake.IntakeError):
        intake.clean_address("<svg onload=alert(1)>")


@pytest.mark.parametrize(
    "said",
    ["I want to add more information", "I'd like to add some details to it", "add more info"],
)
def test_wanting_to_add_information_asks_what(said: str) -> None:
    # Outside attacker, round 21, F3 and F4: "information" noted as the addition.
    from bot.answers.additions import AdditionAsked, addition_asked

    assert addition_asked(said) == AdditionAsked(added=None)
