"""The outbox keeps complaints the database could not take, and turns each into exactly one case."""

from __future__ import annotations

import json
import stat
from datetime import datetime
from zoneinfo import ZoneInfo

import bot.outbox as outbox_module
from bot.cases.store import CaseStore, submission_key
from bot.intake import validate_intake
from bot.outbox import Outbox

LONDON = ZoneInfo("Europe/London")
RECEIVED = datetime(2026, 12, 22, 10, 0, tzinfo=LONDON)
INTAKE = validate_intake(
    {
        "provider": "infinity-group",
        "channel": "chat",
        "category": "billing",
        "description": "Charged twice; <b>really</b> annoyed'); DROP TABLE cases;--",
        "name": "Jane Doe",
        "email": "jane.doe@example.co.uk",
        "postcode": "TN1 2PY",
        "contact_preference": "email",
        "customer_type": "consumer",
    }
)


def test_a_kept_complaint_becomes_one_case_and_leaves_the_outbox(tmp_path):
    outbox = Outbox(tmp_path / "outbox")
    key = submission_key("conversation-1", INTAKE)
    outbox.put(key, INTAKE, RECEIVED)
    outbox.put(key, INTAKE, RECEIVED)  # the customer confirmed twice while the database was away
    assert [item.key for item in outbox.pending()] == [key]
    assert not list((tmp_path / "outbox").glob(".pending-*"))  # written whole, then renamed

    with CaseStore.open(f"sqlite:///{tmp_path / 'cases.db'}") as store:
        references = outbox.drain(store, now=RECEIVED)
        assert len(references) == 1
        assert outbox.pending() == []
        assert outbox.drain(store, now=RECEIVED) == []
        case = store.get(references[0])
        assert case.description == INTAKE.description  # verbatim
        assert case.raised_at == RECEIVED
        # The conversation retrying the same submission later gets the same case.
        again = store.create_case(
            INTAKE, received=RECEIVED, submission_key=key, actor="assistant", channel="chat"
        )
        assert again.reference == references[0]
        assert len(store.list_cases()) == 1


def test_a_submission_the_store_refuses_for_good_is_set_aside_not_retried_forever(tmp_path):
    outbox = Outbox(tmp_path / "outbox")
    outbox.put("abc123", INTAKE, RECEIVED)
    with CaseStore.open(f"sqlite:///{tmp_path / 'cases.db'}") as store:
        # Drained with a clock before the complaint was received: the store refuses it.
        assert outbox.drain(store, now=datetime(2026, 1, 1, tzinfo=LONDON)) == []
        assert outbox.pending() == []
        assert (tmp_path / "outbox" / "failed" / "abc123.json").exists()
        assert store.list_cases() == []


def test_files_that_cannot_become_cases_are_set_aside_once_and_the_rest_go_on(tmp_path, caplog):
    outbox = Outbox(tmp_path / "outbox")
    good = outbox.put("f" + "0" * 63, INTAKE, RECEIVED)
    (tmp_path / "outbox" / "0invalid.json").write_text(
        json.dumps(
            {
                "key": "0invalid",
                "received": RECEIVED.isoformat(),
                "intake": {**INTAKE.to_dict(), "email": "zeb.quill@@example.org"},
            }
        )
    )
    (tmp_path / "outbox" / "1edited.json").write_text(
        json.dumps({"key": 7, "received": RECEIVED.isoformat(), "intake": INTAKE.to_dict()})
    )
    caplog.set_level("INFO", logger="bot.outbox")
    with CaseStore.open(f"sqlite:///{tmp_path / 'cases.db'}") as store:
        assert len(outbox.drain(store, now=RECEIVED)) == 1  # the good one, after both bad ones
        assert outbox.drain(store, now=RECEIVED) == []
    assert not good.exists()
    assert [p.name for p in outbox.set_aside()] == ["0invalid.json", "1edited.json"]
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "zeb.quill" not in logged and all(r.exc_info is None for r in caplog.records)
    assert logged.count("moved to") == 2  # once each, not on every retry


def test_the_outbox_folder_is_its_owners_and_each_rename_is_flushed(tmp_path, monkeypatch):
    synced: list[str] = []
    real = outbox_module._sync_directory
    monkeypatch.setattr(outbox_module, "_sync_directory", lambda d: synced.append(d) or real(d))
    path = Outbox(tmp_path / "outbox").put("abc123", INTAKE, RECEIVED)
    assert stat.S_IMODE((tmp_path / "outbox").stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert synced == [tmp_path / "outbox"]


def test_needs_agreed_to_travel_with_the_kept_complaint_and_are_recorded_once_it_is_a_case(
    tmp_path,
):
    from bot.cases.needs import needs_by_reference

    outbox = Outbox(tmp_path / "outbox")
    agreed = datetime(2026, 12, 22, 9, 58, tzinfo=LONDON)
    outbox.put("abc123", INTAKE, RECEIVED, "conversation-1", ["text_relay"], agreed)
    outbox.put("bad456", INTAKE.__class__(**{**INTAKE.__dict__, "email": "b@example.org"}),
               RECEIVED, None, ["a_need_nobody_offers"], agreed)  # fmt: skip
    [kept] = [p for p in outbox.pending() if p.key == "abc123"]
    assert kept.needs == ("text_relay",) and kept.needs_agreed_at == agreed
    with CaseStore.open(f"sqlite:///{tmp_path / 'cases.db'}") as store:
        made = outbox.drain(store, now=RECEIVED)
        needs = needs_by_reference(store)
        assert len(store.list_cases()) == 2  # the second case exists; its needs could not be
    [reference] = [r for r in made if r in needs]
    assert [n.need_id for n in needs[reference]] == ["text_relay"]
    assert [p.name for p in outbox.set_aside()] == ["bad456.json"]
    assert outbox.pending() == []
