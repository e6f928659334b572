"""The query nodes: the hub every front end produces and every back end reads.

Each node is a frozen, slotted dataclass (with the ``__init__`` written out; see
:func:`querykit.valueclasses.frozen_dataclass`). Values are plain Python scalars (``str``, ``int``,
``float``, ``bool``, ``None``), tuples for JSON arrays and :class:`JsonObject` for JSON
objects; ints and floats are kept apart (``1.0`` stays a float). Every node has a ``span``
(where it came from in source text) that takes no part in equality, so a round trip compares
meaning, not layout.

This module imports only :mod:`querykit.errors`; the few methods that print or negate a node
(``__str__``, ``__repr__``, ``text``, ``__invert__``) import their spoke when called. The whole
query, :class:`querykit.ast.Query`, adds the SDK helpers of :mod:`querykit.builder` and lives in
:mod:`querykit.ast`, which re-exports every name here.

>>> from querykit.nodes import And, Filter
>>> tree = And((Filter("equal", "a", (1,)), Filter("isNull", "b")))
>>> [type(n).__name__ for n in tree.walk()]
['And', 'Filter', 'Filter']
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeAlias

from querykit.errors import QueryError, Span
from querykit.valueclasses import frozen_dataclass, slot_setters, value_field

__all__ = [
    "FILTER_NODES",
    "NODE_TYPES",
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
    "JoinMethod",
    "JsonObject",
    "Limit",
    "Node",
    "Offset",
    "On",
    "Or",
    "Order",
    "OrderRandom",
    "Relationship",
    "Select",
    "Value",
    "make_filter",
    "to_json_value",
]

_setattr = object.__setattr__


@frozen_dataclass()
class JsonObject:
    """A JSON object used as a value (for example on object attributes), keys in order."""

    items: tuple[tuple[str, Value], ...]

    def __init__(self, items: tuple[tuple[str, Value], ...]) -> None:
        _setattr(self, "items", items)

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


_SPAN = value_field(default=None, compare=False, hash=False, repr=False)


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

    @property
    def children(self) -> tuple[Node, ...]:
        """The nodes directly inside this one, in order (a field on ``And``, ``Or``, ``has``,
        ``having`` and ``populate``; a join's ``on`` conditions; empty for the rest)."""
        return ()

    def walk(self) -> Iterator[Node]:
        """This node and every node inside it, depth first, in source order; iterative, so
        a deep tree cannot exhaust the stack.

        >>> from querykit.nodes import Filter, Or
        >>> [n.method for n in Or((Filter("equal", "a", (1,)), Filter("isNull", "b"))).walk()]
        ['or', 'equal', 'isNull']
        """
        stack: list[Node] = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    # The methods below reach a spoke when called; nothing else in this module may.
    def __str__(self) -> str:
        from querykit.appwrite.codec import encode_node

        return encode_node(self)

    def __repr__(self) -> str:
        """``<Filter name = "John">``: the class and the canonical text (the fields where a
        hand-built node holds something the text form cannot show)."""
        from querykit.text.formatter import format_query

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
        from dataclasses import fields

        parts = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self) if f.repr)  # type: ignore[arg-type]
        return f"{type(self).__name__}({parts})"

    def text(self) -> str:
        """The node in querykit's text form.

        >>> import querykit as qk
        >>> qk.parse("a > 1").parts[0].text()
        'a > 1'
        """
        from querykit.text.formatter import format_node

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


@frozen_dataclass(repr=False)
class Filter(Node):
    """A filter on one attribute: ``equal``, ``lessThan``, ``contains``, ``intersects``,
    ``distanceLessThan``, ``vectorDot``, ``exists`` ... (any method whose values are data)."""

    method: str
    attribute: str
    values: tuple[Value, ...] = ()
    span: Span | None = _SPAN

    def __init__(
        self, method: str, attribute: str, values: tuple[Value, ...] = (), span: Span | None = None
    ) -> None:
        _setattr(self, "method", method)
        _setattr(self, "attribute", attribute)
        _setattr(self, "values", values)
        _setattr(self, "span", span)


@frozen_dataclass(repr=False)
class And(Node):
    """All of the children (an Appwrite ``and`` query)."""

    children: tuple[Node, ...]
    span: Span | None = _SPAN
    method = "and"

    def __init__(self, children: tuple[Node, ...], span: Span | None = None) -> None:
        _setattr(self, "children", children)
        _setattr(self, "span", span)


