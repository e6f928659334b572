"""The Appwrite 1.9 server's query validators and its list-documents pipeline, reproduced.

:func:`check_list_documents` answers what ``GET …/collections/{id}/documents`` (or TablesDB
``listRows``) answers for a list of query strings, before any document is read: the same
verdict, HTTP status, error type and exact message, and which stage failed::

    >>> from querykit.appwrite.schema import Attribute, Collection
    >>> col = Collection((Attribute("title", "string", size=255),))
    >>> v = check_list_documents(['{"method":"limit","values":[0]}'], col)
    >>> v.valid, v.status, v.type, v.stage
    (False, 400, 'general_query_invalid', 'find')
    >>> print(v.message)
    Invalid query: Invalid limit: Value must be a valid range between 1 and 9,223,372,036,854,775,807

The validators mirror utopia-php/database 7.2.6 class for class (``Filter``, ``Limit``,
``Offset``, ``Cursor``, ``Order``, ``Select``, ``Queries``, ``IndexedQueries``, ``Documents``,
``Document``); each ``validate`` returns ``None`` when the server accepts, or the server's
description of the first failure. Walks over nested queries are iterative.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, NoReturn, Protocol

from querykit.appwrite.phpdate import DateBound, standalone_year, to_micros
from querykit.appwrite.profiles import PROFILES, Profile, get_profile
from querykit.appwrite.schema import (
    INTERNAL_ATTRIBUTES,
    SELECTABLE_INTERNAL_KEYS,
    SPATIAL_TYPES,
    STRING_TYPES,
    Attribute,
    Collection,
    Index,
)
from querykit.appwrite.server import (
    FILTER_EXCLUDED_METHODS,
    JSON_MAX_DEPTH,
    METHODS,
    NESTED_METHODS,
    PHP_INT_MAX,
    PHP_INT_MIN,
    QUERY_INVALID,
    ServerQuery,
    ServerQueryError,
    get_debug_type,
    parse_query,
    php_string,
    server_crash,
)
from querykit.errors import QueryError
from querykit.releases import LATEST, ReleaseLine, get_line
from querykit.releases import LINE_NAMES as LINE_ORDER
from querykit.verdicts import VALID, Verdict

__all__ = [
    "CursorValidator",
    "DocumentValidator",
    "DocumentsValidator",
    "FilterValidator",
    "IndexedQueriesValidator",
    "LimitValidator",
    "OffsetValidator",
    "OrderValidator",
    "QueriesValidator",
    "QueryValidator",
    "SelectValidator",
    "Verdict",
    "check_list_documents",
    "is_valid_datetime",
]

APP_LIMIT_ARRAY_PARAMS_SIZE: Final = 100
APP_LIMIT_ARRAY_ELEMENT_SIZE: Final = 4096
PARAM_MESSAGE: Final = (
    "Invalid `queries` param: Value must a valid array no longer than 100 items and "
    "Value must be a valid string and at least 1 chars and no longer than 4096 chars"
)
ARGUMENT_INVALID: Final = "general_argument_invalid"
DEFAULT_MESSAGE: Final = "Invalid query"
FULLTEXT_MESSAGE: Final = 'Searching by attribute "{}" requires a fulltext index.'
VECTOR_COUNT_MESSAGE: Final = "Cannot use multiple vector queries in a single request"

# Filter's defaults when used on its own (utopia-php/database).
DEFAULT_MIN_DATE: Final = DateBound.of(0, 1, 1)
DEFAULT_MAX_DATE: Final = DateBound.of(9999, 12, 31)
FILTER_DEFAULT_MAX_VALUES: Final = 5000

_SEARCH: Final = frozenset({"search", "notSearch"})
_VECTOR: Final = frozenset({"vectorDot", "vectorCosine", "vectorEuclidean"})
_INDEXED: Final = _SEARCH | _VECTOR
_DISTANCE: Final = frozenset({"distanceEqual", "distanceNotEqual", "distanceGreaterThan", "distanceLessThan"})
_SPATIAL: Final = _DISTANCE | frozenset(
    {
        "intersects",
        "notIntersects",
        "crosses",
        "notCrosses",
        "overlaps",
        "notOverlaps",
        "touches",
        "notTouches",
    }
)
_AT_LEAST_ONE: Final = frozenset(
    {"equal", "contains", "containsAny", "notContains", "containsAll", "exists", "notExists"}
)
_EXACTLY_ONE: Final = frozenset(
    {
        "notEqual", "lessThan", "lessThanEqual", "greaterThan", "greaterThanEqual", "search",
        "notSearch", "startsWith", "notStartsWith", "endsWith", "notEndsWith", "regex",
    }
)  # fmt: skip
_CONTAINS: Final = frozenset({"contains", "containsAny", "containsAll", "notContains"})
_ARRAY_METHODS: Final = _CONTAINS | frozenset({"isNull", "isNotNull", "exists", "notExists"})
_OBJECT_METHODS: Final = frozenset(
    {"equal", "notEqual", "contains", "containsAny", "containsAll", "notContains"}
)
_EXISTS: Final = frozenset({"exists", "notExists"})
_METHOD_TYPES: Final = {
    "select": "select",
    "limit": "limit",
    "offset": "offset",
    "cursorAfter": "cursor",
    "cursorBefore": "cursor",
    "orderAsc": "order",
    "orderDesc": "order",
    "orderRandom": "order",
}

_PHP_WS = "[ \\t\\n\\r\\v\\f]*"
_NUMERIC_STRING: Final = re.compile(
    _PHP_WS + r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?" + _PHP_WS
)
_INTEGER_STRING: Final = re.compile(_PHP_WS + r"[+-]?[0-9]+" + _PHP_WS)
_BIGINT_SIGNED: Final = re.compile(r"-?[0-9]+\n?")
_BIGINT_UNSIGNED: Final = re.compile(r"[0-9]+\n?")
_UUID7: Final = re.compile(
    r"[a-f0-9]{8}-[a-f0-9]{4}-7[a-f0-9]{3}-[89ab][a-f0-9]{3}-[a-f0-9]{12}\n?", re.IGNORECASE
)
_UID_CHARS: Final = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
_INT_KEY: Final = re.compile(r"0|-?[1-9][0-9]*")


def number_format(value: int) -> str:
    """PHP ``number_format`` of an integer (PHP_INT_MAX prints as on the Appwrite runtime)."""
    return f"{value:,}"


def ucfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------------------------
# Value rules (utopia-php/validators and utopia-php/database)
# --------------------------------------------------------------------------------------------


def is_numeric(value: object) -> bool:
    """PHP 8 ``is_numeric``."""
    if type(value) is int or type(value) is float:
        return True
    return type(value) is str and _NUMERIC_STRING.fullmatch(value) is not None


def _plus_zero_int(value: object) -> int | None:
    """``$value + 0`` when it gives a PHP int (numeric input assumed), else ``None``."""
    if type(value) is int:
        return value
    if type(value) is str and _INTEGER_STRING.fullmatch(value) is not None:
        number = int(value)
        if -PHP_INT_MAX - 1 <= number <= PHP_INT_MAX:
            return number
    return None


def _int_range(value: object, low: int, high: int) -> bool:
    """``Range(low, high, integer)``: numeric, an int after ``+ 0``, and inside the range."""
    if not is_numeric(value):
        return False
    number = _plus_zero_int(value)
    return number is not None and low <= number <= high


def _compare_unsigned(a: str, b: str) -> int:
    a = a.strip(" \t\n\r\0\x0b").lstrip("0") or "0"
    b = b.lstrip("0") or "0"
    if len(a) != len(b):
        return -1 if len(a) < len(b) else 1
    return (a > b) - (a < b)


def _bigint(value: object, signed: bool, unsigned_64: bool) -> bool:
    if type(value) is int:
        return signed or value >= 0
    if type(value) is not str:
        return False
    text: str = value
    if signed:
        if _BIGINT_SIGNED.fullmatch(text) is None:
            return False
        if text.startswith("-"):
            return _compare_unsigned(text[1:], "9223372036854775808") <= 0
        return _compare_unsigned(text, "9223372036854775807") <= 0
    if _BIGINT_UNSIGNED.fullmatch(text) is None:
        return False
    return _compare_unsigned(text, "18446744073709551615" if unsigned_64 else "9223372036854775807") <= 0


def _php_empty(value: object) -> bool:
    return value is None or value is False or value == "" or value == "0" or value in (0, 0.0, [], {})


def _sequence(value: object, id_type: str, primary: bool) -> bool:
    """``Sequence`` validator: ``$sequence`` values (``primary``) and other id attributes."""
    if primary and _php_empty(value):
        return False
    if value is None:
        return True
    if type(value) is not str and type(value) is not int:
        return False
    if not primary:
        return True
    if id_type == "uuid7":
        return type(value) is str and _UUID7.fullmatch(value) is not None
    if id_type == "integer":
        return _int_range(value, 1, PHP_INT_MAX)
    return False


def is_valid_datetime(value: object, min_date: DateBound, max_date: DateBound) -> bool:
    """The server's datetime rule for a query value (see :mod:`querykit.appwrite.phpdate`)."""
    if type(value) is not str or value == "" or value == "0":
        return False
    micros = to_micros(value)
    if micros is None:
        return False
    year = standalone_year(value)
    if year is None or not min_date.year <= year <= max_date.year:
        return False
    return min_date.micros <= micros <= max_date.micros


