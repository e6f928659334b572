"""The Appwrite server's verdict on a document update that carries operators.

A ``PATCH .../documents/{id}`` (or TablesDB ``.../rows/{id}``) sends a ``data`` object whose
values may be update operators: JSON strings such as ``{"method":"increment","values":[1]}``.
:func:`check_update` answers as the server does, in its order:

1. Appwrite's ``parseOperators`` looks for operators in ``data``: string values at string keys
   (nested objects included) that decode to an object with a known ``method``, and objects with
   a known ``method``. Keys starting with ``$``, integer-like keys and relationship keys are
   never operators. A found operator that the parser rejects gives ``400 general_bad_request``.
2. The database's structure validator checks the merged document: required attributes, unknown
   keys, then each value. Operators go through the operator validator (with the stored document
   when ``current`` is given); plain values through the attribute type's validators. Failures
   give ``400 document_invalid_structure`` (``row_invalid_structure`` for rows) with the
   ``Invalid document structure:`` prefix.
3. Two PHP errors in the operator validator's overflow prediction end in ``500 general_unknown``.

>>> from querykit.appwrite import Attribute, Collection
>>> col = Collection((Attribute("views", "integer"), Attribute("title", "string", size=10)))
>>> check_update({"views": '{"method":"increment","values":[1]}'}, col).valid
True
>>> check_update({"title": '{"method":"increment","values":[1]}'}, col).message
"Invalid document structure: Cannot apply increment operator to non-numeric field 'title'"

What the database then does with an accepted update (and where the database itself fails) is
:func:`querykit.update.apply`'s job.
"""

from __future__ import annotations

import ipaddress
import json
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Final
from urllib.parse import urlsplit

from querykit.appwrite.profiles import Profile, get_profile
from querykit.appwrite.schema import STRING_TYPES, Attribute, Collection
from querykit.appwrite.server import PHP_INT_MAX, PHP_INT_MIN, ServerQueryError, gettype, php_json_decode
from querykit.appwrite.validator import (
    DEFAULT_MAX_DATE,
    DEFAULT_MIN_DATE,
    Verdict,
    is_numeric,
    is_valid_datetime,
)
from querykit.errors import QueryError
from querykit.update.catalog import ARRAY_FILTER_CONDITIONS, MAX_ARRAY_OPERATOR_SIZE, OPERATORS

__all__ = [
    "MAX_INT",
    "MIN_INT",
    "OperatorParseError",
    "ParsedOperator",
    "check_update",
    "parse_operators",
    "php_float_cast",
    "php_int_cast",
    "php_number",
    "read_back",
    "validate_operator",
]

MAX_INT: Final = 2147483647
MIN_INT: Final = -2147483648
_MAX_DOUBLE: Final = 1.7976931348623157e308
BAD_REQUEST: Final = "general_bad_request"
SERVER_ERROR: Final = "general_unknown"
RELATIONSHIP_INVALID: Final = "relationship_value_invalid"
SERVER_ERROR_MESSAGE: Final = "Server Error"
_STRUCTURE: Final = "Invalid document structure: "
_MISSING_PAYLOAD: Final = (
    "The {0} data and permissions are missing. You must provide either {0} data or permissions to be updated."
)
_CUSTOM_ID_MESSAGE: Final = (
    "Parameter must contain at most 36 chars. Valid chars are a-z, A-Z, 0-9, period, hyphen, "
    "and underscore. Can't start with a special char"
)
_RELATION_SHAPE: Final = "Relationship value must be an object, document ID string, or associative array"
_KEY_CHARS: Final = re.compile(r"[A-Za-z0-9_.\-]*")
_INT_KEY: Final = re.compile(r"0|-?[1-9][0-9]*")
# Keys Appwrite removes from `data` before the update (the readonly ones).
_REMOVED: Final = frozenset({"$sequence", "$databaseId", "$collectionId", "$tableId"})
_PRIVILEGED_ONLY: Final = frozenset({"$createdAt", "$updatedAt"})
# Structure's own attributes, with the values the update always carries for them.
_INTERNAL: Final = {
    "$id": Attribute("$id", "string", size=255),
    "$sequence": Attribute("$sequence", "id"),
    "$collection": Attribute("$collection", "string", size=255, required=True),
    "$tenant": Attribute("$tenant", "id"),
    "$permissions": Attribute("$permissions", "string", size=67000, array=True),
    "$createdAt": Attribute("$createdAt", "datetime", required=True),
    "$updatedAt": Attribute("$updatedAt", "datetime", required=True),
}
_NUMERIC_METHODS: Final = frozenset({"increment", "decrement", "multiply", "divide", "modulo", "power"})
_CAPPED: Final = frozenset(name for name, spec in OPERATORS.items() if spec.capped)
_PHP_WS: Final = " \t\n\r\v\f"


