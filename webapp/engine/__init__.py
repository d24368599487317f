"""The pure core of Weighbridge: answers + rule base + weights in, a Result out.

Nothing here imports Flask or the database, so the web app, the CLI and batch screening share
one engine and it is tested directly.
"""

from .answers import AnswerError, normalise_answers
from .assess import WeightsError, assess, resolve_weights
from .problems import Problem, RuleBaseError
from .result import Result
from .rulebase import RuleBase, load_rulebase
from .values import CONCERNS, UNKNOWN, VERDICT_LABELS, VERDICTS

__all__ = [
    "CONCERNS", "UNKNOWN", "VERDICTS", "VERDICT_LABELS", "AnswerError", "Problem", "Result",
    "RuleBase", "RuleBaseError", "WeightsError", "assess", "load_rulebase", "normalise_answers",
    "resolve_weights",
]
