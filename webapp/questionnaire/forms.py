"""Forms built from the question bank: one form class per section, made when needed, and the
reading of a posted section page. Each question type (``engine.qtypes``) supplies its fields,
reads its posted value and re-fills the form."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Optional

from ..engine.compiling.resolver import Resolver
from ..engine.core.problems import AnswerError
from ..engine.loading.answers import normalise_value
from ..engine.loading.model import Section
from ..pagecache import LRU
from ..validators import plain_text

EVIDENCE_SUFFIX = "__evidence"


class NewAssessmentForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(message="Give the assessment a title."),
                                             plain_text(200)])
    assessor = StringField("Assessor (printed in the report)", validators=[Optional(),
                                                                           plain_text(120)])


@dataclass
class SectionInput:
    """A posted page merged into the stored answers; errors keyed by question id."""

    section: Section
    answers: dict[str, Any]
    evidence: dict[str, str]
    errors: dict[str, str]


class SectionForm(FlaskForm):
    """Base class of the generated section forms."""

    section: Section
    #: the version of each question when the page was loaded (JSON), to tell a stale page
    seen = HiddenField()

    def seen_versions(self) -> dict[str, int] | None:
        """The versions the page was loaded with; None when the post carries none."""
        try:
            data = json.loads(self.seen.data or "")
        except ValueError:
            return None
        if not isinstance(data, dict):
            return None
        return {str(k): v for k, v in data.items()
                if isinstance(v, int) and not isinstance(v, bool)}

    def read(self, stored: dict[str, Any], stored_evidence: dict[str, str],
             resolver: Resolver) -> SectionInput:
        """Merge the page's answers into the stored (clean) ones.

        A question that applies must be answered ("don't know" counts where offered). A
        question hidden by show_if needs no answer; whatever it holds is ignored by the engine.
        Answers with errors keep their stored value.
        """
        self.validate()  # runs the length checks of free-text and evidence fields
        answers, evidence = dict(stored), dict(stored_evidence)
        errors: dict[str, str] = {}
        for question in self.section.questions:
            value, error = question.kind.read_form(question, self)
            error = error or next(iter(self[question.id].errors), None)
            if error:
                errors[question.id] = error
            elif value is None:
                answers.pop(question.id, None)
            else:
                try:
                    answers[question.id] = normalise_value(question, value)
                except AnswerError as problem:
                    errors[question.id] = problem.detail[:1].upper() + problem.detail[1:] + "."
            note = self[question.id + EVIDENCE_SUFFIX]
            if note.errors:
                errors[question.id] = "The evidence note: " + note.errors[0]
            else:
                evidence[question.id] = (note.data or "").strip()
        applicable = resolver.resolve(answers).applicable
        for question in self.section.questions:
            if (question.kind.enumerable and question.id not in errors
                    and question.id not in answers and applicable.get(question.id) is True):
                errors[question.id] = question.kind.missing_message(question)
        order = [q.id for q in self.section.questions]
        errors = dict(sorted(errors.items(), key=lambda item: order.index(item[0])))
        for qid in errors:
            if qid in stored:
                answers[qid] = stored[qid]
            else:
                answers.pop(qid, None)
        return SectionInput(self.section, answers, evidence, errors)


#: the form class of each section, made once per worker (by the section object's identity)
_CLASSES = LRU(256)


def section_form_class(section: Section) -> type[SectionForm]:
    """A form class with the fields of every question and an evidence note for each."""
    made = _CLASSES.get(id(section))
    if made is None or made[0] is not section:
        made = (section, _make_form_class(section))
        _CLASSES.set(id(section), made)
    return made[1]


def _make_form_class(section: Section) -> type[SectionForm]:
    fields: dict[str, Any] = {"section": section}
    for question in section.questions:
        fields.update(question.kind.form_fields(question))
        fields[question.id + EVIDENCE_SUFFIX] = StringField(
            "Evidence (optional)", validators=[plain_text()],
            render_kw={"placeholder": "A note, a reference or a link"})
    return type(f"{section.id.title()}Form", (SectionForm,), fields)


def form_data_for(section: Section, answers: dict[str, Any], evidence: dict[str, str],
                  seen: dict[str, int] | None = None) -> dict[str, Any]:
    """Stored answers in the shape the section form displays, with the versions seen."""
    data: dict[str, Any] = {"seen": json.dumps(seen or {}, sort_keys=True)}
    for question in section.questions:
        data.update(question.kind.form_data(question, answers.get(question.id)))
        data[question.id + EVIDENCE_SUFFIX] = evidence.get(question.id, "")
    return data
