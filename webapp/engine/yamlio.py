"""YAML loading that avoids the YAML 1.1 boolean trap.

PyYAML's SafeLoader reads bare ``yes``, ``no``, ``on``, ``off`` (and ``NO``, as in Norway) as
booleans. Rule authors write ``is: yes`` and mean the option ``yes``, so this loader treats only
``true`` and ``false`` as booleans and everything else as a string.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml


class StrictBoolLoader(yaml.SafeLoader):
    """A SafeLoader whose only booleans are true/false (YAML 1.2 core schema)."""


# Drop the YAML 1.1 bool resolver and register one that matches only true/false.
StrictBoolLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
StrictBoolLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def load_yaml_text(text: str) -> Any:
    """Parse YAML text with the strict boolean rules."""
    return yaml.load(text, Loader=StrictBoolLoader)  # noqa: S506 - a SafeLoader subclass


def load_yaml_file(path: Path) -> Any:
    """Parse a YAML file with the strict boolean rules."""
    return load_yaml_text(path.read_text(encoding="utf-8"))
