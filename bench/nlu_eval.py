"""Evaluate the trained model's NLU on the held-out set (tests/nlu_holdout.yml), never trained on.

Runs `rasa test nlu`, then writes bench/results/nlu.md with per-intent precision, recall and F1, the
macro-F1, the confusion matrix (as a table and Rasa's PNG), and the date. Exit status 1 if macro-F1 is
below the target, so `make bench` says plainly when the assistant got worse.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
TARGET_MACRO_F1 = 0.95


def main(model: str) -> int:
    out = RESULTS / "nlu"
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "rasa",
            "test",
            "nlu",
            "--model",
            model,
            "--nlu",
            "tests/nlu_holdout.yml",
            "--out",
            str(out),
        ],
        cwd=ROOT,
        check=True,
    )
    report = json.loads((out / "intent_report.json").read_text())
    intents = sorted(
        k
        for k in report
        if isinstance(report[k], dict)
        and "f1-score" in report[k]
        and k not in ("micro avg", "macro avg", "weighted avg")
    )
    macro = report["macro avg"]["f1-score"]
    errors = (
        json.loads((out / "intent_errors.json").read_text())
        if (out / "intent_errors.json").exists()
        else []
    )
    confusions: dict[tuple[str, str], int] = {}
    for error in errors:
        pair = (error["intent"], error["intent_prediction"]["name"])
        confusions[pair] = confusions.get(pair, 0) + 1
    lines = [
        f"# NLU evaluation on the held-out set ({date.today().isoformat()})",
        "",
        f"Model: `{Path(model).name}`; held-out messages: "
        f"{sum(int(report[i]['support']) for i in intents)} across {len(intents)} intents "
        "(`tests/nlu_holdout.yml`, never trained on).",
        "",
        # Five places: rounded to three or four, a miss by 0.00004 would read as the target itself.
        f"**Macro-F1: {macro:.5f}** (target >= {TARGET_MACRO_F1}: "
        f"{'met' if macro >= TARGET_MACRO_F1 else 'not met'}); "
        f"accuracy {report.get('accuracy', 0):.3f}.",
        "",
        "| intent | precision | recall | F1 | support |",
        "|---|---|---|---|---|",
    ]
    for intent in intents:
        row = report[intent]
        lines.append(
            f"| {intent} | {row['precision']:.3f} | {row['recall']:.3f} | {row['f1-score']:.3f} | {int(row['support'])} |"
        )
    lines += [
        "",
        "Confusion matrix: `bench/results/nlu/intent_confusion_matrix.png`.",
        "",
        "## Confusions (true intent -> predicted intent: count)",
        "",
    ]
    if confusions:
        lines += [
            f"- {t} -> {p}: {n}" for (t, p), n in sorted(confusions.items(), key=lambda kv: -kv[1])
        ]
    else:
        lines.append("None: every held-out message was classified correctly.")
    (RESULTS / "nlu.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines[:8]))
    return 0 if macro >= TARGET_MACRO_F1 else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
