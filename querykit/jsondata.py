"""JSON as querykit reads it: the checks every reader of decoded JSON shares.

Python's ``json`` accepts ``NaN`` and ``Infinity`` and decodes lone surrogates (``"\\ud800"``)
into strings that are not text; :func:`reject_json_constant` and :func:`holds_surrogate` refuse
them. :func:`nesting_depth` measures a JSON text before it is decoded, so hostile nesting is
refused by a limit rather than by ``RecursionError``. :func:`read_json` puts them together: the
one guarded way to decode a JSON text, with the place of any error.

>>> import json
>>> json.loads("[1.5]", parse_constant=reject_json_constant)
[1.5]
>>> holds_surrogate(json.loads('["\\ud800"]'))
True
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from querykit.errors import CodecError, LimitError, Span
from querykit.limits import DEFAULT_LIMITS, Limits

__all__ = [
    "LONE_SURROGATE",
    "SURROGATE",
    "first_too_deep",
    "holds_surrogate",
    "nesting_depth",
    "read_json",
    "reject_json_constant",
]

#: A surrogate code point that is not half of a pair (compiled on first use, see ``__getattr__``).
LONE_SURROGATE: re.Pattern[str]
#: Any surrogate code point (in text that came through ``json``, every one is lone).
SURROGATE = re.compile("[\ud800-\udfff]")


@cache
def _lone_surrogate() -> re.Pattern[str]:
    """``LONE_SURROGATE``, compiled on first use: only text outside ASCII, or with ``\\u``
    escapes, is searched for one."""
    return re.compile("[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]")


def __getattr__(name: str) -> Any:
    if name == "LONE_SURROGATE":
        return _lone_surrogate()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    search = _lone_surrogate().search
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            if search(v):
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
    return max((depth for _, depth in _openings(text)), default=0)


def first_too_deep(text: str, max_depth: int) -> int | None:
    """The offset of the first bracket that opens deeper than ``max_depth``, strings skipped;
    ``None`` when the text stays within it.

    >>> first_too_deep('[[1], [[2]]]', 2), first_too_deep('[[1]]', 2)
    (7, None)
    """
    return next((offset for offset, depth in _openings(text) if depth > max_depth), None)


def _openings(text: str) -> Iterator[tuple[int, int]]:
    """Each opening bracket outside strings: its offset and the depth it opens."""
    depth = 0
    in_string = escaped = False
    for offset, ch in enumerate(text):
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
            yield offset, depth
        elif ch in "]}":
            depth -= 1


def read_json(text: str, *, limits: Limits | None = None, what: str = "JSON") -> Any:
    """Decode the JSON ``text`` within ``limits`` (length and nesting depth, checked before
    decoding); every failure is a :class:`~querykit.errors.QueryError` whose place is in ``text``.

    ``NaN``, the infinities and lone surrogates are refused; ``what`` names the text in messages.

    >>> read_json('{"a": [1, 2]}')
    {'a': [1, 2]}
    >>> try:
    ...     read_json('[1,\\n 2 3]')
    ... except CodecError as e:
    ...     print(e.render())
    2:4: invalid JSON: Expecting ',' delimiter
     2 3]
       ^
    >>> try:
    ...     read_json("[" * 200 + "]" * 200)
    ... except LimitError as e:
    ...     print(e)
    1:129: JSON nested deeper than 128
    """
    if limits is None:
        limits = DEFAULT_LIMITS
    if len(text) > limits.max_length:
        raise LimitError(f"{what} longer than {limits.max_length} characters")
    deep = first_too_deep(text, limits.max_depth)
    if deep is not None:
        raise LimitError(
            f"{what} nested deeper than {limits.max_depth}",
            span=Span(deep, deep + 1),
            source=text,
            hint="a trusted input may raise the limit (max_depth)",
        )
    try:
        value = json.loads(text, parse_constant=reject_json_constant)
    except json.JSONDecodeError as e:
        raise CodecError(
            f"invalid {what}: {e.msg}", span=Span(e.pos, min(e.pos + 1, len(text))), source=text
        ) from None
    except ValueError as e:
        raise CodecError(f"invalid {what}: {e}") from None
    except RecursionError:
        raise LimitError(f"{what} nested too deeply for this interpreter") from None
    if "\\u" in text and holds_surrogate(value):
        raise CodecError(
            f"invalid {what}: a string holds a lone surrogate (\\uD800-\\uDFFF), which is not text"
        )
    return value
