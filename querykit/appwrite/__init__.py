"""Appwrite: the server's exact parse and validation of query strings, and collection schemas.

>>> from querykit import appwrite
>>> col = appwrite.Collection((appwrite.Attribute("title", "string", size=255),))
>>> appwrite.check_list_documents(['{"method":"search","attribute":"title","values":["x"]}'], col).message
'Searching by attribute "title" requires a fulltext index.'
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from querykit.appwrite.profiles import DOCUMENTSDB, MARIADB, POSTGRESQL, PROFILES, Profile
    from querykit.appwrite.schema import Attribute, Collection, Index, SchemaError
    from querykit.appwrite.server import ServerQuery, ServerQueryError, parse_query
    from querykit.appwrite.update_check import check_update
    from querykit.appwrite.validator import Verdict, check_list_documents

# The server checks load on first use, so importing querykit (whose codec lives in this
# package) stays quick.
_LAZY = {
    "DOCUMENTSDB": "profiles",
    "MARIADB": "profiles",
    "POSTGRESQL": "profiles",
    "PROFILES": "profiles",
    "Profile": "profiles",
    "Attribute": "schema",
    "Collection": "schema",
    "Index": "schema",
    "SchemaError": "schema",
    "ServerQuery": "server",
    "ServerQueryError": "server",
    "parse_query": "server",
    "Verdict": "validator",
    "check_list_documents": "validator",
    "check_update": "update_check",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'querykit.appwrite' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"querykit.appwrite.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "DOCUMENTSDB",
    "MARIADB",
    "POSTGRESQL",
    "PROFILES",
    "Attribute",
    "Collection",
    "Index",
    "Profile",
    "SchemaError",
    "ServerQuery",
    "ServerQueryError",
    "Verdict",
    "check_list_documents",
    "check_update",
    "parse_query",
]


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])
