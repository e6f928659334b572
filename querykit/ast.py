"""The typed AST: the hub every front end produces and every back end reads.

Each node is a frozen, slotted dataclass. Values are plain Python scalars (``str``, ``int``,
``float``, ``bool``, ``None``), tuples for JSON arrays and :class:`JsonObject` for JSON
objects; ints and floats are kept apart (``1.0`` stays a float). Every node has a ``span``
(where it came from in source text) that takes no part in equality, so a round trip compares
meaning, not layout.

A whole query is a :class:`Query`: the list of top-level Appwrite queries, which the server
ANDs together.

>>> import querykit as qk
>>> q = qk.parse('name = "John" limit 5')
>>> q.parts
(<Filter name = "John">, <Limit limit 5>)
>>> q.parts[0].fields_repr()
"Filter(method='equal', attribute='name', values=('John',))"
>>> str(q.parts[0])
'{"method":"equal","attribute":"name","values":["John"]}'
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeAlias

from querykit.builder import QueryHelpers
from querykit.errors import QueryError, Span

__all__ = [
    "Aggregate",
    "And",
    "Call",
    "CrossJoin",
    "Cursor",
    "Distinct",
    "ElemMatch",
    "Filter",
    "GroupBy",
    "Having",
    "Join",
    "JsonObject",
    "Limit",
    "Node",
    "Offset",
    "On",
    "Or",
    "Order",
    "OrderRandom",
    "Query",
    "Relationship",
    "Select",
    "Value",
]


@dataclass(frozen=True, slots=True)
class JsonObject:
    """A JSON object used as a value (for example on object attributes), keys in order."""

    items: tuple[tuple[str, Value], ...]

    def to_dict(self) -> dict[str, object]:
        """The object as a ``dict`` with plain JSON values inside."""
        return {k: to_json_value(v) for k, v in self.items}


Value: TypeAlias = bool | int | float | str | tuple["Value", ...] | JsonObject | None


def to_json_value(value: Value) -> object:
    """A value as plain JSON data: tuples become lists, :class:`JsonObject` a dict."""
    if isinstance(value, tuple):
        return [to_json_value(v) for v in value]
    if isinstance(value, JsonObject):
        return value.to_dict()
    return value


_SPAN = field(default=None, compare=False, hash=False, repr=False)


class Node:
    """Base class of every query node.

    ``str(node)`` is the Appwrite JSON string the official SDK would send for it, so a node can
    be handed to the SDK where it expects a query string. Nodes combine with ``&`` (and), ``|``
    (or) and ``~`` (not, pushed down to the complement method).
    """

    __slots__ = ()

    #: The canonical text rank of the node (filters first, then select, ... cursor).
    rank: ClassVar[int] = 0

    if TYPE_CHECKING:

        @property
        def method(self) -> str:
            """The Appwrite method name (a field or a class attribute on each node)."""

    def __str__(self) -> str:
        from querykit.appwrite.codec import encode_node

        return encode_node(self)

    def __repr__(self) -> str:
        """``<Filter name = "John">``: the class and the canonical text (the fields where a
        hand-built node holds something the text form cannot show)."""
        from querykit.text.format import format_query

        try:
            return f"<{type(self).__name__} {format_query((self,), wrap=False)}>"
        except QueryError:
            return self.fields_repr()

    def to_dict(self) -> dict[str, Any]:
        """The node as the JSON object Appwrite receives for it, decoded: ``json.loads(str(node))``
        (lists for arrays, dicts for objects), ready for ``json.dumps`` or a test's ``==``.

        >>> import querykit as qk
        >>> qk.parse("a between 1..2").parts[0].to_dict()
        {'method': 'between', 'attribute': 'a', 'values': [1, 2]}
        """
        import json

        decoded: dict[str, Any] = json.loads(str(self))
        return decoded

    def fields_repr(self) -> str:
        """The node as its class and fields, e.g. ``Limit(value=5)``."""
        parts = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self) if f.repr)  # type: ignore[arg-type]
        return f"{type(self).__name__}({parts})"

    def text(self) -> str:
        """The node in querykit's text form.

        >>> import querykit as qk
        >>> qk.parse("a > 1").parts[0].text()
        'a > 1'
        """
        from querykit.text.format import format_node

        return format_node(self)

    def _repr_html_(self) -> str:
        import html

        try:
            return f"<code>{html.escape(self.text())}</code>"
        except QueryError:
            return f"<code>{html.escape(self.fields_repr())}</code>"

    def __and__(self, other: Node) -> And:
        if not isinstance(other, Node):
            return NotImplemented
        return And(_flatten(And, self) + _flatten(And, other))

    def __or__(self, other: Node) -> Or:
        if not isinstance(other, Node):
            return NotImplemented
        return Or(_flatten(Or, self) + _flatten(Or, other))

    def __invert__(self) -> Node:
        from querykit.negation import negate

        return negate(self)


def _flatten(kind: type[And] | type[Or], node: Node) -> tuple[Node, ...]:
    return node.children if isinstance(node, kind) else (node,)


@dataclass(frozen=True, slots=True, repr=False)
class Filter(Node):
    """A filter on one attribute: ``equal``, ``lessThan``, ``contains``, ``intersects``,
    ``distanceLessThan``, ``vectorDot``, ``exists`` ... (any method whose values are data)."""

    method: str
    attribute: str
    values: tuple[Value, ...] = ()
    span: Span | None = _SPAN


@dataclass(frozen=True, slots=True, repr=False)
class And(Node):
    """All of the children (an Appwrite ``and`` query)."""

    children: tuple[Node, ...]
    span: Span | None = _SPAN
    method = "and"


@dataclass(frozen=True, slots=True, repr=False)
class Or(Node):
    """Any of the children (an Appwrite ``or`` query)."""

    children: tuple[Node, ...]
    span: Span | None = _SPAN
    method = "or"


@dataclass(frozen=True, slots=True, repr=False)
class ElemMatch(Node):
    """Some element of the array ``attribute`` matches all the children (``a has (...)``)."""

    attribute: str
    children: tuple[Node, ...]
    span: Span | None = _SPAN
    method = "elemMatch"


@dataclass(frozen=True, slots=True, repr=False)
class Select(Node):
    """The attributes to return (``select a, b.*``)."""

    attributes: tuple[str, ...]
    span: Span | None = _SPAN
    method = "select"
    rank: ClassVar[int] = 1


@dataclass(frozen=True, slots=True, repr=False)
class Aggregate(Node):
    """An aggregation such as ``count(*) as n`` (``method`` is ``count``, ``avg`` ...)."""

    method: str
    attribute: str
    alias: str | None = None
    span: Span | None = _SPAN
    rank: ClassVar[int] = 1


@dataclass(frozen=True, slots=True, repr=False)
class Distinct(Node):
    """``select distinct``."""

    span: Span | None = _SPAN
    method = "distinct"
    rank: ClassVar[int] = 1


@dataclass(frozen=True, slots=True, repr=False)
class GroupBy(Node):
    """``group by a, b``."""

    attributes: tuple[str, ...]
    span: Span | None = _SPAN
    method = "groupBy"
    rank: ClassVar[int] = 2


@dataclass(frozen=True, slots=True, repr=False)
class Having(Node):
    """``having ...``: filters over aggregates and their aliases."""

    children: tuple[Node, ...]
    span: Span | None = _SPAN
    method = "having"
    rank: ClassVar[int] = 3


@dataclass(frozen=True, slots=True, repr=False)
class On(Node):
    """One join condition ``left op right`` between two attributes."""

    left: str
    operator: str
    right: str
    span: Span | None = _SPAN
    method = "on"
    rank: ClassVar[int] = 4


JoinMethod = Literal["join", "leftJoin", "rightJoin", "fullOuterJoin"]


@dataclass(frozen=True, slots=True, repr=False)
class Join(Node):
    """``join``, ``left join``, ``right join`` or ``full join`` of ``table``.

    ``nested`` records the wire form: ``False`` is ``[left, op, right(, alias)]`` (exactly one
    condition), ``True`` is ``[(alias,) on, on, ...]``.
    """

    method: JoinMethod
    table: str
    conditions: tuple[On, ...]
    alias: str | None = None
    nested: bool = False
    span: Span | None = _SPAN
    rank: ClassVar[int] = 4


@dataclass(frozen=True, slots=True, repr=False)
class CrossJoin(Node):
    """``cross join table [as alias]``."""

    table: str
    alias: str | None = None
    span: Span | None = _SPAN
    method = "crossJoin"
    rank: ClassVar[int] = 4


@dataclass(frozen=True, slots=True, repr=False)
class Relationship(Node):
    """``populate attribute (...)``: a nested query over related documents."""

    attribute: str
    children: tuple[Node, ...]
    span: Span | None = _SPAN
    method = "relationship"
    rank: ClassVar[int] = 5


@dataclass(frozen=True, slots=True, repr=False)
class Order(Node):
    """``order by attribute [asc|desc]``; ``attribute`` ``None`` means the key was absent."""

    attribute: str | None
    descending: bool = False
    span: Span | None = _SPAN
    rank: ClassVar[int] = 6

    @property
    def method(self) -> str:
        return "orderDesc" if self.descending else "orderAsc"


@dataclass(frozen=True, slots=True, repr=False)
class OrderRandom(Node):
    """``order by random``."""

    span: Span | None = _SPAN
    method = "orderRandom"
    rank: ClassVar[int] = 6


@dataclass(frozen=True, slots=True, repr=False)
class Limit(Node):
    """``limit n``."""

    value: int
    span: Span | None = _SPAN
    method = "limit"
    rank: ClassVar[int] = 7


@dataclass(frozen=True, slots=True, repr=False)
class Offset(Node):
    """``offset n``."""

    value: int
    span: Span | None = _SPAN
    method = "offset"
    rank: ClassVar[int] = 8


@dataclass(frozen=True, slots=True, repr=False)
class Cursor(Node):
    """``after "id"`` or ``before "id"``."""

    id: str
    before: bool = False
    span: Span | None = _SPAN
    rank: ClassVar[int] = 9

    @property
    def method(self) -> str:
        return "cursorBefore" if self.before else "cursorAfter"


@dataclass(frozen=True, slots=True, repr=False)
class Call(Node):
    """Any query as Appwrite spells it, for what no other node can hold: a method querykit
    does not know, or a known method whose attribute or values have an unusual shape.

    ``attribute`` and ``values`` are ``None`` when the JSON has no such key. Written in text
    with the generic call form ``method(attribute, value, ...)``.
    """

    method: str
    attribute: str | None = None
    values: tuple[Value, ...] | None = None
    span: Span | None = _SPAN


@dataclass(frozen=True, slots=True)
class Query(QueryHelpers):
    """A whole query: the top-level Appwrite queries, in order (the server ANDs them).

    >>> import querykit as qk
    >>> q = qk.parse("a = 1 and b = 2")
    >>> len(q), q.parts[1]
    (2, <Filter b = 2>)
    """

    parts: tuple[Node, ...] = ()
    span: Span | None = field(default=None, compare=False, hash=False, repr=False)

    def __iter__(self) -> Iterator[Node]:
        return iter(self.parts)

    def __len__(self) -> int:
        return len(self.parts)

    def __str__(self) -> str:
        from querykit.text.format import format_query

        return format_query(self)

    def __repr__(self) -> str:
        from querykit.text.format import format_query

        try:
            text = format_query(self, wrap=False)
            return f"<Query {text}>" if text else "<Query>"
        except QueryError:  # a hand-built AST may hold values the text form cannot show
            return f"Query(parts={self.parts!r})"

    def _repr_html_(self) -> str:
        import html

        try:
            return f"<pre>{html.escape(str(self))}</pre>"
        except QueryError:
            return f"<pre>{html.escape(repr(self))}</pre>"

    def to_dict(self) -> dict[str, Any]:
        """The query as the ``queries`` parameter of an Appwrite list request, decoded: one JSON
        object per top-level query (see :meth:`Node.to_dict`).

        >>> import querykit as qk
        >>> qk.parse("a = 1 limit 5").to_dict()  # doctest: +NORMALIZE_WHITESPACE
        {'queries': [{'method': 'equal', 'attribute': 'a', 'values': [1]},
                     {'method': 'limit', 'values': [5]}]}
        """
        return {"queries": [part.to_dict() for part in self.parts]}

    def to_appwrite(self) -> list[str]:
        """The Appwrite JSON strings for this query (see :func:`querykit.to_appwrite`)."""
        from querykit.appwrite.codec import to_appwrite

        return to_appwrite(self)


def _setter(cls: type, name: str) -> Callable[[object, object], None]:
    setter: Callable[[object, object], None] = cls.__dict__[name].__set__
    return setter


_new = object.__new__
_set_method = _setter(Filter, "method")
_set_attribute = _setter(Filter, "attribute")
_set_values = _setter(Filter, "values")
_set_filter_span = _setter(Filter, "span")
_set_parts = _setter(Query, "parts")
_set_query_span = _setter(Query, "span")


def make_filter(method: str, attribute: str, values: tuple[Value, ...], span: Span | None = None) -> Filter:
    """``Filter(method, attribute, values, span)``, built without the dataclass ``__init__``
    (which sets each field through ``object.__setattr__``); the readers use it on their hot path."""
    node: Filter = _new(Filter)
    _set_method(node, method)
    _set_attribute(node, attribute)
    _set_values(node, values)
    _set_filter_span(node, span)
    return node


def make_query(parts: tuple[Node, ...], span: Span | None = None) -> Query:
    """``Query(parts, span)``, built the same way as :func:`make_filter`."""
    query: Query = _new(Query)
    _set_parts(query, parts)
    _set_query_span(query, span)
    return query


#: Nodes that are filters (may stand inside ``and``, ``or``, ``has``, ``having``).
FILTER_NODES: tuple[type[Node], ...] = (Filter, And, Or, ElemMatch)
