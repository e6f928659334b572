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

from querykit.update.catalog import OPERATORS, OperatorSpec
from querykit.update.nodes import Assignment, Operation, Update, UpdateRequest

__all__ = ["OPERATORS", "Assignment", "Operation", "OperatorSpec", "Update", "UpdateRequest"]
