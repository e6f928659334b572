"""The playground's Python side: each function takes the panel's text and returns a JSON answer.

The page runs this file in Pyodide after unpacking querykit's and lark's wheels. It calls only
querykit's public API; every answer is a JSON object with ``ok`` and either the result or an
``error`` (``message``, ``line``, ``column`` and ``rendered``, the caret text the CLI prints).
"""

from __future__ import annotations

import json
from typing import Any

import querykit as qk
from querykit import appwrite, permissions


def _error(error: qk.QueryError, source: str | None) -> str:
    if source is not None:
        error.with_source(source)
    found = {"message": error.message, "line": error.line, "column": error.column, "rendered": error.render()}
    return json.dumps({"ok": False, "error": found})


def _lines(text: str) -> str | list[str]:
    """Pasted JSON: a JSON array as it is, else one query string a line."""
    stripped = text.strip()
    if stripped.startswith("["):
        return stripped
    return [line.strip() for line in text.splitlines() if line.strip()]


def compile_query(text: str, schema: str = "") -> str:
    """Query text to Appwrite JSON strings; with a collection JSON, the server's verdict too."""
    try:
        collection = appwrite.Collection.from_api(json.loads(schema)) if schema.strip() else None
    except json.JSONDecodeError as e:
        return json.dumps({"ok": False, "error": {"message": f"collection JSON: {e}", "rendered": str(e)}})
    except qk.QueryError as e:
        return _error(e, None)
    try:
        lines = qk.compile(text)
    except qk.QueryError as e:
        return _error(e, text)
    answer: dict[str, Any] = {"ok": True, "lines": lines}
    if collection is not None:
        verdict = appwrite.check_list_documents(lines, collection)
        answer["verdict"] = {
            "valid": verdict.valid,
            "status": verdict.status,
            "type": verdict.type,
            "message": verdict.message,
        }
        answer["diagnostics"] = [d.render(text) for d in qk.validate(qk.parse(text), schema=collection)]
    return json.dumps(answer)


def decompile_queries(text: str) -> str:
    """Appwrite JSON strings (one a line, or a JSON array) to query text."""
    try:
        return json.dumps({"ok": True, "text": qk.decompile(_lines(text))})
    except qk.QueryError as e:
        return _error(e, None)


def compile_permissions(text: str) -> str:
    """Permission text to Appwrite permission strings."""
    try:
        return json.dumps({"ok": True, "lines": permissions.compile(text)})
    except qk.QueryError as e:
        return _error(e, text)


def decompile_permissions(text: str) -> str:
    """Appwrite permission strings (one a line, or a JSON array) to permission text."""
    try:
        return json.dumps({"ok": True, "text": permissions.decompile(_lines(text))})
    except qk.QueryError as e:
        return _error(e, None)
