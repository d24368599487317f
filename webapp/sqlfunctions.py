"""SQL aggregates written out per database (SQLite and PostgreSQL), so that the queries
every page makes carry their constants in the statement's text and read an assessment's
answers and actions in the same query as the assessment."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, Text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class joined_with_commas(FunctionElement):  # noqa: N801 (named as SQL functions are)
    """The values of a group joined by commas: ``aggregate_strings`` with its separator in the
    statement's text, where SQLAlchemy would bind it anew at every execution."""

    type = String()
    name = "joined_with_commas"
    inherit_cache = True


@compiles(joined_with_commas)
def _string_agg(element: joined_with_commas, compiler: Any, **kw: Any) -> str:
    return f"string_agg({compiler.process(element.clauses, **kw)}, ',')"


@compiles(joined_with_commas, "sqlite")
def _group_concat(element: joined_with_commas, compiler: Any, **kw: Any) -> str:
    return f"group_concat({compiler.process(element.clauses, **kw)}, ',')"


class answers_json(FunctionElement):  # noqa: N801
    """Every answer row of the assessment whose id is given, as the text of one JSON array:
    ``[[question id, value, evidence, registry mark, version, row id], ...]`` ("[]" for none),
    values and marks as JSON, not as JSON text."""

    type = Text()
    name = "answers_json"
    inherit_cache = True


_ANSWER_COLUMNS = "r.question_id, {value}, r.evidence, {registry}, r.version, r.id"


def _rows_json(table: str, columns: str, element: Any, compiler: Any, sqlite: bool,
               **kw: Any) -> str:
    """The rows of ``table`` (as ``r``) of the assessment whose id is the element's argument,
    each as a JSON array of ``columns``, all as the text of one JSON array ("[]" for none)."""
    assessment_id = compiler.process(element.clauses, **kw)
    if sqlite:
        return (f"(SELECT json_group_array(json_array({columns})) "
                f"FROM {table} r WHERE r.assessment_id = {assessment_id})")
    return (f"(SELECT coalesce(json_agg(json_build_array({columns}))::text, '[]') "
            f"FROM {table} r WHERE r.assessment_id = {assessment_id})")


@compiles(answers_json)
def _answers_json_agg(element: answers_json, compiler: Any, **kw: Any) -> str:
    columns = _ANSWER_COLUMNS.format(value="r.value", registry="r.registry")
    return _rows_json("answer", columns, element, compiler, sqlite=False, **kw)


@compiles(answers_json, "sqlite")
def _answers_json_group_array(element: answers_json, compiler: Any, **kw: Any) -> str:
    columns = _ANSWER_COLUMNS.format(value="json(r.value)", registry="json(r.registry)")
    return _rows_json("answer", columns, element, compiler, sqlite=True, **kw)


class actions_json(FunctionElement):  # noqa: N801
    """The action plan of the assessment whose id is given, as the text of one JSON array:
    ``[[id, key, text, owner, due, status, reason], ...]`` ("[]" for none; ``due`` as ISO
    date text or null), in no particular order."""

    type = Text()
    name = "actions_json"
    inherit_cache = True


_ACTION_COLUMNS = "r.id, r.key, r.text, r.owner, r.due, r.status, r.reason"


@compiles(actions_json)
def _actions_json_agg(element: actions_json, compiler: Any, **kw: Any) -> str:
    return _rows_json("action", _ACTION_COLUMNS, element, compiler, sqlite=False, **kw)


@compiles(actions_json, "sqlite")
def _actions_json_group_array(element: actions_json, compiler: Any, **kw: Any) -> str:
    return _rows_json("action", _ACTION_COLUMNS, element, compiler, sqlite=True, **kw)
