"""The evaluator core: filters compiled to closures, over any evaluation profile.

:func:`compile_matcher` turns the filter queries of a list (as the server parsed them,
:class:`~querykit.appwrite.ServerQuery`) into one predicate on documents, built once: each leaf
becomes a closure over its converted query values, each ``and``/``or`` a closure over its
children. How values compare, order and match is the profile's (:class:`Semantics`); the core
knows the methods, the attribute types and three-valued logic, where NULL makes every leaf
false except ``isNull`` (and ``notSearch`` where the profile keeps NULL rows).

    >>> from querykit.appwrite import Attribute, Collection, parse_query
    >>> col = Collection((Attribute("age", "integer", size=4),))
    >>> adult = compile_matcher([parse_query('{"method":"greaterThan","attribute":"age","values":[17]}')],
    ...                         col, "postgresql")
    >>> adult({"age": 18}), adult({"age": 3}), adult({"age": None}), adult({})
    (True, False, False, False)

:func:`explain_filters` reports, filter by filter, whether it held, the value it saw and the
rule it applied.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from querykit.appwrite.phpdate import to_micros
from querykit.appwrite.schema import STRING_TYPES, Collection
from querykit.appwrite.server import SERVER_ERROR, ServerQuery, ServerQueryError
from querykit.errors import QueryError
from querykit.evaluate.semantics import MISSING, Leaf, Predicate, Semantics, identity, mapping_get, resolve

__all__ = [
    "BAD",
    "DocumentError",
    "Explanation",
    "attribute_kinds",
    "compile_matcher",
    "document_error",
    "explain_filters",
    "read_value",
    "reader",
]

# The internal attributes a filter may name, with the types the database layer gives them.
INTERNAL_KINDS: Final = {
    "$id": ("string", False),
    "$sequence": ("id", False),
    "$createdAt": ("datetime", False),
    "$updatedAt": ("datetime", False),
}
_LIKE_SHAPES: Final = {
    "startsWith": "prefix",
    "notStartsWith": "prefix",
    "endsWith": "suffix",
    "notEndsWith": "suffix",
    "contains": "substring",
    "containsAny": "substring",
    "containsAll": "pattern",
    "notContains": "substring",
}
_NEGATED_LIKE: Final = frozenset({"notStartsWith", "notEndsWith", "notContains"})


class DocumentError(QueryError):
    """A document whose value does not fit its attribute's type."""

    code = "document"


def document_error(attribute: str, kind: str, value: object) -> DocumentError:
    """The error for a stored value of the wrong type.

    >>> document_error("age", "integer", "42").message
    "attribute 'age' holds '42'; expected an integer"
    """
    shown = repr(value)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return DocumentError(
        f"attribute {attribute!r} holds {shown}; expected {_KIND_WORDS.get(kind, 'a ' + kind)}"
    )


_KIND_WORDS: Final = {
    "string": "a string",
    "integer": "an integer",
    "bigint": "an integer",
    "double": "a number",
    "boolean": "a boolean",
    "datetime": "a datetime string",
    "id": "a sequence number (an integer or a string of digits)",
    "list": "a list",
}


def attribute_kinds(schema: Collection | None) -> dict[str, tuple[str, bool]]:
    """Attribute key to ``(type, array)``, internal attributes included; string types fold to
    ``string``.

    >>> from querykit.appwrite import Attribute, Collection
    >>> attribute_kinds(Collection((Attribute("t", "varchar", array=True),)))["t"]
    ('string', True)
    """
    kinds: dict[str, tuple[str, bool]] = dict(INTERNAL_KINDS)
    if schema is not None:
        for attr in schema.attributes:
            kinds[attr.key] = ("string" if attr.type in STRING_TYPES else attr.type, attr.array)
    return kinds


def _read_datetime(value: object) -> object:
    if type(value) is not str:
        return BAD
    micros = to_micros(value)
    if micros is None:
        return BAD
    return micros // 1000


