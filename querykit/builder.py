"""Typed query helpers with the official Python SDK's names (``Query.equal`` ...)."""

from __future__ import annotations

__all__ = ["QueryHelpers"]


class QueryHelpers:
    """Static helpers mixed into :class:`querykit.Query`."""

    __slots__ = ()