def _object_structure_ok(value: object) -> bool:
    """No PHP array level mixes integer and string keys (iterative over nested arrays)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            kinds = {_INT_KEY.fullmatch(k) is not None and _fits_int(k) for k in item}
            if len(kinds) > 1:
                return False
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return True


def _fits_int(key: str) -> bool:
    return -PHP_INT_MAX - 1 <= int(key) <= PHP_INT_MAX


# --------------------------------------------------------------------------------------------
# Single-query validators
# --------------------------------------------------------------------------------------------


class QueryValidator(Protocol):
    """A validator of one query: ``method_type`` routes queries to it."""

    method_type: str

    def validate(self, query: ServerQuery) -> str | None:
        """``None`` when valid, else the server's description of the failure."""
        ...


class LimitValidator:
    """``Query\\Limit``: the first value is numeric and an integer in 1..max."""

    method_type = "limit"

    def __init__(self, max_limit: int = PHP_INT_MAX) -> None:
        self.max_limit = max_limit
        self._range = f"Invalid limit: Value must be a valid range between 1 and {number_format(max_limit)}"

    def validate(self, query: ServerQuery) -> str | None:
        if query.method != "limit":
            return "Invalid query method: " + query.method
        value = query.first
        if not is_numeric(value):
            return "Invalid limit: Value must be a valid number"
        if not _int_range(value, 1, self.max_limit):
            return self._range
        return None


class OffsetValidator:
    """``Query\\Offset``: the first value is numeric and an integer in 0..max."""

    method_type = "offset"

    def __init__(self, max_offset: int = PHP_INT_MAX) -> None:
        self.max_offset = max_offset
        self._range = f"Invalid offset: Value must be a valid range between 0 and {number_format(max_offset)}"

    def validate(self, query: ServerQuery) -> str | None:
        if query.method != "offset":
            return "Query method invalid: " + query.method
        value = query.first
        if not is_numeric(value):
            return "Invalid limit: Value must be a valid number"  # sic, as the server says
        if not _int_range(value, 0, self.max_offset):
            return self._range
        return None


class CursorValidator:
    """``Query\\Cursor``: the first value is a UID of at most ``max_length`` characters."""

    method_type = "cursor"

    def __init__(self, max_length: int = 36) -> None:
        self.max_length = max_length
        self._message = (
            f"Invalid cursor: UID must contain at most {max_length} chars. Valid chars are a-z, A-Z, "
            "0-9, and underscore. Can't start with a leading underscore"
        )

    def is_uid(self, value: object) -> bool:
        if type(value) is not str or value == "":
            return False
        text: str = value
        return text[0] not in "_.-" and len(text) <= self.max_length and _UID_CHARS.issuperset(text)

    def validate(self, query: ServerQuery) -> str | None:
        if query.method != "cursorAfter" and query.method != "cursorBefore":
            return DEFAULT_MESSAGE
        return None if self.is_uid(query.first) else self._message


def _keys(attributes: Iterable[Attribute]) -> frozenset[str]:
    return frozenset(a.key for a in attributes)


class OrderValidator:
    """``Query\\Order``: ``orderAsc``/``orderDesc`` need a known, non-nested attribute."""

    method_type = "order"

    def __init__(
        self, attributes: Iterable[Attribute], support_attributes: bool = True, *, line: ReleaseLine = LATEST
    ) -> None:
        self.keys = _keys(attributes)
        self.support_attributes = support_attributes
        self.line = line

    def validate(self, query: ServerQuery) -> str | None:
        method = query.method
        if method == "orderRandom":
            return None
        if method != "orderAsc" and method != "orderDesc":
            return DEFAULT_MESSAGE
        attribute = query.attribute
        if attribute in self.keys:
            return None
        if attribute == "" and not self.line.order_default:
            return None  # up to 1.5 an empty attribute means the default order
        if "." in attribute and self.line.order_nested_check:
            attribute = attribute.split(".", 1)[0]
            if attribute in self.keys:
                return "Cannot order by nested attribute: " + attribute
        if self.support_attributes and attribute not in self.keys:
            return "Attribute not found in schema: " + attribute
        return None


