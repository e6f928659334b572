"""A Realtime subscription as the Appwrite server reads, checks and stores it.

:func:`subscribe` takes the ``queries`` of one subscription (the list a client sends in its
``subscribe`` message, or one slot of queries in the connect URL) and does what the server
does with them, in the server's order:

1. parse every query string (``Query::parse``; the first parse error wins);
2. check the methods last-in, first-out (the last top-level query first, a logical query's
   last child before its first): only ``equal``, ``notEqual``, ``lessThan``, ``lessThanEqual``,
   ``greaterThan``, ``greaterThanEqual``, ``isNull``, ``isNotNull``, ``and``, ``or`` and
   ``select("*")`` pass;
3. store each query as ``Query::toString()`` prints it.

A rejected list raises :class:`RealtimeQueryError` with the server's exact message and, through
:meth:`RealtimeQueryError.frame`, the websocket error frame each transport sends::

    >>> sub = subscribe(['{"method":"greaterThan","attribute":"score","values":[10]}'])
    >>> sub.stored
    ('{"method":"greaterThan","attribute":"score","values":[10]}',)
    >>> try:
    ...     subscribe(['{"method":"search","attribute":"a","values":["x"]}',
    ...                '{"method":"contains","attribute":"b","values":["y"]}'])
    ... except RealtimeQueryError as e:
    ...     print(e.message.split(". Allowed: ")[0])
    ...     print(e.frame("url")["code"], e.frame("url")["closes"])
    Query method 'contains' is not supported in Realtime queries
    1008 True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final, Literal

from querykit.errors import LimitError, QueryError
from querykit.limits import DEFAULT_LIMITS, Limits
from querykit.phpnumbers import float_text
from querykit.realtime.php import (
    INT_MAX,
    INT_MIN,
    PhpJsonError,
    PhpValue,
    encode_json,
    from_json,
    get_debug_type,
    gettype,
    is_identical,
    through_json,
)

if TYPE_CHECKING:
    from querykit.appwrite import ServerQuery
    from querykit.ast import Node, Query
    from querykit.evaluate.engine import Explanation
    from querykit.evaluate.semantics import Predicate

__all__ = [
    "ALLOWED_METHODS",
    "ARGUMENT_COUNT_ERROR",
    "INVALID_ARGUMENT",
    "QUERY_EXCEPTION",
    "SELECT_ALL",
    "TYPE_ERROR",
    "RealtimePayloadError",
    "RealtimeQuery",
    "RealtimeQueryError",
    "Subscription",
    "prepare_payload",
    "subscribe",
    "unsupported_message",
]

#: The methods a Realtime query may use, in the server's order (its error message lists them so).
ALLOWED_METHODS: Final = (
    "equal", "notEqual", "lessThan", "lessThanEqual", "greaterThan", "greaterThanEqual",
    "isNull", "isNotNull", "and", "or", "select",
)  # fmt: skip
_ALLOWED: Final = frozenset(ALLOWED_METHODS)
_LOGICAL: Final = frozenset({"and", "or"})
# Query::parseQuery parses the children of these; elemMatch is rejected later, but parsed first.
_NESTED: Final = frozenset({"and", "or", "elemMatch"})

#: The PHP classes of what the server throws.
QUERY_EXCEPTION: Final = "Utopia\\Database\\Exception\\Query"
INVALID_ARGUMENT: Final = "InvalidArgumentException"
TYPE_ERROR: Final = "TypeError"
ARGUMENT_COUNT_ERROR: Final = "ArgumentCountError"

#: The stored form of ``select("*")``: what an empty list of queries is stored as.
SELECT_ALL: Final = '{"method":"select","values":["*"]}'

_ALLOWED_LIST: Final = ", ".join(ALLOWED_METHODS)
_SELECT_ONLY_ALL: Final = (
    'Only select("*") is allowed in Realtime queries. select("*") means "listen to all events".'
)
_NAMED_PUSH: Final = "array_push() does not accept unknown named parameters"
_SERVER_ERROR: Final = "Error: Server Error"

Transport = Literal["message", "url"]


def unsupported_message(method: str) -> str:
    """The server's message for a method Realtime queries do not allow.

    >>> unsupported_message("search")[:56]
    "Query method 'search' is not supported in Realtime queri"
    """
    return f"Query method '{method}' is not supported in Realtime queries. Allowed: {_ALLOWED_LIST}"


class RealtimeQueryError(QueryError):
    """Queries the Realtime server refuses.

    ``message`` is the text of what the server throws; ``error_class`` its PHP class
    (:data:`QUERY_EXCEPTION` for parse and method errors, :data:`INVALID_ARGUMENT` for a
    ``select`` other than ``select("*")``, :data:`TYPE_ERROR` or :data:`ARGUMENT_COUNT_ERROR`
    for malformed input the server does not anticipate); ``stage`` is ``"convert"`` (while
    parsing and checking) or ``"subscribe"`` (while storing); ``index`` is the position of the
    top-level query at fault.
    """

    code = "realtime"

    def __init__(
        self,
        message: str,
        *,
        error_class: str = QUERY_EXCEPTION,
        stage: Literal["convert", "subscribe"] = "convert",
        index: int | None = None,
    ) -> None:
        super().__init__(message)
        self.error_class = error_class
        self.stage = stage
        self.index = index

    def frame(self, transport: Transport = "message") -> dict[str, object]:
        """The websocket error frame the client receives: ``{"code", "message", "closes"}``.

        ``transport="message"`` (queries in a ``subscribe`` message): a query error is code 1003
        with ``Invalid query: `` before the message, and the socket stays open.
        ``transport="url"`` (queries in the connect URL): a query error is code 1008 with the bare
        message, and the socket closes. Anything else the server throws reaches the client as
        code 0, ``Error: Server Error`` (in production mode).

        >>> RealtimeQueryError("Invalid query: Syntax error").frame()
        {'code': 1003, 'message': 'Invalid query: Invalid query: Syntax error', 'closes': False}
        >>> RealtimeQueryError("Invalid query: Syntax error").frame("url")
        {'code': 1008, 'message': 'Invalid query: Syntax error', 'closes': True}
        """
        if transport not in ("message", "url"):
            raise QueryError(f"unknown transport {transport!r}; expected 'message' or 'url'")
        closes = transport == "url"
        if self.error_class != QUERY_EXCEPTION or self.stage != "convert":
            return {"code": 0, "message": _SERVER_ERROR, "closes": closes}
        if transport == "message":
            return {"code": 1003, "message": "Invalid query: " + self.message, "closes": False}
        return {"code": 1008, "message": self.message, "closes": True}

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready description, with the PHP class, the stage and both frames."""
        out = super().to_dict()
        out["error_class"] = self.error_class
        out["stage"] = self.stage
        if self.index is not None:
            out["index"] = self.index
        out["frames"] = {"message": self.frame("message"), "url": self.frame("url")}
        return out