def _read_sequence(value: object) -> object:
    if type(value) is int:
        return value
    if type(value) is str and value.isascii() and value.isdigit():
        return int(value)
    return BAD


class _Bad:
    def __repr__(self) -> str:
        return "BAD"


BAD: Final = _Bad()
"""What :func:`reader` functions return for a value of the wrong type."""


def read_value(kind: str | None, value: object, semantics: Semantics) -> object:
    """A stored value as the backend holds it: datetimes as UTC milliseconds, ``$sequence`` as an
    integer, doubles as stored (14 significant digits). ``None`` stays ``None``; a value of the
    wrong type raises :class:`DocumentError`.

    >>> read_value("datetime", "1999-12-31T23:30:00.000-05:00", resolve("postgresql"))
    946701000000
    >>> read_value("double", 0.30000000000000004, resolve("postgresql"))
    0.3
    """
    if value is None or value is MISSING:
        return value
    out = reader(kind, semantics)(value)
    if out is BAD:
        raise document_error("?", kind or "value", value)
    return out


def reader(kind: str | None, semantics: Semantics) -> Callable[[object], object]:
    """A function from a non-null stored value to its comparable form, or ``BAD``.

    >>> read = reader("id", resolve("postgresql"))
    >>> read("12"), read("x")
    (12, BAD)
    """
    if kind == "string":
        return lambda v: v if type(v) is str else BAD
    if kind == "integer" or kind == "bigint":
        return lambda v: v if type(v) is int else BAD
    if kind == "double":
        read_double = semantics.read_double

        def double(v: object) -> object:
            if type(v) is float:
                return read_double(v)
            if type(v) is int:
                return read_double(float(v))
            return BAD

        return double
    if kind == "boolean":
        return lambda v: v if type(v) is bool else BAD
    if kind == "datetime":
        return _read_datetime
    if kind == "id":
        return _read_sequence
    return lambda v: v


def _query_value(
    kind: str | None, value: object, bind_float: Callable[[float], float], now: int | None = None
) -> object:
    """A query value as the backend binds it (``now``: the current time in microseconds)."""
    if kind == "double" and type(value) is float:
        return bind_float(value)
    if kind == "datetime" and type(value) is str:
        micros = to_micros(value, now)
        return None if micros is None else micros // 1000
    if kind == "id" and type(value) is str and value.isdigit():
        return int(value)
    return value


def server_error(detail: str) -> ServerQueryError:
    """An HTTP 500 from the server, with the database's error as the detail.

    >>> server_error("boom").status
    500
    """
    return ServerQueryError(
        detail + "; the Appwrite server fails on this with HTTP 500", status=500, type=SERVER_ERROR
    )


