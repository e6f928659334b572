"""Legacy (pre-1.5) Appwrite query strings such as ``equal("title", ["Iron Man"])``.

Appwrite 1.4 and older took queries as strings in a small call syntax. Appwrite 1.5 switched to
JSON and kept a request filter that converts the old strings for clients that announce an old
response format. This module reproduces that conversion exactly, quirks included, and goes the
other way too:

- :func:`convert` turns one legacy string into the JSON string the new server receives;
- :func:`parse` turns one legacy string into a querykit :class:`~querykit.Query`;
- :func:`dumps` writes queries the way the old SDKs sent them.

>>> print(convert('equal("title", ["Iron Man", "Thor"])'))
{"method":"equal","attribute":"title","values":["Iron Man","Thor"]}
>>> dumps(['{"method":"limit","values":[50]}'])
['limit(50)']
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final, TypeAlias

from querykit.errors import CodecError, LimitError, QueryError, QuerySyntaxError, Span
from querykit.jsondata import nesting_depth, reject_json_constant
from querykit.methods import METHODS
from querykit.phpnumbers import float_text, json_float

if TYPE_CHECKING:
    from querykit import Query

__all__ = [
    "LEGACY_METHODS",
    "MAX_LEGACY_LENGTH",
    "LegacyQueryError",
    "convert",
    "dumps",
    "is_numeric",
    "parse",
]

#: Longest legacy string accepted, in characters. The server's own limit is 4096 per query; this
#: bound only keeps hostile input cheap.
MAX_LEGACY_LENGTH: Final = 65_536

#: Longest JSON query string :func:`dumps` reads, in characters.
MAX_JSON_LENGTH: Final = 65_536

_MAX_JSON_DEPTH: Final = 32

#: The methods the 1.4 parser maps to a query, in the order of its ``switch``.
LEGACY_METHODS: Final = (
    "equal",
    "notEqual",
    "lessThan",
    "lessThanEqual",
    "greaterThan",
    "greaterThanEqual",
    "contains",
    "search",
    "isNull",
    "isNotNull",
    "startsWith",
    "endsWith",
    "between",
    "select",
    "orderAsc",
    "orderDesc",
    "limit",
    "offset",
    "cursorAfter",
    "cursorBefore",
)

_ATTRIBUTE_AND_VALUES: Final = frozenset(LEGACY_METHODS[:12])
_PAGING: Final = frozenset({"limit", "offset", "cursorAfter", "cursorBefore"})


def _newer(method: str) -> str | None:
    """Why ``method`` has no legacy form, when the method catalog knows it as a newer method."""
    row = METHODS.get(method)
    if row is None or row.since == "never" or method in LEGACY_METHODS:
        return None
    if row.since == "-":
        return "it was added after Appwrite 1.9.6"
    return f"it was added in Appwrite {row.since}"


class LegacyQueryError(QuerySyntaxError):
    """A legacy string the old server's conversion rejects, or one with no query behind it.

    ``message`` is the old parser's own words where it has them (``Invalid query``,
    ``Invalid query method``); ``server_message`` is what the Appwrite response carried
    (``Invalid query: <the legacy string>``), with ``status`` and ``error_type``.
    """

    code = "legacy"

    def __init__(
        self,
        message: str,
        *,
        server_message: str | None = None,
        status: int | None = 400,
        error_type: str | None = "general_query_invalid",
        **kwargs: Any,
    ) -> None:
        super().__init__(message, **kwargs)
        self.server_message = server_message
        self.status = status
        self.error_type = error_type


# ---------------------------------------------------------------------------------------------
# PHP semantics the conversion depends on

_PHP_NUMERIC_BYTES: Final = re.compile(
    rb"[ \t\n\r\v\f]*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[ \t\n\r\v\f]*"
)
_PHP_WHITESPACE: Final = b" \t\n\r\v\f"
_PHP_TRIM: Final = b" \t\n\r\x0b\x00"
_INT64_MIN: Final = -(2**63)
_INT64_MAX: Final = 2**63 - 1


def is_numeric(value: str | bytes) -> bool:
    """PHP 8's ``is_numeric()`` for a string.

    Leading whitespace, a sign, decimals and an exponent are allowed, and (since PHP 8)
    trailing whitespace too; hexadecimal, binary, ``_`` separators, ``INF`` and ``NAN`` are not.

    >>> [is_numeric(s) for s in ["01", " 1.5e3 ", ".5", "1.", "0x1A", "1e", "", "\\f7"]]
    [True, True, True, True, False, False, False, True]
    """
    if isinstance(value, str):
        try:
            value = value.encode("utf-8")
        except UnicodeEncodeError:
            return False
    return _PHP_NUMERIC_BYTES.fullmatch(value) is not None


def _php_number(raw: bytes) -> int | float:
    """``$value + 0`` for a string that :func:`is_numeric` accepts."""
    text = raw.strip(_PHP_WHITESPACE).decode("ascii")
    if any(c in text for c in ".eE"):
        return float(text)
    digits = text.lstrip("+-").lstrip("0")
    if len(digits) > 19:
        return float(text)
    number = int(text)
    if _INT64_MIN <= number <= _INT64_MAX:
        return number
    return float(text)


PhpScalar: TypeAlias = bytes | bool | int | float | None
PhpValue: TypeAlias = bytes | bool | int | float | list["PhpValue"] | None


class _JsonEncodeError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _json_string(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _JsonEncodeError("Malformed UTF-8 characters, possibly incorrectly encoded") from None
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "/":
            out.append("\\/")
        elif ch in "\b\f\n\r\t":
            out.append({"\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}[ch])
        elif code < 0x20:
            out.append(f"\\u{code:04x}")
        elif code < 0x80:
            out.append(ch)
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            code -= 0x10000
            out.append(f"\\u{0xD800 | (code >> 10):04x}\\u{0xDC00 | (code & 0x3FF):04x}")
    out.append('"')
    return "".join(out)


def _json_value(value: PhpValue) -> str:
    """PHP's ``json_encode`` with default flags, for the values a legacy string can hold."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _JsonEncodeError("Inf and NaN cannot be JSON encoded")
        return json_float(value)
    if isinstance(value, bytes):
        return _json_string(value)
    return "[" + ",".join(_json_value(v) for v in value) + "]"


