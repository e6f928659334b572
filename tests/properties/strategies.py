"""Hypothesis strategies that build querykit ASTs.

Every AST these strategies build can be written as text and as Appwrite JSON; the round-trip
properties in this folder rely on that.
"""

from __future__ import annotations

from hypothesis import strategies as st

from querykit.appwrite.codec import node_from_parts
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
)
from querykit.limits import INT64_MAX, INT64_MIN
from querykit.methods import JOIN_OPERATORS, METHODS

# Text without surrogates (a lone surrogate is not text; querykit rejects it).
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)

PLAIN_NAMES = st.from_regex(
    r"[A-Za-z_$][A-Za-z0-9_]{0,6}(\.[A-Za-z_$][A-Za-z0-9_]{0,5}){0,2}", fullmatch=True
)
KEYWORD_NAMES = st.sampled_from(
    [
        "order",
        "limit",
        "select",
        "and",
        "Not",
        "IN",
        "null",
        "true",
        "size",
        "page",
        "created",
        "random",
        "distinct",
        "join",
        "on",
        "as",
        "by",
    ]
)
ATTRIBUTES = st.one_of(
    PLAIN_NAMES, PLAIN_NAMES, KEYWORD_NAMES, TEXT, st.sampled_from(["$id", "$createdAt", "a-b"])
)

SCALARS: st.SearchStrategy[Value] = st.one_of(
    TEXT,
    st.integers(INT64_MIN, INT64_MAX),
    st.integers(-1000, 1000),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
)


def _nest(children: st.SearchStrategy[Value]) -> st.SearchStrategy[Value]:
    return st.one_of(
        st.lists(children, max_size=4).map(tuple),
        st.dictionaries(TEXT, children, max_size=3).map(lambda d: JsonObject(tuple(d.items()))),
    )


VALUES: st.SearchStrategy[Value] = st.recursive(SCALARS, _nest, max_leaves=8)
NUMBERS = st.one_of(st.integers(-(10**6), 10**6), st.floats(-1e6, 1e6, allow_nan=False))
POINTS = st.tuples(NUMBERS, NUMBERS)
GEOMETRY: st.SearchStrategy[Value] = st.one_of(
    POINTS,
    st.lists(POINTS, min_size=1, max_size=4).map(tuple),
    st.lists(st.lists(POINTS, min_size=1, max_size=4).map(tuple), min_size=1, max_size=2).map(tuple),
)

_FILTER_ROWS = [r for r in METHODS.values() if r.category in ("filter", "spatial", "distance", "vector")]


@st.composite
def filters(draw: st.DrawFn) -> Node:
    row = draw(st.sampled_from(_FILTER_ROWS))
    if row.attribute == "none":  # exists / notExists
        names = draw(st.lists(st.one_of(ATTRIBUTES, SCALARS), max_size=3))
        return Filter(row.name, "", tuple(names))
    attribute = draw(ATTRIBUTES)
    arity = row.arity
    shaped = draw(st.booleans())
    if not shaped:
        values = tuple(draw(st.lists(VALUES, max_size=4)))
    elif arity == "one":
        values = (draw(VALUES),)
    elif arity == "two":
        values = (draw(SCALARS), draw(SCALARS))
    elif arity == "many":
        values = tuple(draw(st.lists(VALUES, min_size=1, max_size=5)))
    elif arity == "none":
        values = ()
    elif arity == "geometry":
        values = (draw(GEOMETRY),)
    elif arity == "distance":
        values = ((draw(GEOMETRY), draw(NUMBERS), draw(st.booleans())),)
    elif arity == "vector":
        values = (tuple(draw(st.lists(NUMBERS, min_size=1, max_size=5))),)
    else:
        values = ()
    return Filter(row.name, attribute, values)


CALL_NAMES = st.from_regex(r"[a-z][A-Za-z0-9_]{0,8}", fullmatch=True).filter(
    lambda n: n not in METHODS and n.lower() not in ("not", "distance")
)


