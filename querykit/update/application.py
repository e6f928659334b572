"""What the database makes of an accepted update: the document as Appwrite reads it back.

In production each operator runs as SQL inside the ``UPDATE`` that Appwrite's database adapter
builds, and the client sees the value ``getDocument()`` reads back, cast to the attribute's type.
:func:`apply` reproduces that for PostgreSQL (Appwrite's default) and MariaDB, which differ:

- integers: PostgreSQL types a bare operand as the column (``29 + 1.5`` fails on an integer
  column) and truncates integer division; with a max/min it computes in ``NUMERIC`` and rounds
  half away from zero. MariaDB computes with a fractional operand in ``DOUBLE`` and rounds half to
  even, divides integers exactly and rounds half away from zero, and has unsigned columns;
- operands reach SQL as PHP writes them: floats with 14 significant digits;
- array operators that filter (remove, unique, intersect, diff, filter) compare typed JSON on
  PostgreSQL, and text under the ``utf8mb4_general_ci`` collation on MariaDB, which also rebuilds
  the kept elements as strings (so booleans read back as ``true``);
- a bound (max or min) never clamps: when the result would pass it the value stays as it was.

>>> from querykit.appwrite import Attribute, Collection
>>> col = Collection((Attribute("n", "integer"), Attribute("tags", "string", size=9, array=True)))
>>> apply({"n": 7}, {"n": '{"method":"divide","values":[2]}'}, col)["n"]
3
>>> apply({"n": 7}, {"n": '{"method":"divide","values":[2]}'}, col, profile="mariadb")["n"]
4
>>> op = '{"method":"arrayUnique","values":[]}'
>>> apply({"tags": ["b", "B", "a", "A"]}, {"tags": op}, col, profile="mariadb")["tags"]
['a', 'b']

Where the database itself fails (a value out of the column's range, an operand PostgreSQL cannot
type, a date past the engine's range...), :func:`apply` raises :class:`UpdateError` with the
HTTP answer Appwrite gives (``500 general_unknown``). An update the server rejects before it
reaches the database raises :class:`UpdateError` with the server's verdict.
"""

from __future__ import annotations

import copy
import json
import math
import unicodedata
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from functools import cmp_to_key
from typing import Final

from querykit.appwrite.phpdate import to_micros
from querykit.appwrite.schema import STRING_TYPES, Attribute, Collection
from querykit.appwrite.update_check import (
    MISSING,
    OperatorParseError,
    ParsedOperator,
    check_update,
    parse_operators,
    php_bool_cast,
    php_float_cast,
    php_int_cast,
    php_number,
    php_pow,
    read_back,
)
from querykit.errors import QueryError
from querykit.phpnumbers import float_text, json_float
from querykit.update.collation import general_ci_key

__all__ = ["PROFILES", "UpdateError", "apply"]

PROFILES: Final = ("postgresql", "mariadb")
_INT4: Final = (-(2**31), 2**31 - 1)
_INT8: Final = (-(2**63), 2**63 - 1)
_UINT4: Final = (0, 2**32 - 1)
_UINT8: Final = (0, 2**64 - 1)
_DBL_MAX: Final = 1.7976931348623157e308
_MARIADB_MAX_DEPTH: Final = 32
_PG_MAX_VARCHAR: Final = 10485760
_MARIADB_MAX_VARCHAR: Final = 16381
_DAY_MICROS: Final = 86_400_000_000


class UpdateError(QueryError):
    """An update the database (or the server before it) refuses.

    ``status``, ``type`` and ``server_message`` are the HTTP answer Appwrite gives;
    ``message`` says why, in the database's words where it has them.
    """

    code = "update"

    def __init__(
        self,
        message: str,
        *,
        status: int = 500,
        type: str = "general_unknown",
        server_message: str = "Server Error",
    ) -> None:
        super().__init__(message)
        self.status = status
        self.type = type
        self.server_message = server_message


def _fail(database: str, reason: str) -> UpdateError:
    name = "PostgreSQL" if database == "postgresql" else "MariaDB"
    return UpdateError(f"{name} fails the update: {reason}")


# --------------------------------------------------------------------------------------------
# PHP's text of numbers
# --------------------------------------------------------------------------------------------


def _json_text(value: object) -> str:
    """PHP ``json_encode`` (default flags: ``\\/`` and ``\\uXXXX`` escapes)."""
    if isinstance(value, float):
        return json_float(value)
    if isinstance(value, list):
        return "[" + ",".join(_json_text(v) for v in value) + "]"
    if isinstance(value, dict):
        if _is_list_keys(value):
            return "[" + ",".join(_json_text(v) for v in value.values()) + "]"
        return "{" + ",".join(_json_text(str(k)) + ":" + _json_text(v) for k, v in value.items()) + "}"
    return json.dumps(value, ensure_ascii=True).replace("/", "\\/")


def _is_list_keys(value: Mapping[str, object] | Mapping[object, object]) -> bool:
    return all(str(k) == str(i) for i, k in enumerate(value))