@dataclass(frozen=True, slots=True)
class RealtimeQuery:
    """One query as the Realtime server holds it after parsing.

    ``values`` are PHP values (see :mod:`querykit.realtime.php`) in order; for ``and``, ``or``
    and ``elemMatch`` they are :class:`RealtimeQuery` children. ``keys`` are their PHP array keys
    (``0..n-1`` unless the query wrote ``values`` as a JSON object; the default).

    >>> RealtimeQuery("select", "", ("*",)).is_select_all
    True
    """

    method: str
    attribute: str
    values: tuple[PhpValue | RealtimeQuery, ...]
    keys: tuple[int | str, ...] = field(default=(), repr=False)

    def __post_init__(self) -> None:
        if len(self.keys) != len(self.values):
            if self.keys:
                raise QueryError("a RealtimeQuery needs one key per value")
            object.__setattr__(self, "keys", tuple(range(len(self.values))))

    @property
    def children(self) -> tuple[RealtimeQuery, ...]:
        """The nested queries of ``and``/``or`` (empty for a leaf)."""
        if self.method in _NESTED:
            return self.values  # type: ignore[return-value]
        return ()

    @property
    def is_select_all(self) -> bool:
        """``select("*")``: exactly one value, and the value under key 0 is the string ``*``."""
        if self.method != "select" or len(self.values) != 1:
            return False
        key = self.keys[0]
        first = self.values[0] if type(key) is int and key == 0 else None  # PHP reads a missing key as null
        return is_identical(first, "*")  # type: ignore[arg-type]

    def to_array(self) -> PhpValue:
        """``Query::toArray()``: ``method``; ``attribute`` unless PHP finds it ``empty()`` (``""``
        and ``"0"``); ``values`` re-indexed for a leaf, keyed as given and only when non-empty
        for ``and``/``or``."""
        array: dict[int | str, PhpValue] = {"method": self.method}
        if self.attribute not in ("", "0"):
            array["attribute"] = self.attribute
        if self.method in _NESTED:
            if self.values:
                pairs = zip(self.keys, self.children, strict=True)
                array["values"] = _php_array({k: c.to_array() for k, c in pairs})
        else:
            array["values"] = list(self.values)  # type: ignore[arg-type]
        return array

    def to_string(self) -> str:
        """``Query::toString()``: the JSON the server stores and echoes for this query.

        >>> subscribe(['{"values":[1.0,"a/b"],"attribute":"0","method":"equal"}']).queries[0].to_string()
        '{"method":"equal","values":[1,"a\\\\/b"]}'
        """
        try:
            return encode_json(self.to_array())
        except PhpJsonError as e:
            raise RealtimeQueryError("Invalid Json: " + e.message, stage="subscribe") from None


