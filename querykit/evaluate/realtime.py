"""The ``realtime`` evaluation profile: the Appwrite Realtime server deciding, in PHP, whether one
subscription receives one event.

It is a profile of the evaluator core like ``postgresql`` and ``mariadb``: the core compiles the
filter tree (``and`` true when every child is, so ``and([])`` is true; ``or`` when one is, so
``or([])`` is false); this profile supplies how a leaf reads the payload and compares:

- an attribute is a top-level key of the payload, byte for byte (no dotted paths); a leaf on a
  missing key is false, whatever the method (``isNull`` and ``notEqual`` included);
- the payload value is read after its trip through PHP JSON (``json_encode`` on the API side,
  ``json_decode`` in the Realtime worker), so an integral float below 1e17 arrives as an int;
- ``equal``/``notEqual`` use PHP's strict identity ``===`` against any of the values;
- ``lessThan``, ``lessThanEqual``, ``greaterThan``, ``greaterThanEqual`` use PHP 8's loose
  ordering with the payload value on the left, true when it holds for any of the values;
- ``isNull``/``isNotNull`` test ``=== null`` and ignore their values;
- a ``select`` nested in ``and``/``or`` is always false (only a top-level ``select("*")`` means
  "every event", and that shortcut belongs to the subscription, not to the filter tree);
- any other method is what the server refuses at subscription time.

    >>> from querykit.appwrite import parse_query
    >>> from querykit.evaluate.engine import compile_matcher
    >>> q = [parse_query('{"method":"equal","attribute":"score","values":[30]}')]
    >>> hit = compile_matcher(q, None, SEMANTICS)
    >>> hit({"score": 30.0}), hit({"score": "30"}), hit({})
    (True, False, False)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Final

from querykit.errors import QueryError
from querykit.evaluate.semantics import MISSING, Leaf, LeafBuilder, Predicate, Semantics, identity
from querykit.realtime.php import (
    PhpValue,
    from_json,
    is_identical,
    is_smaller,
    is_smaller_or_equal,
    through_json,
)

__all__ = ["SEMANTICS", "lookup"]


def lookup(document: Mapping[str, object], attribute: str) -> object:
    """The payload's value under the top-level key ``attribute`` after PHP's JSON trip, or
    :data:`~querykit.evaluate.semantics.MISSING`.

    >>> payload = {"a": 2.0, "b.c": None, "b": {"c": 1}}
    >>> lookup(payload, "a"), lookup(payload, "b.c"), lookup({"b": {"c": 1}}, "b.c")
    (2, None, MISSING)
    """
    try:
        value = document[attribute]
    except (KeyError, TypeError):
        return MISSING
    return through_json(value)


def _wanted(leaf: Leaf) -> tuple[PhpValue, ...]:
    return tuple(from_json(v) for v in leaf.values)


def _equal(leaf: Leaf, semantics: Semantics) -> Predicate:
    key, read, wanted = leaf.attribute, semantics.lookup, _wanted(leaf)

    def equal(document: Mapping[str, object]) -> bool:
        value = read(document, key)
        if value is MISSING:
            return False
        return any(is_identical(value, w) for w in wanted)  # type: ignore[arg-type]

    return equal


def _not_equal(leaf: Leaf, semantics: Semantics) -> Predicate:
    key, read, wanted = leaf.attribute, semantics.lookup, _wanted(leaf)

    def not_equal(document: Mapping[str, object]) -> bool:
        value = read(document, key)
        if value is MISSING:
            return False
        return not any(is_identical(value, w) for w in wanted)  # type: ignore[arg-type]

    return not_equal


def _ordering(test: Callable[[PhpValue, PhpValue], bool], payload_left: bool) -> LeafBuilder:
    """A builder for one ordering method: ``test(payload, value)`` when ``payload_left``, else
    ``test(value, payload)`` (PHP evaluates ``$a > $b`` as ``$b < $a``)."""

    def build(leaf: Leaf, semantics: Semantics) -> Predicate:
        key, read, wanted = leaf.attribute, semantics.lookup, _wanted(leaf)

        def ordered(document: Mapping[str, object]) -> bool:
            value = read(document, key)
            if value is MISSING:
                return False
            if payload_left:
                return any(test(value, w) for w in wanted)  # type: ignore[arg-type]
            return any(test(w, value) for w in wanted)  # type: ignore[arg-type]

        return ordered

    return build


def _is_null(leaf: Leaf, semantics: Semantics) -> Predicate:
    key, read = leaf.attribute, semantics.lookup
    return lambda document: read(document, key) is None


def _is_not_null(leaf: Leaf, semantics: Semantics) -> Predicate:
    key, read = leaf.attribute, semantics.lookup

    def is_not_null(document: Mapping[str, object]) -> bool:
        value = read(document, key)
        return value is not None and value is not MISSING

    return is_not_null


def _never(leaf: Leaf, semantics: Semantics) -> Predicate:
    return lambda document: False


def _refused(leaf: Leaf, semantics: Semantics) -> Predicate:
    from querykit.realtime.subscription import RealtimeQueryError, unsupported_message

    raise RealtimeQueryError(unsupported_message(leaf.method))


def _no_like(shape: str, value: str) -> Callable[[str], bool]:
    raise QueryError("Realtime queries have no LIKE matching", code="evaluate")


def _no_search(value: str) -> Callable[[str], bool]:
    raise QueryError("Realtime queries have no full-text search", code="evaluate")


def _no_order(value: list[object]) -> object:
    raise QueryError("Realtime queries have no ordering", code="evaluate")


_REFUSED_METHODS: Final = (
    "search", "notSearch", "between", "notBetween", "startsWith", "notStartsWith", "endsWith",
    "notEndsWith", "contains", "containsAny", "containsAll", "notContains", "exists", "notExists",
    "elemMatch", "orderAsc", "orderDesc", "orderRandom", "limit", "offset", "cursorAfter",
    "cursorBefore", "distanceEqual", "distanceNotEqual", "distanceGreaterThan", "distanceLessThan",
    "intersects", "notIntersects", "crosses", "notCrosses", "overlaps", "notOverlaps", "touches",
    "notTouches", "vectorDot", "vectorCosine", "vectorEuclidean",
)  # fmt: skip

_LEAVES: Final[dict[str, LeafBuilder]] = {
    "equal": _equal,
    "notEqual": _not_equal,
    "lessThan": _ordering(is_smaller, True),
    "lessThanEqual": _ordering(is_smaller_or_equal, True),
    "greaterThan": _ordering(is_smaller, False),
    "greaterThanEqual": _ordering(is_smaller_or_equal, False),
    "isNull": _is_null,
    "isNotNull": _is_not_null,
    # A select nested in and/or compiles to a leaf on "" with no operator of its own: false.
    "select": _never,
    **dict.fromkeys(_REFUSED_METHODS, _refused),
}

SEMANTICS: Final = Semantics(
    name="realtime",
    lookup=lookup,
    string_equal_key=identity,
    string_order_key=identity,
    like=_no_like,
    search=_no_search,
    nulls_first=True,
    not_search_keeps_null=False,
    bind_float=float,
    count_bind_float=float,
    array_order_key=_no_order,
    leaves=_LEAVES,
)
