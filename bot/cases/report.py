"""A picture of the desk: one self-contained HTML page, with its charts also saved as PNG files.

What it shows, at a moment (`now`, from the injected clock):
- promises kept on time, met late, and overdue (past due, not met), week by week, by the week each
  fell due (the last `weeks` weeks, Monday to Sunday, Europe/London);
- open cases (still owed an answer) by age and category;
- ADR letters owed (as `cases overdue` counts them), by provider, with each case;
- what falls due in the next five working days, day by day (as `cases due --within 4d` counts it:
  today and the four working days after it), by provider;
- the same figures per provider, in a table and a chart.

The page needs no network to be read: the charts are inline SVG (drawn by matplotlib, text kept as
text), the style is inline, and a Content-Security-Policy forbids fetching anything at all. Every
number a chart shows is also in the page as text: a caption under each chart and a table beside it.
Each bar is an SVG group whose id names the chart, the series and the column
(`promises-by-week-on_time-2026-12-21`), so a test (or a curious reader) can find it. The report holds
references but no customer's name or contact details.
"""

from __future__ import annotations

import html
import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bot.cases.due import ADR_LETTER, DueItem, Window, falling_due
from bot.cases.lifecycle import OPEN_STATUSES
from bot.cases.models import CaseRecord, CommitmentRecord
from bot.cases.store import CaseStore
from bot.cases.views import LONDON, moment_text
from bot.provider_codes import CATEGORIES, load_all_codes
from bot.regulation import long_date
from bot.working_time import WorkingTime

DEFAULT_WEEKS = 12
NEXT_FIVE_WORKING_DAYS = Window(4, "d")  # today, and the four working days after it
ON_TIME, LATE, OVERDUE = "on_time", "late", "overdue"
OUTCOME_LABELS = {ON_TIME: "kept on time", LATE: "met late", OVERDUE: "overdue"}
OUTCOME_COLOURS = {ON_TIME: "#2e7d32", LATE: "#ef6c00", OVERDUE: "#c62828"}
AGES: tuple[tuple[str, int, int | None], ...] = (
    ("under 1 week", 0, 7),
    ("1-2 weeks", 7, 14),
    ("2-4 weeks", 14, 28),
    ("4-8 weeks", 28, 56),
    ("8 weeks or more", 56, None),
)
# Colour-blind-safe colours (Okabe and Ito) for categories and providers.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")


@dataclass(frozen=True)
class Chart:
    """One chart: its id (also the PNG's suffix), title, caption (the numbers in words) and the
    rendered SVG."""

    id: str
    title: str
    caption: str
    svg: str
    png: bytes


