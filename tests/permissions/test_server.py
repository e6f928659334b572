"""The server's checks beyond the cases file: limits, envelopes, aggregation, grants, defaults."""

from __future__ import annotations

import pytest

from querykit import permissions as perms
from querykit.errors import QueryError
from querykit.permissions import session_roles

ENVELOPE = "Invalid `permissions` param: "


def test_the_limit_counts_strings_before_write_expands() -> None:
    hundred = [f'write("user:u{i}")' for i in range(100)]
    assert perms.check_permissions(hundred, resource="collection").valid
    assert len(perms.aggregate(hundred)) == 300
    verdict = perms.check_permissions([*hundred, 'read("any")'], resource="collection")
    assert verdict.detail == "You can only provide up to 100 permissions."
    assert verdict.message == ENVELOPE + "You can only provide up to 100 permissions. or null"


def test_array_and_type_checks() -> None:
    assert perms.check_permissions(None, resource="document").valid
    assert perms.check_permissions([], resource="document").valid
    assert perms.check_permissions('read("any")').detail == "Permissions must be an array of strings."
    assert perms.check_permissions(['read("any")', 5]).detail == "Every permission must be of type string."
    assert perms.check_permissions({"a": 'read("any")'}).valid
    assert (
        perms.check_permissions(["*", 5]).detail
        == 'Wildcard permission "*" has been replaced. Use "any" instead.'
    )


def test_first_failure_wins() -> None:
    verdict = perms.check_permissions(['read("anyy")', 'create("any")'], resource="document")
    assert verdict.detail.startswith('Role "anyy" is not allowed.')


def test_file_update_accepts_create() -> None:
    assert not perms.check_permissions(['create("any")'], resource="file").valid
    assert perms.check_permissions(['create("any")'], resource="file-update").valid
    assert perms.aggregate(['create("any")', 'write("users")'], resource="file-update") == [
        'create("any")',
        'update("users")',
        'delete("users")',
    ]


def test_upstream_aggregation() -> None:
    strings = [
        'read("any")',
        'read("user:123")',
        'read("user:123")',
        'write("user:123")',
        'update("user:123")',
        'delete("user:123")',
    ]
    assert perms.aggregate(strings) == [
        'read("any")',
        'read("user:123")',
        'create("user:123")',
        'update("user:123")',
        'delete("user:123")',
    ]
    assert perms.aggregate(None) is None
    assert perms.aggregate(['read("user:0")']) == ['read("user")']


def test_roles_validator_envelopes() -> None:
    assert perms.check_roles("any").detail == "Roles must be an array of strings."
    assert perms.check_roles([1]).detail == "Every role must be of type string."
    assert perms.check_roles(["any"] * 101).detail == "You can only provide up to 100 roles."
    assert perms.check_roles(None, param="subscribe", nullable=True).valid
    verdict = perms.check_roles(["*"], param="subscribe", nullable=True)
    assert (
        verdict.message
        == 'Invalid `subscribe` param: Wildcard role "*" has been replaced. Use "any" instead. or null'
    )


def test_grant_check() -> None:
    roles = session_roles("abc", verified=True, memberships=[("t1", "m1", ["owner"])], labels=["vip"])
    granted = ['read("any")', 'read("users/verified")', 'write("team:t1/owner")', 'read("label:vip")']
    verdict = perms.check_grant(granted, roles, resource="document")
    assert verdict.valid and verdict.status == 201
    assert verdict.stored == (
        'read("any")',
        'read("users/verified")',
        'update("team:t1/owner")',
        'delete("team:t1/owner")',
        'read("label:vip")',
    )
    denied = perms.check_grant(['read("users/unverified")'], roles, resource="row")
    assert (denied.valid, denied.status, denied.type) == (False, 401, "user_unauthorized")
    assert denied.message == (
        "Permissions must be one of: (any, users, user:abc, user:abc/verified, users/verified, "
        "team:t1, member:m1, team:t1/owner, label:vip)"
    )
    assert denied.detail == denied.message


def test_grant_check_compares_normalised_roles() -> None:
    assert perms.check_grant(['read("users:")'], ["users"], resource="document").stored == ('read("users")',)
    assert not perms.check_grant(['read("team:t1")'], ["team:t1/owner"], resource="file").valid


def test_grant_check_order_param_first() -> None:
    verdict = perms.check_grant(['create("team:x")'], ["users"], resource="document")
    assert verdict.status == 400


def test_keys_and_containers_skip_the_grant_check() -> None:
    assert perms.check_grant(['read("team:x")'], None, resource="document").valid
    verdict = perms.check_grant(['write("team:x")'], ["users"], resource="collection")
    assert verdict.stored == ('create("team:x")', 'update("team:x")', 'delete("team:x")')


def test_default_permissions() -> None:
    user = perms.check_grant(None, session_roles("abc"), resource="document")
    assert user.stored == ('read("user:abc")', 'update("user:abc")', 'delete("user:abc")')
    assert perms.check_grant(None, session_roles(), resource="file").stored == ()
    assert perms.check_grant(None, None, resource="row").stored == ()
    kept = perms.check_grant(None, session_roles("abc"), resource="file-update")
    assert kept.valid and kept.status == 200 and kept.stored == ()


def test_any_is_always_held_and_listed_first() -> None:
    verdict = perms.check_grant(['read("guests")'], ["users", "user:u"], resource="document")
    assert verdict.message == "Permissions must be one of: (any, users, user:u)"
    assert perms.check_grant(['read("any")'], [], resource="document").valid


def test_unknown_resource() -> None:
    with pytest.raises(QueryError):
        perms.check_permissions([], resource="collections")  # type: ignore[arg-type]
