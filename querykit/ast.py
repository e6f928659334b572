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

from collections.abc import Iterator, Mapping
from typing import Any

from querykit.builder import QueryHelpers
from querykit.errors import QueryError, Span
from querykit.nodes import (
    FILTER_NODES,
    NODE_TYPES,
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
    JoinMethod,
    JsonObject,
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
    make_filter,
    to_json_value,
)
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
    "Query",
    "Relationship",
    "Select",
    "Value",
    "make_filter",
    "make_query",
    "to_json_value",
]


_setattr = object.__setattr__


@frozen_dataclass()
class Query(QueryHelpers):
    """A whole query: the top-level Appwrite queries, in order (the server ANDs them).

    >>> import querykit as qk
    >>> q = qk.parse("a = 1 and b = 2")
    >>> len(q), q.parts[1]
    (2, <Filter b = 2>)
    """

    parts: tuple[Node, ...] = ()
    span: Span | None = value_field(default=None, compare=False, hash=False, repr=False)

    def __init__(self, parts: tuple[Node, ...] = (), span: Span | None = None) -> None:
        _setattr(self, "parts", parts)
        _setattr(self, "span", span)

    def __iter__(self) -> Iterator[Node]:
        return iter(self.parts)

    def __len__(self) -> int:
        return len(self.parts)

    def __str__(self) -> str:
        from querykit.text.formatter import format_query

        return format_query(self)

    def __repr__(self) -> str:
        from querykit.text.formatter import format_query

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

    def matches(self, document: Mapping[str, object], *, schema: Any, profile: Any = "postgresql") -> bool:
        """Whether ``document`` (as the API returns it) passes this query's filters, evaluated
        as Appwrite evaluates them on ``profile`` (``postgresql`` or ``mariadb``) for a collection
        with ``schema`` (a :class:`querykit.appwrite.Collection`).

        >>> import querykit as qk
        >>> from querykit.appwrite import Attribute, Collection
        >>> col = Collection((Attribute("name", "string", size=64),))
        >>> q = qk.parse('name = "john"')
        >>> q.matches({"name": "John"}, schema=col)
        False
        >>> q.matches({"name": "John"}, schema=col, profile="mariadb")
        True
        """
        from querykit.evaluate.matching import matcher

        return matcher(self, schema=schema, profile=profile)(document)

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


_new = object.__new__
_set_parts, _set_query_span = slot_setters(Query, "parts", "span")


def make_query(parts: tuple[Node, ...], span: Span | None = None) -> Query:
    """``Query(parts, span)``, built the same way as :func:`make_filter`."""
    query: Query = _new(Query)
    _set_parts(query, parts)
    _set_query_span(query, span)
    return query