@st.composite
def calls(draw: st.DrawFn) -> Node:
    """Generic calls: unknown methods, and known methods with shapes no typed node holds."""
    if draw(st.booleans()):
        method = draw(CALL_NAMES)
        attribute = draw(st.none() | ATTRIBUTES)
        values = draw(st.none() | st.lists(VALUES, min_size=1, max_size=3).map(tuple))
        return Call(method, attribute, values)
    row = draw(
        st.sampled_from(
            [
                r
                for r in METHODS.values()
                if r.category in ("limit", "offset", "cursor", "select", "group", "on")
            ]
        )
    )
    values = tuple(draw(st.lists(VALUES, max_size=3)))
    node = node_from_parts(row.name, None, values)
    return node if isinstance(node, Call) else Call(row.name, None, (1.5, None, True))


def logical(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    many = st.lists(children, min_size=2, max_size=4).map(tuple)
    return st.one_of(
        many.map(And),
        many.map(Or),
        st.tuples(ATTRIBUTES, st.lists(children, min_size=1, max_size=3).map(tuple)).map(
            lambda t: ElemMatch(t[0], t[1])
        ),
    )


FILTERS: st.SearchStrategy[Node] = st.recursive(st.one_of(filters(), calls()), logical, max_leaves=10)

ALIASES = st.none() | st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,6}", fullmatch=True) | KEYWORD_NAMES
AGGREGATES = [r.name for r in METHODS.values() if r.category == "aggregate"]
SELECT_ITEMS = st.one_of(ATTRIBUTES, st.just("*"), PLAIN_NAMES.map(lambda n: n + ".*"))

ON = st.builds(On, ATTRIBUTES, st.sampled_from(JOIN_OPERATORS), ATTRIBUTES)


@st.composite
def joins(draw: st.DrawFn) -> Node:
    method = draw(st.sampled_from(["join", "leftJoin", "rightJoin", "fullOuterJoin"]))
    table = draw(ATTRIBUTES)
    alias = draw(ALIASES.filter(lambda a: a != ""))
    if draw(st.booleans()):
        return Join(method, table, (draw(ON),), alias, False)
    return Join(method, table, tuple(draw(st.lists(ON, min_size=1, max_size=3))), alias, True)


CLAUSES: st.SearchStrategy[Node] = st.one_of(
    st.lists(SELECT_ITEMS, max_size=4).map(lambda a: Select(tuple(a))),
    st.builds(Aggregate, st.sampled_from(AGGREGATES), ATTRIBUTES | st.just("*"), ALIASES),
    st.just(Distinct()),
    st.lists(ATTRIBUTES, max_size=3).map(lambda a: GroupBy(tuple(a))),
    st.lists(FILTERS, min_size=1, max_size=3).map(lambda c: Having(tuple(c))),
    joins(),
    st.builds(CrossJoin, ATTRIBUTES, ALIASES),
    st.builds(Order, ATTRIBUTES | st.none(), st.booleans()),
    st.just(OrderRandom()),
    st.integers(INT64_MIN, INT64_MAX).map(Limit),
    st.integers(-5, 10**6).map(Offset),
    st.builds(Cursor, TEXT, st.booleans()),
)


def _canonical(parts: list[Node]) -> tuple[Node, ...]:
    return tuple(sorted(parts, key=lambda p: p.rank))


@st.composite
def relationships(draw: st.DrawFn) -> Node:
    inner = draw(st.lists(st.one_of(FILTERS, CLAUSES), max_size=3))
    return Relationship(draw(ATTRIBUTES), _canonical(inner))


PARTS = st.one_of(FILTERS, FILTERS, CLAUSES, relationships())

#: Whole queries, their parts in canonical clause order (so ``parse(format(q)) == q``).
QUERIES: st.SearchStrategy[Query] = st.lists(PARTS, max_size=6).map(lambda p: Query(_canonical(p)))

#: Whole queries in any order (the JSON round trip keeps the order).
ANY_ORDER: st.SearchStrategy[Query] = st.lists(PARTS, max_size=6).map(lambda p: Query(tuple(p)))
