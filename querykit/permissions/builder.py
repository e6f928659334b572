"""Drop-in replacements for the Appwrite Python SDK's ``Permission``, ``Role`` and ``ID`` helpers.

The helpers have the SDK's names and signatures and return the very same strings, exactly as the
SDK builds them. Unlike the SDK, a helper refuses to build a role or permission the Appwrite
server would reject: it raises :class:`querykit.builder.BuilderError` (as the query helpers do)
with the server's rule in the message.

>>> from querykit.permissions import Role
>>> Role.user("")
Traceback (most recent call last):
...
querykit.builder.BuilderError: Role.user(''): Role "user" must have an ID value.

The typed model
(:mod:`querykit.permissions.model`) builds on these classes, so ``querykit.permissions.Role`` is
both the SDK helper namespace and the base class of the typed role kinds.
"""

from __future__ import annotations

import math
import os
from datetime import datetime

__all__ = ["ID", "PermissionHelpers", "RoleHelpers"]


def _checked(role: str, helper: str, *args: object) -> str:
    """``role`` when the server's ``Roles`` rules accept it; else a ``BuilderError`` naming the call."""
    from querykit.builder import BuilderError
    from querykit.permissions.server import role_problem_of

    problem = role_problem_of(role)
    if problem is not None:
        raise BuilderError(f"{helper}({', '.join(repr(a) for a in args)}): {problem}")
    return role


def _checked_role(role: object, helper: str) -> str:
    if not isinstance(role, str):
        from querykit.permissions.model import Role

        if not isinstance(role, Role):
            from querykit.builder import BuilderError

            raise BuilderError(f"{helper}() takes a role (a str or a Role), not {type(role).__name__}")
    return _checked(str(role), helper, role if isinstance(role, str) else str(role))


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
        return f'read("{_checked_role(role, "Permission.read")}")'

    @staticmethod
    def write(role: object) -> str:
        """``write("ROLE")``: create, update and delete, expanded by the server per resource.

        >>> from querykit.permissions import Permission, Role
        >>> Permission.write(Role.user("userid"))
        'write("user:userid")'
        """
        return f'write("{_checked_role(role, "Permission.write")}")'

    @staticmethod
    def create(role: object) -> str:
        """``create("ROLE")``.

        >>> from querykit.permissions import Permission, Role
        >>> Permission.create(Role.users())
        'create("users")'
        """
        return f'create("{_checked_role(role, "Permission.create")}")'

    @staticmethod
    def update(role: object) -> str:
        """``update("ROLE")``.

        >>> from querykit.permissions import Permission, Role
        >>> Permission.update(Role.users("verified"))
        'update("users/verified")'
        """
        return f'update("{_checked_role(role, "Permission.update")}")'

    @staticmethod
    def delete(role: object) -> str:
        """``delete("ROLE")``.

        >>> from querykit.permissions import Permission, Role
        >>> Permission.delete(Role.team("teamId", "owner"))
        'delete("team:teamId/owner")'
        """
        return f'delete("{_checked_role(role, "Permission.delete")}")'


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
            return _checked(f"user:{id}/{status}", "Role.user", id, status)
        return _checked(f"user:{id}", "Role.user", id)

    @staticmethod
    def users(status: object = "") -> str:
        """Every signed-in user (anonymous sessions included), optionally by verification status.

        >>> from querykit.permissions import Role
        >>> Role.users(), Role.users("unverified")
        ('users', 'users/unverified')
        """
        if status:
            return _checked(f"users/{status}", "Role.users", status)
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
            return _checked(f"team:{id}/{role}", "Role.team", id, role)
        return _checked(f"team:{id}", "Role.team", id)

    @staticmethod
    def member(id: object) -> str:
        """One team membership (a membership ID, not a user ID).

        >>> from querykit.permissions import Role
        >>> Role.member("custom")
        'member:custom'
        """
        return _checked(f"member:{id}", "Role.member", id)

    @staticmethod
    def label(name: object) -> str:
        """Users carrying the label ``name``.

        >>> from querykit.permissions import Role
        >>> Role.label("admin")
        'label:admin'
        """
        return _checked(f"label:{name}", "Role.label", name)


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
