"""The Appwrite server's own parse of one query string, reproduced exactly.

Appwrite 1.9 reads each element of the ``queries`` parameter with utopia-php/database's
``Query::parse``: PHP ``json_decode($q, true, 512, JSON_THROW_ON_ERROR)``, then the checks of
``Query::parseQuery`` in a fixed order. :func:`parse_query` does the same, with the same
messages, and returns a :class:`ServerQuery` holding the values exactly as PHP sees them::

    >>> parse_query('{"method":"equal","attribute":"year","values":[2001]}')
    ServerQuery(method='equal', attribute='year', values=(2001,), first=2001)
    >>> parse_query('{"method":"regex","attribute":"title","values":["^a"]}')
    Traceback (most recent call last):
    ...
    querykit.appwrite.server.ServerQueryError: Invalid query method: regex

PHP's JSON decoder differs from Python's ``json``: it rejects ``NaN`` and ``Infinity``, lone
UTF-16 surrogates and invalid UTF-8; it decodes integers beyond 64 bits as floats; it allows at
most 511 nested arrays and objects (depth 512 counts the top level). The fast path uses the C
scanner of :mod:`json`; anything it cannot vouch for goes through :func:`php_json_decode`, an
iterative re-implementation of PHP's scanner and parser that reports the first error PHP reports.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, NoReturn

from querykit.errors import QueryError
from querykit.releases import ReleaseLine, get_line

__all__ = [
    "FILTER_EXCLUDED_METHODS",
    "METHODS",
    "NESTED_METHODS",
    "PHP_INT_MAX",
    "PHP_INT_MIN",
    "ServerQuery",
    "ServerQueryError",
    "get_debug_type",
    "gettype",
    "parse_query",
    "php_json_decode",
]

PHP_INT_MAX: Final = 2**63 - 1
PHP_INT_MIN: Final = -(2**63)
JSON_MAX_DEPTH: Final = 512

# Query::isMethod() in utopia-php/database 7.2.6. `regex` is a Query type but not a method.
METHODS: Final = frozenset(
    {
        "equal", "notEqual", "lessThan", "lessThanEqual", "greaterThan", "greaterThanEqual",
        "search", "notSearch", "isNull", "isNotNull", "between", "notBetween",
        "startsWith", "notStartsWith", "endsWith", "notEndsWith",
        "contains", "containsAny", "containsAll", "notContains", "exists", "notExists",
        "elemMatch", "and", "or", "select", "orderAsc", "orderDesc", "orderRandom",
        "limit", "offset", "cursorAfter", "cursorBefore",
        "distanceEqual", "distanceNotEqual", "distanceGreaterThan", "distanceLessThan",
        "intersects", "notIntersects", "crosses", "notCrosses", "overlaps", "notOverlaps",
        "touches", "notTouches", "vectorDot", "vectorCosine", "vectorEuclidean",
    }
)  # fmt: skip
NESTED_METHODS: Final = frozenset({"and", "or", "elemMatch"})
# Query::groupByType puts everything else in `filters`.
FILTER_EXCLUDED_METHODS: Final = frozenset(
    {"orderAsc", "orderDesc", "orderRandom", "limit", "offset", "cursorAfter", "cursorBefore", "select"}
)

QUERY_INVALID: Final = "general_query_invalid"
SERVER_ERROR: Final = "general_unknown"


class ServerQueryError(QueryError):
    """A query string the Appwrite server rejects while parsing it.

    ``message`` is the server's exact text, ``status`` the HTTP status and ``type`` the Appwrite
    error type (``general_query_invalid`` for every parse error; ``general_unknown`` with status
    500 where the server itself crashes).
    """

    code = "server"

    def __init__(self, message: str, *, status: int = 400, type: str = QUERY_INVALID) -> None:
        super().__init__(message)
        self.status = status
        self.type = type


@dataclass(frozen=True, slots=True)
class ServerQuery:
    """One query as the server holds it after ``Query::parseQuery``.

    ``values`` are PHP values in order: ``None``, ``bool``, ``int`` (64-bit), ``float``, ``str``,
    ``list`` (a JSON array) and ``dict`` (a JSON object; PHP turns canonical integer keys such as
    ``"0"`` into integer keys). The children of ``and``, ``or`` and ``elemMatch`` are
    :class:`ServerQuery` objects. ``first`` is ``$values[0]``: the value under PHP key 0, or
    ``None`` when there is none (PHP reads a missing key as null).
    """

    method: str
    attribute: str
    values: tuple[object, ...]
    first: object = None


def gettype(value: object) -> str:
    """PHP ``gettype()`` of a decoded JSON value."""
    if value is None:
        return "NULL"
    if value is True or value is False:
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return "string"
    if isinstance(value, ServerQuery):
        return "object"
    return "array"


def get_debug_type(value: object) -> str:
    """PHP ``get_debug_type()`` of a decoded JSON value."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "string"
    if isinstance(value, ServerQuery):
        return "Utopia\\Database\\Query"
    return "array"


