"""The permission language: compile, decompile, parse, format, and errors with places."""

from __future__ import annotations

import pytest

from querykit import permissions as perms
from querykit.errors import LimitError, QueryError
from querykit.permissions import PermissionSyntaxError, RejectedError, RoleValueError


def test_issue_examples() -> None:
    assert perms.compile("read: any; update, delete: user:abc/verified") == [
        'read("any")',
        'update("user:abc/verified")',
        'delete("user:abc/verified")',
    ]
    assert (
        perms.decompile(['read("any")', 'delete("team:t1/owner")', 'update("team:t1/owner")'])
        == "read: any\nupdate, delete: team:t1/owner"
    )


def test_language_page_example() -> None:
    text = "read: any\ncreate, update: users/verified\n"
    text += "delete: team:admins/owner, user:5c1f\nwrite: label:editors"
    assert perms.compile(text) == [
        'read("any")',
        'create("users/verified")',
        'update("users/verified")',
        'delete("user:5c1f")',
        'delete("team:admins/owner")',
        'write("label:editors")',
    ]


def test_every_role_form() -> None:
    text = "read: any, guests, users, users/verified, users/unverified, user:u1, user:u1/verified, "
    text += "user:u1/unverified, team:t1, team:t1/owner, member:m1, label:vip"
    assert perms.compile(text) == [
        'read("any")',
        'read("guests")',
        'read("users")',
        'read("users/verified")',
        'read("users/unverified")',
        'read("user:u1")',
        'read("user:u1/verified")',
        'read("user:u1/unverified")',
        'read("team:t1")',
        'read("team:t1/owner")',
        'read("member:m1")',
        'read("label:vip")',
    ]


def test_keywords_are_names_after_a_colon() -> None:
    assert perms.compile("read: team:any/users, user:read, label:label") == [
        'read("user:read")',
        'read("team:any/users")',
        'read("label:label")',
    ]


def test_separators_comments_and_case() -> None:
    text = "\n# who reads\nREAD: any ;; Update ,delete : users # trailing\r\n\n"
    assert perms.compile(text) == ['read("any")', 'update("users")', 'delete("users")']
    assert perms.compile("") == []
    assert perms.compile("# nothing\n;") == []


def test_appwrite_strings_and_lists() -> None:
    expected = ['read("any")', 'update("users")']
    assert perms.compile('read("any")\nupdate("users")') == expected
    assert perms.compile('["read(\\"any\\")", "update(\\"users\\")"]') == expected
    assert perms.compile('[\n  "read(\\"any\\")",\n  "update(\\"users\\")"\n]') == expected
    assert perms.compile("['read(\"any\")', 'update(\"users\")']") == expected
    assert perms.compile("[]") == []
    assert perms.compile('["read(\\u0022any\\u0022)"]') == ['read("any")']


def test_duplicates_collapse_and_order_is_canonical() -> None:
    assert perms.compile("update: user:b, user:a; read: any; update: user:a") == [
        'read("any")',
        'update("user:a")',
        'update("user:b")',
    ]


def test_compile_for_a_resource() -> None:
    assert perms.compile("write: users", resource="collection") == [
        'create("users")',
        'update("users")',
        'delete("users")',
    ]
    assert perms.compile("write: users", resource="file") == ['update("users")', 'delete("users")']
    assert perms.compile("create: users", resource="file-update") == ['create("users")']
    with pytest.raises(RejectedError) as info:
        perms.compile("read: any\ncreate: users", resource="document")
    assert info.value.message == (
        'Permission "create("users")" is not allowed. Must be one of: read, update, delete, write.'
    )
    assert (info.value.line, info.value.column) == (2, 1)
    text = "\n".join(f"read: user:u{i}" for i in range(101))
    with pytest.raises(LimitError, match=r"You can only provide up to 100 permissions\."):
        perms.compile(text, resource="bucket")
    assert len(perms.compile(text)) == 101
    with pytest.raises(QueryError, match="unknown resource kind"):
        perms.compile("read: any", resource="database")  # type: ignore[arg-type]


def test_decompile() -> None:
    assert perms.decompile([]) == ""
    assert (
        perms.decompile(['delete("users")', 'read("users")', 'update("users")'])
        == "read, update, delete: users"
    )
    strings = ['create("any")', 'update("any")', 'delete("any")', 'read("any")']
    assert perms.decompile(strings, collapse_write="collection") == "read, write: any"
    assert perms.decompile(strings, collapse_write="document") == "read, create, write: any"
    assert perms.decompile('["read(\\"any\\")"]') == "read: any"
    assert perms.decompile(['read("users:")'], mode="server") == "read: users"
    with pytest.raises(RoleValueError) as info:
        perms.decompile(['read("any")', 'read("users:")'])
    assert info.value.hint is not None and "list element 1" in info.value.hint


