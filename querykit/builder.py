"""Typed query helpers with the official Python SDK's names: ``Query.equal``, ``Query.or_queries`` ...

Every helper of the Appwrite Python SDK's ``Query`` class is here, with the same name and
signature, but it returns a typed AST node (:mod:`querykit.ast`) instead of a string. ``str(node)``
is the very string the SDK helper returns for the same call, byte for byte, so nodes (and lists of
them, see :func:`querykit.to_appwrite`) go wherever the SDK takes query strings. Nodes also combine
with ``&``, ``|`` and ``~`` and print as querykit text.

>>> from querykit import Query
>>> recent = Query.greater_than("year", 2015) & Query.equal("genre", ["drama", "crime"])
>>> str(recent)
'{"method":"and","values":[{"method":"greaterThan","attribute":"year","values":[2015]},{"method":"equal","attribute":"genre","values":["drama","crime"]}]}'
>>> (~recent).text()
'year <= 2015 or genre != "drama" and genre != "crime"'
>>> for s in Query.builder().search("title", "star").order_desc("year").limit(10).strings():
...     print(s)
{"method":"search","attribute":"title","values":["star"]}
{"method":"orderDesc","attribute":"year"}
{"method":"limit","values":[10]}

Values follow the SDK's rule: a list is the list of values, anything else is one value
(``equal("a", 1)`` sends ``[1]``). Inside values, lists are JSON arrays and dicts JSON objects.
Helpers that take queries (``or_queries``, ``and_queries``, ``elem_match``, ``having``,
``relationship``, and ``join`` with a list of ``on`` conditions) accept nodes and SDK query
strings alike.

Every node a helper returns reads back equal from its own string
(``from_appwrite(str(node)).parts == (node,)``). Arguments that would break this, or that the SDK
turns into JSON the server cannot read, raise :class:`BuilderError` saying why. These are the
deliberate differences from the SDK:

=====================================  ============================  ===================================
Call                                   The SDK sends                 querykit
=====================================  ============================  ===================================
``equal("a", ("x", "y"))``             ``[["x","y"]]`` (one value)   ``["x","y"]``: a tuple is a list
``equal("a", float("nan"))``, ``inf``  ``[NaN]``: not JSON           error
``equal("a", 2**64)``                  the integer                   error: not 64-bit
``equal("a", None)``                   no ``values`` key             error: use ``is_null``
``limit(10.0)``, ``limit(True)``       ``[10.0]``, ``[true]``        error: ``int`` only (also ``page``)
``equal(None, 1)``, ``select([1])``    whatever it gets              error: names are strings
``equal("a", {1: "x"})``               key ``"1"``                   error: keys are strings
``equal("a", object())``               its ``__dict__``, or a crash  error: JSON data only
``equal("a", "\\ud800")``               a lone surrogate              error: not text
``or_queries([q])``                    fewer than two queries        error (the server agrees)
``or_queries(['{"values":...}', q])``  the object as written         read as a query, in SDK order
``on("a", "b", "~")``                  any operator                  error unless ``= != < <= > >=``
``join("t", [])``                      ``"values":[]``               error: ``on`` conditions, one+
``join("t", "a", "b", "=", None)``     a ``null`` alias              error: an alias is a string
nesting over 128, lists over 10,000    anything                      error (``DEFAULT_LIMITS``)
``Query("equal", "a", 1)``             the SDK's query object        use ``Query.equal``
``Query.builder().build()``            strings                       nodes (``.strings()``: strings)
=====================================  ============================  ===================================

Subclasses of ``str``, ``int`` and ``float`` (enum members, for example) count as their plain
values, as in the SDK's ``json.dumps``; ``alias=None`` means no alias for the aggregates and
``cross_join``, as in the SDK.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeAlias

from querykit.errors import QueryError
from querykit.jsondata import SURROGATE
from querykit.limits import DEFAULT_LIMITS, INT64_MAX, INT64_MIN
from querykit.methods import JOIN_OPERATORS
from querykit.nodes import (
    Aggregate,
    And,
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
)

if TYPE_CHECKING:
    from typing import Self

__all__ = ["BuilderError", "QueryHelpers", "QueryLike", "ValueLike"]

#: What a helper takes as a value: JSON-ready data. Lists and tuples are JSON arrays, dicts with
#: string keys JSON objects; subclasses of ``str``, ``int`` and ``float`` (enums, for example)
#: count as their plain value, as ``json`` writes them.
ValueLike: TypeAlias = "str | int | float | bool | list[Any] | tuple[Any, ...] | dict[str, Any] | None"

#: Queries as the helpers that nest them take them: nodes or the SDK's JSON strings.
QueryLike: TypeAlias = "Node | str"

_MAX_DEPTH = DEFAULT_LIMITS.max_depth
_MAX_ITEMS = DEFAULT_LIMITS.max_items


class BuilderError(QueryError, ValueError):
    """An argument a helper cannot turn into a query; the message says which and why.

    It is also a :class:`ValueError`, the error the SDK's own ``Query.page`` raises.
    """

    code = "builder"


# ----------------------------------------------------------------------------- arguments


def _kind(v: object) -> str:
    return "None" if v is None else type(v).__name__


def _text(s: str, what: str) -> str:
    if type(s) is not str:
        s = str.__str__(s)
    if not s.isascii() and SURROGATE.search(s) is not None:
        raise BuilderError(f"{what} holds a surrogate code point (U+D800..U+DFFF), which is not text")
    return s


def _name(v: object, what: str) -> str:
    """An attribute name, table, alias, id or operator: a string."""
    if isinstance(v, str):
        return _text(v, what)
    raise BuilderError(f"{what} must be a string, got {_kind(v)}")


def _alias(v: object) -> str | None:
    """The SDK's alias rule: ``''`` means none."""
    if v == "":
        return None
    return _name(v, "an alias")


def _int(v: object, what: str) -> int:
    if isinstance(v, int) and not isinstance(v, bool):
        n = v if type(v) is int else int.__int__(v)
        if INT64_MIN <= n <= INT64_MAX:
            return n
        raise BuilderError(f"{what} {n} does not fit in 64 bits")
    raise BuilderError(f"{what} must be an int, got {_kind(v)} {v!r} (the server accepts integers only)")


