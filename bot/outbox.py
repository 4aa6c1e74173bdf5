"""Complaints that could not be written to the case database yet, kept durably until they can.

When the database is unreachable at the moment a customer confirms a complaint, the complaint is
written here (one JSON file per submission, readable by its owner only, written to a temporary name,
flushed to disk and renamed, and the folder flushed too so the rename itself survives a crash) and
retried until the case exists. Creation is idempotent on the submission key, so however many times
a retry runs, exactly one case results.

A file that can no longer become a case (it no longer reads or validates, or the store refuses it
for any reason but the database being away) is moved to `failed/` at once, where `complaints cases
overdue` counts it for staff, so it is neither retried forever nor in the way of the files after it.
Needs a customer in vulnerable circumstances agreed to have recorded (issue 18) travel in the same
file, with the moment they agreed, and are recorded on the case as soon as it exists; their
consent is as it was given, so nothing is recorded that was not agreed.

The log names such a file by the start of its key and the error by its type: never the error's
message, which may quote the customer's email or postcode.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from bot.intake import Intake, validate_intake

logger = logging.getLogger(__name__)

FAILED = "failed"
# The database being away (or busy): the submission stays for the next retry, and so do the rest.
DATABASE_AWAY = (OperationalError, InterfaceError, DisconnectionError, PoolTimeout, OSError)

REPO_ROOT = Path(__file__).resolve().parents[1]


def outbox_directory(environ: dict[str, str] | None = None) -> Path:
    environ = os.environ if environ is None else environ  # type: ignore[assignment]
    return Path(environ.get("COMPLAINTS_OUTBOX") or REPO_ROOT / "var" / "outbox")


@dataclass(frozen=True)
class Pending:
    key: str
    intake: Intake
    received: datetime
    path: Path
    conversation_id: str | None = None
    needs: tuple[str, ...] = ()  # need ids agreed to (bot/rules/vulnerable-customers.yaml)
    needs_agreed_at: datetime | None = None
    # What makes a need precise ({"call_back_time": "after 6pm"}), as agreed.
    needs_details: dict[str, str] = field(default_factory=dict)


class Outbox:
    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or outbox_directory()

    def put(
        self,
        key: str,
        intake: Intake,
        received: datetime,
        conversation_id: str | None = None,
        needs: list[str] | tuple[str, ...] = (),
        needs_agreed_at: datetime | None = None,
        needs_details: dict[str, str] | None = None,
    ) -> Path:
        """Keep one submission durably (with the conversation it came from, and the needs the
        customer agreed to have recorded, with when they agreed); the same key overwrites the same
        file."""
        if not key.isalnum():
            raise ValueError("an outbox key must be letters and digits only")
        if needs and (needs_agreed_at is None or needs_agreed_at.tzinfo is None):
            raise ValueError("needs travel with the time-zone aware moment they were agreed")
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        record = {"key": key, "received": received.isoformat(), "intake": intake.to_dict()}
        if conversation_id is not None:
            record["conversation"] = conversation_id
        if needs:
            record["needs"] = {"ids": list(needs), "agreed_at": needs_agreed_at.isoformat()}  # type: ignore[union-attr]
            if needs_details:
                record["needs"]["details"] = dict(needs_details)
        target = self.directory / f"{key}.json"
        handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".pending-", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(record, file, ensure_ascii=False)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
        _sync_directory(self.directory)
        return target

    def pending(self) -> list[Pending]:
        if not self.directory.exists():
            return []
        items = []
        for path in sorted(self.directory.glob("*.json")):
            try:
                record = json.loads(path.read_text(encoding="utf-8"))
                needs = record.get("needs") or {}
                items.append(
                    Pending(
                        key=record["key"],
                        intake=validate_intake(record["intake"]),
                        received=datetime.fromisoformat(record["received"]),
                        path=path,
                        conversation_id=record.get("conversation"),
                        needs=tuple(str(n) for n in needs.get("ids", ())),
                        needs_agreed_at=datetime.fromisoformat(needs["agreed_at"])
                        if needs
                        else None,
                        needs_details={
                            str(k): str(v) for k, v in (needs.get("details") or {}).items()
                        },
                    )
                )
            except Exception as error:  # one bad file must not stop the others
                self._set_aside(path, "cannot be read or no longer validates", error)
        return items

    def set_aside(self) -> list[Path]:
        """The kept submissions that could not become cases, for staff to deal with by hand."""
        failed = self.directory / FAILED
        return sorted(failed.glob("*.json")) if failed.exists() else []

    def _set_aside(self, path: Path, why: str, error: Exception) -> None:
        failed = self.directory / FAILED
        failed.mkdir(mode=0o700, exist_ok=True)
        os.chmod(path, 0o600)  # it holds a customer's details, however it was written
        os.replace(path, failed / path.name)
        _sync_directory(failed)
        _sync_directory(self.directory)
        logger.error(
            "outbox: submission %s %s (%s); moved to %s for staff",
            path.stem[:12],
            why,
            type(error).__name__,
            failed,
        )

    def drain(self, store: Any, *, now: datetime) -> list[str]:
        """Create a case for every kept submission; remove each once its case exists. A database
        that is away stops the drain (the next retry starts again); any other failure sets that one
        submission aside and the drain goes on."""
        created = []
        for item in self.pending():
            try:
                case = store.create_case(
                    item.intake,
                    received=item.received,
                    submission_key=item.key,
                    actor="assistant",
                    channel="chat",
                    now=now,
                    conversation_id=item.conversation_id,
                )
            except DATABASE_AWAY:
                raise
            except Exception as error:  # refused for good, whatever the reason: set aside
                self._set_aside(item.path, "cannot be made a case", error)
                continue
            if item.needs:
                from bot.cases.needs import record_needs  # bot.cases imports this module

                try:
                    # Again on a retry (the case is the same one): the same needs, same consent.
                    record_needs(
                        store,
                        case.reference,
                        item.needs,
                        consented_at=item.needs_agreed_at,  # type: ignore[arg-type]
                        actor="assistant",
                        channel="chat",
                        details=item.needs_details,
                    )
                except DATABASE_AWAY:
                    raise
                except Exception as error:  # the case exists; staff add the needs by hand
                    self._set_aside(
                        item.path, f"became case {case.reference} but its needs were not", error
                    )
                    continue
            item.path.unlink(missing_ok=True)
            created.append(case.reference)
            logger.info("outbox: case %s created from a kept submission", case.reference)
        return created


def _sync_directory(directory: Path) -> None:
    """Flush a folder's entries (a rename into it) to disk."""
    handle = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