@dataclass(frozen=True)
class DeskReport:
    at: datetime
    weeks: tuple[date, ...]  # the Mondays of the weeks shown, oldest first
    promises: dict[tuple[date, str], Counter]  # (week, provider) -> outcome -> count
    open_cases: tuple[tuple[str, str, str], ...]  # (age band, category, provider) per open case
    adr_owed: tuple[DueItem, ...]
    upcoming: tuple[DueItem, ...]  # falling due in the next five working days, not yet overdue
    days: tuple[date, ...]  # the days of the next five working days (and any other with an item)
    providers: tuple[str, ...]

    # --- the figures, each as the page and the charts show it -------------------------------

    def promises_by_week(self) -> list[tuple[date, Counter]]:
        return [
            (week, sum((c for (w, _), c in self.promises.items() if w == week), Counter()))
            for week in self.weeks
        ]

    def promises_by_provider(self) -> list[tuple[str, Counter]]:
        return [
            (p, sum((c for (_, q), c in self.promises.items() if q == p), Counter()))
            for p in self.providers
        ]

    def open_by_age(self) -> list[tuple[str, Counter]]:
        return [
            (band, Counter(category for b, category, _ in self.open_cases if b == band))
            for band, _, _ in AGES
        ]

    def adr_owed_by_provider(self) -> list[tuple[str, int]]:
        counts = Counter(i.provider for i in self.adr_owed)
        return [(p, counts[p]) for p in self.providers]

    def upcoming_by_day(self) -> list[tuple[date, Counter]]:
        return [
            (
                day,
                Counter(
                    i.provider for i in self.upcoming if i.due.astimezone(LONDON).date() == day
                ),
            )
            for day in self.days
        ]

    def per_provider(self) -> list[dict[str, Any]]:
        promises = dict(self.promises_by_provider())
        return [
            {
                "provider": p,
                "open_cases": sum(1 for _, _, q in self.open_cases if q == p),
                ON_TIME: promises[p][ON_TIME],
                LATE: promises[p][LATE],
                OVERDUE: promises[p][OVERDUE],
                "adr_letters_owed": sum(1 for i in self.adr_owed if i.provider == p),
                "due_next_five_working_days": sum(1 for i in self.upcoming if i.provider == p),
            }
            for p in self.providers
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "promises_by_week": [
                {"week_beginning": w.isoformat(), **{k: c[k] for k in OUTCOME_LABELS}}
                for w, c in self.promises_by_week()
            ],
            "open_cases_by_age": [
                {"age": band, **{k: c[k] for k in CATEGORIES}} for band, c in self.open_by_age()
            ],
            "adr_letters_owed": [i.to_dict() for i in self.adr_owed],
            "due_next_five_working_days": [
                {"day": d.isoformat(), **{p: c[p] for p in self.providers}}
                for d, c in self.upcoming_by_day()
            ],
            "per_provider": self.per_provider(),
        }


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _kept(due: datetime, met_at: datetime | None) -> str:
    """A promise past due or met: kept on time, met late, or overdue."""
    if met_at is None:
        return OVERDUE
    return ON_TIME if met_at <= due else LATE


def _age_band(raised: datetime, now: datetime) -> str:
    days = (now.astimezone(LONDON).date() - raised.astimezone(LONDON).date()).days
    for band, low, high in AGES:
        if days >= low and (high is None or days < high):
            return band
    return AGES[0][0]  # raised "in the future" by a clock difference: the youngest band


def gather(store: CaseStore, now: datetime, weeks: int = DEFAULT_WEEKS) -> DeskReport:
    """The figures of the report at `now` (promises over the last `weeks` weeks)."""
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    this_week = _monday(now.astimezone(LONDON).date())
    shown = tuple(this_week - timedelta(weeks=n) for n in range(weeks - 1, -1, -1))
    since = datetime.combine(shown[0], time.min, tzinfo=LONDON)
    decided = (
        select(CommitmentRecord.due, CommitmentRecord.met_at, CaseRecord.provider)
        .join(CaseRecord, CaseRecord.id == CommitmentRecord.case_id)
        .where(CommitmentRecord.due >= since)
        .where(CommitmentRecord.met_at.is_not(None) | (CommitmentRecord.due < now))
    )
    opened = select(CaseRecord.raised_at, CaseRecord.category, CaseRecord.provider).where(
        CaseRecord.status.in_(OPEN_STATUSES)
    )
    promises: dict[tuple[date, str], Counter] = {}
    with store.session_scope(read_only=True) as session:
        for due, met_at, provider in session.execute(decided):
            week = _monday(due.astimezone(LONDON).date())
            if week > this_week:
                continue  # met early, before a due moment after this week
            promises.setdefault((week, provider), Counter())[_kept(due, met_at)] += 1
        open_cases = tuple(
            (_age_band(raised, now), category, provider)
            for raised, category, provider in session.execute(opened)
        )
    items = falling_due(store, now, NEXT_FIVE_WORKING_DAYS)
    adr_owed = tuple(i for i in items if i.overdue and i.kind == ADR_LETTER)
    upcoming = tuple(i for i in items if not i.overdue)
    calendar = WorkingTime()  # England and Wales, Monday to Friday: every code's working week
    day = calendar.counting_from(now).date()
    days = {day}
    for _ in range(NEXT_FIVE_WORKING_DAYS.amount):
        day = calendar.next_working_day(day)
        days.add(day)
    days |= {i.due.astimezone(LONDON).date() for i in upcoming}
    return DeskReport(
        at=now,
        weeks=shown,
        promises=promises,
        open_cases=open_cases,
        adr_owed=adr_owed,
        upcoming=upcoming,
        days=tuple(sorted(days)),
        providers=tuple(sorted(load_all_codes())),
    )


