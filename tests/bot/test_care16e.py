"""Outside care, round 16 (fix16e): the words for abuse and a risk at home that must be heard
(bot/rules/vulnerable-customers.yaml, read by bot/vulnerability.py)."""

from __future__ import annotations

import pytest

from bot.answers.needs import contact_wishes
from bot.answers.routing import tells_briefly_what_went_wrong
from bot.vulnerability import find_cues, leaves_in_a_hurry, tells_only_circumstances


@pytest.mark.parametrize(
    "said",
    [
        # F26: "abusive" is the plainest word for it, and got nothing.
        "my husband is abusive",
        "my ex is abusive and keeps ringing you pretending to be me",
        "i want to complain. my husband is abusive and he set up our broadband, he keeps ringing"
        " you pretending to be me to get my new address",
        "my ex-husband has been very abusive",
        "my partner gets abusive when he drinks",
        "my ex beat me up and now he is threatening me through the wifi account",
        "he beat me up last year",
        "please dont tell anyone who rings up my address, he's dangerous",
        "my ex is dangerous",
        "my boyfriend is threatening to hurt me",
        "he abuses me",
    ],
)
def test_plain_words_for_abuse_are_heard(said: str) -> None:
    assert "domestic_abuse" in [cue.circumstance for cue in find_cues(said)]


@pytest.mark.parametrize(
    "said",
    [
        # Staff, the bill and idioms are not abuse at home.
        "your call centre agent was abusive to me",
        "the engineer was really abusive, he swore at me",
        "you beat me to it, I was going to cancel anyway",
        "it beats me why the bill doubled",
        "the man in the shop threatened me with a late fee",
        "your letters are threatening me with court",
        "the wiring he left is dangerous",
        "you kicked me off the broadband for no reason",
    ],
)
def test_look_alikes_of_abuse_are_not_heard_as_it(said: str) -> None:
    assert "domestic_abuse" not in [cue.circumstance for cue in find_cues(said)]


@pytest.mark.parametrize(
    ("said", "only_circumstances"),
    [
        # F30: stored as the complaint, in place of the account told before it.
        ("Im deaf, please dont phone me, i cant use a voice phone", True),
        ("i have MS and my hands shake so typing is hard", True),
        ("im partially sighted so large print letters please", True),
        # An account that tells a circumstance too is the account.
        ("I'm 84 and you charged me twice for the same month", False),
        (
            "im deaf and you keep phoning me even though i asked for email, three times this week",
            False,
        ),
        ("my line is dead and im 84", False),
        # Urgent circumstances are left to the urgent help: abuse is often the complaint itself.
        ("my husband is abusive", False),
        ("Nadia Ali", False),
    ],
)
def test_a_message_telling_only_circumstances_is_told_apart(
    said: str, only_circumstances: bool
) -> None:
    assert tells_only_circumstances(said) is only_circumstances


def test_a_service_being_down_is_an_account_in_few_words() -> None:
    # F30: "Please tell me a bit more", and the first message was then lost.
    said = "I want to complain about my email service being down for 3 days"
    assert tells_briefly_what_went_wrong(said)


@pytest.mark.parametrize(
    ("said", "abuse_heard", "leaving"),
    [
        # F19: said at the offer, then glued onto the stored complaint.
        ("hes just come back i have to go", True, True),
        ("hes just come back i have to go", False, True),
        ("he's back", True, True),
        ("gotta go", True, True),
        ("sorry i have to go now", True, True),
        ("i cant talk now he's home", False, True),
        # Not leaving: the same words about something else.
        ("he's back", False, False),
        ("i have to go to work at 5 so call me after 6", True, False),
        ("the engineer said he is coming back on tuesday to fix the line again", True, False),
        ("i have to go through this every month", False, False),
    ],
)
def test_having_to_leave_now_is_heard(said: str, abuse_heard: bool, leaving: bool) -> None:
    assert leaves_in_a_hurry(said, abuse_heard=abuse_heard) is leaving


@pytest.mark.parametrize(
    ("said", "wishes"),
    [
        # F20: a woman whose abuser checks her phone and opens her post; nothing was recorded.
        ("no phone, he checks it", ["no phone calls"]),
        (
            "sorry im back, hes gone out. can you not send anything to the house please, he opens my post",
            ["no post"],
        ),
        ("email only, nothing by post or phone", ["no post", "no phone calls"]),
        ("dont send anything to the old house", ["no post"]),
        ("no calls please", ["no phone calls"]),
        # Declining a detail is no wish about contact.
        ("no phone", []),
        ("i havent got a phone", []),
        ("no post code", []),
        ("send it to my house", []),
    ],
)
def test_wishes_not_to_be_phoned_or_written_to_are_heard(said: str, wishes: list[str]) -> None:
    assert contact_wishes(said) == wishes


@pytest.mark.parametrize(
    "said",
    [
        "there have been no calls back from you in 3 weeks",
        "we've had no post from you about it",
        "i got nothing in the post",
        "you were meant to send an engineer to the house",
    ],
)
def test_no_calls_or_post_in_an_account_is_no_wish(said: str) -> None:
    assert contact_wishes(said) == []
