"""The ``mariadb`` evaluation profile: MariaDB 10.11 behind Appwrite's MariaDB adapter.

Strings compare by ``utf8mb4_general_ci`` weights, one 16-bit weight per code point (case and
most accents fold; every supplementary character weighs U+FFFD), with PAD SPACE for ``=``,
ranges and ``ORDER BY`` and without it for LIKE. NULL sorts first ascending. Full-text search is
InnoDB boolean mode: a prefix match on the last word, no stemming, 3 to 84 character tokens,
InnoDB's 36 stopwords, real phrases in quotes.

    >>> equal_key("John ") == equal_key("jöhn")
    True
    >>> order_key("a\\t") < order_key("a") < order_key("a\\u00a0")
    True
    >>> SEMANTICS.search("qui")("The quick brown fox")
    True
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from typing import Final

from querykit.evaluate.likes import like_pattern, like_regex
from querykit.evaluate.semantics import Semantics, mapping_get

__all__ = ["SEMANTICS", "equal_key", "order_key", "search_matcher", "tokens", "weights"]

_SUPPLEMENTARY: Final = re.compile("[\U00010000-\U0010ffff]")
_MIN_TOKEN: Final = 3
_MAX_TOKEN: Final = 84
STOPWORDS: Final = frozenset(
    [
        "a",
        "about",
        "an",
        "are",
        "as",
        "at",
        "be",
        "by",
        "com",
        "de",
        "en",
        "for",
        "from",
        "how",
        "i",
        "in",
        "is",
        "it",
        "la",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "und",
        "was",
        "what",
        "when",
        "where",
        "who",
        "will",
        "with",
        "www",
    ]
)


def _load(name: str) -> dict[str, object]:
    data: dict[str, object] = json.loads(
        resources.files("querykit.evaluate").joinpath("data", name).read_text(encoding="utf-8")
    )
    return data


def _weight_table() -> dict[int, str]:
    raw = _load("mariadb-utf8mb4-general-ci-weights.json")["weights"]
    assert isinstance(raw, dict)
    return {int(k, 16): chr(int(v, 16)) for k, v in raw.items()}


def _word_chars() -> frozenset[str]:
    ranges = _load("mariadb-innodb-ft-word-chars.json")["ranges"]
    assert isinstance(ranges, list)
    return frozenset(chr(c) for first, last in ranges for c in range(first, last + 1))


_TABLE: Final = _weight_table()
_WORD: Final = _word_chars()


@lru_cache(maxsize=65536)
def weights(text: str) -> str:
    """``text`` as its general_ci weights, one character per weight.

    >>> weights("Jöhn") == weights("JOHN")
    True
    """
    if text.isascii():
        return text.translate(_TABLE)
    if max(text) > "\uffff":
        text = _SUPPLEMENTARY.sub("\ufffd", text)
    return text.translate(_TABLE)


def equal_key(text: str) -> str:
    """The key under which strings are equal for ``=``: weights without trailing spaces.

    >>> equal_key("straße ") == equal_key("STRASE")
    True
    """
    return weights(text).rstrip(" ")


@lru_cache(maxsize=65536)
def order_key(text: str) -> tuple[tuple[float, ...], ...]:
    """A sort key giving general_ci order with PAD SPACE (``'a' = 'a '``, ``'a\\t' < 'a'``).

    >>> order_key("a") == order_key("A "), order_key("a\\t") < order_key("a")
    (True, True)
    """
    out: list[tuple[float, ...]] = []
    spaces = 0
    for w in weights(text).rstrip(" "):
        if w == " ":
            spaces += 1
            continue
        code = ord(w)
        out.append((1, -spaces, code) if code > 0x20 else (0, spaces, code))
        spaces = 0
    out.append((0.5,))
    return tuple(out)


def like(shape: str, value: str) -> Callable[[str], bool]:
    """LIKE with general_ci weights, no PAD SPACE; a trailing ``\\`` is a literal backslash.

    >>> like("substring", "ü")("MÜNCHEN"), like("prefix", "john")("John ")
    (True, True)
    """
    if "\\" not in value and shape != "pattern":  # no escape: the value is taken literally
        literal = weights(value)
        if shape == "prefix":
            return lambda subject: weights(subject).startswith(literal)
        if shape == "suffix":
            return lambda subject: weights(subject).endswith(literal)
        return lambda subject: literal in weights(subject)
    match = like_regex(like_pattern(shape, value), trailing_escape="literal", fold=weights)
    return lambda subject: match(weights(subject)) is not None


# ------------------------------------------------------------------------------ full text


def tokens(text: str) -> list[str]:
    """InnoDB's tokens of ``text``: runs of word characters, with the apostrophe rule.

    >>> tokens("O'Reilly's a'b quick' fox,dog")
    ['Reilly', 's', 'b', 'quick', 'fox', 'dog']
    """
    out: list[str] = []
    current: list[str] = []
    for c in text:
        if c in _WORD:
            current.append(c)
            continue
        if c == "'" and len(current) == 1:
            current.clear()
            continue
        if current:
            out.append("".join(current))
            current.clear()
    if current:
        out.append("".join(current))
    return out


def _indexable(token: str) -> bool:
    return _MIN_TOKEN <= len(token) <= _MAX_TOKEN and equal_key(token).lower() not in _STOP_KEYS


_STOP_KEYS: Final = frozenset(weights(w).lower() for w in STOPWORDS)


def _search_value(value: str) -> tuple[str, bool]:
    exact = value.startswith('"') and value.endswith('"')
    for c in '@+-*)(<>~"':
        value = value.replace(c, " ")
    value = re.sub(r"[ \t\n\r\v\f]+", " ", value).strip(" \t\n\r\0\x0b")
    return value, exact


def search_matcher(value: str) -> Callable[[str], bool]:
    """The predicate ``MATCH(col) AGAINST (v IN BOOLEAN MODE) > 0`` for the search value Appwrite
    builds from ``value``.

    >>> search_matcher("jo")("Johnny Cash"), search_matcher('"brown quick"')("the quick brown fox")
    (True, False)
    """
    text, exact = _search_value(value)
    if text == "" or text == "0":
        return lambda subject: False
    if exact:
        return _phrase_matcher(text)
    words: list[str] = []
    prefix: str | None = None
    terms = [t for t in re.split(r"[ \t%]+", text) if t]
    for index, term in enumerate(terms):
        found = [
            t for i, t in enumerate(tokens(term)) if len(t) <= _MAX_TOKEN and (i == 0 or len(t) >= _MIN_TOKEN)
        ]
        if index == len(terms) - 1 and found:
            prefix = found.pop()
        words.extend(found)
    wanted = frozenset(equal_key(w) for w in words if _indexable(w))
    prefix_key = equal_key(prefix) if prefix is not None else None

    def matches(subject: str) -> bool:
        for token in tokens(subject):
            if not _indexable(token):
                continue
            key = equal_key(token)
            if key in wanted or (prefix_key is not None and key.startswith(prefix_key)):
                return True
        return False

    return matches


def _phrase_matcher(text: str) -> Callable[[str], bool]:
    words = tokens(text)
    while words and not _indexable(words[0]):
        words.pop(0)
    if not words:
        return lambda subject: False
    phrase = [equal_key(w) for w in words]
    size = len(phrase)

    def matches(subject: str) -> bool:
        keys = [equal_key(t) for t in tokens(subject)]
        return any(keys[i : i + size] == phrase for i in range(len(keys) - size + 1))

    return matches


def _bind_find(value: float) -> float:
    return float(f"{value:.17f}")


def _bind_count(value: float) -> float:
    return float(f"{value:.14g}")


def _read_double(value: float) -> float:
    return float(f"{value:.14g}") + 0.0


def _array_key(value: list[object]) -> object:
    text = json.dumps(value, separators=(",", ":")).replace("/", "\\/")
    return text.encode("utf-8")


SEMANTICS: Final = Semantics(
    name="mariadb",
    lookup=mapping_get,
    string_equal_key=equal_key,
    string_order_key=order_key,
    like=like,
    search=search_matcher,
    nulls_first=True,
    not_search_keeps_null=True,
    bind_float=_bind_find,
    count_bind_float=_bind_count,
    array_order_key=_array_key,
    read_double=_read_double,
    like_on_datetime="equal",
)
