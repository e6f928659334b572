"""The evaluation profile: how one Appwrite backend compares, orders and matches values.

A profile is data plus a few overrides, in the manner of a SQL dialect: a frozen
:class:`Semantics` holding flags (where NULL sorts, whether ``notSearch`` keeps NULL rows) and
small functions (the key strings compare equal under, the key they order by, how a LIKE pattern
or a full-text search is matched, how a query float reaches the comparison). The evaluator core
(:mod:`querykit.evaluate.engine`) builds every filter from these; a profile that evaluates a
method in its own way replaces the core's builder for that method through ``leaves``.

The database profiles are named by the one registry of database profiles,
:data:`querykit.appwrite.profiles.PROFILES`: each :class:`~querykit.appwrite.profiles.Profile`
that can be evaluated names the module holding its ``SEMANTICS`` (``evaluation``).
:func:`resolve` turns a name, a database profile or a :class:`Semantics` into the semantics:

    >>> resolve("mariadb").nulls_first, resolve("postgresql").nulls_first
    (True, False)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import import_module
from typing import Final, TypeAlias

from querykit.errors import QueryError

__all__ = [
    "MISSING",
    "Leaf",
    "LeafBuilder",
    "Predicate",
    "Semantics",
    "identity",
    "mapping_get",
    "resolve",
]


class _Missing:
    """The value :attr:`Semantics.lookup` gives for an absent attribute (where absent differs
    from ``null``)."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Final = _Missing()

Predicate: TypeAlias = Callable[[Mapping[str, object]], bool]
"""A compiled filter: a document (as a mapping) to whether it matches."""


@dataclass(frozen=True, slots=True)
class Leaf:
    """What a leaf builder is given: one filter query, and what the schema says of its attribute.

    ``kind`` is the attribute's type as the database layer names it (``string``, ``integer``,
    ``double``, ``boolean``, ``datetime``, ``id`` for ``$sequence``), or ``None`` without a
    schema. ``values`` are the query's values as the server decoded them.
    """

    method: str
    attribute: str
    values: tuple[object, ...]
    kind: str | None = None
    array: bool = False


LeafBuilder: TypeAlias = Callable[[Leaf, "Semantics"], Predicate]
"""Builds the predicate of one leaf: called once, at compile time."""


def mapping_get(document: Mapping[str, object], attribute: str) -> object:
    """The lookup of a database: ``document.get(attribute)`` (a missing attribute is NULL).

    >>> mapping_get({"a": 1}, "b") is None
    True
    """
    return document.get(attribute)


def identity(value: str) -> object:
    """The key of exact comparison: the string itself.

    >>> identity("John ") == identity("John")
    False
    """
    return value


@dataclass(frozen=True, slots=True)
class Semantics:
    """One backend's evaluation rules.

    - ``lookup(document, attribute)``: the attribute's value; :data:`MISSING` only where a
      missing attribute differs from ``null`` (a database reads both as NULL).
    - ``string_equal_key``: strings are equal (``equal``, ``notEqual``, the cursor id lookup)
      when their keys are.
    - ``string_order_key``: the key strings order by (ranges, ``between``, ``ORDER BY``, cursors).
    - ``like(shape, value)``: a predicate on a stored string for ``startsWith`` (shape
      ``prefix``), ``endsWith`` (``suffix``) or ``contains`` (``substring``) with ``value`` as the
      server builds the pattern; it raises :class:`~querykit.appwrite.ServerQueryError` where the
      backend rejects the pattern.
    - ``search(value)``: a predicate on a stored string for ``search``.
    - ``nulls_first``: NULL sorts below every value (first ascending, last descending).
    - ``not_search_keeps_null``: ``notSearch`` is true on NULL.
    - ``bind_float``: the double a query float is compared as (``find`` and cursors);
      ``count_bind_float`` the one ``count`` compares with.
    - ``array_order_key``: the key a whole array orders by.
    - ``read_double``: a stored double as this backend reads it back.
    - ``leaves``: builders replacing the core's, by method name.
    """

    name: str
    lookup: Callable[[Mapping[str, object], str], object]
    string_equal_key: Callable[[str], object]
    string_order_key: Callable[[str], object]
    like: Callable[[str, str], Callable[[str], bool]]
    search: Callable[[str], Callable[[str], bool]]
    nulls_first: bool
    not_search_keeps_null: bool
    bind_float: Callable[[float], float]
    count_bind_float: Callable[[float], float]
    array_order_key: Callable[[list[object]], object]
    read_double: Callable[[float], float] = float
    like_on_datetime: str = "error"
    """``error`` (the backend rejects LIKE on a datetime) or ``equal`` (it matches the instant)."""
    leaves: Mapping[str, LeafBuilder] = field(default_factory=dict)


def resolve(profile: object) -> Semantics:
    """The :class:`Semantics` of ``profile``: a :class:`Semantics`, a database profile, or its name.

    >>> resolve("postgresql").name
    'postgresql'
    >>> resolve("documentsdb")
    Traceback (most recent call last):
    ...
    querykit.errors.QueryError: the documentsdb profile has no evaluation rules; use postgresql or mariadb
    """
    if isinstance(profile, Semantics):
        return profile
    from querykit.appwrite.profiles import EVALUATION_PROFILES, get_profile

    module = EVALUATION_PROFILES.get(profile) if isinstance(profile, str) else None
    if module is None:
        db = get_profile(profile)  # type: ignore[arg-type]
        if not db.evaluation:
            usable = " or ".join(p for p in EVALUATION_PROFILES if p != "realtime")
            raise QueryError(f"the {db.name} profile has no evaluation rules; use {usable}", code="profile")
        module = db.evaluation
    semantics = getattr(import_module(module), "SEMANTICS", None)
    if not isinstance(semantics, Semantics):
        raise QueryError(f"{module} defines no SEMANTICS", code="profile")
    return semantics
