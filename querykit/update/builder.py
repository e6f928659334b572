"""Update-operator helpers with the official Python SDK's names: ``Operator.increment`` ...

Every helper of the SDK's ``appwrite.operator.Operator`` class is here, with the same name,
defaults and argument order, but it returns a typed :class:`~querykit.update.nodes.Operation`
instead of a string. ``str()`` of it is the very string the SDK helper returns for the same
call, byte for byte, so it goes wherever the SDK takes an operator (``data={"views": str(op)}``).
:class:`Condition` mirrors the SDK's enum of ``arrayFilter`` conditions.

>>> from querykit import Operator, Condition
>>> str(Operator.increment(5, 100))
'{"method":"increment","values":[5,100]}'
>>> str(Operator.array_filter(Condition.GREATER_THAN, 3))
'{"method":"arrayFilter","values":["greaterThan",3]}'
>>> Operator.divide(0)
Traceback (most recent call last):
...
querykit.builder.BuilderError: Divisor cannot be zero

The SDK's client-side errors (NaN and infinities in the numeric helpers, a zero divisor) are
:class:`~querykit.builder.BuilderError` (a ``ValueError``, as the SDK raises) with the SDK's
words. These are the deliberate differences from the SDK, for values that are not JSON the
server can read:

=====================================  ============================  ===============================
Call                                   The SDK sends                 querykit
=====================================  ============================  ===============================
``array_append([float("nan")])``       ``[NaN]``: not JSON           error
``increment(2**64)``                   the integer                   error: not 64-bit
``string_concat("\\ud800")``            a lone surrogate escape       error: not text
``array_append([Condition.EQUAL])``    the enum's ``__dict__``       error: JSON data only
``array_append({1: "x"})``             key ``"1"``                   error: keys are strings
nesting over 128, lists over 10,000    anything                      error (``DEFAULT_LIMITS``)
=====================================  ============================  ===============================

Like the SDK, a ``values`` argument that is not a ``list`` is one value (``array_append("x")``
sends ``["x"]``, a tuple is one nested list) and ``values=None`` leaves the key out.
"""

from __future__ import annotations

import math
import re
from enum import Enum
from typing import Any

from querykit.ast import JsonObject, Value
from querykit.builder import BuilderError
from querykit.limits import DEFAULT_LIMITS, INT64_MAX, INT64_MIN
from querykit.update.nodes import Operation

__all__ = ["Condition", "Operator"]

_SURROGATE = re.compile("[\ud800-\udfff]")


class Condition(Enum):
    """The conditions of ``arrayFilter``, as the SDK names them (the server rejects
    ``CONTAINS``)."""

    EQUAL = "equal"
    NOT_EQUAL = "notEqual"
    GREATER_THAN = "greaterThan"
    GREATER_THAN_EQUAL = "greaterThanEqual"
    LESS_THAN = "lessThan"
    LESS_THAN_EQUAL = "lessThanEqual"
    CONTAINS = "contains"
    IS_NULL = "isNull"
    IS_NOT_NULL = "isNotNull"


def _kind(v: object) -> str:
    return "None" if v is None else type(v).__name__


def _value(v: object, depth: int = 0) -> Value:
    """One argument as the AST holds it, as ``json.dumps`` would write it."""
    if isinstance(v, str):
        s = v if type(v) is str else str.__str__(v)
        if not s.isascii() and _SURROGATE.search(s) is not None:
            raise BuilderError("a string holds a surrogate code point (U+D800..U+DFFF), which is not text")
        return s
    if v is None or isinstance(v, bool):
        return v
    if isinstance(v, int):
        n = v if type(v) is int else int.__int__(v)
        if INT64_MIN <= n <= INT64_MAX:
            return n
        raise BuilderError(f"the integer {n} does not fit in 64 bits")
    if isinstance(v, float):
        if math.isfinite(v):
            return v if type(v) is float else float.__float__(v)
        raise BuilderError(f"the number {v} is not valid JSON (NaN and infinities cannot be sent)")
    if depth >= DEFAULT_LIMITS.max_depth:
        raise BuilderError(f"values nested deeper than {DEFAULT_LIMITS.max_depth} levels")
    if isinstance(v, (list, tuple)):
        if len(v) > DEFAULT_LIMITS.max_items:
            raise BuilderError(f"more than {DEFAULT_LIMITS.max_items} values in a list")
        return tuple([_value(x, depth + 1) for x in v])
    if isinstance(v, dict):
        items: list[tuple[str, Value]] = []
        for key, item in v.items():
            if not isinstance(key, str):
                raise BuilderError(f"an object key must be a string, got {_kind(key)} {key!r}")
            items.append((str(_value(key)), _value(item, depth + 1)))
        return JsonObject(tuple(items))
    raise BuilderError(f"a value of type {_kind(v)} cannot be sent as JSON")


def _op(method: str, values: object) -> Operation:
    """The SDK's constructor rule: a list is the values, anything else one value, ``None``
    no ``values`` key."""
    if values is None:
        return Operation(method, None)
    items = values if isinstance(values, list) else [values]
    converted = _value(items)
    assert isinstance(converted, tuple)
    return Operation(method, converted)


def _finite(v: object, what: str) -> None:
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        raise BuilderError(f"{what} cannot be NaN or Infinity")


def _bounded(method: str, value: Any, bound: Any, what: str, bound_what: str) -> Operation:
    _finite(value, what)
    if bound is not None:
        _finite(bound, bound_what)
    return _op(method, [value] if bound is None else [value, bound])


