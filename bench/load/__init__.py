"""Load benchmark: simulated customers over the REST channel, against Rasa's starter assistant.

Simulated customers (aiohttp, no pause between turns) hold whole conversations at 1, 10 and 50
concurrent conversations:

- our assistant: mostly whole complaints (greeting to reference, as tests/servers/test_conversations.py
  does; the reference is read from the reply) and every fifth conversation a status check (the
  reference and email of a case made earlier in the same run);
- Rasa's starter assistant (`rasa init`, trained once and cached): its own conversations (greet,
  mood, affirm or deny, goodbye), the same concurrency levels, one server, its default endpoints.

Our assistant runs in two deployments, each against the starter:

- sqlite:   SQLite tracker store, SQLite case database, in-memory lock store; one Rasa server and
            one action server;
- postgres: PostgreSQL tracker store and case database, Redis lock store; three Rasa servers
            (--servers; turns spread round-robin across them, client-side, standing in for a load
            balancer), each with its own action server. Three on 2 cores, not two: one server
            waiting on its database, lock or action server leaves its core idle, and a third fills
            those gaps (README, "Load").

Each of ours runs twice more with `RASA_PATCHES=off` (sqlite-unpatched, postgres-unpatched): Rasa as
released, without the project's Rasa patches (rasa_plugins/patches/, docs/rasa-patches.md), so the
report shows what the patches buy side by side ("Patches on and off"). The targets apply to the
patched deployments, as served.

All deployments are started first; then each level runs twice on each deployment: once in turn
(starter, sqlite, postgres) and once in reverse order (postgres, sqlite, starter), and the two
passes are reported together. The starter and ours meet the same conditions on this shared
machine, and a steady change in its speed during a level (other work on the host) falls on both
alike instead of on whichever runs last.

Reported per deployment and level: per-turn latency (p50, p95, p99), turns per second, errors
(non-200, timeouts, refused connections, and conversations that do not reach their expected end),
complaints completed against cases found in the case database afterwards, the CPU each process
spent per turn, how much of the machine other work took, and the peak memory (VmHWM) of every
process; our figures as ratios to the starter's; pass or fail per target. Writes
bench/results/load.md, load.png and load.json, and exits 1 if any target is missed.

Run from the project's folder (the servers start through its local_servers module):

    .venv/bin/python -m bench.load MODEL                      # the full run (`make bench`)
    .venv/bin/python -m bench.load MODEL --levels 1,10 --scale 0.2 --deployments starter,sqlite
    .venv/bin/python -m bench.load MODEL --tracker-store SQL \
        --out bench/results/rasa-sql-store                    # our servers on Rasa's own store
    .venv/bin/python -m bench.load MODEL --deployments starter,sqlite,postgres   # patches on only

One module per job: deployments.py starts the servers (through local_servers, as the end-to-end
tests do), customers.py is what the simulated customers say and how a turn goes, driving.py runs
the levels, results.py holds what a level measured, targets.py judges it against the starter,
report.py writes it down, and __main__.py is the command.
"""
