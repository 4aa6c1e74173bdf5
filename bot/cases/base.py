"""The case store's core (`StoreBase`): the engine and today's rules, one unit of work per
`session_scope()` (committed if the block succeeds, rolled back if it raises), and a case's row
found by its reference (`CaseNotFound` when there is none).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, selectinload

from bot.cases.models import CaseRecord, CommitmentRecord, EventRecord, PurgeRecord
from bot.cases.references import normalise_reference
from bot.regulation import Rules, load_rules


class CaseNotFound(LookupError):
    def __init__(self, reference: str) -> None:
        self.reference = reference
        super().__init__(f"no case {reference}")

    def __str__(self) -> str:
        return f"no case {self.reference}"


class StoreBase:
    """The case store's core: its engine and rules, one unit of work per `session_scope()`, and a
    case's row found by its reference. The other parts of `CaseStore` build on it."""

    def __init__(self, engine: Engine, rules: Rules | None = None) -> None:
        self.engine = engine
        self.rules = rules or load_rules()

    @contextmanager
    def session_scope(self, *, read_only: bool = False) -> Iterator[Session]:
        """One unit of work: committed if the block succeeds, rolled back if it raises."""
        session = Session(self.engine, future=True, expire_on_commit=False)
        try:
            if read_only:
                session.connection(execution_options={"read_only": True})
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @staticmethod
    def _find(session: Session, reference: str, *, for_update: bool = False) -> CaseRecord | None:
        statement = (
            select(CaseRecord)
            .where(CaseRecord.reference == normalise_reference(reference))
            .options(selectinload(CaseRecord.commitments))
        )
        if for_update:
            statement = statement.with_for_update(of=CaseRecord)
        return session.execute(statement).scalar_one_or_none()

    def _load(self, session: Session, reference: str) -> CaseRecord:
        record = self._find(session, reference, for_update=True)
        if record is None:
            raise CaseNotFound(normalise_reference(reference))
        return record

    def counts(self) -> dict[str, int]:
        """Rows per table (for checks that a refused command wrote nothing)."""
        with self.session_scope(read_only=True) as session:
            return {
                model.__tablename__: session.scalar(select(func.count()).select_from(model))
                for model in (CaseRecord, CommitmentRecord, EventRecord, PurgeRecord)
            }