class SelectValidator:
    """``Query\\Select``: strings, no duplicates, known attributes (internal keys and ``*`` pass)."""

    method_type = "select"

    def __init__(
        self, attributes: Iterable[Attribute], support_attributes: bool = True, *, line: ReleaseLine = LATEST
    ) -> None:
        self.keys = _keys(attributes)
        self.support_attributes = support_attributes
        self.line = line
        self.internal_keys = selectable_internal_keys(line)

    def validate(self, query: ServerQuery) -> str | None:
        if query.method != "select":
            return DEFAULT_MESSAGE
        if self.line.select_checks != "strings":
            return self._validate_coercing(query)
        values = query.values
        if not values:
            return "No attributes selected"
        for value in values:
            if type(value) is not str:
                return "Attribute selection must be a string, got " + get_debug_type(value)
        if len(set(values)) != len(values):
            return "Duplicate attributes selected"
        keys = self.keys
        for value in values:
            attribute = str(value)
            if attribute in keys:
                continue
            if "." in attribute:
                attribute = attribute.split(".", 1)[0]
            if attribute in SELECTABLE_INTERNAL_KEYS:
                continue
            if self.support_attributes and attribute not in keys and attribute != "*":
                return "Attribute not found in schema: " + attribute
        return None

    def _validate_coercing(self, query: ServerQuery) -> str | None:
        """Lines before today's: values are used as PHP strings (a non-string is coerced, an
        array crashes the server); 1.7 to 1.9 first refuse empty and duplicate lists."""
        values = query.values
        if self.line.select_checks == "count":
            if not values:
                return "No attributes selected"
            texts = [php_string(v) for v in values]
            # array_unique compares as strings; an array reads as "Array".
            if len({"Array" if t is None else t for t in texts}) != len(texts):
                return "Duplicate attributes selected"
        keys = self.keys
        for value in values:
            text = php_string(value)
            if text is None:
                raise server_crash()  # str_contains() on an array: a TypeError
            attribute = text
            if attribute in keys:
                continue
            if "." in attribute:
                attribute = attribute.split(".", 1)[0]
            if attribute in self.internal_keys:
                continue
            if self.support_attributes and attribute not in keys and attribute != "*":
                return "Attribute not found in schema: " + attribute
        return None


@dataclass(frozen=True, slots=True)
class _Rule:
    """One attribute with its value check prepared (``check`` is None for special types)."""

    attribute: Attribute
    check: Callable[[object], bool] | None
    #: ``attribute.encrypted`` and ``attribute.is_virtual``, read once.
    encrypted: bool = False
    virtual: bool = False


def _str_check(v: object) -> bool:
    return type(v) is str


def _float_check(v: object) -> bool:
    return type(v) is int or type(v) is float


def _bool_check(v: object) -> bool:
    return type(v) is bool


def _relationship_check(v: object) -> bool:
    return type(v) is str and len(v) <= 255


def _int64_check(v: object) -> bool:
    return type(v) is int and -PHP_INT_MAX - 1 <= v <= PHP_INT_MAX


def _never(v: object) -> bool:
    return False


def _any(v: object) -> bool:
    return True


# Appwrite 1.4: PHP gettype() must name the attribute's type (a double also takes integers).
_GETTYPE_CHECKS: Final[dict[str, Callable[[object], bool]]] = {
    "string": _str_check,
    "integer": lambda v: type(v) is int,
    "double": _float_check,
    "boolean": _bool_check,
    "datetime": _str_check,
    "relationship": _any,
}
_LEADING_INT: Final = re.compile(r"[ \t\n\r\v\f]*[+-]?[0-9]+")


def _datetime_parsed(v: object) -> bool:
    """Appwrite 1.5's datetime rule: PHP parses the string, and the text before the first
    ``-`` reads as a year of at most 9999."""
    if type(v) is not str or v == "" or v == "0":
        return False
    if to_micros(v) is None:
        return False
    match = _LEADING_INT.match(v.split("-", 1)[0])
    return match is None or int(match.group()) <= 9999


