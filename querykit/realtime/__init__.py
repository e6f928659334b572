"""Realtime: what the Appwrite Realtime server does with a subscription's queries.

:func:`subscribe` parses and checks a subscription's query strings exactly as the server does
(the same messages, the same error when there are several, the websocket error frame each
transport sends) and returns a :class:`Subscription` holding the strings the server stores::

    >>> import querykit as qk
    >>> sub = qk.realtime.subscribe(['{"method":"greaterThan","attribute":"score","values":[10]}'])
    >>> sub.stored
    ('{"method":"greaterThan","attribute":"score","values":[10]}',)
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from querykit.realtime.subscription import (
        ALLOWED_METHODS,
        RealtimeQuery,
        RealtimeQueryError,
        Subscription,
        subscribe,
    )

_LAZY = {
    "ALLOWED_METHODS": "subscription",
    "RealtimeQuery": "subscription",
    "RealtimeQueryError": "subscription",
    "Subscription": "subscription",
    "subscribe": "subscription",
}

__all__ = ["ALLOWED_METHODS", "RealtimeQuery", "RealtimeQueryError", "Subscription", "subscribe"]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'querykit.realtime' has no attribute {name!r}")
    value = getattr(import_module(f"querykit.realtime.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])
