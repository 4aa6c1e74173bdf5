"""A case's lifecycle as a table: its states, and which moves each state allows.

The states follow what the providers' codes describe: a complaint is raised, acknowledged (ISS
promises it within 24 working hours), investigated by a case handler, escalated up the code's ladder
(Operations Director, then Managing Director...), resolved, or brought to deadlock with an ADR letter
(every code lets deadlock open the ombudsman early); a resolved or deadlocked case is closed, and any
of those three may be reopened when the customer comes back ("the original case will be re-opened or
immediately escalated", ISS).

A move that the table does not allow is refused with a `LifecycleError` saying why.
"""

from __future__ import annotations

from dataclasses import dataclass

RAISED = "raised"
ACKNOWLEDGED = "acknowledged"
INVESTIGATING = "investigating"
ESCALATED = "escalated"
RESOLVED = "resolved"
DEADLOCK = "deadlock"
CLOSED = "closed"
REOPENED = "reopened"

STATUSES: tuple[str, ...] = (
    RAISED,
    ACKNOWLEDGED,
    INVESTIGATING,
    ESCALATED,
    RESOLVED,
    DEADLOCK,
    CLOSED,
    REOPENED,
)
# Being worked on: the provider still owes the customer an answer.
OPEN_STATUSES: tuple[str, ...] = (RAISED, ACKNOWLEDGED, INVESTIGATING, ESCALATED, REOPENED)


@dataclass(frozen=True)
class Move:
    """One thing staff (or the customer) can do to a case, and from which states."""

    name: str  # the store method and desk command
    event: str  # the kind of event it writes
    verb: str  # for messages: "cannot <verb> IG-7K3Q9X: ..."
    sources: tuple[str, ...]
    target: str | None  # the new status; None leaves the status as it is
    rule: str  # said when the move is refused

    def allowed_from(self, status: str) -> bool:
        return status in self.sources


_ANY = STATUSES
_NOT_CLOSED = tuple(s for s in STATUSES if s != CLOSED)

MOVES: dict[str, Move] = {
    move.name: move
    for move in (
        Move(
            "acknowledge",
            "acknowledged",
            "acknowledge",
            (RAISED,),
            ACKNOWLEDGED,
            "only a newly raised case can be acknowledged",
        ),
        Move(
            "investigate",
            "investigation_started",
            "start investigating",
            (RAISED, ACKNOWLEDGED, ESCALATED, REOPENED),
            INVESTIGATING,
            "only a raised, acknowledged, escalated or reopened case can be put under investigation",
        ),
        Move(
            "escalate",
            "escalated",
            "escalate",
            (RAISED, ACKNOWLEDGED, INVESTIGATING, ESCALATED, REOPENED, RESOLVED),
            ESCALATED,
            "only an open or resolved case can be escalated; reopen it first",
        ),
        Move(
            "resolve",
            "resolved",
            "resolve",
            OPEN_STATUSES,
            RESOLVED,
            "only an open case (raised, acknowledged, investigating, escalated or reopened) can be "
            "resolved",
        ),
        Move(
            "adr_letter",
            "adr_letter",
            "send an ADR letter for",
            (*OPEN_STATUSES, RESOLVED),
            DEADLOCK,
            "an ADR letter is sent for an open or resolved case; a deadlocked case already has one "
            "and a closed case must be reopened first",
        ),
        Move(
            "close",
            "closed",
            "close",
            (RESOLVED, DEADLOCK),
            CLOSED,
            "only a resolved or deadlocked case can be closed",
        ),
        Move(
            "reopen",
            "reopened",
            "reopen",
            (RESOLVED, DEADLOCK, CLOSED),
            REOPENED,
            "only a resolved, deadlocked or closed case can be reopened",
        ),
        Move(
            "assign",
            "assigned",
            "assign",
            _NOT_CLOSED,
            None,
            "a closed case cannot be assigned; reopen it first",
        ),
        Move("note", "note", "add a note to", _ANY, None, "notes can be added in any state"),
        Move(
            "request",
            "customer_request",
            "record a customer request for",
            _ANY,
            None,
            "a customer may ask at any time",
        ),
    )
}


class LifecycleError(ValueError):
    """A move refused for a case, with the reason (the case is unchanged)."""

    def __init__(self, reference: str, move: Move, status: str, reason: str | None = None) -> None:
        self.reference = reference
        self.move = move.name
        self.status = status
        self.reason = reason or f"it is {status!r}; {move.rule}"
        super().__init__(f"cannot {move.verb} {reference}: {self.reason}")


def check_move(reference: str, status: str, move_name: str) -> Move:
    """The move, if `status` allows it; otherwise LifecycleError with the rule."""
    move = MOVES[move_name]
    if not move.allowed_from(status):
        raise LifecycleError(reference, move, status)
    return move


def allowed_moves(status: str) -> list[str]:
    """Every move a case in `status` allows, in table order."""
    return [name for name, move in MOVES.items() if move.allowed_from(status)]
