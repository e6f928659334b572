"""Appwrite's update operators as text: ``views += 1, tags append ["sale"], updated = now``.

An update is a list of assignments, optionally followed by ``where`` and a query; compiling it
gives the ``data`` object the Appwrite SDK sends (operators as the SDK's JSON strings, byte for
byte) and the query strings of ``where``. The operator catalog is :mod:`querykit.update.catalog`;
the AST is :mod:`querykit.update.nodes`.

>>> from querykit.update.nodes import Operation
>>> str(Operation("arrayAppend", ("sale",)))
'{"method":"arrayAppend","values":["sale"]}'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from querykit.update.catalog import OPERATORS, OperatorSpec
from querykit.update.nodes import Assignment, Operation, Update, UpdateRequest

if TYPE_CHECKING:
    from querykit.update.application import UpdateError, apply

__all__ = [
    "OPERATORS",
    "Assignment",
    "Operation",
    "OperatorSpec",
    "Update",
    "UpdateError",
    "UpdateRequest",
    "apply",
]

# Applying an update needs the server's checks, which load on first use.
_LAZY = {"apply": "application", "UpdateError": "application"}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'querykit.update' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"querykit.update.{module}"), name)
    globals()[name] = value
    return value
