"""Which Appwrite release lines accept a query: the needs of each method and shape.

:func:`requirements` lists what in a query needs a line newer than 1.4, each with the place
in the source text; :func:`requires` is the oldest line that accepts them all. Both read the
registry of release lines (:mod:`querykit.releases`)::

    >>> import querykit as qk
    >>> requires(qk.parse('tags contains any ["a"] and title not starts with "x"'))
    '1.9'
    >>> requires(qk.parse("a = 1 or b = 2"))
    '1.5'
    >>> [r.hint for r in requirements(qk.parse("order by random limit 5"))]
    ['orderRandom needs Appwrite 1.8 or later']

The query alone is read: a dotted attribute in a filter is taken as a relationship path.
With ``schema``, attribute types count too (a point attribute exists from 1.8, a vector or
bigint one from 1.9) and a dotted key the collection has is an ordinary attribute.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from querykit.ast import And, Call, ElemMatch, Filter, Node, Or, Order, Query, Select
from querykit.errors import CodecError, QueryError, Span
from querykit.methods import METHODS
from querykit.releases import LINE_NAMES, LINES, first_line, get_line, type_line

if TYPE_CHECKING:
    from querykit.appwrite.schema import Collection

__all__ = ["Requirement", "renamed", "requirements", "requires", "unmet"]

#: Most values one filter may carry on the line that allows the fewest.
_FEWEST_VALUES = min(line.max_values for line in LINES.values())


def _values_line(count: int) -> str | None:
    """The oldest line whose filters take ``count`` values (``None``: no line does)."""
    for name in LINE_NAMES:
        if count <= LINES[name].max_values:
            return name
    return None


def _sequence_line() -> str:
    return next(name for name in LINE_NAMES if LINES[name].sequence_key == "$sequence")


def _relationship_path_line() -> str:
    return next(name for name in LINE_NAMES if LINES[name].relationship_paths)


def _json_line() -> str:
    return next(name for name in LINE_NAMES if LINES[name].query_format == "json")


@dataclass(frozen=True, slots=True)
class Requirement:
    """One thing in a query that needs a newer line than 1.4.

    ``line`` is the oldest line that accepts it (``None`` when no release does); ``subject``
    names it (``containsAny``, ``a filter with 150 values``); ``span`` is its place; ``part``
    the index of its top-level query.
    """

    subject: str
    line: str | None
    span: Span | None
    part: int
    detail: str = ""
    """Why the older lines cannot take it, when the subject does not say."""

    def message(self, server: str) -> str:
        """What the line ``server`` says of it.

        >>> Requirement("containsAny", "1.9", None, 0).message("1.7")
        'Appwrite 1.7 does not accept containsAny'
        """
        label = get_line(server).label
        if self.detail:
            return f"{label} cannot take this query: {self.detail}"
        return f"{label} does not accept {self.subject}"

    @property
    def hint(self) -> str:
        """``containsAny needs Appwrite 1.9 or later``.

        >>> Requirement("containsAny", "1.9", None, 0).hint
        'containsAny needs Appwrite 1.9 or later'
        """
        if self.line is None:
            return f"{self.subject} is accepted by no Appwrite release"
        return f"{self.subject} needs {get_line(self.line).label} or later"


def _span(node: Node) -> Span | None:
    span = getattr(node, "span", None)
    return span if isinstance(span, Span) else None


def _parts(query: Query | Node | Sequence[Node] | str) -> tuple[Node, ...]:
    if isinstance(query, str):
        from querykit.arguments import query_argument

        query = query_argument(query)
    if isinstance(query, Query):
        return query.parts
    if isinstance(query, Node):
        return (query,)
    if isinstance(query, (list, tuple)) and all(isinstance(p, Node) for p in query):
        return tuple(query)
    raise TypeError(
        f"query must be querykit text (str), a querykit.Query or nodes, not {type(query).__name__}"
    )


def _walk(node: Node) -> Iterator[Node]:
    """``node`` and every node nested in it (iteratively)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        children = getattr(current, "children", None)
        if isinstance(children, tuple):
            stack.extend(reversed([c for c in children if isinstance(c, Node)]))


def _attributes(node: Node) -> tuple[str, ...]:
    if isinstance(node, (Filter, ElemMatch)):
        return (node.attribute,)
    if isinstance(node, Order):
        return (node.attribute,) if node.attribute else ()
    if isinstance(node, Select):
        return node.attributes
    if isinstance(node, Call) and isinstance(node.attribute, str):
        return (node.attribute,)
    return ()


def _is_filter(node: Node) -> bool:
    if isinstance(node, Filter):
        return True
    row = METHODS.get(node.method) if isinstance(node, Call) else None
    return row is not None and row.is_filter and not isinstance(node, (And, Or, ElemMatch))


