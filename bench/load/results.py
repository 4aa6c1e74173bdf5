"""What one level of load on one deployment measured: latencies, errors, CPU, cases."""

from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass
class LevelResult:
    level: int
    conversations: int = 0
    latencies: list[float] = field(default_factory=list)
    turn_errors: dict[str, int] = field(default_factory=dict)
    failed_conversations: int = 0
    failures: list[str] = field(default_factory=list)
    complaints_completed: int = 0
    status_checks: int = 0
    seconds: float = 0.0
    cpu_seconds: dict[str, float] = field(default_factory=dict)
    client_cpu_seconds: float = 0.0  # the load generator's own (this process)
    machine_busy: float = 0.0  # share of both cores busy during the level, any process
    other_work: float = 0.0  # share of both cores used by processes not in this benchmark

    @property
    def turns(self) -> int:
        return len(self.latencies)

    @property
    def errors(self) -> int:
        return sum(self.turn_errors.values()) + self.failed_conversations

    @property
    def turns_per_second(self) -> float:
        return self.turns / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        return percentile(self.latencies, p)


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (0-100), by linear interpolation between closest ranks."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def combined(passes: list[LevelResult]) -> LevelResult:
    """One level's passes on one deployment, reported as one run of them all."""
    whole = LevelResult(passes[0].level)
    for part in passes:
        whole.conversations += part.conversations
        whole.latencies += part.latencies
        for kind, count in part.turn_errors.items():
            whole.turn_errors[kind] = whole.turn_errors.get(kind, 0) + count
        whole.failed_conversations += part.failed_conversations
        whole.failures += part.failures
        whole.complaints_completed += part.complaints_completed
        whole.status_checks += part.status_checks
        whole.seconds += part.seconds
        for name, used in part.cpu_seconds.items():
            whole.cpu_seconds[name] = whole.cpu_seconds.get(name, 0.0) + used
        whole.client_cpu_seconds += part.client_cpu_seconds
    if whole.seconds:  # shares of the machine, weighted by each pass's length
        whole.machine_busy = sum(p.machine_busy * p.seconds for p in passes) / whole.seconds
        whole.other_work = sum(p.other_work * p.seconds for p in passes) / whole.seconds
    return whole
