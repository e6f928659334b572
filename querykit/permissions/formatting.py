"""The formatter: a permission set as canonical permission text.

One statement per distinct set of actions, ``actions: roles``. Statements are ordered by their
actions (read, create, update, delete, write), roles in canonical role order, so every set has
exactly one text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from querykit.permissions.errors import PermissionUsageError
from querykit.permissions.model import Permission, PermissionSet, Role
from querykit.permissions.rules import ACTION_RANK, ACTIONS, ResourceKind, aggregate_allowed, check_resource

__all__ = ["format_permissions"]

_WRITE_BIT: Final = 1 << ACTION_RANK["write"]
#: For each bitmask of actions, the text of the action list (computed once, 32 entries).
_ACTION_TEXT: Final = tuple(
    ", ".join(a for i, a in enumerate(ACTIONS) if mask & (1 << i)) for mask in range(1 << len(ACTIONS))
)
#: Order of statements: by the action ranks, lexicographically.
_MASK_ORDER: Final = tuple(
    tuple(i for i in range(len(ACTIONS)) if mask & (1 << i)) for mask in range(1 << len(ACTIONS))
)


def _write_mask(resource: ResourceKind) -> int:
    mask = 0
    for action in aggregate_allowed(resource):
        if action != "read":
            mask |= 1 << ACTION_RANK[action]
    return mask


def format_permissions(
    permissions: PermissionSet | Iterable[Permission], *, collapse_write: ResourceKind | None = None
) -> str:
    """The canonical text of ``permissions``.

    With ``collapse_write`` set to a resource kind, a role holding everything ``write`` grants on
    that kind (create, update and delete on containers; update and delete on documents and files)
    is written with ``write`` instead.

    >>> from querykit.permissions.model import AnyRole, Team
    >>> ps = [Permission("update", Team("t1", "owner")), Permission("read", AnyRole()),
    ...       Permission("delete", Team("t1", "owner"))]
    >>> print(format_permissions(ps))
    read: any
    update, delete: team:t1/owner
    >>> print(format_permissions(ps, collapse_write="document"))
    read: any
    write: team:t1/owner
    """
    masks: dict[Role, int] = {}
    for p in permissions:
        if not isinstance(p, Permission):
            raise PermissionUsageError(f"expected permissions, not {type(p).__name__}")
        masks[p.role] = masks.get(p.role, 0) | (1 << ACTION_RANK[p.action])
    if collapse_write is not None:
        write = _write_mask(check_resource(collapse_write))
        for role, mask in masks.items():
            if mask & write == write:
                masks[role] = (mask & ~write) | _WRITE_BIT
    groups: dict[int, list[Role]] = {}
    for role, mask in masks.items():
        groups.setdefault(mask, []).append(role)
    lines = []
    for mask in sorted(groups, key=_MASK_ORDER.__getitem__):
        roles = sorted(groups[mask], key=_role_key)
        lines.append(f"{_ACTION_TEXT[mask]}: {', '.join(r._text for r in roles)}")
    return "\n".join(lines)


def _role_key(role: Role) -> tuple[int, str, int, str]:
    return role._key