class FilterValidator:
    """``Query\\Filter``: arity, attribute, value types and the array/contains/vector rules."""

    method_type = "filter"

    def __init__(
        self,
        attributes: Iterable[Attribute],
        *,
        id_type: str = "integer",
        max_values: int = FILTER_DEFAULT_MAX_VALUES,
        min_date: DateBound = DEFAULT_MIN_DATE,
        max_date: DateBound = DEFAULT_MAX_DATE,
        support_attributes: bool = True,
        support_unsigned_bigint: bool = True,
        line: ReleaseLine = LATEST,
    ) -> None:
        self.line = line
        self.id_type = id_type
        self.max_values = max_values
        self.min_date = min_date
        self.max_date = max_date
        self.support_attributes = support_attributes
        self.support_unsigned_bigint = support_unsigned_bigint
        self.schema: dict[str, _Rule] = {}
        for attribute in attributes:
            self.schema[attribute.key] = _Rule(
                attribute, self._value_check(attribute), attribute.encrypted, attribute.is_virtual
            )
        #: The attributes whose value check takes any Python integer, as PHP's 64-bit ones and
        #: beyond (see :meth:`DocumentsValidator.plainly_valid`).
        self.wide_integer_keys = frozenset(
            key
            for key, rule in self.schema.items()
            if rule.attribute.type in ("bigint", "id") or line.value_rule == "gettype"
        )

    def _value_check(self, attribute: Attribute) -> Callable[[object], bool] | None:
        kind = attribute.type
        line = self.line
        if line.value_rule == "gettype":
            return _GETTYPE_CHECKS.get(kind, _never)
        if kind == "datetime" and line.datetime_rule == "parsed":
            return _datetime_parsed
        if kind == "integer" and not line.sized_integers:
            return _int64_check
        if kind in STRING_TYPES:
            return _str_check
        if kind == "integer":
            bits = 64 if attribute.size >= 8 else 32
            if bits == 64:
                low, high = -PHP_INT_MAX - 1, PHP_INT_MAX
            elif attribute.signed:
                low, high = -(2**31), 2**31 - 1
            else:
                low, high = 0, 2**32 - 1
            return lambda v: type(v) is int and low <= v <= high
        if kind == "bigint":
            signed, unsigned_64 = attribute.signed, self.support_unsigned_bigint
            return lambda v: _bigint(v, signed, unsigned_64)
        if kind == "double":
            return _float_check
        if kind == "boolean":
            return _bool_check
        if kind == "datetime":
            low_date, high_date = self.min_date, self.max_date
            return lambda v: is_valid_datetime(v, low_date, high_date)
        if kind == "relationship":
            return _relationship_check
        if kind == "id":
            id_type, primary = self.id_type, attribute.key == "$sequence"
            return lambda v: _sequence(v, id_type, primary)
        return None

    def _attribute_error(self, attribute: str) -> str | None:
        """``isValidAttribute``."""
        rule = self.schema.get(attribute)
        if rule is not None:
            if rule.encrypted and not self.line.encrypted_filters:
                return "Cannot query encrypted attribute: " + attribute
            return None
        if "." in attribute:
            attribute = attribute.split(".", 1)[0]
            if not self.line.relationship_paths and attribute in self.schema:
                return "Cannot query nested attribute on: " + attribute
        if self.support_attributes and attribute not in self.schema:
            return "Attribute not found in schema: " + attribute
        return None

    def _attribute_and_values(self, attribute: str, values: tuple[object, ...], method: str) -> str | None:
        """``isValidAttributeAndValues``, in the server's order."""
        original = attribute
        rule = self.schema.get(attribute)
        if rule is not None:  # isValidAttribute, for an attribute of the schema
            if rule.encrypted and not self.line.encrypted_filters:
                return "Cannot query encrypted attribute: " + attribute
        else:
            error = self._attribute_error(attribute)
            if error is not None:
                return error
            if "." in attribute:
                attribute = attribute.split(".", 1)[0]
                rule = self.schema.get(attribute)
        if method in _EXISTS:
            return self._attribute_error(attribute)
        count = len(values)
        if rule is None:  # schemaless and unknown: only the count is checked
            if count > self.max_values:
                return f"Query on attribute has greater than {self.max_values} values: {attribute}"
            return None
        attr = rule.attribute
        kind = attr.type
        if kind == "relationship" and original != attribute:
            return None
        if count > self.max_values:
            return f"Query on attribute has greater than {self.max_values} values: {attribute}"
        if method in _SPATIAL and kind not in SPATIAL_TYPES:
            return f'Spatial query "{method}" cannot be applied on non-spatial attribute: {attribute}'
        check = rule.check
        if check is not None:
            for value in values:
                if not check(value):
                    if self.line.value_rule == "gettype":
                        return "Query type does not match expected: " + kind
                    return f'Query value is invalid for attribute "{attribute}"'
        elif values:
            error = self._special_values(attr, attribute, original, values, method)
            if error is not None:
                return error
        line = self.line
        if not line.shape_checks:
            return None
        if rule.virtual:
            return "Cannot query on virtual relationship attribute"
        array = attr.array
        if line.contains_targets == "string":
            if not array and method in _CONTAINS and kind not in STRING_TYPES:
                return (
                    f'Cannot query contains on attribute "{attribute}" because it is not an array or string.'
                )
        elif (
            not array
            and method in _CONTAINS
            and kind not in STRING_TYPES
            and kind != "object"
            and kind not in SPATIAL_TYPES
        ):
            label = "notContains" if method == "notContains" else "contains"
            return (
                f'Cannot query {label} on attribute "{attribute}" '
                "because it is not an array, string, or object."
            )

        if array and method not in line.array_methods:
            return f'Cannot query {method} on attribute "{attribute}" because it is an array.'
        if method in _VECTOR:
            if kind != "vector":
                return "Vector queries can only be used on vector attributes"
            if array:
                return "Vector queries cannot be used on array attributes"
        return None

    def _special_values(
        self, attr: Attribute, attribute: str, original: str, values: tuple[object, ...], method: str
    ) -> str | None:
        kind = attr.type
        for value in values:
            if kind == "object":
                if "." in original:
                    if type(value) is not str:
                        return f'Query value is invalid for attribute "{attribute}"'
                elif method in _OBJECT_METHODS and not _object_structure_ok(value):
                    return f'Invalid object query structure for attribute "{attribute}"'
            elif kind in SPATIAL_TYPES:
                if not isinstance(value, (list, dict)):
                    return "Spatial data must be an array"
            elif kind == "vector":
                if not isinstance(value, (list, dict)):
                    return "Vector query value must be an array"
                components = value if isinstance(value, list) else list(value.values())
                for component in components:
                    if not is_numeric(component):
                        return "Vector query value must contain only numeric values"
                if len(components) != attr.size:
                    return f"Vector query value must have {attr.size} elements"
            else:
                return "Unknown Data type"
        return None

    @staticmethod
    def _is_empty(query: ServerQuery) -> bool:
        if not query.values:
            return True
        first = query.first
        return isinstance(first, (list, dict)) and not first

    @staticmethod
    def _filter_count(query: ServerQuery) -> int:
        return sum(
            1 for q in query.values if isinstance(q, ServerQuery) and q.method not in FILTER_EXCLUDED_METHODS
        )

    def accepts(self, method: str, attribute: str, values: Sequence[object]) -> bool:
        """Whether :meth:`validate` accepts the filter query with these parts, for the filters
        with scalar arity rules (``equal`` … ``between``, ``isNull``); ``False`` for the others."""
        if method in _AT_LEAST_ONE:
            if not values:
                return False
            first = values[0]
            if isinstance(first, (list, dict)) and not first:
                return False
        elif method in _EXACTLY_ONE:
            if len(values) != 1:
                return False
        elif method == "between" or method == "notBetween":
            if len(values) != 2:
                return False
        elif method != "isNull" and method != "isNotNull":
            return False
        return self._attribute_and_values(attribute, values, method) is None  # type: ignore[arg-type]

    def validate(self, query: ServerQuery) -> str | None:
        method = query.method
        attribute = query.attribute
        values = query.values
        if method in _AT_LEAST_ONE:
            if self._is_empty(query):
                return ucfirst(method) + " queries require at least one value."
            return self._attribute_and_values(attribute, values, method)
        if method in _EXACTLY_ONE:
            if len(values) != 1:
                return ucfirst(method) + " queries require exactly one value."
            return self._attribute_and_values(attribute, values, method)
        if method == "isNull" or method == "isNotNull":
            return self._attribute_and_values(attribute, values, method)
        if method == "between" or method == "notBetween":
            if len(values) != 2:
                return ucfirst(method) + " queries require exactly two values."
            return self._attribute_and_values(attribute, values, method)
        if method in _DISTANCE:
            first = query.first
            if len(values) != 1 or not isinstance(first, (list, dict)) or len(first) != 3:
                return "Distance query requires [[geometry, distance]] parameters"
            return self._attribute_and_values(attribute, values, method)
        if method in _VECTOR:
            error = self._attribute_error(attribute)
            if error is not None:
                return error
            rule = self.schema.get(attribute)
            if rule is None and "." in attribute:
                rule = self.schema.get(attribute.split(".", 1)[0])
            if rule is None or rule.attribute.type != "vector":
                return "Vector queries can only be used on vector attributes"
            if len(values) != 1:
                return ucfirst(method) + " queries require exactly one vector value."
            return self._attribute_and_values(attribute, values, method)
        if method == "and" or method == "or":
            filters = self._filter_count(query)
            if len(values) != filters:
                return ucfirst(method) + " queries can only contain filter queries"
            if filters < 2:
                return ucfirst(method) + " queries require at least two queries"
            return None
        if method == "elemMatch":
            if self.support_attributes:
                return "elemMatch is not supported by the database"
            error = self._attribute_error(attribute)
            if error is not None:
                return error
            filters = self._filter_count(query)
            if len(values) != filters:
                return "elemMatch queries can only contain filter queries"
            if filters < 1:
                return "elemMatch queries require at least one query"
            return None
        if method in _SPATIAL:
            if self._is_empty(query):
                return ucfirst(method) + " queries require at least one value."
            return self._attribute_and_values(attribute, values, method)
        return DEFAULT_MESSAGE


