"""Drop-in replacements for the Appwrite Python SDK's ``Permission``, ``Role`` and ``ID`` helpers.

The helpers have the SDK's names and signatures and return the very same strings: plain text,
with no validation and no escaping, exactly as the SDK builds them. The typed model
(:mod:`querykit.permissions.model`) builds on these classes, so ``querykit.permissions.Role`` is
both the SDK helper namespace and the base class of the typed role kinds.
"""

from __future__ import annotations

import math
import os
from datetime import datetime

__all__ = ["ID", "PermissionHelpers", "RoleHelpers"]


class PermissionHelpers:
    """``Permission.read(role)`` and friends: ``action("role")``, as the SDK writes it."""

    __slots__ = ()

    @staticmethod
    def read(role: object) -> str:
        """``read("ROLE")``.

        >>> from querykit.permissions import Permission, Role
        >>> Permission.read(Role.any())
        'read("any")'
        """
        return f'read("{role}")'

    @staticmethod
    def write(role: object) -> str:
        """``write("ROLE")``: create, update and delete, expanded by the server per resource.

        >>> from querykit.permissions import Permission, Role
        >>> Permission.write(Role.user("userid"))
        'write("user:userid")'
        """
        return f'write("{role}")'

    @staticmethod
    def create(role: object) -> str:
        """``create("ROLE")``.

        >>> from querykit.permissions import Permission, Role
        >>> Permission.create(Role.users())
        'create("users")'
        """
        return f'create("{role}")'

    @staticmethod
    def update(role: object) -> str:
        """``update("ROLE")``.

        >>> from querykit.permissions import Permission, Role
        >>> Permission.update(Role.users("verified"))
        'update("users/verified")'
        """
        return f'update("{role}")'

    @staticmethod
    def delete(role: object) -> str:
        """``delete("ROLE")``.

        >>> from querykit.permissions import Permission, Role
        >>> Permission.delete(Role.team("teamId", "owner"))
        'delete("team:teamId/owner")'
        """
        return f'delete("{role}")'


class RoleHelpers:
    """``Role.any()``, ``Role.user(id, status)`` and friends, as the SDK writes them."""

    __slots__ = ()

    @staticmethod
    def any() -> str:
        """Everyone, signed in or not.

        >>> from querykit.permissions import Role
        >>> Role.any()
        'any'
        """
        return "any"

    @staticmethod
    def user(id: object, status: object = "") -> str:
        """One user, optionally only while ``verified`` or ``unverified``.

        >>> from querykit.permissions import Role
        >>> Role.user("custom"), Role.user("custom", "verified")
        ('user:custom', 'user:custom/verified')
        """
        if status:
            return f"user:{id}/{status}"
        return f"user:{id}"

    @staticmethod
    def users(status: object = "") -> str:
        """Every signed-in user (anonymous sessions included), optionally by verification status.

        >>> from querykit.permissions import Role
        >>> Role.users(), Role.users("unverified")
        ('users', 'users/unverified')
        """
        if status:
            return f"users/{status}"
        return "users"

    @staticmethod
    def guests() -> str:
        """Requests without a session.

        >>> from querykit.permissions import Role
        >>> Role.guests()
        'guests'
        """
        return "guests"

    @staticmethod
    def team(id: object, role: object = "") -> str:
        """Every confirmed member of a team, or only those holding the team role ``role``.

        >>> from querykit.permissions import Role
        >>> Role.team("custom"), Role.team("custom", "owner")
        ('team:custom', 'team:custom/owner')
        """
        if role:
            return f"team:{id}/{role}"
        return f"team:{id}"

    @staticmethod
    def member(id: object) -> str:
        """One team membership (a membership ID, not a user ID).

        >>> from querykit.permissions import Role
        >>> Role.member("custom")
        'member:custom'
        """
        return f"member:{id}"

    @staticmethod
    def label(name: object) -> str:
        """Users carrying the label ``name``.

        >>> from querykit.permissions import Role
        >>> Role.label("admin")
        'label:admin'
        """
        return f"label:{name}"


class ID:
    """``ID.custom(id)`` and ``ID.unique()``, as in the SDK."""

    __slots__ = ()

    @staticmethod
    def custom(id: str) -> str:
        """The ID itself.

        >>> ID.custom("custom_id")
        'custom_id'
        """
        return id

    @staticmethod
    def unique(padding: int = 7) -> str:
        """A new ID made on the client: PHP ``uniqid()``'s 13 hex digits plus ``padding`` random ones.

        Like the SDK (and unlike SDKs before 5.0.2, which sent the literal ``unique()``), the ID is
        made locally, so it can be used in a role at once.

        >>> uid = ID.unique()
        >>> len(uid), all(c in "0123456789abcdef" for c in uid)
        (20, True)
        """
        now = datetime.now()
        stamp = f"{int(now.timestamp()):08x}{now.microsecond:05x}"
        extra = max(0, padding)
        return stamp + os.urandom(math.ceil(extra / 2)).hex()[:extra]
