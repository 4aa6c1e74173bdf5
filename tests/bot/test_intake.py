"""The intake checks shared by the desk and the assistant: normalised values or clear refusals."""

from __future__ import annotations

from typing import Any

import pytest

from bot import intake
from bot.intake import (
    MAX_DESCRIPTION_CHARS,
    Intake,
    IntakeError,
    IntakeErrors,
    validate_intake,
)

VALID: dict[str, Any] = {
    "provider": "infinity-group",
    "channel": "email",
    "category": "billing",
    "description": "Charged twice for December.",
    "name": "Jane Doe",
    "email": "jane@example.co.uk",
}
HOSTILE = [
    "Robert'); DROP TABLE cases;--",
    "<script>alert(1)</script>",
    'He said "no" & hung up',
    "Broadband 📡 down again 😡",
    "שלום, האינטרנט לא עובד",  # right-to-left script
    "مرحبا، الفاتورة خاطئة",
    "Line one\nLine two\n\tindented",
]


def refused(function: Any, value: Any) -> IntakeError:
    with pytest.raises(IntakeError) as caught:
        function(value)
    return caught.value


# --- one field at a time -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("jane@example.co.uk", "jane@example.co.uk"),
        ("  Jane.Doe@Example.CO.UK ", "Jane.Doe@example.co.uk"),  # only the domain is lower-cased
        ("o'brien+complaints@mail.example.com", "o'brien+complaints@mail.example.com"),
        ("a@b.io", "a@b.io"),
        ("user@xn--80ak6aa92e.com", "user@xn--80ak6aa92e.com"),
    ],
)
def test_clean_email_accepts_practical_addresses(given: str, expected: str) -> None:
    assert intake.clean_email(given) == expected


@pytest.mark.parametrize(
    "given",
    [
        "jane",
        "jane@",
        "@example.com",
        "jane@example",
        "jane@@example.com",
        "jane doe@example.com",
        "jane@exa mple.com",
        "jane..doe@example.com",
        ".jane@example.com",
        "jane@-example.com",
        "jane@example.c",
        "jane@example.com.",
        "<script>@example.com",
        "x" * 65 + "@example.com",
        "jane@" + "a" * 250 + ".com",
    ],
)
def test_clean_email_refuses_what_is_not_an_address(given: str) -> None:
    error = refused(intake.clean_email, given)
    assert error.field == "email"
    assert error.code == "email-invalid"
    assert "is not an email address" in error.message


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("020 7946 0000", "020 7946 0000"),
        ("02079460000", "020 7946 0000"),
        ("+44 20 7946 0000", "020 7946 0000"),
        ("+44 (0)20 7946 0000", "020 7946 0000"),
        ("0044 20 7946 0000", "020 7946 0000"),
        ("07700 900123", "07700 900123"),
        ("+447700900123", "07700 900123"),
        ("07700-900-123", "07700 900123"),
        ("0345 450 4600", "0345 450 4600"),
        ("03454504600", "0345 450 4600"),
        ("01253 353537", "01253 353537"),
        ("0113 496 0000", "0113 496 0000"),  # Leeds: 011x
        ("01614960000", "0161 496 0000"),  # Manchester: 01x1
        ("0800 123 456", "0800 123 456"),  # ten-digit freephone
        ("(01892) 123456", "01892 123456"),
    ],
)
def test_clean_phone_accepts_uk_numbers_and_spaces_them(given: str, expected: str) -> None:
    assert intake.clean_phone(given) == expected


@pytest.mark.parametrize(
    "given",
    [
        "12345",
        "0909 123 4567",
        "04 1234 5678",
        "+1 202 555 0100",
        "07700 90012",
        "0770090012345",
        "phone me",
        "07700 9OO123",
    ],
)
def test_clean_phone_refuses_what_is_not_a_uk_number(given: str) -> None:
    error = refused(intake.clean_phone, given)
    assert (error.field, error.code) == ("phone", "phone-invalid")
    assert "UK phone number" in error.message


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("TN1 2PY", "TN1 2PY"),
        ("tn12py", "TN1 2PY"),
        ("  se1   9ha ", "SE1 9HA"),
        ("EC1V 2PT", "EC1V 2PT"),
        ("W1A 1AA", "W1A 1AA"),
        ("NP23 8XA", "NP23 8XA"),
        ("M1 1AE", "M1 1AE"),
        ("gir 0aa", "GIR 0AA"),
    ],
)
def test_clean_postcode_normalises(given: str, expected: str) -> None:
    assert intake.clean_postcode(given) == expected


