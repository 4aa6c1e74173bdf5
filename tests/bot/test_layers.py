"""The README's promise about the layers: `bot/` is the domain library, usable without Rasa, so
nothing under it imports Rasa, Rasa's SDK or the project's Rasa-facing packages (`actions`,
`channels`, `rasa_plugins`, `rasa_sdk_plugins`). Read from the source, so an import inside a
function counts too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[2] / "bot"
FORBIDDEN = ("rasa", "rasa_sdk", "actions", "channels", "rasa_plugins", "rasa_sdk_plugins")


def imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


@pytest.mark.parametrize(
    "path", sorted(BOT.rglob("*.py")), ids=lambda p: str(p.relative_to(BOT.parent))
)
def test_bot_never_imports_rasa_or_the_rasa_facing_packages(path: Path) -> None:
    offending = [name for name in imported_modules(path) if name.split(".")[0] in FORBIDDEN]
    assert offending == [], f"{path.relative_to(BOT.parent)} imports {offending}"


def test_the_check_sees_an_import_inside_a_function(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from rasa_sdk import Action\n    return Action\n")
    assert imported_modules(module) == ["rasa_sdk"]
