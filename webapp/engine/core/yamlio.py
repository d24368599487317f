"""YAML loading that avoids the YAML 1.1 boolean trap, with PyYAML's C parser where present.

PyYAML's SafeLoader reads bare ``yes``, ``no``, ``on``, ``off`` (and ``NO``, as in Norway) as
booleans. Rule authors write ``is: yes`` and mean the option ``yes``, so this loader treats only
``true`` and ``false`` as booleans and everything else as a string. The C loader (libyaml) parses
the rule files several times faster; the resolver that decides what a plain scalar means is the
same Python class either way, so the protection holds for both.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class StrictBoolLoader(_Base):  # type: ignore[misc,valid-type]
    """A safe loader whose only booleans are true/false (YAML 1.2 core schema)."""


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

#: The errors a malformed file raises (the C parser's errors are YAMLError too).
YAMLError = yaml.YAMLError


def load_yaml_text(text: str) -> Any:
    """Parse YAML text with the strict boolean rules."""
    return yaml.load(text, Loader=StrictBoolLoader)  # noqa: S506 - a safe loader subclass
