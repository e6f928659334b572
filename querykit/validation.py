"""Validation for people: every problem at once, each with a code, a message, its place in the
source text and, where it helps, a hint.

Structural rules need no schema: the shape and number of values each method takes (from the
method catalog), what may nest inside ``and``/``or``/``has``/``having``/``populate``, and value
ranges the server always enforces. With a collection schema, the server's own rules are applied
too (see :mod:`querykit.appwrite`), one top-level query at a time so every failing query is
reported.

>>> import querykit as qk
>>> [d.message for d in qk.validate(qk.parse("a between 1..2 limit 0"))]
['limit must be at least 1']

The rules for the analytics and join methods (aggregates, ``group by``, ``having``, joins,
``populate``) follow from their wire shapes only; the server's own rules for them are not
published yet. They all live in :data:`ANALYTICS_RULES` so they can be tightened in one place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from querykit.arguments import collection_argument, query_argument
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
)
from querykit.errors import Diagnostic, Span
from querykit.methods import FILTER_CATEGORIES, JOIN_OPERATORS, METHODS, Method

if TYPE_CHECKING:
    from querykit.appwrite.schema import Collection

__all__ = ["ANALYTICS_RULES", "CHECKERS", "validate"]

_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,35}")

#: The structural rules for the newest methods, in one place.
ANALYTICS_RULES: dict[str, Any] = {
    #: An alias must be a valid Appwrite key.
    "alias_pattern": _KEY,
    #: What ``relationship`` may hold.
    "relationship_children": frozenset(
        {"filter", "logical", "spatial", "distance", "vector", "order", "select", "limit", "offset", "cursor"}
    ),
    #: Operators an ``on`` condition may use.
    "join_operators": JOIN_OPERATORS,
}

_ARITY_WORDS = {
    "one": "exactly one value",
    "two": "exactly two values",
    "many": "at least one value",
    "names": "at least one attribute name",
    "geometry": "exactly one geometry",
    "distance": "[[geometry, distance, meters]]",
    "vector": "exactly one vector of numbers",
    "none": "no values",
}


def validate(
    query: Query | Node | Sequence[Node] | str,
    schema: Collection | Mapping[str, Any] | None = None,
    profile: str | None = None,
    server: str = "latest",
) -> list[Diagnostic]:
    """Every problem in ``query``, in source order, one diagnostic per problem; an empty list
    means it is valid.

    ``query`` is query text (parsed first), a :class:`~querykit.ast.Query`, a node or a list of
    nodes. ``schema`` is a :class:`querykit.appwrite.Collection` or the collection JSON that
    Appwrite's API returns; with it, each top-level query is also checked exactly as the Appwrite
    server checks it for ``profile`` (an unknown profile is an error, schema or not). A query
    with a structural problem is not sent to the server check as well: the problem is reported
    once. ``profile`` defaults to ``postgresql`` (``mariadb``
    for the lines before 1.9). ``server`` is the Appwrite release line (``"1.4"`` … ``"1.9"``,
    ``"latest"``, the default): what the line does not accept is an error whose hint names the
    line that does.

    >>> import querykit as qk
    >>> [d.code for d in validate(qk.parse("a in [] and b = 1 order by random"))]
    ['arity']
    >>> [(d.message, d.hint) for d in validate(qk.parse('tags contains any ["a"]'), server="1.7")]
    [('Appwrite 1.7 does not accept containsAny', 'containsAny needs Appwrite 1.9 or later')]
    >>> [d.message for d in validate("a between 30..18")]
    ['the range 30..18 is empty: between matches nothing when the first bound is above the second']
    """
    if profile is not None and profile != "postgresql":  # the profiles load only for another name
        from querykit.appwrite.profiles import get_profile

        get_profile(profile)
    collection = None if schema is None else collection_argument(schema, "schema")
    if type(query) is not Query:
        query = query_argument(query, "query")
    if isinstance(query, Query):
        parts: Sequence[Node] = query.parts
    elif isinstance(query, Node):
        parts = (query,)
    else:
        parts = tuple(query)
    out: list[Diagnostic] = []
    seen: dict[str, Node] = {}
    i = -1
    for part in parts:
        i += 1
        if type(part) is Filter:
            # _plain_filter_ok, inline for the most common query.
            method = part.method
            values = part.values
            bounds = _COUNTS.get(method)
            if (
                bounds is None
                or not bounds[0] <= len(values) <= bounds[1]
                or None in values
                or (method == "between" and _empty_range(values[0], values[1]))
                or (method in _TEXT_ONLY and type(values[0]) is not str)
            ):
                out.extend(_node(part, (i,), top=True))
            continue  # a filter is not a paging query
        quick = _QUICK.get(type(part), _quick_ok)
        if not quick(part):
            out.extend(_node(part, (i,), top=True))
        kind = _PAGING.get(type(part))
        if kind is not None:
            if kind in seen:
                out.append(
                    Diagnostic(
                        "repeated",
                        f"only the first {kind} is used; this one is ignored by the server",
                        _span(part),
                        severity="warning",
                        path=(i,),
                    )
                )
            else:
                seen[kind] = part
    if server != "latest":
        out.extend(_version_diagnostics(parts, collection, server))
    if collection is not None:
        covered = {d.path[0] for d in out if d.path and d.severity == "error"}
        verdicts = [
            d for d in _schema_diagnostics(parts, collection, profile, server) if d.path[0] not in covered
        ]
        rejected = {d.path[0] for d in verdicts}
        # The server's own verdict replaces the warning that predicted it.
        out = [d for d in out if not (d.code == "server-rejects" and d.path and d.path[0] in rejected)]
        out.extend(verdicts)
    if len(out) > 1:
        out.sort(key=_path)
    return out


def _path(diagnostic: Diagnostic) -> tuple[int, ...]:
    return diagnostic.path


def _version_diagnostics(
    parts: Sequence[Node], schema: Collection | None, server: str
) -> Iterator[Diagnostic]:
    """What the release line ``server`` does not accept, with the line that does as the hint."""
    from querykit.compatibility import renamed, unmet
    from querykit.releases import get_line

    line = get_line(server)
    for need in unmet(parts, line.name, schema):
        yield Diagnostic("version", need.message(line.name), need.span, need.hint, "error", (need.part,))
    for use in renamed(parts, line.name):
        message = f"{line.label} has no $internalId attribute"
        yield Diagnostic(
            "version", message, use.span, "it is called $sequence from Appwrite 1.8", "error", (use.part,)
        )


#: The paging queries of which the server uses only the first.
_PAGING: dict[type[Node], str] = {Limit: "limit", Offset: "offset", Cursor: "cursor"}

#: How many values each plain filter takes, for the quick check of the common case.
_COUNTS: dict[str, tuple[int, int]] = {
    row.name: {"one": (1, 1), "two": (2, 2), "many": (1, 1 << 62), "none": (0, 0)}[row.arity]
    for row in METHODS.values()
    if row.category == "filter" and row.arity in ("one", "two", "many", "none") and row.name != "regex"
}


def _plain_filter_ok(n: Filter) -> bool:
    """A known filter with the right number of values: nothing to report (most filters)."""
    method = n.method
    values = n.values
    bounds = _COUNTS.get(method)
    if bounds is None or not bounds[0] <= len(values) <= bounds[1] or None in values:
        return False
    if method == "between" and _empty_range(values[0], values[1]):
        return False
    return method not in _TEXT_ONLY or type(values[0]) is str


#: Filters whose single value must be a string.
_TEXT_ONLY = frozenset(
    {"search", "notSearch", "regex", "startsWith", "notStartsWith", "endsWith", "notEndsWith"}
)


def _all_plain(node: And | Or) -> bool:
    """An and/or tree of plain filters only (iterative: hand-built trees may be deep)."""
    stack: list[Node] = [node]
    while stack:
        n = stack.pop()
        kind = type(n)
        if kind is Filter:
            if not _plain_filter_ok(n):  # type: ignore[arg-type]
                return False
        elif kind is And or kind is Or:
            children = n.children
            if len(children) < 2:
                return False
            stack.extend(children)
        else:
            return False
    return True


def _quick_ok(n: Node) -> bool:
    """The common top-level queries that need no further look (none of the rules can fire)."""
    if isinstance(n, Filter):
        return _plain_filter_ok(n)
    if isinstance(n, (And, Or)):
        return _all_plain(n)
    if isinstance(n, Limit):
        return n.value >= 1
    if isinstance(n, Offset):
        return n.value >= 0
    if isinstance(n, Cursor):
        return n.id != ""
    if isinstance(n, Select):
        return 0 < len(n.attributes) == len(set(n.attributes))
    return isinstance(n, (Order, OrderRandom))


def _ordered(n: Order | OrderRandom) -> bool:
    return True


#: :func:`_quick_ok` for each node class it accepts, by exact class (a subclass takes the
#: ``isinstance`` chain).
_QUICK: dict[type[Node], Callable[[Any], bool]] = {
    And: _all_plain,
    Or: _all_plain,
    Limit: lambda n: n.value >= 1,
    Offset: lambda n: n.value >= 0,
    Cursor: lambda n: n.id != "",
    Select: lambda n: 0 < len(n.attributes) == len(set(n.attributes)),
    Order: _ordered,
    OrderRandom: _ordered,
}


def _span(node: Node) -> Span | None:
    span = getattr(node, "span", None)
    return span if isinstance(span, Span) else None


def _err(code: str, message: str, node: Node, path: tuple[int, ...], hint: str | None = None) -> Diagnostic:
    return Diagnostic(code, message, _span(node), hint, "error", path)


def _is_filter(node: Node) -> bool:
    if isinstance(node, (Filter, And, Or, ElemMatch)):
        return True
    if isinstance(node, Call):
        row = METHODS.get(node.method)
        return row is None or row.category in FILTER_CATEGORIES
    return False


def _node(node: Node, path: tuple[int, ...], top: bool) -> Iterator[Diagnostic]:
    """Diagnostics for one node and, iteratively, everything nested in it."""
    stack: list[tuple[Node, tuple[int, ...], bool, str | None]] = [(node, path, top, None)]
    while stack:
        n, p, at_top, parent = stack.pop()
        if isinstance(n, Filter) and _plain_filter_ok(n) and (at_top or parent != "relationship"):
            continue
        if not at_top and parent is not None and parent != "relationship" and not _is_filter(n):
            yield _err("nesting", f"{parent} may hold only filters, not {n.method}", n, p)
            continue
        if parent == "relationship":
            row = METHODS.get(n.method)
            if row is None or row.category not in ANALYTICS_RULES["relationship_children"]:
                yield _err(
                    "nesting",
                    f"populate may hold filters, select, order, limit, offset and cursors, not {n.method}",
                    n,
                    p,
                )
                continue
        yield from _check(n, p)
        children: tuple[Node, ...] = ()
        if isinstance(n, (And, Or, ElemMatch, Having, Relationship)):
            children = n.children
        method = n.method
        relationship = method == "relationship"
        for k in range(len(children) - 1, -1, -1):
            child = children[k]
            if not relationship and type(child) is Filter and _plain_filter_ok(child):
                continue  # nothing to report, nothing nested
            stack.append((child, (*p, k), False, method))


def _check(n: Node, p: tuple[int, ...]) -> Iterator[Diagnostic]:
    """The problems of ``n`` itself (not of what it holds), from the checker of its class."""
    return _checker(type(n))(n, p)


def _checker(kind: type) -> Callable[[Any, tuple[int, ...]], Iterator[Diagnostic]]:
    for cls in kind.__mro__:  # a subclass of a node is checked as its node
        found = CHECKERS.get(cls)
        if found is not None:
            return found
    return _check_nothing


def _check_nothing(n: Node, p: tuple[int, ...]) -> Iterator[Diagnostic]:
    """Nodes with no rule of their own (an order, ``distinct``, ``populate``)."""
    return iter(())


def _check_and_or(n: And | Or, p: tuple[int, ...]) -> Iterator[Diagnostic]:
    if len(n.children) < 2:
        yield _err("arity", f"{n.method} needs at least two queries", n, p)


def _check_elem_match(n: ElemMatch, p: tuple[int, ...]) -> Iterator[Diagnostic]:
    if not n.children:
        yield _err("arity", "has needs at least one query", n, p)


def _check_having(n: Having, p: tuple[int, ...]) -> Iterator[Diagnostic]:
    if not n.children:
        yield _err("arity", "having needs at least one filter", n, p)


def _check_select(n: Select, p: tuple[int, ...]) -> Iterator[Diagnostic]:
    if not n.attributes:
        yield _err("arity", "select needs at least one attribute", n, p)
    elif len(set(n.attributes)) != len(n.attributes):
        dup = next(a for i, a in enumerate(n.attributes) if a in n.attributes[:i])
        yield _err("duplicate", f'attribute "{dup}" is selected twice', n, p)


def _check_group_by(n: GroupBy, p: tuple[int, ...]) -> Iterator[Diagnostic]:
    if not n.attributes:
        yield _err("arity", "group by needs at least one attribute", n, p)


def _check_limit(n: Limit, p: tuple[int, ...]) -> Iterator[Diagnostic]:
    if n.value < 1:
        yield _err("range", "limit must be at least 1", n, p)


def _check_offset(n: Offset, p: tuple[int, ...]) -> Iterator[Diagnostic]:
    if n.value < 0:
        yield _err("range", "offset must be at least 0", n, p)


def _check_cursor(n: Cursor, p: tuple[int, ...]) -> Iterator[Diagnostic]:
    if not n.id:
        yield _err("range", "a cursor needs a document ID", n, p)


def _check_aggregate(n: Aggregate, p: tuple[int, ...]) -> Iterator[Diagnostic]:
    if n.alias is not None and not _KEY.fullmatch(n.alias):
        yield _err(
            "alias",
            f'"{n.alias}" is not a valid alias',
            n,
            p,
            "use 1 to 36 letters, digits, `_`, `.` or `-`, starting with a letter or digit",
        )


def _check_cross_join(n: CrossJoin, p: tuple[int, ...]) -> Iterator[Diagnostic]:
    if n.alias is not None and not _KEY.fullmatch(n.alias):
        yield _err("alias", f'"{n.alias}" is not a valid alias', n, p)


def _check_join(n: Join, p: tuple[int, ...]) -> Iterator[Diagnostic]:
    if n.alias is not None and not _KEY.fullmatch(n.alias):
        yield _err("alias", f'"{n.alias}" is not a valid alias', n, p)
    if not n.conditions:
        yield _err("arity", "a join needs at least one condition", n, p)
    for c in n.conditions:
        if c.operator not in ANALYTICS_RULES["join_operators"]:
            yield _err("operator", f"{c.operator!r} is not a join operator", c, p)


def _check_on(n: On, p: tuple[int, ...]) -> Iterator[Diagnostic]:
    if n.operator not in ANALYTICS_RULES["join_operators"]:
        yield _err("operator", f"{n.operator!r} is not a join operator", n, p)


def _check_filter(n: Filter, p: tuple[int, ...]) -> Iterator[Diagnostic]:
    row = METHODS.get(n.method)
    if row is None:
        yield _unknown(n, p)
        return
    if n.method in ("equal", "notEqual") and None in n.values:
        yield Diagnostic(
            "null-value",
            f"to test for null, write `{n.attribute} is {'not ' if n.method == 'notEqual' else ''}null`",
            _span(n),
            None,
            "warning",
            p,
        )
    if n.method == "between" and len(n.values) == 2 and _empty_range(n.values[0], n.values[1]):
        from querykit import format as format_text

        low, high = n.values
        swapped = format_text(Filter("between", n.attribute, (high, low)), wrap=False)
        yield Diagnostic(
            "empty-range",
            f"the range {low!r}..{high!r} is empty: between matches nothing when the first bound is "
            "above the second",
            _span(n),
            f"write {swapped}",
            "warning",
            p,
        )
    if n.method == "regex":
        yield Diagnostic(
            "server-rejects",
            "the Appwrite 1.9 server rejects regex queries (Invalid query method: regex)",
            _span(n),
            None,
            "warning",
            p,
        )
    problem = _shape_problem(row, n.values)
    if problem is not None:
        yield _err("arity", f"{_name(row)} takes {problem}", n, p)
    elif n.method in _TEXT_ONLY and not isinstance(n.values[0], str):
        yield _err("value-type", f"{n.method} takes a string", n, p)


def _empty_range(low: Value, high: Value) -> bool:
    """Both bounds numbers and the first above the second. (Strings are left alone: how they
    compare depends on the database's collation.)"""
    return _is_number(low) and _is_number(high) and low > high  # type: ignore[operator]


def _name(row: Method) -> str:
    return row.name


def _shape_problem(row: Method, values: tuple[Value, ...]) -> str | None:
    count = len(values)
    arity = row.arity
    if arity == "one" and count != 1:
        return _ARITY_WORDS["one"]
    if arity == "two" and count != 2:
        return _ARITY_WORDS["two"]
    if arity == "many" and count == 0:
        return _ARITY_WORDS["many"]
    if arity == "none" and count != 0:
        return _ARITY_WORDS["none"]
    if arity == "names" and (count == 0 or not all(isinstance(v, str) for v in values)):
        return _ARITY_WORDS["names"]
    if arity == "geometry" and (count != 1 or not _is_geometry(values[0])):
        return (
            _ARITY_WORDS["geometry"] + " (a point [x, y], a line [[x, y], ...] or a polygon [[[x, y], ...]])"
        )
    if arity == "distance":
        ok = (
            count == 1
            and isinstance(values[0], tuple)
            and len(values[0]) == 3
            and _is_geometry(values[0][0])
            and _is_number(values[0][1])
            and isinstance(values[0][2], bool)
        )
        if not ok:
            return _ARITY_WORDS["distance"]
    if arity == "vector" and (
        count != 1
        or not isinstance(values[0], tuple)
        or not values[0]
        or not all(_is_number(v) for v in values[0])
    ):
        return _ARITY_WORDS["vector"]
    return None


def _is_number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _is_geometry(v: Value) -> bool:
    def point(x: Value) -> bool:
        return isinstance(x, tuple) and len(x) == 2 and all(_is_number(c) for c in x)

    def line(x: Value) -> bool:
        return isinstance(x, tuple) and len(x) > 0 and all(point(c) for c in x)

    return point(v) or line(v) or (isinstance(v, tuple) and len(v) > 0 and all(line(r) for r in v))


def _unknown(n: Node, p: tuple[int, ...]) -> Diagnostic:
    import difflib

    close = difflib.get_close_matches(n.method, list(METHODS), n=1)
    hint = f'did you mean "{close[0]}"?' if close else None
    return _err("unknown-method", f'unknown method "{n.method}"', n, p, hint)


def _check_call(n: Call, p: tuple[int, ...]) -> Iterator[Diagnostic]:
    row = METHODS.get(n.method)
    if row is None:
        yield _unknown(n, p)
        return
    if row.attribute == "required" and n.attribute is None:
        yield _err("attribute", f"{n.method} needs an attribute", n, p)
        return
    if row.attribute == "none" and n.attribute is not None:
        yield _err("attribute", f"{n.method} takes no attribute", n, p)
        return
    expected = {
        "int": "one whole number",
        "id": "one document ID (a string)",
        "names": "attribute names (strings)",
        "alias": "at most one alias (a non-empty string)",
        "none": "no values",
        "on": "[left, operator, right]",
        "join": "[left, operator, right] with an optional alias, or `on` conditions",
    }.get(row.arity, _ARITY_WORDS.get(row.arity, "other values"))
    yield _err("arity", f"{n.method} takes {expected}", n, p)


#: The checker of each node class: the problems of one node, given its path. Every class of
#: :data:`querykit.nodes.NODE_TYPES` has one (a test holds the table to the node classes).
CHECKERS: dict[type[Node], Callable[[Any, tuple[int, ...]], Iterator[Diagnostic]]] = {
    Filter: _check_filter,
    And: _check_and_or,
    Or: _check_and_or,
    ElemMatch: _check_elem_match,
    Select: _check_select,
    Aggregate: _check_aggregate,
    Distinct: _check_nothing,
    GroupBy: _check_group_by,
    Having: _check_having,
    On: _check_on,
    Join: _check_join,
    CrossJoin: _check_cross_join,
    Relationship: _check_nothing,
    Order: _check_nothing,
    OrderRandom: _check_nothing,
    Limit: _check_limit,
    Offset: _check_offset,
    Cursor: _check_cursor,
    Call: _check_call,
}


def _schema_diagnostics(
    parts: Sequence[Node], schema: Collection, profile: str | None, server: str = "latest"
) -> Iterator[Diagnostic]:
    """The server's verdict on each top-level query alone, as a diagnostic with its place."""
    from querykit.appwrite.codec import encode_node
    from querykit.appwrite.validator import check_list_documents

    keys = [a.key for a in schema.attributes]
    legacy = server != "latest" and _is_legacy(server)
    for i, part in enumerate(parts):
        try:
            wire = encode_node(part)
            if legacy:
                from querykit.legacy import dumps

                wire = dumps([wire])[0]
        except Exception:  # a structural or version diagnostic already covers it
            continue
        verdict = check_list_documents([wire], schema, profile=profile, server=server)
        if verdict.valid:
            continue
        message = verdict.message.removeprefix("Invalid query: ")
        m = re.search(r"Attribute not found in schema: (.*)$", message)
        if m:
            name = m.group(1)
            import difflib

            close = difflib.get_close_matches(name, keys, n=1)
            message = f'attribute "{name}" not found in schema'
            if close:
                message += f'; did you mean "{close[0]}"?'
        yield Diagnostic("server", message, _span(part), verdict.hint or None, "error", (i,))


def _is_legacy(server: str) -> bool:
    from querykit.releases import get_line

    return get_line(server).query_format == "legacy"
