"""The list-documents pipeline and the rules of each validator."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from querykit.appwrite import Attribute, Collection, Index, Verdict, check_list_documents, parse_query
from querykit.appwrite.phpdate import DateBound, to_micros
from querykit.appwrite.profiles import MARIADB
from querykit.appwrite.validator import PARAM_MESSAGE, FilterValidator, is_valid_datetime
from querykit.errors import QueryError

LIMIT_RANGE = (
    "Invalid query: Invalid limit: Value must be a valid range between 1 and 9,223,372,036,854,775,807"
)
BOOKS = Collection.from_api(json.loads((Path(__file__).parents[1] / "data" / "books.json").read_text()))


def q(method: str, attribute: str | None = None, values: list[Any] | None = None) -> str:
    body: dict[str, Any] = {"method": method}
    if attribute is not None:
        body["attribute"] = attribute
    if values is not None:
        body["values"] = values
    return json.dumps(body, separators=(",", ":"))


def verdict(*queries: Any, profile: str = "postgresql") -> Verdict:
    return check_list_documents(list(queries), BOOKS, profile)


def test_books_schema_reads_every_attribute_kind() -> None:
    assert [a.key for a in BOOKS.attributes][-1] == "store"  # `draft` is still processing
    assert BOOKS.attribute("year").size == 4 and BOOKS.attribute("pages").size == 8
    assert BOOKS.attribute("supplierNote").encrypted
    assert BOOKS.attribute("reviews").is_virtual and not BOOKS.attribute("author").is_virtual
    assert BOOKS.attribute("genre").format == "enum" and BOOKS.attribute("tags").array


@pytest.mark.parametrize(
    ("queries", "stage", "status", "kind", "text"),
    [
        ([""], "param", 400, "general_argument_invalid", PARAM_MESSAGE),
        (["x" * 4097], "param", 400, "general_argument_invalid", PARAM_MESSAGE),
        ([q("limit", values=[1])] * 101, "param", 400, "general_argument_invalid", PARAM_MESSAGE),
        ([{"method": "limit"}], "param", 400, "general_argument_invalid", PARAM_MESSAGE),
        (
            [q("limit", values=[0]), "bad"],
            "parse",
            400,
            "general_query_invalid",
            "Invalid query: Syntax error",
        ),
        (
            [q("cursorAfter", values=["a" * 37]), q("cursorAfter", values=["_"])],
            "cursor",
            400,
            "general_query_invalid",
            "Invalid cursor: UID must contain at most 36 chars. "
            "Valid chars are a-z, A-Z, 0-9, and underscore. Can't start with a leading underscore",
        ),
        (
            [q("or", values=["x", "y"])],
            "parse",
            500,
            "general_unknown",
            "Nested queries inside and, or and elemMatch must be JSON objects, got string; "
            "the Appwrite server fails on this with HTTP 500",
        ),
    ],
)
def test_pipeline_stages(queries: list[Any], stage: str, status: int, kind: str, text: str) -> None:
    assert verdict(*queries) == Verdict(False, status, kind, text, stage)


def test_pipeline_accepts_an_empty_list_and_rejects_non_lists() -> None:
    assert verdict().valid
    assert check_list_documents("[]", BOOKS).stage == "param"
    assert check_list_documents([q("limit", values=[1]).encode()], BOOKS).valid
    with pytest.raises(QueryError):
        check_list_documents([], BOOKS, "oracle")


@pytest.mark.parametrize(
    ("query", "text"),
    [
        (q("equal", "supplierNote", ["x"]), "Invalid query: Cannot query encrypted attribute: supplierNote"),
        (q("equal", "reviews", ["x"]), "Invalid query: Cannot query on virtual relationship attribute"),
        (q("equal", "author.name", [1]), None),
        (q("equal", "title.x", ["a"]), None),
        (q("orderAsc", "title.x"), "Invalid query: Cannot order by nested attribute: title"),
        (q("equal", "year", [2147483648]), 'Invalid query: Query value is invalid for attribute "year"'),
        (q("equal", "pages", [2147483648]), None),
        (q("equal", "price", [True]), 'Invalid query: Query value is invalid for attribute "price"'),
        (q("contains", "store", [[1, 2]]), None),
        (q("intersects", "store", ["POINT(1 2)"]), "Invalid query: Spatial data must be an array"),
        (
            q("distanceLessThan", "store", [[[1, 2], 5]]),
            "Invalid query: Distance query requires [[geometry, distance]] parameters",
        ),
        (
            q("contains", "inStock", [True]),
            'Invalid query: Cannot query contains on attribute "inStock" '
            "because it is not an array, string, or object.",
        ),
        (q("containsAny", "tags", []), "Invalid query: ContainsAny queries require at least one value."),
        (q("equal", "tags", [[]]), "Invalid query: Equal queries require at least one value."),
        (q("greaterThan", "publishedAt", ["2024-02-30"]), None),
        (
            q("greaterThan", "publishedAt", ["2024-13-01"]),
            'Invalid query: Query value is invalid for attribute "publishedAt"',
        ),
        (
            q("vectorDot", "store", [[1]]),
            "Invalid query: Vector queries can only be used on vector attributes",
        ),
        (q("select", values=["author.*", "*", "$permissions"]), None),
        (q("select", values=[True]), "Invalid query: Attribute selection must be a string, got bool"),
        (q("limit", values=[" 10 "]), None),
        (q("limit", values=["1e1"]), LIMIT_RANGE),
        (q("offset", values=[None]), "Invalid query: Invalid limit: Value must be a valid number"),
        (
            q("and", values=[{"method": "orderAsc"}, {"method": "isNull", "attribute": "x"}]),
            "Invalid query: Attribute not found in schema: x",
        ),
        (
            q("elemMatch", "tags", [{"method": "equal", "attribute": "title", "values": ["x"]}]),
            "Invalid query: elemMatch is not supported by the database",
        ),
        (
            q("equal", "$sequence", ["9223372036854775808"]),
            'Invalid query: Query value is invalid for attribute "$sequence"',
        ),
    ],
)
def test_rules(query: str, text: str | None) -> None:
    result = verdict(query)
    assert result.message == (text or "")
    assert result.valid is (text is None)


def test_search_in_nested_queries_is_checked_after_all_other_rules() -> None:
    nested = q("or", values=[{"method": "search", "attribute": "summary", "values": ["a"]},
                             {"method": "isNull", "attribute": "title"}])  # fmt: skip
    assert verdict(nested).message == 'Searching by attribute "summary" requires a fulltext index.'
    assert verdict(nested, q("limit", values=[0])).message.startswith("Invalid query: Invalid limit")
    assert verdict(q("search", "title", ["dune"])).valid


def test_unsigned_bigint_depends_on_the_profile() -> None:
    col = Collection((Attribute("n", "bigint", signed=False),))
    query = [q("equal", "n", ["18446744073709551615"])]
    assert check_list_documents(query, col, "mariadb").valid
    assert not check_list_documents(query, col, "postgresql").valid


def test_schemaless_profile() -> None:
    assert verdict(q("equal", "anything", [1, "a"]), q("exists", values=["x"]), profile="documentsdb").valid
    assert verdict(q("equal", "$sequence", [5]), profile="documentsdb").message == (
        'Invalid query: Query value is invalid for attribute "$sequence"'
    )


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("2024-01-01", True),
        ("2024-1-4 11:31", True),
        ("2022-1-4 11:31:52.123456789", True),
        ("2024-01-01T00:00:00.000+00:00", True),
        ("2024-01-01T00:00:00Z", True),
        ("Tue Dec 31 2024", True),
        ("Tuesday, 31 December 2024 10:00 pm", True),
        ("12/31/2024", True),
        ("31.12.2024 23:59:60", True),
        ("2024-12-2509:00:21.891119", True),
        ("1975-12-06 00:00:61", False),
        ("16/01/2024 12:00:00AM", False),
        ("+055769-02-14T17:56:18.000Z1", False),
        ("2024-01-01 25:00", False),
        ("tomorrow", False),
        ("0", False),
        ("0999-12-31", False),
        ("10000-01-01", False),
    ],
)
def test_datetime_rule(text: str, ok: bool) -> None:
    assert is_valid_datetime(text, MARIADB.min_date, MARIADB.max_date) is ok


def test_day_name_moves_to_that_weekday() -> None:
    assert to_micros("Mon Dec 31 2024") == to_micros("2025-01-06")
    assert to_micros("9999-12-31 23:59:59") == DateBound.of(9999, 12, 31, 23, 59, 59).micros


# -- properties ---------------------------------------------------------------------------

KEYS = st.from_regex(r"[a-z][a-zA-Z0-9]{0,8}", fullmatch=True)
KINDS = st.sampled_from(["string", "integer32", "integer64", "double", "boolean", "datetime", "tags"])


@st.composite
def schemas(draw: st.DrawFn) -> tuple[Collection, dict[str, str]]:
    kinds = draw(st.dictionaries(KEYS, KINDS, min_size=1, max_size=6))
    attrs = []
    for key, kind in kinds.items():
        if kind.startswith("integer"):
            attrs.append(Attribute(key, "integer", size=8 if kind == "integer64" else 4))
        elif kind == "tags":
            attrs.append(Attribute(key, "string", array=True))
        else:
            attrs.append(Attribute(key, kind))
    strings = [k for k, v in kinds.items() if v == "string"]
    indexes = (Index("ft", "fulltext", (strings[0],)),) if strings else ()
    return Collection(tuple(attrs), indexes), kinds


def value_for(draw: st.DrawFn, kind: str) -> object:
    if kind == "string" or kind == "tags":
        return draw(st.text(max_size=10))
    if kind == "integer32":
        return draw(st.integers(-(2**31), 2**31 - 1))
    if kind == "integer64":
        return draw(st.integers(-(2**63), 2**63 - 1))
    if kind == "double":
        return draw(st.floats(allow_nan=False, allow_infinity=False) | st.integers(-(10**6), 10**6))
    if kind == "boolean":
        return draw(st.booleans())
    day = draw(st.dates(min_value=__import__("datetime").date(1000, 1, 1)))
    return day.isoformat() + draw(st.sampled_from(["", "T10:20:30.000+00:00", " 23:59:59"]))


@st.composite
def valid_queries(draw: st.DrawFn, kinds: dict[str, str], fulltext: str | None) -> str:
    key = draw(st.sampled_from(sorted(kinds)))
    kind = kinds[key]
    if kind == "tags":
        method = draw(st.sampled_from(["contains", "containsAny", "containsAll", "notContains", "isNull"]))
    else:
        method = draw(st.sampled_from(["equal", "notEqual", "lessThan", "between", "isNotNull", "orderAsc"]))
    if method in ("isNull", "isNotNull", "orderAsc"):
        return q(method, key)
    count = {"notEqual": 1, "lessThan": 1, "between": 2}.get(method, draw(st.integers(1, 4)))
    return q(method, key, [value_for(draw, kind) for _ in range(count)])


@settings(max_examples=500, deadline=None)
@given(st.data())
def test_generated_valid_queries_are_valid(data: st.DataObject) -> None:
    collection, kinds = data.draw(schemas())
    strings = [k for k, v in kinds.items() if v == "string"]
    queries = data.draw(st.lists(valid_queries(kinds, strings[0] if strings else None), max_size=8))
    if strings:
        queries.append(q("search", strings[0], ["word"]))
    queries += [q("limit", values=[25]), q("select", values=["$id", *sorted(kinds)[:2]])]
    assert check_list_documents(queries, collection).valid


MUTATIONS = ["unknown attribute", "arity", "limit", "value type", "search without index"]


def mutate(mutation: str, key: str, kinds: dict[str, str]) -> tuple[str, str]:
    """A query breaking one rule, and the server's message for it."""
    array_message = f'Invalid query: Cannot query {{}} on attribute "{key}" because it is an array.'
    if mutation == "unknown attribute":
        return q(
            "equal", key + "Missing", ["x"]
        ), f"Invalid query: Attribute not found in schema: {key}Missing"
    if mutation == "arity":
        return q("notEqual", key, [1, 2]), "Invalid query: NotEqual queries require exactly one value."
    if mutation == "limit":
        return q("limit", values=[0]), LIMIT_RANGE
    if mutation == "value type":
        if kinds[key] == "tags":
            return q("equal", key, ["x"]), array_message.format("equal")
        return q("equal", key, [[1]]), f'Invalid query: Query value is invalid for attribute "{key}"'
    if kinds[key] == "tags":
        return q("search", key, ["x"]), array_message.format("search")
    return q("search", key, ["x"]), f'Searching by attribute "{key}" requires a fulltext index.'


