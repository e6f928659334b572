"""The errors of the permission language, all under :class:`querykit.errors.QueryError`."""

from __future__ import annotations

from querykit.errors import QueryError, QuerySyntaxError

__all__ = ["PermissionSyntaxError", "PermissionUsageError", "RejectedError", "RoleValueError"]


class PermissionSyntaxError(QuerySyntaxError):
    """Permission text or a permission string that does not follow the grammar."""

    code = "permission-syntax"


class RoleValueError(QueryError):
    """A role whose ID, team role, label or status breaks Appwrite's rules.

    The message is the server's own, so it matches what Appwrite would answer.
    """

    code = "permission-role"


class RejectedError(QueryError):
    """A string the Appwrite server itself rejects (server-compatible mode); the message is the server's."""

    code = "permission-rejected"


class PermissionUsageError(QueryError):
    """An argument that is not one of the documented choices (a resource kind, a parse mode)."""

    code = "permission-usage"
