"""PostgreSQL's string order: glibc's ``en_US.UTF-8`` collation, then UTF-8 bytes.

PostgreSQL compares strings with ``strcoll`` and breaks its ties by byte order. glibc's
``en_US`` collation has four levels: letters first (case, accents, spaces and punctuation
ignored), then accents, then case (lower before upper), then the characters ignored so far, by
position. querykit carries glibc's collation elements as data (measured from glibc 2.36, one code
point at a time), so the order does not depend on the host's locales.

    >>> sorted(["John", "john", " John", "JOHN", "Jöhn", "-", "0", " john "], key=glibc_key)
    ['-', '0', ' john ', 'john', ' John', 'John', 'JOHN', 'Jöhn']

glibc reads the accent level of letters forwards and that of every other character (digits,
punctuation, spaces, combining marks, symbols) backwards: each run of such characters contributes
its accent weights reversed. The table records which characters are read backwards.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from functools import lru_cache
from importlib import resources
from typing import Final

__all__ = ["collation_element", "glibc_key"]

Element = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], int, bool]


def _runs() -> list[list[object]]:
    raw = json.loads(
        resources.files("querykit.evaluate")
        .joinpath("data", "glibc-en_US-collation.json")
        .read_text(encoding="utf-8")
    )
    runs: list[list[object]] = raw["runs"]
    return runs


_RUNS: Final = _runs()
_STARTS: Final = [int(r[0]) for r in _RUNS]  # type: ignore[call-overload]
_EMPTY: Final[Element] = ((), (), (), 0, True)


@lru_cache(maxsize=8192)
def collation_element(char: str) -> Element:
    """The weights of one character at the four levels (level 4: 0 when it has none), and
    whether its level-2 weights are read backwards.

    >>> collation_element("a"), collation_element("1")
    (((353,), (29,), (2,), 24733, False), ((344,), (29,), (2,), 23663, True))
    """
    code = ord(char)
    index = bisect_right(_STARTS, code) - 1
    if index < 0:
        return _EMPTY
    start, count, l1, step1, l2, l3, l4, step4, back = _RUNS[index]
    offset = code - start  # type: ignore[operator]
    if offset >= count:  # type: ignore[operator]
        return _EMPTY
    first: list[int] = list(l1)  # type: ignore[call-overload]
    if first:
        first[-1] += offset * step1  # type: ignore[operator]
    fourth = l4 + offset * step4 if l4 else 0  # type: ignore[operator]
    return tuple(first), tuple(l2), tuple(l3), fourth, bool(back)  # type: ignore[arg-type]


@lru_cache(maxsize=65536)
def glibc_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], tuple[int, ...], bytes]:
    """The sort key: the four collation levels, then the UTF-8 bytes."""
    l1: list[int] = []
    l2: list[int] = []
    l3: list[int] = []
    l4: list[int] = []
    gap = 1
    run: list[int] = []  # the level-2 weights of the current run of backward characters
    for char in text:
        a, b, c, d, back = collation_element(char)
        l1.extend(a)
        if back:
            run.extend(b)
        else:
            if run:
                l2.extend(reversed(run))
                run.clear()
            l2.extend(b)
        l3.extend(c)
        if d:
            l4.append(gap)
            l4.append(d)
            gap = 1
        else:
            gap += 1
    if run:
        l2.extend(reversed(run))
    return tuple(l1), tuple(l2), tuple(l3), tuple(l4), text.encode("utf-8", "surrogatepass")
