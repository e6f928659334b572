"""A query's three wire parts (``method``, ``attribute``, ``values``) and the nodes they make.

Every reader builds nodes through :func:`node_from_parts` (the JSON codec, the text form's
generic call ``method(attribute, value, ...)``), and every writer takes a node apart through
:func:`to_dict`, so all of them agree on which parts make which node. Both read the method
catalog, :mod:`querykit.methods`.

>>> to_dict(node_from_parts("cursorAfter", None, ("doc1",)))
{'method': 'cursorAfter', 'values': ['doc1']}
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from querykit.errors import CodecError, Span
from querykit.methods import JOIN_OPERATORS, METHODS
from querykit.nodes import (
    Aggregate,
    And,
    Call,
    CrossJoin,
    Cursor,
    Distinct,
    ElemMatch,
    Filter,
    GroupBy,
    Having,
    Join,
    Limit,
    Node,
    Offset,
    On,
    Or,
    Order,
    OrderRandom,
    Relationship,
    Select,
    Value,
)

__all__ = ["ENCODERS", "node_from_parts", "to_dict"]

_FILTERISH = frozenset({"filter", "spatial", "distance", "vector"})


def node_from_parts(
    method: str,
    attribute: str | None,
    values: tuple[Value, ...] | None,
    span: Span | None = None,
) -> Node:
    """The canonical node for a query given as its three wire parts (values already decoded).

    Used by the JSON reader and by the text form's generic call, so both agree: a known method
    whose parts have the usual shape gets its typed node, anything else a :class:`Call`.

    >>> node_from_parts("limit", None, (10,)).fields_repr()
    'Limit(value=10)'
    >>> node_from_parts("limit", None, (10.0,)).fields_repr()
    "Call(method='limit', attribute=None, values=(10.0,))"
    """
    row = METHODS.get(method)
    if row is None:
        return Call(method, attribute, values, span=span)
    cat = row.category
    if cat in _FILTERISH:
        if row.attribute == "none":
            if attribute is None and values is not None:
                return Filter(method, "", values, span=span)
        elif attribute is not None:
            if values is None:
                if row.arity == "none":
                    return Filter(method, attribute, (), span=span)
            else:
                return Filter(method, attribute, values, span=span)
    elif cat == "select":
        if attribute is None and values is not None and _all_str(values):
            return Select(values, span=span)  # type: ignore[arg-type]
    elif cat == "group":
        if attribute is None and values is not None and _all_str(values):
            return GroupBy(values, span=span)  # type: ignore[arg-type]
    elif cat == "order":
        if not values:
            if method == "orderRandom":
                if attribute is None:
                    return OrderRandom(span=span)
            else:
                return Order(attribute, method == "orderDesc", span=span)
    elif cat in ("limit", "offset"):
        if attribute is None and values is not None and len(values) == 1 and _is_int(values[0]):
            n: int = values[0]  # type: ignore[assignment]
            return Limit(n, span=span) if cat == "limit" else Offset(n, span=span)
    elif cat == "cursor":
        if attribute is None and values is not None and len(values) == 1 and isinstance(values[0], str):
            return Cursor(values[0], method == "cursorBefore", span=span)
    elif cat == "aggregate":
        if attribute is not None:
            if values is None:
                return Aggregate(method, attribute, None, span=span)
            if len(values) == 1 and isinstance(values[0], str) and values[0] != "":
                return Aggregate(method, attribute, values[0], span=span)
    elif cat == "distinct":
        if attribute is None and values is None:
            return Distinct(span=span)
    elif cat == "on":
        if attribute is None and values is not None and _is_on(values):
            return On(values[0], values[1], values[2], span=span)  # type: ignore[arg-type]
    elif cat == "join":
        if method == "crossJoin":
            if attribute is not None:
                if values is None:
                    return CrossJoin(attribute, None, span=span)
                if len(values) == 1 and isinstance(values[0], str) and values[0] != "":
                    return CrossJoin(attribute, values[0], span=span)
        elif attribute is not None and values is not None:
            simple = values[:3]
            alias = values[3] if len(values) == 4 else None
            if len(values) in (3, 4) and _is_on(simple) and (len(values) == 3 or _nonempty_str(alias)):
                on = On(simple[0], simple[1], simple[2], span=span)  # type: ignore[arg-type]
                return Join(method, attribute, (on,), alias, False, span=span)  # type: ignore[arg-type]
    return Call(method, attribute, values, span=span)


def _all_str(values: tuple[Value, ...]) -> bool:
    return all(isinstance(v, str) for v in values)


def _is_int(v: object) -> bool:
    return type(v) is int


def _nonempty_str(v: object) -> bool:
    return isinstance(v, str) and v != ""


def _is_on(values: tuple[Value, ...]) -> bool:
    return len(values) == 3 and _all_str(values) and values[1] in JOIN_OPERATORS


# ----------------------------------------------------------------------------- JSON -> AST


def to_dict(node: Node) -> dict[str, Any]:
    """The query as the JSON object the SDK would build (tuples stand for arrays).

    >>> to_dict(Limit(5))
    {'method': 'limit', 'values': [5]}
    """
    encoder = ENCODERS.get(type(node))
    if encoder is None:
        raise CodecError(f"cannot encode {type(node).__name__}")
    return encoder(node)


def _filter(n: Filter) -> dict[str, Any]:
    row = METHODS.get(n.method)
    if row is not None and row.attribute == "none" and n.attribute == "":
        d: dict[str, Any] = {"method": n.method}
    else:
        d = {"method": n.method, "attribute": n.attribute}
    if n.values or row is None or row.arity != "none":
        d["values"] = n.values
    return d


def _children(nodes: tuple[Node, ...]) -> list[dict[str, Any]]:
    return [to_dict(c) for c in nodes]


def _join(n: Join) -> dict[str, Any]:
    if n.nested:
        values: list[Any] = [] if n.alias is None else [n.alias]
        values.extend(_children(n.conditions))
    else:
        if len(n.conditions) != 1:
            raise CodecError("a join in the simple form has exactly one condition")
        c = n.conditions[0]
        values = [c.left, c.operator, c.right]
        if n.alias is not None:
            values.append(n.alias)
    return {"method": n.method, "attribute": n.table, "values": values}


def _call(n: Call) -> dict[str, Any]:
    d: dict[str, Any] = {"method": n.method}
    if n.attribute is not None:
        d["attribute"] = n.attribute
    if n.values is not None:
        d["values"] = n.values
    return d


def _with_alias(method: str, attribute: str, alias: str | None) -> dict[str, Any]:
    d: dict[str, Any] = {"method": method, "attribute": attribute}
    if alias is not None:
        d["values"] = [alias]
    return d


def _order(n: Order) -> dict[str, Any]:
    if n.attribute is None:
        return {"method": n.method}
    return {"method": n.method, "attribute": n.attribute}


#: How each node class becomes its JSON object (a test checks every node class is here).
ENCODERS: dict[type[Node], Callable[[Any], dict[str, Any]]] = {
    Filter: _filter,
    And: lambda n: {"method": "and", "values": _children(n.children)},
    Or: lambda n: {"method": "or", "values": _children(n.children)},
    ElemMatch: lambda n: {"method": "elemMatch", "attribute": n.attribute, "values": _children(n.children)},
    Select: lambda n: {"method": "select", "values": n.attributes},
    Order: _order,
    OrderRandom: lambda n: {"method": "orderRandom"},
    Limit: lambda n: {"method": "limit", "values": [n.value]},
    Offset: lambda n: {"method": "offset", "values": [n.value]},
    Cursor: lambda n: {"method": n.method, "values": [n.id]},
    Aggregate: lambda n: _with_alias(n.method, n.attribute, n.alias),
    Distinct: lambda n: {"method": "distinct"},
    GroupBy: lambda n: {"method": "groupBy", "values": n.attributes},
    Having: lambda n: {"method": "having", "values": _children(n.children)},
    On: lambda n: {"method": "on", "values": [n.left, n.operator, n.right]},
    Join: _join,
    CrossJoin: lambda n: _with_alias("crossJoin", n.table, n.alias),
    Relationship: lambda n: {
        "method": "relationship",
        "attribute": n.attribute,
        "values": _children(n.children),
    },
    Call: _call,
}
