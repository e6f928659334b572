"""The method catalog: one row per Appwrite query method.

The codec, the validator, the formatter, the builder and the docs all read this table, so
supporting a method Appwrite adds later is one new row (plus, if it deserves one, a text form).

>>> from querykit.methods import METHODS
>>> row = METHODS["lessThan"]
>>> row.category, row.complement, row.arity
('filter', 'greaterThanEqual', 'one')
"""

from __future__ import annotations

from typing import Final, Literal

from querykit.valueclasses import frozen_dataclass

__all__ = ["CATEGORIES", "METHODS", "Arity", "AttributeUse", "Category", "Method", "method"]

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

#: Whether a query names an attribute: ``required``, it does; ``none``, it has no attribute key;
#: ``optional``, it may (``orderAsc`` with no attribute means ``$sequence``).
AttributeUse = Literal["required", "none", "optional"]

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


_setattr = object.__setattr__


@frozen_dataclass()
class Method:
    """One row of the catalog."""

    name: str
    category: Category
    attribute: AttributeUse
    arity: Arity
    #: The method ``not`` turns this one into, when an exact complement exists.
    complement: str | None
    #: The first Appwrite release whose server accepts the method: "-" for methods of the newest
    #: SDKs whose server is newer than 1.9.6; "never" for a method no server release accepts.
    #: From 1.4 on it is the first release of the line that
    #: :func:`querykit.releases.first_line` names (a test holds the two together).
    since: str
    #: The official Python SDK's helper name.
    sdk: str
    #: One-line description for docs and completion.
    summary: str

    def __init__(
        self,
        name: str,
        category: Category,
        attribute: AttributeUse,
        arity: Arity,
        complement: str | None,
        since: str,
        sdk: str,
        summary: str,
    ) -> None:
        _setattr(self, "name", name)
        _setattr(self, "category", category)
        _setattr(self, "attribute", attribute)
        _setattr(self, "arity", arity)
        _setattr(self, "complement", complement)
        _setattr(self, "since", since)
        _setattr(self, "sdk", sdk)
        _setattr(self, "summary", summary)

    @property
    def is_filter(self) -> bool:
        """True for methods allowed inside ``and``/``or``/``has``/``having``."""
        return self.category in FILTER_CATEGORIES

    @property
    def has_values_key(self) -> bool:
        """Whether the SDK always emits a ``values`` key for this method."""
        return self.arity not in ("none", "alias")