def _php_array(items: dict[int | str, PhpValue]) -> PhpValue:
    if list(items) == list(range(len(items))):
        return list(items.values())
    return items


class RealtimePayloadError(QueryError):
    """An event payload that cannot be matched: not a JSON object, not valid JSON, or holding
    what PHP's ``json_encode`` refuses (the server could not have sent it)."""

    code = "realtime-payload"


def prepare_payload(payload: Mapping[str, object] | str | bytes) -> dict[str, PhpValue]:
    """The payload as the Realtime worker holds it: each value after PHP's JSON trip.

    ``payload`` is a mapping (a document as the API returns it) or its JSON text.

    >>> prepare_payload('{"score": 30.0, "tags": {"0": "a"}}')
    {'score': 30, 'tags': ['a']}
    """
    if isinstance(payload, (str, bytes)):
        from querykit.appwrite.server import ServerQueryError, php_json_decode

        try:
            payload = php_json_decode(payload)  # type: ignore[assignment]
        except ServerQueryError as e:
            raise RealtimePayloadError(
                "the payload is not valid JSON: " + e.message.removeprefix("Invalid query: ")
            ) from None
    elif not isinstance(payload, Mapping):
        raise TypeError(
            f"payload must be a mapping or its JSON text (str or bytes), not {type(payload).__name__}"
        )
    if not isinstance(payload, Mapping):
        raise RealtimePayloadError(f"the payload must be a JSON object, got {_json_type(payload)}")
    prepared: dict[str, PhpValue] = {}
    for key, value in payload.items():
        if type(key) is not str:
            raise RealtimePayloadError(f"payload keys must be strings, got {key!r}")
        try:
            prepared[key] = through_json(value)
        except PhpJsonError as e:
            raise RealtimePayloadError(f"payload[{key!r}] cannot be sent as JSON: {e.message}") from None
    return prepared


def _json_type(value: object) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return "a number"


