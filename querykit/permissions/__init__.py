"""Appwrite permissions: a small language, the permission strings both ways, and the server's checks.

>>> from querykit import permissions as perms
>>> perms.compile('read: any; update, delete: user:abc/verified')
['read("any")', 'update("user:abc/verified")', 'delete("user:abc/verified")']
>>> print(perms.decompile(['read("any")', 'delete("team:t1/owner")', 'update("team:t1/owner")']))
read: any
update, delete: team:t1/owner

The reference is ``docs/permissions.md``; the guide is ``docs/guide-permissions.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from querykit.errors import LimitError, QueryError, Span
from querykit.permissions.builder import ID
from querykit.permissions.errors import (
    PermissionSyntaxError,
    PermissionUsageError,
    RejectedError,
    RoleValueError,
)
from querykit.permissions.formatting import format_permissions
from querykit.permissions.model import (
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
    canonical_strings,
)
from querykit.permissions.parsing import (
    MAX_STRING_LENGTH,
    MAX_TEXT_LENGTH,
    Mode,
    parse_items,
    parse_permission,
    parse_role,
)
from querykit.permissions.rules import (
    MAX_PER_REQUEST,
    RESOURCE_KINDS,
    Action,
    ResourceKind,
    aggregate_allowed,
    check_resource,
    validator_allowed,
)
from querykit.permissions.server import (
    Verdict,
    aggregate,
    check_grant,
    check_permissions,
    check_roles,
    iterable_argument,
    session_roles,
    validate,
    validate_roles,
)

__all__ = [
    "ID",
    "MAX_LIST_LENGTH",
    "MAX_STRING_LENGTH",
    "MAX_TEXT_LENGTH",
    "RESOURCE_KINDS",
    "Action",
    "AnyRole",
    "Guests",
    "Label",
    "Member",
    "Mode",
    "Permission",
    "PermissionSet",
    "PermissionSyntaxError",
    "PermissionUsageError",
    "RejectedError",
    "ResourceKind",
    "Role",
    "RoleValueError",
    "Team",
    "User",
    "Users",
    "Verdict",
    "aggregate",
    "check_grant",
    "check_permissions",
    "check_roles",
    "compile",
    "decompile",
    "format",
    "parse",
    "parse_permission",
    "parse_role",
    "session_roles",
    "validate",
    "validate_roles",
]

#: The most strings :func:`decompile` reads in one call.
MAX_LIST_LENGTH: Final = 100_000
_WRITE_PARTS: Final[tuple[Action, ...]] = ("create", "update", "delete")


def parse(text: str) -> PermissionSet:
    """The permission set written in ``text`` (statements, Appwrite strings or a JSON list of them).

    >>> ps = parse("read: any\\nwrite: label:editors")
    >>> ps.strings()
    ['read("any")', 'write("label:editors")']
    """
    return PermissionSet(tuple(p for p, _ in parse_items(text)))


def format(
    permissions: PermissionSet | Iterable[Permission] | str, *, collapse_write: ResourceKind | None = None
) -> str:
    """The canonical text of a permission set: one ``actions: roles`` line per group of actions.
    Permission text is parsed first, so ``format`` also makes any permission text canonical.

    With ``collapse_write`` set to a resource kind, a role that holds everything ``write`` grants
    there is written with ``write``.

    >>> print(format(parse("delete, update: users; read: any")))
    read: any
    update, delete: users
    >>> format(parse("create, update, delete: users"), collapse_write="collection")
    'write: users'
    >>> print(format("update: users;  read: any"))
    read: any
    update: users
    """
    if isinstance(permissions, str):
        permissions = parse(permissions)
    elif not isinstance(permissions, PermissionSet):
        permissions = [
            _permission_argument(p) for p in iterable_argument(permissions, "permissions", _PERMISSIONS_TYPES)
        ]
    return format_permissions(permissions, collapse_write=collapse_write)


_PERMISSIONS_TYPES = "permission text (str), a PermissionSet or a list of Permission objects"


def _permission_argument(value: object) -> Permission:
    if not isinstance(value, Permission):
        raise TypeError(
            f"permissions must be {_PERMISSIONS_TYPES}; got an item of type {type(value).__name__}"
        )
    return value


def compile(text: str, *, resource: ResourceKind | None = None) -> list[str]:
    """The Appwrite permission strings for ``text``, in canonical order, without duplicates.

    The strings are those the SDK's ``Permission`` helpers produce. With ``resource``, the
    types are checked as that resource's endpoint checks them (with the server's message), and
    ``write`` is expanded as the server expands it there.

    >>> compile("read: any; create, update: users/verified")
    ['read("any")', 'create("users/verified")', 'update("users/verified")']
    >>> compile("read: any; write: user:abc", resource="document")
    ['read("any")', 'update("user:abc")', 'delete("user:abc")']
    >>> compile("create: any", resource="row")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    querykit.permissions.errors.RejectedError: 1:1: Permission "create("any")" is not allowed. ...
    """
    items = parse_items(text)
    if resource is None:
        return canonical_strings([p for p, _ in items])
    kind = check_resource(resource)
    allowed = validator_allowed(kind)
    for permission, token in items:
        if permission.action not in allowed:
            start = token.start_pos or 0
            raise RejectedError(
                f'Permission "{permission}" is not allowed. Must be one of: {", ".join(allowed)}.',
                span=Span(start, token.end_pos or start),
                source=text,
            )
    requested = PermissionSet(tuple(p for p, _ in items))
    if len(requested) > MAX_PER_REQUEST:
        raise LimitError(
            f"You can only provide up to {MAX_PER_REQUEST} permissions.", span=Span(0, len(text)), source=text
        )
    expands: tuple[Action, ...] = tuple(a for a in _WRITE_PARTS if a in aggregate_allowed(kind))
    out: list[Permission] = []
    for p in requested:
        if p.action == "write":
            out.extend(Permission(a, p.role) for a in expands)
        else:
            out.append(p)
    return PermissionSet(tuple(out)).strings()


def decompile(
    strings: Iterable[str] | str,
    *,
    mode: Mode = "strict",
    collapse_write: ResourceKind | None = None,
) -> str:
    """The permission text for a list of Appwrite permission strings.

    Each string is read by :func:`parse_permission` in ``mode`` (``server`` accepts what the
    server accepts and normalises it). A single ``str`` is read as permission text, so a JSON
    list or one string per line also works.

    >>> print(decompile(['read("any")', 'update("users")', 'delete("users")']))
    read: any
    update, delete: users
    >>> decompile(['update("users")', 'delete("users")'], collapse_write="document")
    'write: users'
    """
    if isinstance(strings, str):
        return format_permissions(parse(strings), collapse_write=collapse_write)
    perms: list[Permission] = []
    for index, s in enumerate(iterable_argument(strings, "strings", "permission strings (a list) or text")):
        if index >= MAX_LIST_LENGTH:
            raise LimitError(f"more than {MAX_LIST_LENGTH} permission strings")
        try:
            perms.append(parse_permission(s, mode))  # type: ignore[arg-type]  # it reports a non-str
        except QueryError as e:
            e.hint = f"list element {index}" + (f"; {e.hint}" if e.hint else "")
            raise
    return format_permissions(perms, collapse_write=collapse_write)