#: The catalog itself, one line per method, in the order of the fields of :class:`Method`. It is
#: kept out of the formatter so that the columns stay aligned: a new method is one new line.
# fmt: off
_TABLE: Final[tuple[tuple[str, Category, AttributeUse, Arity, str | None, str, str, str], ...]] = (
    # name                   category        attribute   arity       complement          since    sdk                      summary
    ("equal",               "filter",       "required", "many",     "notEqual",         "1.0",   "equal",                 "equal to any of the values"),
    ("notEqual",            "filter",       "required", "one",      "equal",            "1.0",   "not_equal",             "not equal to the value"),
    ("lessThan",            "filter",       "required", "one",      "greaterThanEqual", "1.0",   "less_than",             "less than"),
    ("lessThanEqual",       "filter",       "required", "one",      "greaterThan",      "1.0",   "less_than_equal",       "less than or equal"),
    ("greaterThan",         "filter",       "required", "one",      "lessThanEqual",    "1.0",   "greater_than",          "greater than"),
    ("greaterThanEqual",    "filter",       "required", "one",      "lessThan",         "1.0",   "greater_than_equal",    "greater than or equal"),
    ("search",              "filter",       "required", "one",      "notSearch",        "1.0",   "search",                "full-text search (needs a fulltext index)"),
    ("notSearch",           "filter",       "required", "one",      "search",           "1.8.0", "not_search",            "full-text search, negated"),
    ("isNull",              "filter",       "required", "none",     "isNotNull",        "1.3.0", "is_null",               "is null"),
    ("isNotNull",           "filter",       "required", "none",     "isNull",           "1.3.0", "is_not_null",           "is not null"),
    ("between",             "filter",       "required", "two",      "notBetween",       "1.3.0", "between",               "between two values, inclusive"),
    ("notBetween",          "filter",       "required", "two",      "between",          "1.8.0", "not_between",           "outside two values"),
    ("startsWith",          "filter",       "required", "one",      "notStartsWith",    "1.3.0", "starts_with",           "starts with"),
    ("notStartsWith",       "filter",       "required", "one",      "startsWith",       "1.8.0", "not_starts_with",       "does not start with"),
    ("endsWith",            "filter",       "required", "one",      "notEndsWith",      "1.3.0", "ends_with",             "ends with"),
    ("notEndsWith",         "filter",       "required", "one",      "endsWith",         "1.8.0", "not_ends_with",         "does not end with"),
    ("contains",            "filter",       "required", "many",     "notContains",      "1.0",   "contains",              "substring of a string, element of an array"),
    ("containsAny",         "filter",       "required", "many",     None,               "1.9.0", "contains_any",          "array holds any value"),
    ("containsAll",         "filter",       "required", "many",     None,               "1.9.0", "contains_all",          "array holds every value"),
    ("notContains",         "filter",       "required", "many",     "contains",         "1.8.0", "not_contains",          "does not contain"),
    ("regex",               "filter",       "required", "one",      None,               "never", "regex",                 "regular expression (the 1.9 server rejects it)"),
    ("exists",              "filter",       "none",     "names",    "notExists",        "1.9.0", "exists",                "the attributes exist (schemaless databases)"),
    ("notExists",           "filter",       "none",     "names",    "exists",           "1.9.0", "not_exists",            "the attributes do not exist (schemaless databases)"),
    ("and",                 "logical",      "none",     "queries",  "or",               "1.5.0", "and_queries",           "all of the queries"),
    ("or",                  "logical",      "none",     "queries",  "and",              "1.5.0", "or_queries",            "any of the queries"),
    ("elemMatch",           "logical",      "required", "queries",  None,               "1.9.0", "elem_match",            "some element of an array of objects matches (schemaless databases)"),
    ("select",              "select",       "none",     "names",    None,               "1.3.0", "select",                "attributes to return"),
    ("orderAsc",            "order",        "optional", "none",     None,               "1.0",   "order_asc",             "ascending order"),
    ("orderDesc",           "order",        "optional", "none",     None,               "1.0",   "order_desc",            "descending order"),
    ("orderRandom",         "order",        "none",     "none",     None,               "1.8.0", "order_random",          "random order"),
    ("limit",               "limit",        "none",     "int",      None,               "1.0",   "limit",                 "at most this many results"),
    ("offset",              "offset",       "none",     "int",      None,               "1.0",   "offset",                "skip this many results"),
    ("cursorAfter",         "cursor",       "none",     "id",       None,               "1.0",   "cursor_after",          "results after a document"),
    ("cursorBefore",        "cursor",       "none",     "id",       None,               "1.0",   "cursor_before",         "results before a document"),
    ("distanceEqual",       "distance",     "required", "distance", "distanceNotEqual", "1.8.0", "distance_equal",        "distance to a geometry compared with a number"),
    ("distanceNotEqual",    "distance",     "required", "distance", "distanceEqual",    "1.8.0", "distance_not_equal",    "distance to a geometry compared with a number"),
    ("distanceGreaterThan", "distance",     "required", "distance", None,               "1.8.0", "distance_greater_than", "distance to a geometry compared with a number"),
    ("distanceLessThan",    "distance",     "required", "distance", None,               "1.8.0", "distance_less_than",    "distance to a geometry compared with a number"),
    ("intersects",          "spatial",      "required", "geometry", "notIntersects",    "1.8.0", "intersects",            "spatial predicate intersects"),
    ("notIntersects",       "spatial",      "required", "geometry", "intersects",       "1.8.0", "not_intersects",        "spatial predicate intersects, negated"),
    ("crosses",             "spatial",      "required", "geometry", "notCrosses",       "1.8.0", "crosses",               "spatial predicate crosses"),
    ("notCrosses",          "spatial",      "required", "geometry", "crosses",          "1.8.0", "not_crosses",           "spatial predicate crosses, negated"),
    ("overlaps",            "spatial",      "required", "geometry", "notOverlaps",      "1.8.0", "overlaps",              "spatial predicate overlaps"),
    ("notOverlaps",         "spatial",      "required", "geometry", "overlaps",         "1.8.0", "not_overlaps",          "spatial predicate overlaps, negated"),
    ("touches",             "spatial",      "required", "geometry", "notTouches",       "1.8.0", "touches",               "spatial predicate touches"),
    ("notTouches",          "spatial",      "required", "geometry", "touches",          "1.8.0", "not_touches",           "spatial predicate touches, negated"),
    ("covers",              "spatial",      "required", "geometry", "notCovers",        "-",     "covers",                "spatial predicate covers"),
    ("notCovers",           "spatial",      "required", "geometry", "covers",           "-",     "not_covers",            "spatial predicate covers, negated"),
    ("spatialEquals",       "spatial",      "required", "geometry", "notSpatialEquals", "-",     "spatial_equals",        "spatial predicate spatialEquals"),
    ("notSpatialEquals",    "spatial",      "required", "geometry", "spatialEquals",    "-",     "not_spatial_equals",    "spatial predicate spatialEquals, negated"),
    ("vectorDot",           "vector",       "required", "vector",   None,               "1.9.0", "vector_dot",            "vector similarity ordering"),
    ("vectorCosine",        "vector",       "required", "vector",   None,               "1.9.0", "vector_cosine",         "vector similarity ordering"),
    ("vectorEuclidean",     "vector",       "required", "vector",   None,               "1.9.0", "vector_euclidean",      "vector similarity ordering"),
    ("count",               "aggregate",    "required", "alias",    None,               "-",     "count",                 "aggregate count, with an optional alias"),
    ("countDistinct",       "aggregate",    "required", "alias",    None,               "-",     "count_distinct",        "aggregate countDistinct, with an optional alias"),
    ("sum",                 "aggregate",    "required", "alias",    None,               "-",     "sum",                   "aggregate sum, with an optional alias"),
    ("avg",                 "aggregate",    "required", "alias",    None,               "-",     "avg",                   "aggregate avg, with an optional alias"),
    ("min",                 "aggregate",    "required", "alias",    None,               "-",     "min",                   "aggregate min, with an optional alias"),
    ("max",                 "aggregate",    "required", "alias",    None,               "-",     "max",                   "aggregate max, with an optional alias"),
    ("stddev",              "aggregate",    "required", "alias",    None,               "-",     "stddev",                "aggregate stddev, with an optional alias"),
    ("stddevPop",           "aggregate",    "required", "alias",    None,               "-",     "stddev_pop",            "aggregate stddevPop, with an optional alias"),
    ("stddevSamp",          "aggregate",    "required", "alias",    None,               "-",     "stddev_samp",           "aggregate stddevSamp, with an optional alias"),
    ("variance",            "aggregate",    "required", "alias",    None,               "-",     "variance",              "aggregate variance, with an optional alias"),
    ("varPop",              "aggregate",    "required", "alias",    None,               "-",     "var_pop",               "aggregate varPop, with an optional alias"),
    ("varSamp",             "aggregate",    "required", "alias",    None,               "-",     "var_samp",              "aggregate varSamp, with an optional alias"),
    ("bitAnd",              "aggregate",    "required", "alias",    None,               "-",     "bit_and",               "aggregate bitAnd, with an optional alias"),
    ("bitOr",               "aggregate",    "required", "alias",    None,               "-",     "bit_or",                "aggregate bitOr, with an optional alias"),
    ("bitXor",              "aggregate",    "required", "alias",    None,               "-",     "bit_xor",               "aggregate bitXor, with an optional alias"),
    ("distinct",            "distinct",     "none",     "none",     None,               "-",     "distinct",              "distinct rows"),
    ("groupBy",             "group",        "none",     "names",    None,               "-",     "group_by",              "group by attributes"),
    ("having",              "having",       "none",     "queries",  None,               "-",     "having",                "filters over aggregates"),
    ("on",                  "on",           "none",     "on",       None,               "-",     "on",                    "a join condition"),
    ("join",                "join",         "required", "join",     None,               "-",     "join",                  "inner join"),
    ("leftJoin",            "join",         "required", "join",     None,               "-",     "left_join",             "left outer join"),
    ("rightJoin",           "join",         "required", "join",     None,               "-",     "right_join",            "right outer join"),
    ("fullOuterJoin",       "join",         "required", "join",     None,               "-",     "full_outer_join",       "full outer join"),
    ("crossJoin",           "join",         "required", "alias",    None,               "-",     "cross_join",            "cross join"),
    ("relationship",        "relationship", "required", "queries",  None,               "-",     "relationship",          "a nested query over populated related documents"),
)
# fmt: on


#: Every known method, by its JSON name.
METHODS: dict[str, Method] = {row[0]: Method(*row) for row in _TABLE}

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
