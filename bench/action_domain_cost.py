"""Offline CPU per action call of the domain in the call (Round 7, perf15): the body Rasa encodes
(ujson, as the `action_sessions` patch sends it) and the action server decodes (Sanic's
`request.json`, ujson), with the whole domain (Rasa as released) and with its digest (the
`action_domain` patch, the action server filling the domain it holds). No servers; one process.

    .venv/bin/python -m bench.action_domain_cost [--repeat N]

The tracker is the last complaint turn of bench/action_profile.py (the whole form so far).
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

import ujson
from rasa.shared.core.domain import Domain

from bench.action_profile import _form_trackers
from rasa_plugins.patches.action_domain import DIGEST_FIELD, domain_digest
from rasa_sdk_plugins.domain import fill_domain, load_domains


def _ms(work: Any, repeat: int) -> float:
    """Median of 5 rounds of `repeat` calls, in CPU milliseconds a call."""
    rounds = []
    for _ in range(5):
        start = time.process_time()
        for _ in range(repeat):
            work()
        rounds.append((time.process_time() - start) / repeat * 1000)
    return statistics.median(rounds)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=300)
    repeat = parser.parse_args().repeat
    domain = Domain.load("domain.yml")
    held = load_domains()
    tracker = _form_trackers()[-1].current_state()
    call = {"next_action": "validate_complaint_form", "sender_id": "x", "tracker": tracker}
    whole = {**call, "version": "3.6.21", "domain": domain.as_dict()}
    named = {**call, "version": "3.6.21", DIGEST_FIELD: domain_digest(domain)}

    def sent_whole() -> None:
        ujson.loads(ujson.dumps({**whole, "domain": domain.as_dict()}))

    def sent_named() -> None:
        body = ujson.loads(ujson.dumps({**named, DIGEST_FIELD: domain_digest(domain)}))
        assert fill_domain(body, held)

    for name, body in (("whole domain", whole), ("digest", named)):
        text = ujson.dumps(body)
        encode = _ms(lambda b=body: ujson.dumps(b), repeat)
        decode = _ms(lambda t=text: ujson.loads(t), repeat)
        print(f"{name}: {len(text)} bytes; encode {encode:.3f} ms, decode {decode:.3f} ms")
    print(f"digest looked up (Rasa side) {_ms(lambda: domain_digest(domain), repeat):.4f} ms")
    print(f"both sides, whole domain {_ms(sent_whole, repeat):.3f} ms a call")
    print(f"both sides, digest + fill {_ms(sent_named, repeat):.3f} ms a call")


if __name__ == "__main__":
    main()