def _php_string(value: PhpValue) -> bytes | None:
    """A value passed to a PHP ``string`` parameter in coercive mode; ``None`` for a TypeError."""
    if value is None or isinstance(value, list):
        return None
    if value is True:
        return b"1"
    if value is False:
        return b""
    if isinstance(value, int):
        return str(value).encode()
    if isinstance(value, float):
        return float_text(value).encode()
    return value


# ---------------------------------------------------------------------------------------------
# The 1.4 parser


class _Offsets:
    """Maps byte offsets of the UTF-8 text back to character offsets."""

    def __init__(self, text: str) -> None:
        self.starts: list[int] = []
        pos = 0
        for ch in text:
            self.starts.append(pos)
            pos += len(ch.encode("utf-8"))
        self.length = len(text)

    def char(self, byte: int) -> int:
        return min(max(bisect_right(self.starts, byte) - 1, 0), self.length)

    def span(self, start: int, end: int) -> Span:
        first = self.char(start)
        last = self.char(max(end - 1, start))
        return Span(first, min(max(last + 1, first), self.length))


_BACKSLASH: Final = ord("\\")
_QUOTES: Final = frozenset(b"\"'")
_SPECIAL: Final = frozenset(b",[]\"'")
_IGNORED: Final = frozenset(b" ,")


def _scan(data: bytes, start: int) -> list[tuple[bytes | list[bytes], int, int]]:
    """The character loop of the 1.4 parser: raw parameters with their byte ranges."""
    end = len(data) - 1  # the last byte is dropped unchecked, assumed to be ")"
    params: list[tuple[bytes | list[bytes], int, int]] = []
    current = bytearray()
    current_from = start
    array: list[bytes] = []
    array_from = start
    depth = 0
    quote: int | None = None

    def append(in_string: bool, byte: int) -> None:
        nonlocal current_from
        if byte in _IGNORED and not in_string:
            return
        if not current:
            current_from = i
        current.append(byte)

    i = start
    while i < end:
        byte = data[i]
        in_string = quote is not None
        in_array = not in_string and depth > 0
        if byte == _BACKSLASH:
            following = data[i + 1]
            if following not in _SPECIAL:
                append(in_string, byte)
            append(in_string, following)
            i += 2
            continue
        if byte in _QUOTES and (data[i - 1] != _BACKSLASH or data[i - 2] == _BACKSLASH):
            if in_string:
                if byte == quote:
                    quote = None
            else:
                quote = byte
            append(in_string, byte)
            i += 1
            continue
        if not in_string:
            if byte == ord("["):
                depth += 1
                array_from = i
                i += 1
                continue
            if byte == ord("]"):
                depth -= 1
                if current:
                    array.append(bytes(current))
                params.append((array, array_from, i + 1))
                array = []
                current = bytearray()
                i += 1
                continue
            if byte == ord(","):
                if in_array:
                    array.append(bytes(current))
                    current = bytearray()
                elif not array:
                    if current:
                        params.append((bytes(current), current_from, i))
                    current = bytearray()
                i += 1
                continue
        append(in_string, byte)
        i += 1
    if current:
        params.append((bytes(current), current_from, max(end, current_from + 1)))
    return params


