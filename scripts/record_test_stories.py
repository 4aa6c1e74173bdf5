"""Hold every customer flow with the real assistant and write them as Rasa test stories.

Usage: .venv/bin/python scripts/record_test_stories.py > tests/test_stories.yml

Starts the Rasa server and action server (clock: Tuesday 22 December 2026, 10:00), holds each
conversation below over the REST channel, then reads each back from the tracker store
(scripts/export_test_story.py). Read the result before keeping it: a story records what the
assistant did, so it is only a test once a person has checked that this is what it should do.
Buttons are pressed with their payloads, as a customer clicking them would.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.export_test_story import load_events, story_steps  # noqa: E402
from tests.servers import running_assistant  # noqa: E402

COMPLAINT = [
    "I want to make a complaint",
    '/inform{"category":"billing"}',
    "I was charged twice for my broadband in December",
    "Jane Doe",
    "jane.doe@example.co.uk",
    "07700 900123",
    "TN1 2PY",
    '/inform{"contact_preference":"email"}',
    '/inform{"customer_type":"consumer"}',
    "skip",
    "none",
]

FLOWS: list[tuple[str, str, list[str]]] = [
    (
        "complaint with Infinity Group, confirmed",
        "infinity-group",
        ["hello", *COMPLAINT, "/affirm", "thanks", "bye"],
    ),
    ("complaint with Invictanet, confirmed", "invictanet", ["hi", *COMPLAINT, "/affirm"]),
    ("complaint with Infinium, confirmed", "infinium", ["hello", *COMPLAINT, "/affirm"]),
    (
        "complaint with Infinity System Solutions by a business of 50: ADR ruled out",
        "infinity-system-solutions",
        [
            *COMPLAINT[:8],
            '/inform{"customer_type":"business"}',
            "50",
            "skip",
            "none",
            "/affirm",
        ],
    ),
    (
        "correction after the read-back",
        "infinity-group",
        [*COMPLAINT, "/deny", "sorry, my email is jane.d@example.com", "/affirm"],
    ),
    (
        "correction in the middle of the form",
        "infinity-group",
        [
            *COMPLAINT[:6],
            "sorry, my email is actually jane.d@example.com",
            *COMPLAINT[6:],
            "/affirm",
        ],
    ),
    (
        "questions in the middle of the form are answered and the form resumes",
        "infinity-group",
        [
            *COMPLAINT[:2],
            "how long will you take to reply?",
            "can i take this to the ombudsman?",
            *COMPLAINT[2:],
            "/affirm",
        ],
    ),
    ("stop in the middle of the form", "invictanet", [*COMPLAINT[:4], "stop"]),
    ("stop at the read-back", "infinium", [*COMPLAINT, "stop"]),
    ("response times", "infinity-system-solutions", ["how long will you take to reply?"]),
    ("escalation", "infinity-group", ["how do i escalate a complaint?"]),
    ("ADR and the ombudsman", "invictanet", ["can I go to the ombudsman?"]),
    ("contact details and opening hours", "infinium", ["what's your phone number?"]),
    ("compensation and refunds", "infinity-system-solutions", ["do you pay compensation?"]),
    ("cancelling and minimum terms", "invictanet", ["how do I cancel my contract?"]),
    ("privacy", "infinium", ["who can see my personal data?"]),
    ("accessible formats", "invictanet", ["can I get this in large print?"]),
    (
        "chit-chat",
        "infinity-group",
        ["hi", "are you a bot?", "what's the weather like tomorrow?", "thanks", "bye"],
    ),
    ("talk to a person", "infinity-system-solutions", ["can I speak to a real person?"]),
]


def main() -> None:
    stories = []
    with tempfile.TemporaryDirectory() as directory:
        work = Path(directory)
        env = {
            "COMPLAINTS_NOW": "2026-12-22T10:00",
            "DATABASE_URL": f"sqlite:///{work / 'cases.db'}",
        }
        with running_assistant(work, env) as assistant:
            for number, (name, provider, messages) in enumerate(FLOWS):
                sender = f"story-{number}"
                for index, message in enumerate(messages):
                    assistant.say(sender, message, {"provider": provider} if index == 0 else None)
                stories.append((name, sender))
            # Checking a case needs a case: the first flow made one; look it up by its reference.
            tracker_db = str(work / "tracker.db")
            reference = next(
                e["value"]
                for e in load_events(tracker_db, "story-0")
                if e.get("event") == "slot"
                and e.get("name") == "created_reference"
                and e.get("value")
            )
            extra = [
                (
                    "check a case: verified by postcode",
                    [f"what's happening with my complaint {reference}", "tn1 2py"],
                ),
                (
                    "check a case: five wrong answers lock the reference",
                    [
                        f"check my complaint {reference}",
                        "a@b.com",
                        "b@c.com",
                        "SE1 9HA",
                        "c@d.com",
                        "PR4 0HF",
                    ],
                ),
                (
                    "escalate a case",
                    [f"please escalate my complaint {reference}", "jane.doe@example.co.uk"],
                ),
                (
                    "ask for an ADR letter",
                    [f"send me a deadlock letter for {reference}", "TN1 2PY"],
                ),
            ]
            for number, (name, messages) in enumerate(extra, start=len(FLOWS)):
                sender = f"story-{number}"
                for index, message in enumerate(messages):
                    assistant.say(
                        sender, message, {"provider": "infinity-group"} if index == 0 else None
                    )
                stories.append((name, sender))
            document = {
                "version": "3.1",
                "stories": [
                    {"story": name, "steps": story_steps(load_events(tracker_db, sender))}
                    for name, sender in stories
                ],
            }
    sys.stdout.write(
        "# Every customer flow, each provider, recorded from the real assistant by\n"
        "# scripts/record_test_stories.py and checked by hand. `rasa test core` replays them with\n"
        "# --fail-on-prediction-errors (tests/servers/test_rasa_data.py).\n"
    )
    sys.stdout.write(yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100))


if __name__ == "__main__":
    main()
