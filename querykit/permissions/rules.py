"""The facts the Appwrite server checks permissions and roles against.

Names, orders and messages are Appwrite's own (utopia-php/database 7.2.6): the order of
``ROLE_NAMES`` and of the allowed permission types shows up in the server's error messages.
"""

from __future__ import annotations

import re
from typing import Final, Literal

from querykit.permissions.errors import PermissionUsageError

__all__ = [
    "ACTIONS",
    "ACTION_RANK",
    "CONTAINER_KINDS",
    "DOCUMENT_KINDS",
    "ID_MAX",
    "KEY_DESCRIPTION",
    "LABEL_DESCRIPTION",
    "LABEL_MAX",
    "MAX_PER_REQUEST",
    "RESOURCE_KINDS",
    "ROLE_NAMES",
    "SERVER_TYPES",
    "TEAM_ROLE_MAX",
    "USER_STATUSES",
    "Action",
    "ResourceKind",
    "aggregate_allowed",
    "check_resource",
    "is_key",
    "is_label",
    "key_description",
    "php_empty",
    "validator_allowed",
]

Action = Literal["read", "create", "update", "delete", "write"]
ResourceKind = Literal["collection", "table", "bucket", "document", "row", "file", "file-update"]

#: The querykit order of actions: how statements and compiled lists are ordered.
ACTIONS: Final[tuple[Action, ...]] = ("read", "create", "update", "delete", "write")
ACTION_RANK: Final[dict[str, int]] = {a: i for i, a in enumerate(ACTIONS)}
#: The server's order (``Database::PERMISSIONS`` plus ``write``), as in its messages.
SERVER_TYPES: Final[tuple[str, ...]] = ("create", "read", "update", "delete", "write")
#: ``Roles::ROLES``, in the server's order.
ROLE_NAMES: Final[tuple[str, ...]] = ("any", "guests", "users", "user", "team", "member", "label")
USER_STATUSES: Final[tuple[str, ...]] = ("verified", "unverified")

ID_MAX: Final = 36
TEAM_ROLE_MAX: Final = 81
LABEL_MAX: Final = 36
#: ``APP_LIMIT_ARRAY_PARAMS_SIZE``: the most permissions (or roles) one request may carry.
MAX_PER_REQUEST: Final = 100

RESOURCE_KINDS: Final[tuple[ResourceKind, ...]] = (
    "collection",
    "table",
    "bucket",
    "document",
    "row",
    "file",
    "file-update",
)
CONTAINER_KINDS: Final = frozenset({"collection", "table", "bucket"})
DOCUMENT_KINDS: Final = frozenset({"document", "row", "file", "file-update"})

_DOCUMENT_TYPES: Final = ("read", "update", "delete", "write")
_AGGREGATE_ALL: Final = ("create", "read", "update", "delete")
_AGGREGATE_DOCUMENT: Final = ("read", "update", "delete")

_KEY_RE: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")
_LABEL_RE: Final = re.compile(r"[A-Za-z0-9]+")


def key_description(max_length: int = ID_MAX) -> str:
    """The description of Appwrite's ``Key`` validator for ``max_length``.

    >>> key_description(81)[:38]
    'Parameter must contain at most 81 char'
    """
    return (
        f"Parameter must contain at most {max_length} chars. Valid chars are a-z, A-Z, 0-9, period, "
        "hyphen, and underscore. Can't start with a special char"
    )


KEY_DESCRIPTION: Final = key_description(ID_MAX)
LABEL_DESCRIPTION: Final = (
    "Value must be a valid string between 1 and 36 chars containing only alphanumeric chars"
)


def php_empty(value: str) -> bool:
    """PHP's ``empty()`` on a string: true for ``""`` and for ``"0"``.

    >>> php_empty("0"), php_empty("00")
    (True, False)
    """
    return value == "" or value == "0"


def is_key(value: str, max_length: int = ID_MAX) -> bool:
    """Whether ``value`` passes Appwrite's ``Key`` validator (IDs, team roles).

    >>> is_key("abc.d-e_f"), is_key("_abc"), is_key("a" * 37)
    (True, False, False)
    """
    return len(value) <= max_length and _KEY_RE.fullmatch(value) is not None


def is_label(value: str) -> bool:
    """Whether ``value`` passes Appwrite's ``Label`` validator: 1 to 36 ASCII letters and digits.

    >>> is_label("VIP1"), is_label("a-b")
    (True, False)
    """
    return len(value) <= LABEL_MAX and _LABEL_RE.fullmatch(value) is not None


def validator_allowed(resource: ResourceKind) -> tuple[str, ...]:
    """The permission types the ``permissions`` parameter accepts for ``resource``, in the server's order.

    File update uses the default list, so it accepts ``create``.

    >>> validator_allowed("document")
    ('read', 'update', 'delete', 'write')
    """
    if resource in ("document", "row", "file"):
        return _DOCUMENT_TYPES
    return SERVER_TYPES


def aggregate_allowed(resource: ResourceKind) -> tuple[str, ...]:
    """The types that ``write`` expands to for ``resource`` (the ``$allowed`` of ``aggregate``).

    >>> aggregate_allowed("bucket"), aggregate_allowed("file-update")
    (('create', 'read', 'update', 'delete'), ('read', 'update', 'delete'))
    """
    if resource in DOCUMENT_KINDS:
        return _AGGREGATE_DOCUMENT
    return _AGGREGATE_ALL


def check_resource(resource: object) -> ResourceKind:
    """``resource`` itself when it is one of :data:`RESOURCE_KINDS`; else :class:`PermissionUsageError`.

    >>> check_resource("row")
    'row'
    """
    if resource not in RESOURCE_KINDS:
        raise PermissionUsageError(
            f"unknown resource kind {resource!r}; expected one of {', '.join(RESOURCE_KINDS)}"
        )
    return resource
