"""Complaints that could not be written to the case database yet, kept durably until they can.

When the database is unreachable at the moment a customer confirms a complaint, the complaint is
written here (one JSON file per submission, written to a temporary name, flushed to disk and renamed,
so a crash never leaves half a file) and retried until the case exists. Creation is idempotent on the
submission key, so however many times a retry runs, exactly one case results.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.intake import Intake, validate_intake

logger = logging.getLogger(__name__)

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


class Outbox:
    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or outbox_directory()

    def put(
        self,
        key: str,
        intake: Intake,
        received: datetime,
        conversation_id: str | None = None,
    ) -> Path:
        """Keep one submission durably (with the conversation it came from); the same key
        overwrites the same file."""
        if not key.isalnum():
            raise ValueError("an outbox key must be letters and digits only")
        self.directory.mkdir(parents=True, exist_ok=True)
        record = {"key": key, "received": received.isoformat(), "intake": intake.to_dict()}
        if conversation_id is not None:
            record["conversation"] = conversation_id
        target = self.directory / f"{key}.json"
        handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".pending-", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(record, file, ensure_ascii=False)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
        return target

    def pending(self) -> list[Pending]:
        if not self.directory.exists():
            return []
        items = []
        for path in sorted(self.directory.glob("*.json")):
            try:
                record = json.loads(path.read_text(encoding="utf-8"))
                items.append(
                    Pending(
                        key=record["key"],
                        intake=validate_intake(record["intake"]),
                        received=datetime.fromisoformat(record["received"]),
                        path=path,
                        conversation_id=record.get("conversation"),
                    )
                )
            except Exception:  # one bad file must not stop the others
                logger.exception("outbox file %s cannot be read; left for staff", path.name)
        return items

    def _set_aside(self, item: Pending, error: Exception) -> None:
        failed = self.directory / "failed"
        failed.mkdir(exist_ok=True)
        os.replace(item.path, failed / item.path.name)
        logger.error(
            "outbox: submission %s refused by the store (%s); moved to %s for staff",
            item.key[:12],
            type(error).__name__,
            failed,
        )

    def drain(self, store: Any, *, now: datetime) -> list[str]:
        """Create a case for every kept submission; remove each once its case exists."""
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
            except ValueError as error:  # refused for good (not a database outage): set aside
                self._set_aside(item, error)
                continue
            item.path.unlink(missing_ok=True)
            created.append(case.reference)
            logger.info("outbox: case %s created from a kept submission", case.reference)
        return created
