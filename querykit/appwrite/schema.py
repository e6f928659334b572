"""Appwrite collections, attributes and indexes, typed.

Two ways in: :meth:`Collection.from_api` reads the JSON the Appwrite API returns for
``GET /databases/{db}/collections/{id}`` (``attributes``) or for a TablesDB table (``columns``);
:meth:`Collection.from_metadata` reads the attribute and index documents the server's database
layer keeps internally::

    >>> col = Collection.from_api({
    ...     "$id": "books",
    ...     "attributes": [{"key": "title", "type": "string", "size": 255, "status": "available"}],
    ...     "indexes": [{"key": "t", "type": "fulltext", "attributes": ["title"]}],
    ... })
    >>> col.attribute("title").type, col.indexes[0].attributes
    ('string', ('title',))
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from querykit.appwrite.server import PHP_INT_MAX
from querykit.errors import QueryError

__all__ = [
    "INTERNAL_ATTRIBUTES",
    "SELECTABLE_INTERNAL_KEYS",
    "SPATIAL_TYPES",
    "STRING_TYPES",
    "Attribute",
    "Collection",
    "Index",
    "SchemaError",
]

STRING_TYPES: Final = frozenset({"string", "varchar", "text", "mediumtext", "longtext"})
SPATIAL_TYPES: Final = frozenset({"point", "linestring", "polygon"})
KNOWN_TYPES: Final = (
    STRING_TYPES
    | SPATIAL_TYPES
    | frozenset(
        {"integer", "bigint", "double", "boolean", "datetime", "relationship", "object", "vector", "id"}
    )
)
# Appwrite API names that differ from the database layer's.
_API_TYPES: Final = {"float": "double", "int": "integer", "bool": "boolean"}
# Attribute states whose attribute is not (or no longer) in the collection's metadata.
_ABSENT_STATES: Final = frozenset({"processing", "failed", "stuck"})
_INT32_MAX: Final = 2147483647
# The format Appwrite gives numeric attributes (the API shows only their `min` and `max`).
_RANGE_FORMATS: Final = {"integer": "intRange", "double": "floatRange"}


class SchemaError(QueryError):
    """A collection description querykit cannot read."""

    code = "schema"


@dataclass(frozen=True, slots=True)
class Attribute:
    """One attribute (or TablesDB column) as the server's validators see it.

    ``type`` is the database layer's type name: ``string`` (and ``varchar``, ``text``,
    ``mediumtext``, ``longtext``), ``integer``, ``bigint``, ``double``, ``boolean``,
    ``datetime``, ``relationship``, ``object``, ``point``, ``linestring``, ``polygon``,
    ``vector`` or ``id`` (the internal ``$sequence``). ``size`` is the string length, the
    integer width in bytes (8 means 64-bit) or the vector dimension. Enum, email, URL and IP
    attributes are strings with a ``format``.
    """

    key: str
    type: str
    array: bool = False
    size: int = 0
    signed: bool = True
    required: bool = False
    format: str = ""
    elements: tuple[str, ...] = ()
    filters: tuple[str, ...] = ()
    related_collection: str = ""
    relation_type: str = ""
    two_way: bool = False
    two_way_key: str = ""
    side: str = ""
    on_delete: str = ""
    minimum: int | float | None = None
    """The ``intRange``/``floatRange`` format's lower bound (``min``), when known."""
    maximum: int | float | None = None
    """The ``intRange``/``floatRange`` format's upper bound (``max``), when known."""

    @property
    def encrypted(self) -> bool:
        """The server refuses queries on encrypted attributes (their filters hold ``encrypt``)."""
        return "encrypt" in self.filters

    @property
    def is_relationship(self) -> bool:
        return self.type == "relationship"

    @property
    def is_virtual(self) -> bool:
        """A relationship side the server cannot filter on (it stores no column)."""
        if self.type != "relationship":
            return False
        rel, side = self.relation_type, self.side
        return (
            (rel == "oneToOne" and not self.two_way and side == "child")
            or (rel == "oneToMany" and side == "parent")
            or (rel == "manyToOne" and side == "child")
            or rel == "manyToMany"
        )

    @classmethod
    def from_api(cls, data: Mapping[str, object]) -> Attribute:
        """An attribute (or column) object as the Appwrite API returns it."""
        key = _str(data, "key")
        kind = _str(data, "type").lower() if isinstance(data.get("type"), str) else ""
        kind = _API_TYPES.get(kind, kind)
        size = _int(data.get("size"), 0)
        if kind == "integer" and "size" not in data:
            # The API does not show the width; Appwrite makes it 64-bit when max exceeds int32.
            maximum = data.get("max")
            big = not isinstance(maximum, (int, float)) or maximum > _INT32_MAX
            size = 8 if big else 4
        elif kind == "vector":
            size = _int(data.get("size", data.get("dimensions")), 0)
        filters: list[str] = []
        if data.get("encrypt") is True:
            filters.append("encrypt")
        filters.extend(str(f) for f in _seq(data.get("filters")))
        related = data.get("relatedCollection", data.get("relatedTable", ""))
        return cls(
            key=key,
            type=kind,
            array=data.get("array") is True,
            size=size,
            signed=data.get("signed") is not False,
            required=data.get("required") is True,
            format=str(data.get("format") or (_RANGE_FORMATS.get(kind, "") if "min" in data else "")),
            elements=tuple(str(e) for e in _seq(data.get("elements"))),
            filters=tuple(filters),
            related_collection=str(related or ""),
            relation_type=str(data.get("relationType") or ""),
            two_way=data.get("twoWay") is True,
            two_way_key=str(data.get("twoWayKey") or ""),
            side=str(data.get("side") or ""),
            on_delete=str(data.get("onDelete") or ""),
            minimum=_number(data.get("min")),
            maximum=_number(data.get("max")),
        )

    @classmethod
    def from_metadata(cls, data: Mapping[str, object]) -> Attribute:
        """An attribute document of the database layer (``key``, ``type``, ``options``...)."""
        key = data.get("key", data.get("$id"))
        if not isinstance(key, str):
            raise SchemaError("attribute without a string `key`")
        kind = data.get("type")
        options = data.get("options")
        opts: Mapping[str, object] = options if isinstance(options, Mapping) else {}
        format_options = data.get("formatOptions")
        fopts: Mapping[str, object] = format_options if isinstance(format_options, Mapping) else {}
        return cls(
            key=key,
            type=kind if isinstance(kind, str) else "",
            array=data.get("array") is True,
            size=_int(data.get("size"), 0),
            signed=data.get("signed") is not False,
            required=data.get("required") is True,
            format=str(data.get("format") or ""),
            elements=tuple(str(e) for e in _seq(fopts.get("elements"))),
            filters=tuple(str(f) for f in _seq(data.get("filters"))),
            related_collection=str(opts.get("relatedCollection") or ""),
            relation_type=str(opts.get("relationType") or ""),
            two_way=opts.get("twoWay") is True,
            two_way_key=str(opts.get("twoWayKey") or ""),
            side=str(opts.get("side") or ""),
            on_delete=str(opts.get("onDelete") or ""),
            minimum=_number(fopts.get("min")),
            maximum=_number(fopts.get("max")),
        )