def _node_needs(node: Node, part: int, schema: Collection | None) -> Iterator[Requirement]:
    span = _span(node)
    method = node.method
    line = first_line(method)
    if line != LINE_NAMES[0]:
        yield Requirement(method, line, span, part)
    values = node.values if isinstance(node, (Filter, Call)) else None
    if values is not None and _is_filter(node) and len(values) > _FEWEST_VALUES:
        yield Requirement(f"a filter with {len(values)} values", _values_line(len(values)), span, part)
    keys = {a.key: a for a in schema.attributes} if schema is not None else {}
    for name in _attributes(node):
        if name == "$sequence" and "$sequence" not in keys:
            yield Requirement("the $sequence attribute", _sequence_line(), span, part)
        if "." in name and _is_filter(node) and name not in keys:
            base = keys.get(name.split(".", 1)[0])
            if schema is None or (base is not None and base.type == "relationship"):
                yield Requirement(
                    f"a filter on the relationship path {name}", _relationship_path_line(), span, part
                )
        attribute = keys.get(name) or keys.get(name.split(".", 1)[0])
        if attribute is not None:
            needed = type_line(attribute.type)
            if needed != LINE_NAMES[0]:
                yield Requirement(f"a {attribute.type} attribute ({attribute.key})", needed, span, part)


def _legacy_needs(part: Node, index: int) -> Iterator[Requirement]:
    """Appwrite 1.4 reads legacy strings: a query they cannot hold needs the JSON format."""
    from querykit import to_appwrite
    from querykit.legacy import dumps

    try:
        dumps(to_appwrite(part))
    except CodecError as e:
        reason = e.message.split(": ", 1)[-1] if ": " in e.message else e.message
        yield Requirement("the JSON query format", _json_line(), _span(part), index, reason)
    except QueryError:
        return  # not encodable at all: the structural checks report it


def requirements(
    query: Query | Node | Sequence[Node] | str, schema: Collection | None = None
) -> list[Requirement]:
    """Everything in ``query`` that Appwrite 1.4 does not accept, each with the oldest line
    that does (``None`` when none does), in source order.

    >>> import querykit as qk
    >>> [(r.subject, r.line) for r in requirements(qk.parse("a contains all [1] and $sequence > 5"))]
    [('containsAll', '1.9'), ('the $sequence attribute', '1.8')]
    """
    out: list[Requirement] = []
    for index, part in enumerate(_parts(query)):
        seen_methods = False
        for node in _walk(part):
            for need in _node_needs(node, index, schema):
                out.append(need)
                seen_methods = seen_methods or need.subject == node.method
        if not seen_methods and first_line(part.method) == LINE_NAMES[0]:
            out.extend(_legacy_needs(part, index))
    return out


def requires(query: Query | Node | Sequence[Node] | str, schema: Collection | None = None) -> str:
    """The oldest Appwrite release line (``"1.4"`` … ``"1.9"``, ``"latest"``) whose server
    accepts every method and shape in ``query``.

    Raises :class:`~querykit.errors.QueryError`, with the place, for what no release accepts
    (``regex``, the aggregation and join methods, more than 500 values in one filter).

    >>> import querykit as qk
    >>> requires(qk.parse('a = 1 and b < 2'))
    '1.4'
    >>> requires(qk.parse('title = "x" order by $sequence'))
    '1.8'
    >>> requires('tags contains any ["a"]')
    '1.9'
    """
    needs = requirements(query, schema)
    oldest = 0
    for need in needs:
        if need.line is None:
            raise QueryError(
                f"no Appwrite release accepts {need.subject}",
                span=need.span,
                hint=f"releases up to {LINES['latest'].label} were checked",
                code="requires",
            )
        oldest = max(oldest, LINE_NAMES.index(need.line))
    return LINE_NAMES[oldest]


def unmet(
    query: Query | Node | Sequence[Node] | str, server: str, schema: Collection | None = None
) -> list[Requirement]:
    """The requirements of ``query`` that the line ``server`` does not meet (what no line
    accepts is left to the other checks).

    >>> import querykit as qk
    >>> [r.subject for r in unmet(qk.parse("a = 1 or b not between 1..2"), "1.5")]
    ['notBetween']
    """
    line = get_line(server)
    return [
        need
        for need in requirements(query, schema)
        if need.line is not None and LINE_NAMES.index(need.line) > line.index
    ]


def renamed(query: Query | Node | Sequence[Node], server: str) -> list[Requirement]:
    """Uses of ``$internalId`` on a line that calls it ``$sequence`` (1.8 on).

    >>> import querykit as qk
    >>> len(renamed(qk.parse('$internalId = "5"'), "1.8")), len(renamed(qk.parse('$internalId = "5"'), "1.7"))
    (1, 0)
    """
    line = get_line(server)
    if line.sequence_key == "$internalId":
        return []
    return [
        Requirement("$internalId", None, _span(node), index)
        for index, part in enumerate(_parts(query))
        for node in _walk(part)
        if "$internalId" in _attributes(node)
    ]
