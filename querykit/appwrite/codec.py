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
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from querykit.ast import (
    And,
    Cursor,
    ElemMatch,
    Filter,
    Having,
    Join,
    JsonObject,
    Limit,
    Node,
    Offset,
    On,
    Or,
    Order,
    Query,
    Relationship,
    Select,
    Value,
    make_filter,
    make_query,
)
from querykit.errors import CodecError, LimitError, Span
from querykit.jsondata import SURROGATE, holds_surrogate, reject_json_constant
from querykit.limits import DEFAULT_LIMITS, INT64_MAX, INT64_MIN, Limits
from querykit.methods import METHODS
from querykit.valueclasses import slot_setters
from querykit.wireparts import node_from_parts, to_dict

__all__ = ["encode_node", "from_appwrite", "node_from_parts", "to_appwrite", "to_dict"]

_FILTERISH = frozenset({"filter", "spatial", "distance", "vector"})
_NESTED = frozenset({"and", "or", "elemMatch", "having", "relationship"})
_JOINS = frozenset({"join", "leftJoin", "rightJoin", "fullOuterJoin"})
_KEYS = frozenset({"method", "attribute", "values"})


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
    if limits is DEFAULT_LIMITS or limits is None:
        limits = DEFAULT_LIMITS
        reader = _READER
    elif isinstance(limits, Limits):
        reader = _Reader(limits)
    else:
        raise TypeError(f"limits must be a querykit.Limits or None, not {type(limits).__name__}")
    if type(queries) is not list and not isinstance(queries, (str, bytes, bytearray, dict, list, tuple)):
        raise TypeError(
            "queries must be a JSON query string, bytes, a decoded query (dict) or a list of them, "
            f"not {type(queries).__name__}"
        )
    try:
        if type(queries) is list:
            items: Iterable[Any] = queries
        elif isinstance(queries, (str, bytes, bytearray)):
            decoded = reader.loads(queries, None)
            items = decoded if isinstance(decoded, list) else [decoded]
        elif isinstance(queries, dict):
            items = [queries]
        elif isinstance(queries, (list, tuple)):
            items = queries
        else:
            raise CodecError(f"expected query strings or objects, got {type(queries).__name__}")
        parts: list[Node] = []
        max_queries, max_length = limits.max_queries, limits.max_length
        index = -1
        for item in items:
            index += 1
            if index >= max_queries:
                raise LimitError(f"more than {max_queries} queries")
            if type(item) is str:
                # The usual string (plain ASCII JSON, no escapes to check) decoded here; any
                # other goes through the reader's checks, which decode it again.
                end = -1
                if len(item) <= max_length:
                    try:
                        value, end = _SCAN(item, 0)
                    except (StopIteration, ValueError):
                        end = -1
                if end == len(item) and item.isascii() and "\\u" not in item:
                    item = value
                else:
                    item = reader.loads(item, index)
            elif isinstance(item, (str, bytes, bytearray)):
                item = reader.loads(item, index)
            parts.append(reader.node(item, 0, index))
    except RecursionError:
        raise LimitError("the JSON is nested too deeply") from None
    return make_query(tuple(parts))


class _Reader:
    __slots__ = ("limits", "max_depth", "max_items")

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.max_items = limits.max_items
        self.max_depth = limits.max_depth

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
                # The SDK's strings have no surrounding blanks: skip the decoder's blank scans
                # (and its raw_decode, which only turns StopIteration into an error).
                value, end = _SCAN(text, 0)
            except (StopIteration, json.JSONDecodeError):
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
        if not text.isascii() and SURROGATE.search(text) is not None:
            raise CodecError(f"{_where(index)}the text holds a lone surrogate code point")
        if "\\u" in text and holds_surrogate(value):
            raise CodecError(
                f"{_where(index)}a string holds a lone surrogate (\\uD800-\\uDFFF), which is not text"
            )
        return value

    def node(self, obj: Any, depth: int, index: int) -> Node:
        if type(obj) is dict and len(obj) == 3:
            # The common case, a filter on an attribute with scalar values, in one pass.
            try:
                method = obj["method"]
                attribute = obj["attribute"]
                raw = obj["values"]
            except KeyError:  # another key: the general reading below says which
                method = None
            if (
                method in _PLAIN_FILTERS
                and type(attribute) is str
                and type(raw) is list
                and len(raw) <= self.max_items
            ):
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
            if (method == "and" or method == "or") and depth < self.max_depth:
                raw = obj.get("values")
                if type(raw) is list and 1 < len(raw) <= self.max_items:
                    read = self.node
                    children = tuple([read(c, depth + 1, index) for c in raw])
                    for child in children:
                        if type(child) is not Filter:
                            _only_writable_in_filters(method, children, index)
                            break
                    return _and(children) if method == "and" else _or(children)
            if method == "orderAsc" or method == "orderDesc":
                attribute = obj.get("attribute")
                if type(attribute) is str:
                    return _order(attribute, method == "orderDesc")
            elif method == "cursorAfter" or method == "cursorBefore":
                raw = obj.get("values")
                if type(raw) is list and len(raw) == 1 and type(raw[0]) is str:
                    return _cursor(raw[0], method == "cursorBefore")
            elif method == "select":
                raw = obj.get("values")
                if type(raw) is list and len(raw) <= self.max_items and all(type(v) is str for v in raw):
                    return _select(tuple(raw))
            elif method == "limit" or method == "offset":
                raw = obj.get("values")
                if (
                    type(raw) is list
                    and len(raw) == 1
                    and type(raw[0]) is int
                    and INT64_MIN <= raw[0] <= INT64_MAX
                ):
                    return _limit(raw[0]) if method == "limit" else _offset(raw[0])
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