@dataclass(frozen=True, slots=True)
class Index:
    """One index: its ``type`` (``key``, ``unique``, ``fulltext``, ``spatial``...) and attributes."""

    key: str
    type: str
    attributes: tuple[str, ...]
    lengths: tuple[int | None, ...] = ()
    orders: tuple[str | None, ...] = ()

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> Index:
        """An index object from the API (``attributes`` or ``columns``) or the metadata."""
        attrs = data.get("attributes", data.get("columns"))
        return cls(
            key=str(data.get("key", data.get("$id", "")) or ""),
            type=str(data.get("type") or ""),
            attributes=tuple(str(a) for a in _seq(attrs)),
            lengths=tuple(v if isinstance(v, int) else None for v in _seq(data.get("lengths"))),
            orders=tuple(v if isinstance(v, str) else None for v in _seq(data.get("orders"))),
        )


# Added by the server's Documents validator to every collection.
INTERNAL_ATTRIBUTES: Final = (
    Attribute("$id", "string", size=255),
    Attribute("$sequence", "id"),
    Attribute("$createdAt", "datetime", filters=("datetime",)),
    Attribute("$updatedAt", "datetime", filters=("datetime",)),
)
# Database::INTERNAL_ATTRIBUTES: always selectable, though only the four above are filterable.
SELECTABLE_INTERNAL_KEYS: Final = frozenset(
    {"$id", "$sequence", "$collection", "$tenant", "$createdAt", "$updatedAt", "$permissions"}
)


