"""Case references: IG-7K3Q9X, Crockford's base 32, random, and forgiving when read back."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from scipy.stats import chi2

from bot.cases import references
from bot.cases.references import (
    ALPHABET,
    ReferenceFormatError,
    is_reference,
    new_reference,
    normalise_reference,
    reference_in,
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


# --- not guessable: a large sample -------------------------------------------------------------

SAMPLE_SIZE = 10_000
# Each check below fails by chance about once in a million runs for truly random references.
CHANCE = 1e-6


def _codes(count: int = SAMPLE_SIZE) -> list[str]:
    return [new_reference("IG")[3:] for _ in range(count)]


def _chi_square(counts: Counter, cells: int, total: int) -> float:
    expected = total / cells
    return sum((counts.get(cell, 0) - expected) ** 2 / expected for cell in range(cells))


def test_a_large_sample_has_no_more_repeats_than_chance_allows() -> None:
    """10,000 draws from 32**6 (about a billion) codes: a repeat has a 5% chance, four or more about
    one in five million (the store retries a collision anyway). A generator with a small seed or
    state (say 16 bits) would repeat hundreds of times."""
    codes = _codes()
    assert SAMPLE_SIZE - len(set(codes)) <= 3


def test_every_position_uses_every_character_evenly() -> None:
    """Chi-square of each of the six positions against the uniform spread over the 32 characters
    (31 degrees of freedom): a character favoured or never used fails."""
    codes = _codes()
    for position in range(6):
        counts = Counter(ALPHABET.index(code[position]) for code in codes)
        statistic = _chi_square(counts, 32, SAMPLE_SIZE)
        assert chi2.sf(statistic, 31) > CHANCE, (position, counts)


def test_consecutive_references_say_nothing_about_each_other() -> None:
    """For consecutive references in the order they were issued:
    - each position's character in the next reference is independent of this one's (chi-square of
      the 32 x 32 table of pairs, 1,023 degrees of freedom): catches counters and clocks;
    - the difference between consecutive codes (read as base-32 numbers) is never the same twice
      more than chance allows: catches any fixed step or linear generator;
    - they share characters in the same place no more often than chance (6/32 per pair).
    """
    codes = _codes()
    pairs = list(zip(codes, codes[1:], strict=False))
    for position in range(6):
        counts = Counter(
            ALPHABET.index(a[position]) * 32 + ALPHABET.index(b[position]) for a, b in pairs
        )
        statistic = _chi_square(counts, 32 * 32, len(pairs))
        assert chi2.sf(statistic, 32 * 32 - 1) > CHANCE, position

    def number(code: str) -> int:
        return int(code.translate(str.maketrans(ALPHABET, "0123456789abcdefghijklmnopqrstuv")), 32)

    steps = Counter((number(b) - number(a)) % 32**6 for a, b in pairs)
    assert steps.most_common(1)[0][1] <= 3

    shared = sum(x == y for a, b in pairs for x, y in zip(a, b, strict=True)) / len(pairs)
    expected, spread = 6 / 32, (6 * (1 / 32) * (31 / 32)) ** 0.5 / len(pairs) ** 0.5
    assert abs(shared - expected) < 5 * spread


PREFIXES = ["IG", "ISS", "IN", "IV"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("ig g27a5d", "IG-G27A5D"),
        ("status of complaint IGG27A5D please", "IG-G27A5D"),
        ("my ref is IV 7K3Q9X thanks", "IV-7K3Q9X"),
        ("iss-7k3-q9x", "ISS-7K3Q9X"),
        ("IG-G27A5D", "IG-G27A5D"),
        # Six characters with no digit are not taken from a sentence; postcodes are not references.
        ("i complained in person last week", None),
        ("SW1A 1AA", None),
        ("in 3 weeks", None),
        ("", None),
    ],
)
def test_a_reference_is_found_in_a_sentence_however_it_is_spaced(
    text: str, found: str | None
) -> None:
    assert reference_in(text, PREFIXES) == found