def _server_query(query: RealtimeQuery) -> ServerQuery:
    """The query in the evaluator core's form (children converted in order, iteratively)."""
    from querykit.appwrite import ServerQuery

    done: dict[int, ServerQuery] = {}
    order: list[RealtimeQuery] = []
    stack = [query]
    while stack:
        node = stack.pop()
        order.append(node)
        stack.extend(node.children)
    for node in reversed(order):
        if node.method in _NESTED:
            values: tuple[object, ...] = tuple(done[id(c)] for c in node.children)
        else:
            values = node.values
        first = values[0] if values and node.keys[0] == 0 and type(node.keys[0]) is int else None
        done[id(node)] = ServerQuery(node.method, node.attribute, values, first)
    return done[id(query)]


def _compile(queries: tuple[RealtimeQuery, ...]) -> Predicate:
    from querykit.evaluate.engine import compile_matcher
    from querykit.evaluate.realtime import SEMANTICS

    return compile_matcher([_server_query(q) for q in queries], None, SEMANTICS)


@dataclass(frozen=True, slots=True)
class Subscription:
    """A subscription the server accepted: its parsed ``queries`` and the ``stored`` strings.

    An empty list of queries is stored as ``select("*")``; a top-level ``select("*")`` makes the
    subscription receive every event (:attr:`select_all`). The filter is compiled once, as the
    server compiles it when the subscription is made.
    """

    queries: tuple[RealtimeQuery, ...]
    stored: tuple[str, ...]
    _predicate: Predicate = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_predicate", _compile(self.queries))

    @property
    def select_all(self) -> bool:
        """True when the subscription receives every event: no queries, or a top-level
        ``select("*")`` (which overrides every other query of the list).

        >>> subscribe([]).select_all, subscribe(['{"method":"select","values":["*"]}']).select_all
        (True, True)
        """
        return not self.queries or any(q.is_select_all for q in self.queries)

    def matches(self, payload: Mapping[str, object] | str | bytes) -> bool:
        """Whether the server delivers an event with this ``payload`` (a document as the API
        returns it, or its JSON text) to this subscription.

        >>> sub = subscribe(['{"method":"greaterThan","attribute":"score","values":[10]}'])
        >>> sub.matches({"score": 11}), sub.matches({"score": "9a"}), sub.matches({"score": [1]})
        (True, True, True)
        >>> subscribe(['{"method":"equal","attribute":"score","values":[30.0]}']).matches({"score": 30.0})
        False
        """
        prepared = prepare_payload(payload)
        if self.select_all:
            return True
        return self._predicate(prepared)

    def path(self, payload: Mapping[str, object] | str | bytes) -> str:
        """Which way the server decides for ``payload``: ``select-all-empty`` (no queries),
        ``select-all`` (a top-level ``select("*")``), ``quick-reject`` (a list without ``or``
        that names an attribute the payload lacks: rejected before evaluation, with the verdict
        evaluation would give) or ``evaluated``.

        >>> sub = subscribe(['{"method":"isNull","attribute":"gone"}'])
        >>> sub.path({"name": "x"}), sub.path({"gone": None}), subscribe([]).path({})
        ('quick-reject', 'evaluated', 'select-all-empty')
        """
        prepared = prepare_payload(payload)
        if not self.queries:
            return "select-all-empty"
        if self.select_all:
            return "select-all"
        attributes: list[str] = []
        stack = list(self.queries)
        while stack:
            query = stack.pop()
            if query.method == "or":
                return "evaluated"
            if query.method == "and":
                stack.extend(query.children)
            else:
                attributes.append(query.attribute)
        if any(attribute not in prepared for attribute in attributes):
            return "quick-reject"
        return "evaluated"

    def explain(self, payload: Mapping[str, object] | str | bytes) -> list[Explanation]:
        """For each top-level query, whether it held for ``payload``, the value seen and the rule
        (empty when the subscription receives every event).

        >>> sub = subscribe(['{"method":"equal","attribute":"n","values":[1]}'])
        >>> print(sub.explain({"n": 1.0})[0].render())
        held      equal n: value 1 (realtime: equal)
        """
        from querykit.evaluate.engine import explain_filters
        from querykit.evaluate.realtime import SEMANTICS

        prepared = prepare_payload(payload)
        if self.select_all:
            return []
        return explain_filters([_server_query(q) for q in self.queries], prepared, None, SEMANTICS)