@pytest.mark.parametrize(
    "given", ["TN1", "12345", "TN1 2P", "QN1 2PY", "TN1 2CY", "ABCDEFG", "TN1-2PY!"]
)
def test_clean_postcode_refuses_other_shapes(given: str) -> None:
    error = refused(intake.clean_postcode, given)
    assert (error.field, error.code) == ("postcode", "postcode-invalid")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("fault repair", "fault_repair"),
        ("fault_repair", "fault_repair"),
        ("Fault-Repair", "fault_repair"),
        ("faults", "fault_repair"),
        ("BILLING", "billing"),
        ("cancellation", "cancellation"),
        ("other", "other"),
    ],
)
def test_clean_category_accepts_spellings(given: str, expected: str) -> None:
    assert intake.clean_category(given) == expected


def test_clean_category_refuses_an_unknown_one() -> None:
    error = refused(intake.clean_category, "weather")
    assert error.code == "category-unknown"
    assert "fault repair" in error.message


def test_clean_description_keeps_the_words_verbatim() -> None:
    for text in HOSTILE:
        assert intake.clean_description(f"  {text}  ") == text.strip()
    assert intake.clean_description("one\r\ntwo") == "one\ntwo"


def test_clean_description_has_a_stated_limit() -> None:
    assert intake.clean_description("x" * MAX_DESCRIPTION_CHARS) == "x" * MAX_DESCRIPTION_CHARS
    error = refused(intake.clean_description, "x" * (1024 * 1024))
    assert (error.field, error.code) == ("description", "description-too-long")
    assert "1,048,576 characters" in error.message
    assert "the limit is 4,000 characters" in error.message


@pytest.mark.parametrize("bad", ["\x00", "\x1b[31m", "\x07", "\x7f", "\x9b", "\ud800"])
def test_clean_description_refuses_control_characters(bad: str) -> None:
    error = refused(intake.clean_description, f"my bill{bad}is wrong")
    assert error.code == "description-invalid-characters"
    assert "control characters" in error.message


def test_clean_description_is_required() -> None:
    assert refused(intake.clean_description, "   ").code == "description-missing"
    assert refused(intake.clean_description, None).code == "description-missing"


def test_clean_name() -> None:
    assert intake.clean_name("  Zoë O'Brien ") == "Zoë O'Brien"
    assert intake.clean_name("Robert'); DROP TABLE cases;--") == "Robert'); DROP TABLE cases;--"
    assert refused(intake.clean_name, "").code == "name-missing"
    assert refused(intake.clean_name, "Jane\nDoe").code == "name-invalid-characters"
    assert refused(intake.clean_name, "J" * 201).code == "name-too-long"


def test_clean_account() -> None:
    assert intake.clean_account(" ACC-1234/56 ") == "ACC-1234/56"
    assert refused(intake.clean_account, "<b>1</b>").code == "account-invalid"
    assert refused(intake.clean_account, "1" * 65).code == "account-invalid"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("consumer", "consumer"),
        ("Business", "business"),
        ("residential", "consumer"),
        ("small business", "business"),
    ],
)
def test_clean_customer_type(given: str, expected: str) -> None:
    assert intake.clean_customer_type(given) == expected


def test_clean_customer_type_refuses_others() -> None:
    assert refused(intake.clean_customer_type, "charity").code == "customer-type-unknown"


@pytest.mark.parametrize(
    ("given", "expected"), [(8, 8), ("8", 8), (" 12 ", 12), ("1,200", 1200), (0, 0)]
)
def test_clean_employees(given: Any, expected: int) -> None:
    assert intake.clean_employees(given) == expected


@pytest.mark.parametrize("given", [-1, "-3", "ten", "2.5", "", True, 10**9])
def test_clean_employees_refuses_what_is_not_a_count(given: Any) -> None:
    assert refused(intake.clean_employees, given).code == "employees-invalid"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("email", "email"),
        ("Phone", "phone"),
        ("text relay", "text_relay"),
        ("Relay UK", "text_relay"),
        ("text", "sms"),
        ("post", "letter"),
        ("BSL", "video_relay"),
    ],
)
def test_clean_contact_preference(given: str, expected: str) -> None:
    assert intake.clean_contact_preference(given) == expected


def test_clean_contact_preference_refuses_others() -> None:
    assert refused(intake.clean_contact_preference, "pigeon").code == "contact-preference-unknown"


def test_clean_accessibility() -> None:
    assert intake.clean_accessibility(" large print ") == "large print"
    assert refused(intake.clean_accessibility, "x" * 501).code == "accessibility-needs-too-long"


@pytest.mark.parametrize(
    ("given", "expected"),
    [("email", "email"), ("E-mail", "email"), ("LETTER", "letter"), ("chat", "chat")],
)
def test_clean_channel(given: str, expected: str) -> None:
    assert intake.clean_channel(given) == expected


def test_clean_channel_refuses_others() -> None:
    assert refused(intake.clean_channel, "pigeon").code == "channel-unknown"


def test_clean_provider() -> None:
    assert intake.clean_provider(" infinity-group ") == "infinity-group"
    error = refused(intake.clean_provider, "acme-telecom")
    assert (error.field, error.code) == ("provider", "provider-unknown")
    assert "known providers: infinity-group" in error.message


