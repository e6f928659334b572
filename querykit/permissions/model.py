"""The typed permission model: roles, permissions and permission sets.

Every value is a frozen dataclass that holds only what Appwrite accepts: constructing a role with
an ID, team role, label or status that the server would reject raises :class:`RoleValueError`
with the server's message. ``str()`` of a role or a permission is its canonical Appwrite string.

>>> from querykit.permissions.model import Permission, Team
>>> p = Permission("update", Team("t1", "owner"))
>>> str(p)
'update("team:t1/owner")'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import ClassVar, Final

from querykit.permissions.builder import PermissionHelpers, RoleHelpers
from querykit.permissions.errors import RoleValueError
from querykit.permissions.rules import (
    ACTION_RANK,
    ACTIONS,
    KEY_DESCRIPTION,
    LABEL_DESCRIPTION,
    TEAM_ROLE_MAX,
    USER_STATUSES,
    Action,
    is_key,
    is_label,
    key_description,
    php_empty,
)
from querykit.valueclasses import slot_setters

__all__ = [
    "AnyRole",
    "Guests",
    "Label",
    "Member",
    "Permission",
    "PermissionSet",
    "Role",
    "Team",
    "User",
    "Users",
    "canonical_strings",
    "make_role",
    "role_problem",
    "valid_permission",
    "valid_role",
]

_KIND_RANK = {"any": 0, "guests": 1, "users": 2, "user": 3, "team": 4, "member": 5, "label": 6}
_STATUS_RANK = {"": 0, "verified": 1, "unverified": 2}
_TEAM_ROLE_DESCRIPTION = key_description(TEAM_ROLE_MAX)
_STATUS_MESSAGE = 'Role "{}" dimension value is invalid. Must be one of: verified, unverified.'

#: Which part of a role a problem is about: its ID (or label) or its dimension (status, team role).
ID_PART = 0
DIMENSION_PART = 1


def role_problem(kind: str, ident: str, dimension: str) -> tuple[str, int] | None:
    """The server's message for a role of a known ``kind`` that breaks a rule, and which part; else None.

    This is the part of Appwrite's ``Roles::isValidRole`` that a well-formed role can fail, plus
    ``Dimension must not be empty`` for a dimension of ``"0"``, which the server's parser rejects.

    >>> role_problem("user", "abc", "admin")
    ('Role "user" dimension value is invalid. Must be one of: verified, unverified.', 1)
    >>> role_problem("team", "t1", "owner") is None
    True
    """
    if kind in ("user", "team", "member", "label"):
        if php_empty(ident):
            return f'Role "{kind}" must have an ID value.', ID_PART
        if kind == "label":
            if not is_label(ident):
                return f'Role "label" identifier value is invalid: {LABEL_DESCRIPTION}', ID_PART
        elif not is_key(ident):
            return f'Role "{kind}" identifier value is invalid: {KEY_DESCRIPTION}', ID_PART
    elif not php_empty(ident):
        return f'Role "{kind}" can not have an ID value.', ID_PART
    if not dimension:
        return None
    if dimension == "0":
        return "Dimension must not be empty", DIMENSION_PART
    if kind in ("users", "user"):
        if dimension not in USER_STATUSES:
            return _STATUS_MESSAGE.format(kind), DIMENSION_PART
    elif kind == "team":
        if not is_key(dimension, TEAM_ROLE_MAX):
            return f'Role "team" dimension value is invalid: {_TEAM_ROLE_DESCRIPTION}', DIMENSION_PART
    else:
        return f'Role "{kind}" can not have a dimension value.', DIMENSION_PART
    return None


def _check(kind: str, ident: object, dimension: object) -> tuple[str, str]:
    if not isinstance(ident, str) or not isinstance(dimension, str):
        raise RoleValueError(f'Role "{kind}" needs string values')
    problem = role_problem(kind, ident, dimension)
    if problem is not None:
        raise RoleValueError(problem[0])
    return ident, dimension


class Role(RoleHelpers):
    """The base of the role kinds, and the SDK's ``Role`` helpers (``Role.user("abc")`` is a string).

    The kinds are :class:`AnyRole`, :class:`Guests`, :class:`Users`, :class:`User`,
    :class:`Team`, :class:`Member` and :class:`Label`.

    >>> from querykit.permissions.model import User
    >>> isinstance(User("abc"), Role), Role.user("abc")
    (True, 'user:abc')
    """

    __slots__ = ()
    #: The role name as Appwrite spells it (``any``, ``guests``, ``users``, ``user``, ...).
    kind: ClassVar[str]
    _text: str
    _key: tuple[int, str, int, str]

    def __str__(self) -> str:
        return self._text

    @property
    def ident(self) -> str:
        """The ID part (user, team or membership ID, or label name); ``""`` when there is none."""
        return ""

    @property
    def dimension(self) -> str:
        """The part after ``/`` (a user status or a team role); ``""`` when there is none."""
        return ""


def _set(obj: object, text: str, key: tuple[int, str, int, str]) -> None:
    object.__setattr__(obj, "_text", text)
    object.__setattr__(obj, "_key", key)


@dataclass(frozen=True, slots=True)
class AnyRole(Role):
    """``any``: everyone, signed in or not.

    >>> str(AnyRole())
    'any'
    """

    kind: ClassVar[str] = "any"
    _text: str = field(default="any", init=False, repr=False, compare=False)
    _key: tuple[int, str, int, str] = field(default=(0, "", 0, ""), init=False, repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class Guests(Role):
    """``guests``: requests without a session.

    >>> str(Guests())
    'guests'
    """

    kind: ClassVar[str] = "guests"
    _text: str = field(default="guests", init=False, repr=False, compare=False)
    _key: tuple[int, str, int, str] = field(default=(1, "", 0, ""), init=False, repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class Users(Role):
    """``users`` (every signed-in user) or ``users/verified`` / ``users/unverified``.

    >>> str(Users("verified"))
    'users/verified'
    """

    status: str = ""
    kind: ClassVar[str] = "users"
    _text: str = field(default="", init=False, repr=False, compare=False)
    _key: tuple[int, str, int, str] = field(default=(2, "", 0, ""), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _, status = _check("users", "", self.status)
        _set(self, f"users/{status}" if status else "users", (2, "", _STATUS_RANK[status], status))

    @property
    def dimension(self) -> str:
        return self.status


@dataclass(frozen=True, slots=True)
class User(Role):
    """``user:ID``, optionally ``/verified`` or ``/unverified``.

    >>> str(User("5c1f", "verified"))
    'user:5c1f/verified'
    """

    id: str
    status: str = ""
    kind: ClassVar[str] = "user"
    _text: str = field(default="", init=False, repr=False, compare=False)
    _key: tuple[int, str, int, str] = field(default=(3, "", 0, ""), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        ident, status = _check("user", self.id, self.status)
        text = f"user:{ident}/{status}" if status else f"user:{ident}"
        _set(self, text, (3, ident, _STATUS_RANK[status], status))

    @property
    def ident(self) -> str:
        return self.id

    @property
    def dimension(self) -> str:
        return self.status


@dataclass(frozen=True, slots=True)
class Team(Role):
    """``team:ID`` (confirmed members), or ``team:ID/ROLE`` (members holding that team role).

    >>> str(Team("admins", "owner"))
    'team:admins/owner'
    """

    id: str
    role: str = ""
    kind: ClassVar[str] = "team"
    _text: str = field(default="", init=False, repr=False, compare=False)
    _key: tuple[int, str, int, str] = field(default=(4, "", 0, ""), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        ident, role = _check("team", self.id, self.role)
        text = f"team:{ident}/{role}" if role else f"team:{ident}"
        _set(self, text, (4, ident, 1 if role else 0, role))

    @property
    def ident(self) -> str:
        return self.id

    @property
    def dimension(self) -> str:
        return self.role


@dataclass(frozen=True, slots=True)
class Member(Role):
    """``member:ID``: one team membership (a membership ID, not a user ID).

    >>> str(Member("m1"))
    'member:m1'
    """

    id: str
    kind: ClassVar[str] = "member"
    _text: str = field(default="", init=False, repr=False, compare=False)
    _key: tuple[int, str, int, str] = field(default=(5, "", 0, ""), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        ident, _ = _check("member", self.id, "")
        _set(self, f"member:{ident}", (5, ident, 0, ""))

    @property
    def ident(self) -> str:
        return self.id


@dataclass(frozen=True, slots=True)
class Label(Role):
    """``label:NAME``: users carrying that label (1 to 36 ASCII letters and digits).

    >>> str(Label("editors"))
    'label:editors'
    """

    name: str
    kind: ClassVar[str] = "label"
    _text: str = field(default="", init=False, repr=False, compare=False)
    _key: tuple[int, str, int, str] = field(default=(6, "", 0, ""), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        name, _ = _check("label", self.name, "")
        _set(self, f"label:{name}", (6, name, 0, ""))

    @property
    def ident(self) -> str:
        return self.name


def make_role(kind: str, ident: str = "", dimension: str = "") -> Role:
    """The role of ``kind`` with an ID and a dimension, as the server's parser splits them.

    Raises :class:`RoleValueError` with the server's message when a part breaks a rule.

    >>> make_role("team", "t1", "owner")
    Team(id='t1', role='owner')
    """
    if kind == "user":
        return User(ident, dimension)
    if kind == "team":
        return Team(ident, dimension)
    problem = role_problem(kind, ident, dimension) if kind in _KIND_RANK else None
    if problem is not None:
        raise RoleValueError(problem[0])
    if kind == "any":
        return ANY
    if kind == "guests":
        return GUESTS
    if kind == "users":
        return Users(dimension)
    if kind == "member":
        return Member(ident)
    if kind == "label":
        return Label(ident)
    raise RoleValueError(
        f'Role "{kind}" is not allowed. Must be one of: any, guests, users, user, team, member, label.'
    )


ANY = AnyRole()
GUESTS = Guests()

_new_object = object.__new__
#: The three ``users`` roles (a role is a frozen value, so one instance of each serves everywhere).
_USERS: Final = {status: Users(status) for status in ("", *USER_STATUSES)}


_USER_ID, _USER_STATUS, _USER_TEXT, _USER_KEY = slot_setters(User, "id", "status", "_text", "_key")
_TEAM_ID, _TEAM_ROLE, _TEAM_TEXT, _TEAM_KEY = slot_setters(Team, "id", "role", "_text", "_key")
_MEMBER_ID, _MEMBER_TEXT, _MEMBER_KEY = slot_setters(Member, "id", "_text", "_key")
_LABEL_NAME, _LABEL_TEXT, _LABEL_KEY = slot_setters(Label, "name", "_text", "_key")


def valid_role(kind: str, ident: str, dimension: str) -> Role:
    """The role of a known ``kind`` whose parts :func:`role_problem` found nothing wrong with:
    :func:`make_role` without checking them again.

    >>> valid_role("team", "t1", "owner") == make_role("team", "t1", "owner")
    True
    """
    role: Role
    if kind == "users":
        role = _USERS[dimension]
    elif kind == "any":
        role = ANY
    elif kind == "team":
        role = _new_object(Team)
        _TEAM_ID(role, ident)
        _TEAM_ROLE(role, dimension)
        _TEAM_TEXT(role, f"team:{ident}/{dimension}" if dimension else f"team:{ident}")
        _TEAM_KEY(role, (4, ident, 1 if dimension else 0, dimension))
    elif kind == "user":
        role = _new_object(User)
        _USER_ID(role, ident)
        _USER_STATUS(role, dimension)
        _USER_TEXT(role, f"user:{ident}/{dimension}" if dimension else f"user:{ident}")
        _USER_KEY(role, (3, ident, _STATUS_RANK[dimension], dimension))
    elif kind == "label":
        role = _new_object(Label)
        _LABEL_NAME(role, ident)
        _LABEL_TEXT(role, f"label:{ident}")
        _LABEL_KEY(role, (6, ident, 0, ""))
    elif kind == "member":
        role = _new_object(Member)
        _MEMBER_ID(role, ident)
        _MEMBER_TEXT(role, f"member:{ident}")
        _MEMBER_KEY(role, (5, ident, 0, ""))
    elif kind == "guests":
        role = GUESTS
    else:
        role = make_role(kind, ident, dimension)
    return role


@dataclass(frozen=True, slots=True)
class Permission(PermissionHelpers):
    """One grant: an ``action`` (read, create, update, delete or write) given to a ``role``.

    It is also the SDK's ``Permission`` helper: ``Permission.read(role)`` is a string.

    >>> from querykit.permissions.model import Users
    >>> str(Permission("read", Users()))
    'read("users")'
    >>> Permission.read("users")
    'read("users")'
    """

    action: Action
    role: Role
    _text: str = field(default="", init=False, repr=False, compare=False)
    _key: tuple[int, tuple[int, str, int, str]] = field(
        default=(0, (0, "", 0, "")), init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        rank = ACTION_RANK.get(self.action) if isinstance(self.action, str) else None
        if rank is None:
            raise RoleValueError(
                f"unknown action {self.action!r}; expected one of read, create, update, delete, write"
            )
        if not isinstance(self.role, Role):
            raise RoleValueError(f"a permission needs a role, not {type(self.role).__name__}")
        object.__setattr__(self, "_text", f'{self.action}("{self.role._text}")')
        object.__setattr__(self, "_key", (rank, self.role._key))

    def __str__(self) -> str:
        return self._text


def valid_permission(action: Action, role: Role) -> Permission:
    """``Permission(action, role)`` for an ``action`` known to be one of :data:`ACTIONS` and a
    :class:`Role`, without checking them again.

    >>> valid_permission("read", ANY) == Permission("read", ANY)
    True
    """
    permission = _new_object(Permission)
    _PERMISSION_ACTION(permission, action)
    _PERMISSION_ROLE(permission, role)
    _PERMISSION_TEXT(permission, f'{action}("{role._text}")')
    _PERMISSION_KEY(permission, (ACTION_RANK[action], role._key))
    return permission


_PERMISSION_ACTION, _PERMISSION_ROLE, _PERMISSION_TEXT, _PERMISSION_KEY = slot_setters(
    Permission, "action", "role", "_text", "_key"
)


def canonical_strings(permissions: Iterable[Permission]) -> list[str]:
    """``PermissionSet(permissions).strings()``: the distinct permissions' strings, in canonical
    order (two permissions are equal exactly when their sort keys are).

    >>> canonical_strings([Permission("update", ANY), Permission("read", ANY), Permission("read", ANY)])
    ['read("any")', 'update("any")']
    """
    texts = {p._key: p._text for p in permissions}
    return [texts[key] for key in sorted(texts)]


def _canonical(perms: Iterable[Permission]) -> tuple[Permission, ...]:
    unique = dict.fromkeys(perms)
    for p in unique:
        if not isinstance(p, Permission):
            raise RoleValueError(f"a permission set holds permissions, not {type(p).__name__}")
    return tuple(sorted(unique, key=_perm_key))


def _perm_key(p: Permission) -> tuple[int, tuple[int, str, int, str]]:
    return p._key


@dataclass(frozen=True, slots=True)
class PermissionSet:
    """A set of permissions, kept without duplicates in canonical order.

    Canonical order is by action (read, create, update, delete, write), then by role: ``any``,
    ``guests``, ``users`` (plain, verified, unverified), ``user``, ``team``, ``member``, ``label``,
    each by ID and then by status or team role.

    >>> from querykit.permissions.model import AnyRole, User
    >>> ps = PermissionSet((Permission("update", User("b")), Permission("read", AnyRole()),
    ...                     Permission("update", User("a")), Permission("read", AnyRole())))
    >>> ps.strings()
    ['read("any")', 'update("user:a")', 'update("user:b")']
    """

    permissions: tuple[Permission, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "permissions", _canonical(self.permissions))

    def __iter__(self) -> Iterator[Permission]:
        return iter(self.permissions)

    def __len__(self) -> int:
        return len(self.permissions)

    def __contains__(self, item: object) -> bool:
        return item in self.permissions

    def strings(self) -> list[str]:
        """The Appwrite permission strings, in canonical order."""
        return [p._text for p in self.permissions]

    def roles(self) -> tuple[Role, ...]:
        """The distinct roles, in canonical role order."""
        return tuple(sorted({p.role for p in self.permissions}, key=_role_key))

    def actions_of(self, role: Role) -> tuple[Action, ...]:
        """The actions granted to ``role``, in canonical action order.

        >>> from querykit.permissions.model import AnyRole
        >>> ps = PermissionSet((Permission("delete", AnyRole()), Permission("read", AnyRole())))
        >>> ps.actions_of(AnyRole())
        ('read', 'delete')
        """
        held = {p.action for p in self.permissions if p.role == role}
        return tuple(a for a in ACTIONS if a in held)


def _role_key(r: Role) -> tuple[int, str, int, str]:
    return r._key
