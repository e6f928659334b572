"""Appwrite's list-documents pipeline over documents held in memory.

:func:`run` answers what ``GET …/collections/{id}/documents`` answers for a query list over a
collection holding ``documents``: the same validation errors (raised as
:class:`~querykit.appwrite.ServerQueryError` with the server's ``message``, ``status`` and
``type``), the cursor lookup, the filters, the order with Appwrite's tie-break and the backend's
NULL placement, the default limit of 25, offset, cursors, the ``select`` projection and the
total as ``count`` gives it (at most 5,000).

    >>> from querykit.appwrite import Attribute, Collection
    >>> col = Collection((Attribute("name", "string", size=64), Attribute("age", "integer", size=4)))
    >>> docs = [{"$id": "a", "name": "Zoe", "age": 31}, {"$id": "b", "name": "ann", "age": 18},
    ...         {"$id": "c", "name": "Bob", "age": None}]
    >>> res = run("age >= 18 order by name", docs, schema=col)
    >>> [d["$id"] for d in res.documents], res.total
    (['b', 'a'], 2)
    >>> [d["$id"] for d in run("order by age desc", docs, schema=col, profile="mariadb").documents]
    ['a', 'b', 'c']
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from querykit.appwrite.profiles import PROFILES, Profile, get_profile
from querykit.appwrite.schema import Collection
from querykit.appwrite.server import (
    FILTER_EXCLUDED_METHODS,
    QUERY_INVALID,
    ServerQuery,
    ServerQueryError,
    parse_query,
)
from querykit.appwrite.validator import (
    APP_LIMIT_ARRAY_ELEMENT_SIZE,
    APP_LIMIT_ARRAY_PARAMS_SIZE,
    ARGUMENT_INVALID,
    PARAM_MESSAGE,
    CursorValidator,
    DocumentsValidator,
)
from querykit.errors import QueryError
from querykit.evaluate.engine import (
    BAD,
    DocumentError,
    attribute_kinds,
    compile_matcher,
    document_error,
    format_millis,
    reader,
)
from querykit.evaluate.semantics import Semantics, resolve

__all__ = [
    "COUNT_LIMIT",
    "DEFAULT_LIMIT",
    "Result",
    "database_profile",
    "parse_list",
    "query_strings",
    "run",
    "schema_of",
]

DEFAULT_LIMIT: Final = 25
COUNT_LIMIT: Final = 5000
INTERNAL_OUTPUT_KEYS: Final = ("$id", "$sequence", "$createdAt", "$updatedAt", "$permissions", "$collection")
_FIRST_CURSOR: Final = CursorValidator(36)
_ORDERS: Final = {"orderAsc": "ASC", "orderDesc": "DESC", "orderRandom": "RANDOM"}


@dataclass(frozen=True, slots=True)
class Result:
    """What list-documents returns: the ``documents`` of the page, as the server shapes them,
    and ``total``, the number of documents matching the filters (at most 5,000)."""

    documents: list[dict[str, object]]
    total: int

    @property
    def ids(self) -> list[str]:
        """The ``$id`` of each returned document, in order.

        >>> Result([{"$id": "a"}, {"$id": "b"}], 2).ids
        ['a', 'b']
        """
        return [str(d["$id"]) for d in self.documents]


def query_strings(queries: object) -> list[object]:
    """The query strings ``queries`` stands for: querykit text, a :class:`~querykit.Query` or
    node, one JSON query string or a JSON array, or a list of JSON strings, objects or nodes.

    >>> query_strings("limit 2")
    ['{"method":"limit","values":[2]}']
    """
    from querykit import compile as compile_text
    from querykit.appwrite.codec import to_appwrite
    from querykit.ast import Node, Query

    if isinstance(queries, Query):
        return list(to_appwrite(queries))
    if isinstance(queries, Node):
        return list(to_appwrite(Query((queries,))))
    if isinstance(queries, (bytes, bytearray)):
        queries = bytes(queries).decode("utf-8", "surrogateescape")
    if isinstance(queries, str):
        stripped = queries.strip()
        if stripped.startswith("["):
            try:
                decoded = json.loads(stripped)
            except (ValueError, RecursionError):
                decoded = None
            if isinstance(decoded, list):
                return query_strings(decoded)
            return [queries]
        if stripped.startswith("{"):
            return [queries]
        return list(compile_text(queries)) if stripped else []
    if isinstance(queries, (list, tuple)):
        out: list[object] = []
        for item in queries:
            if isinstance(item, Node):
                out.extend(to_appwrite(Query((item,))))
            elif isinstance(item, dict):
                try:
                    out.append(json.dumps(item, ensure_ascii=False, allow_nan=False))
                except (TypeError, ValueError) as e:
                    raise QueryError(
                        f"a query object cannot be written as JSON: {e}", code="evaluate"
                    ) from None
            else:
                out.append(item)
        return out
    raise QueryError(
        f"queries must be text, a Query, or a list of JSON query strings; got {type(queries).__name__}",
        code="evaluate",
    )


def schema_of(value: object) -> Collection:
    """``value`` as a collection: a :class:`~querykit.appwrite.Collection` or the collection JSON
    Appwrite's API returns.

    >>> schema_of({"$id": "t", "attributes": [{"key": "a", "type": "integer"}]}).attribute("a").type
    'integer'
    """
    if isinstance(value, Collection):
        return value
    if isinstance(value, Mapping):
        return Collection.from_api(value)
    raise QueryError(
        "schema must be a querykit.appwrite.Collection or the collection JSON from Appwrite's API, "
        f"not {type(value).__name__}",
        code="schema",
    )


def database_profile(profile: object, semantics: Semantics) -> Profile:
    """The database profile whose validation limits apply: ``profile`` itself when it names one,
    else the one named like ``semantics``.

    >>> database_profile("mariadb", resolve("mariadb")).name
    'mariadb'
    """
    if isinstance(profile, (str, Profile)):
        return get_profile(profile)
    return PROFILES.get(semantics.name, PROFILES["postgresql"])


def parse_list(strings: Sequence[object]) -> list[ServerQuery]:
    """The server's parameter checks and parse of the query strings.

    >>> [q.method for q in parse_list(['{"method":"limit","values":[1]}'])]
    ['limit']
    """
    if len(strings) > APP_LIMIT_ARRAY_PARAMS_SIZE:
        raise ServerQueryError(PARAM_MESSAGE, type=ARGUMENT_INVALID)
    for item in strings:
        length = len(item) if isinstance(item, (str, bytes)) else -1
        if isinstance(item, bytes):
            length = len(item.decode("utf-8", "replace"))
        if not 0 < length <= APP_LIMIT_ARRAY_ELEMENT_SIZE:
            raise ServerQueryError(PARAM_MESSAGE, type=ARGUMENT_INVALID)
    return [parse_query(item) for item in strings]  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class _Plan:
    filters: tuple[ServerQuery, ...]
    selections: tuple[object, ...]
    limit: int
    offset: int
    cursor: ServerQuery | None
    orders: tuple[tuple[str, str], ...]


def _as_int(value: object, default: int) -> int:
    if type(value) is int:
        return value
    if type(value) is str:
        try:
            return int(value)
        except ValueError:
            return default
    return default


def _plan(queries: Sequence[ServerQuery]) -> _Plan:
    """``Query::groupByType`` and the tie-break ``Database::find`` appends."""
    filters: list[ServerQuery] = []
    selections: list[object] = []
    limit: int | None = None
    offset: int | None = None
    cursor: ServerQuery | None = None
    attributes: list[str] = []
    types: list[str] = []
    for q in queries:
        method = q.method
        if method in _ORDERS:
            if method != "orderRandom":
                attributes.append(q.attribute or "$sequence")
            types.append(_ORDERS[method])
        elif method == "limit":
            if limit is None:
                limit = _as_int(q.first, DEFAULT_LIMIT)
        elif method == "offset":
            if offset is None:
                offset = _as_int(q.first, 0)
        elif method == "cursorAfter" or method == "cursorBefore":
            if cursor is None:
                cursor = q
        elif method == "select":
            selections.extend(q.values)
        elif method not in FILTER_EXCLUDED_METHODS:
            filters.append(q)
    if "$id" not in attributes and "$sequence" not in attributes:
        first = attributes[0] if attributes else ""
        direction = types[0] if types and first in ("$createdAt", "$updatedAt") else "ASC"
        attributes.append("$sequence")
        types.append(direction)
    orders = tuple((a, types[i] if i < len(types) else "ASC") for i, a in enumerate(attributes))
    return _Plan(
        tuple(filters),
        tuple(selections),
        DEFAULT_LIMIT if limit is None else limit,
        0 if offset is None else offset,
        cursor,
        orders,
    )


class _Rows:
    """The documents with what ordering needs: stored values read once per attribute."""

    def __init__(self, documents: Sequence[Mapping[str, object]], schema: Collection, semantics: Semantics):
        self.semantics = semantics
        self.kinds = attribute_kinds(schema)
        rows: list[Mapping[str, object]] = []
        for index, document in enumerate(documents):
            if type(document) is not dict and not isinstance(document, Mapping):
                raise DocumentError(f"document {index + 1} is not a JSON object")
            identifier = document.get("$id")
            if type(identifier) is not str:
                raise DocumentError(f"document {index + 1} has no string $id")
            if "$sequence" not in document:
                document = {**document, "$sequence": str(index + 1)}
            rows.append(document)
        self.rows = rows

    def value_key(self, attribute: str, bind: bool = False) -> Callable[[Mapping[str, object]], object]:
        """Row to its order value for ``attribute`` (``None`` for NULL)."""
        kind, array = self.kinds.get(attribute, (None, False))
        semantics = self.semantics
        read = reader(kind, semantics)
        string_key = semantics.string_order_key
        array_key = semantics.array_order_key
        bind_float = semantics.bind_float

        def key(row: Mapping[str, object]) -> object:
            value = row.get(attribute)
            if value is None:
                return None
            if array:
                if type(value) is not list:
                    raise document_error(attribute, "list", value)
                return array_key(value)
            out = read(value)
            if out is BAD:
                raise document_error(attribute, kind or "value", value)
            if kind == "string":
                return string_key(out)  # type: ignore[arg-type]
            if bind and type(out) is float:
                return bind_float(out)
            return out

        return key


def _sorted(
    rows: list[Mapping[str, object]],
    orders: Sequence[tuple[str, str]],
    keys: Mapping[str, Callable[[Mapping[str, object]], object]],
    nulls_first: bool,
    wanted: int | None = None,
) -> list[Mapping[str, object]]:
    """Rows in ORDER BY order, with one sort.

    Each order key's values are replaced by their rank among the key's distinct values (NULL
    ranked below or above them all, by the profile; negated for a descending key), so the rows
    sort once on tuples of integers. When only the first ``wanted`` rows are needed, a heap
    selects them: the same rows in the same order as the stable sort gives.
    """
    columns: list[list[int]] = []
    for attribute, direction in orders:
        if direction == "RANDOM":
            continue
        get = keys[attribute]
        values = [get(row) for row in rows]
        distinct: list[Any] = sorted({v for v in values if v is not None})
        rank = {v: i for i, v in enumerate(distinct, start=1)}
        null = 0 if nulls_first else len(distinct) + 1
        column = [null if v is None else rank[v] for v in values]
        if direction == "DESC":
            column = [-c for c in column]
        columns.append(column)
    if not columns:
        return list(rows)
    keyed: Sequence[Any] = columns[0] if len(columns) == 1 else list(zip(*columns, strict=True))
    positions = range(len(rows))
    if wanted is not None and wanted * 4 < len(rows):
        order = heapq.nsmallest(wanted, positions, key=keyed.__getitem__)
    else:
        order = sorted(positions, key=keyed.__getitem__)
    return [rows[i] for i in order]


def _after(
    orders: Sequence[tuple[str, str]],
    keys: Mapping[str, Callable[[Mapping[str, object]], object]],
    bound: Sequence[object],
) -> Callable[[Mapping[str, object]], bool]:
    """The cursor condition: rows strictly after the cursor values in the given order."""
    steps = [(keys[a], d == "DESC", c) for (a, d), c in zip(orders, bound, strict=True)]

    def after(row: Mapping[str, object]) -> bool:
        for get, descending, c in steps:
            v: Any = get(row)
            if v is None:
                return False
            if v == c:
                continue
            return bool(v < c) if descending else bool(v > c)
        return False

    return after


def _project(
    row: Mapping[str, object],
    selected: Sequence[str] | None,
    schema: Collection,
    semantics: Semantics,
) -> dict[str, object]:
    attributes = schema.attributes
    if selected is not None:
        wanted = {a.key: a for a in attributes}
        chosen = [wanted[k] for k in selected if k in wanted]
    else:
        chosen = list(attributes)
    out: dict[str, object] = {}
    for attr in chosen:
        if attr.type == "relationship" or attr.key in out:
            continue
        value = row.get(attr.key)
        if attr.array:
            out[attr.key] = list(value) if isinstance(value, list) else []
        elif value is None:
            out[attr.key] = None
        elif attr.type == "double" and isinstance(value, (int, float)) and not isinstance(value, bool):
            out[attr.key] = semantics.read_double(float(value))
        elif attr.type == "datetime" and isinstance(value, str):
            out[attr.key] = _datetime_text(value)
        else:
            out[attr.key] = value
    out["$id"] = row.get("$id")
    out["$sequence"] = str(row.get("$sequence"))
    for key in ("$createdAt", "$updatedAt"):
        value = row.get(key)
        out[key] = _datetime_text(value) if isinstance(value, str) else value
    permissions = row.get("$permissions")
    out["$permissions"] = list(permissions) if isinstance(permissions, list) else []
    out["$collection"] = row.get("$collection", schema.id)
    return out


def _datetime_text(value: str) -> object:
    from querykit.appwrite.phpdate import to_micros

    micros = to_micros(value)
    return value if micros is None else format_millis(micros // 1000)


def _selection(plan: _Plan) -> list[str] | None:
    if not plan.selections or "*" in plan.selections:
        return None
    return [s for s in plan.selections if isinstance(s, str)]


def run(
    queries: object,
    documents: Iterable[Mapping[str, object]],
    *,
    schema: Collection | Mapping[str, object],
    profile: str | Profile | Semantics = "postgresql",
    now: datetime | None = None,
) -> Result:
    """List ``documents`` (as the API returns them) of a collection with ``schema`` through
    ``queries``, as Appwrite does on ``profile`` (``postgresql``, the default, or ``mariadb``).

    ``$sequence`` gives the insertion order; documents without one take their place in the
    list. Errors the server reports are raised as :class:`~querykit.appwrite.ServerQueryError`
    with its ``message``, ``status`` and ``type``; a document that does not fit the schema
    raises :class:`~querykit.evaluate.engine.DocumentError`. ``now`` (an aware datetime; the
    current time when omitted) dates the datetime values PHP reads relative to the current time.

    >>> from querykit.appwrite import Attribute, Collection
    >>> col = Collection((Attribute("n", "integer", size=4),))
    >>> run("n > 1 limit 1", [{"$id": "x", "n": 1}, {"$id": "y", "n": 2}, {"$id": "z", "n": 3}],
    ...     schema=col).ids
    ['y']
    """
    schema = schema_of(schema)
    semantics = resolve(profile)
    database = database_profile(profile, semantics)
    parsed = parse_list(query_strings(queries))
    if isinstance(documents, (str, bytes, Mapping)) or not isinstance(documents, Iterable):
        kind = type(documents).__name__
        raise TypeError(f"documents must be a list of documents (JSON objects as dicts), not {kind}")
    rows = _Rows(list(documents), schema, semantics)
    cursor_row: Mapping[str, object] | None = None
    for query in parsed:
        if query.method == "cursorAfter" or query.method == "cursorBefore":
            error = _FIRST_CURSOR.validate(query)
            if error is not None:
                raise ServerQueryError(error, type=QUERY_INVALID)
            cursor_row = _find_cursor(rows.rows, str(query.first), semantics)
            break
    error = DocumentsValidator.for_collection(schema, database).validate(parsed)
    if error is not None:
        raise ServerQueryError(error, type=QUERY_INVALID)
    plan = _plan(parsed)
    keys = {a: rows.value_key(a) for a, _ in plan.orders}
    orders = plan.orders
    bound: list[object] = []
    if cursor_row is not None:
        for attribute, _direction in orders:
            value = rows.value_key(attribute, bind=True)(cursor_row)
            if value is None:
                raise ServerQueryError(
                    f"The order attribute '{attribute}' had a null value. Cursor pagination requires "
                    "all documents order attribute values are non-null.",
                    type="database_query_order_null",
                )
            bound.append(value)
    clock = micros_of(now)
    matcher = compile_matcher(plan.filters, schema, semantics, now=clock)
    selected = [row for row in rows.rows if matcher(row)]
    matched = len(selected)
    before = plan.cursor is not None and plan.cursor.method == "cursorBefore"
    if before:
        orders = tuple((a, "ASC" if d == "DESC" else "DESC" if d == "ASC" else d) for a, d in orders)
    if cursor_row is not None and not any(d == "RANDOM" for _, d in plan.orders):
        after = _after(orders, keys, bound)
        selected = [row for row in selected if after(row)]
    ordered = _sorted(selected, orders, keys, semantics.nulls_first, plan.offset + plan.limit)
    page = ordered[plan.offset : plan.offset + plan.limit]
    if before:
        page.reverse()
    if _binds_floats(plan.filters):  # count binds floats otherwise than find: count again
        counter = compile_matcher(plan.filters, schema, semantics, count=True, now=clock)
        total = 0
        for row in rows.rows:
            if counter(row):
                total += 1
                if total >= COUNT_LIMIT:
                    break
    else:
        total = min(matched, COUNT_LIMIT)
    chosen = _selection(plan)
    return Result([_project(row, chosen, schema, semantics) for row in page], total)


def _binds_floats(filters: Iterable[ServerQuery]) -> bool:
    """Whether any filter, at any depth, has a float value."""
    stack = list(filters)
    while stack:
        query = stack.pop()
        for value in query.values:
            if isinstance(value, ServerQuery):
                stack.append(value)
            elif type(value) is float:
                return True
    return False


def micros_of(now: datetime | None) -> int | None:
    """``now`` as microseconds since 1970 (UTC); a naive datetime is taken as UTC.

    >>> micros_of(datetime(1970, 1, 2, tzinfo=UTC))
    86400000000
    """
    if now is None:
        return None
    if not isinstance(now, datetime):
        raise QueryError("now must be a datetime", code="evaluate")
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    delta = now - datetime(1970, 1, 1, tzinfo=UTC)
    return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds


def _find_cursor(
    rows: Sequence[Mapping[str, object]], identifier: str, semantics: Semantics
) -> Mapping[str, object]:
    key = semantics.string_equal_key
    wanted = key(identifier)
    for row in rows:
        value = row.get("$id")
        if type(value) is str and key(value) == wanted:
            return row
    raise ServerQueryError(
        f"Document '{identifier}' for the 'cursor' value not found.", type="general_cursor_not_found"
    )