# --------------------------------------------------------------------------------------------
# Validators of query lists
# --------------------------------------------------------------------------------------------


def _parse_item(item: object) -> ServerQuery | str:
    """A list element as ``Query::parse`` sees it: the query, or the error description."""
    if isinstance(item, ServerQuery):
        return item
    if isinstance(item, (str, bytes)):
        try:
            return parse_query(item)
        except ServerQueryError as e:
            return "Invalid query: " + e.message
    if isinstance(item, bool):
        item = "1" if item else ""
    if isinstance(item, int):
        item = str(item)
    if isinstance(item, str):
        return _parse_item(item)
    return (
        "Invalid query: Utopia\\Database\\Query::parse(): Argument #1 ($query) must be of type string, "
        + get_debug_type(item)
        + " given"
    )


class QueriesValidator:
    """``Validator\\Queries``: each query parsed, nested ones checked first, then routed by type."""

    def __init__(
        self, validators: Sequence[QueryValidator] = (), length: int = 0, *, line: ReleaseLine = LATEST
    ) -> None:
        self.validators = tuple(validators)
        self.length = length
        self.line = line
        routes: dict[str, list[QueryValidator]] = {}
        for validator in self.validators:
            routes.setdefault(validator.method_type, []).append(validator)
        self._routes = {kind: tuple(v) for kind, v in routes.items()}
        # When one validator serves a method, call it directly.
        self._direct: dict[str, Callable[[ServerQuery], str | None]] = {}
        known = METHODS if line is LATEST else line.methods
        self._known = known
        for method in known:
            served = self._routes.get(_METHOD_TYPES.get(method, "filter"), ())
            if len(served) == 1:
                self._direct[method] = served[0].validate

    def _check_one(self, query: ServerQuery) -> str | None:
        method = query.method
        direct = self._direct.get(method)
        if direct is not None:
            error = direct(query)
            return None if error is None else "Invalid query: " + error
        if method not in self._known:
            return "Invalid query method: " + method  # no validator serves it
        validators = self._routes.get(_METHOD_TYPES.get(method, "filter"))
        if not validators:
            return "Invalid query method: " + method
        for validator in validators:
            error = validator.validate(query)
            if error is not None:
                return "Invalid query: " + error
        return None

    def _walk(self, value: object) -> tuple[str | None, list[ServerQuery], bool]:
        """Validate ``value``: the first error (or None), the parsed top level, and whether any
        query (at any depth) is a search or vector query, which the indexed checks look at."""
        if not isinstance(value, (list, tuple)):
            return "Queries must be an array", [], False
        if self.length and len(value) > self.length:
            return "Invalid queries", [], False
        top: list[ServerQuery] = []
        check = self._check_one
        indexed = nested = False
        for item in value:
            query = item if type(item) is ServerQuery else _parse_item(item)
            if isinstance(query, str):
                return query, top, False
            top.append(query)
            method = query.method
            if method in _INDEXED:
                indexed = True
            if method in NESTED_METHODS and query.values:
                nested = True
                error = self._walk_nested(query)
            else:
                error = check(query)
            if error is not None:
                return error, top, False
        return None, top, indexed or (nested and _needs_index_pass(top))

    def _walk_nested(self, root: ServerQuery) -> str | None:
        """Post-order over a nested query: children before their parent, siblings in order."""
        check = self._check_one
        frames: list[tuple[ServerQuery, int]] = [(root, 0)]
        while frames:
            parent, index = frames[-1]
            if index < len(parent.values):
                frames[-1] = (parent, index + 1)
                child = _parse_item(parent.values[index])
                if isinstance(child, str):
                    return child
                if child.method in NESTED_METHODS and child.values:
                    frames.append((child, 0))
                    continue
                error = check(child)
                if error is not None:
                    return error
                continue
            frames.pop()
            error = check(parent)
            if error is not None:
                return error
        return None

    def validate(self, value: object) -> str | None:
        """``None`` when the list is valid, else the server's description of the first failure."""
        return self._walk(value)[0]


def _count_vectors(queries: Iterable[object]) -> int:
    count = 0
    stack = list(queries)
    while stack:
        query = stack.pop()
        if isinstance(query, ServerQuery):
            if query.method in _VECTOR:
                count += 1
            if query.method in NESTED_METHODS:
                stack.extend(query.values)
    return count