def _value(v: object, depth: int) -> Value:
    """One value as the AST holds it (tuples for arrays, JsonObject for objects)."""
    if isinstance(v, str):
        return _text(v, "a string value")
    if v is None or isinstance(v, bool):
        return v
    if isinstance(v, int):
        n = v if type(v) is int else int.__int__(v)
        if INT64_MIN <= n <= INT64_MAX:
            return n
        raise BuilderError(f"the integer {n} does not fit in 64 bits (Appwrite's integers are 64-bit)")
    if isinstance(v, float):
        if math.isfinite(v):
            return v if type(v) is float else float.__float__(v)
        raise BuilderError(f"the number {v} is not valid JSON (NaN and infinities cannot be sent)")
    if isinstance(v, (list, tuple)):
        return _array(v, depth)
    if isinstance(v, dict):
        if depth > _MAX_DEPTH:
            raise BuilderError(f"values nested deeper than {_MAX_DEPTH} levels")
        items: list[tuple[str, Value]] = []
        for key, item in v.items():
            if not isinstance(key, str):
                raise BuilderError(f"an object key must be a string, got {_kind(key)} {key!r}")
            items.append((_text(key, "an object key"), _value(item, depth + 1)))
        return JsonObject(tuple(items))
    hint = " (send datetimes as ISO 8601 strings: .isoformat())" if hasattr(v, "isoformat") else ""
    raise BuilderError(f"a value of type {_kind(v)} cannot be sent as JSON{hint}")


def _array(seq: list[Any] | tuple[Any, ...], depth: int) -> tuple[Value, ...]:
    if depth > _MAX_DEPTH:
        raise BuilderError(f"values nested deeper than {_MAX_DEPTH} levels")
    if len(seq) > _MAX_ITEMS:
        raise BuilderError(f"more than {_MAX_ITEMS} values in a list")
    return tuple([_value(x, depth + 1) for x in seq])


def _values(value: object, method: str) -> tuple[Value, ...]:
    """The SDK's values rule: a list (here also a tuple) as is, anything else as ``[value]``."""
    if isinstance(value, (list, tuple)):
        return _array(value, 0)
    if value is None:
        # The SDK sends no ``values`` key at all for None, which the server rejects.
        raise BuilderError(
            f"{method} needs a value, got None (the SDK would send no values);"
            " use is_null() to match null, or [None] for a null value"
        )
    return (_value(value, 1),)


def _names(value: object, what: str) -> tuple[str, ...]:
    """Attribute names, wrapped like values: ``select("a")`` is ``select(["a"])``."""
    if isinstance(value, (list, tuple)):
        if len(value) > _MAX_ITEMS:
            raise BuilderError(f"more than {_MAX_ITEMS} {what}s")
        return tuple([_name(v, what) for v in value])
    return (_name(value, what),)


def _queries(queries: object, what: str) -> tuple[Node, ...]:
    """Nested queries: nodes as they are, SDK strings read with ``from_appwrite``."""
    if isinstance(queries, (str, bytes, Node)) or not isinstance(queries, Iterable):
        raise BuilderError(f"{what} takes a list of queries, got {_kind(queries)}")
    return tuple([_query(q, what) for q in queries])


def _query(q: object, what: str) -> Node:
    if isinstance(q, Node):
        return q
    if isinstance(q, str):
        from querykit.appwrite.codec import from_appwrite

        if not q.lstrip().startswith("{"):
            raise BuilderError(f"{what}: a query string must hold one JSON query object, got {q[:40]!r}")
        return from_appwrite(q).parts[0]
    raise BuilderError(f"{what} takes querykit nodes or SDK query strings, got {_kind(q)}")


def _filter(method: str, attribute: object, values: tuple[Value, ...]) -> Filter:
    return Filter(method, _name(attribute, "the attribute"), values)


def _two_or_more(queries: object, method: str) -> tuple[Node, ...]:
    children = _queries(queries, method)
    if len(children) < 2:
        raise BuilderError(
            f"an {method} query needs at least two queries, got {len(children)} (the server rejects fewer)"
        )
    return children


def _aggregate(method: str, attribute: object, alias: object) -> Aggregate:
    return Aggregate(method, _name(attribute, "the attribute"), None if alias is None else _alias(alias))


def _operator(operator: object) -> str:
    op = _name(operator, "a join operator")
    if op not in JOIN_OPERATORS:
        raise BuilderError(f"a join operator must be one of {', '.join(JOIN_OPERATORS)}, got {op!r}")
    return op


def _join(
    method: JoinMethod, table: object, left: object, right: object, operator: object, alias: object
) -> Join:
    # The SDK's dispatch: a list in ``left`` is the conditions (no alias); a list in ``right``
    # is the conditions with ``left`` as the alias (``operator`` and ``alias`` unused);
    # otherwise the simple form ``[left, operator, right(, alias)]``.
    name = _name(table, "the joined table")
    if isinstance(left, (list, tuple)):
        return _nested_join(method, name, "", left)
    if isinstance(right, (list, tuple)):
        return _nested_join(method, name, left, right)
    on = On(_name(left, "the left attribute"), _operator(operator), _name(right, "the right attribute"))
    return Join(method, name, (on,), _alias(alias), False)


def _nested_join(method: JoinMethod, table: str, alias: object, on: object) -> Join:
    conditions: list[On] = []
    for c in _queries(on, method):
        if not isinstance(c, On):
            raise BuilderError(f"a {method} holds `on` conditions only (Query.on(...)), got {c.method}")
        conditions.append(c)
    if not conditions:
        raise BuilderError(f"a {method} needs at least one `on` condition")
    return Join(method, table, tuple(conditions), _alias(alias), True)


def _distance(method: str, attribute: object, values: object, distance: object, meters: object) -> Filter:
    return _filter(method, attribute, ((_value(values, 2), _value(distance, 2), _value(meters, 2)),))


# ----------------------------------------------------------------------------- the helpers


