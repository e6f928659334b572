"""Appwrite release lines: what each server line accepts in ``queries``, as data.

One :class:`ReleaseLine` per line, ``1.4`` to ``1.9`` (the last patch release of each) and
``latest`` (today's main). Each row says which query format the line reads, which methods its
parser knows, the most values one query may carry, which request steps run, which error type
the find validator's failures carry, and the rule variants its validators apply. The parser,
the validators, :func:`querykit.requires` and the docs all read this table, and a test holds
the method catalog's ``since`` column to it; nothing else branches on a version.

>>> LINES["1.7"].database, LINES["1.7"].max_values, LINES["1.7"].sequence_key
('0.69.5', 500, '$internalId')
>>> first_line("containsAny"), first_line("and"), first_line("regex") is None
('1.9', '1.5', True)
>>> get_line("1.4").query_format
'legacy'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from querykit.errors import QueryError

__all__ = [
    "ATTRIBUTE_TYPES_ADDED",
    "LATEST",
    "LINES",
    "LINE_NAMES",
    "METHODS_ADDED",
    "METHOD_ATTRIBUTE_TYPES",
    "NEVER_ACCEPTED",
    "ReleaseLine",
    "first_line",
    "get_line",
    "line_index",
    "render_line_table",
    "render_method_table",
    "type_line",
]

#: The release lines, oldest first.
LINE_NAMES: Final = ("1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "latest")

#: The methods each line's parser adds to the line before it.
METHODS_ADDED: Final[dict[str, tuple[str, ...]]] = {
    "1.4": (
        "equal", "notEqual", "lessThan", "lessThanEqual", "greaterThan", "greaterThanEqual",
        "contains", "search", "isNull", "isNotNull", "between", "startsWith", "endsWith",
        "select", "orderAsc", "orderDesc", "limit", "offset", "cursorAfter", "cursorBefore",
    ),
    "1.5": ("and", "or"),
    "1.6": (),
    "1.7": (),
    "1.8": (
        "notContains", "notSearch", "notBetween", "notStartsWith", "notEndsWith", "orderRandom",
        "crosses", "notCrosses", "distanceEqual", "distanceNotEqual", "distanceGreaterThan",
        "distanceLessThan", "intersects", "notIntersects", "overlaps", "notOverlaps", "touches",
        "notTouches", "vectorDot", "vectorCosine", "vectorEuclidean",
    ),
    "1.9": ("containsAny", "containsAll", "exists", "notExists", "elemMatch"),
    "latest": (),
}  # fmt: skip

#: Methods the database library defines but no line's parser accepts (``regex`` is a query
#: type of utopia-php/database but missing from ``Query::isMethod`` up to 7.2.6).
NEVER_ACCEPTED: Final = frozenset({"regex"})

#: The attribute types each line adds (``id`` is the internal sequence, not user-made).
ATTRIBUTE_TYPES_ADDED: Final[dict[str, tuple[str, ...]]] = {
    "1.4": ("string", "integer", "double", "boolean", "datetime", "relationship"),
    "1.5": (),
    "1.6": (),
    "1.7": (),
    "1.8": ("point", "linestring", "polygon", "id"),
    "1.9": ("bigint", "varchar", "text", "mediumtext", "longtext", "vector", "object"),
    "latest": (),
}

#: Methods that only mean something on one attribute type: a line without that type cannot
#: accept them, whatever its parser knows (1.8's library parses vector queries, but Appwrite
#: 1.8 cannot create a vector attribute).
METHOD_ATTRIBUTE_TYPES: Final[dict[str, str]] = {
    "vectorDot": "vector",
    "vectorCosine": "vector",
    "vectorEuclidean": "vector",
}

QUERY_INVALID: Final = "general_query_invalid"
ARGUMENT_INVALID: Final = "general_argument_invalid"


@dataclass(frozen=True, slots=True)
class ReleaseLine:
    """What one Appwrite release line does with the ``queries`` of list-documents."""

    name: str
    """``1.4`` … ``1.9`` or ``latest``."""
    tag: str
    """The release whose code this row describes (the last patch of the line)."""
    database: str
    """The utopia-php/database version the release pins."""
    query_format: Literal["legacy", "json"]
    """``legacy`` strings such as ``equal("a", [1])`` (1.4), or JSON objects (1.5 on)."""
    methods: frozenset[str]
    """Every method the line's parser (1.5 on) or validator (1.4) knows."""
    attribute_types: frozenset[str]
    """Attribute types a collection on this line can have."""
    max_values: int
    """Most values one filter may carry (``Query on attribute has greater than N values``)."""
    cursor_checked: bool
    """Whether the first cursor's id is validated before the document lookup (1.6 on)."""
    find_error_type: str
    """The error type of the find validator's failures."""
    sequence_key: str
    """The internal id attribute: ``$internalId`` up to 1.7, ``$sequence`` from 1.8."""
    order_default: str
    """The attribute an ``orderAsc``/``orderDesc`` without one gets at parse time."""
    parse_type_checks: bool
    """Whether the parser checks that ``method`` is a string and ``values`` an array (1.6 on);
    before, a wrong type crashes the server (HTTP 500)."""
    value_rule: Literal["gettype", "validators"]
    """How filter values are checked: PHP ``gettype`` against the type name (1.4), or the
    typed validators (``Query value is invalid for attribute``)."""
    datetime_rule: Literal["string", "parsed", "bounded"]
    """Datetime values: any string (1.4); parseable with year at most 9999 (1.5); parseable
    and inside the adapter's date range (1.6 on)."""
    sized_integers: bool
    """Whether integer values are checked against the attribute's width (1.9 on)."""
    shape_checks: bool
    """Whether the filter checks relationship sides, ``contains`` targets and array attributes
    (1.5 on)."""
    contains_targets: Literal["string", "string-object-spatial"]
    """Non-array attribute types ``contains`` accepts."""
    array_methods: frozenset[str]
    """Methods allowed on array attributes."""
    relationship_paths: bool
    """Whether a filter on ``rel.key`` is passed on (1.8 on); before, it fails with
    ``Cannot query nested attribute on: rel``."""
    encrypted_filters: bool
    """Whether filters on encrypted attributes are accepted (up to 1.6)."""
    nested_fulltext: bool
    """Whether ``search`` inside ``and``/``or`` needs a fulltext index too (1.6 on)."""
    order_nested_check: bool
    """Whether ``orderAsc("rel.key")`` says ``Cannot order by nested attribute`` (1.8 on)."""
    select_checks: Literal["none", "count", "strings"]
    """Select checks before the attribute lookup: none (up to 1.6); empty and duplicate lists
    (1.7 to 1.9); and, first, non-string values (latest)."""
    profiles: frozenset[str]
    """Database profiles the line runs on, by their names in
    :data:`querykit.appwrite.profiles.PROFILES`, the one registry of database profiles (a test
    holds the names to it)."""

    @property
    def index(self) -> int:
        """Position in :data:`LINE_NAMES` (older lines are smaller).

        >>> LINES["1.6"].index
        2
        """
        return LINE_NAMES.index(self.name)

    @property
    def label(self) -> str:
        """``Appwrite 1.7`` or ``Appwrite main``.

        >>> LINES["1.7"].label, LINES["latest"].label
        ('Appwrite 1.7', 'Appwrite main')
        """
        return "Appwrite main" if self.name == "latest" else f"Appwrite {self.name}"


