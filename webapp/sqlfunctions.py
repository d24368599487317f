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


_COLUMNS = "a.question_id, {value}, a.evidence, {registry}, a.version, a.id"


@compiles(answers_json)
def _json_agg(element: answers_json, compiler: Any, **kw: Any) -> str:
    columns = _COLUMNS.format(value="a.value", registry="a.registry")
    return (f"(SELECT coalesce(json_agg(json_build_array({columns}))::text, '[]') "
            f"FROM answer a WHERE a.assessment_id = {compiler.process(element.clauses, **kw)})")


@compiles(answers_json, "sqlite")
def _json_group_array(element: answers_json, compiler: Any, **kw: Any) -> str:
    columns = _COLUMNS.format(value="json(a.value)", registry="json(a.registry)")
    return (f"(SELECT json_group_array(json_array({columns})) "
            f"FROM answer a WHERE a.assessment_id = {compiler.process(element.clauses, **kw)})")


class actions_json(FunctionElement):  # noqa: N801
    """The action plan of the assessment whose id is given, as the text of one JSON array:
    ``[[id, key, text, owner, due, status, reason], ...]`` ("[]" for none; ``due`` as ISO
    date text or null), in no particular order."""

    type = Text()
    name = "actions_json"
    inherit_cache = True


_ACTION_COLUMNS = "x.id, x.key, x.text, x.owner, x.due, x.status, x.reason"


@compiles(actions_json)
def _actions_json_agg(element: actions_json, compiler: Any, **kw: Any) -> str:
    return (f"(SELECT coalesce(json_agg(json_build_array({_ACTION_COLUMNS}))::text, '[]') "
            f"FROM action x WHERE x.assessment_id = {compiler.process(element.clauses, **kw)})")


@compiles(actions_json, "sqlite")
def _actions_json_group_array(element: actions_json, compiler: Any, **kw: Any) -> str:
    return (f"(SELECT json_group_array(json_array({_ACTION_COLUMNS})) "
            f"FROM action x WHERE x.assessment_id = {compiler.process(element.clauses, **kw)})")
