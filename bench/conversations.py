"""Play the outside conversation set (tests/conversations_outside/) through the real servers.

Starts one Rasa server and one action server (local_servers, as the end-to-end tests do, with the
clock fixed at the set's COMPLAINTS_NOW and a fresh case database), creates the existing cases the conversations ask
about, then plays every first message and whole conversation once for each provider (the provider
goes as `metadata.provider` on every message, so one pair of servers serves all four), a few
conversations at a time. Writes bench/results/conversations.md (figures per group and per provider,
the most frequent failure kinds, every failure with its transcript) and conversations.json, and
exits 1 when a target is missed:

    first messages that start the right flow        >= 95 %
    whole conversations that end as they should     >= 95 %
    replies showing an internal name, none, {x}     0
    questions asked more than twice in a row        0
    NLU held-out macro-F1 (from bench/nlu_eval.py)  >= 0.95

Usage: python -m bench.conversations MODEL [--providers a,b] [--only id-or-group,...] [--workers N]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

import local_servers
from bench.conversation_set import report
from bench.conversation_set.labels import PROVIDERS, LabelError, TestSet, load_set
from bench.conversation_set.observe import InternalNames, TrackerReader
from bench.conversation_set.play import Player, RestClient, Results, run
from bot.cases.store import CaseStore
from local_servers import ROOT, cpu_seconds, running_assistant

RESULTS = ROOT / "bench" / "results"
# Loading the model takes about a minute on an idle machine; on one shared with other work it can
# take longer than the tests' three minutes. The measurement waits up to ten before giving up.
STARTUP_SECONDS = 600
# Six conversations at a time keep one Rasa server busy on 2 cores without queueing for long.
WORKERS = 6


def play_set(
    test_set: TestSet,
    model: str | None,
    providers: list[str],
    workers: int,
    only: set[str] | None = None,
    work_dir: Path | None = None,
    log=print,
) -> Results:
    """Start the servers, play the (selected part of the) set, stop the servers."""
    first_messages = [
        m for m in test_set.first_messages if only is None or m.id in only or m.group in only
    ]
    conversations = [
        c for c in test_set.conversations if only is None or c.id in only or c.group in only
    ]
    with tempfile.TemporaryDirectory(prefix="conversation-set-", dir=work_dir) as tmp:
        folder = Path(tmp)
        database = f"sqlite:///{folder / 'cases.db'}"
        if model is not None:  # else local_servers' choice: MODEL_PATH, or scripts/train.sh
            os.environ["MODEL_PATH"] = str(model)
        env = {"COMPLAINTS_NOW": test_set.now, "DATABASE_URL": database}
        store = CaseStore.open(database)  # migrated before either server opens it
        patience = max(local_servers.STARTUP_SECONDS, STARTUP_SECONDS)
        try:
            started = time.monotonic()
            with running_assistant(folder, env, patience=patience) as assistant:
                log(f"servers up in {time.monotonic() - started:.0f} s")
                player = Player(
                    test_set,
                    RestClient(assistant.rasa_url),
                    TrackerReader(folder / "tracker.db"),
                    store,
                    InternalNames(ROOT / "domain.yml"),
                    uuid.uuid4().hex[:8],
                )
                player.create_fixtures(providers)
                step = max(1, (len(first_messages) + len(conversations)) * len(providers) // 10)

                def progress(done: int, total: int) -> None:
                    if done % step == 0 or done == total:
                        log(f"  {done}/{total} played")

                processes = {"Rasa server": assistant.rasa, "action server": assistant.actions}
                before = {name: cpu_seconds(p.popen.pid) for name, p in processes.items()}
                results = run(player, providers, workers, first_messages, conversations, progress)
                results.cpu_seconds = {
                    name: cpu_seconds(p.popen.pid) - before[name] for name, p in processes.items()
                }
                return results
        finally:
            store.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("model", help="the trained model (scripts/train.sh prints it)")
    parser.add_argument("--providers", default=",".join(PROVIDERS))
    parser.add_argument("--only", help="comma-separated ids or groups to play (default: all)")
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the report")
    args = parser.parse_args(argv)
    try:
        test_set = load_set()
    except LabelError as error:
        print(f"The conversation set has a bad label: {error}", file=sys.stderr)
        return 2
    providers = [p.strip() for p in args.providers.split(",") if p.strip()]
    unknown = sorted(set(providers) - set(PROVIDERS))
    if unknown:
        print(f"Unknown providers: {', '.join(unknown)}", file=sys.stderr)
        return 2
    only = {o.strip() for o in args.only.split(",")} if args.only else None
    print(
        f"Conversation set: {len(test_set.first_messages)} first messages, "
        f"{len(test_set.conversations)} conversations, {len(providers)} providers"
    )
    results = play_set(test_set, args.model, providers, args.workers, only)
    meta = {
        "date": date.today().isoformat(),
        "model": Path(args.model).name,
        "providers": providers,
        "workers": args.workers,
        "now": test_set.now,
    }
    summary = report.write(results, test_set, args.out, RESULTS, meta)
    for measure, target, result, met in summary.targets():
        mark = "met" if met else ("not measured" if met is None else "NOT MET")
        print(f"{measure}: {result} (target {target}): {mark}")
    print(f"Report: {args.out / 'conversations.md'}")
    return 0 if summary.met() else 1


if __name__ == "__main__":
    sys.exit(main())
