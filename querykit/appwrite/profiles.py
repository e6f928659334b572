"""Database profiles: the adapter limits the Appwrite server validates queries with.

The server builds its documents validator from the database adapter behind the project:
the type of the internal ``$sequence`` id, the longest cursor id, the date range, whether the
database has a schema (``supportForAttributes``) and whether it stores unsigned 64-bit integers.

    >>> PROFILES["mariadb"].min_date.text
    '1000-01-01 00:00:00'
    >>> DOCUMENTSDB.support_attributes
    False
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from querykit.appwrite.phpdate import DateBound

__all__ = [
    "DOCUMENTSDB",
    "EVALUATION_PROFILES",
    "MARIADB",
    "POSTGRESQL",
    "PROFILES",
    "Profile",
    "get_profile",
]

APP_DATABASE_QUERY_MAX_VALUES: Final = 500


@dataclass(frozen=True, slots=True)
class Profile:
    """The limits one database adapter gives the server's query validators."""

    name: str
    id_type: str
    """``integer`` (SQL adapters) or ``uuid7`` (MongoDB): the rule for ``$sequence`` values."""
    max_uid_length: int
    """Longest id a cursor may carry (36 for SQL, 255 for MongoDB)."""
    min_date: DateBound
    max_date: DateBound
    support_attributes: bool
    """False only for the schemaless DocumentsDB: any attribute and any value type pass."""
    support_unsigned_bigint: bool
    """Whether unsigned ``bigint`` attributes accept values above PHP_INT_MAX."""
    max_query_values: int = APP_DATABASE_QUERY_MAX_VALUES
    evaluation: str = ""
    """The module holding this database's evaluation rules (its ``SEMANTICS``), empty when
    querykit cannot evaluate queries the way it does."""


_MAX_DATE: Final = DateBound.of(9999, 12, 31, 23, 59, 59)

POSTGRESQL: Final = Profile(
    name="postgresql",
    id_type="integer",
    max_uid_length=36,
    min_date=DateBound.of(-4713, 1, 1),
    max_date=_MAX_DATE,
    support_attributes=True,
    support_unsigned_bigint=False,
    evaluation="querykit.evaluate.postgresql",
)
MARIADB: Final = Profile(
    name="mariadb",
    id_type="integer",
    max_uid_length=36,
    min_date=DateBound.of(1000, 1, 1),
    max_date=_MAX_DATE,
    support_attributes=True,
    support_unsigned_bigint=True,
    evaluation="querykit.evaluate.mariadb",
)
DOCUMENTSDB: Final = Profile(
    name="documentsdb",
    id_type="uuid7",
    max_uid_length=255,
    min_date=DateBound.of(-9999, 1, 1),
    max_date=_MAX_DATE,
    support_attributes=False,
    support_unsigned_bigint=False,
)
PROFILES: Final = {p.name: p for p in (POSTGRESQL, MARIADB, DOCUMENTSDB)}

#: Every evaluation profile, by name: the module holding its ``SEMANTICS``. The databases that
#: querykit can evaluate for, and Realtime, which evaluates subscription queries in memory and is
#: no database (so ``check`` and ``validate`` never offer it).
EVALUATION_PROFILES: Final = {
    **{p.name: p.evaluation for p in PROFILES.values() if p.evaluation},
    "realtime": "querykit.evaluate.realtime",
}


def get_profile(profile: str | Profile) -> Profile:
    """A profile by name (``postgresql``, ``mariadb``, ``documentsdb``), or ``profile`` itself."""
    if isinstance(profile, Profile):
        return profile
    try:
        return PROFILES[profile]
    except (KeyError, TypeError):
        from querykit.errors import QueryError

        raise QueryError(
            f"unknown database profile {profile!r}; expected one of {', '.join(PROFILES)}",
            code="profile",
        ) from None