def test_statements_are_ordered_by_actions() -> None:
    strings = ['delete("user:a")', 'read("user:b")', 'update("user:a")', 'read("any")', 'write("label:x")']
    assert perms.decompile(strings) == "read: any, user:b\nupdate, delete: user:a\nwrite: label:x"


def test_parse_and_format() -> None:
    ps = perms.parse("update: users; read: any")
    assert ps.strings() == ['read("any")', 'update("users")']
    assert perms.format(ps) == "read: any\nupdate: users"
    assert perms.format(list(ps)) == "read: any\nupdate: users"
    assert perms.format(perms.PermissionSet()) == ""


@pytest.mark.parametrize(
    ("text", "message", "start", "end"),
    [
        ("read any", "unexpected `any`; expected `:`, `,` or `(`", 5, 8),
        ("readers: any", "unexpected `readers`", 0, 7),
        ("read: user:", "unexpected end of input; expected an ID", 11, 11),
        ("read: label:", "unexpected end of input; expected a label name", 12, 12),
        ("read: users/", "unexpected end of input; expected a status or team role", 12, 12),
        ("read: @", "unexpected `@`; expected a role", 6, 7),
        ("read: any, update: users", "unexpected `:`; expected `,`, `;` or a new line", 17, 18),
        ('read: "any"', 'unexpected `"any"`; expected a role', 6, 11),
        ("read: user:a/b/c", "unexpected `/`", 14, 15),
        ('read("any"', "unexpected end of input; expected `)`", 10, 10),
        ('["read(\\"any\\")" "x"]', 'unexpected `"x"`', 17, 20),
        ('["\\q"]', "invalid escape in a string", 2, 4),
        ('["\\ud800"]', "lone surrogate in a string", 2, 8),
    ],
)
def test_syntax_errors(text: str, message: str, start: int, end: int) -> None:
    with pytest.raises(PermissionSyntaxError) as info:
        perms.parse(text)
    assert info.value.message.startswith(message)
    assert info.value.span is not None
    assert (info.value.span.start, info.value.span.end) == (start, end)
    assert info.value.source == text
    assert "^" in info.value.render()


def test_separator_hint() -> None:
    with pytest.raises(PermissionSyntaxError) as info:
        perms.parse("read: any, update: users")
    assert info.value.hint is not None and "separate statements" in info.value.hint


@pytest.mark.parametrize(
    ("text", "message", "start", "end", "hint"),
    [
        ("read: anyone", 'Role "anyone" is not allowed.', 6, 12, "did you mean `any`?"),
        ("read: Users", 'Role "Users" is not allowed.', 6, 11, "role names are lower-case: `users`"),
        ("read: admin", 'Role "admin" is not allowed.', 6, 11, None),
        ("read: user:_x", 'Role "user" identifier value is invalid', 11, 13, None),
        ("read: user:0", 'Role "user" must have an ID value.', 11, 12, None),
        ("read: user:abc/admin", 'Role "user" dimension value is invalid.', 15, 20, None),
        ("read: team:t1/0", "Dimension must not be empty", 14, 15, None),
        ("read: label:a-b", 'Role "label" identifier value is invalid', 12, 15, None),
        ('["read(\\"user:a b\\")"]', 'Role "user" identifier value is invalid', 14, 17, None),
        ("read: any\n['read(\"label:a_b\")']", 'Role "label" identifier value', 24, 27, None),
    ],
)
def test_role_errors_have_places(text: str, message: str, start: int, end: int, hint: str | None) -> None:
    with pytest.raises(RoleValueError) as info:
        perms.compile(text)
    assert info.value.message.startswith(message)
    assert info.value.span is not None
    assert (info.value.span.start, info.value.span.end) == (start, end)
    assert info.value.hint == hint
    assert info.value.source == text


def test_limits() -> None:
    with pytest.raises(LimitError):
        perms.parse("#" * (perms.MAX_TEXT_LENGTH + 1))
    with pytest.raises(LimitError):
        perms.parse_permission("r" * (perms.MAX_STRING_LENGTH + 1))
    with pytest.raises(QueryError):
        perms.parse(None)  # type: ignore[arg-type]
    with pytest.raises(QueryError):
        perms.parse_permission('read("any")', mode="lenient")  # type: ignore[arg-type]


def test_long_input_is_linear_and_iterative() -> None:
    text = "read: " + ", ".join(f"user:u{i}" for i in range(20_000))
    assert len(perms.compile(text)) == 20_000
    assert len(perms.parse(";\n" * 50_000)) == 0
