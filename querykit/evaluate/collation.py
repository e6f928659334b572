"""PostgreSQL's string order: glibc's ``en_US.UTF-8`` collation, then UTF-8 bytes.

PostgreSQL compares strings with ``strcoll`` and breaks its ties by byte order. glibc's
``en_US`` collation is multi-level: letters first (case and accents ignored, spaces and
punctuation ignored), then accents, then case, then the ignored characters.

    >>> sorted(["John", "john", " John", "JOHN", "Jöhn", "-", "0"], key=glibc_key)
    ['-', '0', 'john', ' John', 'John', 'JOHN', 'Jöhn']
"""

from __future__ import annotations

import locale
from functools import lru_cache

__all__ = ["glibc_key"]


def _strxfrm() -> object:
    try:
        old = locale.setlocale(locale.LC_COLLATE)
        locale.setlocale(locale.LC_COLLATE, "en_US.UTF-8")
        locale.setlocale(locale.LC_COLLATE, old)
    except locale.Error:
        return None
    return locale.strxfrm


@lru_cache(maxsize=65536)
def glibc_key(text: str) -> tuple[str, bytes]:
    """The sort key: the en_US collation key, then the UTF-8 bytes."""
    old = locale.setlocale(locale.LC_COLLATE)
    try:
        locale.setlocale(locale.LC_COLLATE, "en_US.UTF-8")
        key = locale.strxfrm(text)
    finally:
        locale.setlocale(locale.LC_COLLATE, old)
    return key, text.encode("utf-8", "surrogatepass")