@dataclass(frozen=True, slots=True)
class Collection:
    """A collection's attributes and indexes, in the server's order.

    Validators derived from a collection are cached on it (``cache``), so checking many query
    lists against one collection does the per-collection work once.
    """

    attributes: tuple[Attribute, ...] = ()
    indexes: tuple[Index, ...] = ()
    id: str = ""
    name: str = ""
    cache: dict[object, object] = field(default_factory=dict, compare=False, repr=False, hash=False)

    def attribute(self, key: str) -> Attribute:
        """The attribute named ``key`` (the last one, when a key repeats, as PHP's lookup does)."""
        for attr in reversed(self.attributes):
            if attr.key == key:
                return attr
        raise KeyError(key)

    @classmethod
    def from_api(cls, data: Mapping[str, object]) -> Collection:
        """The JSON of ``GET /databases/{db}/collections/{id}`` (or a TablesDB table).

        Attributes still ``processing`` or ``failed`` are not in the server's metadata yet and
        are left out, as the server leaves them out.
        """
        if not isinstance(data, Mapping):
            raise SchemaError("a collection must be a JSON object")
        raw_attrs = data.get("attributes", data.get("columns", []))
        if not isinstance(raw_attrs, list):
            raise SchemaError("`attributes` must be a list")
        attrs: list[Attribute] = []
        for item in raw_attrs:
            if not isinstance(item, Mapping):
                raise SchemaError("each attribute must be a JSON object")
            if item.get("status") in _ABSENT_STATES:
                continue
            attrs.append(Attribute.from_api(item))
        raw_indexes = data.get("indexes", [])
        if not isinstance(raw_indexes, list):
            raise SchemaError("`indexes` must be a list")
        indexes = [
            Index.from_mapping(i)
            for i in raw_indexes
            if isinstance(i, Mapping) and i.get("status") not in _ABSENT_STATES
        ]
        return cls(
            attributes=tuple(attrs),
            indexes=tuple(indexes),
            id=str(data.get("$id", "") or ""),
            name=str(data.get("name", "") or ""),
        )

    @classmethod
    def from_metadata(
        cls,
        attributes: Iterable[Mapping[str, object]],
        indexes: Iterable[Mapping[str, object]] = (),
    ) -> Collection:
        """The attribute and index documents the database layer stores for a collection."""
        try:
            return cls(
                attributes=tuple(Attribute.from_metadata(a) for a in attributes),
                indexes=tuple(Index.from_mapping(i) for i in indexes),
            )
        except (TypeError, AttributeError) as e:
            raise SchemaError(f"unreadable collection metadata: {e}") from None


def _str(data: Mapping[str, object], name: str) -> str:
    value = data.get(name)
    if not isinstance(value, str):
        raise SchemaError(f"attribute field `{name}` must be a string")
    return value


def _int(value: object, default: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        return default
    return max(min(value, PHP_INT_MAX), -PHP_INT_MAX)


def _number(value: object) -> int | float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value


def _seq(value: object) -> Sequence[object]:
    return value if isinstance(value, list) else ()
