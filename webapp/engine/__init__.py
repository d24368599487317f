"""The pure core of Weighbridge: answers + rule base + weights in, a Result out.

Nothing here imports Flask, SQLAlchemy or WTForms, so the web app, the CLI and batch screening
share one engine and it is tested directly. The layers, each importing only those before it:

* ``core``: sentinels, verdicts, problems, YAML reading, the result types;
* ``qtypes``: the registry of question types;
* ``loading``: the rules directory read and validated into a ``RuleBase``;
* ``compiling``: evaluators, applicability, domains and the scorer, built once at load;
* ``scoring``: one assessment's context, rows scored, relaxation, the traced row;
* ``analysis``: enumeration, the headline, evidence gaps, sensitivity, counterfactuals;
* ``assess`` on top, with ``checks`` (``weighbridge rules check``) and ``describe`` (plain words).
"""

from __future__ import annotations

from pathlib import Path

from .assess import assess, verdicts_with_weights
from .compiling.compiled import CompiledRuleBase, compile_rulebase
from .core.problems import AnswerError, Problem, RuleBaseError
from .core.results import Result
from .core.values import UNKNOWN
from .core.verdicts import Verdict
from .loading.answers import clean_answers, normalise_answers
from .loading.rulebase import read_rulebase
from .scoring.weights import WeightsError, resolve_weights

RuleBase = CompiledRuleBase


def load_rulebase(directory: str | Path) -> CompiledRuleBase:
    """Read, validate and compile a rules directory; RuleBaseError lists every problem."""
    return compile_rulebase(read_rulebase(directory))


__all__ = [
    "UNKNOWN", "AnswerError", "CompiledRuleBase", "Problem", "Result", "RuleBase",
    "RuleBaseError", "Verdict", "WeightsError", "assess", "clean_answers", "load_rulebase",
    "normalise_answers", "resolve_weights", "verdicts_with_weights",
]
