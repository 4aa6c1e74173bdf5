"""Reading the project's YAML data files: dates stay strings, so the schema decides what is valid."""

from __future__ import annotations

from typing import Any

import yaml


class _PlainLoader(yaml.SafeLoader):
    """YAML's safe loader, except that `2026-04-08` stays the string "2026-04-08"."""


_PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=_PlainLoader)  # noqa: S506 - a SafeLoader subclass
