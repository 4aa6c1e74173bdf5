"""What the lead found typing as a customer on 27 November, evening (Invictanet, live model): an
account of the fault typed at "What is your name?" stored as the name, a date phrase stored as the
account number, and a name typed at "What is your complaint about?" lost."""

from __future__ import annotations

import pytest

from actions.intake import ValidateComplaintForm
from bot import intake
from tests.action_support import form_turn, responses, run_action, slots_set

pytestmark = pytest.mark.usefixtures("action_database")

FORM = "complaint_form"
ACCOUNT = "my internet has been cutting out every evening for 3 weeks and nobody has fixed it"
STARTED = {"complaint_category": "fault_repair", "complaint_description": ACCOUNT}


def turn(requested: str, text: str, candidates: dict, before: dict | None = None):
    tracker = form_turn(FORM, requested, candidates, before=before, text=text)
    messages, events = run_action(ValidateComplaintForm(), tracker)
    return responses(messages), slots_set(events)


@pytest.mark.parametrize(
    "said", ["it keeps dropping", "still no signal", "keeps cutting out every night"]
)
def test_more_about_the_fault_at_the_name_question_is_not_the_name(said: str) -> None:
    said_back, slots = turn("customer_name", said, {"customer_name": said}, before=STARTED)
    assert slots.get("customer_name") is None
    assert said in slots["complaint_description"]
    assert said_back == ["utter_added_to_description"]


@pytest.mark.parametrize("name", ["Sam Patel", "Bill Price", "dean down"])
def test_a_name_is_still_the_name(name: str) -> None:
    _, slots = turn("customer_name", name, {"customer_name": name}, before=STARTED)
    assert slots["customer_name"] == name


@pytest.mark.parametrize(
    "said", ["about 3 weeks ago", "since the 3rd of november", "dont know it sorry mate"]
)
def test_words_that_are_no_account_number_are_refused(said: str) -> None:
    with pytest.raises(intake.IntakeError):
        intake.clean_account(said)


@pytest.mark.parametrize("account", ["IG 4471 2290", "ACC-1234/56", "12345678", "INV 0042 77"])
def test_account_numbers_still_pass(account: str) -> None:
    assert intake.clean_account(account) == account


def test_a_name_at_the_category_question_is_kept_and_said() -> None:
    said_back, slots = turn(
        "complaint_category",
        "Sam Patel",
        {"complaint_category": "Sam Patel"},
        before={"complaint_description": ACCOUNT},
    )
    assert slots["customer_name"] == "Sam Patel"
    assert slots["complaint_category"] is None
    assert said_back == ["utter_detail_kept"]


def test_an_email_at_the_category_question_is_kept_and_said() -> None:
    said_back, slots = turn(
        "complaint_category",
        "sam.patel@example.com",
        {"complaint_category": "sam.patel@example.com", "customer_email": "sam.patel@example.com"},
        before={"complaint_description": ACCOUNT},
    )
    assert slots.get("customer_email", "sam.patel@example.com") == "sam.patel@example.com"
    assert said_back == ["utter_detail_kept"]


@pytest.mark.parametrize(
    ("said", "kind"),
    [
        ("im a normal customer", "consumer"),
        ("a normal person", "consumer"),
        ("its for my home", "consumer"),
        ("for home use", "consumer"),
        ("ordinary customer", "consumer"),
        ("i run a business from home", "business"),
        ("not a normal customer, a business", "business"),
    ],
)
def test_everyday_words_for_a_consumer(said: str, kind: str) -> None:
    from bot.answers.business import customer_type_in

    assert customer_type_in(said) == kind


def test_no_email_with_a_phone_already_given_says_the_phone_is_the_way() -> None:
    from tests.action_support import only

    tracker = form_turn(
        FORM,
        "customer_email",
        {"customer_email": "i dont use email"},
        before={**STARTED, "customer_name": "Margaret O'Neill", "customer_phone": "07700 900123"},
        text="i dont use email",
    )
    messages, events = run_action(ValidateComplaintForm(), tracker)
    assert responses(messages) == ["utter_no_email_phone_held"]
    assert only(messages, "utter_no_email_phone_held")["phone"] == "07700 900123"
    assert slots_set(events)["customer_email"] != "i dont use email"