def _finite(value: object) -> bool:
    """No INF/NaN anywhere inside (``json_encode`` fails on them)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            return False
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
    return True


def _depth(value: object) -> int:
    best = 0
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, (list, dict)):
            level += 1
            best = max(best, level)
            stack.extend((child, level) for child in (item.values() if isinstance(item, dict) else item))
    return best


# --------------------------------------------------------------------------------------------
# Column types
# --------------------------------------------------------------------------------------------


def _int_range(attribute: Attribute, database: str) -> tuple[int, int]:
    big = attribute.size >= 8 or attribute.type == "bigint"
    if database == "mariadb" and not attribute.signed:
        return _UINT8 if big else _UINT4
    return _INT8 if big else _INT4


def _store_int(value: int | float | Decimal, attribute: Attribute, database: str, how: str) -> int:
    """A computed number stored in an integer column (``how``: the rounding of a fraction)."""
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _fail(database, "Numeric value out of range")
        rounding = ROUND_HALF_EVEN if how == "even" else ROUND_HALF_UP
        number = int(Decimal(value).to_integral_value(rounding=rounding))
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise _fail(database, "Numeric value out of range")
        number = int(value.to_integral_value(rounding=ROUND_HALF_UP))
    else:
        number = value
    low, high = _int_range(attribute, database)
    if not low <= number <= high:
        raise _fail(
            database, "Numeric value out of range" if database == "postgresql" else "Value out of range"
        )
    return number


def _store_double(value: int | float | Decimal, database: str) -> float:
    if isinstance(value, Decimal):
        if value.is_nan():
            return math.nan
        value = float(value) if value.is_finite() else (math.inf if value > 0 else -math.inf)
    number = float(value)
    if math.isinf(number) or abs(number) > _DBL_MAX:
        raise _fail(
            database, "Numeric value out of range" if database == "postgresql" else "Value out of range"
        )
    if database == "mariadb" and number == 0:
        return 0.0
    return number


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------


def _operand_text(value: object) -> str:
    """The SQL text a non-integer operand is bound as."""
    if isinstance(value, float):
        return float_text(value)
    if isinstance(value, bool):
        return "1" if value else ""
    return str(value)


def _pg_integer_literal(text: str, attribute: Attribute) -> int | None:
    """PostgreSQL's integer input of a quoted operand (``None`` when it is not an integer)."""
    body = text.strip(" \t\n\r\v\f")
    sign = 1
    if body[:1] in "+-":
        sign = -1 if body[0] == "-" else 1
        body = body[1:]
    if not body.isdigit() or not body.isascii():
        return None
    return sign * int(body)


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip(" \t\n\r\v\f"))
    except InvalidOperation:
        return None
    return value


def _pg_numeric(value: object) -> Decimal | None:
    """``CAST(:operand AS NUMERIC)`` on PostgreSQL 15."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    text = _operand_text(value)
    lowered = text.strip().lower()
    if lowered in ("inf", "+inf", "infinity", "+infinity"):
        return Decimal("Infinity")
    if lowered in ("-inf", "-infinity"):
        return Decimal("-Infinity")
    return _decimal(text)


def _mariadb_number(value: object, database: str) -> int | float:
    """An operand in MariaDB's arithmetic: integers stay exact, anything else is a DOUBLE."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    text = _operand_text(value)
    try:
        number = float(text.strip(" \t\n\r\v\f"))
    except ValueError:
        raise _fail(database, f"Truncated incorrect DOUBLE value: '{text}'") from None
    if not math.isfinite(number) or text.strip().lower() in ("nan", "inf", "-inf", "infinity"):
        raise _fail(database, f"Truncated incorrect DOUBLE value: '{text}'")
    return number


def _arith(method: str, left: int | float | Decimal, right: int | float | Decimal) -> int | float | Decimal:
    if method == "increment":
        return left + right  # type: ignore[operator]
    if method == "decrement":
        return left - right  # type: ignore[operator]
    return left * right  # type: ignore[operator]


