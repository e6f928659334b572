"""Properties of requires(): the line it names accepts what today's server accepts, and the
line before it refuses."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import querykit as qk
from querykit.appwrite import Attribute, Collection, Index, check_list_documents
from querykit.ast import And, Cursor, Filter, Limit, Node, Offset, Or, Order, OrderRandom, Select
from querykit.errors import QueryError
from querykit.legacy import dumps
from querykit.releases import LINE_NAMES, get_line
from tests.properties.strategies import ANY_ORDER, TEXT

# A collection with one attribute of each kind the generated queries use.
COLLECTION = Collection(
    (
        Attribute("title", "string", size=255),
        Attribute("n", "integer", size=8),
        Attribute("x", "double"),
        Attribute("flag", "boolean"),
        Attribute("tags", "string", array=True, size=64),
        Attribute("author", "relationship", relation_type="oneToOne", two_way=True, side="parent"),
        Attribute("loc", "point"),
        Attribute("emb", "vector", size=3),
    ),
    (Index("ft", "fulltext", ("title",)),),
)

INTS = st.integers(-(2**63), 2**63 - 1)
NUMBERS = st.one_of(INTS, st.floats(allow_nan=False, allow_infinity=False))
# Mostly plain words; sometimes any text (a backslash before , [ ] " ' has no legacy form).
WORDS = st.one_of(st.from_regex(r"[A-Za-z0-9 _.-]{0,12}", fullmatch=True), TEXT)
POINT = st.tuples(NUMBERS, NUMBERS)


def _many(values: st.SearchStrategy[object]) -> st.SearchStrategy[tuple[object, ...]]:
    return st.one_of(
        st.lists(values, min_size=1, max_size=4).map(tuple),
        st.integers(95, 130).flatmap(lambda k: st.lists(values, min_size=k, max_size=k).map(tuple)),
    )


FILTERS: st.SearchStrategy[Node] = st.one_of(
    st.builds(Filter, st.just("equal"), st.just("title"), _many(WORDS)),
    st.builds(Filter, st.just("equal"), st.just("n"), _many(INTS)),
    st.builds(
        Filter,
        st.sampled_from(
            ["notEqual", "startsWith", "endsWith", "notStartsWith", "notEndsWith", "search", "notSearch"]
        ),
        st.just("title"),
        WORDS.map(lambda w: (w,)),
    ),
    st.builds(
        Filter,
        st.sampled_from(["lessThan", "lessThanEqual", "greaterThan", "greaterThanEqual", "notEqual"]),
        st.sampled_from(["n", "$sequence"]),
        st.integers(1, 2**40).map(lambda v: (v,)),
    ),
    st.builds(Filter, st.sampled_from(["between", "notBetween"]), st.just("x"), st.tuples(NUMBERS, NUMBERS)),
    st.builds(
        Filter,
        st.sampled_from(["contains", "notContains", "containsAny", "containsAll"]),
        st.sampled_from(["tags", "title"]),
        _many(WORDS),
    ),
    st.builds(
        Filter,
        st.sampled_from(["isNull", "isNotNull"]),
        st.sampled_from(["title", "n", "x", "flag", "tags"]),
    ),
    st.builds(Filter, st.just("equal"), st.just("flag"), st.booleans().map(lambda b: (b,))),
    st.builds(
        Filter, st.just("equal"), st.sampled_from(["author", "author.name"]), WORDS.map(lambda w: (w,))
    ),
    st.builds(
        Filter,
        st.sampled_from(["intersects", "notIntersects", "crosses", "overlaps", "touches", "notTouches"]),
        st.just("loc"),
        POINT.map(lambda p: (p,)),
    ),
    st.builds(
        Filter,
        st.sampled_from(["distanceLessThan", "distanceGreaterThan", "distanceEqual"]),
        st.just("loc"),
        st.tuples(POINT, NUMBERS, st.booleans()).map(lambda t: (t,)),
    ),
    st.builds(
        Filter,
        st.sampled_from(["vectorDot", "vectorCosine", "vectorEuclidean"]),
        st.just("emb"),
        st.tuples(NUMBERS, NUMBERS, NUMBERS).map(lambda v: (v,)),
    ),
)
LOGICAL = st.one_of(
    FILTERS,
    st.lists(FILTERS, min_size=2, max_size=3).map(lambda c: And(tuple(c))),
    st.lists(FILTERS, min_size=2, max_size=3).map(lambda c: Or(tuple(c))),
)
SELECTABLE = ["title", "n", "tags", "author.name", "*", "$id", "$createdAt", "$sequence"]
CLAUSES: st.SearchStrategy[Node] = st.one_of(
    st.lists(st.sampled_from(SELECTABLE), min_size=1, max_size=3, unique=True).map(
        lambda a: Select(tuple(a))
    ),
    st.builds(Order, st.sampled_from(["title", "n", "x", "$sequence", None]), st.booleans()),
    st.just(OrderRandom()),
    st.integers(1, 10**6).map(Limit),
    st.integers(0, 10**6).map(Offset),
    st.builds(Cursor, st.from_regex(r"[a-z0-9][a-z0-9_]{0,20}", fullmatch=True), st.booleans()),
)
QUERIES = st.lists(st.one_of(LOGICAL, LOGICAL, CLAUSES), min_size=1, max_size=4).map(
    lambda parts: qk.Query(tuple(parts))
)


def _wire(query: qk.Query, line: str) -> list[str] | None:
    """The strings a client of ``line`` sends, or ``None`` when its format cannot hold them."""
    strings = qk.to_appwrite(query)
    if get_line(line).query_format == "legacy":
        try:
            return dumps(strings)
        except QueryError:
            return None
    return strings


def _accepted(query: qk.Query, line: str) -> bool:
    wire = _wire(query, line)
    return wire is not None and check_list_documents(wire, COLLECTION, server=line).valid


@settings(max_examples=500, deadline=None)
@given(QUERIES)
def test_requires_names_the_oldest_line_that_accepts(query: qk.Query) -> None:
    if not check_list_documents(qk.to_appwrite(query), COLLECTION).valid:
        return
    line = qk.requires(query)
    assert qk.requires(query, schema=COLLECTION) == line
    assert _accepted(query, line), (line, qk.to_appwrite(query))
    index = LINE_NAMES.index(line)
    if index > 0:
        before = LINE_NAMES[index - 1]
        assert not _accepted(query, before), (before, qk.to_appwrite(query))


@settings(max_examples=200, deadline=None)
@given(ANY_ORDER)
def test_requires_on_any_generated_query(query: qk.Query) -> None:
    try:
        strings = qk.to_appwrite(query)
    except QueryError:
        return
    schema = _schema_naming(query)
    if not check_list_documents(strings, schema).valid:
        return
    line = qk.requires(query)
    wire = _wire(query, line)
    assert wire is not None
    assert check_list_documents(wire, schema, server=line).valid


def _schema_naming(query: qk.Query) -> Collection:
    """A collection with a string attribute for every name the query uses."""
    names: set[str] = set()
    stack: list[Node] = list(query.parts)
    while stack:
        node = stack.pop()
        attribute = getattr(node, "attribute", None)
        if isinstance(attribute, str) and attribute:
            names.add(attribute.split(".", 1)[0] if "." in attribute else attribute)
        for name in getattr(node, "attributes", ()) or ():
            if isinstance(name, str):
                names.add(name.split(".", 1)[0])
        children = getattr(node, "children", None)
        if isinstance(children, tuple):
            stack.extend(c for c in children if isinstance(c, Node))
    return Collection(tuple(Attribute(n, "string", size=255) for n in sorted(names) if not n.startswith("$")))