class IndexedQueriesValidator(QueriesValidator):
    """``Validator\\IndexedQueries``: ``Queries`` plus one vector query at most and fulltext indexes."""

    def __init__(
        self,
        attributes: Iterable[Attribute] = (),
        indexes: Iterable[Index] = (),
        validators: Sequence[QueryValidator] = (),
        *,
        line: ReleaseLine = LATEST,
    ) -> None:
        super().__init__(validators, line=line)
        self.attributes = tuple(attributes)
        self.indexes = (
            Index("_uid", "unique", ("$id",)),
            Index("_created_at", "key", ("$createdAt",)),
            Index("_updated_at", "key", ("$updatedAt",)),
            *indexes,
        )
        self._fulltext = frozenset(
            i.attributes[0] for i in self.indexes if i.type == "fulltext" and len(i.attributes) == 1
        )

    def _indexed(self, top: list[ServerQuery]) -> str | None:
        # Each list is checked after every nested list inside it, as the server recurses
        # (from 1.6; before, only the top level is checked).
        nested = self.line.nested_fulltext
        frames: list[tuple[Sequence[object], int]] = [(top, 0)]
        while frames:
            queries, index = frames[-1]
            if index < len(queries):
                frames[-1] = (queries, index + 1)
                query = queries[index]
                if nested and isinstance(query, ServerQuery) and query.method in NESTED_METHODS:
                    frames.append((query.values, 0))
                continue
            frames.pop()
            if _count_vectors(queries) > 1:
                return VECTOR_COUNT_MESSAGE
            for query in queries:
                if (
                    isinstance(query, ServerQuery)
                    and query.method in _SEARCH
                    and query.attribute not in self._fulltext
                ):
                    return FULLTEXT_MESSAGE.format(query.attribute)
        return None

    def validate(self, value: object) -> str | None:
        error, top, indexed = self._walk(value)
        if error is not None:
            return error
        return self._indexed(top) if indexed else None


def _needs_index_pass(top: list[ServerQuery]) -> bool:
    stack: list[object] = list(top)
    while stack:
        query = stack.pop()
        if isinstance(query, ServerQuery):
            method = query.method
            if method in _SEARCH or method in _VECTOR:
                return True
            if method in NESTED_METHODS:
                stack.extend(query.values)
    return False


class DocumentsValidator(IndexedQueriesValidator):
    """``Validator\\Queries\\Documents``: what ``Database::find()`` validates queries with."""

    def __init__(
        self,
        attributes: Iterable[Attribute],
        indexes: Iterable[Index] = (),
        *,
        id_type: str = "integer",
        max_values: int = FILTER_DEFAULT_MAX_VALUES,
        max_uid_length: int = 36,
        min_date: DateBound = DEFAULT_MIN_DATE,
        max_date: DateBound = DEFAULT_MAX_DATE,
        support_attributes: bool = True,
        support_unsigned_bigint: bool = True,
        line: ReleaseLine = LATEST,
    ) -> None:
        if line is not LATEST:
            attributes = [a for a in attributes if a.type in line.attribute_types]
        attrs = (*attributes, *internal_attributes(line))
        self._limit = LimitValidator()
        self._offset = OffsetValidator()
        self._cursor = CursorValidator(max_uid_length)
        self._filter = FilterValidator(
            attrs,
            id_type=id_type,
            max_values=max_values,
            min_date=min_date,
            max_date=max_date,
            support_attributes=support_attributes,
            support_unsigned_bigint=support_unsigned_bigint,
            line=line,
        )
        self._order = OrderValidator(attrs, support_attributes, line=line)
        self._select = SelectValidator(attrs, support_attributes, line=line)
        validators: tuple[QueryValidator, ...] = (
            self._limit,
            self._offset,
            self._cursor,
            self._filter,
            self._order,
            self._select,
        )
        super().__init__(attrs, indexes, validators, line=line)

    def plainly_valid(self, queries: Sequence[object]) -> bool:
        """Whether the latest server certainly accepts ``queries``, decided in one pass for the
        common lists: every element a plain JSON query string (ASCII or valid UTF-8, no
        ``\\u`` escapes) of the usual shapes (filters, ``and``/``or`` of filters, orders, limit,
        offset, cursors, select), each accepted by its validator. ``False`` decides nothing: the
        full pipeline, which reports the server's first failure, gives the verdict then.

        The text is decoded with Python's integers, where PHP reads an integer beyond 64 bits
        as a float. Only a filter value can tell them apart here (limit and offset take 64-bit
        integers only, cursors and select strings only, an order ignores its values), and of the
        value checks only those of ``bigint`` and ``id`` attributes accept a Python integer
        PHP would hold as a float: such values are checked for their range first.
        """
        if self.line is not LATEST:
            return False
        plain_filter = self._plain_filter
        order_keys = self._order.keys
        order_default = self.line.order_default
        try:
            for item in queries:
                if type(item) is not str:
                    return False
                size = len(item)
                if not 0 < size <= APP_LIMIT_ARRAY_ELEMENT_SIZE:
                    return False
                if not item.isascii():
                    try:
                        item.encode("utf-8")
                    except UnicodeEncodeError:
                        return False
                if "\\u" in item:
                    return False
                if size >= JSON_MAX_DEPTH - 1 and item.count("[") + item.count("{") >= JSON_MAX_DEPTH - 1:
                    return False
                try:
                    obj, end = _scan_plain(item, 0)
                except (StopIteration, ValueError):
                    return False
                if end != size:
                    return False
                parts = _plain_parts(obj)
                if parts is None:
                    return False
                kind, method, attribute, values = parts
                if kind == "filter":
                    if not plain_filter(method, attribute, values):
                        return False
                elif kind == "logical":
                    if not self._plain_logical(values):
                        return False
                elif kind == "order":
                    if method != "orderRandom" and (attribute or order_default) not in order_keys:
                        return False
                elif kind == "limit":
                    first = values[0] if values else None
                    if type(first) is not int or not 1 <= first <= self._limit.max_limit:
                        return False
                elif kind == "offset":
                    first = values[0] if values else None
                    if type(first) is not int or not 0 <= first <= self._offset.max_offset:
                        return False
                elif kind == "cursor":
                    first = values[0] if values else None
                    if not (self._cursor.is_uid(first) and _FIRST_CURSOR.is_uid(first)):
                        return False
                elif kind == "select":
                    query = ServerQuery("select", attribute, tuple(values), values[0] if values else None)
                    if self._select.validate(query) is not None:
                        return False
                else:
                    return False
        except RecursionError:
            return False
        return True

    def _plain_filter(self, method: str, attribute: str, values: list[object]) -> bool:
        """A filter the latest server accepts, its search attribute indexed."""
        if not self._filter.accepts(method, attribute, values):
            return False
        if (method == "search" or method == "notSearch") and attribute not in self._fulltext:
            return False
        return attribute not in self._filter.wide_integer_keys or _within_int64(values)

    def _plain_logical(self, children: list[object]) -> bool:
        """The children of an ``and``/``or`` make one the latest server accepts: at least two,
        each a plain filter or such an ``and``/``or``."""
        if len(children) < 2:
            return False
        for child in children:
            parts = _plain_parts(child)
            if parts is None:
                return False
            kind, method, attribute, values = parts
            if kind == "filter":
                if not self._plain_filter(method, attribute, values):
                    return False
            elif kind != "logical" or not self._plain_logical(values):
                return False
        return True

    @classmethod
    def for_collection(
        cls, collection: Collection, profile: Profile, line: ReleaseLine = LATEST
    ) -> DocumentsValidator:
        """The validator the server builds for ``collection`` on ``profile`` (cached on it)."""
        # Built-in profiles are keyed by name: hashing a whole profile costs more than the check.
        key: object = ("documents", profile.name) if PROFILES.get(profile.name) is profile else profile
        if line is not LATEST:
            key = (key, line.name)
        cached = collection.cache.get(key)
        if isinstance(cached, DocumentsValidator):
            return cached
        validator = cls(
            collection.attributes,
            collection.indexes,
            id_type=profile.id_type,
            max_values=profile.max_query_values if line is LATEST else line.max_values,
            max_uid_length=profile.max_uid_length,
            min_date=profile.min_date,
            max_date=profile.max_date,
            support_attributes=profile.support_attributes,
            support_unsigned_bigint=profile.support_unsigned_bigint,
            line=line,
        )
        collection.cache[key] = validator
        return validator


