"""PostgreSQL full-text search as Appwrite's Postgres adapter runs it.

The document side is ``to_tsvector(regexp_replace(col, '[^\\w]+', ' ', 'g'))``; the query side
``websearch_to_tsquery`` over the value Appwrite builds (punctuation to spaces, and ``or``
between words unless the value is quoted). Both use the ``english`` configuration: tokens with
an ASCII digit are only lower-cased, other tokens lose PostgreSQL's stopwords and are reduced to
their Snowball English stem (the algorithm of ``snowballstemmer`` 2.2, which PostgreSQL 15's
``english_stem`` shares).

    >>> search_matcher("Anne-Marie")("Mary Poppins")
    True
    >>> search_matcher('"brown quick"')("The quick brown fox")
    True
    >>> search_matcher("the")("The quick brown fox")
    False
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from typing import Final

__all__ = ["STOPWORDS", "document_lexemes", "query_groups", "search_matcher", "stem"]

STOPWORDS: Final = frozenset(
    [
        "i",
        "me",
        "my",
        "myself",
        "we",
        "our",
        "ours",
        "ourselves",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "he",
        "him",
        "his",
        "himself",
        "she",
        "her",
        "hers",
        "herself",
        "it",
        "its",
        "itself",
        "they",
        "them",
        "their",
        "theirs",
        "themselves",
        "what",
        "which",
        "who",
        "whom",
        "this",
        "that",
        "these",
        "those",
        "am",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "have",
        "has",
        "had",
        "having",
        "do",
        "does",
        "did",
        "doing",
        "a",
        "an",
        "the",
        "and",
        "but",
        "if",
        "or",
        "because",
        "as",
        "until",
        "while",
        "of",
        "at",
        "by",
        "for",
        "with",
        "about",
        "against",
        "between",
        "into",
        "through",
        "during",
        "before",
        "after",
        "above",
        "below",
        "to",
        "from",
        "up",
        "down",
        "in",
        "out",
        "on",
        "off",
        "over",
        "under",
        "again",
        "further",
        "then",
        "once",
        "here",
        "there",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "both",
        "each",
        "few",
        "more",
        "most",
        "other",
        "some",
        "such",
        "no",
        "nor",
        "not",
        "only",
        "own",
        "same",
        "so",
        "than",
        "too",
        "very",
        "s",
        "t",
        "can",
        "will",
        "just",
        "don",
        "should",
        "now",
    ]
)
_OPERATOR_CHARS: Final = frozenset(" !&|()<:")


def _word_chars() -> frozenset[str]:
    raw = json.loads(
        resources.files("querykit.evaluate")
        .joinpath("data", "postgresql-en_US-word-chars.json")
        .read_text(encoding="utf-8")
    )
    return frozenset(chr(c) for first, last in raw["ranges"] for c in range(first, last + 1) if c != 0x5F)


_WORD: Final = _word_chars()


def _stemmer() -> Callable[[str], str]:
    from snowballstemmer.english_stemmer import EnglishStemmer  # type: ignore[import-untyped]

    stemmer = EnglishStemmer()
    return stemmer.stemWord  # type: ignore[no-any-return]


_STEM: Final = _stemmer()


@lru_cache(maxsize=65536)
def stem(token: str) -> str | None:
    """The lexeme of one token, or ``None`` for a stopword.

    >>> stem("Queries"), stem("The"), stem("A1")
    ('queri', None, 'a1')
    """
    from querykit.evaluate.postgresql import lower

    low = lower(token)
    if any("0" <= c <= "9" for c in low):
        return low
    if low in STOPWORDS:
        return None
    return _STEM(low)


def _runs(text: str) -> list[str]:
    out: list[str] = []
    current: list[str] = []
    for c in text:
        if c in _WORD:
            current.append(c)
        elif current:
            out.append("".join(current))
            current.clear()
    if current:
        out.append("".join(current))
    return out


@lru_cache(maxsize=4096)
def document_lexemes(text: str) -> dict[str, frozenset[int]]:
    """Lexeme to its positions (from 1; stopwords take a position too).

    >>> sorted(document_lexemes("The foxes and_the fox").items())
    [('fox', frozenset({2, 5}))]
    """
    lexemes: dict[str, set[int]] = {}
    for position, token in enumerate(_runs(text), start=1):
        lexeme = stem(token)
        if lexeme is not None:
            lexemes.setdefault(lexeme, set()).add(position)
    return {k: frozenset(v) for k, v in lexemes.items()}


Operand = tuple[tuple[int, str], ...]
"""An operand: its lexemes with their offsets (empty: it matches nothing)."""


def _operand(text: str, first: bool) -> Operand | None:
    """The lexemes of one operand with their offsets; ``None`` when it has none (it vanishes);
    ``()`` when it can never match (a file token)."""
    lexemes: list[tuple[int, str]] = []
    offset = 0
    i, n = 0, len(text)
    unmatchable = False
    while i < n:
        c = text[i]
        if c in _WORD:
            j = i
            while j < n and text[j] in _WORD:
                j += 1
            if j < n - 1 and text[j] == "/" and text[j + 1] in _WORD:
                unmatchable = True  # a/b is a file path token
                k = j + 1
                while k < n and (text[k] in _WORD or text[k] == "/"):
                    k += 1
                i = k
                continue
            lexeme = stem(text[i:j])
            if lexeme is not None:
                lexemes.append((offset, lexeme))
            offset += 1
            i = j
            if j < n - 1 and text[j] in "~/" and text[j + 1] in _WORD:
                unmatchable = True
                k = j + 1
                while k < n and text[k] in _WORD:
                    k += 1
                i = k
            continue
        if c in "~/" and i == 0 and first is False and i + 1 < n and text[i + 1] in _WORD:
            unmatchable = True
            k = i + 1
            while k < n and text[k] in _WORD:
                k += 1
            i = k
            continue
        i += 1
    if unmatchable:
        return ()
    if not lexemes:
        return None
    base = lexemes[0][0]
    return tuple((o - base, lx) for o, lx in lexemes)


def query_groups(value: str) -> list[list[Operand]]:
    """The OR of AND groups ``websearch_to_tsquery`` makes of Appwrite's search value for
    ``value``.

    >>> query_groups("quick_the_fox")
    [[((0, 'quick'), (2, 'fox'))]]
    """
    exact = value.startswith('"') and value.endswith('"')
    for c in "@+-*.'\"":
        value = value.replace(c, " ")
    value = re.sub(r"[ \t\n\r\v\f]+", " ", value).strip(" \t\n\r\0\x0b")
    if not exact:
        value = value.replace(" ", " or ")
    text = "'" + value + "'"
    pieces: list[str] = []
    current: list[str] = []
    for c in text:
        if c in _OPERATOR_CHARS:
            pieces.append("".join(current))
            current = []
        else:
            current.append(c)
    pieces.append("".join(current))
    groups: list[list[Operand]] = [[]]
    for index, piece in enumerate(pieces):
        if not piece:
            continue
        if piece.lower() == "or":
            if groups[-1]:
                groups.append([])
            continue
        operand = _operand(piece, first=index == 0)
        if operand is not None:
            groups[-1].append(operand)
    return [g for g in groups if g]


def _has(lexemes: dict[str, frozenset[int]], operand: Operand) -> bool:
    if not operand:
        return False
    _first_offset, first = operand[0]
    starts = lexemes.get(first)
    if not starts:
        return False
    if len(operand) == 1:
        return True
    return any(all(start + o in lexemes.get(lx, ()) for o, lx in operand[1:]) for start in starts)


def search_matcher(value: str) -> Callable[[str], bool]:
    """The predicate ``to_tsvector(…) @@ websearch_to_tsquery(v)`` for the search value Appwrite
    builds from ``value``; an empty query matches nothing.

    >>> search_matcher("quick_the_fox")("quick the fox"), search_matcher("quick_the_fox")("quick fox")
    (True, False)
    """
    groups = query_groups(value)
    if not groups:
        return lambda subject: False

    def matches(subject: str) -> bool:
        lexemes = document_lexemes(subject)
        return any(all(_has(lexemes, op) for op in group) for group in groups)

    return matches
