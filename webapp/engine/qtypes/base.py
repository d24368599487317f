"""The base class of question types, and the registry they add themselves to."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from ..core.problems import did_you_mean
from ..core.values import UNKNOWN, is_unknown

#: An operator's words in a condition read aloud: "“Sector” is one of …".
OPERATOR_WORDS = {
    "is": "is", "in": "is one of", "has": "includes", "has_any": "includes any of",
    "has_all": "includes all of", "gt": "is more than", "gte": "is at least",
    "lt": "is less than", "lte": "is at most", "before": "is before", "after": "is after",
}

#: Reports one problem with a YAML field: report(message).
Report = Callable[[str], None]


class QuestionLike(Protocol):
    """What a type needs to know of a question (``loading.model.Question`` has it)."""

    id: str
    text: str
    options: tuple[Any, ...]
    unknown: bool
    minimum: Any
    maximum: Any
    unit: str

    @property
    def option_ids(self) -> tuple[str, ...]: ...

    def option_label(self, option_id: str) -> str: ...


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    help: str = ""


class QuestionType:
    """Defaults shared by every type; a type overrides what differs."""

    id: ClassVar[str]
    #: The operators a condition may apply to a question of this type.
    operators: ClassVar[tuple[str, ...]] = ()
    #: Extra YAML fields a question of this type may carry (besides id, text, help, ...).
    fields: ClassVar[tuple[str, ...]] = ()
    #: Whether rules can tell its answers apart (text cannot): it then has a finite domain.
    enumerable: ClassVar[bool] = True

    @property
    def template(self) -> str:
        """The wizard's widget for a question of this type."""
        return f"questionnaire/types/{self.id}.html"

    # --- loading ---------------------------------------------------------------------------

    def parse(self, raw: dict, question: Any, report: Callable[[str, str], None]) -> None:
        """Read the type's own YAML fields into ``question``; report(field, message)."""

    def parse_operand(self, question: QuestionLike, op: str, raw: Any, report: Report) -> Any:
        """The operand of a leaf ``{q: ..., op: raw}`` in its compared form, or None."""
        raise NotImplementedError

    def tester(self, op: str, operand: Any) -> Callable[[Any], bool]:
        """The leaf's test on a known state value, as a single-purpose function."""
        raise NotImplementedError

    def operand_data(self, operand: Any) -> Any:
        """The operand back in its YAML/JSON form (for the browser and the CLI)."""
        return sorted(operand) if isinstance(operand, frozenset) else operand

    # --- answers ---------------------------------------------------------------------------

    def normalise(self, question: QuestionLike, value: Any) -> Any:
        """The canonical stored form of a known answer; AnswerError naming the question."""
        raise NotImplementedError

    def state(self, question: QuestionLike, value: Any) -> Any:
        """The value as conditions read it."""
        return value

    def answer(self, state: Any) -> Any:
        """A state (domain) value back in answer form, as JSON shows it."""
        return state

    # --- enumeration and counterfactuals ---------------------------------------------------

    def domain(self, question: QuestionLike, tested: set[Any]) -> list[Any]:
        """One state value per region of answers that the tested operands tell apart."""
        return []

    def alternatives(self, question: QuestionLike, current: Any, domain: list[Any],
                     tests: Iterable[Callable[[Any], bool]]) -> list[Any]:
        """Answers to try instead of ``current`` (a state value, or None when there is none),
        one per distinguishable region."""
        return [v for v in domain if v != current]

    # --- plain words -----------------------------------------------------------------------

    def text(self, question: QuestionLike, value: Any) -> str:
        """A known answer as the report prints it."""
        return str(value)

    def describe(self, question: QuestionLike, op: str, operand: Any) -> str:
        """A leaf in plain words, without its subject: "is one of “A”, “B”"."""
        return f"{OPERATOR_WORDS[op]} {operand}"

    # --- the wizard's form -----------------------------------------------------------------

    def form_fields(self, question: QuestionLike) -> dict[str, Any]:
        """The WTForms fields of the question, by name (the answer field is named by the id).

        WTForms is imported here, not at the top of the module, so that the engine imports
        nothing of the web stack.
        """
        raise NotImplementedError

    def read_form(self, question: QuestionLike, form: Any) -> tuple[Any, str | None]:
        """The posted answer in stored form, or (None, message); (None, None) for no answer."""
        raise NotImplementedError

    def missing_message(self, question: QuestionLike) -> str:
        """What the form says beside a question that applies but was left unanswered."""
        return ("Please answer this question, or choose “Don't know”." if question.unknown
                else "Please answer this question.")

    def form_data(self, question: QuestionLike, answer: Any) -> dict[str, Any]:
        """A stored answer as the form displays it, by field name."""
        return {question.id: answer}

    def post_data(self, question: QuestionLike, answer: Any) -> dict[str, Any]:
        """What a browser posts for a stored answer (for tests, imports and fuzzing)."""
        return {question.id: answer}

    # --- spreadsheets (portfolio screening) ------------------------------------------------

    def parse_cell(self, question: QuestionLike, cell: str) -> Any:
        """A spreadsheet cell as an answer ("unknown" or empty: don't know)."""
        text = cell.strip()
        if not text or text.lower() == UNKNOWN:
            return UNKNOWN
        return self.normalise(question, text)


registry: dict[str, QuestionType] = {}


def register(cls: type[QuestionType]) -> type[QuestionType]:
    """Class decorator: add one instance of the type to the registry under its id."""
    registry[cls.id] = cls()
    return cls


# --- helpers shared by the option types ------------------------------------------------------


def check_option(question: QuestionLike, value: Any, report: Report) -> bool:
    """Whether a YAML operand is one of the question's option ids (reporting why not)."""
    options = question.option_ids
    if isinstance(value, bool):
        report(f"{value!r} is a YAML boolean; write the option id ({', '.join(options)}), "
               "quoted if need be")
        return False
    if not isinstance(value, str) or value not in options:
        report(f'"{value}" is not an option of "{question.id}" ({", ".join(options)})'
               + did_you_mean(value, options))
        return False
    return True


def option_labels(question: QuestionLike, values: Any) -> str:
    items = (sorted(values, key=question.option_ids.index) if not isinstance(values, str)
             else [values])
    return ", ".join(f"“{question.option_label(v)}”" for v in items)


def open_answer(value: Any) -> bool:
    """No answer, or "don't know"."""
    return is_unknown(value)
