"""URL encoding of query strings, checked against the Python SDK and requests."""

from __future__ import annotations

import pytest
import requests
from appwrite.client import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from querykit import url
from querykit.errors import CodecError, LimitError, QueryError

LIMIT = '{"method":"limit","values":[25]}'
EQUAL = '{"method":"equal","attribute":"title","values":["Iron Man","a/b & c?d=é"]}'


def _sdk_url(strings: list[str]) -> str:
    """The URL the Python SDK requests for ``queries=strings`` on a GET endpoint."""
    params = Client().flatten({"queries": strings})
    prepared = requests.Request("GET", "https://h.example/v1/x", params=params).prepare()
    assert prepared.url is not None
    return prepared.url


def _requests_brackets(strings: list[str]) -> str:
    prepared = requests.Request(
        "GET", "https://h.example/v1/x", params=[("queries[]", s) for s in strings]
    ).prepare()
    assert prepared.url is not None
    return prepared.url


def test_encode_matches_the_sdk() -> None:
    assert "https://h.example/v1/x?" + url.encode([LIMIT, EQUAL]) == _sdk_url([LIMIT, EQUAL])


def test_encode_examples() -> None:
    assert url.encode(["a b"]) == "queries%5B0%5D=a+b"
    assert url.encode(["a b"], style="brackets") == "queries%5B%5D=a+b"
    assert url.encode(["~-._*"]) == "queries%5B0%5D=~-._%2A"
    assert url.encode(["x"], key="filters") == "filters%5B0%5D=x"
    assert url.encode([]) == ""
    assert url.encode([""]) == "queries%5B0%5D="


_ANY_TEXT = st.text(max_size=30)


@settings(max_examples=500, deadline=None)
@given(st.lists(_ANY_TEXT, max_size=12))
def test_encode_is_what_requests_sends(strings: list[str]) -> None:
    try:
        expected = _sdk_url(strings)
    except UnicodeEncodeError:
        with pytest.raises(CodecError):
            url.encode(strings)
        return
    encoded = url.encode(strings)
    assert ("https://h.example/v1/x?" + encoded if encoded else "https://h.example/v1/x") == expected


@settings(max_examples=500, deadline=None)
@given(st.lists(_ANY_TEXT, min_size=1, max_size=12))
def test_brackets_is_what_requests_sends(strings: list[str]) -> None:
    try:
        expected = _requests_brackets(strings)
    except UnicodeEncodeError:
        with pytest.raises(CodecError):
            url.encode(strings, style="brackets")
        return
    assert "https://h.example/v1/x?" + url.encode(strings, style="brackets") == expected


_SENDABLE = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=30)


@settings(max_examples=500, deadline=None)
@given(st.lists(_SENDABLE, max_size=12), st.sampled_from(["indexed", "brackets"]))
def test_decode_inverts_encode(strings: list[str], style: url.Style) -> None:
    encoded = url.encode(strings, style=style)
    assert url.decode(encoded) == strings
    assert url.decode("?" + encoded) == strings
    assert url.decode("https://h.example/v1/x?page=2&" + encoded + "&x=1#frag") == strings


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=60))
def test_decode_any_text_gives_strings_or_an_error_inside_the_input(text: str) -> None:
    try:
        result = url.decode(text)
    except QueryError as error:
        assert error.span is not None
        assert 0 <= error.span.start <= error.span.end <= len(text)
        return
    assert all(isinstance(s, str) for s in result)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("?", []),
        ("page=2", []),
        ("https://h.example/v1/x", []),
        ("https://h.example/v1/x#queries[0]=a", []),
        ("queries[0]=a&queries[1]=b", ["a", "b"]),
        ("queries[]=a&queries[]=b", ["a", "b"]),
        # PHP keeps the order in which each key first appeared.
        ("queries[1]=b&queries[0]=a", ["b", "a"]),
        ("queries[10]=k&queries[2]=c", ["k", "c"]),
        # A repeated index replaces the value in its first position.
        ("queries[0]=a&queries[1]=b&queries[0]=c", ["c", "b"]),
        # [] appends after the largest integer index so far.
        ("queries[5]=a&queries[]=b", ["a", "b"]),
        ("queries[]=a&queries[0]=b", ["b"]),
        ("queries[]=a&queries[1]=b&queries[]=c", ["a", "b", "c"]),
        ("queries[-3]=a&queries[]=b&queries[-2]=c", ["a", "c"]),
        # Non-canonical indexes are string keys and keep their own place.
        ("queries[01]=a&queries[1]=b", ["a", "b"]),
        ("queries[x]=a&queries[0]=b", ["a", "b"]),
        ("queries[ ]=a&queries[ ]=b", ["a", "b"]),
        ("queries[ 0]=a&queries[0]=b", ["a", "b"]),
        # Decoding: + is a space, bad escapes stay, empty pairs are skipped.
        ("queries[0]=a+b%20c%2", ["a b c%2"]),
        ("queries[0]=%zz%4", ["%zz%4"]),
        ("&&queries[0]=a&&", ["a"]),
        ("queries[0]", [""]),
        ("queries[0]=a=b", ["a=b"]),
        # Encoded brackets and mangled names.
        ("queries%5B0%5D=a", ["a"]),
        ("+queries[0]=a", ["a"]),
        ("queries[0]junk=a", ["a"]),
        ("queries[0=x", []),
        # A plain queries= replaced by an array access, and the other way round.
        ("queries=x&queries[0]=a", ["a"]),
        # A raw NUL ends the query string.
        ("queries[0]=a\x00&queries[1]=b", ["a"]),
        ("queries[0]=%00", ["\x00"]),
        ("queries[0]=%C3%A9", ["é"]),
    ],
)
def test_decode_follows_php(text: str, expected: list[str]) -> None:
    assert url.decode(text) == expected


