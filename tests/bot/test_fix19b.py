"""Outside testers, round 19, the readers behind fixer fix19b's fixes:

- F6: a message that is only a reference of the conversation's provider, typed with a space, in
  lower case or with an en dash ("IN WDVYAJ", "in wdvyaj", "IN–JBKQ9Q"), is that reference, digit
  or not; "in person" or "IN BROKEN" never is;
- F3: "that's all", "that's everything", "nothing else" at the name question are not a name;
- F4: format characters (bidi controls, zero-width) are taken out of names and descriptions;
- F7: six letters of the reference alphabet typed alone at the reference question are told to be
  typed with the prefix.
"""

from __future__ import annotations

import pytest

from bot import intake
from bot.answers.names import says_nothing_more
from bot.cases.references import prefix_left_off, reference_typed_alone


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        ("IN WDVYAJ", "IN-WDVYAJ"),
        ("in wdvyaj", "IN-WDVYAJ"),
        ("In Wdvyaj.", "IN-WDVYAJ"),
        ("IN–JBKQ9Q", "IN-JBKQ9Q"),
        ("IN — WDVYAJ", "IN-WDVYAJ"),
        ("INWDVYAJ", "IN-WDVYAJ"),
        ("IN-WDVYAJ", "IN-WDVYAJ"),
        ("in wdv yaj", "IN-WDVYAJ"),
        ("IN 7K3Q9O", "IN-7K3Q90"),  # a digit in it: O read as 0, as Crockford reads it
    ],
)
def test_a_reference_typed_alone_in_any_spacing_is_this_providers(text, reference):
    assert reference_typed_alone(text, "IN") == reference


@pytest.mark.parametrize(
    "text",
    [
        "in person",  # O is no letter of the alphabet: a word, never IN-PERS0N
        "IN BROKEN",
        "IV WDVYAJ",  # another provider's prefix
        "in wdvyaj please tell me about large print",
        "WDVYAJ",
        "",
        "in",
    ],
)
def test_other_messages_are_not(text):
    assert reference_typed_alone(text, "IN") is None


# --- F3: "that's all" is no name -------------------------------------------------------------------

NOTHING_MORE = [
    "that's all",
    "thats all",
    "That's everything.",
    "that's it",
    "nothing else",
    "no that's it",
    "no thats all thanks",
    "nope, that's everything",
    "that is all",
    "nothing more to add",
    "no more",
    "that's all I have",
]


@pytest.mark.parametrize("said", NOTHING_MORE)
def test_saying_there_is_nothing_more_is_not_a_name(said):
    assert says_nothing_more(said)
    with pytest.raises(intake.IntakeError) as refused:
        intake.clean_name(said)
    assert refused.value.code == "name-nothing-more"


@pytest.mark.parametrize("name", ["Jane Doe", "Alla Hussain", "Tallis Evers", "Ida Moore"])
def test_names_are_still_names(name):
    assert not says_nothing_more(name)
    assert intake.clean_name(name) == name


# --- F4: format characters ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Eve \u202egnissim\u202c", "Eve gnissim"),
        ("Jane\u200b Doe", "Jane Doe"),
        ("\ufeffJane Doe\u2066", "Jane Doe"),
        ("Jo\u200d\u200cn Smith", "Jon Smith"),
    ],
)
def test_format_characters_are_taken_out_of_a_name(typed, kept):
    assert intake.clean_name(typed) == kept


def test_format_characters_are_taken_out_of_a_description():
    said = "They cut me off \u202eti dekcol\u202c on\u200b Monday"
    assert intake.clean_description(said) == "They cut me off ti dekcol on Monday"


def test_a_name_of_format_characters_only_is_missing():
    with pytest.raises(intake.IntakeError):
        intake.clean_name("\u202e\u200b\u202c")


def test_emoji_joiners_in_a_description_are_kept_as_the_words_are():
    # Only bidi controls and invisible characters go: a family emoji's joiners are part of it.
    assert "👩\u200d👧" in intake.clean_description("Love from 👩\u200d👧 and me")


# --- F7: six letters with the prefix left off -----------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "named"), [("JPHPSK", "IV-JPHPSK"), ("jphpsk.", "IV-JPHPSK"), ("THANKS", "IV-THANKS")]
)
def test_six_letters_of_the_alphabet_are_named_with_the_prefix(typed, named):
    assert prefix_left_off(typed, "IV") == named


@pytest.mark.parametrize("typed", ["BROKEN", "8ZBBTK", "JPHPS", "JPH PSK", "IV-JPHPSK", ""])
def test_other_messages_are_not_named(typed):
    assert prefix_left_off(typed, "IV") is None