class _Missing:
    """PHP's "no such key" (reads as null)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()


@dataclass(frozen=True, slots=True)
class ParsedOperator:
    """An operator as ``Operator::parseOperator`` holds it.

    ``values`` is the PHP array of values: a ``list``, or a ``dict`` when the JSON gave an
    object (its keys ``"0"``, ``"1"``... are PHP's integer keys).
    """

    method: str
    attribute: str
    values: list[object] | dict[str, object]

    def value(self, index: int) -> object:
        """``$values[index]``: :data:`MISSING` when there is no such key."""
        return php_get(self.values, index)

    def items(self) -> list[object]:
        """The values in order (a JSON object's values, too)."""
        return list(self.values.values()) if isinstance(self.values, dict) else list(self.values)


class _Fatal(Exception):
    """A PHP error the server does not catch: the request ends in HTTP 500."""


# --------------------------------------------------------------------------------------------
# PHP values
# --------------------------------------------------------------------------------------------


def php_get(array: object, index: int) -> object:
    """``$array[index]`` on a decoded PHP array (a list or a dict with string keys)."""
    if isinstance(array, list):
        return array[index] if 0 <= index < len(array) else MISSING
    if isinstance(array, dict):
        return array.get(str(index), MISSING)
    return MISSING


def _is_php_list(value: object) -> bool:
    """``array_is_list``: a JSON array, or an object whose keys are ``"0"``, ``"1"``... in order."""
    if isinstance(value, list):
        return True
    if isinstance(value, dict):
        return all(str(k) == str(i) for i, k in enumerate(value))
    return False


def php_number(value: object) -> int | float:
    """The number PHP arithmetic reads from a numeric value (``int``, ``float`` or numeric string)."""
    if type(value) is bool:
        return int(value)
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        text = value.strip(_PHP_WS)
        if re.fullmatch(r"[+-]?[0-9]+", text):
            number = int(text)
            return number if PHP_INT_MIN <= number <= PHP_INT_MAX else float(number)
        try:
            return float(text)
        except ValueError:
            return 0
    return 0


def _float_to_int(value: float) -> int:
    """PHP 8's float-to-int conversion: 0 for NaN and infinities, modular beyond 64 bits."""
    if not math.isfinite(value):
        return 0
    number = int(value)
    if PHP_INT_MIN <= number <= PHP_INT_MAX:
        return number
    number %= 2**64
    return number - 2**64 if number > PHP_INT_MAX else number


def php_int_cast(value: object) -> int:
    """PHP's ``(int)`` of a decoded JSON value."""
    if value is None or value is MISSING:
        return 0
    if type(value) is bool:
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return _float_to_int(value)
    if isinstance(value, str):
        m = re.match(r"[ \t\n\r\v\f]*([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)", value)
        if m is None:
            return 0
        text = m.group(1)
        if re.fullmatch(r"[+-]?[0-9]+", text):
            return max(PHP_INT_MIN, min(PHP_INT_MAX, int(text)))
        number = float(text)
        if not math.isfinite(number):
            return 0
        return max(PHP_INT_MIN, min(PHP_INT_MAX, int(number)))
    if isinstance(value, (list, dict)):
        return 1 if value else 0
    return 0


def php_float_cast(value: object) -> float:
    """PHP's ``(float)`` of a decoded JSON value."""
    if value is None or value is MISSING:
        return 0.0
    if type(value) is bool:
        return float(value)
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        m = re.match(r"[ \t\n\r\v\f]*([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)", value)
        return float(m.group(1)) if m is not None else 0.0
    if isinstance(value, (list, dict)):
        return 1.0 if value else 0.0
    return 0.0


def php_bool_cast(value: object) -> bool:
    """PHP's ``(bool)``."""
    if value is None or value is MISSING:
        return False
    if isinstance(value, str):
        return value not in ("", "0")
    if isinstance(value, float):
        return value != 0.0
    if isinstance(value, (list, dict)):
        return len(value) > 0
    return bool(value)


def read_back(value: object, attribute: Attribute) -> object:
    """A stored value as ``getDocument()`` returns it: cast to the attribute's type.

    Arrays have their items cast; a NULL array reads as ``[]``.
    """
    if attribute.array:
        if value is None:
            return []
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                return value
        if not isinstance(value, (list, dict)):
            return value
        items = list(value.values()) if isinstance(value, dict) else list(value)
        return [_cast_item(item, attribute) for item in items]
    if value is None:
        return None
    return _cast_item(value, attribute)


def _cast_item(value: object, attribute: Attribute) -> object:
    kind = attribute.type
    if kind == "boolean":
        return php_bool_cast(value)
    if kind == "integer":
        return php_int_cast(value)
    if kind == "double":
        return php_float_cast(value)
    return value


def _php_arith(method: str, left: int | float, right: int | float) -> int | float:
    """``left <op> right`` with PHP 8 semantics (ints overflow to floats, no exceptions)."""
    if method == "modulo":
        divisor = right if isinstance(right, int) else _float_to_int(right)
        dividend = left if isinstance(left, int) else _float_to_int(left)
        if divisor == 0:
            raise _Fatal("Modulo by zero")
        if divisor == -1:
            return 0
        rest = abs(dividend) % abs(divisor)
        return -rest if dividend < 0 else rest
    if isinstance(left, int) and isinstance(right, int):
        if method == "increment":
            exact: int | float = left + right
        elif method == "decrement":
            exact = left - right
        elif method == "multiply":
            exact = left * right
        elif method == "divide":
            if left % right == 0:
                exact = left // right
            else:
                return left / right
        else:
            return _php_int_power(left, right)
        if isinstance(exact, int) and not PHP_INT_MIN <= exact <= PHP_INT_MAX:
            return float(exact)
        return exact
    a, b = float(left), float(right)
    if method == "increment":
        return a + b
    if method == "decrement":
        return a - b
    if method == "multiply":
        return a * b
    if method == "divide":
        if b == 0.0:
            raise _Fatal("Division by zero")
        return a / b
    return php_pow(a, b)


def _php_int_power(base: int, exponent: int) -> int | float:
    if exponent < 0:
        return php_pow(float(base), float(exponent))
    if base in (0, 1) or exponent == 0:
        return 1 if exponent == 0 else base
    if base == -1:
        return 1 if exponent % 2 == 0 else -1
    if exponent > 64:
        return php_pow(float(base), float(exponent))
    result = base**exponent
    return result if PHP_INT_MIN <= result <= PHP_INT_MAX else float(result)


def php_pow(base: float, exponent: float) -> float:
    """C ``pow`` on doubles (PHP's ``**`` on floats): infinities instead of exceptions."""
    try:
        return math.pow(base, exponent)
    except OverflowError:
        negative = base < 0 and exponent.is_integer() and int(exponent) % 2 == 1
        return -math.inf if negative else math.inf
    except ValueError:
        if base == 0.0:
            return math.inf
        return math.nan


# --------------------------------------------------------------------------------------------
# parseOperators
# --------------------------------------------------------------------------------------------


class OperatorParseError(QueryError):
    """An operator that ``parseOperators`` finds and the parser rejects (HTTP 400)."""

    code = "operator-parse"


def parse_operator_array(raw: Mapping[str, object]) -> ParsedOperator:
    """``Operator::parseOperator`` on a decoded object; raises with the parser's message."""
    method = raw.get("method")
    attribute = raw.get("attribute")
    values = raw.get("values")
    method = "" if method is None else method
    attribute = "" if attribute is None else attribute
    values = [] if values is None else values
    if not isinstance(method, str):
        raise OperatorParseError("Invalid operator method. Must be a string, got " + gettype(method))
    if method not in OPERATORS:
        raise OperatorParseError("Invalid operator method: " + method)
    if not isinstance(attribute, str):
        raise OperatorParseError("Invalid operator attribute. Must be a string, got " + gettype(attribute))
    if not isinstance(values, (list, dict)):
        raise OperatorParseError("Invalid operator values. Must be an array, got " + gettype(values))
    return ParsedOperator(method, attribute, values)


def _decode(text: str) -> object:
    try:
        return php_json_decode(text)
    except ServerQueryError:
        return MISSING


def _is_php_int_key(key: object) -> bool:
    if isinstance(key, int) and not isinstance(key, bool):
        return True
    return (
        isinstance(key, str)
        and _INT_KEY.fullmatch(key) is not None
        and PHP_INT_MIN <= int(key) <= PHP_INT_MAX
    )


def _looks_like_operator(value: object) -> bool:
    if not isinstance(value, dict):
        return False
    method = value.get("method")
    return isinstance(method, str) and method in OPERATORS


def parse_operators(
    data: Mapping[str, object] | Mapping[object, object], relationship_keys: frozenset[str]
) -> dict[object, object]:
    """Appwrite's ``parseOperators``: ``data`` with its operators replaced by :class:`ParsedOperator`.

    Raises ``OperatorParseError`` with the server's ``Invalid operator for attribute`` message.
    Nested objects are searched with an explicit stack, so any depth is safe.
    """
    root: dict[object, object] = {key: value for key, value in data.items()}
    # Depth first and in order, as the server's recursion goes: the first bad operator wins.
    stack: list[tuple[dict[object, object] | list[object], Iterator[tuple[object, object]]]] = [
        (root, iter(list(root.items())))
    ]
    while stack:
        node, pending = stack[-1]
        step = next(pending, None)
        if step is None:
            stack.pop()
            continue
        key, value = step
        int_key = isinstance(node, list) or _is_php_int_key(key)
        if int_key or not isinstance(key, str):
            if isinstance(value, (dict, list)):
                stack.append(_descend(node, key, value))
            continue
        if key.startswith("$") or key in relationship_keys:
            continue
        found: ParsedOperator | None = None
        try:
            if isinstance(value, str):
                decoded = _decode(value)
                if _looks_like_operator(decoded):
                    assert isinstance(decoded, dict)
                    found = parse_operator_array(decoded)
            elif _looks_like_operator(value):
                assert isinstance(value, dict)
                found = parse_operator_array(value)
            elif isinstance(value, (dict, list)):
                stack.append(_descend(node, key, value))
        except OperatorParseError as e:
            raise OperatorParseError(f'Invalid operator for attribute "{key}": {e.message}') from None
        if found is not None:
            _store(node, key, found)
    return root


def _descend(
    node: dict[object, object] | list[object], key: object, value: dict[object, object] | list[object]
) -> tuple[dict[object, object] | list[object], Iterator[tuple[object, object]]]:
    """Copy a nested container into ``node`` and start walking it."""
    if isinstance(value, dict):
        copy: dict[object, object] | list[object] = dict(value)
        pairs: list[tuple[object, object]] = list(value.items())
    else:
        copy = list(value)
        pairs = list(enumerate(value))
    _store(node, key, copy)
    return copy, iter(pairs)


def _store(node: dict[object, object] | list[object], key: object, value: object) -> None:
    if isinstance(node, list):
        assert isinstance(key, int)
        node[key] = value
    else:
        node[key] = value


# --------------------------------------------------------------------------------------------
# Validator\Operator
# --------------------------------------------------------------------------------------------


def _is_relationship_array(attribute: Attribute) -> bool:
    rel, side = attribute.relation_type, attribute.side
    return (
        rel == "manyToMany"
        or (rel == "oneToMany" and side == "parent")
        or (rel == "manyToOne" and side == "child")
    )


def _relation_ok(item: object) -> bool:
    return isinstance(item, str)


def _out_of_int32(item: object) -> bool:
    if not is_numeric(item):
        return False
    number = php_number(item)
    return number > MAX_INT or number < MIN_INT


def validate_operator(
    op: ParsedOperator,
    attribute: Attribute,
    current: Mapping[str, object] | None,
) -> str | None:
    """``Validator\\Operator`` on an operator whose attribute exists: ``None`` or the message.

    ``current`` is the stored document as the server read it (``None``: no current document).
    Raises ``_Fatal`` where PHP itself fails (HTTP 500).
    """
    method, name = op.method, op.attribute
    kind, is_array = attribute.type, attribute.array
    values = op.values
    count = len(values)
    first = op.value(0)
    if method in _CAPPED:
        payload = first if isinstance(first, (list, dict)) else values
        if len(payload) > MAX_ARRAY_OPERATOR_SIZE:
            return (
                f"Array size {len(payload)} exceeds maximum allowed size of "
                f"{MAX_ARRAY_OPERATOR_SIZE} for array operations"
            )
    single = f"Cannot apply {method} operator to single-value relationship '{name}'"
    relation_items = (
        f"Cannot apply {method} operator: "
        "relationship values must be document IDs (strings) or Document objects"
    )
    non_array = f"Cannot apply {method} operator to non-array field '{name}'"
    int32_items = f"Cannot apply {method} operator: array items must be between {MIN_INT} and {MAX_INT}"
    is_relationship = kind == "relationship"

    if method in _NUMERIC_METHODS:
        if kind not in ("integer", "double"):
            return f"Cannot apply {method} operator to non-numeric field '{name}'"
        if first is MISSING or first is None or not is_numeric(first):
            shown = None if first is MISSING else first
            return f"Cannot apply {method} operator: value must be numeric, got {gettype(shown)}"
        if method in ("divide", "modulo") and php_float_cast(first) == 0.0:
            word = "division" if method == "divide" else "modulo"
            return f"Cannot apply {method} operator: {word} by zero"
        second = op.value(1)
        if count > 1 and second is not MISSING and second is not None and not is_numeric(second):
            return f"Cannot apply {method} operator: max/min limit must be numeric, got {gettype(second)}"
        if current is not None and kind == "integer" and (second is MISSING or second is None):
            stored = current.get(name)
            stored = 0 if stored is None else stored
            if isinstance(stored, (list, dict)):
                raise _Fatal("Unsupported operand types")
            if isinstance(stored, str) and not is_numeric(stored):
                raise _Fatal("Unsupported operand types")
            predicted = _php_arith(method, php_number(stored), php_number(first))
            if predicted > MAX_INT:
                return f"Cannot apply {method} operator: would overflow maximum value of {MAX_INT}"
            if predicted < MIN_INT:
                return f"Cannot apply {method} operator: would underflow minimum value of {MIN_INT}"
        return None

    if method in ("arrayAppend", "arrayPrepend"):
        if is_relationship:
            if not _is_relationship_array(attribute):
                return single
            if not all(_relation_ok(item) for item in op.items()):
                return relation_items
        elif not is_array:
            return non_array
        if count and kind == "integer":
            new_items = first if isinstance(first, (list, dict)) else values
            items = list(new_items.values()) if isinstance(new_items, dict) else list(new_items)
            if any(_out_of_int32(item) for item in items):
                return int32_items
        return None

    if method == "arrayUnique":
        if is_relationship:
            return None if _is_relationship_array(attribute) else single
        return None if is_array else non_array

    if method == "arrayInsert":
        if is_relationship:
            if not _is_relationship_array(attribute):
                return single
        elif not is_array:
            return non_array
        if count != 2:
            return f"Cannot apply {method} operator: requires exactly 2 values (index and value)"
        index = first
        if type(index) is not int or index < 0:
            return f"Cannot apply {method} operator: index must be a non-negative integer"
        item = op.value(1)
        if is_relationship and not _relation_ok(item):
            return relation_items
        if kind == "integer" and _out_of_int32(item):
            return int32_items
        if current is not None:
            stored = current.get(name)
            if isinstance(stored, (list, dict)) and index > len(stored):
                return (
                    f"Cannot apply {method} operator: index {index} is out of bounds "
                    f"for array of length {len(stored)}"
                )
        return None

    if method == "arrayRemove":
        if is_relationship:
            if not _is_relationship_array(attribute):
                return single
            check = first if isinstance(first, (list, dict)) else values
            items = list(check.values()) if isinstance(check, dict) else list(check)
            if not all(_relation_ok(item) for item in items):
                return relation_items
        elif not is_array:
            return non_array
        if count == 0:
            return f"Cannot apply {method} operator: requires a value to remove"
        return None

    if method == "arrayIntersect":
        if is_relationship:
            if not _is_relationship_array(attribute):
                return single
        elif not is_array:
            return f"Cannot use {method} operator on non-array attribute '{name}'"
        if count == 0:
            return f"{method} operator requires a non-empty array value"
        if is_relationship and not all(_relation_ok(item) for item in op.items()):
            return relation_items
        return None

    if method == "arrayDiff":
        if is_relationship:
            if not _is_relationship_array(attribute):
                return single
            if not all(_relation_ok(item) for item in op.items()):
                return relation_items
        elif not is_array:
            return f"Cannot use {method} operator on non-array attribute '{name}'"
        return None

    if method == "arrayFilter":
        if is_relationship:
            if not _is_relationship_array(attribute):
                return single
        elif not is_array:
            return non_array
        if count < 1 or count > 2:
            return (
                f"Cannot apply {method} operator: "
                "requires 1 or 2 values (condition and optional comparison value)"
            )
        if not isinstance(first, str):
            return f"Cannot apply {method} operator: condition must be a string"
        if first not in ARRAY_FILTER_CONDITIONS:
            return f"Invalid array filter condition '{first}'. Must be one of: " + ", ".join(
                ARRAY_FILTER_CONDITIONS
            )
        return None

    if method == "stringConcat":
        if kind not in STRING_TYPES or is_array:
            return f"Cannot apply {method} operator to non-string field '{name}'"
        if count == 0 or not isinstance(first, str):
            return f"Cannot apply {method} operator: requires a string value"
        if current is not None:
            stored = current.get(name)
            stored_text = "" if stored is None else stored
            size = attribute.size
            length = _php_strlen(stored_text) + len(first.encode("utf-8", "surrogatepass"))
            if size > 0 and length > size:
                return (
                    f"Cannot apply {method} operator: result would exceed maximum length of {size} characters"
                )
        return None

    if method == "stringReplace":
        if kind not in STRING_TYPES:
            return f"Cannot apply {method} operator to non-string field '{name}'"
        if count != 2 or not isinstance(first, str) or not isinstance(op.value(1), str):
            return f"Cannot apply {method} operator: requires exactly 2 string values (search and replace)"
        return None

    if method == "toggle":
        return None if kind == "boolean" else f"Cannot apply {method} operator to non-boolean field '{name}'"

    if method in ("dateAddDays", "dateSubDays", "dateSetNow"):
        if kind != "datetime":
            return f"Cannot apply {method} operator to non-datetime field '{name}'"
        if method != "dateSetNow" and (count == 0 or type(first) is not int):
            return f"Cannot apply {method} operator: requires an integer number of days"
        return None
    return f"Cannot apply {method} operator: unsupported operator method"


def _php_strlen(value: object) -> int:
    """``strlen`` of a stored value (bytes of a string); PHP fails on arrays."""
    if isinstance(value, str):
        return len(value.encode("utf-8", "surrogatepass"))
    if isinstance(value, bool):
        return 1 if value else 0
    if isinstance(value, (int, float)):
        return len(json.dumps(value))
    raise _Fatal("strlen(): Argument #1 ($string) must be of type string")


# --------------------------------------------------------------------------------------------
# Structure: plain values
# --------------------------------------------------------------------------------------------


def _php_number_format(value: float | int) -> str:
    """PHP ``number_format`` with no decimals (halves round away from zero)."""
    if isinstance(value, float):
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        if math.isnan(value):
            return "nan"
        whole = int(Decimal(repr(value)).to_integral_value(rounding=ROUND_HALF_UP))
        return f"{whole:,}"
    return f"{value:,}"


def _integer_message(value: object, attribute: Attribute) -> str | None:
    """Structure's ``Integer`` then ``Range`` validators of an integer attribute."""
    bits = 64 if attribute.size >= 8 else 32
    unsigned = not attribute.signed and bits < 64
    if unsigned:
        low, high = 0, 2**bits - 1
    else:
        low, high = -(2 ** (bits - 1)), 2 ** (bits - 1) - 1
    if type(value) is not int or not low <= value <= high:
        sign = "unsigned" if unsigned else "signed"
        return (
            f"Value must be a valid {sign} {bits}-bit integer between "
            f"{_php_number_format(low)} and {_php_number_format(high)}"
        )
    top = PHP_INT_MAX if bits == 64 else MAX_INT
    bottom = -top if attribute.signed else 0
    if not _range_int_ok(value, bottom, top):
        return _range_message(bottom, top)
    return None


def _range_message(low: float | int, high: float | int) -> str:
    return f"Value must be a valid range between {_php_number_format(low)} and {_php_number_format(high)}"


def _range_int_ok(value: object, low: float | int, high: float | int) -> bool:
    if not is_numeric(value):
        return False
    if isinstance(value, float) and math.isinf(value):
        return low <= value <= high
    number = php_number(value)
    if not isinstance(number, int):
        return False
    return low <= number <= high


def _range_float_ok(value: object, low: float, high: float) -> bool:
    if not is_numeric(value):
        return False
    number = float(php_number(value))
    return low <= number <= high


def _plain_value_message(value: object, attribute: Attribute, profile: Profile) -> str | None:
    """The first failing validator's description for one (non-array) value, or ``None``."""
    kind = attribute.type
    if kind in ("string", "varchar"):
        size = attribute.size
        if not isinstance(value, str) or (size != 0 and len(value) > size):
            return "Value must be a valid string" + (f" and no longer than {size} chars" if size else "")
        return None
    if kind in ("text", "mediumtext", "longtext"):
        limit = {"text": 65535, "mediumtext": 16777215, "longtext": 4294967295}[kind]
        for size in (attribute.size, limit):
            if not isinstance(value, str) or (
                size != 0 and len(value.encode("utf-8", "surrogatepass")) > size
            ):
                return f"Value must be a valid string no longer than {size} bytes"
        return None
    if kind == "integer":
        return _integer_message(value, attribute)
    if kind == "double":
        if type(value) is not float and type(value) is not int:
            return "Value must be a valid float"
        low = -_MAX_DOUBLE if attribute.signed else 0
        if not _range_float_ok(value, low, _MAX_DOUBLE):
            return _range_message(low, _MAX_DOUBLE)
        return None
    if kind == "boolean":
        return None if type(value) is bool else "Value must be a valid boolean"
    if kind == "datetime":
        if is_valid_datetime(value, profile.min_date, profile.max_date):
            return None
        return f"Value must be valid date between {profile.min_date.text} and {profile.max_date.text}."
    if kind == "object":
        if isinstance(value, str):
            return None if _decode(value) is not MISSING else "Value must be a valid object"
        ok = value in (None, False, 0, 0.0, "", []) or (isinstance(value, dict) and not _is_php_list(value))
        return None if ok else "Value must be a valid object"
    return None


_FORMAT_TYPES: Final = {
    "email": "string",
    "enum": "string",
    "ip": "string",
    "url": "string",
    "datetime": "datetime",
    "intRange": "integer",
    "bigintRange": "bigint",
    "floatRange": "double",
}
_LABEL: Final = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_EMAIL: Final = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@" + _LABEL + r"(?:\." + _LABEL + r")+")


def _format_message(value: object, attribute: Attribute, profile: Profile) -> str | None:
    """The attribute format's validator (Appwrite's registered formats)."""
    name = attribute.format
    if name in ("intRange", "bigintRange", "floatRange"):
        low = attribute.minimum if attribute.minimum is not None else -math.inf
        high = attribute.maximum if attribute.maximum is not None else math.inf
        ok = (
            _range_float_ok(value, float(low), float(high))
            if name == "floatRange"
            else _range_int_ok(value, low, high)
        )
        return None if ok else _range_message(low, high)
    if name == "enum":
        if isinstance(value, str) and value in attribute.elements:
            return None
        return "Value must be one of (" + ", ".join(attribute.elements) + ")"
    if name == "email":
        ok = isinstance(value, str) and _EMAIL.fullmatch(value) is not None
        return None if ok else "Value must be a valid email address"
    if name == "ip":
        try:
            ipaddress.ip_address(value if isinstance(value, str) else "")
        except ValueError:
            return "Value must be a valid IP address"
        return None
    if name == "url":
        ok = False
        if isinstance(value, str):
            try:
                parts = urlsplit(value)
                ok = bool(parts.scheme) and bool(parts.netloc)
            except ValueError:
                ok = False
        return None if ok else "Value must be a valid URL"
    if name == "datetime":
        low_date, high_date = DEFAULT_MIN_DATE, DEFAULT_MAX_DATE
        if is_valid_datetime(value, low_date, high_date):
            return None
        return f"Value must be valid date between {low_date.text} and {high_date.text}."
    return None


def _structure_message(key: str, value: object, attribute: Attribute, profile: Profile) -> str | None:
    """Structure's check of one plain value: ``None`` or the message (without the envelope)."""
    if not attribute.required and value is None:
        return None
    kind = attribute.type
    if kind == "relationship":
        return None
    known = kind in STRING_TYPES or kind in (
        "integer", "bigint", "double", "boolean", "datetime", "object", "id",
        "point", "linestring", "polygon", "vector",
    )  # fmt: skip
    if not known:
        return f'Unknown attribute type "{kind}"'
    if kind in ("bigint", "id", "point", "linestring", "polygon", "vector"):
        return None  # checked by the query validators' rules elsewhere; not reproduced here
    label = "format" if attribute.format else "type"
    if attribute.format and _FORMAT_TYPES.get(attribute.format) != kind:
        raise _Fatal(f"Format {attribute.format!r} not available for attribute type {kind!r}")
    if attribute.array:
        if not attribute.required and (value is None or (isinstance(value, (list, dict)) and not value)):
            return None
        if not _is_php_list(value):
            return f'Attribute "{key}" must be an array'
        assert isinstance(value, (list, dict))
        items = list(value.values()) if isinstance(value, dict) else value
        for index, item in enumerate(items):
            if not attribute.required and item is None:
                continue
            message = _plain_value_message(item, attribute, profile)
            if message is None and attribute.format:
                message = _format_message(item, attribute, profile)
            if message is not None:
                return f"Attribute \"{key}['{index}']\" has invalid {label}. {message}"
        return None
    message = _plain_value_message(value, attribute, profile)
    if message is None and attribute.format:
        message = _format_message(value, attribute, profile)
    if message is not None:
        return f'Attribute "{key}" has invalid {label}. {message}'
    return None


# --------------------------------------------------------------------------------------------
# Relationships (Appwrite's validateRelationship)
# --------------------------------------------------------------------------------------------


def _custom_id_ok(value: str) -> bool:
    if value == "unique()":
        return True
    if value == "" or value[0] in "_.-":
        return False
    return _KEY_CHARS.fullmatch(value) is not None and len(value) <= 36


def _php_empty(value: object) -> bool:
    return (
        value is None
        or value is False
        or value == ""
        or value == "0"
        or value in (0, 0.0)
        or (isinstance(value, (list, dict)) and not value)
    )


def _relationship_message(value: object) -> str | None:
    if _php_empty(value):
        return None
    relations = (
        value if isinstance(value, list) or (isinstance(value, dict) and _is_php_list(value)) else [value]
    )
    items = list(relations.values()) if isinstance(relations, dict) else list(relations)
    for relation in items:
        relation_id: object = None
        if isinstance(relation, str):
            relation_id = relation
        elif isinstance(relation, dict) and not _is_php_list(relation):
            relation_id = relation.get("$id")
        else:
            return _RELATION_SHAPE
        if relation_id is not None:
            if not isinstance(relation_id, str):
                return "Relationship $id must be a string"
            if not _custom_id_ok(relation_id):
                return _CUSTOM_ID_MESSAGE
    return None


# --------------------------------------------------------------------------------------------
# check_update
# --------------------------------------------------------------------------------------------


def _fail(status: int, type_: str, message: str, stage: str) -> Verdict:
    return Verdict(False, status, type_, message, stage)


def check_update(
    data: object,
    collection: Collection,
    *,
    current: Mapping[str, object] | None = None,
    resource: str = "document",
    profile: str | Profile = "postgresql",
    privileged: bool = True,
) -> Verdict:
    """The server's answer to ``PATCH`` updating one document (or row) with ``data``.

    ``data`` is the request's ``data`` object (a ``dict``, or its JSON text); ``current`` the
    stored document as the server reads it, when known (the operator validator then checks
    overflow, array bounds and string lengths against it). ``resource`` is ``"document"`` or
    ``"row"`` (TablesDB: ``row_*`` error types). ``profile`` names the database (its date
    range); ``privileged`` is true for API keys, which may set ``$createdAt``/``$updatedAt``.

    >>> from querykit.appwrite import Attribute, Collection
    >>> col = Collection((Attribute("tags", "string", size=64, array=True),))
    >>> v = check_update({"tags": '{"method":"arrayInsert","values":[5,"x"]}'}, col, current={"tags": ["a"]})
    >>> v.status, v.type
    (400, 'document_invalid_structure')
    >>> v.message.removeprefix("Invalid document structure: ")
    'Cannot apply arrayInsert operator: index 5 is out of bounds for array of length 1'
    >>> check_update({"tags": {"method": "arrayAppend", "values": "x"}}, col, resource="row").message
    'Invalid operator for attribute "tags": Invalid operator values. Must be an array, got string'
    """
    if not isinstance(collection, Collection):
        raise QueryError("collection must be a querykit.appwrite.Collection", code="schema")
    if resource not in ("document", "row"):
        raise QueryError(f"unknown resource {resource!r}; expected 'document' or 'row'", code="resource")
    prof = get_profile(profile)
    if isinstance(data, (str, bytes)):
        try:
            data = php_json_decode(data)
        except ServerQueryError:
            data = []
    if isinstance(data, list) and not data:
        data = {}
    if not isinstance(data, Mapping):
        raise QueryError("data must be a JSON object (a dict or its JSON text)", code="update")
    if current is not None and not isinstance(current, Mapping):
        raise QueryError("current must be a JSON object (a dict) or None", code="update")
    structure_type = f"{resource}_invalid_structure"
    if not data:
        return _fail(400, f"{resource}_missing_payload", _MISSING_PAYLOAD.format(resource), "payload")

    attributes: dict[str, Attribute] = {}
    for attr in collection.attributes:
        attributes[attr.key] = attr
    relationship_keys = frozenset(k for k, a in attributes.items() if a.type == "relationship")

    try:
        parsed = parse_operators(data, relationship_keys)
    except OperatorParseError as e:
        return _fail(400, BAD_REQUEST, e.message, "parseOperators")

    # Appwrite's own pass over relationship values.
    for key, value in parsed.items():
        if isinstance(key, str) and key in relationship_keys:
            message = _relationship_message(value)
            if message is None and _is_relationship_array(attributes[key]) and not _is_php_list(value):
                message = (
                    "Invalid relationship value. Must be either an array of documents or document IDs, "
                    f"{gettype(value)} given."
                )
            if message is not None:
                return _fail(400, RELATIONSHIP_INVALID, message, "relationship")

    stored: dict[str, object] | None = None
    if current is not None:
        stored = {}
        for key, value in current.items():
            known = attributes.get(str(key))
            stored[str(key)] = read_back(value, known) if known is not None else value
        for key, attr in attributes.items():
            if key not in stored and attr.array:
                stored[key] = []

    # The update's own keys, as Appwrite passes them on.
    update: dict[str, object] = {}
    for key, value in parsed.items():
        name = str(key)
        if name in _REMOVED or name in ("$id", "$permissions", "$collection"):
            continue
        if name in _PRIVILEGED_ONLY and not privileged:
            continue
        update[name] = value

    schema: dict[str, Attribute] = {**_INTERNAL, **attributes}
    # Required attributes (the stored document provides the internal ones).
    for name, attr in schema.items():
        if not attr.required or name.startswith("$"):
            continue
        if name in update:
            present = update[name] is not None
        elif stored is not None and name in stored:
            present = stored[name] is not None
        else:
            present = True  # not sent and not known: the stored value stands
        if not present:
            return _fail(400, structure_type, f'{_STRUCTURE}Missing required attribute "{name}"', "structure")
    for name in update:
        if name not in schema:
            return _fail(400, structure_type, f'{_STRUCTURE}Unknown attribute: "{name}"', "structure")

    ordered = [k for k in attributes if k in update] + [k for k in update if k not in attributes]
    for name in ordered:
        value = update[name]
        attr = schema[name]
        if isinstance(value, ParsedOperator):
            op = ParsedOperator(value.method, name, value.values)
            try:
                message = validate_operator(op, attr, stored)
            except _Fatal:
                return _fail(500, SERVER_ERROR, SERVER_ERROR_MESSAGE, "server")
        else:
            if name in ("$createdAt", "$updatedAt") and value == "":
                continue
            try:
                message = _structure_message(name, value, attr, prof)
            except _Fatal:
                return _fail(500, SERVER_ERROR, SERVER_ERROR_MESSAGE, "server")
        if message is not None:
            return _fail(400, structure_type, _STRUCTURE + message, "structure")
    return Verdict(True)