# --------------------------------------------------------------------------------------------
# PHP json_decode
# --------------------------------------------------------------------------------------------

_ERR_DEPTH: Final = "Maximum stack depth exceeded"
_ERR_STATE: Final = "State mismatch (invalid or malformed JSON)"
_ERR_CTRL: Final = "Control character error, possibly incorrectly encoded"
_ERR_SYNTAX: Final = "Syntax error"
_ERR_UTF8: Final = "Malformed UTF-8 characters, possibly incorrectly encoded"
_ERR_UTF16: Final = "Single unpaired UTF-16 surrogate in unicode escape"


class _JsonError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _php_int(text: str) -> int | float:
    if len(text) > 24:  # far beyond 64 bits (and int() refuses very long digit strings)
        return float(text)
    value = int(text)
    if PHP_INT_MIN <= value <= PHP_INT_MAX:
        return value
    return float(text)  # PHP decodes integers beyond 64 bits as doubles


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(name)  # NaN / Infinity are not JSON for PHP


_scan_once: Final[Callable[[str, int], tuple[object, int]]] = json.JSONDecoder(
    parse_int=_php_int, parse_constant=_reject_constant
).scan_once  # type: ignore[attr-defined]
_SURROGATE_ESCAPE: Final = re.compile(r"\\u[dD][89a-fA-F]")
_JSON_WS: Final = " \t\n\r"


def _fast_decode(text: str) -> tuple[bool, object]:
    """Decode with the C scanner when its answer is certainly PHP's; ``(False, None)`` otherwise."""
    if len(text) >= JSON_MAX_DEPTH - 1 and text.count("[") + text.count("{") >= JSON_MAX_DEPTH - 1:
        return False, None
    if "\\u" in text and _SURROGATE_ESCAPE.search(text) is not None:
        return False, None
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return False, None
    try:
        value, end = _scan_once(text, 0)
    except (StopIteration, ValueError, RecursionError):
        return False, None
    if end != len(text) and text[end:].strip(_JSON_WS):
        return False, None
    return True, value


def php_json_decode(data: str | bytes) -> object:
    """``json_decode($data, true, 512, JSON_THROW_ON_ERROR)`` as PHP 8 computes it.

    Returns the decoded value (objects as ``dict``, arrays as ``list``) or raises
    :class:`ServerQueryError` with ``Invalid query: <PHP's json error>``::

        >>> php_json_decode('[1, 18446744073709551616]')
        [1, 1.8446744073709552e+19]
        >>> php_json_decode('[NaN]')
        Traceback (most recent call last):
        ...
        querykit.appwrite.server.ServerQueryError: Invalid query: Syntax error
    """
    try:
        if isinstance(data, str):
            ok, value = _fast_decode(data)
            if ok:
                return value
            raw = data.encode("utf-8", "surrogatepass")
        else:
            raw = bytes(data)
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                pass
            else:
                ok, value = _fast_decode(text)
                if ok:
                    return value
        return _PhpJsonParser(raw).parse()
    except _JsonError as e:
        raise ServerQueryError("Invalid query: " + e.message) from None


