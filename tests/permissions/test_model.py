"""The typed model: rules of IDs, team roles and labels; canonical strings and order."""

from __future__ import annotations

import pytest

from querykit.permissions import (
    AnyRole,
    Guests,
    Label,
    Member,
    Permission,
    PermissionSet,
    Role,
    RoleValueError,
    Team,
    User,
    Users,
)


def test_strings() -> None:
    assert [str(r) for r in (AnyRole(), Guests(), Users(), Users("verified"), Users("unverified"))] == [
        "any",
        "guests",
        "users",
        "users/verified",
        "users/unverified",
    ]
    assert str(User("abc")) == "user:abc"
    assert str(User("abc", "unverified")) == "user:abc/unverified"
    assert str(Team("t1")) == "team:t1"
    assert str(Team("t1", "owner")) == "team:t1/owner"
    assert str(Member("m1")) == "member:m1"
    assert str(Label("vip")) == "label:vip"
    assert str(Permission("write", Label("vip"))) == 'write("label:vip")'


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: User(""), 'Role "user" must have an ID value.'),
        (lambda: User("0"), 'Role "user" must have an ID value.'),
        (lambda: Team("0"), 'Role "team" must have an ID value.'),
        (lambda: Member("0"), 'Role "member" must have an ID value.'),
        (lambda: Label("0"), 'Role "label" must have an ID value.'),
        (lambda: User("_a"), 'Role "user" identifier value is invalid: Parameter must contain at most 36'),
        (lambda: User("a" * 37), 'Role "user" identifier value is invalid'),
        (lambda: User("á"), 'Role "user" identifier value is invalid'),
        (lambda: User("a", "Verified"), 'Role "user" dimension value is invalid. Must be one of'),
        (lambda: Users("admin"), 'Role "users" dimension value is invalid. Must be one of'),
        (lambda: Team("t", "0"), "Dimension must not be empty"),
        (
            lambda: Team("t", "-x"),
            'Role "team" dimension value is invalid: Parameter must contain at most 81',
        ),
        (lambda: Team("t", "d" * 82), 'Role "team" dimension value is invalid'),
        (lambda: Label("a-b"), 'Role "label" identifier value is invalid: Value must be a valid string'),
        (lambda: Label("a" * 37), 'Role "label" identifier value is invalid'),
        (lambda: User(5), 'Role "user" needs string values'),  # type: ignore[arg-type]
    ],
)
def test_rules(make: object, message: str) -> None:
    with pytest.raises(RoleValueError) as info:
        make()  # type: ignore[operator]
    assert info.value.message.startswith(message)


def test_limits_are_inclusive() -> None:
    assert User("a" * 36).id == "a" * 36
    assert Team("t", "d" * 81).role == "d" * 81
    assert Label("a" * 36).name == "a" * 36
    assert User("00").id == "00"
    assert User("a.b-c_d").id == "a.b-c_d"


def test_bad_permission_values() -> None:
    with pytest.raises(RoleValueError):
        Permission("READ", AnyRole())  # type: ignore[arg-type]
    with pytest.raises(RoleValueError):
        Permission("read", "any")  # type: ignore[arg-type]
    with pytest.raises(RoleValueError):
        PermissionSet(("read",))  # type: ignore[arg-type]


def test_equality_and_hashing() -> None:
    assert User("a") == User("a", "")
    assert User("a") != Member("a")  # type: ignore[comparison-overlap]
    assert len({Permission("read", User("a")), Permission("read", User("a"))}) == 1
    assert isinstance(Team("t"), Role)
    assert Team("t").ident == "t" and Team("t", "x").dimension == "x"
    assert AnyRole().ident == "" and AnyRole().dimension == ""


def test_permission_set_is_canonical() -> None:
    roles = [
        Label("z"),
        Member("m"),
        Team("t", "b"),
        Team("t"),
        User("b"),
        User("a", "unverified"),
        User("a"),
    ]
    roles += [Users("unverified"), Users("verified"), Users(), Guests(), AnyRole()]
    ps = PermissionSet(tuple(Permission(a, r) for r in roles for a in ("write", "delete", "read")))
    assert ps.roles() == tuple(reversed(roles))
    assert ps.strings()[:3] == ['read("any")', 'read("guests")', 'read("users")']
    assert ps.actions_of(Team("t")) == ("read", "delete", "write")
    assert len(ps) == 36
    assert Permission("read", AnyRole()) in ps
    assert PermissionSet(tuple(reversed(ps.permissions))) == ps