@frozen_dataclass(repr=False)
class Or(Node):
    """Any of the children (an Appwrite ``or`` query)."""

    children: tuple[Node, ...]
    span: Span | None = _SPAN
    method = "or"

    def __init__(self, children: tuple[Node, ...], span: Span | None = None) -> None:
        _setattr(self, "children", children)
        _setattr(self, "span", span)


@frozen_dataclass(repr=False)
class ElemMatch(Node):
    """Some element of the array ``attribute`` matches all the children (``a has (...)``)."""

    attribute: str
    children: tuple[Node, ...]
    span: Span | None = _SPAN
    method = "elemMatch"

    def __init__(self, attribute: str, children: tuple[Node, ...], span: Span | None = None) -> None:
        _setattr(self, "attribute", attribute)
        _setattr(self, "children", children)
        _setattr(self, "span", span)


@frozen_dataclass(repr=False)
class Select(Node):
    """The attributes to return (``select a, b.*``)."""

    attributes: tuple[str, ...]
    span: Span | None = _SPAN
    method = "select"
    rank: ClassVar[int] = 1

    def __init__(self, attributes: tuple[str, ...], span: Span | None = None) -> None:
        _setattr(self, "attributes", attributes)
        _setattr(self, "span", span)


@frozen_dataclass(repr=False)
class Aggregate(Node):
    """An aggregation such as ``count(*) as n`` (``method`` is ``count``, ``avg`` ...)."""

    method: str
    attribute: str
    alias: str | None = None
    span: Span | None = _SPAN
    rank: ClassVar[int] = 1

    def __init__(
        self, method: str, attribute: str, alias: str | None = None, span: Span | None = None
    ) -> None:
        _setattr(self, "method", method)
        _setattr(self, "attribute", attribute)
        _setattr(self, "alias", alias)
        _setattr(self, "span", span)


@frozen_dataclass(repr=False)
class Distinct(Node):
    """``select distinct``."""

    span: Span | None = _SPAN
    method = "distinct"
    rank: ClassVar[int] = 1

    def __init__(self, span: Span | None = None) -> None:
        _setattr(self, "span", span)


@frozen_dataclass(repr=False)
class GroupBy(Node):
    """``group by a, b``."""

    attributes: tuple[str, ...]
    span: Span | None = _SPAN
    method = "groupBy"
    rank: ClassVar[int] = 2

    def __init__(self, attributes: tuple[str, ...], span: Span | None = None) -> None:
        _setattr(self, "attributes", attributes)
        _setattr(self, "span", span)


@frozen_dataclass(repr=False)
class Having(Node):
    """``having ...``: filters over aggregates and their aliases."""

    children: tuple[Node, ...]
    span: Span | None = _SPAN
    method = "having"
    rank: ClassVar[int] = 3

    def __init__(self, children: tuple[Node, ...], span: Span | None = None) -> None:
        _setattr(self, "children", children)
        _setattr(self, "span", span)


@frozen_dataclass(repr=False)
class On(Node):
    """One join condition ``left op right`` between two attributes."""

    left: str
    operator: str
    right: str
    span: Span | None = _SPAN
    method = "on"
    rank: ClassVar[int] = 4

    def __init__(self, left: str, operator: str, right: str, span: Span | None = None) -> None:
        _setattr(self, "left", left)
        _setattr(self, "operator", operator)
        _setattr(self, "right", right)
        _setattr(self, "span", span)


JoinMethod = Literal["join", "leftJoin", "rightJoin", "fullOuterJoin"]


@frozen_dataclass(repr=False)
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

    def __init__(
        self,
        method: JoinMethod,
        table: str,
        conditions: tuple[On, ...],
        alias: str | None = None,
        nested: bool = False,
        span: Span | None = None,
    ) -> None:
        _setattr(self, "method", method)
        _setattr(self, "table", table)
        _setattr(self, "conditions", conditions)
        _setattr(self, "alias", alias)
        _setattr(self, "nested", nested)
        _setattr(self, "span", span)

    @property
    def children(self) -> tuple[Node, ...]:
        """The ``on`` conditions."""
        return self.conditions


@frozen_dataclass(repr=False)
class CrossJoin(Node):
    """``cross join table [as alias]``."""

    table: str
    alias: str | None = None
    span: Span | None = _SPAN
    method = "crossJoin"
    rank: ClassVar[int] = 4

    def __init__(self, table: str, alias: str | None = None, span: Span | None = None) -> None:
        _setattr(self, "table", table)
        _setattr(self, "alias", alias)
        _setattr(self, "span", span)