def _parse_value(raw: bytes) -> PhpScalar:
    value = raw.strip(_PHP_TRIM)
    if value == b"false":
        return False
    if value == b"true":
        return True
    if value == b"null":
        return None
    if _PHP_NUMERIC_BYTES.fullmatch(value):
        return _php_number(value)
    if value[:1] in (b'"', b"'"):
        return value[1:-1]
    return value


def _encodable(value: PhpValue) -> bool:
    try:
        _json_value(value)
    except _JsonEncodeError:
        return False
    coerced = _php_string(value)
    if coerced is not None:
        try:
            _json_string(coerced)
        except _JsonEncodeError:
            return False
    return True


def _fail(message: str, text: str, span: Span, hint: str | None = None) -> LegacyQueryError:
    return LegacyQueryError(
        message, span=span, source=text, hint=hint, server_message=f"Invalid query: {text}"
    )


def convert(text: str) -> str:
    """The JSON string Appwrite ≥ 1.5 makes of one legacy query string.

    This is the 1.4 parser as the server still runs it for old clients: both quote kinds,
    backslash escapes, bare words, PHP numbers, one-level arrays, the unchecked last character,
    the per-method mapping, then ``json_encode(array_filter(...))``. Methods the old parser did not
    map come out as ``{"method":"<name>"}``, exactly as the server passes them on.

    >>> print(convert("equal('name', 'John')"))
    {"method":"equal","attribute":"name","values":["John"]}
    >>> print(convert('between("age", 18, 65.5)'))
    {"method":"between","attribute":"age","values":[18,65.5]}
    >>> print(convert('orderDesc("")'))
    {"method":"orderDesc","attribute":"$sequence"}
    >>> convert("title.equal(1)")
    Traceback (most recent call last):
    ...
    querykit.legacy.LegacyQueryError: 1:6: Invalid query method
    """
    if not isinstance(text, str):
        raise LegacyQueryError(
            f"a legacy query must be a string, got {type(text).__name__}", server_message=None
        )
    if len(text) > MAX_LEGACY_LENGTH:
        raise LimitError(
            f"legacy query is {len(text)} characters long; the limit is {MAX_LEGACY_LENGTH}",
            span=Span(MAX_LEGACY_LENGTH, len(text)),
            source=text,
        )
    paren = text.find("(")
    if paren < 0:
        raise _fail(
            "Invalid query",
            text,
            Span(0, len(text)),
            hint='a legacy query is a call such as equal("title", ["Iron Man"])',
        )
    method = text[:paren]
    dot = method.find(".")
    if dot >= 0:
        raise _fail(
            "Invalid query method",
            text,
            Span(dot, dot + 1),
            hint="the 1.4 parser rejects dotted method names",
        )
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise _fail(
            "the query contains a lone surrogate, which cannot be sent as UTF-8",
            text,
            Span(exc.start, exc.end),
        ) from None
    if method not in LEGACY_METHODS:
        return _encode_query(method, b"", [])
    offsets = _Offsets(text)
    raw = _scan(data, paren + 1)
    spans = [offsets.span(a, b) for _, a, b in raw]
    whole = Span(paren, len(text))
    parsed: list[PhpValue] = []
    arr: list[PhpScalar] | None = None
    for param, _, _ in raw:
        if isinstance(param, list):
            for element in param:
                if arr is None:
                    arr = []
                arr.append(_parse_value(element))
            parsed.append(list(arr) if arr is not None else [])
        else:
            parsed.append(_parse_value(param))

    def span_of(index: int) -> Span:
        return spans[index] if index < len(spans) else whole

    def attribute(value: PhpValue, index: int) -> bytes:
        coerced = _php_string(value)
        if coerced is None:
            kind = "an array" if isinstance(value, list) else "missing"
            raise _fail(
                f"Invalid query: the attribute of `{method}` is {kind}",
                text,
                span_of(index),
                hint=f'write the attribute as a single string, e.g. {method}("name", ...)',
            )
        return coerced

    values: list[PhpValue] = []
    attr = b""
    if method in _ATTRIBUTE_AND_VALUES:
        attr = attribute(parsed[0] if parsed and parsed[0] is not None else b"", 0)
        if len(parsed) >= 2:
            second = parsed[1]
            values = list(second) if isinstance(second, list) else [second]
    elif method == "between":
        attr = attribute(parsed[0] if parsed else None, 0)
        values = [parsed[1] if len(parsed) > 1 else None, parsed[2] if len(parsed) > 2 else None]
    elif method == "select":
        first = parsed[0] if parsed else None
        if not isinstance(first, list):
            raise _fail(
                "Invalid query: `select` takes an array of attributes",
                text,
                span_of(0),
                hint='write select(["name", "age"])',
            )
        values = list(first)
    elif method in ("orderAsc", "orderDesc"):
        attr = attribute(parsed[0] if parsed and parsed[0] is not None else b"", 0)
        if attr == b"":
            attr = b"$sequence"
    elif method in _PAGING and parsed:
        values = [parsed[0]]
    try:
        return _encode_query(method, attr, values)
    except _JsonEncodeError as exc:
        culprit = next((k for k, value in enumerate(parsed) if not _encodable(value)), len(parsed))
        raise _fail(
            f"Invalid query: json_encode failed: {exc.message}",
            text,
            span_of(culprit),
            hint="the server then rejects the whole `queries` parameter",
        ) from None


