"""Round trips and robustness, as Hypothesis properties."""

from __future__ import annotations

import string
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from querykit import permissions as perms
from querykit.errors import QueryError
from querykit.permissions import (
    AnyRole,
    Guests,
    Label,
    Member,
    Permission,
    PermissionSet,
    Role,
    Team,
    User,
    Users,
)
from querykit.permissions.parsing import PUBLIC_PARSERS

ALNUM = string.ascii_letters + string.digits
KEY_CHARS = ALNUM + "._-"


def keys(max_size: int) -> st.SearchStrategy[str]:
    return st.builds(
        lambda first, rest: first + rest,
        st.sampled_from(ALNUM),
        st.text(KEY_CHARS, max_size=max_size - 1),
    ).filter(lambda s: s != "0")


statuses = st.sampled_from(["", "verified", "unverified"])
roles: st.SearchStrategy[Role] = st.one_of(
    st.just(AnyRole()),
    st.just(Guests()),
    st.builds(Users, statuses),
    st.builds(User, keys(36), statuses),
    st.builds(Team, keys(36), st.one_of(st.just(""), keys(81))),
    st.builds(Member, keys(36)),
    st.builds(Label, st.text(ALNUM, min_size=1, max_size=36).filter(lambda s: s != "0")),
)
actions = st.sampled_from(["read", "create", "update", "delete", "write"])
permissions = st.builds(Permission, actions, roles)
permission_sets = st.builds(lambda ps: PermissionSet(tuple(ps)), st.lists(permissions, max_size=25))

FRAGMENTS = ["read", "write", ": ", "any", ", ", "user:", "a1", "/", "verified", ";", "\n", '("', '")']
FRAGMENTS += ["[", "]", '"', "\\", "label:", "team:t/", "users", "\\u12", "'", "0", "_", "role:", "*"]

#: Text near the languages' alphabets finds more interesting failures than arbitrary unicode.
noise = st.one_of(
    st.text(),
    st.text(alphabet=KEY_CHARS + ":/;,\"'()[]\\ \n#*"),
    st.lists(st.sampled_from(FRAGMENTS)).map("".join),
)


@settings(max_examples=500, deadline=None)
@given(permission_sets)
def test_model_text_model(ps: PermissionSet) -> None:
    text = perms.format(ps)
    assert perms.parse(text) == ps
    assert perms.format(perms.parse(text)) == text


@settings(max_examples=500, deadline=None)
@given(permission_sets)
def test_model_strings_model(ps: PermissionSet) -> None:
    strings = ps.strings()
    assert PermissionSet(tuple(perms.parse_permission(s) for s in strings)) == ps
    assert PermissionSet(tuple(perms.parse_permission(s, mode="server") for s in strings)) == ps
    for p in ps:
        assert perms.parse_role(str(p.role)) == p.role


@settings(max_examples=500, deadline=None)
@given(st.lists(permissions, max_size=25))
def test_strings_text_strings(items: list[Permission]) -> None:
    strings = [str(p) for p in items]
    canonical = PermissionSet(tuple(items)).strings()
    assert perms.compile(perms.decompile(strings)) == canonical
    assert set(canonical) == set(strings)


@settings(max_examples=500, deadline=None)
@given(st.lists(permissions, max_size=25), st.sampled_from(perms.RESOURCE_KINDS))
def test_collapsed_write_means_the_same(items: list[Permission], resource: perms.ResourceKind) -> None:
    strings = [str(p) for p in items]
    collapsed = perms.compile(perms.decompile(strings, collapse_write=resource))
    assert set(perms.aggregate(collapsed, resource=resource)) == set(
        perms.aggregate(strings, resource=resource)
    )


@settings(max_examples=500, deadline=None)
@given(st.lists(permissions, max_size=10), st.sampled_from(perms.RESOURCE_KINDS))
def test_server_accepts_what_strict_accepts(items: list[Permission], resource: perms.ResourceKind) -> None:
    strings = [str(p) for p in items if resource in perms.RESOURCE_KINDS[:3] or p.action != "create"]
    if resource == "file-update":
        strings = [str(p) for p in items]
    assert perms.check_permissions(strings, resource=resource).valid


def _robust(parse: Callable[[str], object], text: str) -> None:
    try:
        parse(text)
    except QueryError as e:
        if e.span is not None:
            assert 0 <= e.span.start <= e.span.end <= len(text)
        e.render()


@settings(max_examples=500, deadline=None)
@given(noise)
def test_any_text_parses_or_fails_cleanly(text: str) -> None:
    for parse in PUBLIC_PARSERS:
        _robust(parse, text)
    _robust(perms.compile, text)
    _robust(perms.parse, text)
    _robust(lambda s: perms.decompile([s]), text)
    _robust(lambda s: perms.decompile(s), text)


@settings(max_examples=500, deadline=None)
@given(noise)
def test_server_mode_agrees_with_the_validator(text: str) -> None:
    valid = perms.check_permissions([text]).valid
    try:
        parsed = perms.parse_permission(text, mode="server")
    except QueryError:
        assert not valid
    else:
        assert valid
        assert perms.aggregate([text]) in (
            [str(parsed)],
            [f'{a}("{parsed.role}")' for a in ("create", "update", "delete")],
        )


@settings(max_examples=500, deadline=None)
@given(noise)
def test_verdict_functions_never_raise(text: str) -> None:
    for resource in perms.RESOURCE_KINDS:
        perms.check_permissions([text], resource=resource)
        perms.check_grant([text], ["users", "user:a1"], resource=resource)
    perms.check_roles([text])
