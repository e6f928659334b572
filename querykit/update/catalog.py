"""The operator catalog: one row per Appwrite update operator.

The codec, the formatter, the validator, the builders, the REPL's completion and the docs all
read this table. Each row gives the wire name, the SDK helper, the text form, the shape of
``values``, the defaults the database adapters use for absent positions, the attribute types
the server's validator accepts, and the Appwrite version that introduced it.

>>> row = OPERATORS["increment"]
>>> row.text, row.shape, row.bound, row.defaults
('a += n [max m]', 'number', 'max', (1,))
>>> sorted(row.types), row.arrays
(['double', 'integer'], 'either')
>>> OPERATORS["arrayAppend"].types is None, OPERATORS["arrayAppend"].arrays
(True, 'only')
>>> len(OPERATORS)
20
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

__all__ = [
    "ARRAY_FILTER_CONDITIONS",
    "CONDITION_WORDS",
    "MAX_ARRAY_OPERATOR_SIZE",
    "NUMERIC_TYPES",
    "OPERATORS",
    "OPERATORS_BY_HELPER",
    "STRING_TYPES",
    "ArrayUse",
    "OperatorSpec",
    "Shape",
]

#: The shape of ``values`` the server's validator accepts:
#:
#: - ``number``: ``[n]`` or, with a ``bound`` (max or min), ``[n, bound]``;
#: - ``items``: ``[v, ...]``, any number of items;
#: - ``index-item``: exactly ``[index, item]``, the index a non-negative JSON integer;
#: - ``item``: ``[item]``, the one item to remove;
#: - ``none``: ignored (the SDK sends ``[]``);
#: - ``condition``: ``[condition]`` or ``[condition, value]`` (``arrayFilter``);
#: - ``string``: ``[string]``;
#: - ``search-replace``: exactly ``[search, replace]``, both strings;
#: - ``days``: ``[days]``, a JSON integer.
Shape = Literal[
    "number", "items", "index-item", "item", "none", "condition", "string", "search-replace", "days"
]

#: Whether the operator takes array attributes: ``no`` (scalars only), ``only`` (arrays only),
#: or ``either`` (the validator does not look at ``array``).
ArrayUse = Literal["no", "only", "either"]

NUMERIC_TYPES: Final = frozenset({"integer", "double"})
STRING_TYPES: Final = frozenset({"string", "varchar", "text", "mediumtext", "longtext"})

#: ``arrayFilter`` conditions the server accepts (exact, case-sensitive).
ARRAY_FILTER_CONDITIONS: Final = (
    "equal",
    "notEqual",
    "greaterThan",
    "greaterThanEqual",
    "lessThan",
    "lessThanEqual",
    "isNull",
    "isNotNull",
)

#: The text of each ``arrayFilter`` condition after ``keep`` (``contains`` is the SDK's, which
#: the server rejects).
CONDITION_WORDS: Final = {
    "equal": "=",
    "notEqual": "!=",
    "greaterThan": ">",
    "greaterThanEqual": ">=",
    "lessThan": "<",
    "lessThanEqual": "<=",
    "contains": "contains",
    "isNull": "is null",
    "isNotNull": "is not null",
}

#: The server's cap on the payload of the array operators that carry lists (``capped`` rows).
MAX_ARRAY_OPERATOR_SIZE: Final = 10000


@dataclass(frozen=True, slots=True)
class OperatorSpec:
    """One row of the catalog."""

    #: The wire name (``method`` in the JSON).
    name: str
    #: The SDK helper that builds it (``Operator.<helper>(...)``).
    helper: str
    #: The canonical text form, ``a`` standing for the attribute.
    text: str
    shape: Shape
    #: The attribute types the validator accepts; ``None`` means any type (array operators).
    types: frozenset[str] | None
    arrays: ArrayUse
    #: The optional second value of a ``number`` operator: ``max``, ``min`` or ``None``.
    bound: Literal["max", "min"] | None = None
    #: What the adapters use for an absent position (``values[i] ?? default``).
    defaults: tuple[object, ...] = ()
    #: Whether many-side relationship attributes take it (from server-side code only).
    relationships: bool = False
    #: Whether the server caps the list at :data:`MAX_ARRAY_OPERATOR_SIZE` items.
    capped: bool = False
    #: The first Appwrite version that understands it.
    since: str = "1.8.0"
    #: One line saying what it does.
    summary: str = ""


def _numeric(
    name: str, helper: str, symbol: str, bound: Literal["max", "min"] | None, summary: str
) -> OperatorSpec:
    text = f"a {symbol} n" + (f" [{bound} m]" if bound else "")
    return OperatorSpec(name, helper, text, "number", NUMERIC_TYPES, "either", bound, (1,), summary=summary)


_ROWS: Final = (
    _numeric("increment", "increment", "+=", "max", "adds n; left unchanged when the result would pass max"),
    _numeric(
        "decrement", "decrement", "-=", "min", "subtracts n; left unchanged when the result would pass min"
    ),
    _numeric(
        "multiply", "multiply", "*=", "max", "multiplies by n; left unchanged when the result would pass max"
    ),
    _numeric("divide", "divide", "/=", "min", "divides by n; left unchanged when the result would pass min"),
    _numeric(
        "modulo", "modulo", "%=", None, "the remainder of the division by n, with the sign of the value"
    ),
    _numeric(
        "power", "power", "^=", "max", "raises to the power n; left unchanged when the result would pass max"
    ),
    OperatorSpec(
        "arrayAppend",
        "array_append",
        "a append [v, ...]",
        "items",
        None,
        "only",
        relationships=True,
        capped=True,
        summary="adds the items at the end",
    ),
    OperatorSpec(
        "arrayPrepend",
        "array_prepend",
        "a prepend [v, ...]",
        "items",
        None,
        "only",
        relationships=True,
        capped=True,
        summary="adds the items at the start",
    ),
    OperatorSpec(
        "arrayInsert",
        "array_insert",
        "a insert v at i",
        "index-item",
        None,
        "only",
        defaults=(0,),
        relationships=True,
        summary="inserts the item before position i (i = length appends)",
    ),
    OperatorSpec(
        "arrayRemove",
        "array_remove",
        "a remove v",
        "item",
        None,
        "only",
        relationships=True,
        capped=True,
        summary="removes every element equal to v",
    ),
    OperatorSpec(
        "arrayUnique",
        "array_unique",
        "a unique",
        "none",
        None,
        "only",
        relationships=True,
        summary="removes duplicate elements",
    ),
    OperatorSpec(
        "arrayIntersect",
        "array_intersect",
        "a intersect [v, ...]",
        "items",
        None,
        "only",
        relationships=True,
        capped=True,
        summary="keeps the elements that are in the list",
    ),
    OperatorSpec(
        "arrayDiff",
        "array_diff",
        "a except [v, ...]",
        "items",
        None,
        "only",
        relationships=True,
        capped=True,
        summary="drops the elements that are in the list",
    ),
    OperatorSpec(
        "arrayFilter",
        "array_filter",
        "a keep > v",
        "condition",
        None,
        "only",
        defaults=("equal", None),
        relationships=True,
        summary="keeps the elements that pass the condition",
    ),
    OperatorSpec(
        "stringConcat",
        "string_concat",
        'a append "s"',
        "string",
        STRING_TYPES,
        "no",
        defaults=("",),
        summary="appends the string",
    ),
    OperatorSpec(
        "stringReplace",
        "string_replace",
        'a replace "x" with "y"',
        "search-replace",
        STRING_TYPES,
        "either",
        defaults=("", ""),
        summary="replaces every occurrence of x by y",
    ),
    OperatorSpec(
        "toggle",
        "toggle",
        "a toggle",
        "none",
        frozenset({"boolean"}),
        "either",
        summary="flips the boolean (null becomes true)",
    ),
    OperatorSpec(
        "dateAddDays",
        "date_add_days",
        "a += n days",
        "days",
        frozenset({"datetime"}),
        "either",
        defaults=(0,),
        summary="adds n days",
    ),
    OperatorSpec(
        "dateSubDays",
        "date_sub_days",
        "a -= n days",
        "days",
        frozenset({"datetime"}),
        "either",
        defaults=(0,),
        summary="subtracts n days",
    ),
    OperatorSpec(
        "dateSetNow",
        "date_set_now",
        "a = now",
        "none",
        frozenset({"datetime"}),
        "either",
        summary="sets the server's current time",
    ),
)

#: Every operator by wire name, in the server's order.
OPERATORS: Final[dict[str, OperatorSpec]] = {row.name: row for row in _ROWS}
#: Every operator by SDK helper name.
OPERATORS_BY_HELPER: Final[dict[str, OperatorSpec]] = {row.helper: row for row in _ROWS}