def _encode_query(method: str, attribute: bytes, values: list[PhpValue]) -> str:
    """``json_encode(array_filter($query->toArray()))``; raises :class:`_JsonEncodeError`."""
    parts: list[str] = []
    if method not in ("", "0"):
        parts.append('"method":' + _json_string(method.encode("utf-8")))
    if attribute not in (b"", b"0"):
        parts.append('"attribute":' + _json_string(attribute))
    if values:
        parts.append('"values":' + _json_value(values))
    return "{" + ",".join(parts) + "}" if parts else "[]"


# ---------------------------------------------------------------------------------------------
# Into the AST


def checked_json(text: str) -> str:
    """:func:`convert`, then reject methods that no pre-1.5 server had.

    >>> checked_json('orderRandom()')  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    querykit.legacy.LegacyQueryError: 1:1: `orderRandom` did not exist before Appwrite 1.5; it was ...
    """
    converted = convert(text)
    decoded = json.loads(converted)
    method = decoded.get("method", "") if isinstance(decoded, dict) else ""
    if method in LEGACY_METHODS:
        return converted
    name_end = max(text.find("("), 0)
    span = Span(0, name_end) if name_end else Span(0, min(1, len(text)))
    newer = _newer(method)
    if newer is not None:
        message = f"`{method}` did not exist before Appwrite 1.5; {newer}"
        raise LegacyQueryError(message, span=span, source=text, server_message=None, status=None)
    raise LegacyQueryError(
        f"Invalid query method: {method}",
        span=span,
        source=text,
        hint="the pre-1.5 methods are " + ", ".join(LEGACY_METHODS),
        server_message=f"Invalid query method: {method}",
    )


def parse(text: str) -> Query:
    """A legacy query string as a querykit :class:`~querykit.Query`.

    The string goes through :func:`convert`, exactly as the server would take it, and the JSON
    through :func:`querykit.from_appwrite`. Methods that only exist in Appwrite 1.5 and later
    (``or``, ``orderRandom``, ``notContains``, …) are errors naming the version that added them.
    """
    from querykit import from_appwrite

    converted = checked_json(text)
    try:
        return from_appwrite([converted])
    except QueryError as exc:
        raise LegacyQueryError(
            exc.message,
            span=Span(0, len(text)),
            source=text,
            hint=f"the server receives {converted}",
            server_message=None,
            status=None,
            code=exc.code,
        ) from exc


# ---------------------------------------------------------------------------------------------
# What the old SDKs sent


def _load(text: str, index: int) -> dict[str, Any]:
    if not isinstance(text, str):
        raise CodecError(f"query {index} must be a JSON string, got {type(text).__name__}")
    if len(text) > MAX_JSON_LENGTH:
        raise LimitError(f"query {index} is {len(text)} characters long; the limit is {MAX_JSON_LENGTH}")
    if nesting_depth(text) > _MAX_JSON_DEPTH:
        raise LimitError(f"query {index} nests deeper than {_MAX_JSON_DEPTH} levels", source=text)
    try:
        decoded = json.loads(text, parse_constant=reject_json_constant)
    except ValueError as exc:
        raise CodecError(f"query {index} is not valid JSON: {exc}", source=text) from None
    if not isinstance(decoded, dict):
        raise CodecError(f"query {index} must be a JSON object", source=text)
    return decoded