def test_decode_key_is_mangled_like_php() -> None:
    assert url.decode("my_q[0]=a", key="my.q") == ["a"]
    assert url.decode("my.q[0]=a", key="my q") == ["a"]
    assert url.decode("filters[0]=a&queries[0]=b", key="filters") == ["a"]


def test_unmatched_bracket_makes_a_plain_name() -> None:
    with pytest.raises(CodecError, match="single value"):
        url.decode("queries[0=x", key="queries_0")


def test_nesting_beyond_php_limit_drops_the_variable() -> None:
    assert url.decode("queries[0]=a&queries" + "[x]" * 65 + "=b") == []
    with pytest.raises(CodecError, match="nested"):
        url.decode("queries[0]=a&queries" + "[x]" * 64 + "=b")


@pytest.mark.parametrize(
    ("text", "match", "start"),
    [
        ("page=1&queries=x", "single value", 7),
        ("queries%00x[0]=a", "single value", 0),
        ("queries[0][x]=a", "nested", 0),
        ("queries[0]=%FF", "UTF-8", 0),
        ("a=1&queries[0]=ok&queries[1]=%C3", "UTF-8", 18),
        ("queries[0]=\ud800", "surrogate", 11),
    ],
)
def test_decode_errors(text: str, match: str, start: int) -> None:
    with pytest.raises(CodecError, match=match) as info:
        url.decode(text)
    assert info.value.span is not None
    assert info.value.span.start == start
    assert info.value.source == text


def test_limits() -> None:
    with pytest.raises(LimitError):
        url.encode(["x"] * (url.MAX_QUERIES + 1))
    with pytest.raises(LimitError):
        url.encode(["x" * (url.MAX_QUERY_LENGTH + 1)])
    with pytest.raises(LimitError):
        url.decode("&".join(["a=1"] * (url.MAX_QUERIES + 1)))
    with pytest.raises(LimitError):
        url.decode("a" * (url.MAX_URL_LENGTH + 1))


@pytest.mark.parametrize(
    "call",
    [
        lambda: url.encode("not a list"),
        lambda: url.encode([1]),  # type: ignore[list-item]
        lambda: url.encode(["x"], style="repeated"),  # type: ignore[arg-type]
        lambda: url.encode(["x"], key=""),
        lambda: url.encode(["x"], key="a[b]"),
        lambda: url.decode(b"queries[0]=a"),  # type: ignore[arg-type]
        lambda: url.decode("x", key=None),  # type: ignore[arg-type]
    ],
)
def test_bad_arguments_are_query_errors(call: object) -> None:
    with pytest.raises(QueryError):
        call()  # type: ignore[operator]
