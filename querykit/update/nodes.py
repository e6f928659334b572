"""The update AST: assignments, operations and the optional query of a bulk update.

Like :mod:`querykit.ast`, each node is a frozen, slotted dataclass whose ``span`` (where it
came from in source text) takes no part in equality. Values are the query AST's values
(:data:`querykit.ast.Value`): ``str``, ``int``, ``float``, ``bool``, ``None``, tuples for JSON
arrays and :class:`querykit.ast.JsonObject` for JSON objects.

>>> op = Operation("increment", (5, 100))
>>> str(op)
'{"method":"increment","values":[5,100]}'
>>> op.spec.text
'a += n [max m]'
>>> Assignment("views", op) == Assignment("views", Operation("increment", (5, 100)))
True
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from querykit.ast import Value, to_json_value
from querykit.errors import CodecError, Span
from querykit.update.catalog import OPERATORS, OperatorSpec

if TYPE_CHECKING:
    from querykit.ast import Query

__all__ = ["Assignment", "Operation", "Update", "UpdateRequest", "encode_operation"]

_SPAN = field(default=None, compare=False, hash=False, repr=False)


def encode_operation(method: str, values: tuple[Value, ...] | None) -> str:
    """The operator's JSON string exactly as the SDK writes it: compact, keys ``method`` then
    ``values`` (left out when ``values`` is ``None``), non-ASCII as ``\\uXXXX``.

    >>> encode_operation("arrayAppend", ("é",))
    '{"method":"arrayAppend","values":["\\\\u00e9"]}'
    >>> encode_operation("arrayAppend", None)
    '{"method":"arrayAppend"}'
    """
    obj: dict[str, object] = {"method": method}
    if values is not None:
        obj["values"] = [to_json_value(v) for v in values]
    try:
        return json.dumps(obj, separators=(",", ":"), allow_nan=False)
    except (ValueError, TypeError, RecursionError) as e:
        raise CodecError(f"the operator {method!r} holds values that are not JSON: {e}") from None


@dataclass(frozen=True, slots=True)
class Operation:
    """One update operator: its wire ``method`` and its ``values``.

    ``values`` is ``None`` when the JSON has no ``values`` key (the server reads that as
    ``[]``). ``str()`` is the SDK's string for it.
    """

    method: str
    values: tuple[Value, ...] | None = ()
    span: Span | None = _SPAN

    @property
    def spec(self) -> OperatorSpec | None:
        """The catalog row of the method, or ``None`` for a method Appwrite does not know."""
        return OPERATORS.get(self.method)

    def __str__(self) -> str:
        return encode_operation(self.method, self.values)

    def to_dict(self) -> dict[str, object]:
        """The operator as the JSON object the SDK encodes.

        >>> Operation("toggle").to_dict()
        {'method': 'toggle', 'values': []}
        """
        out: dict[str, object] = {"method": self.method}
        if self.values is not None:
            out["values"] = [to_json_value(v) for v in self.values]
        return out


@dataclass(frozen=True, slots=True)
class Assignment:
    """``attribute`` gets ``value``: a plain value, or an :class:`Operation` the server applies."""

    attribute: str
    value: Value | Operation
    span: Span | None = _SPAN

    @property
    def operation(self) -> Operation | None:
        """The operation, or ``None`` for a plain value.

        >>> Assignment("a", 1).operation is None
        True
        """
        return self.value if isinstance(self.value, Operation) else None


@dataclass(frozen=True, slots=True)
class Update:
    """A whole update: the assignments in source order, and the query of ``where`` (``None``
    without one)."""

    assignments: tuple[Assignment, ...] = ()
    query: Query | None = None
    span: Span | None = _SPAN

    def __len__(self) -> int:
        return len(self.assignments)


@dataclass(frozen=True, slots=True)
class UpdateRequest:
    """What the SDK sends for an update: ``data`` (operators as their JSON strings, plain values
    as JSON values) and ``queries`` (the query strings of ``where``; empty without one).

    >>> UpdateRequest({"views": str(Operation("increment", (1,)))}).data
    {'views': '{"method":"increment","values":[1]}'}
    """

    data: dict[str, object]
    queries: list[str] = field(default_factory=list)