# --- charts ------------------------------------------------------------------------------------


def _draw(
    chart_id: str,
    title: str,
    columns: list[str],
    column_keys: list[str],
    series: list[tuple[str, str, list[int], str]],
    ylabel: str,
    *,
    horizontal: bool = False,
) -> tuple[str, bytes]:
    """Stacked bars, each segment labelled with its number; each an SVG group with an id
    `{chart_id}-{series key}-{column key}`. The SVG (inline-ready) and the PNG."""
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    settings = {
        "svg.fonttype": "none",  # text stays text: readable, searchable, and checkable
        "svg.hashsalt": chart_id,  # stable ids, and different ones in each chart of the page
        "font.family": "DejaVu Sans",
        "font.size": 9,
    }
    with matplotlib.rc_context(settings):
        height = max(3.0, 0.45 * len(columns) + 1.2) if horizontal else 3.6
        figure = Figure(figsize=(8, height), dpi=100)
        axes = figure.add_subplot()
        positions = list(range(len(columns)))
        base = [0] * len(columns)
        for key, label, values, colour in series:
            draw = axes.barh if horizontal else axes.bar
            extent = {"left": base} if horizontal else {"bottom": base}
            bars = draw(positions, values, 0.6, color=colour, label=label, **extent)
            for bar, column in zip(bars, column_keys, strict=True):
                bar.set_gid(f"{chart_id}-{key}-{column}")
            axes.bar_label(
                bars,
                labels=[str(v) if v else "" for v in values],
                label_type="center",
                color="white",
                fontweight="bold",
            )
            base = [b + v for b, v in zip(base, values, strict=True)]
        if horizontal:
            axes.set_yticks(positions, columns)
            axes.invert_yaxis()
            axes.set_xlabel(ylabel)
            axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        else:
            axes.set_xticks(positions, columns, rotation=0 if len(columns) <= 8 else 45)
            axes.set_ylabel(ylabel)
            axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        if not any(base):
            (axes.set_xlim if horizontal else axes.set_ylim)(0, 1)
        axes.set_title(title, loc="left", fontsize=11)
        axes.spines[["top", "right"]].set_visible(False)
        if len(series) > 1:
            axes.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        figure.tight_layout()
        svg_buffer, png_buffer = io.StringIO(), io.BytesIO()
        figure.savefig(svg_buffer, format="svg", metadata={"Date": None})
        figure.savefig(png_buffer, format="png", metadata={"Software": None})
    svg = svg_buffer.getvalue()
    svg = svg[svg.index("<svg") :]  # inline: without the XML declaration and DOCTYPE
    return svg, png_buffer.getvalue()


def _chart(chart_id: str, title: str, caption: str, *args: Any, **kwargs: Any) -> Chart:
    svg, png = _draw(chart_id, title, *args, **kwargs)
    return Chart(id=chart_id, title=title, caption=caption, svg=svg, png=png)


def _short_day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def _numbers(pairs: Iterable[tuple[str, int]]) -> str:
    return ", ".join(f"{n} {label}" for label, n in pairs)


