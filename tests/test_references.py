"""Case references: IG-7K3Q9X, Crockford's base 32, random, and forgiving when read back."""

from __future__ import annotations

import re

import pytest

from bot.cases import references
from bot.cases.references import (
    ALPHABET,
    ReferenceFormatError,
    is_reference,
    new_reference,
    normalise_reference,
)


def test_alphabet_is_crockford_base32_without_i_l_o_u() -> None:
    assert len(ALPHABET) == 32
    assert len(set(ALPHABET)) == 32
    assert ALPHABET == "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    assert not set("ILOU") & set(ALPHABET)


@pytest.mark.parametrize("prefix", ["IG", "ISS", "IN", "IV"])
def test_a_new_reference_has_the_prefix_a_hyphen_and_six_characters(prefix: str) -> None:
    reference = new_reference(prefix)
    assert re.fullmatch(rf"{prefix}-[0-9A-HJKMNP-TV-Z]{{6}}", reference)
    assert is_reference(reference)


def test_references_are_random_and_use_the_whole_alphabet() -> None:
    sample = [new_reference("IG") for _ in range(2000)]
    assert len(set(sample)) == len(sample)
    used = set("".join(r[3:] for r in sample))
    assert used == set(ALPHABET)
    # Not a counter: consecutive references are not in order.
    assert sample != sorted(sample)


def test_the_random_part_comes_from_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    picks = iter("7K3Q9X")
    monkeypatch.setattr(references.secrets, "choice", lambda alphabet: next(picks))
    assert new_reference("IG") == "IG-7K3Q9X"


@pytest.mark.parametrize("prefix", ["", "I", "ig", "IGXX", "I-G", "12"])
def test_a_prefix_must_be_two_or_three_capitals(prefix: str) -> None:
    with pytest.raises(ValueError, match="not a reference prefix"):
        new_reference(prefix)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("IG-7K3Q9X", "IG-7K3Q9X"),
        ("ig-7k3q9x", "IG-7K3Q9X"),
        ("  IG-7K3Q9X\n", "IG-7K3Q9X"),
        ("IG 7K3 Q9X", "IG-7K3Q9X"),
        ("IG7K3Q9X", "IG-7K3Q9X"),
        ("ig7k3q9x", "IG-7K3Q9X"),
        ("IG-7K3-Q9X", "IG-7K3Q9X"),
        ("IG-7K3QOX", "IG-7K3Q0X"),  # O read as zero
        ("IG-7K3QIX", "IG-7K3Q1X"),  # I read as one
        ("IG-7K3QLX", "IG-7K3Q1X"),  # L read as one
        ("ig-7k3qlx", "IG-7K3Q1X"),
        ("ISS-A22FNF", "ISS-A22FNF"),
        ("iss a22fnf", "ISS-A22FNF"),
    ],
)
def test_normalise_reference_accepts_what_people_type(typed: str, meant: str) -> None:
    assert normalise_reference(typed) == meant


@pytest.mark.parametrize(
    "typed",
    [
        "IG-123",
        "IG-7K3Q9XX",
        "IG-7K3Q9",
        "IG-7K3Q9U",  # U is not in the alphabet
        "7K3Q9X",
        "-7K3Q9X",
        "I-7K3Q9X",
        "IGXY-7K3Q9X",
        "IG-7K3Q9!",
        "IG_7K3Q9X",
        "",
        "'; DROP TABLE cases;--",
        "IG-" + "7" * 100,
    ],
)
def test_malformed_references_are_refused(typed: str) -> None:
    with pytest.raises(ReferenceFormatError):
        normalise_reference(typed)
    assert not is_reference(typed)


def test_the_refusal_says_what_a_reference_looks_like() -> None:
    with pytest.raises(ReferenceFormatError) as caught:
        normalise_reference("IG-123")
    assert str(caught.value) == (
        "'IG-123' is not a case reference: expected a provider prefix, a hyphen and six "
        "characters such as IG-7K3Q9X"
    )


def test_is_reference_takes_only_the_stored_form() -> None:
    assert is_reference("IG-7K3Q9X")
    assert not is_reference("ig-7k3q9x")
    assert not is_reference("IG-7K3QOX")