class _Builder:
    """Compiles a filter tree for one schema and one profile."""

    def __init__(
        self,
        schema: Collection | None,
        semantics: Semantics,
        bind_float: Callable[[float], float],
        now: int | None = None,
    ):
        self.now = now
        self.kinds = attribute_kinds(schema)
        self.schemaless = schema is None
        self.semantics = semantics
        self.bind_float = bind_float

    def leaf(self, query: ServerQuery) -> Leaf:
        kind, array = self.kinds.get(query.attribute, (None, False))
        if self.schemaless:
            kind = INTERNAL_KINDS.get(query.attribute, (None, False))[0]
        return Leaf(query.method, query.attribute, query.values, kind, array)

    def build(self, query: ServerQuery) -> Predicate:
        method = query.method
        if method == "and" or method == "or":
            children = tuple(self.build(c) for c in query.values if isinstance(c, ServerQuery))
            override = self.semantics.leaves.get(method)
            if override is not None:
                return override(self.leaf(query), self.semantics)
            return _all(children) if method == "and" else _any(children)
        leaf = self.leaf(query)
        override = self.semantics.leaves.get(method)
        if override is not None:
            return override(leaf, self.semantics)
        build = getattr(self, "_" + method, None)
        if build is None:
            if method in ("exists", "notExists"):
                raise server_error("Exists queries are not supported by this database")
            raise QueryError(f"the {self.semantics.name} profile cannot evaluate {method}", code="evaluate")
        predicate: Predicate = build(leaf)
        return predicate

    # ------------------------------------------------------------------ value plumbing

    def getter(self, leaf: Leaf) -> Callable[[Mapping[str, object]], object]:
        """document -> comparable value: ``None`` for NULL, :data:`MISSING` where the profile's
        lookup tells a missing attribute from NULL (a database's does not)."""
        key = leaf.attribute
        raw_lookup = self.semantics.lookup

        def lookup(d: Mapping[str, object], key: str) -> object:
            try:
                return raw_lookup(d, key)
            except AttributeError:
                raise not_a_document(d) from None

        if raw_lookup is mapping_get:
            lookup = _dict_lookup
        kind = leaf.kind
        if leaf.array:

            def get_array(d: Mapping[str, object]) -> object:
                v = lookup(d, key)
                if v is None or v is MISSING:
                    return v
                if type(v) is not list:
                    raise document_error(key, "list", v)
                return v

            return get_array
        if kind == "string" or kind == "integer" or kind == "boolean" or kind is None:
            expected: type | None = {"string": str, "integer": int, "boolean": bool}.get(kind or "")
            if expected is None:
                return lambda d: lookup(d, key)

            def get_plain(d: Mapping[str, object]) -> object:
                v = lookup(d, key)
                if v is None or v is MISSING:
                    return v
                if type(v) is not expected:
                    raise document_error(key, kind or "", v)
                return v

            return get_plain
        read = reader(kind, self.semantics)

        def get_read(d: Mapping[str, object]) -> object:
            v = lookup(d, key)
            if v is None or v is MISSING:
                return v
            out = read(v)
            if out is BAD:
                raise document_error(key, kind or "", v)
            return out

        return get_read

    def values(self, leaf: Leaf) -> list[object]:
        return [_query_value(leaf.kind, v, self.bind_float, self.now) for v in leaf.values]

    def order_key(self, leaf: Leaf) -> Callable[[Any], Any]:
        if leaf.kind == "string":
            return self.semantics.string_order_key
        return _same

    # ------------------------------------------------------------------ comparisons

    def fast(self, leaf: Leaf) -> bool:
        """Whether the leaf can read its value with ``dict.get`` straight from the document."""
        return self.semantics.lookup is mapping_get

    def scalar(self, leaf: Leaf, test: Callable[[Any], bool]) -> Predicate:
        """A leaf that is ``test`` on the attribute's non-null value, in one closure for the
        common types; NULL (or missing) is false."""
        key = leaf.attribute
        kind = leaf.kind
        if not self.fast(leaf):
            get = self.getter(leaf)
            return lambda d: (v := get(d)) is not None and v is not MISSING and test(v)
        plain = (
            list
            if leaf.array
            else {"string": str, "integer": int, "bigint": int, "boolean": bool}.get(kind or "")
        )
        if plain is not None:
            expected = plain

            def plain_leaf(d: Mapping[str, object]) -> bool:
                try:
                    v = d.get(key)
                except AttributeError:
                    raise not_a_document(d) from None
                if v.__class__ is expected:
                    return test(v)
                if v is None:
                    return False
                raise document_error(key, "list" if leaf.array else kind or "", v)

            return plain_leaf
        read = reader(kind, self.semantics)

        def read_leaf(d: Mapping[str, object]) -> bool:
            try:
                v = d.get(key)
            except AttributeError:
                raise not_a_document(d) from None
            if v is None:
                return False
            out = read(v)
            if out is BAD:
                raise document_error(key, kind or "", v)
            return test(out)

        return read_leaf

    def double(self, leaf: Leaf, test: Callable[[Any], bool], bounds: Sequence[object]) -> Predicate | None:
        """For a double attribute, a leaf that rounds the stored value (as storage does) only
        when it lies close enough to a bound for the rounding to matter."""
        numbers = [b for b in bounds if type(b) is float or type(b) is int]
        if leaf.kind != "double" or not self.fast(leaf) or not numbers:
            return None
        low = min(b - abs(b) * 1e-13 for b in numbers)
        high = max(b + abs(b) * 1e-13 for b in numbers)
        read_double = self.semantics.read_double
        key = leaf.attribute

        def double_leaf(d: Mapping[str, object]) -> bool:
            try:
                v = d.get(key)
            except AttributeError:
                raise not_a_document(d) from None
            c = v.__class__
            if c is float or c is int:
                if low <= v <= high:  # type: ignore[operator]
                    v = read_double(float(v))  # type: ignore[arg-type]
                return test(v)
            if v is None:
                return False
            raise document_error(key, "double", v)

        return double_leaf

    def _equal(self, leaf: Leaf) -> Predicate:
        if leaf.kind == "string":
            key = self.semantics.string_equal_key
            wanted = frozenset(key(v) for v in leaf.values if type(v) is str)
            if key is identity:
                return self.scalar(leaf, wanted.__contains__)
            return self.scalar(leaf, lambda v: key(v) in wanted)
        values = [v for v in self.values(leaf) if v is not None]
        test = frozenset(values).__contains__
        return self.double(leaf, test, values) or self.scalar(leaf, test)

    def _notEqual(self, leaf: Leaf) -> Predicate:
        if leaf.kind == "string":
            key = self.semantics.string_equal_key
            wanted = frozenset(key(v) for v in leaf.values if type(v) is str)
            return self.scalar(leaf, lambda v: key(v) not in wanted)
        values = [v for v in self.values(leaf) if v is not None]
        unwanted = frozenset(values)

        def test(v: object) -> bool:
            return v not in unwanted

        return self.double(leaf, test, values) or self.scalar(leaf, test)

    def _compare(self, leaf: Leaf, op: Callable[[Any, Any], bool]) -> Predicate:
        (value,) = self.values(leaf)[:1] or [None]
        if value is None:
            return _never
        if leaf.kind == "string":
            order_key = self.semantics.string_order_key
            bound = order_key(value)  # type: ignore[arg-type]
            return self.scalar(leaf, lambda v: op(order_key(v), bound))

        def test(v: object) -> bool:
            return op(v, value)

        if leaf.kind is None:
            return self.scalar(leaf, _guarded(test))
        return self.double(leaf, test, [value]) or self.scalar(leaf, test)

    def _lessThan(self, leaf: Leaf) -> Predicate:
        return self._compare(leaf, operator.lt)

    def _lessThanEqual(self, leaf: Leaf) -> Predicate:
        return self._compare(leaf, operator.le)

    def _greaterThan(self, leaf: Leaf) -> Predicate:
        return self._compare(leaf, operator.gt)

    def _greaterThanEqual(self, leaf: Leaf) -> Predicate:
        return self._compare(leaf, operator.ge)

    def _range(self, leaf: Leaf, inside: bool) -> Predicate:
        low, high = [*self.values(leaf), None, None][:2]
        if low is None or high is None:
            return _never
        if leaf.kind == "string":
            order_key = self.semantics.string_order_key
            lo: Any = order_key(low)  # type: ignore[arg-type]
            hi: Any = order_key(high)  # type: ignore[arg-type]
            if inside:
                return self.scalar(leaf, lambda v: lo <= order_key(v) <= hi)
            return self.scalar(leaf, lambda v: not (lo <= order_key(v) <= hi))
        first: Any = low
        last: Any = high

        def test(v: Any) -> bool:
            return (first <= v <= last) is inside

        if leaf.kind is None:
            return self.scalar(leaf, _guarded(test))
        return self.double(leaf, test, [low, high]) or self.scalar(leaf, test)

    def _between(self, leaf: Leaf) -> Predicate:
        return self._range(leaf, True)

    def _notBetween(self, leaf: Leaf) -> Predicate:
        return self._range(leaf, False)

    def _isNull(self, leaf: Leaf) -> Predicate:
        if self.semantics.lookup is mapping_get:
            key = leaf.attribute

            def is_null(d: Mapping[str, object]) -> bool:
                try:
                    return d.get(key) is None
                except AttributeError:
                    raise not_a_document(d) from None

            return is_null
        get = self.getter(leaf)
        return lambda d: get(d) is None

    def _isNotNull(self, leaf: Leaf) -> Predicate:
        if self.semantics.lookup is mapping_get:
            key = leaf.attribute

            def is_not_null(d: Mapping[str, object]) -> bool:
                try:
                    return d.get(key) is not None
                except AttributeError:
                    raise not_a_document(d) from None

            return is_not_null
        get = self.getter(leaf)
        return lambda d: (v := get(d)) is not None and v is not MISSING

    # ------------------------------------------------------------------ LIKE and arrays

    def _like(self, leaf: Leaf) -> Predicate:
        method = leaf.method
        get = self.getter(leaf)
        if leaf.array:
            return self._array(leaf, get)
        negated = method in _NEGATED_LIKE
        if leaf.kind == "datetime":
            if self.semantics.like_on_datetime == "error":
                op = "!~~*" if negated else "~~*"
                raise server_error(
                    "SQLSTATE[42883]: Undefined function: 7 ERROR:  operator does not exist: "
                    f"timestamp without time zone {op} unknown"
                )
            equal = self._equal(Leaf("equal", leaf.attribute, leaf.values, leaf.kind))
            if negated:
                return lambda d: (v := get(d)) is not None and v is not MISSING and not equal(d)
            return equal
        shape = _LIKE_SHAPES[method]
        tests = tuple(self.semantics.like(shape, v) for v in leaf.values if type(v) is str)
        if len(tests) == 1:
            (only,) = tests
            if negated:
                return self.scalar(leaf, lambda v: not only(v))
            return self.scalar(leaf, only)
        if negated:
            return lambda d: (v := get(d)) is not None and v is not MISSING and not any(t(v) for t in tests)  # type: ignore[arg-type]
        return lambda d: (v := get(d)) is not None and v is not MISSING and any(t(v) for t in tests)  # type: ignore[arg-type]

    def _array(self, leaf: Leaf, get: Callable[[Mapping[str, object]], object]) -> Predicate:
        wanted = tuple(self.values(leaf))
        method = leaf.method
        if leaf.kind == "string" and all(type(w) is str for w in wanted):
            strings = frozenset(wanted)
            has = strings.__contains__
            if method == "containsAll":
                return self.scalar(leaf, strings.issubset)
            if method == "notContains":
                return self.scalar(leaf, lambda v: not any(map(has, v)))
            if method in ("contains", "containsAny"):
                return self.scalar(leaf, lambda v: any(map(has, v)))

        def elements(v: object) -> set[object]:
            return {(type(e), e) for e in v}  # type: ignore[attr-defined]

        wanted_pairs = {(type(w), w) for w in wanted}
        if method == "containsAll":
            return lambda d: (v := get(d)) is not None and v is not MISSING and wanted_pairs <= elements(v)
        if method == "notContains":
            return lambda d: (
                (v := get(d)) is not None and v is not MISSING and not (wanted_pairs & elements(v))
            )
        if method in ("contains", "containsAny"):
            return lambda d: (
                (v := get(d)) is not None and v is not MISSING and bool(wanted_pairs & elements(v))
            )
        raise QueryError(f"{method} does not apply to an array", code="evaluate")

    _startsWith = _notStartsWith = _endsWith = _notEndsWith = _like
    _contains = _containsAny = _containsAll = _notContains = _like

    # ------------------------------------------------------------------ full text

    def _search(self, leaf: Leaf) -> Predicate:
        get = self.getter(leaf)
        (value,) = leaf.values[:1] or [""]
        test = self.semantics.search(value if type(value) is str else "")
        return lambda d: (v := get(d)) is not None and v is not MISSING and test(v)  # type: ignore[arg-type]

    def _notSearch(self, leaf: Leaf) -> Predicate:
        get = self.getter(leaf)
        (value,) = leaf.values[:1] or [""]
        test = self.semantics.search(value if type(value) is str else "")
        if self.semantics.not_search_keeps_null:
            return lambda d: (v := get(d)) is None or (v is not MISSING and not test(v))  # type: ignore[arg-type]
        return lambda d: (v := get(d)) is not None and v is not MISSING and not test(v)  # type: ignore[arg-type]


