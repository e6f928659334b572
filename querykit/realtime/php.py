"""PHP 8 values and how PHP compares and prints them, for the Realtime server's decisions.

The Realtime server holds a subscription's query values and each event's payload as PHP values
decoded from JSON, compares them with ``===`` (``equal``, ``notEqual``) and with PHP 8's loose
``<``/``<=`` (the ordering methods), and stores each query as ``json_encode`` prints it. This
module models those values and reproduces those rules exactly.

The value model (:data:`PhpValue`): ``None``, ``bool``, ``int`` (64-bit), ``float``, ``str``, and
PHP arrays. A PHP array whose keys are ``0, 1, …, n-1`` in order is a ``list``; any other is a
``dict`` whose keys are ``int`` or ``str`` exactly as PHP keys them (a key spelled as a canonical
decimal integer, such as ``"7"`` or ``"-3"``, is the integer). So ``{"0":"a","1":"b"}`` and
``["a","b"]`` are the same value, as in PHP, and ``{}`` is ``[]``::

    >>> from_json({"0": "a", "1": "b"}), from_json({}), from_json({"1": "x", "k": None})
    (['a', 'b'], [], {1: 'x', 'k': None})
    >>> is_identical(1, 1.0), is_identical(from_json({"a": 1, "b": 2}), from_json({"b": 2, "a": 1}))
    (False, False)
    >>> is_smaller("10", "9"), is_smaller(10, "9a"), is_smaller(None, -1), is_smaller([], 0)
    (False, True, True, False)
    >>> through_json({"score": 30.0, "ratio": 0.5, "big": 1e17})
    {'score': 30, 'ratio': 0.5, 'big': 1e+17}
    >>> encode_json({"a": "x/y", "b": [1.0, 0.1, 1e-7, "é"]})
    '{"a":"x\\\\/y","b":[1,0.1,1.0e-7,"\\\\u00e9"]}'
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Final, TypeAlias

from querykit.errors import QueryError
from querykit.phpnumbers import float_text, json_float

__all__ = [
    "INT_MAX",
    "INT_MIN",
    "PhpJsonError",
    "PhpValue",
    "array_key",
    "compare",
    "encode_json",
    "from_json",
    "get_debug_type",
    "gettype",
    "is_identical",
    "is_smaller",
    "is_smaller_or_equal",
    "is_truthy",
    "numeric_string",
    "through_json",
]

PhpValue: TypeAlias = "bool | int | float | str | list[PhpValue] | dict[int | str, PhpValue] | None"

INT_MAX: Final = 2**63 - 1
INT_MIN: Final = -(2**63)
#: PHP's ``json_encode``/``json_decode`` default depth: at most this many nested arrays.
JSON_DEPTH: Final = 512


class PhpJsonError(QueryError):
    """A value PHP's ``json_encode`` refuses (``message`` is PHP's own text)."""

    code = "php-json"


# --------------------------------------------------------------------------------------------
# Arrays and keys
# --------------------------------------------------------------------------------------------

_CANONICAL_INT: Final = re.compile(r"-?(?:0|[1-9][0-9]*)")
_INT_START: Final = frozenset("-0123456789")


def array_key(key: str) -> int | str:
    """The key PHP uses for the string ``key`` in an array: canonical decimal integers in the
    64-bit range become ints (``"7"``, ``"-3"``), everything else stays a string (``"07"``,
    ``"-0"``, ``" 1"``, ``"9223372036854775808"``).

    >>> array_key("7"), array_key("-0"), array_key("007"), array_key("name")
    (7, '-0', '007', 'name')
    """
    if key and key[0] in _INT_START and len(key) <= 20 and _CANONICAL_INT.fullmatch(key) and key != "-0":
        value = int(key)
        if INT_MIN <= value <= INT_MAX:
            return value
    return key


def _as_array(items: dict[int | str, PhpValue]) -> PhpValue:
    """A list when the keys are ``0..n-1`` in order (PHP cannot tell the two apart)."""
    for expected, key in enumerate(items):
        if key != expected or type(key) is not int:
            return items
    return list(items.values())


def _items(array: list[PhpValue] | dict[int | str, PhpValue]) -> Iterator[tuple[int | str, PhpValue]]:
    if type(array) is list:
        return enumerate(array)
    return iter(array.items())  # type: ignore[union-attr]


def _lookup(array: list[PhpValue] | dict[int | str, PhpValue], key: int | str) -> tuple[bool, PhpValue]:
    if isinstance(array, list):
        if isinstance(key, int) and 0 <= key < len(array):
            return True, array[key]
        return False, None
    if key in array:
        return True, array[key]
    return False, None


def from_json(value: object) -> PhpValue:
    """A decoded JSON value (``dict``/``list``/scalars) as PHP's ``json_decode($s, true)`` holds it.

    Object keys become PHP array keys (:func:`array_key`); an object whose keys are then
    ``0..n-1`` in order is a list. Integers outside 64 bits become floats, as PHP decodes them.

    >>> from_json({"2": "b", "x": [1, {"0": True}]})
    {2: 'b', 'x': [1, [True]]}
    """
    return _convert(value, trip=False)


def through_json(value: object) -> PhpValue:
    """``value`` after PHP's ``json_decode(json_encode($value), true)``: the trip an event
    payload makes from the API to the Realtime worker.

    A float with an integral value below 1e17 in magnitude prints without a fraction, so it comes
    back as an int (``30.0`` as ``30``, ``-0.0`` as ``0``); other floats come back unchanged.
    Raises :class:`PhpJsonError` with PHP's message for what ``json_encode`` refuses.

    >>> through_json([30.0, -0.0, 2.5, 1e17, True, None])
    [30, 0, 2.5, 1e+17, True, None]
    >>> through_json({"x": float("nan")})
    Traceback (most recent call last):
    ...
    querykit.realtime.php.PhpJsonError: Inf and NaN cannot be JSON encoded (at ['x'])
    """
    return _convert(value, trip=True)


def _is_container(value: object) -> bool:
    kind = type(value)
    if kind is dict or kind is list:
        return True
    if kind is str or kind is int or kind is float or kind is bool or value is None:
        return False
    return isinstance(value, (list, tuple, Mapping))


def _convert(value: object, *, trip: bool) -> PhpValue:
    if not _is_container(value):
        return _scalar(value, trip)
    # Iterative, so no input depth can exhaust the stack; PHP's own depth bound applies.
    stack: list[tuple[Iterator[tuple[int | str, object]], dict[int | str, PhpValue], list[int | str]]] = []
    node: object = value
    while True:
        result: object
        if _is_container(node):
            if len(stack) >= JSON_DEPTH:
                raise PhpJsonError("Maximum stack depth exceeded")
            stack.append((_pairs(node), {}, [0]))
            result = _STARTED
        else:
            try:
                result = _scalar(node, trip)
            except PhpJsonError as e:
                where = "".join(f"[{slot[0]!r}]" for _, _, slot in stack)
                raise PhpJsonError(f"{e.message} (at {where})" if where else e.message) from None
        while stack:
            pairs, built, slot = stack[-1]
            if result is not _STARTED:
                built[slot[0]] = result  # type: ignore[assignment]
            step = next(pairs, None)
            if step is None:
                stack.pop()
                result = _as_array(built)
                continue
            slot[0], node = step
            break
        else:
            return result  # type: ignore[return-value]


_STARTED: Final = object()


def _pairs(container: object) -> Iterator[tuple[int | str, object]]:
    if isinstance(container, Mapping):
        for key, item in container.items():
            if type(key) is str:
                yield array_key(key), item
            elif type(key) is int and INT_MIN <= key <= INT_MAX:
                yield key, item  # already a PHP key (the value model's own dicts)
            else:
                raise PhpJsonError(f"Object keys must be strings, got {type(key).__name__}")
    else:
        assert isinstance(container, (list, tuple))
        yield from enumerate(container)


def _scalar(item: object, trip: bool) -> PhpValue:
    kind = type(item)
    if kind is str:
        if trip and not item.isascii():  # type: ignore[attr-defined]
            _check_utf8(item)  # type: ignore[arg-type]
        return item  # type: ignore[return-value]
    if kind is int and INT_MIN <= item <= INT_MAX:  # type: ignore[operator]
        return item  # type: ignore[return-value]
    if item is None or item is True or item is False:
        return item
    if isinstance(item, bool):
        return bool(item)
    if isinstance(item, str):
        if trip:
            _check_utf8(item)
        return str(item)
    if isinstance(item, int):
        if INT_MIN <= item <= INT_MAX:
            return int(item)
        return _float_trip(float(item)) if trip else float(item)
    if isinstance(item, float):
        return _float_trip(float(item)) if trip else float(item)
    raise PhpJsonError(f"Type is not supported: {type(item).__name__}")


def _check_utf8(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise PhpJsonError("Malformed UTF-8 characters, possibly incorrectly encoded") from None


def _float_trip(x: float) -> int | float:
    if not math.isfinite(x):
        raise PhpJsonError("Inf and NaN cannot be JSON encoded")
    if abs(x) < 1e17 and x == int(x):
        # PHP prints the shortest digits padded with zeros (6.671984451549631e16 as
        # 66719844515496310), and the worker reads that back as an int.
        return int(x) if abs(x) < 2**53 else int(Decimal(repr(x)))
    return x


# --------------------------------------------------------------------------------------------
# Types, truthiness, identity
# --------------------------------------------------------------------------------------------


def gettype(value: PhpValue) -> str:
    """PHP ``gettype()``: ``NULL``, ``boolean``, ``integer``, ``double``, ``string`` or ``array``.

    >>> gettype(None), gettype(1.0), gettype([])
    ('NULL', 'double', 'array')
    """
    if value is None:
        return "NULL"
    if value is True or value is False:
        return "boolean"
    if type(value) is int:
        return "integer"
    if type(value) is float:
        return "double"
    if type(value) is str:
        return "string"
    return "array"


def get_debug_type(value: PhpValue) -> str:
    """The type name PHP 8.2 puts in a ``TypeError``: ``null``, ``bool``, ``int``, ``float``,
    ``string`` or ``array``.

    >>> get_debug_type(True), get_debug_type({"a": 1})
    ('bool', 'array')
    """
    if value is None:
        return "null"
    if value is True or value is False:
        return "bool"
    if type(value) is int:
        return "int"
    if type(value) is float:
        return "float"
    if type(value) is str:
        return "string"
    return "array"


def is_truthy(value: PhpValue) -> bool:
    """PHP's boolean reading: ``null``, ``false``, ``0``, ``0.0``, ``""``, ``"0"`` and ``[]`` are
    false; everything else (``"0.0"``, ``" "``, ``[0]``, ``-1``) is true.

    >>> [is_truthy(v) for v in (None, 0.0, "0", "0.0", [], [0])]
    [False, False, False, True, False, True]
    """
    if value is None:
        return False
    if type(value) is str:
        return value != "" and value != "0"
    if isinstance(value, (list, dict)):
        return len(value) > 0
    return bool(value)


def is_identical(a: PhpValue, b: PhpValue) -> bool:
    """PHP ``$a === $b``: same type and value; arrays need the same keys in the same order with
    identical values. ``0.0 === -0.0`` is true; ``1 === 1.0`` is false.

    >>> is_identical(0.0, -0.0), is_identical(["a", "b"], ["b", "a"]), is_identical(True, 1)
    (True, False, False)
    """
    if type(a) is not type(b):
        return False
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return False
        return all(is_identical(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        if len(a) != len(b):
            return False
        for (ka, va), (kb, vb) in zip(a.items(), b.items(), strict=True):
            if ka != kb or type(ka) is not type(kb) or not is_identical(va, vb):
                return False
        return True
    return a == b


# --------------------------------------------------------------------------------------------
# Numeric strings and number printing
# --------------------------------------------------------------------------------------------

_WHITESPACE: Final = " \t\n\r\v\f"
# What zend_strtod reads: a mantissa with digits before or after the point, then an exponent.
_STRTOD: Final = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_LONG_MIN_DIGITS: Final = "9223372036854775808"
_MAX_LENGTH_OF_LONG: Final = 20


def numeric_string(text: str) -> tuple[int | float, int] | None:
    """PHP's ``is_numeric_string_ex`` on ``text``: ``None`` when it is not numeric, else
    ``(value, overflow)``. ``value`` is an ``int`` for an integer that fits 64 bits, otherwise a
    ``float``; ``overflow`` is ``1`` or ``-1`` when the integer part has too many digits for
    64 bits (PHP then compares some pairs as text), else ``0``.

    Leading and trailing whitespace (space, ``\\t``, ``\\n``, ``\\r``, ``\\v``, ``\\f``) is
    allowed; hex, ``inf``, ``nan``, ``1_000`` and non-ASCII digits are not numeric.

    >>> numeric_string(" 1e3 "), numeric_string(".5"), numeric_string("0x1A"), numeric_string("1_000")
    ((1000.0, 0), (0.5, 0), None, None)
    >>> numeric_string("9223372036854775807"), numeric_string("9223372036854775808")
    ((9223372036854775807, 0), (9.223372036854776e+18, 1))
    """
    n = len(text)
    i = 0
    while i < n and text[i] in _WHITESPACE:
        i += 1
    match = _STRTOD.match(text, i)
    if match is None:
        return None
    end = match.end()
    if text[end:].strip(_WHITESPACE) != "" or (end < n and text[end] not in _WHITESPACE):
        return None
    number = match.group()
    negative = number[0] == "-"
    mantissa = number.lstrip("+-")
    # Significant digits before any point or exponent (leading zeros skipped), as PHP counts.
    int_part = mantissa.lstrip("0")
    digits = 0
    for ch in int_part:
        if not "0" <= ch <= "9":
            break
        digits += 1
    sign = -1 if negative else 1
    if digits >= _MAX_LENGTH_OF_LONG:
        return float(number), sign
    if "." in number or "e" in number or "E" in number:
        return float(number), 0
    if digits == _MAX_LENGTH_OF_LONG - 1:
        significant = int_part[:digits]
        # PHP compares the digits and whatever follows them (only whitespace can) with
        # "9223372036854775808"; a trailing blank makes even LONG_MIN overflow.
        tail = text[end:]
        if significant > _LONG_MIN_DIGITS or (
            significant == _LONG_MIN_DIGITS and (not negative or (tail != "" and tail[0] != "\0"))
        ):
            return float(number), sign
    return int(number), 0


# --------------------------------------------------------------------------------------------
# PHP 8 comparison (zend_compare)
# --------------------------------------------------------------------------------------------


def _sign(x: float) -> int:
    return 1 if x > 0 else -1 if x < 0 else 0


def _threeway(a: float, b: float) -> int:
    return 0 if a == b else -1 if a < b else 1


def _strcmp(a: str, b: str) -> int:
    # UTF-8 byte order is code-point order, so Python's str order is PHP's memcmp order.
    return 0 if a == b else -1 if a < b else 1


def _smart_strcmp(a: str, b: str) -> int:
    left = numeric_string(a)
    right = numeric_string(b) if left is not None else None
    if left is None or right is None:
        return _strcmp(a, b)
    (v1, oflow1), (v2, oflow2) = left, right
    if oflow1 != 0 and oflow1 == oflow2 and float(v1) - float(v2) == 0.0:
        return _strcmp(a, b)  # both overflowed to the same double: text decides
    if type(v1) is float or type(v2) is float:
        if type(v1) is not float:
            if oflow2:
                return -oflow2
            d1, d2 = float(v1), float(v2)
        elif type(v2) is not float:
            if oflow1:
                return oflow1
            d1, d2 = float(v1), float(v2)
        else:
            d1, d2 = float(v1), float(v2)
            if d1 == d2 and not math.isfinite(d1):
                return _strcmp(a, b)
        return _sign(d1 - d2)
    return _threeway(v1, v2)


def _compare_long_to_string(number: int, text: str) -> int:
    parsed = numeric_string(text)
    if parsed is None:
        return _strcmp(str(number), text)
    value = parsed[0]
    if type(value) is int:
        return _threeway(number, value)
    return _threeway(float(number), value)


def _compare_double_to_string(number: float, text: str) -> int:
    parsed = numeric_string(text)
    if parsed is None:
        return _strcmp(float_text(number), text)
    return _threeway(number, float(parsed[0]))


def _compare_arrays(
    a: list[PhpValue] | dict[int | str, PhpValue], b: list[PhpValue] | dict[int | str, PhpValue]
) -> int:
    if len(a) != len(b):
        return -1 if len(a) < len(b) else 1
    for key, value in _items(a):
        found, other = _lookup(b, key)
        if not found:
            return 1  # not comparable: PHP answers 1 whichever side is asked
        result = compare(value, other)
        if result != 0:
            return result
    return 0


_NUMBER: Final = (int, float)


def compare(a: PhpValue, b: PhpValue) -> int:
    """PHP 8 ``$a <=> $b`` (``zend_compare``) for JSON-born values: -1, 0 or 1.

    Numbers compare as numbers; two numeric strings compare as numbers, other strings as bytes;
    a number against a non-numeric string compares as text; ``null`` and booleans against
    anything else compare as booleans; an array is greater than any number or string; arrays
    compare by size, then key by key (a key missing on the right makes them incomparable, and
    PHP answers 1 in both directions).

    >>> compare("abc", 0), compare(None, "0"), compare([1, 2], [1, 3]), compare({"a": 1}, {"b": 1})
    (1, -1, -1, 1)
    """
    ta, tb = type(a), type(b)
    if ta is int and tb is int:
        return _threeway(a, b)  # type: ignore[arg-type]
    if (ta is int or ta is float) and (tb is int or tb is float):
        return _threeway(float(a), float(b))  # type: ignore[arg-type]
    a_array = ta is list or ta is dict
    b_array = tb is list or tb is dict
    if a_array and b_array:
        return _compare_arrays(a, b)  # type: ignore[arg-type]
    if ta is str and tb is str:
        return _smart_strcmp(a, b)  # type: ignore[arg-type]
    if a is None and tb is str:
        return 0 if b == "" else -1
    if ta is str and b is None:
        return 0 if a == "" else 1
    if ta is int and tb is str:
        return _compare_long_to_string(a, b)  # type: ignore[arg-type]
    if ta is str and tb is int:
        return -_compare_long_to_string(b, a)  # type: ignore[arg-type]
    if ta is float and tb is str:
        return _compare_double_to_string(a, b)  # type: ignore[arg-type]
    if ta is str and tb is float:
        return -_compare_double_to_string(b, a)  # type: ignore[arg-type]
    # null and booleans: both sides are read as booleans.
    if a is None or a is False:
        return -1 if is_truthy(b) else 0
    if a is True:
        return 0 if is_truthy(b) else 1
    if b is None or b is False:
        return 1 if is_truthy(a) else 0
    if b is True:
        return 0 if is_truthy(a) else -1
    # An array against a number or string: the array is greater.
    return 1 if a_array else -1


def is_smaller(a: PhpValue, b: PhpValue) -> bool:
    """PHP 8 ``$a < $b``. (``$a > $b`` is ``is_smaller(b, a)``.)

    >>> is_smaller(1, 1.5), is_smaller("apple", "Banana"), is_smaller({"a": 1}, {"b": 1})
    (True, False, False)
    """
    return compare(a, b) < 0


def is_smaller_or_equal(a: PhpValue, b: PhpValue) -> bool:
    """PHP 8 ``$a <= $b``. (``$a >= $b`` is ``is_smaller_or_equal(b, a)``.)

    >>> is_smaller_or_equal(30, 30.0), is_smaller_or_equal(None, []), is_smaller_or_equal("", 0)
    (True, True, True)
    """
    return compare(a, b) <= 0


# --------------------------------------------------------------------------------------------
# json_encode
# --------------------------------------------------------------------------------------------


_SHORT_ESCAPES: Final = {
    '"': '\\"', "\\": "\\\\", "/": "\\/", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t",
}  # fmt: skip
# What PHP escapes by default: quotes, backslash, slash, control characters, and non-ASCII.
_NEEDS_ESCAPE: Final = re.compile('["\\\\/\x00-\x1f\x80-\U0010ffff]')


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    short = _SHORT_ESCAPES.get(char)
    if short is not None:
        return short
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def _encode_string(text: str) -> str:
    _check_utf8(text)
    return '"' + _NEEDS_ESCAPE.sub(_escape, text) + '"'


def encode_json(value: PhpValue) -> str:
    """PHP ``json_encode($value)`` with default flags: ``/`` escaped as ``\\/``, non-ASCII as
    ``\\uXXXX``, floats printed shortest with integral ones lacking ``.0`` (``1.0e+25`` style
    beyond 1e17), a list as a JSON array and any other array as an object.

    Raises :class:`PhpJsonError` with PHP's message (``Inf and NaN cannot be JSON encoded``).

    >>> encode_json([1.0, -0.0, 1e25, 0.0001, 1e-5, {2: "a"}, []])
    '[1,-0,1.0e+25,0.0001,1.0e-5,{"2":"a"},[]]'
    """
    out: list[str] = []
    # A stack of pending pieces: values to encode, or literal text.
    work: list[tuple[bool, object]] = [(False, value)]
    while work:
        literal, item = work.pop()
        if literal:
            out.append(item)  # type: ignore[arg-type]
            continue
        if item is None:
            out.append("null")
        elif item is True:
            out.append("true")
        elif item is False:
            out.append("false")
        elif type(item) is int:
            out.append(str(item))
        elif type(item) is float:
            if not math.isfinite(item):
                raise PhpJsonError("Inf and NaN cannot be JSON encoded")
            out.append(json_float(item))
        elif type(item) is str:
            out.append(_encode_string(item))
        elif type(item) is list:
            pieces: list[tuple[bool, object]] = [(True, "[")]
            for index, element in enumerate(item):
                if index:
                    pieces.append((True, ","))
                pieces.append((False, element))
            pieces.append((True, "]"))
            work.extend(reversed(pieces))
        elif type(item) is dict:
            pieces = [(True, "{")]
            for index, (key, element) in enumerate(item.items()):
                if index:
                    pieces.append((True, ","))
                pieces.append((True, _encode_string(str(key)) + ":"))
                pieces.append((False, element))
            pieces.append((True, "}"))
            work.extend(reversed(pieces))
        else:
            raise PhpJsonError(f"Type is not supported: {type(item).__name__}")
    return "".join(out)
