"""Appwrite's update operators as text: ``views += 1, tags append ["sale"], updated = now``.

An update is a list of assignments, optionally followed by ``where`` and a query of the query
language. Compiling it gives the request the Appwrite SDK sends: ``data`` (operators as the
SDK's JSON strings, byte for byte; plain values as JSON values) and the query strings of
``where``. The operator catalog is :mod:`querykit.update.catalog`; the AST is
:mod:`querykit.update.nodes`; the reference is ``docs/updates.md``.

>>> from querykit import update
>>> update.compile("views += 1, stock -= 2 min 0").data["stock"]
'{"method":"decrement","values":[2,0]}'
>>> update.decompile({"tags": '{"method":"arrayFilter","values":["greaterThan",5]}'})
'tags keep > 5'
>>> update.read_operator('{"method":"toggle","attribute":"","values":[]}')
Operation(method='toggle', values=())
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from querykit.update.catalog import OPERATORS, OperatorSpec
from querykit.update.codec import (
    compile,
    decompile,
    read_operator,
    read_update,
    reads_as_operator,
    to_request,
)
from querykit.update.formatting import format_update
from querykit.update.nodes import Assignment, Operation, Update, UpdateRequest
from querykit.update.parsing import parse

if TYPE_CHECKING:
    from querykit.update.application import UpdateError, apply
    from querykit.update.validation import validate

__all__ = [
    "OPERATORS",
    "Assignment",
    "Operation",
    "OperatorSpec",
    "Update",
    "UpdateError",
    "UpdateRequest",
    "apply",
    "compile",
    "decompile",
    "format",
    "parse",
    "read_operator",
    "read_update",
    "reads_as_operator",
    "to_request",
    "validate",
]

# Applying and validating an update need the server's checks, which load on first use.
_LAZY = {"apply": "application", "UpdateError": "application", "validate": "validation"}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'querykit.update' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"querykit.update.{module}"), name)
    globals()[name] = value
    return value


def format(update: Update, *, wrap: bool = True) -> str:
    """The canonical text of an update AST (see :func:`querykit.update.formatting.format_update`).

    >>> format(parse("SET a=1;b+=2"))
    'a = 1, b += 2'
    """
    return format_update(update, wrap=wrap)
