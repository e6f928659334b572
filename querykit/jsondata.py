"""JSON as querykit reads it: the checks every reader of decoded JSON shares.

Python's ``json`` accepts ``NaN`` and ``Infinity`` and decodes lone surrogates (``"\\ud800"``)
into strings that are not text; :func:`reject_json_constant` and :func:`holds_surrogate` refuse
them. :func:`nesting_depth` measures a JSON text before it is decoded, so hostile nesting is
refused by a limit rather than by ``RecursionError``.

>>> import json
>>> json.loads("[1.5]", parse_constant=reject_json_constant)
[1.5]
>>> holds_surrogate(json.loads('["\\ud800"]'))
True
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["LONE_SURROGATE", "SURROGATE", "holds_surrogate", "nesting_depth", "reject_json_constant"]

#: A surrogate code point that is not half of a pair.
LONE_SURROGATE = re.compile("[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]")
#: Any surrogate code point (in text that came through ``json``, every one is lone).
SURROGATE = re.compile("[\ud800-\udfff]")


def reject_json_constant(name: str) -> Any:
    """``parse_constant`` for ``json``: NaN and the infinities are not JSON (Python accepts them).

    >>> import json
    >>> json.loads("[NaN]", parse_constant=reject_json_constant)
    Traceback (most recent call last):
    ...
    ValueError: NaN is not valid JSON
    """
    raise ValueError(f"{name} is not valid JSON")


def holds_surrogate(value: Any) -> bool:
    """Whether decoded JSON holds a lone surrogate in any string or key (``json`` joins the
    valid pairs, so any surrogate left is a lone one).

    >>> holds_surrogate({"k": ["ok", "\\udc00"]}), holds_surrogate({"k": "\\ud83d\\ude00"})
    (True, False)
    """
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            if LONE_SURROGATE.search(v):
                return True
        elif isinstance(v, list):
            stack.extend(v)
        elif isinstance(v, dict):
            stack.extend(v.keys())
            stack.extend(v.values())
    return False


def nesting_depth(text: str) -> int:
    """The bracket nesting depth of a JSON text, strings skipped; checked before decoding.

    >>> nesting_depth('[[1], {"a": "]]]"}]')
    2
    """
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest
