"""The JSON Schema (draft 2020-12) of the JSON report, shipped as package data, and a validator.

Consumers can validate a report before trusting it (``claimcheck schema`` prints the schema); the
test suite validates what :meth:`Report.to_json` produces, so the schema and the model cannot
drift apart silently.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

import jsonschema


@cache
def _schema_text() -> str:
    return files("claimcheck.report").joinpath("schema.json").read_text(encoding="utf-8")


def load_schema() -> dict[str, Any]:
    """The schema document (a fresh copy: callers may modify it)."""
    schema: dict[str, Any] = json.loads(_schema_text())
    return schema


def validate(doc: Any) -> list[str]:
    """Every way ``doc`` breaks the schema, as ``path: message`` lines; empty when it is valid."""
    return _problems(load_schema(), doc)


def validate_line(line: Any) -> list[str]:
    """Every way one line of ``--format jsonl`` (parsed) breaks ``$defs/jsonl_line``."""
    from referencing import Registry, Resource

    schema = load_schema()
    # a reference into the report's schema, so that the line's own references resolve there
    registry: Registry[Any] = Registry().with_resource(
        schema["$id"], Resource.from_contents(schema)
    )
    return _problems({"$ref": f"{schema['$id']}#/$defs/jsonl_line"}, line, registry)


def _problems(schema: dict[str, Any], doc: Any, registry: Any = None) -> list[str]:
    extra = {"registry": registry} if registry is not None else {}
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER, **extra
    )
    problems = []
    for error in sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path))):
        where = "/".join(str(part) for part in error.absolute_path) or "(document)"
        problems.append(f"{where}: {error.message}")
    return problems