def _cumulative(table: dict[str, tuple[str, ...]], name: str) -> frozenset[str]:
    out: set[str] = set()
    for line in LINE_NAMES[: LINE_NAMES.index(name) + 1]:
        out.update(table[line])
    return frozenset(out)


_ARRAY_METHODS_OLD: Final = frozenset({"contains", "isNull", "isNotNull"})
_ARRAY_METHODS_18: Final = _ARRAY_METHODS_OLD | {"notContains"}
_ARRAY_METHODS_19: Final = _ARRAY_METHODS_18 | {"containsAny", "containsAll", "exists", "notExists"}
_SQL: Final = frozenset({"mariadb"})
_ALL_PROFILES: Final = frozenset({"mariadb", "postgresql", "documentsdb"})


def _line(
    name: str,
    tag: str,
    database: str,
    **rules: object,
) -> ReleaseLine:
    after_18 = LINE_NAMES.index(name) >= LINE_NAMES.index("1.8")
    after_16 = LINE_NAMES.index(name) >= LINE_NAMES.index("1.6")
    base: dict[str, object] = {
        "query_format": "json",
        "methods": _cumulative(METHODS_ADDED, name),
        "attribute_types": _cumulative(ATTRIBUTE_TYPES_ADDED, name),
        "max_values": 500 if after_16 else 100,
        "cursor_checked": after_16,
        "find_error_type": QUERY_INVALID,
        "sequence_key": "$sequence" if after_18 else "$internalId",
        "order_default": ("$sequence" if after_18 else "$internalId") if after_16 else "",
        "parse_type_checks": after_16,
        "value_rule": "validators",
        "datetime_rule": "bounded" if after_16 else "parsed",
        "sized_integers": False,
        "shape_checks": True,
        "contains_targets": "string-object-spatial" if after_18 else "string",
        "array_methods": _ARRAY_METHODS_18 if after_18 else _ARRAY_METHODS_OLD,
        "relationship_paths": after_18,
        "encrypted_filters": LINE_NAMES.index(name) <= LINE_NAMES.index("1.6"),
        "nested_fulltext": after_16,
        "order_nested_check": after_18,
        "select_checks": "none",
        "profiles": _SQL,
    }
    base.update(rules)
    return ReleaseLine(name=name, tag=tag, database=database, **base)  # type: ignore[arg-type]


