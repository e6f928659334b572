"""Explicit bounds on every input, so that no input, however hostile, exhausts the process.

Every entry point takes an optional ``limits=`` argument; :data:`DEFAULT_LIMITS` applies
otherwise. Exceeding a bound raises :class:`querykit.errors.LimitError` with the place.

>>> from querykit.limits import DEFAULT_LIMITS
>>> DEFAULT_LIMITS.max_depth
128
"""

from __future__ import annotations

from querykit.errors import QueryError
from querykit.valueclasses import frozen_dataclass

__all__ = ["DEFAULT_LIMITS", "INT64_MAX", "INT64_MIN", "Limits"]

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1


_setattr = object.__setattr__


@frozen_dataclass()
class Limits:
    """Bounds applied while reading text or JSON.

    Every bound is a whole number of at least 1; anything else is refused when the
    ``Limits`` is made. A caller who trusts its input may raise ``max_length`` and
    ``max_depth`` above the defaults.

    >>> Limits(max_length=2_000_000, max_depth=512).max_depth
    512
    >>> Limits(max_depth=-1)
    Traceback (most recent call last):
    ...
    querykit.errors.QueryError: Limits.max_depth must be at least 1, got -1
    """

    #: Characters in one text, or in one JSON query string.
    max_length: int = 500_000
    #: Nesting of brackets in text, and of queries and arrays in JSON.
    max_depth: int = 128
    #: Values in one list (and queries in one list of queries).
    max_items: int = 10_000
    #: Top-level queries in one list passed to ``from_appwrite``.
    max_queries: int = 10_000

    def __init__(
        self,
        max_length: int = 500_000,
        max_depth: int = 128,
        max_items: int = 10_000,
        max_queries: int = 10_000,
    ) -> None:
        _setattr(self, "max_length", max_length)
        _setattr(self, "max_depth", max_depth)
        _setattr(self, "max_items", max_items)
        _setattr(self, "max_queries", max_queries)
        self.__post_init__()

    def __post_init__(self) -> None:
        for name in self.__match_args__:  # the fields, in order
            value = getattr(self, name)
            if type(value) is not int:
                raise TypeError(f"Limits.{name} must be an int, got {type(value).__name__}")
            if value < 1:
                raise QueryError(f"Limits.{name} must be at least 1, got {value}", code="limits")


DEFAULT_LIMITS = Limits()