_NUMBER: Final = re.compile(rb"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?")
_HEX: Final = frozenset(b"0123456789abcdefABCDEF")
_SIMPLE_ESCAPES: Final = frozenset(b'"\\/bfnrt')
_WS_BYTES: Final = frozenset(b" \t\r\n")
_PUNCT: Final = frozenset(b"{}[]:,")
_INT_DIGITS: Final = 19  # digits of PHP_INT_MAX; PHP compares longer literals as text


def _utf8_length(raw: bytes, pos: int) -> int:
    """Length of the well-formed UTF-8 sequence starting at ``pos`` (0 if there is none)."""
    lead = raw[pos]
    if lead < 0x80:
        return 1
    n = len(raw)
    if 0xC2 <= lead <= 0xDF:
        need, lo, hi = 1, 0x80, 0xBF
    elif 0xE0 <= lead <= 0xEF:
        need = 2
        lo, hi = (0xA0, 0xBF) if lead == 0xE0 else (0x80, 0x9F) if lead == 0xED else (0x80, 0xBF)
    elif 0xF0 <= lead <= 0xF4:
        need = 3
        lo, hi = (0x90, 0xBF) if lead == 0xF0 else (0x80, 0x8F) if lead == 0xF4 else (0x80, 0xBF)
    else:
        return 0
    if pos + need >= n:
        return 0
    second = raw[pos + 1]
    if not lo <= second <= hi:
        return 0
    for k in range(2, need + 1):
        if not 0x80 <= raw[pos + k] <= 0xBF:
            return 0
    return need + 1


def _hex4(raw: bytes, pos: int) -> int | None:
    chunk = raw[pos : pos + 4]
    if len(chunk) == 4 and all(c in _HEX for c in chunk):
        return int(chunk, 16)
    return None


_VALUE: Final = 0  # token kinds
_EOI: Final = 1


