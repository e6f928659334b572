"""The SDK drop-in helpers give byte-identical strings to the installed Appwrite SDK."""

from __future__ import annotations

import pytest

appwrite_permission = pytest.importorskip("appwrite.permission")
appwrite_role = pytest.importorskip("appwrite.role")
appwrite_id = pytest.importorskip("appwrite.id")

from querykit.builder import BuilderError  # noqa: E402
from querykit.permissions import ID, Permission, Role, parse_permission  # noqa: E402

SdkPermission = appwrite_permission.Permission
SdkRole = appwrite_role.Role
SdkID = appwrite_id.ID

ROLE_CALLS = [
    ("any", ()),
    ("guests", ()),
    ("users", ()),
    ("users", ("verified",)),
    ("users", ("unverified",)),
    ("user", ("custom",)),
    ("user", ("custom", "verified")),
    ("user", ("userid", "unverified")),
    ("team", ("custom",)),
    ("team", ("custom", "owner")),
    ("member", ("custom",)),
    ("label", ("admin",)),
]


#: Calls the SDK builds without complaint but the server rejects, with the server's message.
REJECTED_CALLS = [
    ("user", ("",), 'Role "user" must have an ID value.'),
    ("user", ("0",), 'Role "user" must have an ID value.'),
    ("team", ("abc", "0"), "Dimension must not be empty"),
    ("users", ("admin",), 'Role "users" dimension value is invalid. Must be one of: verified, unverified.'),
    ("label", ("a-b",), 'Role "label" identifier value is invalid'),
]


@pytest.mark.parametrize(("name", "args", "message"), REJECTED_CALLS)
def test_roles_the_server_rejects_raise_builder_error(name: str, args: tuple[str, ...], message: str) -> None:
    with pytest.raises(BuilderError) as caught:
        getattr(Role, name)(*args)
    assert message in str(caught.value)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("action", ["read", "write", "create", "update", "delete"])
@pytest.mark.parametrize("role", ["nonsense role", "user:", "users/admin", "*", "role:all"])
def test_permissions_with_a_role_the_server_rejects_raise_builder_error(action: str, role: str) -> None:
    from querykit.permissions.server import role_problem_of

    with pytest.raises(BuilderError) as caught:
        getattr(Permission, action)(role)
    problem = role_problem_of(role)
    assert problem is not None
    assert problem in str(caught.value)


def test_permission_helpers_refuse_a_non_role() -> None:
    with pytest.raises(BuilderError, match="takes a role"):
        Permission.read(5)


@pytest.mark.parametrize(("name", "args"), ROLE_CALLS)
def test_roles_match_the_sdk(name: str, args: tuple[str, ...]) -> None:
    assert getattr(Role, name)(*args) == getattr(SdkRole, name)(*args)


@pytest.mark.parametrize("action", ["read", "write", "create", "update", "delete"])
@pytest.mark.parametrize(("name", "args"), ROLE_CALLS)
def test_permissions_match_the_sdk(action: str, name: str, args: tuple[str, ...]) -> None:
    role = getattr(Role, name)(*args)
    assert getattr(Permission, action)(role) == getattr(SdkPermission, action)(role)


def test_generator_e2e_expectations() -> None:
    assert Permission.read(Role.any()) == 'read("any")'
    assert Permission.write(Role.user(ID.custom("userid"))) == 'write("user:userid")'
    assert Permission.create(Role.users()) == 'create("users")'
    assert Permission.update(Role.guests()) == 'update("guests")'
    assert Permission.delete(Role.team("teamId", "owner")) == 'delete("team:teamId/owner")'
    assert Permission.delete(Role.team("teamId")) == 'delete("team:teamId")'
    assert Permission.create(Role.member("memberId")) == 'create("member:memberId")'
    assert Permission.update(Role.users("verified")) == 'update("users/verified")'
    assert (
        Permission.update(Role.user(ID.custom("userid"), "unverified")) == 'update("user:userid/unverified")'
    )
    assert Permission.create(Role.label("admin")) == 'create("label:admin")'


def test_helpers_take_typed_roles() -> None:
    p = parse_permission('read("team:t1/owner")')
    assert Permission.update(p.role) == 'update("team:t1/owner")'


def test_ids() -> None:
    assert ID.custom("custom_id") == SdkID.custom("custom_id") == "custom_id"
    for padding in (0, 1, 7, 8):
        uid = ID.unique(padding)
        assert len(uid) == len(SdkID.unique(padding)) == 13 + padding
        assert all(c in "0123456789abcdef" for c in uid)
    assert len(ID.unique()) == 20
    assert ID.unique() != ID.unique()
    assert len(ID.unique(-3)) == 13


def test_unique_ids_can_be_used_in_roles() -> None:
    assert str(parse_permission(Permission.read(Role.user(ID.unique())))).startswith('read("user:')
