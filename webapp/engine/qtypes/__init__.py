"""The registry of question types (the way CTFd registers challenge types).

One class per type, in a module of this package, owns everything that differs between types:
its YAML fields, the operators its conditions allow, normalising an answer, its finite domain
for enumeration, its alternatives for counterfactuals, its plain words, and its form field in
the wizard (with a template ``questionnaire/types/<id>.html`` and a function in
``static/conditions.js``). Every module here is imported when the package is, so adding a type
is adding a module.
"""

from __future__ import annotations

import importlib
import pkgutil

from .base import OPERATOR_WORDS, QuestionLike, QuestionType, register, registry

for _module in pkgutil.iter_modules(__path__):
    if _module.name != "base":
        importlib.import_module(f"{__name__}.{_module.name}")


def question_type(type_id: str) -> QuestionType:
    """The registered type with this id; KeyError if there is none."""
    return registry[type_id]


def type_ids() -> tuple[str, ...]:
    return tuple(registry)


def all_operators() -> tuple[str, ...]:
    """Every operator some type allows, for messages about a malformed leaf."""
    return tuple(dict.fromkeys(op for qtype in registry.values() for op in qtype.operators))


__all__ = ["OPERATOR_WORDS", "QuestionLike", "QuestionType", "all_operators", "question_type",
           "register", "registry", "type_ids"]
