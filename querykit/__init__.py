"""querykit: a human query and permission language for Appwrite."""

from querykit.errors import QueryError

__all__ = ["QueryError"]
__version__ = "0.1.0"