class _PhpJsonParser:
    """PHP's re2c scanner and bison parser for JSON, iteratively, over raw bytes.

    Tokens are read one at a time exactly when PHP's parser asks for them, so the first error
    found is the one PHP reports (scanner errors win over grammar errors on the same token; the
    depth check runs as soon as ``[`` or ``{`` is read).
    """

    __slots__ = ("pos", "raw")

    def __init__(self, raw: bytes) -> None:
        self.raw = raw
        self.pos = 0

    def token(self) -> tuple[int, object]:
        raw, n = self.raw, len(self.raw)
        pos = self.pos
        while pos < n and raw[pos] in _WS_BYTES:
            pos += 1
        if pos >= n:
            self.pos = pos
            return _EOI, None
        c = raw[pos]
        if c in _PUNCT:
            self.pos = pos + 1
            return c, None
        if c == 0x22:  # "
            return _VALUE, self.string(pos)
        if c == 0x2D or 0x30 <= c <= 0x39:
            m = _NUMBER.match(raw, pos)
            if m is not None:
                self.pos = m.end()
                text = m.group().decode("ascii")
                if m.group(1) is None and m.group(2) is None:
                    digits = len(text) - (text[0] == "-")
                    if digits < _INT_DIGITS:
                        return _VALUE, int(text)
                    return _VALUE, _php_int(text)
                return _VALUE, float(text)
        for word, value in ((b"null", None), (b"true", True), (b"false", False)):
            if raw.startswith(word, pos):
                self.pos = pos + len(word)
                return _VALUE, value
        if c < 0x20:
            raise _JsonError(_ERR_CTRL)
        if _utf8_length(raw, pos):
            raise _JsonError(_ERR_SYNTAX)
        raise _JsonError(_ERR_UTF8)

    def string(self, start: int) -> str:
        raw, n = self.raw, len(self.raw)
        pos = start + 1
        while True:
            if pos >= n:
                raise _JsonError(_ERR_CTRL)  # PHP's scanner reads the terminating NUL here
            c = raw[pos]
            if c == 0x22:
                break
            if c < 0x20:
                raise _JsonError(_ERR_CTRL)
            if c == 0x5C:  # backslash
                nxt = raw[pos + 1] if pos + 1 < n else -1
                if nxt == 0x75:  # u
                    unit = _hex4(raw, pos + 2)
                    if unit is None:
                        raise _JsonError(_ERR_SYNTAX)
                    if 0xD800 <= unit <= 0xDBFF:
                        low = _hex4(raw, pos + 8) if raw[pos + 6 : pos + 8] == b"\\u" else None
                        if low is None or not 0xDC00 <= low <= 0xDFFF:
                            raise _JsonError(_ERR_UTF16)
                        pos += 12
                    elif 0xDC00 <= unit <= 0xDFFF:
                        raise _JsonError(_ERR_UTF16)
                    else:
                        pos += 6
                    continue
                if nxt in _SIMPLE_ESCAPES:
                    pos += 2
                    continue
                raise _JsonError(_ERR_SYNTAX)
            if c < 0x80:
                pos += 1
                continue
            length = _utf8_length(raw, pos)
            if not length:
                raise _JsonError(_ERR_UTF8)
            pos += length
        self.pos = pos + 1
        decoded: str = json.loads(raw[start : pos + 1].decode("utf-8"))
        return decoded

    def parse(self) -> object:
        # Each open container is [container, pending key]; `depth` starts at 1 as in PHP.
        stack: list[tuple[list[object] | dict[str, object], list[str]]] = []
        kind, value = self.token()
        while True:
            # `kind`/`value` is the token where a value is expected.
            if kind == 0x5B or kind == 0x7B:  # [ or {
                if len(stack) + 1 >= JSON_MAX_DEPTH:
                    raise _JsonError(_ERR_DEPTH)
                is_array = kind == 0x5B
                container: list[object] | dict[str, object] = [] if is_array else {}
                stack.append((container, []))
                kind, value = self.token()
                if is_array:
                    if kind == 0x5D:
                        value = stack.pop()[0]
                    elif kind == 0x7D:
                        raise _JsonError(_ERR_STATE)
                    else:
                        continue
                else:
                    if kind == 0x7D:
                        value = stack.pop()[0]
                    elif kind == 0x5D:
                        raise _JsonError(_ERR_STATE)
                    else:
                        self.key(kind, value, stack[-1][1])
                        kind, value = self.token()
                        continue
            elif kind != _VALUE:
                raise _JsonError(_ERR_SYNTAX)
            # A complete value: attach it, then read what follows.
            while True:
                if not stack:
                    kind, _ = self.token()
                    if kind != _EOI:
                        raise _JsonError(_ERR_SYNTAX)
                    return value
                container, pending = stack[-1]
                if isinstance(container, list):
                    container.append(value)
                    close, wrong = 0x5D, 0x7D
                else:
                    container[pending.pop()] = value
                    close, wrong = 0x7D, 0x5D
                kind, _ = self.token()
                if kind == close:
                    value = stack.pop()[0]
                    continue
                if kind == wrong:
                    raise _JsonError(_ERR_STATE)
                if kind != 0x2C:  # ,
                    raise _JsonError(_ERR_SYNTAX)
                kind, value = self.token()
                if isinstance(container, dict):
                    self.key(kind, value, pending)
                    kind, value = self.token()
                break

    def key(self, kind: int, value: object, pending: list[str]) -> None:
        if kind != _VALUE or not isinstance(value, str):
            raise _JsonError(_ERR_SYNTAX)
        colon, _ = self.token()
        if colon != 0x3A:
            raise _JsonError(_ERR_SYNTAX)
        pending.append(value)


# --------------------------------------------------------------------------------------------
# Query::parse / Query::parseQuery
# --------------------------------------------------------------------------------------------


def _items(values: list[object] | dict[str, object]) -> tuple[list[object], int]:
    """The values of a PHP array in order, and the position of key 0 (-1 when absent)."""
    if isinstance(values, list):
        return values, 0 if values else -1
    keys = list(values)
    first = keys.index("0") if "0" in values else -1
    return [values[k] for k in keys], first