def charts(report: DeskReport) -> list[Chart]:
    by_week = report.promises_by_week()
    by_age = report.open_by_age()
    by_day = report.upcoming_by_day()
    by_provider = report.promises_by_provider()
    adr = report.adr_owed_by_provider()
    palette = dict(zip(report.providers, PALETTE, strict=False))
    outcome_series = [
        (key, label, [c[key] for _, c in by_week], OUTCOME_COLOURS[key])
        for key, label in OUTCOME_LABELS.items()
    ]
    return [
        _chart(
            "promises-by-week",
            "Promises kept on time and late, by the week they fell due",
            "; ".join(
                f"week beginning {long_date(w)}: "
                + _numbers((OUTCOME_LABELS[k], c[k]) for k in OUTCOME_LABELS)
                for w, c in by_week
            ),
            [f"{w.day} {w:%b}" for w, _ in by_week],
            [w.isoformat() for w, _ in by_week],
            outcome_series,
            "promises",
        ),
        _chart(
            "open-by-age",
            "Open cases by age and category",
            "; ".join(
                f"{band}: "
                + (_numbers((k.replace("_", " "), c[k]) for k in CATEGORIES if c[k]) or "none")
                for band, c in by_age
            ),
            [band for band, _ in by_age],
            [band.replace(" ", "-") for band, _ in by_age],
            [
                (k, k.replace("_", " "), [c[k] for _, c in by_age], colour)
                for k, colour in zip(CATEGORIES, PALETTE, strict=False)
            ],
            "open cases",
        ),
        _chart(
            "adr-letters-owed",
            "ADR letters owed, by provider",
            _numbers((p, n) for p, n in adr),
            [p for p, _ in adr],
            [p for p, _ in adr],
            [("owed", "ADR letters owed", [n for _, n in adr], OUTCOME_COLOURS[OVERDUE])],
            "ADR letters owed",
            horizontal=True,
        ),
        _chart(
            "due-next-five-working-days",
            "Falling due in the next five working days",
            "; ".join(
                f"{long_date(d)}: {sum(c.values())}"
                + (f" ({_numbers((p, c[p]) for p in report.providers if c[p])})" if c else "")
                for d, c in by_day
            ),
            [_short_day(d) for d, _ in by_day],
            [d.isoformat() for d, _ in by_day],
            [(p, p, [c[p] for _, c in by_day], palette[p]) for p in report.providers],
            "promises and ADR letters",
        ),
        _chart(
            "promises-by-provider",
            "Promises kept on time and late, by provider",
            "; ".join(
                f"{p}: " + _numbers((OUTCOME_LABELS[k], c[k]) for k in OUTCOME_LABELS)
                for p, c in by_provider
            ),
            [p for p, _ in by_provider],
            [p for p, _ in by_provider],
            [
                (k, OUTCOME_LABELS[k], [c[k] for _, c in by_provider], OUTCOME_COLOURS[k])
                for k in OUTCOME_LABELS
            ],
            "promises",
            horizontal=True,
        ),
    ]


# --- the page ----------------------------------------------------------------------------------

_STYLE = """
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2em auto; max-width: 62em;
       color: #222; line-height: 1.4; padding: 0 1em; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; border-top: 1px solid #ccc;
       padding-top: 1em; }
figure { margin: 1em 0; } figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 0.9em; color: #444; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; }
th:first-child, td:first-child { text-align: left; }
.note { color: #555; font-size: 0.9em; }
"""
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _table(table_id: str, header: list[str], rows: list[list[Any]]) -> str:
    head = "".join(f"<th scope='col'>{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(cell))}</td>" for cell in row) + "</tr>"
        for row in rows
    )
    return f"<table id='{table_id}'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _figure(chart: Chart) -> str:
    label = html.escape(f"{chart.title}: {chart.caption}", quote=True)
    svg = chart.svg.replace("<svg ", f"<svg role='img' aria-label=\"{label}\" ", 1)
    return (
        f"<figure id='figure-{chart.id}'>{svg}"
        f"<figcaption>{html.escape(chart.caption)}</figcaption></figure>"
    )


