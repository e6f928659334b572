"""The ``postgresql`` evaluation profile: PostgreSQL 15 behind Appwrite's Postgres adapter.

Strings are equal only when their code points are; they order by glibc's ``en_US.UTF-8``
collation with a byte tie-break (:mod:`querykit.evaluate.collation`). LIKE is ``ILIKE``: each
code point lower-cased (``İ`` to ``i``), accents significant. NULL sorts last ascending.
Full-text search is ``to_tsvector`` against ``websearch_to_tsquery`` with the ``english``
configuration: Snowball stems, PostgreSQL's 127 stopwords, no prefixes, quotes giving an AND.

    >>> SEMANTICS.like("prefix", "JO")("john")
    True
    >>> SEMANTICS.search("foxes")("The quick brown fox")
    True
    >>> SEMANTICS.search("qui")("The quick brown fox")
    False
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Final

from querykit.evaluate.collation import glibc_key
from querykit.evaluate.likes import TrailingEscapeError, like_pattern, like_regex
from querykit.evaluate.semantics import Semantics, identity, mapping_get
from querykit.evaluate.tsearch import search_matcher

__all__ = ["SEMANTICS", "lower", "order_key"]


def _lower_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x1F000):  # no case mappings lie above
        if 0xD800 <= code <= 0xDFFF:
            continue
        c = chr(code)
        low = c.lower()
        if low != c and len(low) == 1:
            table[code] = low
    table[0x130] = "i"
    return table


_LOWER: Final = _lower_table()


def lower(text: str) -> str:
    """PostgreSQL's ``lower()`` under en_US.UTF-8: glibc ``towlower`` per code point.

    >>> lower("İSTANBUL ΣΑΣ")
    'istanbul σασ'
    """
    if "\u0130" in text or "\u03a3" in text:  # İ lowers to i; Σ never takes the final form ς
        return text.translate(_LOWER)
    return text.lower()  # per code point everywhere else


def order_key(text: str) -> object:
    """The sort key of PostgreSQL's string order (glibc en_US.UTF-8, then UTF-8 bytes).

    >>> sorted(["B", "a", "A", "b"], key=order_key)
    ['a', 'A', 'b', 'B']
    """
    return glibc_key(text)


def like(shape: str, value: str) -> Callable[[str], bool]:
    """``ILIKE``: per code point lower-case, accents significant; a pattern ending in a lone
    ``\\`` is a SQL error (HTTP 500 from Appwrite).

    >>> like("substring", "ü")("MÜNCHEN"), like("substring", "u")("MÜNCHEN")
    (True, False)
    """
    from querykit.evaluate.engine import server_error

    if "\\" not in value and shape != "pattern":  # no escape: the value is taken literally
        literal = lower(value)
        table = _LOWER

        def test(subject: str) -> bool:
            special = "\u0130" in subject or "\u03a3" in subject  # İ, and Σ's final form
            subject = subject.translate(table) if special else subject.lower()
            if shape == "prefix":
                return subject.startswith(literal)
            if shape == "suffix":
                return subject.endswith(literal)
            return literal in subject

        return test
    try:
        match = like_regex(like_pattern(shape, value), trailing_escape="error", fold=lower)
    except TrailingEscapeError:
        raise server_error(
            "SQLSTATE[22025]: Invalid escape sequence: 7 ERROR:  "
            "LIKE pattern must not end with escape character"
        ) from None
    return lambda subject: match(lower(subject)) is not None


def _bind_find(value: float) -> float:
    return float(f"{value:.17f}")


def _bind_count(value: float) -> float:
    return float(f"{value:.14g}")


def _read_double(value: float) -> float:
    return float(f"{value:.14g}")


def _array_key(value: list[object]) -> object:
    """jsonb order: fewer elements first, then element by element."""
    return (len(value), tuple(glibc_key(v) if isinstance(v, str) else (0, v) for v in value))


def _json_text(value: object) -> str:
    return json.dumps(value)


SEMANTICS: Final = Semantics(
    name="postgresql",
    lookup=mapping_get,
    string_equal_key=identity,
    string_order_key=order_key,
    like=like,
    search=search_matcher,
    nulls_first=False,
    not_search_keeps_null=False,
    bind_float=_bind_find,
    count_bind_float=_bind_count,
    array_order_key=_array_key,
    read_double=_read_double,
    like_on_datetime="error",
)