#: Every line, by name.
LINES: Final[dict[str, ReleaseLine]] = {
    line.name: line
    for line in (
        _line(
            "1.4",
            "1.4.14",
            "0.45.2",
            query_format="legacy",
            find_error_type=ARGUMENT_INVALID,
            value_rule="gettype",
            datetime_rule="string",
            shape_checks=False,
        ),
        _line("1.5", "1.5.11", "0.52.1"),
        _line("1.6", "1.6.2", "0.66.0"),
        _line("1.7", "1.7.5", "0.69.5", select_checks="count"),
        _line("1.8", "1.8.1", "3.5.0", select_checks="count"),
        _line(
            "1.9",
            "1.9.6",
            "6.0.0",
            select_checks="count",
            sized_integers=True,
            array_methods=_ARRAY_METHODS_19,
            profiles=_ALL_PROFILES,
        ),
        _line(
            "latest",
            "main",
            "7.2.6",
            select_checks="strings",
            sized_integers=True,
            array_methods=_ARRAY_METHODS_19,
            profiles=_ALL_PROFILES,
        ),
    )
}

#: Today's main: the default everywhere a server is chosen.
LATEST: Final = LINES["latest"]


def get_line(server: str | ReleaseLine) -> ReleaseLine:
    """The line named ``server`` (``"1.4"`` … ``"1.9"``, ``"latest"``; a full release such as
    ``"1.7.5"`` names its line).

    >>> get_line("1.8.1").name
    '1.8'
    >>> get_line("2.0")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    querykit.errors.QueryError: unknown Appwrite server '2.0'; expected one of 1.4, 1.5, ..., latest
    """
    if isinstance(server, ReleaseLine):
        return server
    if isinstance(server, str):
        line = LINES.get(server)
        if line is not None:
            return line
        parts = server.split(".")
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            line = LINES.get(".".join(parts[:2]))
            if line is not None:
                return line
    raise QueryError(
        f"unknown Appwrite server {server!r}; expected one of {', '.join(LINE_NAMES)}",
        code="server",
    )


def line_index(server: str | ReleaseLine) -> int:
    """The position of a line, oldest first (``1.4`` is 0).

    >>> line_index("1.4"), line_index("latest")
    (0, 6)
    """
    return get_line(server).index


def first_line(method: str) -> str | None:
    """The oldest line whose server accepts ``method`` (on a collection that has the attribute
    type it needs), or ``None`` when no line does.

    >>> first_line("vectorDot"), first_line("notContains"), first_line("count") is None
    ('1.9', '1.8', True)
    """
    for name in LINE_NAMES:
        if method in METHODS_ADDED[name]:
            needed = METHOD_ATTRIBUTE_TYPES.get(method)
            if needed is not None:
                return max(name, type_line(needed) or name, key=LINE_NAMES.index)
            return name
    return None


def type_line(attribute_type: str) -> str | None:
    """The oldest line on which an attribute of ``attribute_type`` can exist.

    >>> type_line("point"), type_line("string"), type_line("nope") is None
    ('1.8', '1.4', True)
    """
    for name in LINE_NAMES:
        if attribute_type in ATTRIBUTE_TYPES_ADDED[name]:
            return name
    return None


def _cell(method: str, line: ReleaseLine) -> str:
    first = first_line(method)
    if first is not None and line.index >= LINE_NAMES.index(first):
        return "yes"
    if method in line.methods:
        return "parsed"  # known to the parser, but no attribute of the type it needs exists
    return "-"


def render_method_table() -> str:
    """The Markdown table of methods by release line (``yes`` accepted, ``parsed`` known to the
    parser only, ``-`` unknown), in the order lines add them.

    >>> print(render_method_table().splitlines()[2])
    | `equal` | yes | yes | yes | yes | yes | yes | yes |
    """
    header = "| method | " + " | ".join(LINE_NAMES) + " |"
    rule = "|---|" + "---|" * len(LINE_NAMES)
    rows = [header, rule]
    for name in LINE_NAMES:
        for method in METHODS_ADDED[name]:
            cells = " | ".join(_cell(method, LINES[line]) for line in LINE_NAMES)
            rows.append(f"| `{method}` | {cells} |")
    for method in sorted(NEVER_ACCEPTED):
        rows.append(f"| `{method}` | " + " | ".join("-" for _ in LINE_NAMES) + " |")
    return "\n".join(rows)


def render_line_table() -> str:
    """The Markdown table of the release lines' request steps and limits.

    >>> print(render_line_table().splitlines()[2])
    | 1.4 | 1.4.14 | 0.45.2 | legacy | 100 | no | `general_argument_invalid` | `$internalId` |
    """
    rows = [
        "| line | release | utopia-php/database | query format | max values | cursor checked "
        "| find error type | internal id |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for line in LINES.values():
        rows.append(
            f"| {line.name} | {line.tag} | {line.database} | {line.query_format} | {line.max_values} "
            f"| {'yes' if line.cursor_checked else 'no'} | `{line.find_error_type}` | `{line.sequence_key}` |"
        )
    return "\n".join(rows)
