"""The permission language parses on the shipped loop tables and contextual lexer exactly as
with Lark's parser, which still explains every syntax error."""

from __future__ import annotations

import subprocess
import sys
from functools import partial

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from querykit.errors import QueryError
from querykit.grammar import loop, read_grammar
from querykit.permissions import _loop
from querykit.permissions.parsing import _loop_tables, _parse_lark, parse_items

TEXTS = [
    "read: any",
    "read, update: any; delete: user:abc/verified",
    "READ: users/unverified\ncreate: team:t1/owner, label:vip",
    "read: team:any/users, member:m1, guests",
    'read("any")\nupdate("users")',
    '["read(\\"any\\")", "update(\\"user:abc\\")"]',
    "# a comment\nwrite: team:t1\n\n; read: any",
    'read ( "any" )',
    "",
    ";;",
]


def _fast(text: str) -> object:
    fast = _loop_tables()
    assert fast is not None
    tables, scanner = fast
    return loop.run(tables, partial(scanner.tokens, text))


def _spans(items: object) -> list[tuple[str, str, int, int]]:
    assert isinstance(items, list)
    return [(str(p), str(t), t.start_pos, t.end_pos) for p, t in items]


def test_shipped_loop_tables_match_the_grammar() -> None:
    # When this fails, run `python -m querykit.text` and commit querykit/permissions/_loop.py.
    assert read_grammar("permissions.lark") == _loop.GRAMMAR


@pytest.mark.parametrize("text", TEXTS)
def test_loop_parses_like_lark(text: str) -> None:
    assert _spans(_fast(text)) == _spans(_parse_lark(text))


@pytest.mark.parametrize("text", ["read any", "read: ", "read: any,", "(", 'read("any"', "read: any ]"])
def test_refused_text_falls_back_to_lark_for_the_message(text: str) -> None:
    with pytest.raises((loop.Refused, QueryError)):
        _fast(text)
    with pytest.raises(QueryError) as fast_error:
        parse_items(text)
    with pytest.raises(QueryError) as lark_error:
        _parse_lark(text)
    assert str(fast_error.value) == str(lark_error.value)


_PIECES = [
    "read",
    "update",
    ":",
    ",",
    ";",
    "\n",
    " ",
    "any",
    "users",
    "/",
    "verified",
    "team",
    "t1",
    "label",
    "vip",
    "(",
    ")",
    '"',
    "user",
    "member",
    "[",
    "]",
    '"read(\\"any\\")"',
    "#x",
    "é",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
@example("read:read")
def test_loop_and_lark_agree_on_any_text(text: str) -> None:
    try:
        expected: object = _spans(_parse_lark(text))
    except QueryError as e:
        e.source = text  # as parse_items places it
        expected = type(e), str(e)
    try:
        got: object = _spans(parse_items(text))
    except QueryError as e:
        got = type(e), str(e)
    assert got == expected


def test_compiling_permissions_does_not_import_lark() -> None:
    code = (
        "import sys\n"
        "from querykit import permissions\n"
        "permissions.compile('read: any; update, delete: user:abc/verified')\n"
        "print('lark' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
