"""`python -m bench.load MODEL` (`make bench`): start the deployments, drive the levels, write the
report; exit 1 if any target is missed. `--help` lists the options."""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import bench.load
from bench.load.deployments import (
    ENDPOINTS,
    STARTER_DIR,
    Deployment,
    backend_pids,
    endpoints_with_tracker_store,
    our_deployment,
    postgres_databases,
    starter_deployment,
    starter_model,
)
from bench.load.driving import LEVELS, measure
from bench.load.report import RESULTS, plot, write_report
from bench.load.targets import evaluate
from local_servers import peak_rss_mb


def _busy_processes() -> str:
    found = subprocess.run(
        ["pgrep", "-af", "rasa train|pytest"], capture_output=True, text=True
    ).stdout.strip()
    others = [line for line in found.splitlines() if str(os.getpid()) != line.split()[0]]
    return (
        f"other work running at start: {len(others)} `rasa train`/`pytest` processes"
        if others
        else "no `rasa train` or `pytest` running at start"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.load", description=bench.load.__doc__.splitlines()[0]
    )
    parser.add_argument("model", help="our trained model (scripts/train.sh prints its path)")
    parser.add_argument("--levels", default=",".join(str(level) for level in LEVELS))
    parser.add_argument(
        "--deployments",
        default="starter,sqlite,sqlite-unpatched,postgres,postgres-unpatched",
        help="which to run; *-unpatched: the same with RASA_PATCHES=off",
    )
    parser.add_argument(
        "--scale", type=float, default=1.0, help="multiply the conversations per level"
    )
    parser.add_argument("--out", default=str(RESULTS), help="where load.md and load.png go")
    parser.add_argument(
        "--servers",
        type=int,
        default=3,
        help="Rasa servers (each with an action server) in the postgres deployment",
    )
    parser.add_argument(
        "--tracker-store",
        help="run our servers with this tracker_store type instead of endpoints.yml's "
        "(e.g. SQL, Rasa's own); everything else as endpoints.yml says (the Rasa patches are "
        "installed by the launcher, whichever the store)",
    )
    args = parser.parse_args(argv)
    levels = [int(level) for level in args.levels.split(",")]
    wanted = args.deployments.split(",")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    began = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - began:6.0f}s] {message}", flush=True)

    load_at_start = " / ".join(f"{value:.2f}" for value in os.getloadavg())
    context = {
        "levels": levels,
        "scale": args.scale,
        "model": Path(args.model).name,
        "load_at_start": f"{load_at_start} (1, 5, 15 min)",
        "busy_at_start": _busy_processes(),
        "started": datetime.now().isoformat(timespec="seconds"),
    }
    log(f"load average {load_at_start}; {context['busy_at_start']}")
    model = Path(args.model).resolve()
    starter_path = starter_model(log) if "starter" in wanted else None
    context["starter_model"] = (
        f"{STARTER_DIR.name}/models/{starter_path.name}" if starter_path else "not run"
    )

    deployments: list[Deployment] = []
    with tempfile.TemporaryDirectory(prefix="complaints-load-") as tmp:
        work = Path(tmp)
        endpoints = ENDPOINTS
        if args.tracker_store:
            endpoints = endpoints_with_tracker_store(args.tracker_store, work)
        context["endpoints"] = (
            f"`endpoints.yml` with `tracker_store: type: {args.tracker_store}` (--tracker-store)"
            if args.tracker_store
            else "`endpoints.yml` as it is in the project"
        )
        with contextlib.ExitStack() as running:
            if "starter" in wanted:
                (work / "starter").mkdir()
                log("starting the starter...")
                deployments.append(
                    running.enter_context(starter_deployment(starter_path, work / "starter"))
                )
            for key, patches in (("sqlite", "on"), ("sqlite-unpatched", "off")):
                if key not in wanted:
                    continue
                (work / key).mkdir()
                log(f"starting {key} (one Rasa server, one action server)...")
                deployments.append(
                    running.enter_context(
                        our_deployment(
                            model,
                            work / key,
                            key,
                            "ours: SQLite tracker store and case database, in-memory lock "
                            "store; one Rasa server, one action server"
                            + ("" if patches == "on" else "; RASA_PATCHES=off"),
                            1,
                            f"sqlite:///{work / key / 'tracker.db'}",
                            f"sqlite:///{work / key / 'cases.db'}",
                            endpoints,
                            patches,
                        )
                    )
                )
            for key, patches in (("postgres", "on"), ("postgres-unpatched", "off")):
                if key not in wanted:
                    continue
                (work / key).mkdir()
                tracker_url, cases_url = running.enter_context(
                    postgres_databases(f"tracker_{patches}", f"cases_{patches}")
                )
                log(
                    f"starting {key} ({args.servers} Rasa servers, {args.servers} action servers)..."
                )
                deployment = running.enter_context(
                    our_deployment(
                        model,
                        work / key,
                        key,
                        "ours: PostgreSQL tracker store and case database, Redis lock store; "
                        f"{args.servers} Rasa servers (turns round-robin, client-side) and "
                        f"{args.servers} action servers"
                        + ("" if patches == "on" else "; RASA_PATCHES=off"),
                        args.servers,
                        tracker_url,
                        cases_url,
                        endpoints,
                        patches,
                    )
                )
                deployment.database_pids = backend_pids(
                    [url.rsplit("/", 1)[1] for url in (tracker_url, cases_url)]
                )
                deployments.append(deployment)
            log(f"all up; driving {levels}, each level on each deployment in turn, then in reverse")
            measure(deployments, levels, args.scale, log)
        context["client_mb"] = peak_rss_mb(os.getpid())
        context["seconds"] = time.perf_counter() - began
        starter = next((d for d in deployments if d.kind == "starter"), None)
        targets = evaluate(starter, [d for d in deployments if d.kind == "ours"])
        write_report(out / "load.md", deployments, targets, context)
        plot(deployments, out / "load.png")
    missed = [t for t in targets if t.passed is False]
    for target in targets:
        verdict = {True: "pass", False: "FAIL", None: "n/a"}[target.passed]
        log(f"{verdict:4}  {target.deployment}: {target.what}: {target.value}")
    log(f"report: {out / 'load.md'}; plot: {out / 'load.png'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