# --------------------------------------------------------------------------------------------
# Parsing: Query::parse on each element
# --------------------------------------------------------------------------------------------


def _type_error(function: str, expected: str, value: PhpValue) -> RealtimeQueryError:
    return RealtimeQueryError(
        f"Utopia\\Database\\Query::{function}(): Argument #1 ($query) must be of type {expected}, "
        f"{get_debug_type(value)} given",
        error_class=TYPE_ERROR,
    )


def _coerce_to_string(item: object) -> str | bytes:
    """What ``Query::parse(string $query)`` receives for one element of the list: PHP coerces
    numbers and booleans to strings and refuses null and arrays."""
    if isinstance(item, (str, bytes)):
        return item
    if item is True:
        return "1"
    if item is False:
        return ""
    if isinstance(item, int) and not isinstance(item, bool):
        if INT_MIN <= item <= INT_MAX:
            return str(item)
        return float_text(float(item))  # PHP decoded it as a float
    if isinstance(item, float):
        return float_text(item)
    if item is None:
        raise _type_error("parse", "string", None)
    if isinstance(item, (list, tuple, Mapping)):
        raise _type_error("parse", "string", [])
    raise TypeError(f"a query must be a string or a JSON value, not {type(item).__name__}")


def _decode(text: str | bytes) -> PhpValue:
    from querykit.appwrite.server import ServerQueryError, php_json_decode

    try:
        decoded = php_json_decode(text)
    except ServerQueryError as e:
        raise RealtimeQueryError(e.message) from None
    return from_json(decoded)


def _field(array: list[PhpValue] | dict[int | str, PhpValue], name: str) -> PhpValue:
    """``$query[name] ?? null``: a list has integer keys only."""
    if type(array) is dict:
        return array.get(name)
    return None


def _parse_query(array: list[PhpValue] | dict[int | str, PhpValue]) -> RealtimeQuery:
    """``Query::parseQuery``: the checks in the server's order, then the children in order."""
    method = _field(array, "method")
    attribute = _field(array, "attribute")
    values = _field(array, "values")
    if method is None:
        method = ""
    if attribute is None:
        attribute = ""
    if values is None:
        values = []
    if type(method) is not str:
        raise RealtimeQueryError("Invalid query method. Must be a string, got " + gettype(method))
    from querykit.appwrite.server import METHODS  # Query::isMethod(), as the database layer has it

    if method not in METHODS:
        raise RealtimeQueryError("Invalid query method: " + method)
    if type(attribute) is not str:
        raise RealtimeQueryError("Invalid query attribute. Must be a string, got " + gettype(attribute))
    if type(values) is list:
        keys: tuple[int | str, ...] = tuple(range(len(values)))
        items: list[PhpValue] = values
    elif type(values) is dict:
        keys = tuple(values)
        items = list(values.values())
    else:
        raise RealtimeQueryError("Invalid query values. Must be an array, got " + gettype(values))
    if method in _NESTED:
        children: list[RealtimeQuery] = []
        for child in items:
            if not isinstance(child, (list, dict)):
                raise _type_error("parseQuery", "array", child)
            children.append(_parse_query(child))
        return RealtimeQuery(method, attribute, tuple(children), keys)
    return RealtimeQuery(method, attribute, tuple(items), keys)


def _parse(item: object, limits: Limits) -> RealtimeQuery:
    text = _coerce_to_string(item)
    if len(text) > limits.max_length:
        raise LimitError(f"a query string is longer than {limits.max_length} characters")
    decoded = _decode(text)
    if not isinstance(decoded, (list, dict)):
        raise RealtimeQueryError("Invalid query. Must be an array, got " + gettype(decoded))
    return _parse_query(decoded)