class Operator:
    """The SDK's ``Operator`` helpers; each returns an :class:`Operation`."""

    @staticmethod
    def increment(value: Any = 1, max: Any = None) -> Operation:
        """``a += value [max max]``.

        >>> str(Operator.increment())
        '{"method":"increment","values":[1]}'
        """
        return _bounded("increment", value, max, "Value", "Max")

    @staticmethod
    def decrement(value: Any = 1, min: Any = None) -> Operation:
        """``a -= value [min min]``.

        >>> str(Operator.decrement(2, 0))
        '{"method":"decrement","values":[2,0]}'
        """
        return _bounded("decrement", value, min, "Value", "Min")

    @staticmethod
    def multiply(factor: Any, max: Any = None) -> Operation:
        """``a *= factor [max max]``.

        >>> str(Operator.multiply(1.5))
        '{"method":"multiply","values":[1.5]}'
        """
        return _bounded("multiply", factor, max, "Factor", "Max")

    @staticmethod
    def divide(divisor: Any, min: Any = None) -> Operation:
        """``a /= divisor [min min]``; a zero divisor is an error, as in the SDK.

        >>> str(Operator.divide(2, 1))
        '{"method":"divide","values":[2,1]}'
        """
        _finite(divisor, "Divisor")
        if min is not None:
            _finite(min, "Min")
        if divisor == 0:
            raise BuilderError("Divisor cannot be zero")
        return _op("divide", [divisor] if min is None else [divisor, min])

    @staticmethod
    def modulo(divisor: Any) -> Operation:
        """``a %= divisor``; a zero divisor is an error, as in the SDK.

        >>> str(Operator.modulo(3))
        '{"method":"modulo","values":[3]}'
        """
        _finite(divisor, "Divisor")
        if divisor == 0:
            raise BuilderError("Divisor cannot be zero")
        return _op("modulo", [divisor])

    @staticmethod
    def power(exponent: Any, max: Any = None) -> Operation:
        """``a ^= exponent [max max]``.

        >>> str(Operator.power(2))
        '{"method":"power","values":[2]}'
        """
        return _bounded("power", exponent, max, "Exponent", "Max")

    @staticmethod
    def array_append(values: Any) -> Operation:
        """``a append [...]``.

        >>> str(Operator.array_append(["x", 1]))
        '{"method":"arrayAppend","values":["x",1]}'
        """
        return _op("arrayAppend", values)

    @staticmethod
    def array_prepend(values: Any) -> Operation:
        """``a prepend [...]``.

        >>> str(Operator.array_prepend(["x"]))
        '{"method":"arrayPrepend","values":["x"]}'
        """
        return _op("arrayPrepend", values)

    @staticmethod
    def array_insert(index: Any, value: Any) -> Operation:
        """``a insert value at index``.

        >>> str(Operator.array_insert(0, "x"))
        '{"method":"arrayInsert","values":[0,"x"]}'
        """
        return _op("arrayInsert", [index, value])

    @staticmethod
    def array_remove(value: Any) -> Operation:
        """``a remove value`` (a list is one value: a nested list).

        >>> str(Operator.array_remove("x"))
        '{"method":"arrayRemove","values":["x"]}'
        """
        return _op("arrayRemove", [value])

    @staticmethod
    def array_unique() -> Operation:
        """``a unique``.

        >>> str(Operator.array_unique())
        '{"method":"arrayUnique","values":[]}'
        """
        return _op("arrayUnique", [])

    @staticmethod
    def array_intersect(values: Any) -> Operation:
        """``a intersect [...]``.

        >>> str(Operator.array_intersect(["a"]))
        '{"method":"arrayIntersect","values":["a"]}'
        """
        return _op("arrayIntersect", values)

    @staticmethod
    def array_diff(values: Any) -> Operation:
        """``a except [...]``.

        >>> str(Operator.array_diff(["a"]))
        '{"method":"arrayDiff","values":["a"]}'
        """
        return _op("arrayDiff", values)

    @staticmethod
    def array_filter(condition: Any, value: Any = None) -> Operation:
        """``a keep > value`` ...; always two values, as in the SDK (``null`` without one).

        >>> str(Operator.array_filter(Condition.IS_NULL))
        '{"method":"arrayFilter","values":["isNull",null]}'
        """
        if isinstance(condition, Enum):
            condition = condition.value
        return _op("arrayFilter", [condition, value])

    @staticmethod
    def string_concat(value: Any) -> Operation:
        """``a append "s"``.

        >>> str(Operator.string_concat("é"))
        '{"method":"stringConcat","values":["\\\\u00e9"]}'
        """
        return _op("stringConcat", [value])

    @staticmethod
    def string_replace(search: Any, replace: Any) -> Operation:
        """``a replace search with replace``.

        >>> str(Operator.string_replace("a", "b"))
        '{"method":"stringReplace","values":["a","b"]}'
        """
        return _op("stringReplace", [search, replace])

    @staticmethod
    def toggle() -> Operation:
        """``a toggle``.

        >>> str(Operator.toggle())
        '{"method":"toggle","values":[]}'
        """
        return _op("toggle", [])

    @staticmethod
    def date_add_days(days: Any) -> Operation:
        """``a += days days``.

        >>> str(Operator.date_add_days(7))
        '{"method":"dateAddDays","values":[7]}'
        """
        return _op("dateAddDays", [days])

    @staticmethod
    def date_sub_days(days: Any) -> Operation:
        """``a -= days days``.

        >>> str(Operator.date_sub_days(7))
        '{"method":"dateSubDays","values":[7]}'
        """
        return _op("dateSubDays", [days])

    @staticmethod
    def date_set_now() -> Operation:
        """``a = now``.

        >>> str(Operator.date_set_now())
        '{"method":"dateSetNow","values":[]}'
        """
        return _op("dateSetNow", [])
