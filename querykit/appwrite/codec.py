"""Appwrite JSON queries to the AST and back.

:func:`to_appwrite` emits exactly the bytes the official SDK helpers emit (key order
``method``, ``attribute``, ``values``; compact separators; non-ASCII escaped).
:func:`from_appwrite` reads the SDK's form and the server's ``toString`` form (``"values":[]``
on methods without values, ``\\/`` escapes), and rejects what it cannot represent with a
:class:`~querykit.errors.CodecError` that says why.

>>> from querykit.appwrite.codec import from_appwrite, to_appwrite
>>> q = from_appwrite('{"method":"orderAsc","attribute":"title","values":[]}')
>>> to_appwrite(q)
['{"method":"orderAsc","attribute":"title"}']
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from querykit.ast import (
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
    JsonObject,
    Limit,
    Node,
    Offset,
    On,
    Or,
    Order,
    OrderRandom,
    Query,
    Relationship,
    Select,
    Value,
    make_filter,
    make_query,
)
from querykit.errors import CodecError, LimitError, Span
from querykit.limits import DEFAULT_LIMITS, INT64_MAX, INT64_MIN, Limits
from querykit.methods import JOIN_OPERATORS, METHODS

__all__ = ["encode_node", "from_appwrite", "node_from_parts", "to_appwrite", "to_dict"]

_FILTERISH = frozenset({"filter", "spatial", "distance", "vector"})
_NESTED = frozenset({"and", "or", "elemMatch", "having", "relationship"})
_JOINS = frozenset({"join", "leftJoin", "rightJoin", "fullOuterJoin"})
_KEYS = frozenset({"method", "attribute", "values"})
_LONE_SURROGATE = re.compile("[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


# ----------------------------------------------------------------------------- building nodes


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


def from_appwrite(
    queries: str | bytes | dict[str, Any] | Sequence[str | bytes | dict[str, Any]],
    *,
    limits: Limits | None = DEFAULT_LIMITS,
) -> Query:
    """Read Appwrite queries into a :class:`~querykit.ast.Query`.

    ``queries`` is one JSON query string, a list of them, already-decoded objects, or a JSON
    array (as a string) of strings or objects. ``limits=None`` means the default limits.

    >>> from_appwrite(['{"method":"equal","attribute":"a","values":[1]}']).parts
    (<Filter a = 1>,)
    """
    if limits is None:
        limits = DEFAULT_LIMITS
    elif not isinstance(limits, Limits):
        raise TypeError(f"limits must be a querykit.Limits or None, not {type(limits).__name__}")
    if not isinstance(queries, (str, bytes, bytearray, dict, list, tuple)):
        raise TypeError(
            "queries must be a JSON query string, bytes, a decoded query (dict) or a list of them, "
            f"not {type(queries).__name__}"
        )
    reader = _READER if limits is DEFAULT_LIMITS else _Reader(limits)
    try:
        if isinstance(queries, (str, bytes, bytearray)):
            decoded = reader.loads(queries, None)
            items: Iterable[Any] = decoded if isinstance(decoded, list) else [decoded]
        elif isinstance(queries, dict):
            items = [queries]
        elif isinstance(queries, (list, tuple)):
            items = queries
        else:
            raise CodecError(f"expected query strings or objects, got {type(queries).__name__}")
        parts: list[Node] = []
        loads, node = reader.loads, reader.node
        for index, item in enumerate(items):
            if index >= limits.max_queries:
                raise LimitError(f"more than {limits.max_queries} queries")
            if type(item) is str or isinstance(item, (str, bytes, bytearray)):
                item = loads(item, index)
            parts.append(node(item, 0, index))
    except RecursionError:
        raise LimitError("the JSON is nested too deeply") from None
    return make_query(tuple(parts))


class _Reader:
    __slots__ = ("limits",)

    def __init__(self, limits: Limits) -> None:
        self.limits = limits

    def loads(self, text: str | bytes | bytearray, index: int | None) -> Any:
        if not isinstance(text, str):
            try:
                text = bytes(text).decode("utf-8")
            except UnicodeDecodeError as e:
                raise CodecError(f"{_where(index)}not valid UTF-8 (byte {e.start})") from None
        if len(text) > self.limits.max_length:
            raise LimitError(f"{_where(index)}longer than {self.limits.max_length} characters")
        try:
            try:
                # The SDK's strings have no surrounding blanks: skip the decoder's blank scans.
                value, end = _RAW_DECODE(text)
            except json.JSONDecodeError:
                end = -1
            if end != len(text):
                value = _DECODER.decode(text)
        except json.JSONDecodeError as e:
            where = _where(index)
            raise CodecError(
                f"{where}invalid JSON: {e.msg}",
                span=Span(e.pos, min(e.pos + 1, len(text))) if index is None else None,
                source=text if index is None else None,
            ) from None
        except ValueError as e:
            raise CodecError(f"{_where(index)}invalid JSON: {e}") from None
        if not text.isascii() and _SURROGATE.search(text) is not None:
            raise CodecError(f"{_where(index)}the text holds a lone surrogate code point")
        if "\\u" in text and holds_surrogate(value):
            raise CodecError(
                f"{_where(index)}a string holds a lone surrogate (\\uD800-\\uDFFF), which is not text"
            )
        return value

    def node(self, obj: Any, depth: int, index: int) -> Node:
        if type(obj) is dict and len(obj) == 3:
            # The common case, a filter on an attribute with scalar values, in one pass.
            method = obj.get("method")
            if method in _PLAIN_FILTERS:
                attribute = obj.get("attribute")
                raw = obj.get("values")
                if type(attribute) is str and type(raw) is list and len(raw) <= self.limits.max_items:
                    for v in raw:
                        kind = type(v)
                        if kind is str or kind is bool or v is None:
                            continue
                        if kind is int and INT64_MIN <= v <= INT64_MAX:
                            continue
                        if kind is float and v - v == 0.0:
                            continue
                        break
                    else:
                        return make_filter(method, attribute, tuple(raw))
        elif type(obj) is dict and len(obj) == 2:
            method = obj.get("method")
            if (method == "and" or method == "or") and depth < self.limits.max_depth:
                raw = obj.get("values")
                if type(raw) is list and 1 < len(raw) <= self.limits.max_items:
                    children = tuple([self.node(c, depth + 1, index) for c in raw])
                    _only_writable_in_filters(method, children, index)
                    return And(children) if method == "and" else Or(children)
            if method == "orderAsc" or method == "orderDesc":
                attribute = obj.get("attribute")
                if type(attribute) is str:
                    return Order(attribute, method == "orderDesc")
            elif method == "cursorAfter" or method == "cursorBefore":
                raw = obj.get("values")
                if type(raw) is list and len(raw) == 1 and type(raw[0]) is str:
                    return Cursor(raw[0], method == "cursorBefore")
            elif method == "select":
                raw = obj.get("values")
                if (
                    type(raw) is list
                    and len(raw) <= self.limits.max_items
                    and all(type(v) is str for v in raw)
                ):
                    return Select(tuple(raw))
            elif method == "limit" or method == "offset":
                raw = obj.get("values")
                if (
                    type(raw) is list
                    and len(raw) == 1
                    and type(raw[0]) is int
                    and INT64_MIN <= raw[0] <= INT64_MAX
                ):
                    return Limit(raw[0]) if method == "limit" else Offset(raw[0])
        if depth > self.limits.max_depth:
            raise LimitError(f"query {index}: queries nested deeper than {self.limits.max_depth}")
        if not isinstance(obj, dict):
            raise CodecError(f"query {index}: expected a query object, got {_json_type(obj)}")
        method = obj.get("method")
        if not isinstance(method, str):
            raise CodecError(f"query {index}: `method` must be a string, got {_json_type(method)}")
        if len(obj) > 3 or not _KEYS.issuperset(obj):
            extra = sorted(set(obj) - _KEYS)
            raise CodecError(f"query {index}: unknown key {extra[0]!r} in a {method} query")
        attribute = obj.get("attribute")
        if attribute is not None and not isinstance(attribute, str):
            raise CodecError(f"query {index}: `attribute` must be a string, got {_json_type(attribute)}")
        raw = obj.get("values")
        if raw is not None and not isinstance(raw, list):
            raise CodecError(f"query {index}: `values` must be an array, got {_json_type(raw)}")
        if raw is not None and len(raw) > self.limits.max_items:
            raise LimitError(f"query {index}: more than {self.limits.max_items} values")
        if method in _NESTED:
            return self.nested(method, attribute, raw, depth, index)
        if method in _JOINS and raw and any(isinstance(v, dict) for v in raw):
            return self.nested_join(method, attribute, raw, depth, index)
        values = None if raw is None else tuple([self.value(v, depth + 1, index) for v in raw])
        # The server reads a missing attribute as "" and missing values as []; each method gets the
        # spelling its SDK helper uses, so that every query read here has one text form.
        row = METHODS.get(method)
        if row is None:
            if values == ():
                values = None
        else:
            if row.attribute == "none" and attribute is not None:
                if attribute != "":
                    raise CodecError(f"query {index}: a {method} query takes no attribute, got {attribute!r}")
                attribute = None
            if row.has_values_key:
                if values is None:
                    values = ()
            elif values == ():
                values = None
        return node_from_parts(method, attribute, values)

    def nested(
        self, method: str, attribute: str | None, raw: list[Any] | None, depth: int, index: int
    ) -> Node:
        children = tuple([self.node(c, depth + 1, index) for c in (raw or ())])
        if method != "relationship":
            _only_writable_in_filters(method, children, index)
        if method in ("and", "or"):
            if attribute:
                raise CodecError(f"query {index}: an {method} query takes no attribute")
            if len(children) < 2:
                raise CodecError(
                    f"query {index}: an {method} query needs at least two queries to be written as text "
                    f"(the server rejects it too)"
                )
            return And(children) if method == "and" else Or(children)
        if method == "having":
            if attribute:
                raise CodecError(f"query {index}: a having query takes no attribute")
            return Having(children)
        if attribute is None:
            raise CodecError(f"query {index}: an {method} query needs an attribute")
        if method == "elemMatch":
            return ElemMatch(attribute, children)
        return Relationship(attribute, children)

    def nested_join(self, method: str, table: str | None, raw: list[Any], depth: int, index: int) -> Node:
        if table is None:
            raise CodecError(f"query {index}: a {method} query needs the table as its attribute")
        alias: str | None = None
        rest = raw
        if isinstance(raw[0], str):
            alias, rest = raw[0], raw[1:]
            if alias == "":
                raise CodecError(f"query {index}: a join alias cannot be empty")
        conditions: list[On] = []
        for item in rest:
            node = self.node(item, depth + 1, index)
            if not isinstance(node, On):
                raise CodecError(
                    f"query {index}: a {method} query holds `on` conditions only, found {node.method}"
                )
            conditions.append(node)
        if not conditions:
            raise CodecError(f"query {index}: a {method} query needs at least one condition")
        return Join(method, table, tuple(conditions), alias, True)  # type: ignore[arg-type]

    def value(self, v: Any, depth: int, index: int) -> Value:
        if isinstance(v, str):
            return v
        if isinstance(v, bool) or v is None:
            return v
        if isinstance(v, int):
            if INT64_MIN <= v <= INT64_MAX:
                return v
            raise LimitError(f"query {index}: the integer {v} does not fit in 64 bits")
        if isinstance(v, float):
            if math.isfinite(v):
                return v
            raise CodecError(f"query {index}: the number {v} is out of range")
        if depth > self.limits.max_depth:
            raise LimitError(f"query {index}: values nested deeper than {self.limits.max_depth}")
        if isinstance(v, list):
            if len(v) > self.limits.max_items:
                raise LimitError(f"query {index}: more than {self.limits.max_items} values in a list")
            return tuple([self.value(x, depth + 1, index) for x in v])
        if isinstance(v, dict):
            return JsonObject(tuple([(k, self.value(x, depth + 1, index)) for k, x in v.items()]))
        raise CodecError(f"query {index}: unsupported value of type {type(v).__name__}")


def _only_writable_in_filters(method: str, children: tuple[Node, ...], index: int) -> None:
    """Inside ``and``, ``or``, ``has`` and ``having`` the text form holds expressions only."""
    for child in children:
        if isinstance(child, (Having, Relationship)) or (isinstance(child, Join) and child.nested):
            raise CodecError(
                f"query {index}: a {child.method} query inside {method} has no text form "
                f"(the server accepts only filters there)"
            )


def reject_json_constant(name: str) -> Any:
    """``parse_constant`` for ``json``: NaN and the infinities are not JSON (Python accepts them)."""
    raise ValueError(f"{name} is not valid JSON")


_READER = _Reader(DEFAULT_LIMITS)
_DECODER = json.JSONDecoder(parse_constant=reject_json_constant)
_RAW_DECODE = _DECODER.raw_decode


def _where(index: int | None) -> str:
    return "" if index is None else f"query {index}: "


#: Filters whose values are plain scalars in the usual case (the fast path of the reader).
_PLAIN_FILTERS = frozenset(
    name for name, row in METHODS.items() if row.category == "filter" and row.attribute == "required"
)


def holds_surrogate(value: Any) -> bool:
    """Whether decoded JSON holds a lone surrogate in any string or key (``json`` joins the
    valid pairs, so any surrogate left is a lone one)."""
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            if _LONE_SURROGATE.search(v):
                return True
        elif isinstance(v, list):
            stack.extend(v)
        elif isinstance(v, dict):
            stack.extend(v.keys())
            stack.extend(v.values())
    return False


def _json_type(v: object) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "a boolean"
    if isinstance(v, (int, float)):
        return "a number"
    if isinstance(v, str):
        return "a string"
    if isinstance(v, list):
        return "an array"
    return "an object"


# ----------------------------------------------------------------------------- AST -> JSON


def to_dict(node: Node) -> dict[str, Any]:
    """The query as the JSON object the SDK would build (tuples stand for arrays).

    >>> to_dict(Limit(5))
    {'method': 'limit', 'values': [5]}
    """
    encoder = _ENCODERS.get(type(node))
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


_ENCODERS: dict[type[Node], Callable[[Any], dict[str, Any]]] = {
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


def _default(o: object) -> object:
    if isinstance(o, JsonObject):
        return o.to_dict()
    raise TypeError(f"cannot encode {type(o).__name__}")


_dumps = json.JSONEncoder(separators=(",", ":"), allow_nan=False, default=_default).encode


def encode_node(node: Node) -> str:
    """One node as the SDK's JSON string.

    >>> encode_node(Filter("isNull", "a"))
    '{"method":"isNull","attribute":"a"}'
    """
    try:
        return _dumps(to_dict(node))
    except ValueError as e:  # NaN or infinity in a hand-built node
        raise CodecError(f"cannot encode {node.method}: {e}") from None
    except RecursionError:
        raise LimitError("the query is nested too deeply to encode") from None
    except TypeError as e:
        raise CodecError(f"cannot encode {node.method}: {e}") from None


def to_appwrite(query: Query | Node | Iterable[Node] | str) -> list[str]:
    """The Appwrite JSON strings for ``query``, one per top-level query, byte-identical to the
    official SDK helpers' output. Query text is parsed first.

    >>> import querykit as qk
    >>> to_appwrite(qk.parse("a = 1 order by b desc"))
    ['{"method":"equal","attribute":"a","values":[1]}', '{"method":"orderDesc","attribute":"b"}']
    >>> to_appwrite("limit 1")
    ['{"method":"limit","values":[1]}']
    """
    if isinstance(query, str):
        from querykit import parse

        query = parse(query)
    elif not isinstance(query, (Query, Node, Iterable)):
        raise TypeError(
            "query must be query text (str), a querykit.Query, a querykit node or a list of nodes, "
            f"not {type(query).__name__}"
        )
    if isinstance(query, Node):
        return [encode_node(query)]
    parts = query.parts if isinstance(query, Query) else tuple(query)
    out = []
    for part in parts:
        if not isinstance(part, Node):
            raise TypeError(f"query must hold querykit nodes, not {type(part).__name__}")
        out.append(encode_node(part))
    return out
