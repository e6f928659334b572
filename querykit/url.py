"""Appwrite query strings in a URL: ``queries[0]=...&queries[1]=...``.

:func:`encode` writes the list exactly as the official Python SDK sends it (its ``flatten`` gives
indexed keys, and ``requests`` form-encodes them with ``quote_plus``: a space becomes ``+``, ``"``
``%22``, ``[`` ``%5B``). :func:`decode` reads such a query string back the way the PHP server
builds its ``queries`` array.

>>> url = encode(['{"method":"limit","values":[5]}', '{"method":"orderAsc","attribute":"a b"}'])
>>> url
'queries%5B0%5D=%7B%22method%22%3A%22limit%22%2C%22values%22%3A%5B5%5D%7D&queries%5B1%5D=%7B%22method%22%3A%22orderAsc%22%2C%22attribute%22%3A%22a+b%22%7D'
>>> decode("https://cloud.example/v1/databases/db/collections/c/documents?" + url)
['{"method":"limit","values":[5]}', '{"method":"orderAsc","attribute":"a b"}']

How :func:`decode` reads keys, following PHP's query-string parser (``parse_str``):

- pairs are separated by ``&``; empty pairs are skipped; ``+`` is a space and ``%XX`` a byte;
- in a name, leading spaces are dropped and, before the first ``[``, ``.`` and space become ``_``
  (so ``key="my.queries"`` finds ``my_queries[0]``); a name ends at its first NUL byte;
- ``queries[]`` appends; ``queries[N]`` sets index ``N`` (a canonical decimal integer; any other
  index is a string key); a repeated index replaces the earlier value *in its first position*;
- the list comes back in the order PHP's array holds it, which is the order in which each key
  first appeared, not sorted by index: ``queries[1]=b&queries[0]=a`` gives ``["b", "a"]``,
  exactly the order in which the server reads the queries;
- a plain ``queries=...`` (not an array) or a nested ``queries[0][x]=...`` is an error, as the
  server rejects both; no ``queries`` at all gives ``[]``, the server's default;
- an unmatched ``[`` makes the name a plain one (``queries[0=x`` sets ``queries_0``); PHP's
  ``[]`` after a negative index appends after it (PHP 8.3 and later).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final, Literal, TypeAlias
from urllib.parse import quote_plus

from querykit.errors import CodecError, LimitError, Span

__all__ = ["MAX_QUERIES", "MAX_QUERY_LENGTH", "MAX_URL_LENGTH", "decode", "encode"]

#: Most query strings per URL. PHP ignores input variables after its ``max_input_vars`` (1000).
MAX_QUERIES: Final = 1000
#: Longest single query string, in characters (the server accepts 4096).
MAX_QUERY_LENGTH: Final = 65_536
#: Longest text :func:`decode` reads, in characters.
MAX_URL_LENGTH: Final = 8 * 1024 * 1024

_MAX_NESTING: Final = 64  # PHP's max_input_nesting_level
_INT64_MIN: Final = -(2**63)
_INT64_MAX: Final = 2**63 - 1
_NUMERIC_KEY: Final = re.compile(rb"0|-?[1-9][0-9]*")
_URL_START: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://|/")
_PERCENT: Final = re.compile(rb"%([0-9A-Fa-f]{2})")
_HEX_BYTE: Final = {
    f"{a}{b}".encode(): bytes([int(f"{a}{b}", 16)])
    for a in "0123456789abcdefABCDEF"
    for b in "0123456789abcdefABCDEF"
}

Style: TypeAlias = Literal["indexed", "brackets"]


def _check_key(key: object) -> str:
    if not isinstance(key, str) or not key or "[" in key or "]" in key or "\x00" in key:
        raise CodecError(f"the parameter name must be a non-empty string without [, ] or NUL: {key!r}")
    return key


def encode(strings: Sequence[str], style: Style = "indexed", key: str = "queries") -> str:
    """The URL query string (without ``?``) the Python SDK sends for these query strings.

    ``style="indexed"`` gives ``queries[0]=…&queries[1]=…`` (what the SDKs send);
    ``style="brackets"`` gives ``queries[]=…&queries[]=…`` (the form in Appwrite's REST docs).
    Both are encoded as ``requests`` encodes ``params=``.

    >>> encode(['{"method":"limit","values":[1]}'], style="brackets")
    'queries%5B%5D=%7B%22method%22%3A%22limit%22%2C%22values%22%3A%5B1%5D%7D'
    >>> encode([])
    ''
    """
    _check_key(key)
    if style not in ("indexed", "brackets"):
        raise CodecError(f'style must be "indexed" or "brackets", not {style!r}')
    if isinstance(strings, str) or not isinstance(strings, Sequence):
        raise CodecError("encode takes a list of query strings")
    if len(strings) > MAX_QUERIES:
        raise LimitError(f"{len(strings)} query strings; the limit is {MAX_QUERIES}")
    parts: list[str] = []
    for index, value in enumerate(strings):
        if not isinstance(value, str):
            raise CodecError(f"query {index} must be a string, got {type(value).__name__}")
        if len(value) > MAX_QUERY_LENGTH:
            raise LimitError(
                f"query {index} is {len(value)} characters long; the limit is {MAX_QUERY_LENGTH}"
            )
        name = f"{key}[{index}]" if style == "indexed" else f"{key}[]"
        try:
            encoded = quote_plus(value, safe="", encoding="utf-8", errors="strict")
        except UnicodeEncodeError as exc:
            raise CodecError(
                f"query {index} contains a lone surrogate, which cannot be sent as UTF-8",
                span=Span(exc.start, exc.end),
                source=value,
            ) from None
        parts.append(quote_plus(name, safe="") + "=" + encoded)
    return "&".join(parts)


def _url_decode(raw: bytes) -> bytes:
    """PHP's ``urldecode``: ``+`` is a space, ``%XX`` a byte, any other ``%`` stays."""
    if b"%" not in raw:
        return raw.replace(b"+", b" ")
    return _PERCENT.sub(lambda m: _HEX_BYTE[m.group(1)], raw.replace(b"+", b" "))


_Key: TypeAlias = int | bytes


def _array_key(index: bytes) -> _Key:
    """PHP turns canonical decimal integer strings into integer keys."""
    if _NUMERIC_KEY.fullmatch(index):
        number = int(index)
        if _INT64_MIN <= number <= _INT64_MAX:
            return number
    return index


class _Array:
    """A PHP array: ordered keys, with PHP's next free integer index."""

    def __init__(self) -> None:
        self.items: dict[_Key, _Array | bytes] = {}
        self.next_index: int | None = None
        self.origin: dict[_Key, int] = {}

    def set(self, key: _Key, value: _Array | bytes, origin: int) -> None:
        if key not in self.items:
            self.origin[key] = origin
        self.items[key] = value
        if isinstance(key, int) and (self.next_index is None or key >= self.next_index):
            self.next_index = key + 1

    def append(self, value: _Array | bytes, origin: int) -> _Key | None:
        key = 0 if self.next_index is None else self.next_index
        if key > _INT64_MAX or key in self.items:
            return None
        self.set(key, value, origin)
        return key

    def child(self, key: _Key, origin: int) -> _Array:
        existing = self.items.get(key)
        if isinstance(existing, _Array):
            return existing
        fresh = _Array()
        self.set(key, fresh, origin)
        return fresh


def _register(top: _Array, name: bytes, value: bytes, origin: int) -> None:
    """PHP's ``php_register_variable_ex`` for one decoded ``name=value`` pair."""
    name = name.split(b"\x00", 1)[0].lstrip(b" ")
    bracket = name.find(b"[")
    base = name if bracket < 0 else name[:bracket]
    base = base.replace(b" ", b"_").replace(b".", b"_")
    if not base:
        return
    if bracket < 0:
        top.set(_array_key(base), value, origin)
        return
    table = top
    index: _Key | None = _array_key(base)
    rest = name[bracket:]  # starts at "["
    level = 0
    while True:
        level += 1
        if level > _MAX_NESTING:
            top.items.pop(_array_key(base), None)
            return
        segment_start = 1
        probe = segment_start
        if probe < len(rest) and rest[probe : probe + 1] in (b" ", b"\r", b"\n", b"\t"):
            probe += 1
        if probe < len(rest) and rest[probe : probe + 1] == b"]":
            new_index: bytes | None = None
            close = probe
        else:
            close = rest.find(b"]", probe)
            if close < 0:
                # An unmatched "[": the name is not an array access after all.
                tail = rest[segment_start:]
                for ch in (b" ", b".", b"["):
                    tail = tail.replace(ch, b"_")
                if level == 1:
                    table.set(_array_key(base + b"_" + tail), value, origin)
                elif index is None:
                    table.append(value, origin)
                else:
                    table.set(index, value, origin)
                return
            new_index = rest[segment_start:close]
        if index is None:
            fresh = _Array()
            if table.append(fresh, origin) is None:
                return
            table = fresh
        else:
            table = table.child(index, origin)
        index = None if new_index is None else _array_key(new_index)
        rest = rest[close + 1 :]
        if not rest.startswith(b"["):
            break
    if index is None:
        table.append(value, origin)
    else:
        table.set(index, value, origin)


def _query_part(text: str) -> tuple[str, int]:
    """The query string inside ``text`` and its offset in ``text``."""
    if _URL_START.match(text):
        mark = text.find("?")
        if mark < 0:
            return "", len(text)
        end = text.find("#", mark)
        return text[mark + 1 : end if end >= 0 else len(text)], mark + 1
    if text.startswith("?"):
        return text[1:], 1
    return text, 0


def decode(text_or_url: str, key: str = "queries") -> list[str]:
    """The query strings in a URL or URL query string, in the order the server reads them.

    Accepts ``queries[0]=…`` and ``queries[]=…`` (mixed too), a bare query string with or
    without a leading ``?``, or a whole URL (other parameters and the fragment are ignored).
    See the module documentation for how PHP resolves repeated and odd keys.

    >>> decode("?queries[]=%7B%22method%22%3A%22limit%22%2C%22values%22%3A%5B1%5D%7D&page=2")
    ['{"method":"limit","values":[1]}']
    >>> decode("queries[1]=b&queries[0]=a&queries[1]=c")
    ['c', 'a']
    """
    _check_key(key)
    if not isinstance(text_or_url, str):
        raise CodecError(f"decode takes a string, got {type(text_or_url).__name__}")
    if len(text_or_url) > MAX_URL_LENGTH:
        raise LimitError(
            f"the text is {len(text_or_url)} characters long; the limit is {MAX_URL_LENGTH}",
            span=Span(MAX_URL_LENGTH, len(text_or_url)),
            source=text_or_url,
        )
    query, offset = _query_part(text_or_url)
    nul = query.find("\x00")
    if nul >= 0:
        query = query[:nul]  # PHP reads the query string as a C string
    top = _Array()
    pairs = 0
    position = offset
    for token in query.split("&"):
        start = position
        position += len(token) + 1
        if not token:
            continue
        pairs += 1
        if pairs > MAX_QUERIES:
            raise LimitError(
                f"more than {MAX_QUERIES} parameters; PHP ignores the ones after its max_input_vars",
                span=Span(start, start + len(token)),
                source=text_or_url,
            )
        try:
            raw = token.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise CodecError(
                "the text contains a lone surrogate",
                span=Span(start + exc.start, start + exc.end),
                source=text_or_url,
            ) from None
        name, equals, value = raw.partition(b"=")
        _register(top, _url_decode(name), _url_decode(value) if equals else b"", start)
    normalized = key.lstrip(" ").replace(" ", "_").replace(".", "_").encode("utf-8")
    entry = top.items.get(_array_key(normalized))
    if entry is None:
        return []
    where = top.origin.get(_array_key(normalized), offset)
    if not isinstance(entry, _Array):
        raise CodecError(
            f"`{key}` is a single value, not a list: write {key}[0]=... or {key}[]=...",
            span=Span(where, where + 1),
            source=text_or_url,
        )
    out: list[str] = []
    for item_key, item in entry.items.items():
        origin = entry.origin.get(item_key, where)
        if isinstance(item, _Array):
            raise CodecError(
                f"`{key}` holds a nested array; each query must be a string",
                span=Span(origin, origin + 1),
                source=text_or_url,
            )
        try:
            out.append(item.decode("utf-8"))
        except UnicodeDecodeError:
            raise CodecError(
                "a query string is not valid UTF-8 once percent-decoded",
                span=Span(origin, origin + 1),
                source=text_or_url,
            ) from None
    return out
