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

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from querykit.appwrite.phpdate import to_micros
from querykit.appwrite.schema import STRING_TYPES, Attribute, Collection
from querykit.appwrite.server import SERVER_ERROR, ServerQuery, ServerQueryError
from querykit.errors import QueryError
from querykit.evaluate.semantics import MISSING, Leaf, Predicate, Semantics, resolve

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
    "containsAll": "substring",
    "notContains": "substring",
}
_NEGATED_LIKE: Final = frozenset({"notStartsWith", "notEndsWith", "notContains"})


class DocumentError(QueryError):
    """A document whose value does not fit its attribute's type."""

    code = "document"


def document_error(attribute: str, kind: str, value: object) -> DocumentError:
    """The error for a stored value of the wrong type."""
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
    """A function from a non-null stored value to its comparable form, or ``BAD``."""
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
            if method == "and":
                return lambda d: all(c(d) for c in children)
            return lambda d: any(c(d) for c in children)
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
        """document -> comparable value, ``None`` for NULL (missing included)."""
        key = leaf.attribute
        lookup = self.semantics.lookup
        kind = leaf.kind
        if leaf.array:

            def get_array(d: Mapping[str, object]) -> object:
                v = lookup(d, key)
                if v is None or v is MISSING:
                    return None
                if type(v) is not list:
                    raise document_error(key, "list", v)
                return v

            return get_array
        if kind == "string" or kind == "integer" or kind == "boolean" or kind is None:
            expected: type | None = {"string": str, "integer": int, "boolean": bool}.get(kind or "")
            if expected is None:
                return lambda d: _none_if_missing(lookup(d, key))

            def get_plain(d: Mapping[str, object]) -> object:
                v = lookup(d, key)
                if v is None or v is MISSING:
                    return None
                if type(v) is not expected:
                    raise document_error(key, kind or "", v)
                return v

            return get_plain
        read = reader(kind, self.semantics)

        def get_read(d: Mapping[str, object]) -> object:
            v = lookup(d, key)
            if v is None or v is MISSING:
                return None
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

    def _equal(self, leaf: Leaf) -> Predicate:
        get = self.getter(leaf)
        if leaf.kind == "string":
            key = self.semantics.string_equal_key
            wanted = frozenset(key(v) for v in leaf.values if type(v) is str)
            return lambda d: (v := get(d)) is not None and key(v) in wanted  # type: ignore[arg-type]
        wanted_values = frozenset(v for v in self.values(leaf) if v is not None)
        return lambda d: (v := get(d)) is not None and v in wanted_values

    def _notEqual(self, leaf: Leaf) -> Predicate:
        equal = self._equal(leaf)
        get = self.getter(leaf)
        return lambda d: get(d) is not None and not equal(d)

    def _compare(self, leaf: Leaf, op: Callable[[Any, Any], bool]) -> Predicate:
        get = self.getter(leaf)
        key = self.order_key(leaf)
        (value,) = self.values(leaf)[:1] or [None]
        if value is None:
            return _never
        bound = key(value)
        return lambda d: (v := get(d)) is not None and op(key(v), bound)

    def _lessThan(self, leaf: Leaf) -> Predicate:
        return self._compare(leaf, lambda a, b: a < b)

    def _lessThanEqual(self, leaf: Leaf) -> Predicate:
        return self._compare(leaf, lambda a, b: a <= b)

    def _greaterThan(self, leaf: Leaf) -> Predicate:
        return self._compare(leaf, lambda a, b: a > b)

    def _greaterThanEqual(self, leaf: Leaf) -> Predicate:
        return self._compare(leaf, lambda a, b: a >= b)

    def _between(self, leaf: Leaf) -> Predicate:
        get = self.getter(leaf)
        key = self.order_key(leaf)
        low, high = (key(v) for v in self.values(leaf)[:2])
        return lambda d: (v := get(d)) is not None and low <= key(v) <= high

    def _notBetween(self, leaf: Leaf) -> Predicate:
        get = self.getter(leaf)
        key = self.order_key(leaf)
        low, high = (key(v) for v in self.values(leaf)[:2])
        return lambda d: (v := get(d)) is not None and not (low <= (k := key(v)) <= high) and k == k

    def _isNull(self, leaf: Leaf) -> Predicate:
        get = self.getter(leaf)
        return lambda d: get(d) is None

    def _isNotNull(self, leaf: Leaf) -> Predicate:
        get = self.getter(leaf)
        return lambda d: get(d) is not None

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
                return lambda d: get(d) is not None and not equal(d)
            return equal
        shape = _LIKE_SHAPES[method]
        tests = tuple(self.semantics.like(shape, v) for v in leaf.values if type(v) is str)
        if negated:
            return lambda d: (v := get(d)) is not None and not any(t(v) for t in tests)  # type: ignore[arg-type]
        if method == "containsAll":
            return lambda d: (v := get(d)) is not None and all(t(v) for t in tests)  # type: ignore[arg-type]
        return lambda d: (v := get(d)) is not None and any(t(v) for t in tests)  # type: ignore[arg-type]

    def _array(self, leaf: Leaf, get: Callable[[Mapping[str, object]], object]) -> Predicate:
        wanted = tuple(self.values(leaf))
        method = leaf.method

        def elements(v: object) -> set[object]:
            return {(type(e), e) for e in v}  # type: ignore[attr-defined]

        wanted_pairs = {(type(w), w) for w in wanted}
        if method == "containsAll":
            return lambda d: (v := get(d)) is not None and wanted_pairs <= elements(v)
        if method == "notContains":
            return lambda d: (v := get(d)) is not None and not (wanted_pairs & elements(v))
        if method in ("contains", "containsAny"):
            return lambda d: (v := get(d)) is not None and bool(wanted_pairs & elements(v))
        raise QueryError(f"{method} does not apply to an array", code="evaluate")

    _startsWith = _notStartsWith = _endsWith = _notEndsWith = _like
    _contains = _containsAny = _containsAll = _notContains = _like

    # ------------------------------------------------------------------ full text

    def _search(self, leaf: Leaf) -> Predicate:
        get = self.getter(leaf)
        (value,) = leaf.values[:1] or [""]
        test = self.semantics.search(value if type(value) is str else "")
        return lambda d: (v := get(d)) is not None and test(v)  # type: ignore[arg-type]

    def _notSearch(self, leaf: Leaf) -> Predicate:
        get = self.getter(leaf)
        (value,) = leaf.values[:1] or [""]
        test = self.semantics.search(value if type(value) is str else "")
        if self.semantics.not_search_keeps_null:
            return lambda d: (v := get(d)) is None or not test(v)  # type: ignore[arg-type]
        return lambda d: (v := get(d)) is not None and not test(v)  # type: ignore[arg-type]


def _none_if_missing(value: object) -> object:
    return None if value is MISSING else value


def _same(value: Any) -> Any:
    return value


def _never(document: Mapping[str, object]) -> bool:
    return False


def _always(document: Mapping[str, object]) -> bool:
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
    """
    semantics = resolve(profile)
    bind = semantics.count_bind_float if count else semantics.bind_float
    builder = _Builder(schema, semantics, bind, now)
    predicates = tuple(builder.build(q) for q in filters)
    if not predicates:
        return _always
    if len(predicates) == 1:
        return predicates[0]
    if len(predicates) == 2:
        first, second = predicates
        return lambda d: first(d) and second(d)
    return lambda d: all(p(d) for p in predicates)


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
    """For each filter, whether ``document`` passes it and why."""
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


def attribute_of(schema: Collection | None, key: str) -> Attribute | None:
    """The schema's attribute ``key``, or ``None``."""
    if schema is None:
        return None
    try:
        return schema.attribute(key)
    except KeyError:
        return None