# The other nodes of the fast paths, built past their ``__init__`` (which sets each field through
# ``object.__setattr__``), as :func:`querykit.ast.make_filter` builds filters.
_new = object.__new__


_AND_CHILDREN, _AND_SPAN = slot_setters(And, "children", "span")
_OR_CHILDREN, _OR_SPAN = slot_setters(Or, "children", "span")
_ORDER_ATTRIBUTE, _ORDER_DESCENDING, _ORDER_SPAN = slot_setters(Order, "attribute", "descending", "span")
_CURSOR_ID, _CURSOR_BEFORE, _CURSOR_SPAN = slot_setters(Cursor, "id", "before", "span")
_SELECT_ATTRIBUTES, _SELECT_SPAN = slot_setters(Select, "attributes", "span")
_LIMIT_VALUE, _LIMIT_SPAN = slot_setters(Limit, "value", "span")
_OFFSET_VALUE, _OFFSET_SPAN = slot_setters(Offset, "value", "span")


def _and(children: tuple[Node, ...]) -> And:
    node: And = _new(And)
    _AND_CHILDREN(node, children)
    _AND_SPAN(node, None)
    return node


def _or(children: tuple[Node, ...]) -> Or:
    node: Or = _new(Or)
    _OR_CHILDREN(node, children)
    _OR_SPAN(node, None)
    return node


def _order(attribute: str, descending: bool) -> Order:
    node: Order = _new(Order)
    _ORDER_ATTRIBUTE(node, attribute)
    _ORDER_DESCENDING(node, descending)
    _ORDER_SPAN(node, None)
    return node


def _cursor(document: str, before: bool) -> Cursor:
    node: Cursor = _new(Cursor)
    _CURSOR_ID(node, document)
    _CURSOR_BEFORE(node, before)
    _CURSOR_SPAN(node, None)
    return node


def _select(attributes: tuple[str, ...]) -> Select:
    node: Select = _new(Select)
    _SELECT_ATTRIBUTES(node, attributes)
    _SELECT_SPAN(node, None)
    return node


def _limit(value: int) -> Limit:
    node: Limit = _new(Limit)
    _LIMIT_VALUE(node, value)
    _LIMIT_SPAN(node, None)
    return node


def _offset(value: int) -> Offset:
    node: Offset = _new(Offset)
    _OFFSET_VALUE(node, value)
    _OFFSET_SPAN(node, None)
    return node


_READER = _Reader(DEFAULT_LIMITS)
_DECODER = json.JSONDecoder(parse_constant=reject_json_constant)
_SCAN: Callable[[str, int], tuple[Any, int]] = _DECODER.scan_once  # type: ignore[attr-defined]


def _where(index: int | None) -> str:
    return "" if index is None else f"query {index}: "


#: Filters whose values are plain scalars in the usual case (the fast path of the reader).
_PLAIN_FILTERS = frozenset(
    name for name, row in METHODS.items() if row.category == "filter" and row.attribute == "required"
)


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


def _default(o: object) -> object:
    if isinstance(o, JsonObject):
        return o.to_dict()
    raise TypeError(f"cannot encode {type(o).__name__}")


_dumps = json.JSONEncoder(separators=(",", ":"), allow_nan=False, default=_default).encode


#: How the encoder above writes a string (the same function).
_escape = json.encoder.encode_basestring_ascii
_float_repr = float.__repr__
_NON_FINITE = frozenset({"nan", "inf", "-inf"})


def _float_json(value: float) -> str:
    text = _float_repr(value)
    if text in _NON_FINITE:
        raise ValueError(text)  # the encoder above says why
    return text


#: The JSON of a scalar value, by its exact type, as the encoder above writes it.
_SCALAR_JSON: dict[type, Callable[[Any], str]] = {
    str: _escape,
    int: int.__repr__,
    float: _float_json,
    bool: {True: "true", False: "false"}.__getitem__,
    type(None): lambda _: "null",
}