def internal_attributes(line: ReleaseLine = LATEST) -> tuple[Attribute, ...]:
    """The attributes the Documents validator adds to every collection on ``line``: up to 1.7
    the internal id is the string ``$internalId``, from 1.8 the ``$sequence`` id.

    >>> [a.key for a in internal_attributes(get_line("1.7"))]
    ['$id', '$internalId', '$createdAt', '$updatedAt']
    """
    if line.sequence_key == "$sequence":
        return INTERNAL_ATTRIBUTES
    return tuple(
        Attribute(line.sequence_key, "string") if a.key == "$sequence" else a for a in INTERNAL_ATTRIBUTES
    )


def selectable_internal_keys(line: ReleaseLine = LATEST) -> frozenset[str]:
    """Internal keys ``select`` always accepts on ``line`` (1.4 has no ``$tenant``).

    >>> sorted(selectable_internal_keys(get_line("1.4")))
    ['$collection', '$createdAt', '$id', '$internalId', '$permissions', '$updatedAt']
    """
    keys = set(SELECTABLE_INTERNAL_KEYS - {"$sequence"}) | {line.sequence_key}
    if line.query_format == "legacy":
        keys.discard("$tenant")
    return frozenset(keys)


class DocumentValidator(QueriesValidator):
    """``Validator\\Queries\\Document``: ``getDocument`` allows ``select`` only."""

    def __init__(self, attributes: Iterable[Attribute], support_attributes: bool = True) -> None:
        attrs = (*attributes, *INTERNAL_ATTRIBUTES)
        super().__init__((SelectValidator(attrs, support_attributes),))


# --------------------------------------------------------------------------------------------
# The list-documents pipeline
# --------------------------------------------------------------------------------------------


#: What the one-pass check of :meth:`DocumentsValidator.plainly_valid` does with each method
#: the latest server parses (the others go through the full pipeline).
_PLAIN_KINDS: Final[dict[str, str]] = {
    **{m: "filter" for m in (_AT_LEAST_ONE | _EXACTLY_ONE) & METHODS},
    **dict.fromkeys(("isNull", "isNotNull", "between", "notBetween"), "filter"),
    "and": "logical",
    "or": "logical",
    **{m: t for m, t in _METHOD_TYPES.items()},
}


def _plain_parts(obj: object) -> tuple[str | None, str, str, list[object]] | None:
    """A decoded query object's kind of the one-pass check (``None`` for a method it leaves to
    the full pipeline), method, attribute (``""`` when absent) and values (``[]`` when absent);
    ``None`` when it is no object or a part has another type than the server reads."""
    if type(obj) is not dict:
        return None
    method = obj.get("method")
    attribute = obj.get("attribute")
    values = obj.get("values")
    if attribute is None:
        attribute = ""
    elif type(attribute) is not str:
        return None
    if values is None:
        values = []
    elif type(values) is not list:
        return None
    if type(method) is not str:
        return None
    return _PLAIN_KINDS.get(method), method, attribute, values


#: The C scanner of :mod:`json` with Python's own integers (PHP reads an integer beyond 64 bits
#: as a float: see :meth:`DocumentsValidator.plainly_valid`); NaN and the infinities refused.


def _within_int64(values: list[object]) -> bool:
    """No integer in ``values`` is beyond 64 bits (where PHP holds a float)."""
    return all(type(v) is not int or PHP_INT_MIN <= v <= PHP_INT_MAX for v in values)


def _reject_json_constant(name: str) -> NoReturn:
    raise ValueError(name)


_scan_plain: Final[Callable[[str, int], tuple[object, int]]] = json.JSONDecoder(
    parse_constant=_reject_json_constant
).scan_once  # type: ignore[attr-defined]

_PARAM_ERROR: Final = Verdict(False, 400, ARGUMENT_INVALID, PARAM_MESSAGE, "param")
_FIRST_CURSOR: Final = CursorValidator(36)


def _php_length(item: object) -> int:
    """``mb_strlen`` of a parameter element; -1 when it is not a string."""
    if type(item) is str:
        return len(item)
    if isinstance(item, bytes):
        return len(item.decode("utf-8", "replace"))
    return -1


def default_profile(line: ReleaseLine) -> str:
    """The database a line's server runs on when none is named: PostgreSQL from 1.9 (as
    querykit has always assumed), MariaDB before (the only one those lines support).

    >>> default_profile(get_line("1.8")), default_profile(get_line("1.9"))
    ('mariadb', 'postgresql')
    """
    return "postgresql" if "postgresql" in line.profiles else "mariadb"