# --- the whole submission ----------------------------------------------------------------------


def test_validate_intake_normalises_everything() -> None:
    result = validate_intake(
        {
            **VALID,
            "category": "fault repair",
            "email": "Jane@Example.COM",
            "phone": "+44 7700 900123",
            "postcode": "tn12py",
            "account": "ACC-1",
            "customer_type": "Business",
            "employees": "8",
            "contact_preference": "text relay",
            "accessibility_needs": "large print",
        }
    )
    assert result == Intake(
        provider="infinity-group",
        channel="email",
        category="fault_repair",
        description="Charged twice for December.",
        name="Jane Doe",
        email="Jane@example.com",
        phone="07700 900123",
        postcode="TN1 2PY",
        account="ACC-1",
        customer_type="business",
        employees=8,
        contact_preference="text_relay",
        accessibility_needs="large print",
    )


def test_optional_fields_may_be_left_out_or_blank() -> None:
    result = validate_intake({**VALID, "phone": "", "postcode": None, "account": "   "})
    assert (result.phone, result.postcode, result.account) == (None, None, None)


def test_validate_intake_lists_every_problem() -> None:
    with pytest.raises(IntakeErrors) as caught:
        validate_intake(
            {
                "provider": "acme",
                "channel": "pigeon",
                "category": "weather",
                "description": "x" * 5000,
                "name": "",
                "email": "not-an-email",
                "postcode": "nowhere",
                "employees": "-1",
            }
        )
    assert caught.value.codes == [
        "provider-unknown",
        "channel-unknown",
        "category-unknown",
        "description-too-long",
        "name-missing",
        "email-invalid",
        "postcode-invalid",
        "employees-invalid",
    ]
    assert "8 problems" in str(caught.value)


def test_an_email_or_a_phone_is_required() -> None:
    without = {k: v for k, v in VALID.items() if k != "email"}
    with pytest.raises(IntakeErrors) as caught:
        validate_intake(without)
    assert caught.value.codes == ["contact-missing"]
    assert validate_intake({**without, "phone": "020 7946 0000"}).phone == "020 7946 0000"


def test_the_preferred_way_needs_its_contact_detail() -> None:
    with pytest.raises(IntakeErrors) as caught:
        validate_intake({**VALID, "contact_preference": "text relay"})
    assert caught.value.codes == ["contact-preference-unreachable"]
    assert "prefers text relay but gave no phone number" in str(caught.value)


def test_an_unknown_provider_has_its_own_code() -> None:
    with pytest.raises(IntakeErrors) as caught:
        validate_intake({**VALID, "provider": "acme"})
    assert caught.value.errors[0].code == "provider-unknown"
    assert caught.value.errors[0].field == "provider"


def test_hostile_text_is_kept_verbatim() -> None:
    for text in HOSTILE:
        result = validate_intake({**VALID, "description": text})
        assert result.description == text
    name = "Robert'); DROP TABLE cases;--"
    assert validate_intake({**VALID, "name": name}).name == name


def test_unexpected_fields_are_a_programming_error() -> None:
    with pytest.raises(TypeError, match="unexpected intake fields: colour"):
        validate_intake({**VALID, "colour": "blue"})


def test_a_postal_address_alone_is_a_way_to_reply_and_letters_need_one() -> None:
    """Outside testing: a customer who wanted letters only was asked for a phone number until she
    gave one, and the address she typed was thrown away."""
    without = {k: v for k, v in VALID.items() if k not in ("email", "phone")}
    by_post = validate_intake(
        {**without, "address": "12 Elm Road, Tunbridge Wells", "contact_preference": "letter"}
    )
    assert by_post.address == "12 Elm Road, Tunbridge Wells"
    with pytest.raises(IntakeErrors) as caught:
        validate_intake({**VALID, "contact_preference": "letter"})
    assert caught.value.codes == ["contact-preference-unreachable"]
    assert "gave no postal address" in str(caught.value)


@pytest.mark.parametrize(
    "said",
    [
        "I'm partially sighted so I need large print letters please",
        "dont have one sorry",
        "you already have my address on file",
    ],
)
def test_a_sentence_about_oneself_is_no_postal_address(said: str) -> None:
    """Outside attacker, 27 Nov (F8): a disclosure typed at the address question was kept as the
    postal address: letters would have gone nowhere, and the health words were stored."""
    with pytest.raises(intake.IntakeError):
        intake.clean_address(said)


@pytest.mark.parametrize(
    "said",
    [
        "Rose Cottage, Mill Lane, Hayfield",
        "14 Park Row, Leeds",
        "The Old Rectory, Church Street, Little Snoring",
    ],
)
def test_an_address_with_no_number_is_still_an_address(said: str) -> None:
    assert intake.clean_address(said) == said
