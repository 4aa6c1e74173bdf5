"""The targets (issue 6): ours against the starter at TARGET_LEVEL concurrent conversations."""

from __future__ import annotations

import math
from dataclasses import dataclass

from bench.load.deployments import Deployment

TARGET_LEVEL = 50
# Targets (issue 6), at TARGET_LEVEL concurrent conversations.
TARGET_P50_RATIO = 1.25
TARGET_P95_RATIO = 2.0
TARGET_THROUGHPUT_RATIO = 2.0  # the multi-server deployment only
TARGET_MEMORY_RATIO = 1.25  # per Rasa server


@dataclass
class Target:
    deployment: str
    what: str
    value: str
    passed: bool | None  # None: not measured in this run


def ratio_of(ours: float, theirs: float) -> float:
    return ours / theirs if theirs and not math.isnan(theirs) else math.nan


def evaluate(starter: Deployment | None, ours: list[Deployment]) -> list[Target]:
    targets: list[Target] = []
    base = starter.level(TARGET_LEVEL) if starter else None
    starter_mb = max(starter.rasa_peak_mb()) if starter and starter.peak_mb else math.nan
    for deployment in ours:
        if deployment.patches != "on":
            continue  # measured for comparison ("Patches on and off"), not served
        name = deployment.key
        result = deployment.level(TARGET_LEVEL)
        at = f"at {TARGET_LEVEL} concurrent conversations"
        if result is None or base is None:
            targets.append(Target(name, f"latency and throughput {at}", "not run", None))
        else:
            p50 = ratio_of(result.percentile(50), base.percentile(50))
            p95 = ratio_of(result.percentile(95), base.percentile(95))
            targets += [
                Target(
                    name,
                    f"p50 per turn within {TARGET_P50_RATIO}x the starter's {at}",
                    f"{p50:.2f}x ({result.percentile(50):.2f}s vs {base.percentile(50):.2f}s)",
                    p50 <= TARGET_P50_RATIO,
                ),
                Target(
                    name,
                    f"p95 per turn within {TARGET_P95_RATIO}x the starter's {at}",
                    f"{p95:.2f}x ({result.percentile(95):.2f}s vs {base.percentile(95):.2f}s)",
                    p95 <= TARGET_P95_RATIO,
                ),
            ]
            if len(deployment.rasa_urls) > 1:
                tps = ratio_of(result.turns_per_second, base.turns_per_second)
                targets.append(
                    Target(
                        name,
                        f"turns per second at least {TARGET_THROUGHPUT_RATIO}x the starter's {at}",
                        f"{tps:.2f}x ({result.turns_per_second:.1f}/s vs "
                        f"{base.turns_per_second:.1f}/s)",
                        tps >= TARGET_THROUGHPUT_RATIO,
                    )
                )
        if result is not None:
            targets.append(
                Target(
                    name,
                    f"no errors {at}",
                    f"{result.errors} errors",
                    result.errors == 0,
                )
            )
        lost = deployment.references - deployment.cases_in_database
        extra = deployment.cases_in_database - deployment.references
        targets.append(
            Target(
                name,
                "no lost case: cases in the database = complaints completed (whole run)",
                f"{len(deployment.cases_in_database)} cases, "
                f"{deployment.complaints_completed} complaints completed"
                + (f"; {len(lost)} lost, {len(extra)} unreported" if lost or extra else ""),
                not lost
                and not extra
                and len(deployment.cases_in_database) == deployment.complaints_completed,
            )
        )
        worst = max(deployment.rasa_peak_mb(), default=math.nan)
        ratio = ratio_of(worst, starter_mb)
        targets.append(
            Target(
                name,
                f"peak memory per Rasa server within {TARGET_MEMORY_RATIO}x the starter's",
                f"{ratio:.2f}x ({worst:.0f} MB vs {starter_mb:.0f} MB)"
                if not math.isnan(ratio)
                else "starter not run",
                ratio <= TARGET_MEMORY_RATIO if not math.isnan(ratio) else None,
            )
        )
    return targets