def not_a_document(value: object) -> QueryError:
    """The error for a document that is not a JSON object.

    >>> not_a_document([1]).message
    'a document must be a JSON object, got list'
    """
    return QueryError(f"a document must be a JSON object, got {type(value).__name__}", code="document")


def _dict_lookup(d: Mapping[str, object], key: str) -> object:
    try:
        return d.get(key)
    except AttributeError:
        raise not_a_document(d) from None


def _all(predicates: tuple[Predicate, ...]) -> Predicate:
    if not predicates:
        return _always
    if len(predicates) == 1:
        return predicates[0]
    if len(predicates) == 2:
        first, second = predicates
        return lambda d: first(d) and second(d)

    def every(d: Mapping[str, object]) -> bool:  # a loop: quicker than all() over a generator
        for p in predicates:  # noqa: SIM110
            if not p(d):
                return False
        return True

    return every


def _any(predicates: tuple[Predicate, ...]) -> Predicate:
    if not predicates:
        return _never
    if len(predicates) == 1:
        return predicates[0]
    if len(predicates) == 2:
        first, second = predicates
        return lambda d: first(d) or second(d)

    def some(d: Mapping[str, object]) -> bool:
        for p in predicates:  # noqa: SIM110
            if p(d):
                return True
        return False

    return some


