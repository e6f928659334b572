"""Realtime: what the Appwrite Realtime server does with a subscription's queries.

:func:`subscribe` parses and checks a subscription's query strings exactly as the server does
(the same messages, the same error when there are several, the websocket error frame each
transport sends) and returns a :class:`Subscription` holding the strings the server stores::

    >>> import querykit as qk
    >>> sub = qk.realtime.subscribe(['{"method":"greaterThan","attribute":"score","values":[10]}'])
    >>> sub.stored
    ('{"method":"greaterThan","attribute":"score","values":[10]}',)

:meth:`Subscription.matches` decides whether an event's payload reaches the subscription, with
the server's semantics (the payload's trip through PHP JSON, strict identity for equality, PHP
8's loose ordering, missing attributes, the ``select("*")`` shortcut); it is the ``realtime``
profile of the evaluator core (:mod:`querykit.evaluate.realtime`)::

    >>> sub.matches({"score": 11}), sub.matches({"score": "9a"}), sub.matches({"points": 11})
    (True, True, False)
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from querykit.realtime.subscription import (
        ALLOWED_METHODS,
        RealtimePayloadError,
        RealtimeQuery,
        RealtimeQueryError,
        Subscription,
        prepare_payload,
        subscribe,
    )

_LAZY = {
    "ALLOWED_METHODS": "subscription",
    "RealtimePayloadError": "subscription",
    "RealtimeQuery": "subscription",
    "RealtimeQueryError": "subscription",
    "Subscription": "subscription",
    "prepare_payload": "subscription",
    "subscribe": "subscription",
}

__all__ = [
    "ALLOWED_METHODS",
    "RealtimePayloadError",
    "RealtimeQuery",
    "RealtimeQueryError",
    "Subscription",
    "prepare_payload",
    "subscribe",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'querykit.realtime' has no attribute {name!r}")
    value = getattr(import_module(f"querykit.realtime.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