@frozen_dataclass(repr=False)
class Relationship(Node):
    """``populate attribute (...)``: a nested query over related documents."""

    attribute: str
    children: tuple[Node, ...]
    span: Span | None = _SPAN
    method = "relationship"
    rank: ClassVar[int] = 5

    def __init__(self, attribute: str, children: tuple[Node, ...], span: Span | None = None) -> None:
        _setattr(self, "attribute", attribute)
        _setattr(self, "children", children)
        _setattr(self, "span", span)


@frozen_dataclass(repr=False)
class Order(Node):
    """``order by attribute [asc|desc]``; ``attribute`` ``None`` means the key was absent."""

    attribute: str | None
    descending: bool = False
    span: Span | None = _SPAN
    rank: ClassVar[int] = 6

    def __init__(self, attribute: str | None, descending: bool = False, span: Span | None = None) -> None:
        _setattr(self, "attribute", attribute)
        _setattr(self, "descending", descending)
        _setattr(self, "span", span)

    @property
    def method(self) -> str:
        return "orderDesc" if self.descending else "orderAsc"


@frozen_dataclass(repr=False)
class OrderRandom(Node):
    """``order by random``."""

    span: Span | None = _SPAN
    method = "orderRandom"
    rank: ClassVar[int] = 6

    def __init__(self, span: Span | None = None) -> None:
        _setattr(self, "span", span)


@frozen_dataclass(repr=False)
class Limit(Node):
    """``limit n``."""

    value: int
    span: Span | None = _SPAN
    method = "limit"
    rank: ClassVar[int] = 7

    def __init__(self, value: int, span: Span | None = None) -> None:
        _setattr(self, "value", value)
        _setattr(self, "span", span)


@frozen_dataclass(repr=False)
class Offset(Node):
    """``offset n``."""

    value: int
    span: Span | None = _SPAN
    method = "offset"
    rank: ClassVar[int] = 8

    def __init__(self, value: int, span: Span | None = None) -> None:
        _setattr(self, "value", value)
        _setattr(self, "span", span)


@frozen_dataclass(repr=False)
class Cursor(Node):
    """``after "id"`` or ``before "id"``."""

    id: str
    before: bool = False
    span: Span | None = _SPAN
    rank: ClassVar[int] = 9

    def __init__(self, id: str, before: bool = False, span: Span | None = None) -> None:
        _setattr(self, "id", id)
        _setattr(self, "before", before)
        _setattr(self, "span", span)

    @property
    def method(self) -> str:
        return "cursorBefore" if self.before else "cursorAfter"


@frozen_dataclass(repr=False)
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

    def __init__(
        self,
        method: str,
        attribute: str | None = None,
        values: tuple[Value, ...] | None = None,
        span: Span | None = None,
    ) -> None:
        _setattr(self, "method", method)
        _setattr(self, "attribute", attribute)
        _setattr(self, "values", values)
        _setattr(self, "span", span)


_new = object.__new__
_set_method, _set_attribute, _set_values, _set_filter_span = slot_setters(
    Filter, "method", "attribute", "values", "span"
)


def make_filter(method: str, attribute: str, values: tuple[Value, ...], span: Span | None = None) -> Filter:
    """``Filter(method, attribute, values, span)``, built without ``Filter.__init__`` (which sets
    each field through ``object.__setattr__``); the readers use it on their hot path."""
    node: Filter = _new(Filter)
    _set_method(node, method)
    _set_attribute(node, attribute)
    _set_values(node, values)
    _set_filter_span(node, span)
    return node


#: Every concrete node class; the dispatch tables of the spokes are tested against it.
NODE_TYPES: tuple[type[Node], ...] = (
    Filter,
    And,
    Or,
    ElemMatch,
    Select,
    Aggregate,
    Distinct,
    GroupBy,
    Having,
    On,
    Join,
    CrossJoin,
    Relationship,
    Order,
    OrderRandom,
    Limit,
    Offset,
    Cursor,
    Call,
)

#: Nodes that are filters (may stand inside ``and``, ``or``, ``has``, ``having``).
FILTER_NODES: tuple[type[Node], ...] = (Filter, And, Or, ElemMatch)
