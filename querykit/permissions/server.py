"""What the Appwrite server does with permissions, reproduced exactly.

* the server's splitting parser for permission and role strings, with its normalisation;
* the ``Permissions`` and ``Roles`` validators, with their messages and the HTTP error envelope;
* ``write`` aggregation per resource kind;
* the check that a client session may only grant roles it holds, and default permissions.

Nothing here raises for a bad permission: the answers are :class:`Verdict` values, as the server
would answer them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final, overload

from querykit.permissions.errors import PermissionUsageError, RejectedError
from querykit.permissions.model import role_problem
from querykit.permissions.rules import (
    DOCUMENT_KINDS,
    MAX_PER_REQUEST,
    ROLE_NAMES,
    SERVER_TYPES,
    ResourceKind,
    aggregate_allowed,
    check_resource,
    php_empty,
    validator_allowed,
)

__all__ = [
    "Verdict",
    "aggregate",
    "check_grant",
    "permission_problem",
    "permissions_problem",
    "php_role_string",
    "role_problem_of",
    "roles_problem",
    "session_roles",
    "split_permission",
    "split_role",
    "validate",
    "validate_roles",
]

_INVALID_PARAM: Final = "general_argument_invalid"
_UNAUTHORIZED: Final = "user_unauthorized"
_NOT_ALLOWED: Final = (
    'Role "{}" is not allowed. Must be one of: any, guests, users, user, team, member, label.'
)
_LEGACY_PERMISSION: Final = (
    'Permissions using the "role:" prefix have been replaced. Use "users", "guests", or "any" instead.'
)
_WRITE_EXPANDS: Final = ("create", "update", "delete")


@dataclass(frozen=True, slots=True)
class Verdict:
    """Appwrite's answer: ``valid``, the HTTP ``status``, the error ``type`` and ``message``.

    ``message`` is the full text the server sends (with its ``Invalid `permissions` param:``
    envelope where it has one); ``detail`` is the bare validator description. For
    :func:`check_grant`, ``stored`` holds the permissions the server would store.

    >>> Verdict(True, 200, "", "", "").valid
    True
    """

    valid: bool
    status: int
    type: str
    message: str
    detail: str
    stored: tuple[str, ...] = ()


_OK: Final = Verdict(True, 200, "", "", "")


# --------------------------------------------------------------------------- the splitting parser


def split_role(full: str) -> tuple[str, str, str]:
    """The server's split of a role string into ``(role, identifier, dimension)``.

    It splits on ``:`` and ``/`` without a grammar: text after a second ``:`` is dropped, and an
    empty or ``"0"`` dimension is an error. Raises :class:`RejectedError` with the server's message.

    >>> split_role("team:t1/owner:x")
    ('team', 't1', 'owner')
    >>> split_role("users:")
    ('users', '', '')
    """
    parts = full.split(":")
    role = parts[0]
    has_dimension = "/" in full
    if len(parts) == 1 and not has_dimension:
        return role, "", ""
    if not has_dimension:
        return role, parts[1], ""
    pieces = full.split("/") if len(parts) == 1 else parts[1].split("/")
    if len(pieces) != 2:
        raise RejectedError("Only one dimension can be provided")
    if php_empty(pieces[1]):
        raise RejectedError("Dimension must not be empty")
    if len(parts) == 1:
        return pieces[0], "", pieces[1]
    return role, pieces[0], pieces[1]


def split_permission(permission: str) -> tuple[str, str, str, str]:
    """The server's split of a permission string into ``(type, role, identifier, dimension)``.

    The string is cut at ``("``; every ``")`` is then removed from the role part, wherever it is.

    >>> split_permission('read("an")y")')
    ('read', 'any', '', '')
    >>> split_permission("read(any)")
    Traceback (most recent call last):
    ...
    querykit.permissions.errors.RejectedError: Invalid permission string format: "read(any)".
    """
    parts = permission.split('("')
    if len(parts) != 2:
        raise RejectedError(f'Invalid permission string format: "{permission}".')
    if parts[0] not in SERVER_TYPES:
        raise RejectedError(f'Invalid permission type: "{parts[0]}".')
    return (parts[0], *split_role(parts[1].replace('")', "")))


def php_role_string(role: str, identifier: str, dimension: str) -> str:
    """The server's ``Role::toString()``: parts that are ``""`` or ``"0"`` are left out.

    >>> php_role_string("user", "0", "")
    'user'
    """
    text = role
    if not php_empty(identifier):
        text += ":" + identifier
    if not php_empty(dimension):
        text += "/" + dimension
    return text


# --------------------------------------------------------------------------- validators


def _valid_role_problem(role: str, identifier: str, dimension: str) -> str | None:
    if role not in ROLE_NAMES:
        return _NOT_ALLOWED.format(role)
    problem = role_problem(role, identifier, dimension)
    return None if problem is None else problem[0]


def permission_problem(permission: str, allowed: Sequence[str] = SERVER_TYPES) -> str | None:
    """The server's message for one permission string, or None when the server accepts it.

    >>> permission_problem('create("any")', ("read", "update", "delete", "write"))
    'Permission "create("any")" is not allowed. Must be one of: read, update, delete, write.'
    """
    if permission == "*":
        return 'Wildcard permission "*" has been replaced. Use "any" instead.'
    if "role:" in permission:
        return _LEGACY_PERMISSION
    if not permission.startswith(tuple(allowed)):
        return f'Permission "{permission}" is not allowed. Must be one of: {", ".join(allowed)}.'
    try:
        _, role, identifier, dimension = split_permission(permission)
    except RejectedError as e:
        return e.message
    return _valid_role_problem(role, identifier, dimension)


def role_problem_of(role: str, allowed: Sequence[str] = ROLE_NAMES) -> str | None:
    """The server's message for one bare role string, or None when the ``Roles`` validator accepts it.

    >>> role_problem_of("userx")
    'Role "userx" is not allowed. Must be one of: any, guests, users, user, team, member, label.'
    """
    if role == "*":
        return 'Wildcard role "*" has been replaced. Use "any" instead.'
    if "role:" in role:
        return 'Roles using the "role:" prefix have been removed. Use "users", "guests", or "any" instead.'
    if not role.startswith(tuple(allowed)):
        return f'Role "{role}" is not allowed. Must be one of: {", ".join(allowed)}.'
    try:
        name, identifier, dimension = split_role(role)
    except RejectedError as e:
        return e.message
    return _valid_role_problem(name, identifier, dimension)


def _php_array(value: object) -> list[object] | None:
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, Mapping):
        return list(value.values())
    return None


def permissions_problem(value: object, allowed: Sequence[str] = SERVER_TYPES, length: int = 0) -> str | None:
    """The ``Permissions`` validator: its description for ``value``, or None when valid.

    ``length`` 0 means no limit. Checks stop at the first bad element, as on the server.

    >>> permissions_problem(['read("any")', "*"])
    'Wildcard permission "*" has been replaced. Use "any" instead.'
    """
    items = _php_array(value)
    if items is None:
        return "Permissions must be an array of strings."
    if length and len(items) > length:
        return f"You can only provide up to {length} permissions."
    for item in items:
        if not isinstance(item, str):
            return "Every permission must be of type string."
        problem = permission_problem(item, allowed)
        if problem is not None:
            return problem
    return None


def roles_problem(value: object, allowed: Sequence[str] = ROLE_NAMES, length: int = 0) -> str | None:
    """The ``Roles`` validator: its description for ``value``, or None when valid.

    >>> roles_problem(["any", "users/verified", "role:all"])
    'Roles using the "role:" prefix have been removed. Use "users", "guests", or "any" instead.'
    """
    items = _php_array(value)
    if items is None:
        return "Roles must be an array of strings."
    if length and len(items) > length:
        return f"You can only provide up to {length} roles."
    for item in items:
        if not isinstance(item, str):
            return "Every role must be of type string."
        problem = role_problem_of(item, allowed)
        if problem is not None:
            return problem
    return None


def _param_failure(param: str, detail: str, nullable: bool) -> Verdict:
    message = f"Invalid `{param}` param: {detail}" + (" or null" if nullable else "")
    return Verdict(False, 400, _INVALID_PARAM, message, detail)


def validate(strings: object, resource: ResourceKind = "collection") -> Verdict:
    """Check a ``permissions`` parameter exactly as the Appwrite endpoint for ``resource`` does.

    ``resource`` is one of collection, table, bucket (all five types), document, row, file (no
    ``create``), or file-update (all five: the server's quirk). ``None`` is a valid parameter
    (the server then applies defaults). At most 100 strings, counted before ``write`` expands.

    >>> validate(['read("any")', 'write("user:abc")'], resource="document").valid
    True
    >>> print(validate(['create("any")'], resource="document").message)  # doctest: +NORMALIZE_WHITESPACE
    Invalid `permissions` param: Permission "create("any")" is not allowed.
    Must be one of: read, update, delete, write. or null
    """
    kind = check_resource(resource)
    if strings is None:
        return _OK
    detail = permissions_problem(strings, validator_allowed(kind), MAX_PER_REQUEST)
    if detail is None:
        return _OK
    return _param_failure("permissions", detail, nullable=True)


def validate_roles(
    strings: object,
    *,
    param: str = "execute",
    nullable: bool = False,
    limit: int = MAX_PER_REQUEST,
    allowed: Sequence[str] = ROLE_NAMES,
) -> Verdict:
    """Check a list of bare role strings as Appwrite's ``Roles`` validator does.

    The defaults match a function's ``execute`` parameter; use ``param="subscribe"`` for a
    messaging topic (``nullable=True`` on its update endpoint).

    >>> validate_roles(["any", "team:t1/owner"]).valid
    True
    >>> validate_roles(["users/admin"]).message
    'Invalid `execute` param: Role "users" dimension value is invalid. Must be one of: verified, unverified.'
    """
    if strings is None and nullable:
        return _OK
    detail = roles_problem(strings, allowed, limit)
    if detail is None:
        return _OK
    return _param_failure(param, detail, nullable)


# --------------------------------------------------------------------------- semantics


@overload
def aggregate(strings: None, resource: ResourceKind = "collection") -> None: ...
@overload
def aggregate(strings: Iterable[str], resource: ResourceKind = "collection") -> list[str]: ...
def aggregate(strings: Iterable[str] | None, resource: ResourceKind = "collection") -> list[str] | None:
    """Expand ``write`` as the server does before storing permissions for ``resource``.

    ``write(R)`` becomes ``create``, ``update`` and ``delete`` on collections, tables and buckets,
    and ``update`` and ``delete`` on documents, rows and files. Every other string is re-emitted in
    the server's normal form; duplicates go, and the first occurrence keeps its place.
    A string the server cannot parse raises :class:`RejectedError` with the server's message.

    >>> aggregate(['read("any")', 'write("users:")'], resource="document")
    ['read("any")', 'update("users")', 'delete("users")']
    """
    kind = check_resource(resource)
    if strings is None:
        return None
    allowed = aggregate_allowed(kind)
    out: dict[str, None] = {}
    for permission in iterable_argument(strings, "strings", "a list of permission strings or None"):
        if not isinstance(permission, str):
            raise PermissionUsageError(f"a permission must be a string, not {type(permission).__name__}")
        action, role, identifier, dimension = split_permission(permission)
        role_text = php_role_string(role, identifier, dimension)
        if action != "write":
            out[f'{action}("{role_text}")'] = None
            continue
        for sub in _WRITE_EXPANDS:
            if sub in allowed:
                out[f'{sub}("{role_text}")'] = None
    return list(out)


def iterable_argument(value: object, name: str, accepted: str) -> Iterable[object]:
    """``value`` when it can be iterated (and is not a lone string); else a :class:`TypeError`
    naming the parameter ``name`` and what it ``accepted``.

    >>> iterable_argument(5, "labels", "a list of label names")
    Traceback (most recent call last):
    ...
    TypeError: labels must be a list of label names, not int
    """
    if isinstance(value, (str, bytes, bytearray, Mapping)) or not isinstance(value, Iterable):
        raise TypeError(f"{name} must be {accepted}, not {type(value).__name__}")
    return value


def _held(caller_roles: Iterable[str]) -> list[str]:
    held: dict[str, None] = {"any": None}
    for role in iterable_argument(caller_roles, "caller_roles", "a list of role strings or None"):
        if not isinstance(role, str):
            raise PermissionUsageError(f"a caller role must be a string, not {type(role).__name__}")
        held[role] = None
    return list(held)


def _session_user(held: list[str]) -> str | None:
    for role in held:
        if role.startswith("user:") and "/" not in role:
            return role[5:]
    return None


def check_grant(
    strings: Sequence[str] | None,
    caller_roles: Iterable[str] | None,
    resource: ResourceKind = "document",
) -> Verdict:
    """The whole client create path: parameter check, ``write`` expansion, then the grant check.

    A client session may only grant roles it holds itself: every stored permission's role must be
    exactly one of ``caller_roles`` (``any`` is always held, and is listed first as on the server).
    ``caller_roles=None`` stands for an API key or a console user, who may grant anything.
    When ``strings`` is None on document, row or file create, the server stores ``read``,
    ``update`` and ``delete`` for the session's user (nothing for guests and keys); on file
    update, None keeps the existing permissions (``stored`` is then empty).
    On success ``stored`` holds what the server stores.
    Collections, tables and buckets are made with an API key or from the console, which skip the
    grant check.

    >>> check_grant(['read("any")', 'write("user:abc")'], ["users", "user:abc"]).stored
    ('read("any")', 'update("user:abc")', 'delete("user:abc")')
    >>> print(check_grant(['read("team:t1")'], ["users", "user:abc"]).message)
    Permissions must be one of: (any, users, user:abc)
    """
    kind = check_resource(resource)
    verdict = validate(strings, kind)
    if not verdict.valid:
        return verdict
    status = 200 if kind == "file-update" else 201
    held = None if caller_roles is None else _held(caller_roles)
    if strings is None:
        user = None if held is None or kind not in DOCUMENT_KINDS else _session_user(held)
        if user is None or kind == "file-update":
            return Verdict(True, status, "", "", "")
        role = f"user:{user}"
        return Verdict(
            True, status, "", "", "", (f'read("{role}")', f'update("{role}")', f'delete("{role}")')
        )
    stored = aggregate(strings, kind)
    if held is not None and kind in DOCUMENT_KINDS:
        held_set = set(held)
        for permission in stored:
            _, role, identifier, dimension = split_permission(permission)
            if php_role_string(role, identifier, dimension) not in held_set:
                message = f"Permissions must be one of: ({', '.join(held)})"
                return Verdict(False, 401, _UNAUTHORIZED, message, message)
    return Verdict(True, status, "", "", "", tuple(stored))


def session_roles(
    user_id: str | None = None,
    *,
    verified: bool = False,
    memberships: Iterable[tuple[str, str, Iterable[str]]] = (),
    labels: Iterable[str] = (),
) -> list[str]:
    """The roles the server gives a client request, in the server's order.

    ``user_id`` None is a guest. ``verified`` is true when the user's email or phone is verified.
    ``memberships`` holds ``(team_id, membership_id, team_roles)`` for each confirmed membership.

    >>> roles = session_roles("abc", memberships=[("t1", "m1", ["owner"])], labels=["vip"])
    >>> roles  # doctest: +NORMALIZE_WHITESPACE
    ['any', 'users', 'user:abc', 'user:abc/unverified', 'users/unverified',
     'team:t1', 'member:m1', 'team:t1/owner', 'label:vip']
    >>> session_roles()
    ['any', 'guests']
    """
    if user_id is None:
        return ["any", "guests"]
    if not isinstance(user_id, str):
        raise TypeError(f"user_id must be a user ID (str) or None, not {type(user_id).__name__}")
    status = "verified" if verified else "unverified"
    roles = ["any", "users", f"user:{user_id}", f"user:{user_id}/{status}", f"users/{status}"]
    shape = "a list of (team_id, membership_id, team_roles) tuples"
    for item in iterable_argument(memberships, "memberships", shape):
        if not isinstance(item, (tuple, list)) or len(item) != 3:
            raise TypeError(f"memberships must be {shape}; got {item!r}")
        team, membership, team_roles = item
        roles.append(f"team:{team}")
        roles.append(f"member:{membership}")
        roles.extend(
            f"team:{team}/{r}" for r in iterable_argument(team_roles, "team_roles", "a list of roles")
        )
    roles.extend(f"label:{label}" for label in iterable_argument(labels, "labels", "a list of label names"))
    return roles
