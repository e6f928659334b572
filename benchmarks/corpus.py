"""The benchmark corpus: realistic queries against the ``books`` collection, each in every form
the suite times, plus a small permission corpus and the generators for the scaling series.

Every query carries:

- ``text``: the querykit text;
- ``appwrite``: the Appwrite JSON strings it stands for, written out by hand (the suite asserts
  that ``compile``, the official SDK builder and the JSON round trip all give these bytes);
- ``sdk``: a function that builds the same strings with a ``Query`` class that has the official
  SDK's helper names (the SDK's own class, or querykit's drop-in builder);
- ``lucene``: the nearest Lucene query (for luqum; Lucene has no ordering or paging);
- ``sql``: a ``SELECT`` whose ``WHERE``, ``ORDER BY`` and ``LIMIT`` say the same (for sqlglot).

The queries use the attributes of ``tests/data/books.json``. The first one, ``name = "John"``,
names an attribute the collection does not have, so ``check_list_documents`` times its
rejection path there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = [
    "CORPUS",
    "PERMISSIONS",
    "Case",
    "PermissionCase",
    "chain_text",
    "nested_text",
]

#: Builds the query with a class that has the SDK's helper names (``equal``, ``or_queries`` ...).
Builder = Callable[[Any], list[str]]


@dataclass(frozen=True, slots=True)
class Case:
    """One query in every form the suite times."""

    name: str
    text: str
    appwrite: tuple[str, ...]
    sdk: Builder
    lucene: str
    sql: str
    #: Whether the server accepts it for the ``books`` collection.
    valid_for_books: bool = True


@dataclass(frozen=True, slots=True)
class PermissionCase:
    """A permission set as text and as the Appwrite strings it compiles to."""

    name: str
    text: str
    strings: tuple[str, ...]


_TEN_YEARS = (1950, 1955, 1960, 1965, 1970, 1975, 1980, 1985, 1990, 1995)
_TEN_TAGS = (
    "sf",
    "classic",
    "space",
    "robots",
    "ai",
    "mars",
    "time-travel",
    "dystopia",
    "aliens",
    "cyberpunk",
)
_TEN_ISBNS = tuple(f"978-0-441-{17200 + 7 * k:05d}-{k}" for k in range(10))


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f'"{v}"' for v in values)


def _sql_quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def _json_strings(values: tuple[str, ...]) -> str:
    return ",".join(f'"{v}"' for v in values)


def _ints(values: tuple[int, ...], sep: str = ", ") -> str:
    return sep.join(str(v) for v in values)


_LONG_TEXT = (
    '(genre in ["fiction", "science"] and (year between 1950..1999 or publishedAt > 2015-06-01T00:00:00Z))'
    f" and tags contains any [{_quoted(_TEN_TAGS)}]"
    " and price < 25.5 and inStock = true and pages between 120..900"
    ' and title not starts with "The Complete" and summary is not null'
    " order by year desc, title limit 50 offset 100"
)

CORPUS: tuple[Case, ...] = (
    Case(
        name="equal",
        text='name = "John"',
        appwrite=('{"method":"equal","attribute":"name","values":["John"]}',),
        sdk=lambda q: [q.equal("name", "John")],
        lucene='name:"John"',
        sql="SELECT * FROM books WHERE name = 'John'",
        valid_for_books=False,
    ),
    Case(
        name="greater than",
        text="year > 1990",
        appwrite=('{"method":"greaterThan","attribute":"year","values":[1990]}',),
        sdk=lambda q: [q.greater_than("year", 1990)],
        lucene="year:{1990 TO *}",
        sql="SELECT * FROM books WHERE year > 1990",
    ),
    Case(
        name="prefix and flag",
        text='title starts with "The" and inStock = true',
        appwrite=(
            '{"method":"startsWith","attribute":"title","values":["The"]}',
            '{"method":"equal","attribute":"inStock","values":[true]}',
        ),
        sdk=lambda q: [q.starts_with("title", "The"), q.equal("inStock", True)],
        lucene="title:The* AND inStock:true",
        sql="SELECT * FROM books WHERE title LIKE 'The%' AND inStock = TRUE",
    ),
    Case(
        name="in list, order, limit",
        text='genre in ["fiction", "poetry"] order by year desc limit 25',
        appwrite=(
            '{"method":"equal","attribute":"genre","values":["fiction","poetry"]}',
            '{"method":"orderDesc","attribute":"year"}',
            '{"method":"limit","values":[25]}',
        ),
        sdk=lambda q: [q.equal("genre", ["fiction", "poetry"]), q.order_desc("year"), q.limit(25)],
        lucene="genre:(fiction OR poetry)",
        sql="SELECT * FROM books WHERE genre IN ('fiction', 'poetry') ORDER BY year DESC LIMIT 25",
    ),
    Case(
        name="ranges",
        text="price between 5.5..20 and pages >= 100",
        appwrite=(
            '{"method":"between","attribute":"price","values":[5.5,20]}',
            '{"method":"greaterThanEqual","attribute":"pages","values":[100]}',
        ),
        sdk=lambda q: [q.between("price", 5.5, 20), q.greater_than_equal("pages", 100)],
        lucene="price:[5.5 TO 20] AND pages:[100 TO *]",
        sql="SELECT * FROM books WHERE price BETWEEN 5.5 AND 20 AND pages >= 100",
    ),
    Case(
        name="full-text search",
        text='title ~ "dune messiah" limit 10',
        appwrite=(
            '{"method":"search","attribute":"title","values":["dune messiah"]}',
            '{"method":"limit","values":[10]}',
        ),
        sdk=lambda q: [q.search("title", "dune messiah"), q.limit(10)],
        lucene="title:(dune messiah)",
        sql="SELECT * FROM books WHERE title LIKE '%dune messiah%' LIMIT 10",
    ),
    Case(
        name="contains any",
        text='tags contains any ["sf", "classic", "space"]',
        appwrite=('{"method":"containsAny","attribute":"tags","values":["sf","classic","space"]}',),
        sdk=lambda q: [q.contains_any("tags", ["sf", "classic", "space"])],
        lucene="tags:(sf OR classic OR space)",
        sql="SELECT * FROM books WHERE tags IN ('sf', 'classic', 'space')",
    ),
    Case(
        name="null check, not equal, order",
        text='summary is not null and isbn != "978-0-441-17271-9" order by title',
        appwrite=(
            '{"method":"isNotNull","attribute":"summary"}',
            '{"method":"notEqual","attribute":"isbn","values":["978-0-441-17271-9"]}',
            '{"method":"orderAsc","attribute":"title"}',
        ),
        sdk=lambda q: [
            q.is_not_null("summary"),
            q.not_equal("isbn", "978-0-441-17271-9"),
            q.order_asc("title"),
        ],
        lucene='_exists_:summary AND NOT isbn:"978-0-441-17271-9"',
        sql="SELECT * FROM books WHERE summary IS NOT NULL AND isbn <> '978-0-441-17271-9' ORDER BY title",
    ),
    Case(
        name="or chain",
        text='year = 1965 or year = 1984 or title = "Dune"',
        appwrite=(
            '{"method":"or","values":[{"method":"equal","attribute":"year","values":[1965]},'
            '{"method":"equal","attribute":"year","values":[1984]},'
            '{"method":"equal","attribute":"title","values":["Dune"]}]}',
        ),
        sdk=lambda q: [
            q.or_queries([q.equal("year", 1965), q.equal("year", 1984), q.equal("title", "Dune")])
        ],
        lucene='year:1965 OR year:1984 OR title:"Dune"',
        sql="SELECT * FROM books WHERE year = 1965 OR year = 1984 OR title = 'Dune'",
    ),
    Case(
        name="date and page",
        text="publishedAt > 2020-01-01T00:00:00Z and inStock = true order by publishedAt desc page 3 size 20",
        appwrite=(
            '{"method":"greaterThan","attribute":"publishedAt","values":["2020-01-01T00:00:00Z"]}',
            '{"method":"equal","attribute":"inStock","values":[true]}',
            '{"method":"orderDesc","attribute":"publishedAt"}',
            '{"method":"limit","values":[20]}',
            '{"method":"offset","values":[40]}',
        ),
        sdk=lambda q: [
            q.greater_than("publishedAt", "2020-01-01T00:00:00Z"),
            q.equal("inStock", True),
            q.order_desc("publishedAt"),
            q.limit(20),
            q.offset(40),
        ],
        lucene='publishedAt:{"2020-01-01T00:00:00Z" TO *} AND inStock:true',
        sql=(
            "SELECT * FROM books WHERE publishedAt > '2020-01-01T00:00:00Z' AND inStock = TRUE"
            " ORDER BY publishedAt DESC LIMIT 20 OFFSET 40"
        ),
    ),
    Case(
        name="select and order",
        text="year >= 2000 and price < 30 select title, year, price order by price",
        appwrite=(
            '{"method":"greaterThanEqual","attribute":"year","values":[2000]}',
            '{"method":"lessThan","attribute":"price","values":[30]}',
            '{"method":"select","values":["title","year","price"]}',
            '{"method":"orderAsc","attribute":"price"}',
        ),
        sdk=lambda q: [
            q.greater_than_equal("year", 2000),
            q.less_than("price", 30),
            q.select(["title", "year", "price"]),
            q.order_asc("price"),
        ],
        lucene="year:[2000 TO *] AND price:{* TO 30}",
        sql="SELECT title, year, price FROM books WHERE year >= 2000 AND price < 30 ORDER BY price",
    ),
    Case(
        name="ten values",
        text=f"year in [{_ints(_TEN_YEARS)}] order by year",
        appwrite=(
            f'{{"method":"equal","attribute":"year","values":[{_ints(_TEN_YEARS, ",")}]}}',
            '{"method":"orderAsc","attribute":"year"}',
        ),
        sdk=lambda q: [q.equal("year", list(_TEN_YEARS)), q.order_asc("year")],
        lucene=f"year:({_ints(_TEN_YEARS, ' OR ')})",
        sql=f"SELECT * FROM books WHERE year IN ({_ints(_TEN_YEARS)}) ORDER BY year",
    ),
    Case(
        name="cursor paging",
        text='inStock = true order by $createdAt desc limit 50 after "6650f1c2a3b4c5d6e7f8"',
        appwrite=(
            '{"method":"equal","attribute":"inStock","values":[true]}',
            '{"method":"orderDesc","attribute":"$createdAt"}',
            '{"method":"limit","values":[50]}',
            '{"method":"cursorAfter","values":["6650f1c2a3b4c5d6e7f8"]}',
        ),
        sdk=lambda q: [
            q.equal("inStock", True),
            q.order_desc("$createdAt"),
            q.limit(50),
            q.cursor_after("6650f1c2a3b4c5d6e7f8"),
        ],
        lucene="inStock:true",
        sql=(
            "SELECT * FROM books WHERE inStock = TRUE AND id > '6650f1c2a3b4c5d6e7f8'"
            " ORDER BY createdAt DESC LIMIT 50"
        ),
    ),
    Case(
        name="nested and/or",
        text='(genre = "fiction" and (year < 1970 or year > 2010)) or (genre = "science" and price < 15.5)',
        appwrite=(
            '{"method":"or","values":[{"method":"and","values":['
            '{"method":"equal","attribute":"genre","values":["fiction"]},'
            '{"method":"or","values":[{"method":"lessThan","attribute":"year","values":[1970]},'
            '{"method":"greaterThan","attribute":"year","values":[2010]}]}]},'
            '{"method":"and","values":[{"method":"equal","attribute":"genre","values":["science"]},'
            '{"method":"lessThan","attribute":"price","values":[15.5]}]}]}',
        ),
        sdk=lambda q: [
            q.or_queries(
                [
                    q.and_queries(
                        [
                            q.equal("genre", "fiction"),
                            q.or_queries([q.less_than("year", 1970), q.greater_than("year", 2010)]),
                        ]
                    ),
                    q.and_queries([q.equal("genre", "science"), q.less_than("price", 15.5)]),
                ]
            )
        ],
        lucene=(
            '(genre:"fiction" AND (year:{* TO 1970} OR year:{2010 TO *}))'
            ' OR (genre:"science" AND price:{* TO 15.5})'
        ),
        sql=(
            "SELECT * FROM books WHERE (genre = 'fiction' AND (year < 1970 OR year > 2010))"
            " OR (genre = 'science' AND price < 15.5)"
        ),
    ),
    Case(
        name="negation",
        text='not (title starts with "A" or pages < 50) and genre != "poetry"',
        appwrite=(
            '{"method":"and","values":[{"method":"notStartsWith","attribute":"title","values":["A"]},'
            '{"method":"greaterThanEqual","attribute":"pages","values":[50]}]}',
            '{"method":"notEqual","attribute":"genre","values":["poetry"]}',
        ),
        sdk=lambda q: [
            q.and_queries([q.not_starts_with("title", "A"), q.greater_than_equal("pages", 50)]),
            q.not_equal("genre", "poetry"),
        ],
        lucene='NOT (title:A* OR pages:{* TO 50}) AND NOT genre:"poetry"',
        sql="SELECT * FROM books WHERE NOT (title LIKE 'A%' OR pages < 50) AND genre <> 'poetry'",
    ),
    Case(
        name="ten ISBNs, select",
        text=f"isbn in [{_quoted(_TEN_ISBNS)}] select title, isbn limit 10",
        appwrite=(
            f'{{"method":"equal","attribute":"isbn","values":[{_json_strings(_TEN_ISBNS)}]}}',
            '{"method":"select","values":["title","isbn"]}',
            '{"method":"limit","values":[10]}',
        ),
        sdk=lambda q: [q.equal("isbn", list(_TEN_ISBNS)), q.select(["title", "isbn"]), q.limit(10)],
        lucene=f"isbn:({' OR '.join(_TEN_ISBNS)})",
        sql=f"SELECT title, isbn FROM books WHERE isbn IN ({_sql_quoted(_TEN_ISBNS)}) LIMIT 10",
    ),
    Case(
        name="long (~400 chars)",
        text=_LONG_TEXT,
        appwrite=(
            '{"method":"and","values":[{"method":"equal","attribute":"genre","values":["fiction","science"]},'
            '{"method":"or","values":[{"method":"between","attribute":"year","values":[1950,1999]},'
            '{"method":"greaterThan","attribute":"publishedAt","values":["2015-06-01T00:00:00Z"]}]}]}',
            f'{{"method":"containsAny","attribute":"tags","values":[{_json_strings(_TEN_TAGS)}]}}',
            '{"method":"lessThan","attribute":"price","values":[25.5]}',
            '{"method":"equal","attribute":"inStock","values":[true]}',
            '{"method":"between","attribute":"pages","values":[120,900]}',
            '{"method":"notStartsWith","attribute":"title","values":["The Complete"]}',
            '{"method":"isNotNull","attribute":"summary"}',
            '{"method":"orderDesc","attribute":"year"}',
            '{"method":"orderAsc","attribute":"title"}',
            '{"method":"limit","values":[50]}',
            '{"method":"offset","values":[100]}',
        ),
        sdk=lambda q: [
            q.and_queries(
                [
                    q.equal("genre", ["fiction", "science"]),
                    q.or_queries(
                        [
                            q.between("year", 1950, 1999),
                            q.greater_than("publishedAt", "2015-06-01T00:00:00Z"),
                        ]
                    ),
                ]
            ),
            q.contains_any("tags", list(_TEN_TAGS)),
            q.less_than("price", 25.5),
            q.equal("inStock", True),
            q.between("pages", 120, 900),
            q.not_starts_with("title", "The Complete"),
            q.is_not_null("summary"),
            q.order_desc("year"),
            q.order_asc("title"),
            q.limit(50),
            q.offset(100),
        ],
        lucene=(
            '(genre:("fiction" OR "science")'
            ' AND (year:[1950 TO 1999] OR publishedAt:{"2015-06-01T00:00:00Z" TO *}))'
            f" AND tags:({' OR '.join(_TEN_TAGS)}) AND price:{{* TO 25.5}} AND inStock:true"
            " AND pages:[120 TO 900]"
            ' AND NOT title:"The Complete"* AND _exists_:summary'
        ),
        sql=(
            "SELECT * FROM books WHERE (genre IN ('fiction', 'science')"
            " AND (year BETWEEN 1950 AND 1999 OR publishedAt > '2015-06-01T00:00:00Z'))"
            f" AND tags IN ({_sql_quoted(_TEN_TAGS)}) AND price < 25.5 AND inStock = TRUE"
            " AND pages BETWEEN 120 AND 900"
            " AND NOT title LIKE 'The Complete%' AND summary IS NOT NULL"
            " ORDER BY year DESC, title LIMIT 50 OFFSET 100"
        ),
    ),
)

PERMISSIONS: tuple[PermissionCase, ...] = (
    PermissionCase("public read", "read: any", ('read("any")',)),
    PermissionCase(
        "owner writes",
        "read: any; update, delete: user:abc/verified",
        ('read("any")', 'update("user:abc/verified")', 'delete("user:abc/verified")'),
    ),
    PermissionCase(
        "team roles",
        "read: users/verified, team:editors\ncreate, update: team:editors/owner\ndelete: label:admin",
        (
            'read("users/verified")',
            'read("team:editors")',
            'create("team:editors/owner")',
            'update("team:editors/owner")',
            'delete("label:admin")',
        ),
    ),
    PermissionCase(
        "member and guests",
        "read: guests, member:m-1842; update: member:m-1842; delete: user:u77",
        ('read("guests")', 'read("member:m-1842")', 'update("member:m-1842")', 'delete("user:u77")'),
    ),
)


def chain_text(terms: int) -> str:
    """``terms`` comparisons joined by ``and`` at the top level (so ``terms`` Appwrite queries)."""
    shapes = ('title = "t{i}"', "year > {i}", "price <= {i}.5", 'isbn != "x{i}"')
    return " and ".join(shapes[i % len(shapes)].format(i=i) for i in range(terms))


def nested_text(depth: int) -> str:
    """A filter with ``depth`` levels of brackets, alternating ``or`` and ``and``."""
    expr = "year = 0"
    for level in range(1, depth + 1):
        op = " or " if level % 2 else " and "
        expr = f"({expr}{op}pages > {level})"
    return expr