# --------------------------------------------------------------------------------------------
# Realtime::convertQueries and Realtime::subscribe
# --------------------------------------------------------------------------------------------


def _check_methods(queries: Sequence[RealtimeQuery]) -> None:
    """The server's method check: a stack, so the last query (and the last child) goes first."""
    stack: list[tuple[int, RealtimeQuery]] = list(enumerate(queries))
    while stack:
        index, query = stack.pop()
        method = query.method
        if method not in _ALLOWED:
            raise RealtimeQueryError(unsupported_message(method), index=index)
        if method == "select" and not query.is_select_all:
            raise RealtimeQueryError(_SELECT_ONLY_ALL, error_class=INVALID_ARGUMENT, index=index)
        if method in _LOGICAL:
            if any(type(k) is str for k in query.keys):
                # array_push($stack, ...$values) with string keys: named arguments.
                raise RealtimeQueryError(_NAMED_PUSH, error_class=ARGUMENT_COUNT_ERROR, index=index)
            stack.extend((index, child) for child in query.children)


_ITEM_TYPES: Final = (str, bytes, int, float, list, tuple, Mapping, type(None))


def _wire_items(queries: object, limits: Limits) -> list[object]:
    """The list of query strings from any accepted form of ``queries``."""
    from querykit.ast import Node, Query

    if isinstance(queries, (str, Query, Node)):
        from querykit import to_appwrite
        from querykit.arguments import query_argument

        return list(to_appwrite(query_argument(queries, "queries", limits)))
    if not isinstance(queries, (list, tuple)):
        raise TypeError(
            "queries must be a list of query strings, querykit text (str) or a querykit.Query, "
            f"not {type(queries).__name__}"
        )
    for index, item in enumerate(queries):
        if not isinstance(item, _ITEM_TYPES):
            raise TypeError(
                f"queries item {index} must be a query string (or a JSON value, as a subscribe "
                f"message may hold), not {type(item).__name__}"
            )
    return list(queries)


def subscribe(
    queries: Sequence[object] | str | Query | Node, *, limits: Limits | None = DEFAULT_LIMITS
) -> Subscription:
    """Check one subscription's queries as the Appwrite Realtime server does and return the
    :class:`Subscription` it would hold.

    ``queries`` is the list of query strings (elements that are not strings are read as the
    server reads numbers, booleans, ``null`` and objects in a ``subscribe`` message), or querykit
    text, or a :class:`~querykit.Query`, compiled to the strings the SDK sends. Raises
    :class:`RealtimeQueryError` where the server refuses them: the first parse error, else the
    method error the server's last-first check meets first, else an error while storing.

    >>> for stored in subscribe('status = "active" and score > 10').stored:
    ...     print(stored)
    {"method":"equal","attribute":"status","values":["active"]}
    {"method":"greaterThan","attribute":"score","values":[10]}
    >>> subscribe([]).stored
    ('{"method":"select","values":["*"]}',)
    >>> try:
    ...     subscribe(["invalid"])
    ... except RealtimeQueryError as e:
    ...     print(e.message, e.frame("message"), sep="\\n")
    Invalid query: Syntax error
    {'code': 1003, 'message': 'Invalid query: Invalid query: Syntax error', 'closes': False}
    """
    from querykit.arguments import limits_argument

    limits = limits_argument(limits)
    items = _wire_items(queries, limits)
    if len(items) > limits.max_queries:
        raise LimitError(f"more than {limits.max_queries} queries in one subscription")
    parsed: list[RealtimeQuery] = []
    for index, item in enumerate(items):
        try:
            parsed.append(_parse(item, limits))
        except RealtimeQueryError as e:
            e.index = index
            raise
    _check_methods(parsed)
    if not parsed:
        return Subscription((), (SELECT_ALL,))
    stored: list[str] = []
    for index, query in enumerate(parsed):
        try:
            stored.append(query.to_string())
        except RealtimeQueryError as e:
            e.index = index
            raise
    return Subscription(tuple(parsed), tuple(stored))
