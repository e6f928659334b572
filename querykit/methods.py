"""The method catalog: one row per Appwrite query method.

The codec, the validator, the formatter, the builder and the docs all read this table, so
supporting a method Appwrite adds later is one new row (plus, if it deserves one, a text form).

>>> from querykit.methods import METHODS
>>> row = METHODS["lessThan"]
>>> row.category, row.complement, row.arity
('filter', 'greaterThanEqual', 'one')
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from querykit.releases import LINE_NAMES, NEVER_ACCEPTED, first_line

__all__ = ["CATEGORIES", "METHODS", "Arity", "Category", "Method", "method"]

Category = Literal[
    "filter",
    "logical",
    "spatial",
    "distance",
    "vector",
    "select",
    "order",
    "limit",
    "offset",
    "cursor",
    "aggregate",
    "distinct",
    "group",
    "having",
    "join",
    "on",
    "relationship",
]

#: The shape of ``values``:
#:
#: - ``none``: no values (the SDK omits the key);
#: - ``one``, ``two``: exactly that many scalars;
#: - ``many``: one or more values;
#: - ``names``: one or more attribute names (strings);
#: - ``queries``: nested query objects;
#: - ``geometry``: one geometry (a point, linestring or polygon as nested lists);
#: - ``distance``: ``[[geometry, distance, meters]]``;
#: - ``vector``: ``[[f1, ..., fn]]``;
#: - ``int``: one integer; ``id``: one document ID;
#: - ``alias``: an optional alias (zero or one string);
#: - ``join``: ``[left, op, right(, alias)]`` or ``[(alias,) on...]``;
#: - ``on``: ``[left, op, right]``.
Arity = Literal[
    "none",
    "one",
    "two",
    "many",
    "names",
    "queries",
    "geometry",
    "distance",
    "vector",
    "int",
    "id",
    "alias",
    "join",
    "on",
]

#: Categories that are filters: they may appear inside ``and``, ``or``, ``has`` and ``having``.
FILTER_CATEGORIES: frozenset[str] = frozenset({"filter", "logical", "spatial", "distance", "vector"})


@dataclass(frozen=True, slots=True)
class Method:
    """One row of the catalog."""

    name: str
    category: Category
    #: ``required``: the query names an attribute; ``none``: it has no attribute key;
    #: ``optional``: it may (``orderAsc`` with no attribute means ``$sequence``).
    attribute: Literal["required", "none", "optional"]
    arity: Arity
    #: The method ``not`` turns this one into, when an exact complement exists.
    complement: str | None
    #: The first Appwrite release whose server knows the method: "-" for methods of the newest
    #: SDKs whose server is newer than 1.9.6; "never" for a method no server release accepts.
    since: str
    #: The official Python SDK's helper name.
    sdk: str
    #: One-line description for docs and completion.
    summary: str

    @property
    def is_filter(self) -> bool:
        """True for methods allowed inside ``and``/``or``/``has``/``having``."""
        return self.category in FILTER_CATEGORIES

    @property
    def has_values_key(self) -> bool:
        """Whether the SDK always emits a ``values`` key for this method."""
        return self.arity not in ("none", "alias")


def _rows() -> list[Method]:
    f: Category = "filter"
    rows = [
        Method("equal", f, "required", "many", "notEqual", "1.0", "equal", "equal to any of the values"),
        Method("notEqual", f, "required", "one", "equal", "1.0", "not_equal", "not equal to the value"),
        Method("lessThan", f, "required", "one", "greaterThanEqual", "1.0", "less_than", "less than"),
        Method(
            "lessThanEqual",
            f,
            "required",
            "one",
            "greaterThan",
            "1.0",
            "less_than_equal",
            "less than or equal",
        ),
        Method("greaterThan", f, "required", "one", "lessThanEqual", "1.0", "greater_than", "greater than"),
        Method(
            "greaterThanEqual",
            f,
            "required",
            "one",
            "lessThan",
            "1.0",
            "greater_than_equal",
            "greater than or equal",
        ),
        Method(
            "search",
            f,
            "required",
            "one",
            "notSearch",
            "1.0",
            "search",
            "full-text search (needs a fulltext index)",
        ),
        Method(
            "notSearch", f, "required", "one", "search", "1.8.0", "not_search", "full-text search, negated"
        ),
        Method("isNull", f, "required", "none", "isNotNull", "1.3.0", "is_null", "is null"),
        Method("isNotNull", f, "required", "none", "isNull", "1.3.0", "is_not_null", "is not null"),
        Method(
            "between", f, "required", "two", "notBetween", "1.3.0", "between", "between two values, inclusive"
        ),
        Method("notBetween", f, "required", "two", "between", "1.8.0", "not_between", "outside two values"),
        Method("startsWith", f, "required", "one", "notStartsWith", "1.3.0", "starts_with", "starts with"),
        Method(
            "notStartsWith",
            f,
            "required",
            "one",
            "startsWith",
            "1.8.0",
            "not_starts_with",
            "does not start with",
        ),
        Method("endsWith", f, "required", "one", "notEndsWith", "1.3.0", "ends_with", "ends with"),
        Method(
            "notEndsWith", f, "required", "one", "endsWith", "1.8.0", "not_ends_with", "does not end with"
        ),
        Method(
            "contains",
            f,
            "required",
            "many",
            "notContains",
            "1.0",
            "contains",
            "substring of a string, element of an array",
        ),
        Method("containsAny", f, "required", "many", None, "1.9.0", "contains_any", "array holds any value"),
        Method(
            "containsAll", f, "required", "many", None, "1.9.0", "contains_all", "array holds every value"
        ),
        Method("notContains", f, "required", "many", "contains", "1.8.0", "not_contains", "does not contain"),
        Method(
            "regex",
            f,
            "required",
            "one",
            None,
            "-",
            "regex",
            "regular expression (the 1.9 server rejects it)",
        ),
        Method(
            "exists",
            f,
            "none",
            "names",
            "notExists",
            "1.9.0",
            "exists",
            "the attributes exist (schemaless databases)",
        ),
        Method(
            "notExists",
            f,
            "none",
            "names",
            "exists",
            "1.9.0",
            "not_exists",
            "the attributes do not exist (schemaless databases)",
        ),
        Method("and", "logical", "none", "queries", "or", "1.5.0", "and_queries", "all of the queries"),
        Method("or", "logical", "none", "queries", "and", "1.5.0", "or_queries", "any of the queries"),
        Method(
            "elemMatch",
            "logical",
            "required",
            "queries",
            None,
            "1.9.0",
            "elem_match",
            "some element of an array of objects matches (schemaless databases)",
        ),
        Method("select", "select", "none", "names", None, "1.3.0", "select", "attributes to return"),
        Method("orderAsc", "order", "optional", "none", None, "1.0", "order_asc", "ascending order"),
        Method("orderDesc", "order", "optional", "none", None, "1.0", "order_desc", "descending order"),
        Method("orderRandom", "order", "none", "none", None, "1.8.0", "order_random", "random order"),
        Method("limit", "limit", "none", "int", None, "1.0", "limit", "at most this many results"),
        Method("offset", "offset", "none", "int", None, "1.0", "offset", "skip this many results"),
        Method(
            "cursorAfter", "cursor", "none", "id", None, "1.0", "cursor_after", "results after a document"
        ),
        Method(
            "cursorBefore", "cursor", "none", "id", None, "1.0", "cursor_before", "results before a document"
        ),
    ]
    for name, comp, sdk in (
        ("distanceEqual", "distanceNotEqual", "distance_equal"),
        ("distanceNotEqual", "distanceEqual", "distance_not_equal"),
        ("distanceGreaterThan", None, "distance_greater_than"),
        ("distanceLessThan", None, "distance_less_than"),
    ):
        rows.append(
            Method(
                name,
                "distance",
                "required",
                "distance",
                comp,
                "1.8.0",
                sdk,
                "distance to a geometry compared with a number",
            )
        )
    for pos, neg, since in (
        ("intersects", "notIntersects", "1.8.0"),
        ("crosses", "notCrosses", "1.8.0"),
        ("overlaps", "notOverlaps", "1.8.0"),
        ("touches", "notTouches", "1.8.0"),
        ("covers", "notCovers", "-"),
        ("spatialEquals", "notSpatialEquals", "-"),
    ):
        rows.append(
            Method(
                pos, "spatial", "required", "geometry", neg, since, _snake(pos), f"spatial predicate {pos}"
            )
        )
        rows.append(
            Method(
                neg,
                "spatial",
                "required",
                "geometry",
                pos,
                since,
                _snake(neg),
                f"spatial predicate {pos}, negated",
            )
        )
    for name in ("vectorDot", "vectorCosine", "vectorEuclidean"):
        rows.append(
            Method(
                name,
                "vector",
                "required",
                "vector",
                None,
                "1.9.0",
                _snake(name),
                "vector similarity ordering",
            )
        )
    for name in (
        "count",
        "countDistinct",
        "sum",
        "avg",
        "min",
        "max",
        "stddev",
        "stddevPop",
        "stddevSamp",
        "variance",
        "varPop",
        "varSamp",
        "bitAnd",
        "bitOr",
        "bitXor",
    ):
        rows.append(
            Method(
                name,
                "aggregate",
                "required",
                "alias",
                None,
                "-",
                _snake(name),
                f"aggregate {name}, with an optional alias",
            )
        )
    rows += [
        Method("distinct", "distinct", "none", "none", None, "-", "distinct", "distinct rows"),
        Method("groupBy", "group", "none", "names", None, "-", "group_by", "group by attributes"),
        Method("having", "having", "none", "queries", None, "-", "having", "filters over aggregates"),
        Method("on", "on", "none", "on", None, "-", "on", "a join condition"),
        Method("join", "join", "required", "join", None, "-", "join", "inner join"),
        Method("leftJoin", "join", "required", "join", None, "-", "left_join", "left outer join"),
        Method("rightJoin", "join", "required", "join", None, "-", "right_join", "right outer join"),
        Method("fullOuterJoin", "join", "required", "join", None, "-", "full_outer_join", "full outer join"),
        Method("crossJoin", "join", "required", "alias", None, "-", "cross_join", "cross join"),
        Method(
            "relationship",
            "relationship",
            "required",
            "queries",
            None,
            "-",
            "relationship",
            "a nested query over populated related documents",
        ),
    ]
    return rows


def _with_registry_since(rows: list[Method]) -> list[Method]:
    """The ``since`` column from the registry of release lines: a method first accepted by a
    line after 1.4 gets that line's first release; one no line accepts keeps ``-`` (newer than
    the newest line) or becomes ``never`` (a method the server has never accepted). Methods 1.4
    already accepted keep the older release that added them."""
    out = []
    for row in rows:
        line = first_line(row.name)
        if line is None:
            since = "never" if row.name in NEVER_ACCEPTED else row.since
        elif line == LINE_NAMES[0]:
            since = row.since
        else:
            since = f"{line}.0"
        out.append(row if since == row.since else replace(row, since=since))
    return out


def _snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in name)


#: Every known method, by its JSON name.
METHODS: dict[str, Method] = {row.name: row for row in _with_registry_since(_rows())}

#: Every category, in the canonical clause order of the text form.
CATEGORIES: tuple[str, ...] = (
    "filter",
    "logical",
    "spatial",
    "distance",
    "vector",
    "select",
    "aggregate",
    "distinct",
    "group",
    "having",
    "join",
    "relationship",
    "order",
    "limit",
    "offset",
    "cursor",
    "on",
)

#: Operators the ``on`` condition of a join accepts (the SDK passes them through).
JOIN_OPERATORS: tuple[str, ...] = ("=", "!=", "<", "<=", ">", ">=")


def method(name: str) -> Method | None:
    """The catalog row for ``name``, or ``None`` for a method querykit does not know."""
    return METHODS.get(name)