def check_list_documents(
    queries: object,
    collection: Collection | Mapping[str, Any],
    profile: str | Profile | None = None,
    server: str | ReleaseLine = "latest",
) -> Verdict:
    """The server's verdict on ``queries`` for listing the documents of ``collection``
    (a :class:`Collection`, or the collection JSON that Appwrite's API returns).

    ``queries`` is the ``queries`` parameter as sent: a list of query strings (``bytes`` are
    taken as raw UTF-8 as it arrives over HTTP). ``profile`` names the database behind the
    project (``postgresql``, the default; ``mariadb``; ``documentsdb``). ``server`` is the
    Appwrite release line (``"1.4"`` … ``"1.9"``, ``"latest"``, the default); attributes of a
    type the line does not have are not in its collections. Any ``queries`` value gives a
    :class:`Verdict`; an unknown profile or server raises :class:`~querykit.errors.QueryError`.

    >>> from querykit.appwrite.schema import Attribute, Collection
    >>> col = Collection((Attribute("tags", "string", array=True),))
    >>> v = check_list_documents(['{"method":"containsAny","attribute":"tags","values":["a"]}'],
    ...                          col, server="1.7")
    >>> v.status, v.type, v.message
    (400, 'general_query_invalid', 'Invalid query method: containsAny')
    >>> v.hint
    'containsAny needs Appwrite 1.9 or later'
    """
    line = LATEST if server == "latest" else get_line(server)
    if profile is None:
        profile = "postgresql" if line is LATEST else default_profile(line)
    prof = PROFILES.get(profile) if type(profile) is str else None
    if prof is None:
        prof = get_profile(profile)
    if line is not LATEST and prof.name not in line.profiles and PROFILES.get(prof.name) is prof:
        raise QueryError(
            f"{line.label} runs on {', '.join(sorted(line.profiles))} only, not {prof.name}",
            code="profile",
        )
    if type(collection) is Collection:
        pass
    elif isinstance(collection, Mapping):
        collection = Collection.from_api(collection)
    elif not isinstance(collection, Collection):
        raise TypeError(
            "collection must be a querykit.appwrite.Collection or the collection JSON from Appwrite's "
            f"API (a dict), not {type(collection).__name__}"
        )
    if not isinstance(queries, (list, tuple)) or len(queries) > APP_LIMIT_ARRAY_PARAMS_SIZE:
        return _PARAM_ERROR
    if line is LATEST:
        try:
            validator = DocumentsValidator.for_collection(collection, prof, line)
        except Exception:  # the full pipeline below meets it where the server would
            pass
        else:
            if validator.plainly_valid(queries):
                return VALID
    return _list_documents_verdict(queries, collection, prof, line)


def _list_documents_verdict(
    queries: list[Any] | tuple[Any, ...], collection: Collection, prof: Profile, line: ReleaseLine
) -> Verdict:
    """The whole list-documents pipeline, step by step as the server runs it (``queries`` is a
    list or tuple of at most 100 items)."""
    for item in queries:
        if type(item) is str:
            if not 0 < len(item) <= APP_LIMIT_ARRAY_ELEMENT_SIZE:
                return _PARAM_ERROR
        elif not 0 < _php_length(item) <= APP_LIMIT_ARRAY_ELEMENT_SIZE:
            return _PARAM_ERROR
    parsed: list[ServerQuery] = []
    append = parsed.append
    try:
        if line is LATEST:
            for item in queries:
                append(parse_query(item))
        else:
            for item in queries:
                append(parse_query(item, server=line))
    except ServerQueryError as e:
        hint = _method_hint(e.message, line) or _format_hint(queries[len(parsed)], e, line)
        return Verdict(False, e.status, e.type, e.message, "parse", hint=hint)
    for index, query in enumerate(parsed):
        if query.method == "cursorAfter" or query.method == "cursorBefore":
            if line.cursor_checked:
                error = _FIRST_CURSOR.validate(query)
                if error is not None:
                    return Verdict(False, 400, QUERY_INVALID, error, "cursor")
                break
            verdict = _look_up_cursor(query)
            if verdict is not None:
                return verdict
            # The find validator then sees the document found, whose id is valid.
            parsed[index] = ServerQuery(query.method, query.attribute, ("cursor",), "cursor")
            break
    try:
        error = DocumentsValidator.for_collection(collection, prof, line).validate(parsed)
    except ServerQueryError as e:
        return Verdict(False, e.status, e.type, e.message, "find")
    if error is not None:
        hint = _method_hint(error, line) or _type_hint(error, collection, line)
        return Verdict(False, 400, line.find_error_type, error, "find", hint=hint)
    return VALID


def _type_hint(message: str, collection: Collection, line: ReleaseLine) -> str:
    """For an attribute the line cannot have: the line its type needs."""
    prefix = "Invalid query: Attribute not found in schema: "
    if line is LATEST or not message.startswith(prefix):
        return ""
    from querykit.releases import type_line

    key = message[len(prefix) :]
    for attribute in collection.attributes:
        if attribute.key == key and attribute.type not in line.attribute_types:
            since = type_line(attribute.type)
            if since is not None:
                return f"{key} is a {attribute.type} attribute; they need {get_line(since).label} or later"
    return ""


def _look_up_cursor(query: ServerQuery) -> Verdict | None:
    """Up to 1.5 the first cursor's value goes straight to the document lookup: an array or
    null crashes it, an id no document can have is not found."""
    value = query.first
    if value is None or isinstance(value, (list, dict)):
        return Verdict(False, 500, "general_unknown", "Server Error", "cursor")
    text = php_string(value)
    if text is None or not _FIRST_CURSOR.is_uid(text):
        message = f"Document '{text}' for the 'cursor' value not found."
        return Verdict(False, 400, "general_cursor_not_found", message, "cursor")
    return None


_LEGACY_CALL: Final = re.compile(r"\s*[A-Za-z]+\(")


def _format_hint(item: object, error: ServerQueryError, line: ReleaseLine) -> str:
    """A query in the other line's format: say which format the line reads."""
    text = item.decode("utf-8", "replace") if isinstance(item, bytes) else item
    if not isinstance(text, str) or line is LATEST:
        return ""
    if line.query_format == "legacy" and error.status == 500 and text.lstrip().startswith("{"):
        return (
            f'{line.label} reads legacy query strings such as equal("a", [1]); '
            "JSON queries need Appwrite 1.5 or later"
        )
    if (
        line.query_format == "json"
        and error.message == "Invalid query: Syntax error"
        and _LEGACY_CALL.match(text)
    ):
        return "this is a legacy query string, which only Appwrite 1.4 reads; later lines read JSON"
    return ""


def _method_hint(message: str, line: ReleaseLine) -> str:
    """For ``Invalid query method: m`` where a later line knows ``m``: which one."""
    prefix = "Invalid query method: "
    if not message.startswith(prefix):
        return ""
    from querykit.releases import first_line

    method = message[len(prefix) :]
    since = first_line(method)
    if since is None or LINE_ORDER.index(since) <= LINE_ORDER.index(line.name):
        return ""
    return f"{method} needs {get_line(since).label} or later"