def test_a_phone_number_at_the_email_question_is_kept_and_said() -> None:
    said_back, slots = turn(
        "customer_email",
        "07700 900123",
        {"customer_email": "07700 900123", "customer_phone": "07700 900123"},
        before={**STARTED, "customer_name": "Margaret O'Neill"},
    )
    assert slots["customer_phone"] == "07700 900123"
    assert slots["customer_email"] is None
    assert said_back == ["utter_detail_kept"]


def test_a_normal_customer_at_the_customer_type_question_is_a_consumer() -> None:
    said_back, slots = turn(
        "customer_type",
        "im a normal customer",
        {"customer_type": "im a normal customer"},
        before={**STARTED, "customer_name": "Margaret O'Neill", "customer_phone": "07700 900123"},
    )
    assert slots["customer_type"] == "consumer"
    assert said_back == []


@pytest.mark.parametrize(
    ("said", "employees"),
    [
        ("we are a company of 40 people", 40),
        ("a firm of 12 people plus 2 contractors", 12),
        ("40 people work here", 40),
    ],
)
def test_a_company_of_40_people_is_40_not_80(said: str, employees: int) -> None:
    """Outside customers B, round 12 (H1): "we are a company of 40 people" was stored as 80
    employees, and the customer told ADR was closed to a business of 80."""
    from bot.answers.business import find_head_count

    counted = find_head_count(said)
    assert counted is not None
    assert dict(counted.groups)["employees"] == employees


@pytest.mark.parametrize(
    "said", ["skip", "Skip", "skip it", "id rather not say", "you said i could skip it"]
)
def test_skip_at_the_postcode_question_leaves_it_out_the_first_time(said: str) -> None:
    """Outside customers B, round 12 (H2): a customer afraid of her ex was told "say 'skip' when I
    ask for your postcode", then "skip" got "Please type a UK postcode" twice."""
    said_back, slots = turn(
        "customer_postcode",
        said,
        {"customer_postcode": said},
        before={**STARTED, "customer_name": "Ann Lee", "customer_email": "ann@example.com"},
    )
    assert slots["customer_postcode"] == "none"  # NOT_GIVEN
    assert said_back == ["utter_answer_left_out"]


@pytest.mark.parametrize(
    ("asked", "said", "account"),
    [
        ("customer_email", "dave.oc@gmail.com, acct no is IG-55321 btw", "IG-55321"),
        ("customer_name", "Lena Novak, account number IN-77120, lena.novak@proton.me", "IN-77120"),
        ("customer_postcode", "TN1 1AA and my account number is IG 4471 2290", "IG 4471 2290"),
    ],
)
def test_an_account_number_named_at_another_question_is_kept(
    asked: str, said: str, account: str
) -> None:
    """Outside customers A, round 12 (H6): the account number given with the e-mail or the name
    was dropped, then asked for; "i already gave it you" sent the customer to a case check."""
    from actions.intake import ValidateComplaintForm as Form

    tracker = form_turn(
        FORM,
        asked,
        {asked: said},
        before={**STARTED, "customer_name": "Dave Oak"} if asked != "customer_name" else STARTED,
        text=said,
    )
    _, events = run_action(Form(), tracker)
    assert slots_set(events).get("account_number") == account


def test_i_already_gave_it_you_at_the_account_question_stays_in_the_form() -> None:
    """Read as a case check by the model: never "What is your complaint reference?"."""
    from rasa_sdk.events import FollowupAction

    from actions.status import ActionSetCaseRequest
    from tests.action_support import make_tracker

    slots = {**STARTED, "customer_name": "Dave Oak", "requested_slot": "account_number"}
    tracker = make_tracker(
        slots, text="i already gave it you", intent="check_case", active_loop=FORM
    )
    messages, events = run_action(ActionSetCaseRequest(), tracker)
    assert responses(messages) == ["utter_account_not_given_yet"]
    assert events[-1] == FollowupAction("complaint_form")