def _mariadb_divide(left: int | float, right: int | float) -> float | Decimal:
    if isinstance(left, int) and isinstance(right, int):
        with localcontext() as ctx:
            ctx.prec = 100
            return (Decimal(left) / Decimal(right)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    return float(left) / float(right)


def _numeric(op: ParsedOperator, stored: object, attribute: Attribute, database: str) -> int | float:
    method = op.method
    operand = op.value(0)
    operand = 1 if operand is MISSING or operand is None else operand
    bound = op.value(1)
    has_bound = bound is not MISSING and bound is not None
    integer = attribute.type == "integer"
    current: int | float = (
        0 if stored is None else (php_int_cast(stored) if integer else php_float_cast(stored))
    )

    if database == "postgresql":
        if method == "modulo":
            divisor = _pg_numeric(operand)
            if divisor is None or not divisor.is_finite() or divisor == 0:
                raise _fail(
                    database, "division by zero" if divisor == 0 else "invalid input for type numeric"
                )
            with localcontext() as ctx:
                ctx.prec = 400
                result: int | float | Decimal = Decimal(current) % divisor
            return _finish(result, current, attribute, database, "up")
        if method == "power":
            return _power(operand, bound if has_bound else None, current, attribute, database)
        if not has_bound:
            if integer:
                if isinstance(operand, int) and not isinstance(operand, bool):
                    right: int | float | Decimal = operand
                else:
                    parsed = _pg_integer_literal(_operand_text(operand), attribute)
                    if parsed is None:
                        raise _fail(
                            database, f'invalid input syntax for type integer: "{_operand_text(operand)}"'
                        )
                    low, high = _int_range(attribute, database)
                    if not low <= parsed <= high:
                        raise _fail(database, "Numeric value out of range")
                    right = parsed
                assert isinstance(right, int)
                if method == "divide":
                    if right == 0:
                        raise _fail(database, "division by zero")
                    quotient = abs(int(current)) // abs(right)
                    result = quotient if (current >= 0) == (right > 0) else -quotient
                else:
                    result = _arith(method, int(current), right)
                return _finish(result, current, attribute, database, "even")
            number = _pg_double(operand, database)
            if not math.isfinite(number):
                return math.inf if number > 0 else (-math.inf if number < 0 else math.nan)
            if method == "divide":
                if number == 0:
                    raise _fail(database, "division by zero")
                result = float(current) / number
            else:
                result = _arith(method, float(current), number)
            return _finish(result, current, attribute, database, "even")
        # With a bound: NUMERIC arithmetic on an integer column, DOUBLE on a double column.
        amount = _pg_numeric(operand)
        limit = _pg_numeric(bound)
        if amount is None or limit is None:
            raise _fail(database, "invalid input syntax for type numeric")
        if integer:
            with localcontext() as ctx:
                ctx.prec = 400
                base = Decimal(current)
                if method == "divide":
                    if amount == 0:
                        raise _fail(database, "division by zero")
                    ctx.prec = 40
                    result = base / amount
                else:
                    result = _arith(method, base, amount)
            passed = result < limit if method in ("decrement", "divide") else result > limit
            return current if passed else _finish(result, current, attribute, database, "up")
        number, top = float(amount), float(limit)
        if method == "divide":
            if number == 0:
                return _finish(
                    float(current) / number if number else math.inf, current, attribute, database, "even"
                )
            result = float(current) / number
        else:
            result = _arith(method, float(current), number)
        passed = result < top if method in ("decrement", "divide") else result > top
        return current if passed else _finish(result, current, attribute, database, "even")

    # MariaDB
    if method == "power":
        return _power(operand, bound if has_bound else None, current, attribute, database)
    right_m = _mariadb_number(operand, database)
    if method == "modulo":
        if isinstance(right_m, int) and isinstance(current, int):
            if right_m == 0:
                return _finish_null(current, attribute)
            rest = abs(current) % abs(right_m)
            result = -rest if current < 0 else rest
        else:
            if float(right_m) == 0:
                return _finish_null(current, attribute)
            result = math.fmod(float(current), float(right_m))
        return _finish(result, current, attribute, database, "even")
    if has_bound:
        limit_m = _mariadb_number(bound, database)
        if method == "increment":
            passed = current > _m_sub(limit_m, right_m)
        elif method == "decrement":
            passed = current < _m_add(limit_m, right_m)
        elif method == "multiply":
            if right_m == 0:
                passed = False
            else:
                ratio = _mariadb_divide(limit_m, right_m)
                passed = (right_m > 0 and current > ratio) or (right_m < 0 and current < ratio)
        else:
            passed = right_m != 0 and _mariadb_divide(current, right_m) < limit_m
        if passed:
            return current
    if method == "divide":
        if right_m == 0:
            return _finish_null(current, attribute)
        result = _mariadb_divide(current, right_m)
    else:
        if isinstance(current, int) and isinstance(right_m, int):
            result = _arith(method, current, right_m)
            if not _INT8[0] <= int(result) <= _UINT8[1]:
                raise _fail(database, "BIGINT value is out of range")
        else:
            result = _arith(method, float(current), float(right_m))
    return _finish(result, current, attribute, database, "even")


def _m_sub(a: int | float, b: int | float) -> int | float:
    return a - b if isinstance(a, int) and isinstance(b, int) else float(a) - float(b)


def _m_add(a: int | float, b: int | float) -> int | float:
    return a + b if isinstance(a, int) and isinstance(b, int) else float(a) + float(b)


def _pg_double(operand: object, database: str) -> float:
    """A bare operand typed as the double precision column."""
    if isinstance(operand, int) and not isinstance(operand, bool):
        return float(operand)
    text = _operand_text(operand)
    lowered = text.strip(" \t\n\r\v\f").lower()
    if lowered in ("inf", "+inf", "infinity", "+infinity"):
        return math.inf
    if lowered in ("-inf", "-infinity"):
        return -math.inf
    if lowered == "nan":
        return math.nan
    try:
        number = float(lowered)
    except ValueError:
        raise _fail(database, f'invalid input syntax for type double precision: "{text}"') from None
    if math.isinf(number):
        raise _fail(database, f'"{text}" is out of range for type double precision')
    return number


def _finish_null(current: int | float, attribute: Attribute) -> int | float:
    """MariaDB's NULL result (a zero divisor without strict division errors) reads back as 0."""
    return 0 if attribute.type == "integer" else 0.0


def _finish(
    result: int | float | Decimal, current: int | float, attribute: Attribute, database: str, how: str
) -> int | float:
    if attribute.type == "integer":
        return _store_int(result, attribute, database, how)
    stored = (
        _store_double(result, database) if not (isinstance(result, float) and math.isinf(result)) else None
    )
    if stored is None:
        if database == "postgresql" and isinstance(result, float):
            raise _fail(database, "value out of range: overflow")
        raise _fail(database, "Value out of range")
    return stored


def _power(
    operand: object, bound: object | None, current: int | float, attribute: Attribute, database: str
) -> int | float:
    if database == "postgresql":
        number = _pg_double(operand, database) if not isinstance(operand, int) else float(operand)
    else:
        number = float(_mariadb_number(operand, database))
    exponent_php = php_float_cast(operand) if isinstance(operand, str) else float(php_number(operand))
    base = float(current)
    if bound is not None:
        limit = (
            _pg_double(bound, database)
            if database == "postgresql"
            else float(_mariadb_number(bound, database))
        )
        whens: list[Callable[[], bool]] = []
        if exponent_php < 0:
            whens.append(lambda: base == 0)
        if math.floor(exponent_php) != exponent_php:
            whens.append(lambda: base < 0)
        odd = math.floor(exponent_php) == exponent_php and php_int_cast(exponent_php) % 2 != 0

        def log(x: float) -> float | None:
            if x > 0:
                return math.log(x)
            if database == "postgresql":
                raise _fail(
                    database, "cannot take logarithm of " + ("zero" if x == 0 else "a negative number")
                )
            return None

        if exponent_php == 0:

            def zero_check() -> bool:
                value = log(limit)
                return value is not None and value < 0

            whens.append(zero_check)
        elif odd:

            def odd_check() -> bool:
                if not base > 0:
                    return False
                right = log(limit)
                return right is not None and number * math.log(base) > right

            whens.append(odd_check)
        else:

            def even_check() -> bool:
                if base == 0:
                    return False
                right = log(limit)
                return right is not None and number * math.log(abs(base)) > right

            whens.append(even_check)
        for check in whens:
            if check():
                return current
    if base == 0 and number < 0:
        raise _fail(database, "zero raised to a negative power is undefined")
    if base < 0 and not number.is_integer():
        raise _fail(database, "Value out of range")
    result = php_pow(base, number)
    if math.isinf(result) or math.isnan(result):
        raise _fail(database, "Value out of range")
    if result == 0 and base != 0 and database == "postgresql" and abs(base) != 1:
        raise _fail(database, "value out of range: underflow")
    return _finish(result, current, attribute, database, "even")


# --------------------------------------------------------------------------------------------
# Arrays
# --------------------------------------------------------------------------------------------


def _items(values: object) -> list[object]:
    if isinstance(values, dict):
        return list(values.values())
    if isinstance(values, list):
        return list(values)
    return []


def _jsonb(value: object) -> object:
    """A value as ``jsonb`` holds it: objects with keys sorted (length, then bytes)."""
    if isinstance(value, dict):
        keys = sorted((str(k) for k in value), key=lambda k: (len(k.encode()), k.encode()))
        normal = {k: _jsonb(_by_text_key(value, k)) for k in keys}
        return normal
    if isinstance(value, list):
        return [_jsonb(v) for v in value]
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**63:
        return int(value)
    return value


def _by_text_key(value: Mapping[object, object], key: str) -> object:
    for k, v in value.items():
        if str(k) == key:
            return v
    return None


def _jsonb_equal(a: object, b: object) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return set(map(str, a)) == set(map(str, b)) and all(_jsonb_equal(a[k], b[k]) for k in a if k in b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_jsonb_equal(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def _collation_key(text: str) -> tuple[str, str, str]:
    """An approximation of en_US ordering: letters first, accents, then lowercase before upper."""
    base = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return (base.casefold(), text.casefold(), text.swapcase())


def _jsonb_rank(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, str):
        return 1
    if isinstance(value, bool):
        return 3
    if isinstance(value, (int, float)):
        return 2
    if isinstance(value, list):
        return 4
    return 5


def _jsonb_compare(a: object, b: object) -> int:
    ra, rb = _jsonb_rank(a), _jsonb_rank(b)
    if ra != rb:
        return -1 if ra < rb else 1
    if isinstance(a, str) and isinstance(b, str):
        ka, kb = _collation_key(a), _collation_key(b)
        return (ka > kb) - (ka < kb)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return (a > b) - (a < b)
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return -1 if len(a) < len(b) else 1
        for x, y in zip(a, b, strict=True):
            c = _jsonb_compare(x, y)
            if c:
                return c
        return 0
    sa, sb = json.dumps(a, sort_keys=True), json.dumps(b, sort_keys=True)
    return (sa > sb) - (sa < sb)


def _mariadb_text(value: object) -> str | None:
    """``JSON_TABLE(... value TEXT PATH '$')``: the element as text (NULL for null and containers)."""
    if value is None or isinstance(value, (list, dict)):
        return None
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float):
        return json_float(value)
    return str(value)


def _ci_equal(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and general_ci_key(a) == general_ci_key(b)


def _ci_compare(a: str, b: str) -> int:
    ka, kb = general_ci_key(a), general_ci_key(b)
    width = max(len(ka), len(kb))
    pa, pb = ka + (0x20,) * (width - len(ka)), kb + (0x20,) * (width - len(kb))
    return (pa > pb) - (pa < pb)


def _decimal_of_text(text: str | None, database: str) -> Decimal | None:
    if text is None:
        return None
    value = _decimal(text)
    if value is None or not value.is_finite():
        raise _fail(database, f"Truncated incorrect DECIMAL value: '{text}'")
    return value


def _array_operator(op: ParsedOperator, stored: object, database: str) -> list[object] | None:
    """An array operator on the stored JSON array (``None``: the column stays NULL)."""
    method = op.method
    values = op.values
    array = _items(stored) if isinstance(stored, (list, dict)) else None
    current = array if array is not None else []
    pg = database == "postgresql"

    if method in ("arrayAppend", "arrayPrepend"):
        if not _finite(values):
            if pg:
                raise _fail(database, "invalid input syntax for type json")
            added: list[object] = [0]
        elif isinstance(values, dict) and not _is_list_keys(values):
            added = [_jsonb(values) if pg else dict(values)]
        else:
            added = [_jsonb(v) if pg else v for v in _items(values)]
        if not pg and max(_depth(current), _depth(added)) > _MARIADB_MAX_DEPTH:
            raise _fail(database, "Limit of 32 nested JSON levels exceeded")
        return current + added if method == "arrayAppend" else added + current

    if method == "arrayInsert":
        index = op.value(0)
        index = 0 if index is MISSING or index is None else index
        item = op.value(1)
        item = None if item is MISSING else item
        if not _finite(item):
            if pg:
                raise _fail(database, "invalid input syntax for type json")
            item = 0
        if array is None and not pg:
            return None
        position = php_int_cast(index)
        position = max(0, min(position, len(current)))
        return [*current[:position], _jsonb(item) if pg else item, *current[position:]]

    if method == "arrayRemove":
        target = op.value(0)
        target = None if target is MISSING else target
        if pg:
            wanted = _jsonb(target)
            return [v for v in current if not _jsonb_equal(v, wanted)]
        text = _php_string(target)
        kept = [_mariadb_text(v) for v in current]
        return [t for t in kept if t is not None and not _ci_equal(t, text)]

    if method == "arrayUnique":
        if pg:
            distinct: list[object] = []
            for v in current:
                if not any(_jsonb_equal(v, d) for d in distinct):
                    distinct.append(v)
            return sorted(distinct, key=cmp_to_key(_jsonb_compare))
        texts: list[str | None] = []
        for v in current:
            t = _mariadb_text(v)
            if t is None:
                if None not in texts:
                    texts.append(None)
            elif not any(o is not None and _ci_equal(o, t) for o in texts):
                texts.append(t)
        nulls: list[object] = [None for t in texts if t is None]
        rest = sorted((t for t in texts if t is not None), key=cmp_to_key(_ci_compare))
        return [*nulls, *rest]

    if method in ("arrayIntersect", "arrayDiff"):
        keep_members = method == "arrayIntersect"
        if pg:
            if isinstance(values, dict) and not _is_list_keys(values):
                raise _fail(database, "cannot extract elements from an object")
            members = [_jsonb(v) for v in _items(values)]
            return [v for v in current if any(_jsonb_equal(v, m) for m in members) is keep_members]
        if isinstance(values, dict) and not _is_list_keys(values):
            member_texts: list[str | None] = []
        else:
            member_texts = [_mariadb_text(v) for v in _items(values)]
        element_texts = [_mariadb_text(v) for v in current]
        if keep_members:
            result: list[object] = []
            seen: list[str] = []
            for m in member_texts:
                if m is None or any(_ci_equal(m, s) for s in seen):
                    continue
                seen.append(m)
                result.extend(t for t in element_texts if _ci_equal(t, m))
            return result
        if any(m is None for m in member_texts):
            return []
        return [t for t in element_texts if t is not None and not any(_ci_equal(t, m) for m in member_texts)]

    if method == "arrayFilter":
        condition = op.value(0)
        condition = "equal" if condition is MISSING or condition is None else condition
        given = op.value(1)
        given = None if given is MISSING else given
        return _array_filter(str(condition), given, current, database)

    return current


def _php_string(value: object) -> str:
    """PHP's ``(string)`` of a value MariaDB's ``arrayRemove`` binds."""
    if value is None or value is False:
        return ""
    if value is True:
        return "1"
    if isinstance(value, float):
        return float_text(value)
    if isinstance(value, (list, dict)):
        return _json_text(value)
    return str(value)


def _array_filter(condition: str, given: object, current: list[object], database: str) -> list[object]:
    ordering = {
        "greaterThan": lambda a, b: a > b,
        "greaterThanEqual": lambda a, b: a >= b,
        "lessThan": lambda a, b: a < b,
        "lessThanEqual": lambda a, b: a <= b,
    }
    if database == "postgresql":
        if condition in ("equal", "notEqual"):
            if given is None:
                return []
            wanted = _jsonb(given)
            same = condition == "equal"
            return [v for v in current if _jsonb_equal(v, wanted) is same]
        if condition in ordering:
            if given is None:
                return []
            right_text = _json_text(given).strip('"')
            right = _decimal(right_text)
            if right is None or not right.is_finite() or isinstance(given, bool):
                raise _fail(database, f'invalid input syntax for type numeric: "{right_text}"')
            kept: list[object] = []
            for v in current:
                if isinstance(v, bool) or not isinstance(v, (int, float)):
                    raise _fail(database, f'invalid input syntax for type numeric: "{_json_text(v)}"')
                if ordering[condition](Decimal(_json_text(v)), right):
                    kept.append(v)
            return kept
        if condition == "isNull":
            return [v for v in current if v is None]
        if condition == "isNotNull":
            return [v for v in current if v is not None]
        return list(current)
    texts = [_mariadb_text(v) for v in current]
    given_text: str | None = None
    if given is not None:
        given_text = given if isinstance(given, str) else _json_text(given)
    if condition in ("equal", "notEqual"):
        if given_text is None:
            return []
        same = condition == "equal"
        return [t for t in texts if t is not None and _ci_equal(t, given_text) is same]
    if condition in ordering:
        values = [_decimal_of_text(t, database) for t in texts]
        right = _decimal_of_text(given_text, database)
        if right is None:
            return []
        return [
            t for t, v in zip(texts, values, strict=True) if v is not None and ordering[condition](v, right)
        ]
    if condition == "isNull":
        return [None for t in texts if t is None]
    if condition == "isNotNull":
        return [t for t in texts if t is not None]
    return list(texts)


# --------------------------------------------------------------------------------------------
# Strings, booleans, dates
# --------------------------------------------------------------------------------------------


def _string_limit(attribute: Attribute, database: str) -> int | None:
    size = attribute.size
    if attribute.type not in ("string", "varchar") or size <= 0:
        return None
    top = _PG_MAX_VARCHAR if database == "postgresql" else _MARIADB_MAX_VARCHAR
    return size if size <= top else None


def _store_string(text: str, attribute: Attribute, database: str) -> str:
    if database == "postgresql" and "\x00" in text:
        text = text[: text.index("\x00")]
    limit = _string_limit(attribute, database)
    if limit is not None and len(text) > limit:
        raise _fail(database, "Resize would result in data truncation")
    return text


def _civil(days: int) -> tuple[int, int, int]:
    z = days + 719468
    era = (z if z >= 0 else z - 146096) // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return (y + 1 if m <= 2 else y), m, d


def _format_micros(micros: int, database: str) -> str:
    days, rest = divmod(micros, _DAY_MICROS)
    year, month, day = _civil(days)
    seconds, fraction = divmod(rest, 1_000_000)
    hour, minute, second = seconds // 3600, seconds // 60 % 60, seconds % 60
    millis = fraction // 1000
    if year > 9999 or year < 0:
        if database == "mariadb":
            raise _fail(database, "Datetime field overflow")
        clock = f"{hour:02d}:{minute:02d}:{second:02d}" + (f".{millis:03d}".rstrip("0") if millis else "")
        return f"{year:04d}-{month:02d}-{day:02d} {clock}"
    return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}.{millis:03d}+00:00"


def _stored_micros(value: object) -> int | None:
    if not isinstance(value, str):
        return None
    micros = to_micros(value)
    if micros is None:
        return None
    return micros - micros % 1000


def _date_operator(op: ParsedOperator, stored: object, database: str, now: datetime | None) -> object:
    if op.method == "dateSetNow":
        moment = now if now is not None else datetime.now(UTC)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        epoch = datetime(1970, 1, 1, tzinfo=UTC)
        delta = moment - epoch
        micros = (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds
        micros -= micros % (1_000_000 if database == "mariadb" else 1000)
        return _format_micros(micros, database)
    if stored is None:
        return None
    start = _stored_micros(stored)
    if start is None:
        return stored
    days = op.value(0)
    days = 0 if days is MISSING or days is None else days
    count = php_int_cast(days)
    if database == "postgresql" and not -(2**31) <= count < 2**31:
        raise _fail(database, "interval field value out of range")
    if op.method == "dateSubDays":
        count = -count
    result = start + count * _DAY_MICROS
    if database == "postgresql" and not (-210866803200 * 10**6 <= result < 9224318016000 * 10**6):
        raise _fail(database, "timestamp out of range")
    return _format_micros(result, database)


# --------------------------------------------------------------------------------------------
# Reading back
# --------------------------------------------------------------------------------------------


def _read_value(value: object, attribute: Attribute, database: str) -> object:
    """``getDocument()``'s view of a stored value."""
    if attribute.array:
        if value is None:
            return []
        items = _items(value) if isinstance(value, (list, dict)) else None
        if items is None:
            return value
        return [_read_item(item, attribute, database) for item in items]
    if value is None:
        return None
    return _read_item(value, attribute, database)


def _read_item(item: object, attribute: Attribute, database: str) -> object:
    kind = attribute.type
    if isinstance(item, dict) and _is_list_keys(item):
        item = list(item.values())
    if kind == "integer":
        return php_int_cast(item)
    if kind == "double":
        if isinstance(item, float) and math.isinf(item):
            return 0.0
        return php_float_cast(item)
    if kind == "boolean":
        return php_bool_cast(item)
    return item


def _write_plain(value: object, attribute: Attribute, database: str) -> object:
    """A plain value as the database stores it."""
    if value is None:
        return None
    if attribute.array:
        return [_write_item(v, attribute, database) for v in _items(value)]
    return _write_item(value, attribute, database)


def _write_item(value: object, attribute: Attribute, database: str) -> object:
    kind = attribute.type
    if attribute.array:
        return value
    if kind == "integer" and isinstance(value, int) and not isinstance(value, bool):
        low, high = _int_range(attribute, database)
        if not low <= value <= high:
            raise _fail(database, "Numeric value out of range")
        return value
    if kind == "double" and isinstance(value, (int, float)) and not isinstance(value, bool):
        text = float_text(float(value)) if isinstance(value, float) else str(value)
        if text in ("INF", "-INF", "NAN"):
            if database == "mariadb":
                raise _fail(database, f"Truncated incorrect DOUBLE value: '{text}'")
            return math.inf
        return _store_double(float(text), database)
    if kind in STRING_TYPES and isinstance(value, str):
        return _store_string(value, attribute, database)
    if kind == "datetime" and isinstance(value, str):
        micros = _stored_micros(value)
        return value if micros is None else _format_micros(micros, database)
    return value


# --------------------------------------------------------------------------------------------
# apply
# --------------------------------------------------------------------------------------------


_GUESSED_TYPES: Final = {
    "toggle": "boolean",
    "dateAddDays": "datetime",
    "dateSubDays": "datetime",
    "dateSetNow": "datetime",
    "stringConcat": "string",
    "stringReplace": "string",
}


def _guess(key: str, value: object) -> Attribute:
    """The attribute a stored value (or, without one, an operator) suggests."""
    if isinstance(value, ParsedOperator):
        if value.method in _GUESSED_TYPES:
            return Attribute(key, _GUESSED_TYPES[value.method])
        if value.method in ("increment", "decrement", "multiply", "divide", "modulo", "power"):
            operand = value.value(0)
            kind = "integer" if isinstance(operand, int) and not isinstance(operand, bool) else "double"
            return Attribute(key, kind, size=8)
        return Attribute(key, "string", array=True)
    sample = value
    array = isinstance(value, list)
    if isinstance(value, list):
        sample = next((v for v in value if v is not None), None)
    if isinstance(sample, bool):
        kind = "boolean"
    elif isinstance(sample, int):
        kind = "integer"
    elif isinstance(sample, float):
        kind = "double"
    elif isinstance(sample, str) and sample[:4].isdigit() and _stored_micros(sample) is not None:
        kind = "datetime"
    else:
        kind = "string"
    return Attribute(key, kind, array=array, size=8 if kind == "integer" else 0)


def _apply_operator(
    op: ParsedOperator, stored: object, attribute: Attribute, database: str, now: datetime | None
) -> object:
    method = op.method
    is_array = attribute.array
    if method in ("increment", "decrement", "multiply", "divide", "modulo", "power"):
        if is_array:
            if database == "mariadb" and stored is None:
                return _numeric(op, None, Attribute(attribute.key, attribute.type), database)
            raise _fail(
                database,
                "COALESCE types jsonb and integer cannot be matched"
                if database == "postgresql"
                else "Truncated incorrect DOUBLE value",
            )
        return _numeric(op, stored, attribute, database)
    if method == "stringConcat":
        tail = op.value(0)
        tail = "" if tail is MISSING or tail is None else tail
        head = "" if stored is None else str(stored)
        return _store_string(head + str(tail), attribute, database)
    if method == "stringReplace":
        search = op.value(0)
        replace = op.value(1)
        search_text = "" if search is MISSING or search is None else str(search)
        replace_text = "" if replace is MISSING or replace is None else str(replace)
        if is_array:
            if database == "postgresql":
                raise _fail(database, "invalid input syntax for type json")
            if stored is None:
                return None
            text = _json_text(_items(stored))
            replaced = text.replace(search_text, replace_text) if search_text else text
            try:
                return json.loads(replaced)
            except ValueError:
                raise _fail(database, "CONSTRAINT failed: the column must hold valid JSON") from None
        if stored is None:
            return "" if database == "postgresql" else None
        text = str(stored)
        replaced = text.replace(search_text, replace_text) if search_text else text
        return _store_string(replaced, attribute, database)
    if method == "toggle":
        if is_array:
            raise _fail(database, "argument of NOT must be type boolean")
        return not php_bool_cast(stored)
    if method in ("dateAddDays", "dateSubDays", "dateSetNow"):
        if is_array:
            raise _fail(database, "a date operator cannot apply to a JSON array")
        return _date_operator(op, stored, database, now)
    return _array_operator(op, stored, database)


def apply(
    document: Mapping[str, object],
    data: Mapping[str, object],
    collection: Collection | None = None,
    *,
    profile: str = "postgresql",
    now: datetime | None = None,
) -> dict[str, object]:
    """The document after the update, as the database stores it and Appwrite reads it back.

    ``document`` is the stored document (as read back: ``getDocument()``'s view); ``data`` the
    update's ``data`` object (operators as JSON strings or objects, and plain values).
    ``collection`` gives the attribute types; without it they are guessed from the values
    (integers as 64-bit, strings that read as dates as datetimes). ``profile`` is
    ``"postgresql"`` (the default) or ``"mariadb"``; ``now`` is the server's clock for
    ``dateSetNow`` (the current time by default). The input is never changed.

    >>> apply({"views": 41}, {"views": '{"method":"increment","values":[1]}'})
    {'views': 42}
    >>> try:
    ...     apply({"n": 29}, {"n": '{"method":"increment","values":[1.5]}'})
    ... except UpdateError as e:
    ...     print(e.status, e.message)
    500 PostgreSQL fails the update: invalid input syntax for type integer: "1.5"
    """
    if profile not in PROFILES:
        raise QueryError(f"unknown database profile {profile!r}; expected one of {', '.join(PROFILES)}")
    if not isinstance(document, Mapping) or not isinstance(data, Mapping):
        raise QueryError("document and data must be JSON objects (dicts)", code="update")
    if collection is not None and not isinstance(collection, Collection):
        raise QueryError("collection must be a querykit.appwrite.Collection or None", code="schema")
    try:
        return _apply(document, data, collection, profile, now)
    except UpdateError:
        raise
    except QueryError as e:
        raise UpdateError(
            e.message, status=400, type="general_argument_invalid", server_message=e.message
        ) from None
    except (ArithmeticError, ValueError, TypeError, RecursionError, IndexError, KeyError) as e:
        raise UpdateError(f"the update cannot be applied: {e}") from None


def _apply(
    document: Mapping[str, object],
    data: Mapping[str, object],
    collection: Collection | None,
    database: str,
    now: datetime | None,
) -> dict[str, object]:
    if collection is None:
        try:
            found = parse_operators(dict(data), frozenset())
        except OperatorParseError:
            found = {key: value for key, value in data.items()}
        attributes = {}
        for key, value in [*document.items(), *found.items()]:
            name = str(key)
            if name.startswith("$") or name in attributes:
                continue
            if name in document and document[name] is not None:
                attributes[name] = _guess(name, document[name])
            else:
                attributes[name] = _guess(name, value)
        collection = Collection(tuple(attributes.values()))
    else:
        attributes = {a.key: a for a in collection.attributes}
    verdict = check_update(data, collection, current=document, profile=database)
    if not verdict.valid:
        raise UpdateError(
            verdict.message, status=verdict.status, type=verdict.type, server_message=verdict.message
        )
    relationship_keys = frozenset(k for k, a in attributes.items() if a.type == "relationship")
    parsed = parse_operators(dict(data), relationship_keys)
    result: dict[str, object] = {}
    for key, value in document.items():
        attribute = attributes.get(key)
        result[key] = read_back(value, attribute) if attribute is not None else _copy(value)
    for key, value in parsed.items():
        name = str(key)
        attribute = attributes.get(name)
        if attribute is None or attribute.type == "relationship":
            if not name.startswith("$"):
                result[name] = _copy(value)
            continue
        if isinstance(value, ParsedOperator):
            stored = document.get(name)
            if attribute.array and stored == [] and name not in document:
                stored = None
            written = _apply_operator(value, _copy(stored), attribute, database, now)
        else:
            written = _write_plain(_without_operators(value), attribute, database)
        result[name] = _read_value(written, attribute, database)
    return result


def _without_operators(value: object) -> object:
    """A plain value with the operators found inside it as the database gets them: ``{}``."""
    if isinstance(value, ParsedOperator):
        return {}
    if isinstance(value, dict):
        return {key: _without_operators(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_operators(item) for item in value]
    return value


def _copy(value: object) -> object:
    return copy.deepcopy(value) if isinstance(value, (list, dict)) else value