def _check_node(
    node: list[object] | dict[str, object],
    methods: frozenset[str] = METHODS,
    type_checks: bool = True,
) -> tuple[str, str, list[object], int]:
    """``parseQuery``'s checks on one array, in the server's order.

    ``methods`` are the methods the line's parser knows; without ``type_checks`` (Appwrite
    1.5) a non-string method is coerced to a string, and an array method or non-array values
    crash the server.
    """
    if type(node) is dict:
        method = node.get("method")
        attribute = node.get("attribute")
        values = node.get("values")
        # The common shape first: every field present and of the right type.
        if type(method) is str and method in methods and type(attribute) is str and type(values) is list:
            return method, attribute, values, 0 if values else -1
    else:  # a JSON list has integer keys only, so every key is missing
        method = attribute = values = None
    if method is None:
        method = ""
    if attribute is None:
        attribute = ""
    if values is None:
        values = []
    if not isinstance(method, str):
        if type_checks:
            raise ServerQueryError("Invalid query method. Must be a string, got " + gettype(method))
        coerced = php_string(method)
        if coerced is None:
            raise server_crash()
        method = coerced
    if method not in methods:
        raise ServerQueryError("Invalid query method: " + method)
    if not isinstance(attribute, str):
        raise ServerQueryError("Invalid query attribute. Must be a string, got " + gettype(attribute))
    if not isinstance(values, (list, dict)):
        if not type_checks:
            raise server_crash()
        raise ServerQueryError("Invalid query values. Must be an array, got " + gettype(values))
    items, first = _items(values)
    return method, attribute, items, first


def php_string(value: object) -> str | None:
    """A decoded JSON scalar passed to a PHP ``string`` parameter (coercive mode); ``None``
    where PHP raises a TypeError (arrays).

    >>> php_string(True), php_string(None), php_string(1e20), php_string([1]) is None
    ('1', '', '1.0E+20', True)
    """
    if value is True:
        return "1"
    if value is False or value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        from querykit.phpnumbers import float_text

        return float_text(value)
    if isinstance(value, str):
        return value
    return None


def server_crash() -> ServerQueryError:
    """What the client sees when the server fails with an uncaught error: HTTP 500.

    >>> server_crash().status, server_crash().message
    (500, 'Server Error')
    """
    return ServerQueryError("Server Error", status=500, type=SERVER_ERROR)


def _nested_child(value: object) -> list[object] | dict[str, object]:
    if isinstance(value, (list, dict)):
        return value
    # parseQuery(array $query) gets a non-array: PHP raises a TypeError, which Appwrite does
    # not catch, so the request ends in HTTP 500.
    raise ServerQueryError(
        "Nested queries inside and, or and elemMatch must be JSON objects, got "
        + gettype(value)
        + "; the Appwrite server fails on this with HTTP 500",
        status=500,
        type=SERVER_ERROR,
    )


def _make_query(
    method: str, attribute: str, values: list[object], first: int, order_default: str = "$sequence"
) -> ServerQuery:
    if attribute == "" and (method == "orderAsc" or method == "orderDesc"):
        attribute = order_default
    return ServerQuery(method, attribute, tuple(values), values[first] if first >= 0 else None)


