"""The figures, per group and per provider, against the targets; and the report with every failure
and its transcript (bench/results/conversations.md, with the figures also in conversations.json)."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from bench.conversation_set.labels import TestSet
from bench.conversation_set.play import ConversationResult, FirstMessageResult, Results, TurnRecord

TARGET_FIRST_MESSAGES = 0.95
TARGET_CONVERSATIONS = 0.95
TARGET_LEAKS = 0
TARGET_LOOPS = 0
TARGET_NLU_MACRO_F1 = 0.95


@dataclass
class Tally:
    """One row of figures: first messages and conversations right, replies leaking, loops."""

    first_right: int = 0
    first_total: int = 0
    conversations_right: int = 0
    conversations_total: int = 0
    leaking_replies: int = 0
    replies: int = 0
    loops: int = 0

    def add_first(self, result: FirstMessageResult) -> None:
        self.first_total += 1
        self.first_right += result.ok
        self._turns([result.turn])

    def add_conversation(self, result: ConversationResult) -> None:
        self.conversations_total += 1
        self.conversations_right += result.ok
        self.loops += len(result.loops)
        self._turns(result.turns)

    def _turns(self, turns: Iterable[TurnRecord]) -> None:
        for turn in turns:
            self.replies += len(turn.replies)
            self.leaking_replies += len({text for text, _ in turn.leaks})

    @staticmethod
    def share(right: int, total: int) -> str:
        return f"{right}/{total} ({100 * right / total:.1f} %)" if total else "—"

    def first(self) -> str:
        return self.share(self.first_right, self.first_total)

    def conversations(self) -> str:
        return self.share(self.conversations_right, self.conversations_total)


@dataclass
class Summary:
    total: Tally = field(default_factory=Tally)
    by_group: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_provider: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    kinds: Counter = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)
    nlu_macro_f1: float | None = None
    nlu_date: str | None = None

    def note(self, kind: str, example: str) -> None:
        self.kinds[kind] += 1
        self.examples.setdefault(kind, example)

    def targets(self) -> list[tuple[str, str, str, bool | None]]:
        """(measure, target, result, met) for each target."""
        total = self.total
        first = total.first_right / total.first_total if total.first_total else 0.0
        whole = (
            total.conversations_right / total.conversations_total
            if total.conversations_total
            else 0.0
        )
        rows: list[tuple[str, str, str, bool | None]] = [
            (
                "first messages that start the right flow",
                ">= 95 %",
                total.first(),
                first >= TARGET_FIRST_MESSAGES,
            ),
            (
                "whole conversations that end as they should",
                ">= 95 %",
                total.conversations(),
                whole >= TARGET_CONVERSATIONS,
            ),
            (
                "replies showing an intent or slot name, `none` or a `{placeholder}`",
                "0",
                f"{total.leaking_replies} of {total.replies} replies",
                total.leaking_replies <= TARGET_LEAKS,
            ),
            (
                "questions asked more than twice in a row",
                "0",
                str(total.loops),
                total.loops <= TARGET_LOOPS,
            ),
        ]
        if self.nlu_macro_f1 is None:
            rows.append(
                ("NLU held-out macro-F1 (bench/nlu_eval.py)", ">= 0.95", "not measured yet", None)
            )
        else:
            rows.append(
                (
                    "NLU held-out macro-F1 (bench/nlu_eval.py)",
                    ">= 0.95",
                    f"{self.nlu_macro_f1:.5f} ({self.nlu_date or 'date unknown'})",
                    self.nlu_macro_f1 >= TARGET_NLU_MACRO_F1,
                )
            )
        return rows

    def met(self) -> bool:
        return all(met is not False for *_, met in self.targets())


def read_nlu(results_dir: Path) -> tuple[float | None, str | None]:
    """The held-out macro-F1 bench/nlu_eval.py last measured (its report, nlu.md, says when and on
    which model), or None when it has not been measured."""
    markdown = results_dir / "nlu.md"
    if markdown.exists():
        text = markdown.read_text(encoding="utf-8")
        macro = re.search(r"\*\*Macro-F1: ([0-9.]+)\*\*", text)
        when = re.search(r"^# .*\((\d{4}-\d{2}-\d{2})\)", text, re.MULTILINE)
        model = re.search(r"Model: `([^`]+)`", text)
        if macro:
            said = ", ".join(x.group(1) for x in (when, model) if x)
            return float(macro.group(1)), said or None
    report = results_dir / "nlu" / "intent_report.json"
    if report.exists():
        return float(json.loads(report.read_text())["macro avg"]["f1-score"]), None
    return None, None


def summarise(results: Results, results_dir: Path) -> Summary:
    summary = Summary()
    for result in results.first_messages:
        for tally in (
            summary.total,
            summary.by_group[result.item.group],
            summary.by_provider[result.provider],
        ):
            tally.add_first(result)
        for failure in result.failures:
            summary.note(
                f"first message: {failure.kind}",
                f"{result.text!r} ({result.provider}): {failure.detail}",
            )
        _note_leaks(summary, [result.turn], f"{result.item.id} ({result.provider})")
    for result in results.conversations:
        group = result.conversation.group
        for tally in (summary.total, summary.by_group[group], summary.by_provider[result.provider]):
            tally.add_conversation(result)
        for failure in result.failures:
            summary.note(
                f"conversation: {failure.kind}",
                f"{result.conversation.id} ({result.provider}): {failure.detail}",
            )
        for first_turn, times, text in result.loops:
            summary.note(
                "question asked more than twice in a row",
                f"{result.conversation.id} ({result.provider}), turns {first_turn}-{first_turn + times - 1}: {text!r}",
            )
        _note_leaks(summary, result.turns, f"{result.conversation.id} ({result.provider})")
    summary.nlu_macro_f1, summary.nlu_date = read_nlu(results_dir)
    return summary


def _note_leaks(summary: Summary, turns: Iterable[TurnRecord], where: str) -> None:
    for turn in turns:
        for text, leak in turn.leaks:
            summary.note(
                f"reply shows {_leak_words(leak.kind)}",
                f"{where}: {leak.what!r} in {_short(text)!r}",
            )


def _leak_words(kind: str) -> str:
    return {
        "internal name": "an internal name (intent, slot, action)",
        "none": "'none' as a value",
        "placeholder": "a {placeholder}",
        "payload": "a button payload",
    }.get(kind, kind)


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _transcript(turns: Sequence[TurnRecord]) -> list[str]:
    lines = ["```text"]
    for turn in turns:
        who = "customer (script)" if turn.by == "script" else "customer"
        lines.append(f"{turn.number:>2}. {who}: {turn.said}")
        for reply in turn.replies:
            text = reply["text"].replace("\n", "\n      ")
            buttons = f"  [buttons: {', '.join(reply['buttons'])}]" if reply["buttons"] else ""
            lines.append(f"    assistant: {text}{buttons}")
        facts = [f"flows: {', '.join(turn.flows) or 'none recognised'}"]
        if turn.question:
            facts.append(f"asks: {turn.question}")
        if turn.leaks:
            facts.append("SHOWS: " + ", ".join(sorted({leak.what for _, leak in turn.leaks})))
        lines.append(f"    ({'; '.join(facts)})")
    lines.append("```")
    return lines


def markdown(results: Results, test_set: TestSet, summary: Summary, meta: Mapping[str, Any]) -> str:
    providers = list(meta["providers"])
    out: list[str] = [
        f"# Conversations in customers' own words ({meta.get('date', date.today().isoformat())})",
        "",
        f"The outside conversation set (`tests/conversations_outside/`, docs/conversation-test-set.md) "
        f"played through the real servers: {len(test_set.first_messages)} first messages and "
        f"{len(test_set.conversations)} whole conversations, each for {len(providers)} providers "
        f"({', '.join(providers)}), clock fixed at {test_set.now} (Europe/London). "
        f"Model `{meta.get('model', '?')}`; {meta.get('workers', '?')} conversations at a time; "
        f"{results.seconds:.0f} s of playing"
        + (
            " (CPU used meanwhile: "
            + ", ".join(f"{name} {sec:.0f} s" for name, sec in results.cpu_seconds.items())
            + ")."
            if results.cpu_seconds
            else "."
        ),
        "",
        "## Targets",
        "",
        "| measure | target | result | met |",
        "|---|---|---|---|",
    ]
    for measure, target, result, met in summary.targets():
        mark = "yes" if met else ("—" if met is None else "**no**")
        out.append(f"| {measure} | {target} | {result} | {mark} |")
    out += [
        "",
        "## Per group: first messages",
        "",
        "| group | kind | where the messages came from | right flow | replies showing internal names |",
        "|---|---|---|---|---|",
    ]
    for group in test_set.first_message_groups.values():
        tally = summary.by_group[group.id]
        out.append(
            f"| {group.id} | {group.kind} | {', '.join(group.sources)} | {tally.first()} | {tally.leaking_replies} |"
        )
    out += [
        "",
        "## Per group: whole conversations",
        "",
        "| group | ended as they should | replies showing internal names | questions asked 3+ times in a row |",
        "|---|---|---|---|",
    ]
    for group in test_set.conversation_groups():
        tally = summary.by_group[group]
        out.append(
            f"| {group} | {tally.conversations()} | {tally.leaking_replies} | {tally.loops} |"
        )
    out += [
        "",
        "## Per provider",
        "",
        "| provider | first messages: right flow | conversations: ended as they should | replies showing internal names | questions asked 3+ times in a row |",
        "|---|---|---|---|---|",
    ]
    for provider in providers:
        tally = summary.by_provider[provider]
        out.append(
            f"| {provider} | {tally.first()} | {tally.conversations()} | {tally.leaking_replies} | {tally.loops} |"
        )
    out += [
        "",
        "## The most frequent failure kinds",
        "",
        "| # | failure kind | times | an example |",
        "|---|---|---|---|",
    ]
    for rank, (kind, count) in enumerate(summary.kinds.most_common(), start=1):
        out.append(
            f"| {rank} | {_cell(kind)} | {count} | {_cell(_short(summary.examples[kind], 220))} |"
        )
    out += _unknown_names(results)
    out += _first_message_failures(results, test_set, providers)
    out += _conversation_failures(results, providers)
    return "\n".join(out) + "\n"


def _unknown_names(results: Results) -> list[str]:
    unnamed: Counter = Counter()
    keyword: Counter = Counter()
    turns = [r.turn for r in results.first_messages] + [
        t for r in results.conversations for t in r.turns
    ]
    for turn in turns:
        unnamed.update(turn.unnamed)
        keyword.update(turn.by_keyword)
    if not unnamed and not keyword:
        return []
    out = [
        "",
        "## Responses and actions the runner's table does not know",
        "",
        "Named after today's domain.yml in `bench/conversation_set/observe.py` (`NAMED_FLOWS`); a "
        "name added since is placed by a keyword in it, or not at all. Add these to the table:",
        "",
    ]
    out += [f"- `{name}`: no flow ({count} times)" for name, count in unnamed.most_common()]
    out += [
        f"- `{name}`: flow by keyword only ({count} times)" for name, count in keyword.most_common()
    ]
    return out


def _first_message_failures(results: Results, test_set: TestSet, providers: list[str]) -> list[str]:
    by_message: dict[str, dict[str, FirstMessageResult]] = defaultdict(dict)
    for result in results.first_messages:
        by_message[result.item.id][result.provider] = result
    out = ["", "## First messages that did not start the right flow", ""]
    for item in test_set.first_messages:
        outcomes = by_message.get(item.id, {})
        failed = [p for p in providers if p in outcomes and not outcomes[p].ok]
        if not failed:
            continue
        label = item.expect
        wanted = label.flow + (f" (or {', '.join(label.accept)})" if label.accept else "")
        if label.also:
            wanted += f", and {', '.join(label.also)}"
        if label.not_:
            wanted += f"; never {', '.join(label.not_)}"
        if label.category:
            wanted += f"; category {' or '.join(label.category)}"
        if label.states:
            wanted += f"; states {', '.join(label.states)}"
        out += [f"### `{item.id}` {outcomes[failed[0]].text!r}", "", f"Expected: {wanted}.", ""]
        for provider in providers:
            result = outcomes.get(provider)
            if result is None:
                continue
            if result.ok:
                out.append(f"- {provider}: right")
                continue
            reasons = "; ".join(
                f.kind + (f" ({f.detail})" if f.detail and f.detail not in f.kind else "")
                for f in result.failures
            )
            replies = (
                " / ".join(_short(r["text"], 140) for r in result.turn.replies) or "(no reply)"
            )
            out.append(f"- {provider}: **{_cell(reasons)}**. Replied: {_cell(replies)}")
        out.append("")
    return out


def _conversation_failures(results: Results, providers: list[str]) -> list[str]:
    out = ["", "## Whole conversations that did not end as they should", ""]
    by_id: dict[str, list[ConversationResult]] = defaultdict(list)
    for result in results.conversations:
        by_id[result.conversation.id].append(result)
    for cid, outcomes in by_id.items():
        failed = [r for r in outcomes if not r.ok or r.loops]
        if not failed:
            continue
        conversation = outcomes[0].conversation
        out += [f"### `{cid}` ({conversation.group})", "", conversation.about, ""]
        order = {p: i for i, p in enumerate(providers)}
        for result in sorted(outcomes, key=lambda r: order.get(r.provider, 99)):
            if result.ok and not result.loops:
                out.append(f"- {result.provider}: ended as it should")
                continue
            reasons = [f"{f.kind}: {f.detail}" for f in result.failures]
            reasons += [
                f"question asked {times} times in a row from turn {first}"
                for first, times, _ in result.loops
            ]
            out += ["", f"**{result.provider}**: " + "; ".join(_cell(r) for r in reasons), ""]
            if result.notes:
                out += [f"_{_cell(note)}_" for note in result.notes] + [""]
            out += _transcript(result.turns)
        out.append("")
    return out


def as_json(results: Results, summary: Summary, meta: Mapping[str, Any]) -> dict[str, Any]:
    def tally(t: Tally) -> dict[str, int]:
        return {
            "first_right": t.first_right,
            "first_total": t.first_total,
            "conversations_right": t.conversations_right,
            "conversations_total": t.conversations_total,
            "leaking_replies": t.leaking_replies,
            "replies": t.replies,
            "loops": t.loops,
        }

    return {
        **meta,
        "seconds": round(results.seconds, 1),
        "cpu_seconds": {k: round(v, 1) for k, v in results.cpu_seconds.items()},
        "targets": [
            {"measure": m, "target": t, "result": r, "met": met}
            for m, t, r, met in summary.targets()
        ],
        "total": tally(summary.total),
        "by_group": {g: tally(t) for g, t in summary.by_group.items()},
        "by_provider": {p: tally(t) for p, t in summary.by_provider.items()},
        "failure_kinds": [
            {"kind": k, "count": c, "example": summary.examples[k]}
            for k, c in summary.kinds.most_common()
        ],
        "failed_first_messages": [
            {"id": r.item.id, "provider": r.provider, "failures": [f.kind for f in r.failures]}
            for r in results.first_messages
            if not r.ok
        ],
        "failed_conversations": [
            {
                "id": r.conversation.id,
                "provider": r.provider,
                "failures": [f.kind for f in r.failures],
            }
            for r in results.conversations
            if not r.ok
        ],
    }


def write(
    results: Results, test_set: TestSet, out_dir: Path, results_dir: Path, meta: Mapping[str, Any]
) -> Summary:
    summary = summarise(results, results_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "conversations.md").write_text(
        markdown(results, test_set, summary, meta), encoding="utf-8"
    )
    (out_dir / "conversations.json").write_text(
        json.dumps(as_json(results, summary, meta), indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    return summary
