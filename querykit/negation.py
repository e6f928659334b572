"""``not``, pushed down to Appwrite methods.

Appwrite has no ``not`` query. querykit rewrites a negation exactly, under the three-valued
logic the server's databases use: De Morgan's laws over ``and``/``or``, and each predicate
becomes its complement method from the catalog (``=`` and ``!=``, ``<`` and ``>=``, ``between``
and ``not between``, ``is null`` and ``is not null`` ...). Where no complement exists
(``matches``, ``distance <``, ``has``, vector queries ...) negation is an error.

>>> import querykit as qk
>>> qk.format(qk.parse("not (a < 1 or b is null)"))
'(a >= 1 and b is not null)'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from querykit.errors import NegationError, Span
from querykit.methods import METHODS
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
)

__all__ = ["NEGATORS", "negate", "node_span"]


def negate(node: Node, span: Span | None = None) -> Node:
    """The exact complement of ``node``; raises :class:`NegationError` (at ``span``, the
    ``not``) when Appwrite has no method for it.

    >>> from querykit.ast import Filter
    >>> negate(Filter("equal", "a", (1, 2))).text()
    '(a != 1 and a != 2)'
    """
    return _negator(type(node))(node, span)


def _negate_and(node: And, span: Span | None) -> Node:
    return Or(tuple(negate(c, span) for c in node.children), span=node.span)


def _negate_or(node: Or, span: Span | None) -> Node:
    return And(tuple(negate(c, span) for c in node.children), span=node.span)


def _negate_filter(node: Filter, span: Span | None) -> Node:
    row = METHODS.get(node.method)
    complement = row.complement if row is not None else None
    if complement is not None:
        if node.method == "equal" and len(node.values) > 1:
            # a IN (x, y) is false exactly when a <> x AND a <> y (and unknown on null).
            return And(
                tuple(Filter("notEqual", node.attribute, (v,), span=node.span) for v in node.values),
                span=node.span,
            )
        if node.method != "equal" or len(node.values) == 1:
            return Filter(complement, node.attribute, node.values, span=node.span)
    return _no_complement(node, span)


def _no_complement(node: Node, span: Span | None) -> Node:
    raise NegationError(_why(node), span=span or node_span(node), hint=_hint(node))


#: How ``not`` applies to each node class: only filters and their and/or trees have complements
#: (a test checks that every node class is here).
NEGATORS: dict[type[Node], Callable[[Any, Span | None], Node]] = {
    And: _negate_and,
    Or: _negate_or,
    Filter: _negate_filter,
    ElemMatch: _no_complement,
    Select: _no_complement,
    Aggregate: _no_complement,
    Distinct: _no_complement,
    GroupBy: _no_complement,
    Having: _no_complement,
    On: _no_complement,
    Join: _no_complement,
    CrossJoin: _no_complement,
    Relationship: _no_complement,
    Order: _no_complement,
    OrderRandom: _no_complement,
    Limit: _no_complement,
    Offset: _no_complement,
    Cursor: _no_complement,
    Call: _no_complement,
}


def _negator(kind: type) -> Callable[[Any, Span | None], Node]:
    for cls in kind.__mro__:  # a subclass of a node negates as its node
        found = NEGATORS.get(cls)
        if found is not None:
            return found
    return _no_complement


def node_span(node: Node) -> Span | None:
    """The span of ``node`` when it has one."""
    span = getattr(node, "span", None)
    return span if isinstance(span, Span) else None


def _why(node: Node) -> str:
    method = node.method
    if isinstance(node, Filter) and method == "equal" and not node.values:
        return "`not` cannot apply to an `in` with an empty list"
    return f"`not` cannot apply to `{method}`: Appwrite has no exact complement of it"


def _hint(node: Node) -> str | None:
    if node.method in ("containsAny", "containsAll"):
        return "write `not contains [...]` (notContains) for 'contains none of'"
    if node.method.startswith("distance"):
        return "flip the comparison instead (distance = and != are complements)"
    return None