#: The start of a filter's JSON, up to the attribute, for the methods whose filters always
#: write their attribute and their values.
_FILTER_HEADS = {
    name: '{"method":' + _escape(name) + ',"attribute":'
    for name, row in METHODS.items()
    if row.category in _FILTERISH and row.attribute != "none" and row.arity != "none"
}
#: The same, up to the attribute's end, for the methods whose filters write no values key when
#: they have no values (``isNull``, ``isNotNull``).
_BARE_FILTER_HEADS = {
    name: '{"method":' + _escape(name) + ',"attribute":'
    for name, row in METHODS.items()
    if row.category in _FILTERISH and row.attribute != "none" and row.arity == "none"
}
#: Nesting beyond which :func:`_common_json` leaves a node to the encoder above.
_COMMON_DEPTH = 8


def _common_json(node: Node, depth: int) -> str:
    """The JSON string of the common nodes (filters of plain values, their ``and``/``or``,
    ``select``, ``order``, ``limit``, ``offset``, cursors), written directly: what
    ``_dumps(to_dict(node))`` writes. Raises for anything else, or any doubt (an exception of
    any kind), and the caller then asks the encoder above."""
    cls = node.__class__
    if cls is Filter:
        attribute = node.attribute  # type: ignore[attr-defined]
        values = node.values  # type: ignore[attr-defined]
        if attribute.__class__ is not str or values.__class__ is not tuple:
            raise TypeError
        if len(values) == 1:
            value = values[0]
            written = _SCALAR_JSON[value.__class__](value)
        elif not values and node.method in _BARE_FILTER_HEADS:
            return f"{_BARE_FILTER_HEADS[node.method]}{_escape(attribute)}}}"
        else:
            written = ",".join([_SCALAR_JSON[v.__class__](v) for v in values])
        return f'{_FILTER_HEADS[node.method]}{_escape(attribute)},"values":[{written}]}}'
    if cls is And or cls is Or:
        children = node.children
        if depth >= _COMMON_DEPTH or children.__class__ is not tuple:
            raise TypeError
        depth += 1
        written = ",".join([_common_json(child, depth) for child in children])
        return f'{{"method":"{node.method}","values":[{written}]}}'
    if cls is Order:
        attribute = node.attribute  # type: ignore[attr-defined]
        if attribute is None:
            return f'{{"method":{_escape(node.method)}}}'
        if attribute.__class__ is not str:
            raise TypeError
        return f'{{"method":{_escape(node.method)},"attribute":{_escape(attribute)}}}'
    if cls is Limit or cls is Offset:
        value = node.value  # type: ignore[attr-defined]
        if value.__class__ is not int:
            raise TypeError
        return f'{{"method":"{node.method}","values":[{int.__repr__(value)}]}}'
    if cls is Select:
        attributes = node.attributes  # type: ignore[attr-defined]
        if attributes.__class__ is not tuple:
            raise TypeError
        return f'{{"method":"select","values":[{",".join([_escape(a) for a in attributes])}]}}'
    if cls is Cursor:
        return f'{{"method":{_escape(node.method)},"values":[{_escape(node.id)}]}}'  # type: ignore[attr-defined]
    raise TypeError


def encode_node(node: Node) -> str:
    """One node as the SDK's JSON string.

    >>> from querykit.ast import Filter
    >>> encode_node(Filter("isNull", "a"))
    '{"method":"isNull","attribute":"a"}'
    """
    try:
        return _common_json(node, 0)
    except Exception:  # anything uncommon: the encoder says what it makes of it
        return _encode(node)


def _encode(node: Node) -> str:
    """:func:`encode_node` by the general encoder."""
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
    parts = query.parts if query.__class__ is Query else _parts(query)
    out = []
    for part in parts:
        try:
            out.append(_common_json(part, 0))
        except Exception:  # anything uncommon: the encoder says what it makes of it
            if not isinstance(part, Node):
                raise TypeError(f"query must hold querykit nodes, not {type(part).__name__}") from None
            out.append(_encode(part))
    return out


def _parts(query: Query | Node | Iterable[Node] | str) -> Sequence[Node]:
    """The top-level nodes :func:`to_appwrite` encodes (query text is parsed first)."""
    if isinstance(query, str):
        from querykit import parse

        query = parse(query)
    elif not isinstance(query, (Query, Node, Iterable)):
        raise TypeError(
            "query must be query text (str), a querykit.Query, a querykit node or a list of nodes, "
            f"not {type(query).__name__}"
        )
    if isinstance(query, Node):
        return (query,)
    return query.parts if isinstance(query, Query) else tuple(query)  # type: ignore[arg-type]