@settings(max_examples=500, deadline=None)
@given(st.data(), st.sampled_from(MUTATIONS))
def test_mutations_are_rejected_with_their_rule(data: st.DataObject, mutation: str) -> None:
    collection, kinds = data.draw(schemas())
    fulltext = {i.attributes[0] for i in collection.indexes}
    searchable = {"string", "tags"}  # search on other types fails the value check first
    candidates = sorted(
        k
        for k in kinds
        if mutation != "search without index" or (k not in fulltext and kinds[k] in searchable)
    )
    if not candidates:
        return
    key = data.draw(st.sampled_from(candidates))
    valid = data.draw(st.lists(valid_queries(kinds, None), max_size=5))
    broken, expected = mutate(mutation, key, kinds)
    position = data.draw(st.integers(0, len(valid)))
    result = check_list_documents([*valid[:position], broken, *valid[position:]], collection)
    assert (result.valid, result.message) == (False, expected)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.text(), st.binary(), st.integers(), st.none(), st.lists(st.text())), max_size=5))
def test_any_list_gives_a_verdict(queries: list[Any]) -> None:
    assert isinstance(check_list_documents(queries, BOOKS, "mariadb"), Verdict)


def test_filter_validator_standalone() -> None:
    validator = FilterValidator([Attribute("n", "integer", size=4, signed=False)])
    assert validator.validate(parse_query(q("equal", "n", [4294967295]))) is None
    assert (
        validator.validate(parse_query(q("equal", "n", [-1]))) == 'Query value is invalid for attribute "n"'
    )
