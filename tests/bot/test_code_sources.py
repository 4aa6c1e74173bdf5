"""Each provider's encoded code of practice is valid and traces back to its published text.

For every YAML file in bot/codes/: it validates against provider-code.schema.json, every
quote is copied verbatim from the published code it names, every contact value appears in
that code, and the set of providers is exactly the one listed in the shared README.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
CODES_DIR = REPO_ROOT / "bot" / "codes"
SCHEMA_PATH = CODES_DIR / "provider-code.schema.json"
SOURCES_DIR = REPO_ROOT.parent / "shared" / "codes-of-practice"
SOURCES_README = SOURCES_DIR / "README.md"

PROVIDER_IDS = ["infinium", "infinity-group", "infinity-system-solutions", "invictanet"]


def collapse_whitespace(text: str) -> str:
    """Collapse every run of whitespace (including non-breaking spaces and tabs) to one space."""
    return re.sub(r"\s+", " ", text).strip()


def readme_providers() -> dict[str, str]:
    """Map each short id in the shared README's table to its source file name."""
    rows = re.findall(
        r"^\|\s*(\d{3}_[0-9a-f]{16}\.txt)\s*\|[^|]*\|\s*`([a-z0-9-]+)`\s*\|\s*$",
        SOURCES_README.read_text(encoding="utf-8"),
        flags=re.MULTILINE,
    )
    return {provider_id: source for source, provider_id in rows}


def load_code(provider_id: str) -> dict[str, Any]:
    with (CODES_DIR / f"{provider_id}.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def load_source(code: dict[str, Any]) -> str:
    return collapse_whitespace((SOURCES_DIR / code["source"]).read_text(encoding="utf-8"))


def walk(node: Any, path: str = "") -> Iterator[tuple[str, Any, Any]]:
    """Yield (path, key, value) for every mapping entry anywhere in the document."""
    if isinstance(node, dict):
        for key, value in node.items():
            child = f"{path}.{key}" if path else str(key)
            yield child, key, value
            yield from walk(value, child)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from walk(item, f"{path}[{index}]")


def quotes(code: dict[str, Any]) -> list[tuple[str, str]]:
    """Every `quote` and `*_quote` string in the document, with where it sits."""
    return [
        (path, value)
        for path, key, value in walk(code)
        if isinstance(key, str) and (key == "quote" or key.endswith("_quote"))
    ]


def contact_values(code: dict[str, Any]) -> list[tuple[str, str]]:
    """Every contact `value` (provider contacts, ADR bodies, other contacts) and the address."""
    found = [(path, value) for path, key, value in walk(code) if key == "value"]
    address = code.get("identity", {}).get("address")
    if address is not None:
        found.append(("identity.address", address))
    return found


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_provider_ids_match_shared_readme() -> None:
    assert sorted(readme_providers()) == sorted(PROVIDER_IDS)
    assert sorted(p.stem for p in CODES_DIR.glob("*.yaml")) == sorted(PROVIDER_IDS)


@pytest.mark.parametrize("provider_id", PROVIDER_IDS)
def test_code_is_valid_against_schema(provider_id: str, validator) -> None:
    code = load_code(provider_id)
    errors = [
        f"{'/'.join(map(str, error.absolute_path)) or '<root>'}: {error.message}"
        for error in sorted(validator.iter_errors(code), key=lambda e: list(map(str, e.path)))
    ]
    assert not errors, f"{provider_id}.yaml:\n" + "\n".join(errors)


@pytest.mark.parametrize("provider_id", PROVIDER_IDS)
def test_code_id_and_source_match_shared_readme(provider_id: str) -> None:
    code = load_code(provider_id)
    assert code["id"] == provider_id
    assert code["source"] == readme_providers()[provider_id]
    assert (SOURCES_DIR / code["source"]).is_file()


def test_reference_prefixes_are_unique() -> None:
    prefixes = [load_code(provider_id)["reference_prefix"] for provider_id in PROVIDER_IDS]
    assert len(set(prefixes)) == len(prefixes)


@pytest.mark.parametrize("provider_id", PROVIDER_IDS)
def test_every_quote_is_verbatim_from_source(provider_id: str) -> None:
    code = load_code(provider_id)
    source = load_source(code)
    found = quotes(code)
    assert found, f"{provider_id}.yaml has no quotes"
    missing = [
        f"{path}: {value!r}"
        for path, value in found
        if not isinstance(value, str) or collapse_whitespace(value) not in source
    ]
    assert not missing, f"{provider_id}.yaml quotes not in {code['source']}:\n" + "\n".join(missing)


@pytest.mark.parametrize("provider_id", PROVIDER_IDS)
def test_every_contact_value_appears_in_source(provider_id: str) -> None:
    code = load_code(provider_id)
    source = load_source(code)
    missing = []
    for path, value in contact_values(code):
        parts = str(value).split(", ")
        absent = [part for part in parts if collapse_whitespace(part) not in source]
        if absent:
            missing.append(f"{path}: {value!r} (missing {absent!r})")
    assert not missing, f"{provider_id}.yaml contacts not in {code['source']}:\n" + "\n".join(
        missing
    )