def _guarded(test: Callable[[Any], bool]) -> Callable[[Any], bool]:
    """``test``, false where the values cannot be compared (schemaless values of mixed types)."""

    def guarded(v: Any) -> bool:
        try:
            return test(v)
        except TypeError:
            return False

    return guarded


def _same(value: Any) -> Any:
    return value


def _never(document: Mapping[str, object]) -> bool:
    if not isinstance(document, Mapping):
        raise not_a_document(document)
    return False


def _always(document: Mapping[str, object]) -> bool:
    if not isinstance(document, Mapping):
        raise not_a_document(document)
    return True


def compile_matcher(
    filters: Iterable[ServerQuery],
    schema: Collection | None,
    profile: object = "postgresql",
    *,
    count: bool = False,
    now: int | None = None,
) -> Predicate:
    """One predicate ANDing ``filters`` (queries that are not orders, paging or selects), built
    once for ``schema`` and ``profile`` (a name, a database profile or a :class:`Semantics`).

    ``count=True`` binds floats as ``count`` binds them rather than as ``find`` does. ``now``
    (microseconds since 1970, UTC; the current time when omitted) dates datetime values PHP reads
    relative to the current time.

    >>> from querykit.appwrite import parse_query
    >>> low = compile_matcher([parse_query('{"method":"lessThan","attribute":"n","values":[2]}')], None)
    >>> low({"n": 1}), low({"n": None})
    (True, False)
    """
    semantics = resolve(profile)
    bind = semantics.count_bind_float if count else semantics.bind_float
    builder = _Builder(schema, semantics, bind, now)
    predicate = _all(tuple(builder.build(q) for q in filters))
    if predicate is _always or predicate is _never:
        shared = predicate
        return lambda d: shared(d)  # a new function each time: callers may give it attributes
    return predicate


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why one filter held or not: the filter's method and attribute, whether it ``held``, the
    ``value`` the document has there (``None`` for NULL or missing) and the ``rule`` applied."""

    method: str
    attribute: str
    held: bool
    value: object
    rule: str
    children: tuple[Explanation, ...] = ()

    def render(self, indent: int = 0) -> str:
        """One line per filter, nested filters indented.

        >>> print(Explanation("equal", "a", True, 1, "exact").render())
        held      equal a: value 1 (exact)
        """
        mark = "held    " if self.held else "failed  "
        head = f"{'  ' * indent}{mark}  {self.method}"
        if self.attribute:
            head += f" {self.attribute}: value {self.value!r} ({self.rule})"
        else:
            head += f" ({self.rule})"
        return "\n".join([head, *(c.render(indent + 1) for c in self.children)])


def explain_filters(
    filters: Sequence[ServerQuery],
    document: Mapping[str, object],
    schema: Collection | None,
    profile: object = "postgresql",
    *,
    now: int | None = None,
) -> list[Explanation]:
    """For each filter, whether ``document`` passes it and why.

    >>> from querykit.appwrite import parse_query
    >>> q = parse_query('{"method":"isNull","attribute":"n"}')
    >>> explain_filters([q], {}, None)[0].held
    True
    """
    semantics = resolve(profile)
    builder = _Builder(schema, semantics, semantics.bind_float, now)
    return [_explain(builder, q, document) for q in filters]


def _rule(builder: _Builder, query: ServerQuery) -> str:
    leaf = builder.leaf(query)
    name = builder.semantics.name
    method = query.method
    if leaf.kind is None and leaf.method not in ("and", "or"):
        return f"{name}: {method}"
    if method in ("isNull", "isNotNull"):
        return "missing and null are both NULL"
    if method in ("search", "notSearch"):
        return f"{name} full-text search" + (
            "; NULL passes notSearch"
            if method == "notSearch" and builder.semantics.not_search_keeps_null
            else ""
        )
    if leaf.array:
        return "array elements compared exactly; NULL never matches"
    if method in _LIKE_SHAPES:
        return f"{name} LIKE matching; NULL never matches"
    if leaf.kind == "string":
        if method in ("equal", "notEqual"):
            return f"{name} string equality; NULL never matches"
        return f"{name} collation order; NULL never matches"
    if leaf.kind == "double":
        return "doubles as the server binds them; NULL never matches"
    if leaf.kind == "datetime":
        return "instants at millisecond precision, UTC; NULL never matches"
    return f"{leaf.kind} comparison; NULL never matches"


def _explain(builder: _Builder, query: ServerQuery, document: Mapping[str, object]) -> Explanation:
    method = query.method
    if method in ("and", "or"):
        children = tuple(_explain(builder, c, document) for c in query.values if isinstance(c, ServerQuery))
        held = builder.build(query)(document)
        rule = "every filter holds" if method == "and" else "some filter holds"
        return Explanation(method, "", held, None, rule, children)
    leaf = builder.leaf(query)
    held = builder.build(query)(document)
    try:
        seen = builder.getter(leaf)(document)
    except QueryError:
        seen = builder.semantics.lookup(document, query.attribute)
    if seen is MISSING:
        seen = None
    if leaf.kind == "datetime" and type(seen) is int:
        seen = format_millis(seen)
    return Explanation(method, query.attribute, held, seen, _rule(builder, query))


def format_millis(millis: int) -> str:
    """UTC milliseconds as the API prints a datetime.

    >>> format_millis(946701000000)
    '2000-01-01T04:30:00.000+00:00'
    """
    from querykit.appwrite.phpdate import civil_from_days

    days, rest = divmod(millis, 86_400_000)
    year, month, day = civil_from_days(days)
    seconds, ms = divmod(rest, 1000)
    hour, rem = divmod(seconds, 3600)
    minute, second = divmod(rem, 60)
    sign = "-" if year < 0 else ""
    return f"{sign}{abs(year):04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}.{ms:03d}+00:00"