def _what_happened(
    said: str,
    candidates: dict,
    first: str = "I want to complain, you charged me twice for november",
):
    """The form's check of `said` at "What happened?", after a short first message."""
    from rasa_sdk.events import ActionExecuted

    from tests.action_support import make_tracker, slot_event, user_event

    before = {"complaint_category": "billing", "customer_name": "Tom Reed"}
    events = [
        user_event(first, "make_complaint"),
        ActionExecuted("action_start_complaint"),
        *(slot_event(k, v) for k, v in before.items()),
        user_event(said, "inform"),
        slot_event("requested_slot", "complaint_description"),
        ActionExecuted(FORM),
        *(slot_event(k, v) for k, v in candidates.items()),
    ]
    tracker = make_tracker(
        {**before, "requested_slot": "complaint_description", **candidates},
        text=said,
        events=events,
        active_loop=FORM,
    )
    messages, events = run_action(ValidateComplaintForm(), tracker)
    return responses(messages), slots_set(events)


def test_an_email_at_what_happened_is_kept_as_said_even_when_the_model_extracted_it() -> None:
    """The lead's probe on the merged code (27 Nov, evening): "I've noted it for contacting you",
    then "What email address can we use?" and the address gone."""
    said = "tom.reed@example.com"
    said_back, slots = _what_happened(said, {"complaint_description": said, "customer_email": said})
    assert "utter_description_is_a_detail" in said_back
    assert slots["customer_email"] == said


def test_skip_at_what_happened_keeps_the_first_messages_account() -> None:
    said_back, slots = _what_happened("skip", {"complaint_description": "skip"})
    assert slots["complaint_description"] == "I want to complain, you charged me twice for november"


@pytest.mark.parametrize(
    ("first", "opening"),
    [
        (
            "my mum died in october and youre still sending her bills and chasing me for £120",
            "utter_start_complaint_bereaved",
        ),
        ("you charged me twice for november and nobody will fix it", "utter_start_complaint"),
    ],
)
def test_a_bereavement_in_the_first_message_gets_condolences_not_something_gone_wrong(
    first: str, opening: str
) -> None:
    """Outside customers A, round 12 (M10), and the lead's probe: "I'm sorry to hear something
    has gone wrong" to "my husband passed away ..."."""
    from actions.intake import ActionStartComplaint
    from tests.action_support import make_tracker

    tracker = make_tracker({"provider": "infinium"}, text=first, intent="make_complaint")
    messages, _ = run_action(ActionStartComplaint(), tracker)
    assert opening in responses(messages)
    assert {"utter_start_complaint", "utter_start_complaint_bereaved"} - {opening} & set(
        responses(messages)
    ) == set()


@pytest.mark.parametrize("intent", ["ask_privacy"])
def test_a_subject_access_request_left_unanswered_is_a_complaint(intent: str) -> None:
    """The outside set's fresh-complaint-other-06, after truth14's subject-access answer (27 Nov,
    evening): "I asked for a copy of all the data you hold on me ... on 1 October, it's been way
    over a month" got "the code doesn't cover asking what data we hold", not a complaint."""
    from actions.rights import ActionAnswerQuestion
    from actions.status import ActionSetCaseRequest
    from tests.action_support import make_tracker

    said = (
        "I asked for a copy of all the data you hold on me (subject access request) on "
        "1 October, it's been way over a month"
    )
    action = ActionSetCaseRequest() if intent == "check_case" else ActionAnswerQuestion()
    tracker = make_tracker({"provider": "infinity-group"}, text=said, intent=intent)
    messages, events = run_action(action, tracker)
    assert "utter_own_data_not_covered" not in responses(messages)
    reread = [e for e in events if e.get("event") == "user"]
    assert reread and reread[-1]["parse_data"]["intent"]["name"] == "make_complaint"


def test_asking_what_data_is_held_still_gets_the_honest_answer() -> None:
    from actions.rights import ActionAnswerQuestion
    from tests.action_support import make_tracker

    tracker = make_tracker(
        {"provider": "infinity-group"},
        text="I want to know what data you hold on me",
        intent="ask_privacy",
    )
    messages, _ = run_action(ActionAnswerQuestion(), tracker)
    assert "utter_own_data_not_covered" in responses(messages)


