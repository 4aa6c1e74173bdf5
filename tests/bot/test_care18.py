"""`cases export` has a column for who made the complaint for the account holder (revision 0013
added `made_on_behalf` to cases; issue 18, outside testers: the export had no such column). The
test failed before the change."""

from __future__ import annotations

import csv
from pathlib import Path

from bot.cases import export
from bot.cases.store import CaseStore
from tests.bot.test_desk import Desk, desk  # noqa: F401 - the desk fixture
from tests.cases_support import at, make_intake

WHO = "Jane Doe, who says they act for their dad"


def test_the_export_has_a_made_on_behalf_column(store: CaseStore, tmp_path: Path) -> None:
    for_dad = store.create_case(
        make_intake(made_on_behalf=WHO), received=at(2026, 12, 22, 10), actor="a", channel="chat"
    ).reference
    own = store.create_case(
        make_intake(), received=at(2026, 12, 22, 11), actor="a", channel="chat"
    ).reference
    path = tmp_path / "cases.csv"
    store.export_csv(path, now=at(2027, 1, 4, 9))
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert "made_on_behalf" in export.COLUMN_NAMES
    by_reference = {row["reference"]: row for row in rows}
    assert by_reference[for_dad]["made_on_behalf"] == WHO
    assert by_reference[own]["made_on_behalf"] == ""


def test_cases_export_on_the_desk_shows_it(desk: Desk, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "out.csv"
    assert desk("export", "--csv", str(path)).code == 0
    with path.open(newline="", encoding="utf-8") as handle:
        assert "made_on_behalf" in (csv.DictReader(handle).fieldnames or [])