def render_html(report: DeskReport, drawn: list[Chart]) -> str:
    by_id = {c.id: c for c in drawn}
    at = moment_text(report.at)
    sections = [
        (
            "Promises kept on time and late, week by week",
            "promises-by-week",
            "Every promise that fell due in the week (Monday to Sunday): kept on time, met late, "
            "or overdue (past due and still not met).",
            _table(
                "table-promises-by-week",
                ["Week beginning", *[OUTCOME_LABELS[k] for k in OUTCOME_LABELS]],
                [
                    [long_date(w), *[c[k] for k in OUTCOME_LABELS]]
                    for w, c in report.promises_by_week()
                ],
            ),
        ),
        (
            "Open cases by age and category",
            "open-by-age",
            "Cases still owed an answer (raised, acknowledged, investigating, escalated or "
            "reopened), by the time since they were raised.",
            _table(
                "table-open-by-age",
                ["Age", *[k.replace("_", " ") for k in CATEGORIES], "all"],
                [
                    [band, *[c[k] for k in CATEGORIES], sum(c.values())]
                    for band, c in report.open_by_age()
                ],
            ),
        ),
        (
            "ADR letters owed",
            "adr-letters-owed",
            "Cases past the day ADR opened with no ADR letter sent, where the customer may use ADR "
            "and the case is not resolved or closed: today's rules make the letter the provider's "
            "duty.",
            _table(
                "table-adr-letters-owed",
                ["Reference", "Provider", "Category", "Status", "Owed since", "Assignee"],
                [
                    [
                        i.reference,
                        i.provider,
                        i.category.replace("_", " "),
                        i.status,
                        long_date(i.due.date()),
                        i.assignee or "-",
                    ]
                    for i in report.adr_owed
                ],
            ),
        ),
        (
            "Falling due in the next five working days",
            "due-next-five-working-days",
            "Promises not yet met and ADR letters that fall due from now to the end of the fifth "
            "working day (counted in each provider's working time), by the day they fall due.",
            _table(
                "table-due-next-five-working-days",
                ["Day", *report.providers, "all"],
                [
                    [long_date(d), *[c[p] for p in report.providers], sum(c.values())]
                    for d, c in report.upcoming_by_day()
                ],
            ),
        ),
        (
            "Per provider",
            "promises-by-provider",
            f"Promises over the {len(report.weeks)} weeks shown; the rest as at {at}.",
            _table(
                "table-per-provider",
                [
                    "Provider",
                    "open cases",
                    *[OUTCOME_LABELS[k] for k in OUTCOME_LABELS],
                    "ADR letters owed",
                    "due in the next five working days",
                ],
                [
                    [
                        row["provider"],
                        row["open_cases"],
                        *[row[k] for k in OUTCOME_LABELS],
                        row["adr_letters_owed"],
                        row["due_next_five_working_days"],
                    ]
                    for row in report.per_provider()
                ],
            ),
        ),
    ]
    body = []
    for title, chart_id, note, table in sections:
        body.append(
            f"<section id='{chart_id}'><h2>{html.escape(title)}</h2>"
            f"<p class='note'>{html.escape(note)}</p>{_figure(by_id[chart_id])}{table}</section>"
        )
    return (
        "<!DOCTYPE html>\n<html lang='en-GB'><head><meta charset='utf-8'>"
        f"<meta http-equiv='Content-Security-Policy' content=\"{CSP}\">"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>The complaints desk, {html.escape(at)}</title><style>{_STYLE}</style></head>"
        f"<body><h1>The complaints desk, {html.escape(at)}</h1>"
        "<p class='note'>Promises are the timed commitments of each provider's code of practice; "
        "ADR letters are owed under today's Ofcom rules.</p>" + "".join(body) + "</body></html>\n"
    )


def write_report(report: DeskReport, path: str | Path) -> list[Path]:
    """The page at `path` and each chart as `<page name>-<chart>.png` beside it; every file
    written, the page first."""
    page = Path(path)
    drawn = charts(report)
    written = [page]
    page.write_text(render_html(report, drawn), encoding="utf-8")
    for chart in drawn:
        png = page.with_name(f"{page.stem}-{chart.id}.png")
        png.write_bytes(chart.png)
        written.append(png)
    return written
