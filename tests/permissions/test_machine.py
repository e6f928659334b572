"""The permission machine (scanner and LALR loop in one, on the tables Lark builds) gives what
Lark's parser gives, errors included."""

from __future__ import annotations

import doctest
import importlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from querykit import permissions as perms
from querykit.errors import QueryError
from querykit.grammar import loop
from querykit.permissions import _loop
from querykit.permissions.model import PermissionSet, valid_role
from querykit.permissions.parsing import _Build, _loop_tables, _parse_lark, parse_items

from .test_loop import TEXTS


def _spans(items: object) -> list[tuple[str, str, str, int, int]]:
    assert isinstance(items, list)
    return [(str(p), str(t), t.type, t.start_pos, t.end_pos) for p, t in items]


def _lark(text: str) -> object:
    try:
        return _spans(_parse_lark(text))
    except QueryError as e:
        e.source = text  # as parse_items places it
        return type(e), str(e)


def _lark_strings(text: str) -> object:
    try:
        return PermissionSet(tuple(p for p, _ in _parse_lark(text))).strings()
    except QueryError as e:
        e.source = text
        return type(e), str(e)


def _compiled(text: str) -> object:
    try:
        return perms.compile(text)
    except QueryError as e:
        return type(e), str(e)


STATEMENTS = [
    "read: any",
    "read: any; update, delete: user:abc/verified",
    "read: users/verified, team:editors\ncreate, update: team:editors/owner\ndelete: label:admin",
    "read: guests, member:m-1842; update: member:m-1842; delete: user:u77",
    " READ , Write :users / unverified ,team : t.1 / x_y \r\n\r\f;\t",
    "read: team:any/users, team:any, user:team",
    "",
    ";\n\r\n",
    "update: users; read: any, users; read: any",
]


@pytest.mark.parametrize("text", STATEMENTS)
def test_statements_are_read_as_lark_reads_them(text: str) -> None:
    assert _spans(parse_items(text)) == _lark(text)
    assert _compiled(text) == _lark_strings(text)


@pytest.mark.parametrize(
    "text",
    [
        'read("any")',
        "read: any # a comment",
        "read: user:0",
        "read: user:_x",
        "read: users/admin",
        "read: team:t1/0",
        "read: label:a-b",
        "read: user:" + "a" * 37,
        "read: Any",
        "read: anyx",
        "read: users:x",
        "read: member:m1/x",
        "reads: any",
        "read any",
        "read: any,",
        "read: any\v",
        "read:read",
    ],
)
def test_odd_texts_compile_as_lark_reads_them(text: str) -> None:
    assert _compiled(text) == _lark_strings(text)


_PIECES = [
    "read",
    "Update",
    "delete",
    "write",
    ":",
    ",",
    ";",
    "\n",
    "\r",
    " ",
    "\t",
    "any",
    "guests",
    "users",
    "user",
    "/",
    "verified",
    "unverified",
    "team",
    "t1",
    "owner",
    "member",
    "label",
    "vip",
    "0",
    "_x",
    "a-b",
    "(",
    '"',
    "#x",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14).map("".join))
def test_compile_and_lark_agree_on_any_text(text: str) -> None:
    assert _compiled(text) == _lark_strings(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14).map("".join))
def test_the_machine_and_lark_agree_on_any_text(text: str) -> None:
    try:
        got: object = _spans(parse_items(text))
    except QueryError as e:
        got = type(e), str(e)
    assert got == _lark(text)


@pytest.mark.parametrize("text", TEXTS + STATEMENTS)
def test_the_machine_parses_like_the_loop(text: str) -> None:
    fast = _loop_tables()
    assert fast is not None
    tables, scanner = fast
    machine = perms.parsing._machine()
    assert machine is not None
    expected = _spans(loop.run(tables, lambda state: scanner.tokens(text, state)))
    assert _spans(machine.parse(text)) == expected


def test_the_machine_refuses_what_the_loop_refuses() -> None:
    machine = perms.parsing._machine()
    assert machine is not None
    for text in ["read any", "read: ", "read: any,", "(", 'read("any"', "read: any ]", "é"]:
        with pytest.raises((loop.Refused, QueryError)):
            machine.parse(text)


def test_the_machine_reads_the_shipped_tables() -> None:
    from querykit.permissions.machine import Machine

    machine = Machine(_loop.TABLES, _loop.LEXER, _Build())
    assert _spans(machine.parse("read: any")) == _lark("read: any")


@pytest.mark.parametrize("name", ["querykit.permissions.machine", "querykit.grammar.scan"])
def test_docstrings(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


@pytest.mark.parametrize(
    ("kind", "ident", "dimension"),
    [
        ("any", "", ""),
        ("guests", "", ""),
        ("users", "", ""),
        ("users", "", "verified"),
        ("user", "u1", ""),
        ("user", "u1", "unverified"),
        ("team", "t1", ""),
        ("team", "t1", "owner"),
        ("member", "m1", ""),
        ("label", "vip", ""),
    ],
)
def test_a_parsed_role_is_the_role_make_role_builds(kind: str, ident: str, dimension: str) -> None:
    role = valid_role(kind, ident, dimension)
    assert role == perms.model.make_role(kind, ident, dimension)
    assert role._key == perms.model.make_role(kind, ident, dimension)._key
    assert parse_items(f"read: {role}")[0][0].role == role
