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

from bot.cases.references import reference_typed_alone


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
