"""LIKE patterns as Appwrite's SQL adapters build them, and a matcher per pattern.

The adapters put a backslash before each of ``% _ [ ] ^ - . * + ? ( ) { } |`` in the value
(not before a backslash), then add ``%`` for the shape: ``e%`` (starts with), ``%e`` (ends with)
or ``%e%`` (contains). LIKE then reads ``\\x`` as a literal ``x``, ``%`` as any run, ``_`` as one
code point.

    >>> like_pattern("prefix", "a_b")
    'a\\\\_b%'
    >>> matcher = like_regex(like_pattern("substring", "\\\\"), trailing_escape="literal")
    >>> bool(matcher("100%")), bool(matcher("100"))
    (True, False)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

__all__ = ["TrailingEscapeError", "like_pattern", "like_regex"]

_SPECIAL: Final = frozenset("%_[]^-.*+?(){}|")
_SHAPES: Final = {"prefix": "{}%", "suffix": "%{}", "substring": "%{}%"}
_RAW: Final = "pattern"


class TrailingEscapeError(ValueError):
    """The pattern ends in a lone escape character."""


def like_pattern(shape: str, value: str) -> str:
    r"""The LIKE pattern the adapter builds for ``value``: ``shape`` is ``prefix``, ``suffix`` or
    ``substring``; ``pattern`` is the value as it is (the adapters' ``containsAll`` on a string).

    >>> print(like_pattern("suffix", "100%"))
    %100\%
    """
    if shape == _RAW:  # containsAll on a string: the adapters bind the value as the pattern itself
        return value
    escaped = "".join("\\" + c if c in _SPECIAL else c for c in value)
    return _SHAPES[shape].format(escaped)


def like_regex(
    pattern: str, *, trailing_escape: str, fold: Callable[[str], str] | None = None
) -> Callable[[str], re.Match[str] | None]:
    """A function matching whole strings against LIKE ``pattern`` (escape ``\\``).

    ``fold`` maps both the pattern's literal characters and the subject before comparison (case
    folding or collation weights). ``trailing_escape`` says what a pattern ending in a lone
    ``\\`` does: ``literal`` (a literal backslash) or ``error`` (raise
    :class:`TrailingEscapeError`).

    >>> bool(like_regex("a_c%", trailing_escape="error")("abcd"))
    True
    """
    parts: list[str] = []
    literal: list[str] = []
    i, n = 0, len(pattern)

    def flush() -> None:
        if literal:
            text = "".join(literal)
            parts.append(re.escape(fold(text) if fold is not None else text))
            literal.clear()

    while i < n:
        c = pattern[i]
        if c == "\\":
            if i + 1 < n:
                literal.append(pattern[i + 1])
                i += 2
                continue
            if trailing_escape == "error":
                raise TrailingEscapeError(pattern)
            literal.append("\\")
        elif c == "%":
            flush()
            if not parts or parts[-1] != ".*":
                parts.append(".*")
        elif c == "_":
            flush()
            parts.append(".")
        else:
            literal.append(c)
        i += 1
    flush()
    return re.compile("".join(parts), re.DOTALL).fullmatch