def query_from_decoded(decoded: object, server: str | ReleaseLine = "latest") -> ServerQuery:
    """``Query::parse`` after ``json_decode``: the array checks, recursing into nested queries.

    Iterative, so any nesting depth is safe.
    """
    if not isinstance(decoded, (list, dict)):
        raise ServerQueryError("Invalid query. Must be an array, got " + gettype(decoded))
    if server == "latest":
        methods, type_checks, order_default = METHODS, True, "$sequence"
    else:
        line = get_line(server)
        methods, type_checks, order_default = line.methods, line.parse_type_checks, line.order_default

    def _check(node: list[object] | dict[str, object]) -> tuple[str, str, list[object], int]:
        return _check_node(node, methods, type_checks)

    def _make(method: str, attribute: str, values: list[object], first: int) -> ServerQuery:
        return _make_query(method, attribute, values, first, order_default)

    method, attribute, items, first = _check(decoded)
    if method not in NESTED_METHODS or not items:
        return _make(method, attribute, items, first)
    # A frame is [method, attribute, raw children, position of key 0, parsed children].
    frames: list[tuple[str, str, list[object], int, list[object]]] = []
    node: list[object] | dict[str, object] = decoded
    checked = True
    while True:
        if not checked:
            method, attribute, items, first = _check(node)
        checked = False
        if items and method in NESTED_METHODS:
            frames.append((method, attribute, items, first, []))
            node = _nested_child(items[0])
            continue
        query = _make(method, attribute, items, first)
        while frames:
            f_method, f_attribute, f_items, f_first, done = frames[-1]
            done.append(query)
            if len(done) < len(f_items):
                node = _nested_child(f_items[len(done)])
                break
            frames.pop()
            query = _make(f_method, f_attribute, done, f_first)
        else:
            return query


def parse_query(data: str | bytes, server: str | ReleaseLine = "latest") -> ServerQuery:
    """Parse one query string (or the raw bytes of one) exactly as the Appwrite server does.

    ``server`` chooses the release line (``"1.4"`` … ``"1.9"``, ``"latest"``, the default; see
    :mod:`querykit.releases`). Raises :class:`ServerQueryError` with the server's
    message, status and error type::

        >>> parse_query('{"method":"orderAsc"}')
        ServerQuery(method='orderAsc', attribute='$sequence', values=(), first=None)
        >>> try:
        ...     parse_query("[1,2]")
        ... except ServerQueryError as e:
        ...     print(repr(e.message), e.status, e.type)
        'Invalid query method: ' 400 general_query_invalid
        >>> parse_query('{"method":"notContains","attribute":"a","values":[1]}', server="1.7")
        Traceback (most recent call last):
        ...
        querykit.appwrite.server.ServerQueryError: Invalid query method: notContains

    Appwrite 1.4 reads legacy strings; a JSON query crashes its parser (HTTP 500)::

        >>> parse_query('equal("year", [2001])', server="1.4")
        ServerQuery(method='equal', attribute='year', values=(2001,), first=2001)
        >>> try:
        ...     parse_query('{"method":"equal","attribute":"year","values":[2001]}', server="1.4")
        ... except ServerQueryError as e:
        ...     print(e.status, e.type, e.message)
        500 general_unknown Server Error
    """
    if not isinstance(data, (str, bytes, bytearray, memoryview)):
        raise ServerQueryError("Invalid query. Must be a string, got " + type(data).__name__)
    if isinstance(data, (bytearray, memoryview)):
        data = bytes(data)
    if server != "latest":
        line = get_line(server)
        if line.query_format == "legacy":
            return _legacy_query(data)
    if type(data) is str:
        ok, value = _fast_decode(data)
        if ok:
            return query_from_decoded(value, server)
    return query_from_decoded(php_json_decode(data), server)


def _legacy_query(data: str | bytes) -> ServerQuery:
    """``Query::parse`` of Appwrite 1.4: the legacy call syntax. Its failures are not caught by
    the 1.4 server, so every one of them is an HTTP 500."""
    from querykit.legacy import convert  # the 1.4 parser, reproduced

    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    try:
        decoded = json.loads(convert(text))
    except (QueryError, ValueError):
        raise server_crash() from None
    fields: dict[str, object] = decoded if isinstance(decoded, dict) else {}
    method = text[: text.find("(")]
    attribute = fields.get("attribute", "")
    if not isinstance(attribute, str):
        raise server_crash()
    if attribute == "$sequence" and method in ("orderAsc", "orderDesc") and "$sequence" not in text:
        attribute = ""  # the 1.4 constructor keeps an empty order attribute
    raw = fields.get("values", [])
    values = tuple(raw) if isinstance(raw, list) else ()
    return ServerQuery(method, attribute, values, values[0] if values else None)