def _legacy_string(value: str, what: str) -> str:
    """A double-quoted legacy string that the 1.4 parser reads back as ``value``.

    The old SDKs did not escape at all; this matches them byte for byte whenever that was
    readable and escapes ``"`` where it was not. A backslash directly before ``,[]"'`` or at the
    end cannot be written in the legacy syntax at all.
    """
    out = ['"']
    i = 0
    while i < len(value):
        ch = value[i]
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            following = value[i + 1] if i + 1 < len(value) else ""
            if following == "" or following in ",[]\"'":
                raise CodecError(
                    f"{what} {value!r} cannot be written in the legacy syntax: the 1.4 parser "
                    "cannot read a backslash at the end of a string or before , [ ] \" '"
                )
            out.append(ch + following)
            i += 1
        else:
            out.append(ch)
        i += 1
    out.append('"')
    return "".join(out)


def _legacy_value(value: Any, method: str) -> str:
    if isinstance(value, str):
        return _legacy_string(value, f"a value of `{method}`")
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return repr(value)
    raise CodecError(
        f"`{method}` has a value the legacy syntax cannot hold: {json.dumps(value)[:60]}"
        " (only strings, numbers, booleans and null)"
    )


def _dump_one(query: dict[str, Any], index: int) -> str:
    method = query.get("method")
    attribute = query.get("attribute")
    values = query.get("values")
    if not isinstance(method, str):
        raise CodecError(f"query {index} has no method")
    if method not in LEGACY_METHODS:
        reason = _newer(method) or "it is not an Appwrite query method"
        raise CodecError(f"`{method}` has no legacy (pre-1.5) form: {reason}")
    if attribute is None:
        attribute = ""
    if not isinstance(attribute, str):
        raise CodecError(f"query {index} (`{method}`) has an attribute that is not a string")
    if values is None:
        values = []
    if not isinstance(values, list):
        raise CodecError(f"query {index} (`{method}`) has values that are not a list")
    name = _legacy_string(attribute, f"the attribute of `{method}`")
    items = [_legacy_value(v, method) for v in values]
    if method in ("isNull", "isNotNull", "orderAsc", "orderDesc"):
        if items:
            raise CodecError(f"`{method}` takes no values, but query {index} has {len(items)}")
        return f"{method}({name})"
    if method == "between":
        if len(items) != 2:
            raise CodecError(f"`between` needs exactly two values, but query {index} has {len(items)}")
        return f"between({name}, {items[0]}, {items[1]})"
    if method == "select":
        return f"select([{','.join(items)}])"
    if method in _PAGING:
        if len(items) != 1:
            raise CodecError(f"`{method}` needs exactly one value, but query {index} has {len(items)}")
        return f"{method}({items[0]})"
    return f"{method}({name}, [{','.join(items)}])"


def dumps(query_or_strings: Query | Sequence[str] | str) -> list[str]:
    """The legacy strings the pre-1.5 SDKs sent for these queries.

    Takes a :class:`~querykit.Query` or Appwrite JSON query strings (one string or a list).
    Only methods that existed before Appwrite 1.5 have a legacy form; anything else is a
    :class:`~querykit.errors.CodecError` naming the version that added it.

    >>> dumps(['{"method":"equal","attribute":"title","values":["Spiderman","Dr. Strange"]}',
    ...        '{"method":"between","attribute":"age","values":[50.5,100.5]}',
    ...        '{"method":"isNull","attribute":"name"}'])
    ['equal("title", ["Spiderman","Dr. Strange"])', 'between("age", 50.5, 100.5)', 'isNull("name")']
    >>> dumps(['{"method":"orderRandom"}'])
    Traceback (most recent call last):
    ...
    querykit.errors.CodecError: `orderRandom` has no legacy (pre-1.5) form: it was added in Appwrite 1.8.0
    """
    strings: Sequence[Any]
    if isinstance(query_or_strings, str):
        strings = [query_or_strings]
    elif isinstance(query_or_strings, list | tuple):
        strings = query_or_strings
    else:
        from querykit import Query, to_appwrite

        if not isinstance(query_or_strings, Query):
            raise CodecError(
                "dumps takes a querykit Query or a list of Appwrite JSON query strings, "
                f"not {type(query_or_strings).__name__}"
            )
        strings = to_appwrite(query_or_strings)
    return [_dump_one(_load(text, i), i) for i, text in enumerate(strings)]