def test_skip_at_the_head_count_leaves_it_out_the_first_time() -> None:
    said_back, slots = turn(
        "employees",
        "skip",
        {"employees": "skip"},
        before={**STARTED, "customer_name": "Ann Hale", "customer_type": "business"},
    )
    assert slots["employees"] == "none"  # NOT_GIVEN
    assert said_back == ["utter_answer_left_out"]


def test_a_business_that_left_its_head_count_out_is_read_back_not_sent_to_the_form() -> None:
    """The browser tester and the lead, round 12: the read-back sent the form back for the head
    count left out, the form counted it answered, and the two looped until Rasa stopped: `[]`."""
    from actions.intake import ActionSummariseComplaint
    from tests.action_support import CONSUMER_FORM, make_tracker

    slots = {
        **CONSUMER_FORM,
        "provider": "infinity-system-solutions",
        "customer_type": "business",
        "employees": "none",
    }
    messages, events = run_action(ActionSummariseComplaint(), make_tracker(slots))
    assert not [e for e in events if e.get("event") == "followup"]
    assert "utter_complaint_summary" in responses(messages)


@pytest.mark.parametrize("action_name", ["ActionDefaultFallback", "ActionClarify"])
def test_writing_for_someone_ends_the_turn(action_name: str) -> None:
    """The re-test, round 12: "hi im writing for my dad, hes 88" from Rasa's core fallback got
    one line nine times, then every message after it an empty reply (the fallback was predicted
    again and again, its events ending neither the turn nor the message)."""
    import actions.chitchat as chitchat
    from tests.action_support import make_tracker

    said = "hi im writing for my dad, hes 88"
    intent = "inform" if action_name == "ActionDefaultFallback" else "nlu_fallback"
    tracker = make_tracker({"provider": "infinity-system-solutions"}, text=said, intent=intent)
    messages, events = run_action(getattr(chitchat, action_name)(), tracker)
    assert "utter_speaking_for_another_not_covered" in responses(messages)
    assert events[-1] == {"event": "followup", "timestamp": None, "name": "action_listen"}


def test_write_to_me_said_again_keeps_the_letter_already_passed_on() -> None:
    """The re-test, round 12 (customers B H8, Invictanet): no e-mail, no working phone, so the
    letter was to be passed on; "write to me" at the postcode question wiped it, and the contact
    question then offered only the phone."""
    before = {
        **STARTED,
        "provider": "invictanet",
        "customer_name": "Doris Webb",
        "customer_email": "none",
        "customer_phone": "none",
        "contact_preference": "letter",
    }
    tracker = form_turn(
        FORM,
        "customer_postcode",
        {"customer_postcode": "write to me", "contact_preference": "letter"},
        before=before,
        text="write to me",
        entities={"contact_preference": "letter"},
    )
    _, events = run_action(ValidateComplaintForm(), tracker)
    assert slots_set(events).get("contact_preference", "letter") == "letter"


@pytest.mark.parametrize(
    "said",
    ["is there a time limit for making a complaint?", "how long do i have to complain?"],
)
def test_a_time_limit_question_read_as_a_complaint_is_answered(said: str) -> None:
    """The re-test, round 12 (Infinity Group): "is there a time limit for making a complaint?"
    as a first message started the complaint form."""
    from actions.intake import ActionStartComplaint
    from actions.rights import ActionAnswerQuestion
    from tests.action_support import make_tracker

    tracker = make_tracker({"provider": "infinity-group"}, text=said, intent="make_complaint")
    messages, events = run_action(ActionStartComplaint(), tracker)
    assert "utter_start_complaint" not in responses(messages)
    reread = [e for e in events if e.get("event") == "user"]
    assert reread and reread[-1]["parse_data"]["intent"]["name"] == "ask_adr"
    answered = make_tracker({"provider": "infinity-group"}, text=said, intent="ask_adr")
    messages, _ = run_action(ActionAnswerQuestion(), answered)
    assert "utter_no_complaint_time_limit" in responses(messages)