class QueryHelpers:
    """Static helpers mixed into :class:`querykit.Query`: ``Query.equal(...)`` and the others."""

    __slots__ = ()

    # -- comparisons

    @staticmethod
    def equal(attribute: str, value: ValueLike) -> Filter:
        """``attribute`` equals the value, or any of the values of a list (``equal``)."""
        return _filter("equal", attribute, _values(value, "equal"))

    @staticmethod
    def not_equal(attribute: str, value: ValueLike) -> Filter:
        """``attribute`` differs from the value (``notEqual``)."""
        return _filter("notEqual", attribute, _values(value, "notEqual"))

    @staticmethod
    def regex(attribute: str, pattern: ValueLike) -> Filter:
        """``attribute`` matches a regular expression (``regex``; Appwrite 1.9 rejects it)."""
        return _filter("regex", attribute, _values(pattern, "regex"))

    @staticmethod
    def less_than(attribute: str, value: ValueLike) -> Filter:
        """``attribute`` is less than the value (``lessThan``)."""
        return _filter("lessThan", attribute, _values(value, "lessThan"))

    @staticmethod
    def less_than_equal(attribute: str, value: ValueLike) -> Filter:
        """``attribute`` is at most the value (``lessThanEqual``)."""
        return _filter("lessThanEqual", attribute, _values(value, "lessThanEqual"))

    @staticmethod
    def greater_than(attribute: str, value: ValueLike) -> Filter:
        """``attribute`` is greater than the value (``greaterThan``)."""
        return _filter("greaterThan", attribute, _values(value, "greaterThan"))

    @staticmethod
    def greater_than_equal(attribute: str, value: ValueLike) -> Filter:
        """``attribute`` is at least the value (``greaterThanEqual``)."""
        return _filter("greaterThanEqual", attribute, _values(value, "greaterThanEqual"))

    @staticmethod
    def is_null(attribute: str) -> Filter:
        """``attribute`` is null (``isNull``)."""
        return _filter("isNull", attribute, ())

    @staticmethod
    def is_not_null(attribute: str) -> Filter:
        """``attribute`` is not null (``isNotNull``)."""
        return _filter("isNotNull", attribute, ())

    @staticmethod
    def exists(attributes: str | list[str] | tuple[str, ...]) -> Filter:
        """The attributes exist (``exists``; schemaless databases)."""
        return Filter("exists", "", _names(attributes, "an attribute name"))

    @staticmethod
    def not_exists(attributes: str | list[str] | tuple[str, ...]) -> Filter:
        """The attributes do not exist (``notExists``; schemaless databases)."""
        return Filter("notExists", "", _names(attributes, "an attribute name"))

    @staticmethod
    def between(attribute: str, start: ValueLike, end: ValueLike) -> Filter:
        """``attribute`` lies between ``start`` and ``end``, inclusive (``between``)."""
        return _filter("between", attribute, (_value(start, 1), _value(end, 1)))

    @staticmethod
    def starts_with(attribute: str, value: ValueLike) -> Filter:
        """``attribute`` starts with the value (``startsWith``)."""
        return _filter("startsWith", attribute, _values(value, "startsWith"))

    @staticmethod
    def ends_with(attribute: str, value: ValueLike) -> Filter:
        """``attribute`` ends with the value (``endsWith``)."""
        return _filter("endsWith", attribute, _values(value, "endsWith"))

    @staticmethod
    def select(attributes: str | list[str] | tuple[str, ...]) -> Select:
        """Return only these attributes (``select``)."""
        return Select(_names(attributes, "an attribute name"))

    @staticmethod
    def search(attribute: str, value: ValueLike) -> Filter:
        """Full-text search of ``attribute`` (``search``; needs a fulltext index)."""
        return _filter("search", attribute, _values(value, "search"))

    # -- order, paging

    @staticmethod
    def order_asc(attribute: str | None) -> Order:
        """Order by ``attribute``, ascending (``orderAsc``)."""
        return Order(None if attribute is None else _name(attribute, "the attribute"), False)

    @staticmethod
    def order_desc(attribute: str | None) -> Order:
        """Order by ``attribute``, descending (``orderDesc``)."""
        return Order(None if attribute is None else _name(attribute, "the attribute"), True)

    @staticmethod
    def order_random() -> OrderRandom:
        """Random order (``orderRandom``)."""
        return OrderRandom()

    @staticmethod
    def cursor_before(id: str) -> Cursor:
        """Results before the document ``id`` (``cursorBefore``)."""
        return Cursor(_name(id, "the cursor id"), True)

    @staticmethod
    def cursor_after(id: str) -> Cursor:
        """Results after the document ``id`` (``cursorAfter``)."""
        return Cursor(_name(id, "the cursor id"), False)

    @staticmethod
    def limit(limit: int) -> Limit:
        """At most ``limit`` results (``limit``)."""
        return Limit(_int(limit, "the limit"))

    @staticmethod
    def offset(offset: int) -> Offset:
        """Skip ``offset`` results (``offset``)."""
        return Offset(_int(offset, "the offset"))

    # -- containment and negations

    @staticmethod
    def contains(attribute: str, value: ValueLike) -> Filter:
        """A string holds the substring, an array the element (``contains``)."""
        return _filter("contains", attribute, _values(value, "contains"))

    @staticmethod
    def contains_any(attribute: str, value: ValueLike) -> Filter:
        """The array holds any of the values (``containsAny``)."""
        return _filter("containsAny", attribute, _values(value, "containsAny"))

    @staticmethod
    def contains_all(attribute: str, value: ValueLike) -> Filter:
        """The array holds every one of the values (``containsAll``)."""
        return _filter("containsAll", attribute, _values(value, "containsAll"))

    @staticmethod
    def not_contains(attribute: str, value: ValueLike) -> Filter:
        """``attribute`` does not contain the value (``notContains``)."""
        return _filter("notContains", attribute, _values(value, "notContains"))

    @staticmethod
    def not_search(attribute: str, value: ValueLike) -> Filter:
        """Full-text search of ``attribute``, negated (``notSearch``)."""
        return _filter("notSearch", attribute, _values(value, "notSearch"))

    @staticmethod
    def not_between(attribute: str, start: ValueLike, end: ValueLike) -> Filter:
        """``attribute`` lies outside ``start`` .. ``end`` (``notBetween``)."""
        return _filter("notBetween", attribute, (_value(start, 1), _value(end, 1)))

    @staticmethod
    def not_starts_with(attribute: str, value: ValueLike) -> Filter:
        """``attribute`` does not start with the value (``notStartsWith``)."""
        return _filter("notStartsWith", attribute, _values(value, "notStartsWith"))

    @staticmethod
    def not_ends_with(attribute: str, value: ValueLike) -> Filter:
        """``attribute`` does not end with the value (``notEndsWith``)."""
        return _filter("notEndsWith", attribute, _values(value, "notEndsWith"))

    # -- dates

    @staticmethod
    def created_before(value: ValueLike) -> Filter:
        """Created before the date (``lessThan`` on ``$createdAt``)."""
        return Filter("lessThan", "$createdAt", _values(value, "lessThan"))

    @staticmethod
    def created_after(value: ValueLike) -> Filter:
        """Created after the date (``greaterThan`` on ``$createdAt``)."""
        return Filter("greaterThan", "$createdAt", _values(value, "greaterThan"))

    @staticmethod
    def created_between(start: ValueLike, end: ValueLike) -> Filter:
        """Created between the two dates, inclusive (``between`` on ``$createdAt``)."""
        return Filter("between", "$createdAt", (_value(start, 1), _value(end, 1)))

    @staticmethod
    def updated_before(value: ValueLike) -> Filter:
        """Updated before the date (``lessThan`` on ``$updatedAt``)."""
        return Filter("lessThan", "$updatedAt", _values(value, "lessThan"))

    @staticmethod
    def updated_after(value: ValueLike) -> Filter:
        """Updated after the date (``greaterThan`` on ``$updatedAt``)."""
        return Filter("greaterThan", "$updatedAt", _values(value, "greaterThan"))

    @staticmethod
    def updated_between(start: ValueLike, end: ValueLike) -> Filter:
        """Updated between the two dates, inclusive (``between`` on ``$updatedAt``)."""
        return Filter("between", "$updatedAt", (_value(start, 1), _value(end, 1)))

    # -- nesting

    @staticmethod
    def or_queries(queries: Iterable[QueryLike]) -> Or:
        """Any of the queries (``or``); nodes or SDK query strings."""
        return Or(_two_or_more(queries, "or"))

    @staticmethod
    def and_queries(queries: Iterable[QueryLike]) -> And:
        """All of the queries (``and``); nodes or SDK query strings."""
        return And(_two_or_more(queries, "and"))

    @staticmethod
    def elem_match(attribute: str, queries: Iterable[QueryLike]) -> ElemMatch:
        """Some element of the array ``attribute`` matches all the queries (``elemMatch``)."""
        return ElemMatch(_name(attribute, "the attribute"), _queries(queries, "elemMatch"))

    @staticmethod
    def relationship(attribute: str, queries: Iterable[QueryLike]) -> Relationship:
        """Constrain the populated related documents of ``attribute`` (``relationship``)."""
        return Relationship(_name(attribute, "the attribute"), _queries(queries, "relationship"))

    # -- geometry and vectors

    @staticmethod
    def distance_equal(attribute: str, values: ValueLike, distance: float, meters: bool = True) -> Filter:
        """The distance to the geometry equals ``distance`` (``distanceEqual``)."""
        return _distance("distanceEqual", attribute, values, distance, meters)

    @staticmethod
    def distance_not_equal(attribute: str, values: ValueLike, distance: float, meters: bool = True) -> Filter:
        """The distance to the geometry differs from ``distance`` (``distanceNotEqual``)."""
        return _distance("distanceNotEqual", attribute, values, distance, meters)

    @staticmethod
    def distance_greater_than(
        attribute: str, values: ValueLike, distance: float, meters: bool = True
    ) -> Filter:
        """The distance to the geometry exceeds ``distance`` (``distanceGreaterThan``)."""
        return _distance("distanceGreaterThan", attribute, values, distance, meters)

    @staticmethod
    def distance_less_than(attribute: str, values: ValueLike, distance: float, meters: bool = True) -> Filter:
        """The distance to the geometry is below ``distance`` (``distanceLessThan``)."""
        return _distance("distanceLessThan", attribute, values, distance, meters)

    @staticmethod
    def vector_dot(attribute: str, vector: ValueLike) -> Filter:
        """Order by dot-product similarity to ``vector`` (``vectorDot``)."""
        return _filter("vectorDot", attribute, (_value(vector, 1),))

    @staticmethod
    def vector_cosine(attribute: str, vector: ValueLike) -> Filter:
        """Order by cosine similarity to ``vector`` (``vectorCosine``)."""
        return _filter("vectorCosine", attribute, (_value(vector, 1),))

    @staticmethod
    def vector_euclidean(attribute: str, vector: ValueLike) -> Filter:
        """Order by Euclidean distance to ``vector`` (``vectorEuclidean``)."""
        return _filter("vectorEuclidean", attribute, (_value(vector, 1),))

    @staticmethod
    def intersects(attribute: str, values: ValueLike) -> Filter:
        """The geometry intersects the given one (``intersects``)."""
        return _filter("intersects", attribute, (_value(values, 1),))

    @staticmethod
    def not_intersects(attribute: str, values: ValueLike) -> Filter:
        """The geometry does not intersect the given one (``notIntersects``)."""
        return _filter("notIntersects", attribute, (_value(values, 1),))

    @staticmethod
    def crosses(attribute: str, values: ValueLike) -> Filter:
        """The geometry crosses the given one (``crosses``)."""
        return _filter("crosses", attribute, (_value(values, 1),))

    @staticmethod
    def not_crosses(attribute: str, values: ValueLike) -> Filter:
        """The geometry does not cross the given one (``notCrosses``)."""
        return _filter("notCrosses", attribute, (_value(values, 1),))

    @staticmethod
    def overlaps(attribute: str, values: ValueLike) -> Filter:
        """The geometry overlaps the given one (``overlaps``)."""
        return _filter("overlaps", attribute, (_value(values, 1),))

    @staticmethod
    def not_overlaps(attribute: str, values: ValueLike) -> Filter:
        """The geometry does not overlap the given one (``notOverlaps``)."""
        return _filter("notOverlaps", attribute, (_value(values, 1),))

    @staticmethod
    def touches(attribute: str, values: ValueLike) -> Filter:
        """The geometry touches the given one (``touches``)."""
        return _filter("touches", attribute, (_value(values, 1),))

    @staticmethod
    def not_touches(attribute: str, values: ValueLike) -> Filter:
        """The geometry does not touch the given one (``notTouches``)."""
        return _filter("notTouches", attribute, (_value(values, 1),))

    @staticmethod
    def covers(attribute: str, values: ValueLike) -> Filter:
        """The geometry covers the given one (``covers``)."""
        return _filter("covers", attribute, (_value(values, 1),))

    @staticmethod
    def not_covers(attribute: str, values: ValueLike) -> Filter:
        """The geometry does not cover the given one (``notCovers``)."""
        return _filter("notCovers", attribute, (_value(values, 1),))

    @staticmethod
    def spatial_equals(attribute: str, values: ValueLike) -> Filter:
        """The geometry equals the given one (``spatialEquals``)."""
        return _filter("spatialEquals", attribute, (_value(values, 1),))

    @staticmethod
    def not_spatial_equals(attribute: str, values: ValueLike) -> Filter:
        """The geometry differs from the given one (``notSpatialEquals``)."""
        return _filter("notSpatialEquals", attribute, (_value(values, 1),))

    # -- aggregates (an empty alias, or None, means no alias)

    @staticmethod
    def count(attribute: str = "*", alias: str | None = "") -> Aggregate:
        """Count the rows, or the non-null values of ``attribute`` (``count``)."""
        return _aggregate("count", attribute, alias)

    @staticmethod
    def count_distinct(attribute: str, alias: str | None = "") -> Aggregate:
        """Count the distinct values of ``attribute`` (``countDistinct``)."""
        return _aggregate("countDistinct", attribute, alias)

    @staticmethod
    def sum(attribute: str, alias: str | None = "") -> Aggregate:
        """The sum of ``attribute`` (``sum``)."""
        return _aggregate("sum", attribute, alias)

    @staticmethod
    def avg(attribute: str, alias: str | None = "") -> Aggregate:
        """The mean of ``attribute`` (``avg``)."""
        return _aggregate("avg", attribute, alias)

    @staticmethod
    def min(attribute: str, alias: str | None = "") -> Aggregate:
        """The least value of ``attribute`` (``min``)."""
        return _aggregate("min", attribute, alias)

    @staticmethod
    def max(attribute: str, alias: str | None = "") -> Aggregate:
        """The greatest value of ``attribute`` (``max``)."""
        return _aggregate("max", attribute, alias)

    @staticmethod
    def stddev(attribute: str, alias: str | None = "") -> Aggregate:
        """The standard deviation of ``attribute`` (``stddev``)."""
        return _aggregate("stddev", attribute, alias)

    @staticmethod
    def stddev_pop(attribute: str, alias: str | None = "") -> Aggregate:
        """The population standard deviation of ``attribute`` (``stddevPop``)."""
        return _aggregate("stddevPop", attribute, alias)

    @staticmethod
    def stddev_samp(attribute: str, alias: str | None = "") -> Aggregate:
        """The sample standard deviation of ``attribute`` (``stddevSamp``)."""
        return _aggregate("stddevSamp", attribute, alias)

    @staticmethod
    def variance(attribute: str, alias: str | None = "") -> Aggregate:
        """The variance of ``attribute`` (``variance``)."""
        return _aggregate("variance", attribute, alias)

    @staticmethod
    def var_pop(attribute: str, alias: str | None = "") -> Aggregate:
        """The population variance of ``attribute`` (``varPop``)."""
        return _aggregate("varPop", attribute, alias)

    @staticmethod
    def var_samp(attribute: str, alias: str | None = "") -> Aggregate:
        """The sample variance of ``attribute`` (``varSamp``)."""
        return _aggregate("varSamp", attribute, alias)

    @staticmethod
    def bit_and(attribute: str, alias: str | None = "") -> Aggregate:
        """The bitwise AND of ``attribute`` (``bitAnd``)."""
        return _aggregate("bitAnd", attribute, alias)

    @staticmethod
    def bit_or(attribute: str, alias: str | None = "") -> Aggregate:
        """The bitwise OR of ``attribute`` (``bitOr``)."""
        return _aggregate("bitOr", attribute, alias)

    @staticmethod
    def bit_xor(attribute: str, alias: str | None = "") -> Aggregate:
        """The bitwise XOR of ``attribute`` (``bitXor``)."""
        return _aggregate("bitXor", attribute, alias)

    # -- grouping and joins

    @staticmethod
    def group_by(attributes: str | list[str] | tuple[str, ...]) -> GroupBy:
        """Group the rows by these attributes (``groupBy``)."""
        return GroupBy(_names(attributes, "an attribute name"))

    @staticmethod
    def having(queries: Iterable[QueryLike]) -> Having:
        """Filters over aggregates and their aliases (``having``)."""
        return Having(_queries(queries, "having"))

    @staticmethod
    def distinct() -> Distinct:
        """Distinct rows only (``distinct``)."""
        return Distinct()

    @staticmethod
    def on(left: str, right: str, operator: str = "=") -> On:
        """A join condition ``left operator right`` (``on``)."""
        return On(_name(left, "the left attribute"), _operator(operator), _name(right, "the right attribute"))

    @staticmethod
    def join(
        table: str,
        left: str | list[QueryLike] | tuple[QueryLike, ...],
        right: str | list[QueryLike] | tuple[QueryLike, ...] = "",
        operator: str = "=",
        alias: str = "",
    ) -> Join:
        """Inner join of ``table`` on ``left operator right`` or on ``on`` conditions (``join``)."""
        return _join("join", table, left, right, operator, alias)

    @staticmethod
    def left_join(
        table: str,
        left: str | list[QueryLike] | tuple[QueryLike, ...],
        right: str | list[QueryLike] | tuple[QueryLike, ...] = "",
        operator: str = "=",
        alias: str = "",
    ) -> Join:
        """Left outer join of ``table``, shaped like :meth:`join` (``leftJoin``)."""
        return _join("leftJoin", table, left, right, operator, alias)

    @staticmethod
    def right_join(
        table: str,
        left: str | list[QueryLike] | tuple[QueryLike, ...],
        right: str | list[QueryLike] | tuple[QueryLike, ...] = "",
        operator: str = "=",
        alias: str = "",
    ) -> Join:
        """Right outer join of ``table``, shaped like :meth:`join` (``rightJoin``)."""
        return _join("rightJoin", table, left, right, operator, alias)

    @staticmethod
    def full_outer_join(
        table: str,
        left: str | list[QueryLike] | tuple[QueryLike, ...],
        right: str | list[QueryLike] | tuple[QueryLike, ...] = "",
        operator: str = "=",
        alias: str = "",
    ) -> Join:
        """Full outer join of ``table``, shaped like :meth:`join` (``fullOuterJoin``)."""
        return _join("fullOuterJoin", table, left, right, operator, alias)

    @staticmethod
    def cross_join(table: str, alias: str | None = "") -> CrossJoin:
        """Cross join of ``table`` (``crossJoin``)."""
        return CrossJoin(_name(table, "the joined table"), None if alias is None else _alias(alias))

    @staticmethod
    def page(page: int, per_page: int = 25) -> list[Node]:
        """Page ``page`` (from 1) of ``per_page`` results: ``[limit, offset]``."""
        number = _int(page, "the page")
        size = _int(per_page, "per_page")
        if number < 1:
            raise BuilderError(f"the page must be at least 1, got {number}")
        if size < 1:
            raise BuilderError(f"per_page must be at least 1, got {size}")
        return [Limit(size), Offset(_int((number - 1) * size, "the offset"))]

    @staticmethod
    def builder() -> QueryHelpers.Builder:
        """A fluent :class:`Builder`: ``Query.builder().equal(...).limit(5).build()``."""
        return QueryHelpers.Builder()

    class Builder:
        """Collects queries fluently; each method adds the node of the helper of the same name.

        >>> from querykit import Query
        >>> for s in Query.builder().equal("a", 1).page(2, 10).strings():
        ...     print(s)
        {"method":"equal","attribute":"a","values":[1]}
        {"method":"limit","values":[10]}
        {"method":"offset","values":[10]}
        """

        __slots__ = ("_nodes",)

        def __init__(self) -> None:
            self._nodes: list[Node] = []

        def __repr__(self) -> str:
            return f"<Query.Builder of {len(self._nodes)} queries>"

        def build(self) -> list[Node]:
            """The queries added so far, as nodes."""
            return list(self._nodes)

        def strings(self) -> list[str]:
            """The queries added so far, as the SDK's JSON strings."""
            return [str(n) for n in self._nodes]

        def _push(self, node: Node) -> Self:
            self._nodes.append(node)
            return self

        def equal(self, attribute: str, value: ValueLike) -> Self:
            """Add :meth:`QueryHelpers.equal`."""
            return self._push(QueryHelpers.equal(attribute, value))

        def not_equal(self, attribute: str, value: ValueLike) -> Self:
            """Add :meth:`QueryHelpers.not_equal`."""
            return self._push(QueryHelpers.not_equal(attribute, value))

        def less_than(self, attribute: str, value: ValueLike) -> Self:
            """Add :meth:`QueryHelpers.less_than`."""
            return self._push(QueryHelpers.less_than(attribute, value))

        def less_than_equal(self, attribute: str, value: ValueLike) -> Self:
            """Add :meth:`QueryHelpers.less_than_equal`."""
            return self._push(QueryHelpers.less_than_equal(attribute, value))

        def greater_than(self, attribute: str, value: ValueLike) -> Self:
            """Add :meth:`QueryHelpers.greater_than`."""
            return self._push(QueryHelpers.greater_than(attribute, value))

        def greater_than_equal(self, attribute: str, value: ValueLike) -> Self:
            """Add :meth:`QueryHelpers.greater_than_equal`."""
            return self._push(QueryHelpers.greater_than_equal(attribute, value))

        def search(self, attribute: str, value: ValueLike) -> Self:
            """Add :meth:`QueryHelpers.search`."""
            return self._push(QueryHelpers.search(attribute, value))

        def is_null(self, attribute: str) -> Self:
            """Add :meth:`QueryHelpers.is_null`."""
            return self._push(QueryHelpers.is_null(attribute))

        def is_not_null(self, attribute: str) -> Self:
            """Add :meth:`QueryHelpers.is_not_null`."""
            return self._push(QueryHelpers.is_not_null(attribute))

        def between(self, attribute: str, start: ValueLike, end: ValueLike) -> Self:
            """Add :meth:`QueryHelpers.between`."""
            return self._push(QueryHelpers.between(attribute, start, end))

        def starts_with(self, attribute: str, value: ValueLike) -> Self:
            """Add :meth:`QueryHelpers.starts_with`."""
            return self._push(QueryHelpers.starts_with(attribute, value))

        def ends_with(self, attribute: str, value: ValueLike) -> Self:
            """Add :meth:`QueryHelpers.ends_with`."""
            return self._push(QueryHelpers.ends_with(attribute, value))

        def select(self, attributes: str | list[str] | tuple[str, ...]) -> Self:
            """Add :meth:`QueryHelpers.select`."""
            return self._push(QueryHelpers.select(attributes))

        def cursor_after(self, id: str) -> Self:
            """Add :meth:`QueryHelpers.cursor_after`."""
            return self._push(QueryHelpers.cursor_after(id))

        def cursor_before(self, id: str) -> Self:
            """Add :meth:`QueryHelpers.cursor_before`."""
            return self._push(QueryHelpers.cursor_before(id))

        def order_asc(self, attribute: str | None) -> Self:
            """Add :meth:`QueryHelpers.order_asc`."""
            return self._push(QueryHelpers.order_asc(attribute))

        def order_desc(self, attribute: str | None) -> Self:
            """Add :meth:`QueryHelpers.order_desc`."""
            return self._push(QueryHelpers.order_desc(attribute))

        def order_random(self) -> Self:
            """Add :meth:`QueryHelpers.order_random`."""
            return self._push(QueryHelpers.order_random())

        def limit(self, limit: int) -> Self:
            """Add :meth:`QueryHelpers.limit`."""
            return self._push(QueryHelpers.limit(limit))

        def offset(self, offset: int) -> Self:
            """Add :meth:`QueryHelpers.offset`."""
            return self._push(QueryHelpers.offset(offset))

        def contains(self, attribute: str, value: ValueLike) -> Self:
            """Add :meth:`QueryHelpers.contains`."""
            return self._push(QueryHelpers.contains(attribute, value))

        def contains_any(self, attribute: str, value: ValueLike) -> Self:
            """Add :meth:`QueryHelpers.contains_any`."""
            return self._push(QueryHelpers.contains_any(attribute, value))

        def contains_all(self, attribute: str, value: ValueLike) -> Self:
            """Add :meth:`QueryHelpers.contains_all`."""
            return self._push(QueryHelpers.contains_all(attribute, value))

        def not_contains(self, attribute: str, value: ValueLike) -> Self:
            """Add :meth:`QueryHelpers.not_contains`."""
            return self._push(QueryHelpers.not_contains(attribute, value))

        def not_search(self, attribute: str, value: ValueLike) -> Self:
            """Add :meth:`QueryHelpers.not_search`."""
            return self._push(QueryHelpers.not_search(attribute, value))

        def not_between(self, attribute: str, start: ValueLike, end: ValueLike) -> Self:
            """Add :meth:`QueryHelpers.not_between`."""
            return self._push(QueryHelpers.not_between(attribute, start, end))

        def not_starts_with(self, attribute: str, value: ValueLike) -> Self:
            """Add :meth:`QueryHelpers.not_starts_with`."""
            return self._push(QueryHelpers.not_starts_with(attribute, value))

        def not_ends_with(self, attribute: str, value: ValueLike) -> Self:
            """Add :meth:`QueryHelpers.not_ends_with`."""
            return self._push(QueryHelpers.not_ends_with(attribute, value))

        def regex(self, attribute: str, pattern: ValueLike) -> Self:
            """Add :meth:`QueryHelpers.regex`."""
            return self._push(QueryHelpers.regex(attribute, pattern))

        def exists(self, attributes: str | list[str] | tuple[str, ...]) -> Self:
            """Add :meth:`QueryHelpers.exists`."""
            return self._push(QueryHelpers.exists(attributes))

        def not_exists(self, attributes: str | list[str] | tuple[str, ...]) -> Self:
            """Add :meth:`QueryHelpers.not_exists`."""
            return self._push(QueryHelpers.not_exists(attributes))

        def created_before(self, value: ValueLike) -> Self:
            """Add :meth:`QueryHelpers.created_before`."""
            return self._push(QueryHelpers.created_before(value))

        def created_after(self, value: ValueLike) -> Self:
            """Add :meth:`QueryHelpers.created_after`."""
            return self._push(QueryHelpers.created_after(value))

        def created_between(self, start: ValueLike, end: ValueLike) -> Self:
            """Add :meth:`QueryHelpers.created_between`."""
            return self._push(QueryHelpers.created_between(start, end))

        def updated_before(self, value: ValueLike) -> Self:
            """Add :meth:`QueryHelpers.updated_before`."""
            return self._push(QueryHelpers.updated_before(value))

        def updated_after(self, value: ValueLike) -> Self:
            """Add :meth:`QueryHelpers.updated_after`."""
            return self._push(QueryHelpers.updated_after(value))

        def updated_between(self, start: ValueLike, end: ValueLike) -> Self:
            """Add :meth:`QueryHelpers.updated_between`."""
            return self._push(QueryHelpers.updated_between(start, end))

        def or_queries(self, queries: Iterable[QueryLike]) -> Self:
            """Add :meth:`QueryHelpers.or_queries`."""
            return self._push(QueryHelpers.or_queries(queries))

        def and_queries(self, queries: Iterable[QueryLike]) -> Self:
            """Add :meth:`QueryHelpers.and_queries`."""
            return self._push(QueryHelpers.and_queries(queries))

        def elem_match(self, attribute: str, queries: Iterable[QueryLike]) -> Self:
            """Add :meth:`QueryHelpers.elem_match`."""
            return self._push(QueryHelpers.elem_match(attribute, queries))

        def relationship(self, attribute: str, queries: Iterable[QueryLike]) -> Self:
            """Add :meth:`QueryHelpers.relationship`."""
            return self._push(QueryHelpers.relationship(attribute, queries))

        def distance_equal(
            self, attribute: str, values: ValueLike, distance: float, meters: bool = True
        ) -> Self:
            """Add :meth:`QueryHelpers.distance_equal`."""
            return self._push(QueryHelpers.distance_equal(attribute, values, distance, meters))

        def distance_not_equal(
            self, attribute: str, values: ValueLike, distance: float, meters: bool = True
        ) -> Self:
            """Add :meth:`QueryHelpers.distance_not_equal`."""
            return self._push(QueryHelpers.distance_not_equal(attribute, values, distance, meters))

        def distance_greater_than(
            self, attribute: str, values: ValueLike, distance: float, meters: bool = True
        ) -> Self:
            """Add :meth:`QueryHelpers.distance_greater_than`."""
            return self._push(QueryHelpers.distance_greater_than(attribute, values, distance, meters))

        def distance_less_than(
            self, attribute: str, values: ValueLike, distance: float, meters: bool = True
        ) -> Self:
            """Add :meth:`QueryHelpers.distance_less_than`."""
            return self._push(QueryHelpers.distance_less_than(attribute, values, distance, meters))

        def intersects(self, attribute: str, values: ValueLike) -> Self:
            """Add :meth:`QueryHelpers.intersects`."""
            return self._push(QueryHelpers.intersects(attribute, values))

        def not_intersects(self, attribute: str, values: ValueLike) -> Self:
            """Add :meth:`QueryHelpers.not_intersects`."""
            return self._push(QueryHelpers.not_intersects(attribute, values))

        def crosses(self, attribute: str, values: ValueLike) -> Self:
            """Add :meth:`QueryHelpers.crosses`."""
            return self._push(QueryHelpers.crosses(attribute, values))

        def not_crosses(self, attribute: str, values: ValueLike) -> Self:
            """Add :meth:`QueryHelpers.not_crosses`."""
            return self._push(QueryHelpers.not_crosses(attribute, values))

        def overlaps(self, attribute: str, values: ValueLike) -> Self:
            """Add :meth:`QueryHelpers.overlaps`."""
            return self._push(QueryHelpers.overlaps(attribute, values))

        def not_overlaps(self, attribute: str, values: ValueLike) -> Self:
            """Add :meth:`QueryHelpers.not_overlaps`."""
            return self._push(QueryHelpers.not_overlaps(attribute, values))

        def touches(self, attribute: str, values: ValueLike) -> Self:
            """Add :meth:`QueryHelpers.touches`."""
            return self._push(QueryHelpers.touches(attribute, values))

        def not_touches(self, attribute: str, values: ValueLike) -> Self:
            """Add :meth:`QueryHelpers.not_touches`."""
            return self._push(QueryHelpers.not_touches(attribute, values))

        def count(self, attribute: str = "*", alias: str | None = "") -> Self:
            """Add :meth:`QueryHelpers.count`."""
            return self._push(QueryHelpers.count(attribute, alias))

        def count_distinct(self, attribute: str, alias: str | None = "") -> Self:
            """Add :meth:`QueryHelpers.count_distinct`."""
            return self._push(QueryHelpers.count_distinct(attribute, alias))

        def sum(self, attribute: str, alias: str | None = "") -> Self:
            """Add :meth:`QueryHelpers.sum`."""
            return self._push(QueryHelpers.sum(attribute, alias))

        def avg(self, attribute: str, alias: str | None = "") -> Self:
            """Add :meth:`QueryHelpers.avg`."""
            return self._push(QueryHelpers.avg(attribute, alias))

        def min(self, attribute: str, alias: str | None = "") -> Self:
            """Add :meth:`QueryHelpers.min`."""
            return self._push(QueryHelpers.min(attribute, alias))

        def max(self, attribute: str, alias: str | None = "") -> Self:
            """Add :meth:`QueryHelpers.max`."""
            return self._push(QueryHelpers.max(attribute, alias))

        def stddev(self, attribute: str, alias: str | None = "") -> Self:
            """Add :meth:`QueryHelpers.stddev`."""
            return self._push(QueryHelpers.stddev(attribute, alias))

        def stddev_pop(self, attribute: str, alias: str | None = "") -> Self:
            """Add :meth:`QueryHelpers.stddev_pop`."""
            return self._push(QueryHelpers.stddev_pop(attribute, alias))

        def stddev_samp(self, attribute: str, alias: str | None = "") -> Self:
            """Add :meth:`QueryHelpers.stddev_samp`."""
            return self._push(QueryHelpers.stddev_samp(attribute, alias))

        def variance(self, attribute: str, alias: str | None = "") -> Self:
            """Add :meth:`QueryHelpers.variance`."""
            return self._push(QueryHelpers.variance(attribute, alias))

        def var_pop(self, attribute: str, alias: str | None = "") -> Self:
            """Add :meth:`QueryHelpers.var_pop`."""
            return self._push(QueryHelpers.var_pop(attribute, alias))

        def var_samp(self, attribute: str, alias: str | None = "") -> Self:
            """Add :meth:`QueryHelpers.var_samp`."""
            return self._push(QueryHelpers.var_samp(attribute, alias))

        def bit_and(self, attribute: str, alias: str | None = "") -> Self:
            """Add :meth:`QueryHelpers.bit_and`."""
            return self._push(QueryHelpers.bit_and(attribute, alias))

        def bit_or(self, attribute: str, alias: str | None = "") -> Self:
            """Add :meth:`QueryHelpers.bit_or`."""
            return self._push(QueryHelpers.bit_or(attribute, alias))

        def bit_xor(self, attribute: str, alias: str | None = "") -> Self:
            """Add :meth:`QueryHelpers.bit_xor`."""
            return self._push(QueryHelpers.bit_xor(attribute, alias))

        def group_by(self, attributes: str | list[str] | tuple[str, ...]) -> Self:
            """Add :meth:`QueryHelpers.group_by`."""
            return self._push(QueryHelpers.group_by(attributes))

        def having(self, queries: Iterable[QueryLike]) -> Self:
            """Add :meth:`QueryHelpers.having`."""
            return self._push(QueryHelpers.having(queries))

        def distinct(self) -> Self:
            """Add :meth:`QueryHelpers.distinct`."""
            return self._push(QueryHelpers.distinct())

        def join(
            self,
            table: str,
            left: str | list[QueryLike] | tuple[QueryLike, ...],
            right: str | list[QueryLike] | tuple[QueryLike, ...] = "",
            operator: str = "=",
            alias: str = "",
        ) -> Self:
            """Add :meth:`QueryHelpers.join`."""
            return self._push(QueryHelpers.join(table, left, right, operator, alias))

        def left_join(
            self,
            table: str,
            left: str | list[QueryLike] | tuple[QueryLike, ...],
            right: str | list[QueryLike] | tuple[QueryLike, ...] = "",
            operator: str = "=",
            alias: str = "",
        ) -> Self:
            """Add :meth:`QueryHelpers.left_join`."""
            return self._push(QueryHelpers.left_join(table, left, right, operator, alias))

        def right_join(
            self,
            table: str,
            left: str | list[QueryLike] | tuple[QueryLike, ...],
            right: str | list[QueryLike] | tuple[QueryLike, ...] = "",
            operator: str = "=",
            alias: str = "",
        ) -> Self:
            """Add :meth:`QueryHelpers.right_join`."""
            return self._push(QueryHelpers.right_join(table, left, right, operator, alias))

        def full_outer_join(
            self,
            table: str,
            left: str | list[QueryLike] | tuple[QueryLike, ...],
            right: str | list[QueryLike] | tuple[QueryLike, ...] = "",
            operator: str = "=",
            alias: str = "",
        ) -> Self:
            """Add :meth:`QueryHelpers.full_outer_join`."""
            return self._push(QueryHelpers.full_outer_join(table, left, right, operator, alias))

        def cross_join(self, table: str, alias: str | None = "") -> Self:
            """Add :meth:`QueryHelpers.cross_join`."""
            return self._push(QueryHelpers.cross_join(table, alias))

        def vector_dot(self, attribute: str, vector: ValueLike) -> Self:
            """Add :meth:`QueryHelpers.vector_dot`."""
            return self._push(QueryHelpers.vector_dot(attribute, vector))

        def vector_cosine(self, attribute: str, vector: ValueLike) -> Self:
            """Add :meth:`QueryHelpers.vector_cosine`."""
            return self._push(QueryHelpers.vector_cosine(attribute, vector))

        def vector_euclidean(self, attribute: str, vector: ValueLike) -> Self:
            """Add :meth:`QueryHelpers.vector_euclidean`."""
            return self._push(QueryHelpers.vector_euclidean(attribute, vector))

        def covers(self, attribute: str, values: ValueLike) -> Self:
            """Add :meth:`QueryHelpers.covers`."""
            return self._push(QueryHelpers.covers(attribute, values))

        def not_covers(self, attribute: str, values: ValueLike) -> Self:
            """Add :meth:`QueryHelpers.not_covers`."""
            return self._push(QueryHelpers.not_covers(attribute, values))

        def spatial_equals(self, attribute: str, values: ValueLike) -> Self:
            """Add :meth:`QueryHelpers.spatial_equals`."""
            return self._push(QueryHelpers.spatial_equals(attribute, values))

        def not_spatial_equals(self, attribute: str, values: ValueLike) -> Self:
            """Add :meth:`QueryHelpers.not_spatial_equals`."""
            return self._push(QueryHelpers.not_spatial_equals(attribute, values))

        def page(self, page: int, per_page: int = 25) -> Self:
            """Add the ``limit`` and ``offset`` of :meth:`QueryHelpers.page`."""
            self._nodes.extend(QueryHelpers.page(page, per_page))
            return self
