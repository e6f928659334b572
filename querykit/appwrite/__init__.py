"""Appwrite: the server's exact parse and validation of query strings, and collection schemas.

>>> from querykit import appwrite
>>> col = appwrite.Collection((appwrite.Attribute("title", "string", size=255),))
>>> appwrite.check_list_documents(['{"method":"search","attribute":"title","values":["x"]}'], col).message
'Searching by attribute "title" requires a fulltext index.'
"""

from querykit.appwrite.profiles import DOCUMENTSDB, MARIADB, POSTGRESQL, PROFILES, Profile
from querykit.appwrite.schema import Attribute, Collection, Index, SchemaError
from querykit.appwrite.server import ServerQuery, ServerQueryError, parse_query
from querykit.appwrite.validator import Verdict, check_list_documents

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
    "parse_query",
]
