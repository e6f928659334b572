"""What the public functions accept for their common parameters, read in one place.

A user naturally passes query text where a :class:`~querykit.ast.Query` is expected, the
collection JSON that Appwrite's API returns where a :class:`~querykit.appwrite.Collection` is
expected, and ``None`` for a default. These readers turn each of those into the object the
function works with; anything else is a :class:`TypeError` naming the parameter and the types
it accepts.

>>> import querykit as qk
>>> query_argument("a = 1 limit 2", "query")
<Query a = 1 limit 2>
>>> limits_argument(None) is qk.DEFAULT_LIMITS
True
>>> query_argument(5, "query")
Traceback (most recent call last):
...
TypeError: query must be query text (str), a querykit.Query, a querykit node or a list of nodes, not int
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from querykit.ast import Node, Query
from querykit.limits import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    from querykit.appwrite.schema import Collection

__all__ = ["collection_argument", "limits_argument", "query_argument"]

_QUERY_TYPES = "query text (str), a querykit.Query, a querykit node or a list of nodes"


def limits_argument(value: object, name: str = "limits") -> Limits:
    """``value`` as :class:`Limits`: ``None`` stands for :data:`DEFAULT_LIMITS`.

    >>> limits_argument(Limits(max_depth=8)).max_depth
    8
    """
    if value is None:
        return DEFAULT_LIMITS
    if isinstance(value, Limits):
        return value
    raise TypeError(f"{name} must be a querykit.Limits or None, not {type(value).__name__}")


def query_argument(
    value: object, name: str = "query", limits: Limits | None = None
) -> Query | Node | Sequence[Node]:
    """``value`` as something holding nodes: text is parsed (with ``limits``), a query, a node
    or a list of nodes is taken as it is.

    >>> query_argument("a = 1")
    <Query a = 1>
    """
    if type(value) is Query:
        return value
    if isinstance(value, str):
        from querykit import parse

        return parse(value, limits=limits_argument(limits))
    if isinstance(value, (Query, Node)):
        return value
    if isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            if not isinstance(item, Node):
                raise TypeError(
                    f"{name} must be {_QUERY_TYPES}; item {i} is {type(item).__name__}, not a querykit node"
                )
        return value
    raise TypeError(f"{name} must be {_QUERY_TYPES}, not {type(value).__name__}")


def collection_argument(value: object, name: str = "schema") -> Collection | None:
    """``value`` as a collection: a :class:`~querykit.appwrite.Collection`, the collection JSON
    Appwrite's API returns (a ``dict``), or ``None``.

    >>> api_json = {"$id": "books", "attributes": [{"key": "title", "type": "string"}]}
    >>> collection_argument(api_json).attributes[0].key
    'title'
    """
    if value is None:  # no schema: the schema classes need not load
        return None
    from querykit.appwrite import Collection

    if isinstance(value, Collection):
        return value
    if isinstance(value, Mapping):
        return Collection.from_api(value)
    raise TypeError(
        f"{name} must be a querykit.appwrite.Collection, the collection JSON from Appwrite's API "
        f"(a dict) or None, not {type(value).__name__}"
    )
