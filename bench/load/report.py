"""The report: bench/results/load.md, load.json and load.png."""

from __future__ import annotations

import json
import math
import os
import platform
from datetime import date
from pathlib import Path

from bench.load.deployments import RASA_VERSION, Deployment
from bench.load.driving import CONVERSATIONS, LEVELS, TURN_TIMEOUT_SECONDS, WARM_UP_CONVERSATIONS
from bench.load.results import LevelResult
from bench.load.targets import Target, ratio_of
from local_servers import ROOT

RESULTS = ROOT / "bench" / "results"


def _ms(seconds: float) -> str:
    return "—" if math.isnan(seconds) else f"{seconds * 1000:.0f}"


def _x(value: float) -> str:
    return "—" if math.isnan(value) else f"{value:.2f}x"


def plot(deployments: list[Deployment], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (latency, throughput) = plt.subplots(1, 2, figsize=(12, 4.8))
    styles = {
        "starter": "tab:gray",
        "sqlite": "tab:blue",
        "postgres": "tab:orange",
        "sqlite-unpatched": "tab:cyan",
        "postgres-unpatched": "tab:brown",
    }
    for deployment in deployments:
        levels = [r.level for r in deployment.results]
        colour = styles.get(deployment.key)
        for p, line in ((50, "-"), (95, "--"), (99, ":")):
            latency.plot(
                levels,
                [r.percentile(p) * 1000 for r in deployment.results],
                line,
                marker="o",
                color=colour,
                label=f"{deployment.key} p{p}",
            )
        throughput.plot(
            levels,
            [r.turns_per_second for r in deployment.results],
            marker="o",
            color=colour,
            label=deployment.key,
        )
    latency.set(
        xscale="log",
        yscale="log",
        xlabel="concurrent conversations",
        ylabel="latency per turn (ms)",
        title="Per-turn latency (REST channel)",
    )
    throughput.set(
        xscale="log",
        xlabel="concurrent conversations",
        ylabel="turns per second",
        title="Throughput",
        ylim=(0, None),
    )
    for axes in (latency, throughput):
        axes.set_xticks(LEVELS, [str(level) for level in LEVELS])
        axes.grid(True, which="both", alpha=0.3)
    latency.legend(fontsize=7, ncol=3)
    throughput.legend(fontsize=8)
    figure.suptitle(f"Load on {os.cpu_count()} cores, {date.today().isoformat()}")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def patches_on_and_off(deployments: list[Deployment]) -> list[str]:
    """Each deployment of ours with the Rasa patches and with RASA_PATCHES=off, level by level."""
    by_key = {d.key: d for d in deployments}
    pairs = [
        (d, by_key[f"{d.key}-unpatched"])
        for d in deployments
        if d.kind == "ours" and d.patches == "on" and f"{d.key}-unpatched" in by_key
    ]
    if not pairs:
        return []
    lines = [
        "## Patches on and off",
        "",
        "The same deployment with the project's Rasa patches (rasa_plugins/patches/, as served) "
        "and with `RASA_PATCHES=off` (Rasa as released), in the same run; on / off for each.",
        "",
        "| deployment | concurrent | turns/s on | turns/s off | throughput on / off "
        "| p50 ms on | p50 ms off | p95 ms on | p95 ms off | Rasa CPU ms/turn on | off |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]

    def rasa_cpu_ms(result: LevelResult) -> float:
        used = sum(v for name, v in result.cpu_seconds.items() if "rasa" in name)
        return used * 1000 / result.turns if result.turns else math.nan

    for on, off in pairs:
        for result in on.results:
            other = off.level(result.level)
            if other is None:
                continue
            lines.append(
                f"| {on.key} | {result.level} | {result.turns_per_second:.1f} "
                f"| {other.turns_per_second:.1f} "
                f"| {_x(ratio_of(result.turns_per_second, other.turns_per_second))} "
                f"| {_ms(result.percentile(50))} | {_ms(other.percentile(50))} "
                f"| {_ms(result.percentile(95))} | {_ms(other.percentile(95))} "
                f"| {rasa_cpu_ms(result):.0f} | {rasa_cpu_ms(other):.0f} |"
            )
    return [*lines, ""]


def write_report(
    path: Path,
    deployments: list[Deployment],
    targets: list[Target],
    context: dict,
) -> None:
    starter = next((d for d in deployments if d.kind == "starter"), None)
    lines = [
        f"# Load benchmark ({date.today().isoformat()})",
        "",
        f"`make bench` (`bench/load/`): simulated customers over the REST channel, no pause "
        f"between turns, at {', '.join(str(level) for level in context['levels'])} concurrent "
        "conversations; our assistant against Rasa's starter assistant (`rasa init`, Rasa "
        f"{RASA_VERSION}) on the same machine in the same run.",
        "",
        f"- Machine: {os.cpu_count()} cores, {platform.platform()}; load average at start "
        f"{context['load_at_start']}; {context['busy_at_start']}.",
        f"- Model: `{context['model']}`; starter model: `{context['starter_model']}`.",
        f"- Our servers: {context['endpoints']}, `credentials.yml`, `rasa run` as "
        "`scripts/serve.sh` starts it.",
        f"- Conversations per level and pass (scale {context['scale']}): ours "
        + ", ".join(
            f"{level}: {max(level, round(CONVERSATIONS['ours'][level] * context['scale']))}"
            for level in context["levels"]
        )
        + " (every fifth a status check once a case exists, the rest whole complaints of "
        "13 turns); starter "
        + ", ".join(
            f"{level}: {max(level, round(CONVERSATIONS['starter'][level] * context['scale']))}"
            for level in context["levels"]
        )
        + " (3 or 4 turns each). Before the first level each Rasa server gets "
        f"{WARM_UP_CONVERSATIONS} unmeasured conversations (first-call set-up); the servers "
        "then stay up through all levels. All deployments are up at once and each level runs "
        "twice on each deployment, in turn and then in reverse order (starter, sqlite, postgres, "
        "postgres, sqlite, starter), the two passes reported together: the starter and ours meet "
        "the same conditions, and a steady drift in the machine's speed during a level falls on "
        "both alike; an idle deployment uses no CPU.",
        f"- A turn is one POST to `/webhooks/rest/webhook`; its latency is measured at the "
        f"client. Errors: non-200, a timeout ({TURN_TIMEOUT_SECONDS:.0f} s), a refused "
        "connection, or a conversation that does not reach its expected end (a reply that "
        "lacks the expected text, no reference).",
        f"- Whole run: {context['seconds'] / 60:.1f} minutes, start-up included.",
        "",
        "## Per-turn latency and throughput",
        "",
        "| deployment | concurrent | conversations | turns | p50 ms | p95 ms | p99 ms | turns/s "
        "| errors | p50 vs starter | p95 vs starter | turns/s vs starter | CPU busy "
        "| other work |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for deployment in deployments:
        for result in deployment.results:
            base = starter.level(result.level) if starter else None
            if base is None or deployment is starter:
                ratios = ["", "", ""]
            else:
                ratios = [
                    _x(ratio_of(result.percentile(50), base.percentile(50))),
                    _x(ratio_of(result.percentile(95), base.percentile(95))),
                    _x(ratio_of(result.turns_per_second, base.turns_per_second)),
                ]
            lines.append(
                f"| {deployment.key} | {result.level} | {result.conversations} | {result.turns} "
                f"| {_ms(result.percentile(50))} | {_ms(result.percentile(95))} "
                f"| {_ms(result.percentile(99))} | {result.turns_per_second:.1f} "
                f"| {result.errors} | {' | '.join(ratios)} | {result.machine_busy:.0%} "
                f"| {result.other_work:.0%} |"
            )
    lines += [
        "",
        "CPU busy: the share of both cores in use during the level, by any process. Other "
        "work: the share used by processes that are neither this deployment's nor the load "
        "generator (other people's training and tests on this shared machine; PostgreSQL's "
        "background work and Redis count here too); anything well above 0% slowed the level.",
        "",
        "Deployments:",
        "",
    ]
    lines += [f"- **{d.key}**: {d.title}." for d in deployments]
    lines += [
        "",
        "![latency and throughput](load.png)",
        "",
    ]
    lines += patches_on_and_off(deployments)
    lines += [
        "## Cases against complaints",
        "",
        "| deployment | complaints completed (reference given) | cases in the database | "
        "status checks answered |",
        "|---|---|---|---|",
    ]
    for deployment in deployments:
        if deployment.kind != "ours":
            continue
        lines.append(
            f"| {deployment.key} | {deployment.complaints_completed} "
            f"| {len(deployment.cases_in_database)} "
            f"| {sum(r.status_checks for r in deployment.results)} |"
        )
    lines += [
        "",
        "Warm-up complaints are included on both sides.",
        "",
        "## Memory and CPU per process",
        "",
        "| deployment | process | peak RSS (VmHWM) MB | vs starter's Rasa server | "
        + " | ".join(f"CPU ms/turn at {level}" for level in context["levels"])
        + " |",
        "|---|---|---|---|" + "---|" * len(context["levels"]),
    ]
    starter_mb = max(starter.rasa_peak_mb()) if starter and starter.peak_mb else math.nan
    for deployment in deployments:
        names = list(deployment.peak_mb)
        names += sorted({n for r in deployment.results for n in r.cpu_seconds} - set(names))
        for name in [*names, "total"]:
            mb = deployment.peak_mb.get(name, math.nan)
            ratio = _x(ratio_of(mb, starter_mb)) if "rasa" in name else ""
            per_turn = []
            for level in context["levels"]:
                result = deployment.level(level)
                if result is None or not result.turns:
                    per_turn.append("—")
                    continue
                used = (
                    sum(result.cpu_seconds.values())
                    if name == "total"
                    else result.cpu_seconds.get(name, 0.0)
                )
                per_turn.append(f"{used * 1000 / result.turns:.0f}")
            shown = "—" if math.isnan(mb) else f"{mb:.0f}"
            label = f"**{name}**" if name == "total" else name
            lines.append(
                f"| {deployment.key} | {label} | {shown} | {ratio} | {' | '.join(per_turn)} |"
            )
        client = [
            f"{r.client_cpu_seconds * 1000 / r.turns:.0f}" if r and r.turns else "—"
            for r in (deployment.level(level) for level in context["levels"])
        ]
        lines.append(
            f"| {deployment.key} | load generator (not in total) | — |  | {' | '.join(client)} |"
        )
    lines += [
        "",
        "CPU ms/turn: CPU time (user + system) the process used during the level, over the "
        "level's turns. PostgreSQL backends: the server processes serving this run's two "
        "databases. Not counted: Redis (shared) and the SQLite files' fsyncs (I/O wait). The load "
        "generator (this benchmark's client, one process on uvloop, peak "
        f"{context['client_mb']:.0f} MB) shares the 2 cores: its own row, not in the total.",
        "",
        "## Targets",
        "",
        "| deployment | target | measured | result |",
        "|---|---|---|---|",
    ]
    for target in targets:
        verdict = {True: "pass", False: "**FAIL**", None: "not measured"}[target.passed]
        lines.append(f"| {target.deployment} | {target.what} | {target.value} | {verdict} |")
    failures = [
        f"{d.key} x{r.level}: {f}" for d in deployments for r in d.results for f in r.failures
    ]
    if failures:
        lines += ["", "## Errors (first 20)", ""]
        lines += [f"- `{failure[:400]}`" for failure in failures[:20]]
    notes = RESULTS / "load-notes.md"
    if notes.exists():
        lines += ["", notes.read_text().strip()]
    path.write_text("\n".join(lines) + "\n")
    (path.parent / "load.json").write_text(
        json.dumps(
            {
                "date": date.today().isoformat(),
                "context": {k: v for k, v in context.items() if k != "levels"},
                "deployments": {
                    d.key: {
                        "levels": {
                            str(r.level): {
                                "conversations": r.conversations,
                                "turns": r.turns,
                                "p50": r.percentile(50),
                                "p95": r.percentile(95),
                                "p99": r.percentile(99),
                                "turns_per_second": r.turns_per_second,
                                "errors": r.errors,
                                "cpu_seconds": r.cpu_seconds,
                                "client_cpu_seconds": r.client_cpu_seconds,
                                "machine_busy": r.machine_busy,
                                "other_work": r.other_work,
                            }
                            for r in d.results
                        },
                        "peak_mb": d.peak_mb,
                        "complaints_completed": d.complaints_completed,
                        "cases_in_database": len(d.cases_in_database),
                    }
                    for d in deployments
                },
                "targets": [t.__dict__ for t in targets],
            },
            indent=2,
            default=str,
        )
        + "\n"
    )
