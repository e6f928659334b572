"""Each Appwrite release line's answers, as the server-versions reference states them.

The expected lines and messages are written out here from the reference (not read from the
registry), so a wrong registry row fails these tests.
"""

from __future__ import annotations

import json

import pytest

from querykit.appwrite import Attribute, Collection, Index, check_list_documents, parse_query
from querykit.appwrite.server import ServerQueryError
from querykit.legacy import dumps

LINES = ("1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "latest")

# The reference's "first line whose server accepts" table.
FIRST_LINE = {
    **dict.fromkeys(
        [
            "equal", "notEqual", "lessThan", "lessThanEqual", "greaterThan", "greaterThanEqual",
            "contains", "search", "isNull", "isNotNull", "between", "startsWith", "endsWith",
            "select", "orderAsc", "orderDesc", "limit", "offset", "cursorAfter", "cursorBefore",
        ],
        "1.4",
    ),
    **dict.fromkeys(["and", "or"], "1.5"),
    **dict.fromkeys(
        [
            "notContains", "notSearch", "notBetween", "notStartsWith", "notEndsWith", "orderRandom",
            "crosses", "notCrosses", "distanceEqual", "distanceNotEqual", "distanceGreaterThan",
            "distanceLessThan", "intersects", "notIntersects", "overlaps", "notOverlaps", "touches",
            "notTouches",
        ],
        "1.8",
    ),
    **dict.fromkeys(["vectorDot", "vectorCosine", "vectorEuclidean", "containsAny", "containsAll"], "1.9"),
    **dict.fromkeys(["exists", "notExists", "elemMatch"], "1.9"),
}  # fmt: skip
# Methods whose parser arrives earlier than the line that can use them.
PARSED_FROM = {"vectorDot": "1.8", "vectorCosine": "1.8", "vectorEuclidean": "1.8"}
SCHEMALESS = {"exists", "notExists", "elemMatch"}

COLLECTION = Collection(
    (
        Attribute("title", "string", size=255),
        Attribute("n", "integer", size=8),
        Attribute("tags", "string", array=True, size=64),
        Attribute("loc", "point"),
        Attribute("emb", "vector", size=3),
    ),
    (Index("ft", "fulltext", ("title",)),),
)

_ONE = '"values":["a"]'


def query_for(method: str) -> dict[str, object]:
    """A query of ``method`` that today's server accepts on :data:`COLLECTION`."""
    if method in ("equal", "notEqual", "startsWith", "endsWith", "notStartsWith", "notEndsWith"):
        return {"method": method, "attribute": "title", "values": ["a"]}
    if method in ("search", "notSearch"):
        return {"method": method, "attribute": "title", "values": ["a"]}
    if method in ("lessThan", "lessThanEqual", "greaterThan", "greaterThanEqual"):
        return {"method": method, "attribute": "n", "values": [1]}
    if method in ("between", "notBetween"):
        return {"method": method, "attribute": "n", "values": [1, 2]}
    if method in ("contains", "notContains", "containsAny", "containsAll"):
        return {"method": method, "attribute": "tags", "values": ["a"]}
    if method in ("isNull", "isNotNull"):
        return {"method": method, "attribute": "title"}
    if method == "select":
        return {"method": method, "values": ["title"]}
    if method in ("orderAsc", "orderDesc"):
        return {"method": method, "attribute": "title"}
    if method == "orderRandom":
        return {"method": method}
    if method == "limit":
        return {"method": method, "values": [5]}
    if method == "offset":
        return {"method": method, "values": [0]}
    if method in ("cursorAfter", "cursorBefore"):
        return {"method": method, "values": ["doc1"]}
    if method in ("and", "or"):
        child = {"method": "equal", "attribute": "title", "values": ["a"]}
        return {"method": method, "values": [child, {**child, "values": ["b"]}]}
    if method.startswith("distance"):
        return {"method": method, "attribute": "loc", "values": [[[1, 2], 10, False]]}
    if method.startswith("vector"):
        return {"method": method, "attribute": "emb", "values": [[1, 2, 3]]}
    if method in ("exists", "notExists"):
        return {"method": method, "values": ["title"]}
    if method == "elemMatch":
        return {
            "method": method,
            "attribute": "items",
            "values": [{"method": "equal", "attribute": "title", "values": ["a"]}],
        }
    return {"method": method, "attribute": "loc", "values": [[1, 2]]}  # spatial predicates


def _before(line: str, first: str) -> bool:
    return LINES.index(line) < LINES.index(first)


def _wire(method: str, line: str) -> str:
    text = json.dumps(query_for(method), separators=(",", ":"))
    if line != "1.4":
        return text
    if FIRST_LINE[method] == "1.4":
        return dumps([text])[0]
    return f'{method}("title", ["a"])'  # the call a 1.4 client would write


def _profile(method: str, line: str) -> str | None:
    return "documentsdb" if method in SCHEMALESS and not _before(line, "1.9") else None


@pytest.mark.parametrize("line", LINES)
@pytest.mark.parametrize("method", sorted(FIRST_LINE))
def test_method_by_line(method: str, line: str) -> None:
    verdict = check_list_documents(
        [_wire(method, line)], COLLECTION, profile=_profile(method, line), server=line
    )
    first = FIRST_LINE[method]
    if not _before(line, first):
        assert verdict.valid, verdict
        return
    assert not verdict.valid
    assert verdict.status == 400
    parsed_from = PARSED_FROM.get(method, first)
    if line == "1.4":
        assert (verdict.type, verdict.message, verdict.stage) == (
            "general_argument_invalid",
            f"Invalid query method: {method}",
            "find",
        )
    elif _before(line, parsed_from):
        assert (verdict.type, verdict.message, verdict.stage) == (
            "general_query_invalid",
            f"Invalid query method: {method}",
            "parse",
        )
    else:  # parsed, but no attribute of the type it needs exists on the line
        assert verdict.message == "Invalid query: Attribute not found in schema: emb"
        assert verdict.hint == "emb is a vector attribute; they need Appwrite 1.9 or later"
        return
    assert verdict.hint == f"{method} needs Appwrite {first} or later"


@pytest.mark.parametrize("line", LINES)
def test_regex_is_refused_by_every_line(line: str) -> None:
    text = '{"method":"regex","attribute":"title","values":["a"]}'
    if line == "1.4":
        text = 'regex("title", ["a"])'
    verdict = check_list_documents([text], COLLECTION, server=line)
    assert (verdict.status, verdict.message) == (400, "Invalid query method: regex")
    assert verdict.hint == ""


@pytest.mark.parametrize("line", ["1.9", "latest"])
def test_exists_and_elem_match_on_schema_databases(line: str) -> None:
    exists = json.dumps(query_for("exists"))
    elem = json.dumps(query_for("elemMatch"))
    assert check_list_documents([exists], COLLECTION, server=line).message == (
        "Invalid query: Attribute not found in schema: "
    )
    assert check_list_documents([elem], COLLECTION, server=line).message == (
        "Invalid query: elemMatch is not supported by the database"
    )


# --------------------------------------------------------------------------------------------
# The parse step


@pytest.mark.parametrize(
    "text",
    [
        '{"method":"equal","attribute":"title","values":["a"]}',
        '{"method":"limit","values":[1]}',
        '{"method":"notContains","attribute":"tags","values":["a"]}',
        "[]",
        "title.equal(1)",  # the old dotted syntax
        "no parenthesis",
    ],
)
def test_json_and_broken_strings_crash_1_4(text: str) -> None:
    verdict = check_list_documents([text], COLLECTION, server="1.4")
    assert (verdict.status, verdict.type, verdict.message, verdict.stage) == (
        500,
        "general_unknown",
        "Server Error",
        "parse",
    )


def test_json_on_1_4_is_explained() -> None:
    verdict = check_list_documents(['{"method":"limit","values":[1]}'], COLLECTION, server="1.4")
    assert verdict.hint.startswith("Appwrite 1.4 reads legacy query strings")


@pytest.mark.parametrize("line", LINES[1:])
def test_legacy_strings_fail_json_parsing(line: str) -> None:
    verdict = check_list_documents(['equal("title", ["a"])'], COLLECTION, server=line)
    assert (verdict.status, verdict.type, verdict.message) == (
        400,
        "general_query_invalid",
        "Invalid query: Syntax error",
    )


def test_legacy_parser_is_lenient() -> None:
    # A missing ")" still parses; an unknown method parses and the validator rejects it.
    assert parse_query('equal("title", ["a"]', server="1.4").values == ("a",)
    verdict = check_list_documents(['frobnicate("title", ["a"])'], COLLECTION, server="1.4")
    assert (verdict.status, verdict.type, verdict.message) == (
        400,
        "general_argument_invalid",
        "Invalid query method: frobnicate",
    )
    assert verdict.hint == ""


@pytest.mark.parametrize(
    ("text", "line", "status", "message"),
    [
        ('{"method":["equal"]}', "1.5", 500, "Server Error"),
        ('{"method":["equal"]}', "1.6", 400, "Invalid query method. Must be a string, got array"),
        ('{"method":7}', "1.5", 400, "Invalid query method: 7"),
        ('{"method":true}', "1.5", 400, "Invalid query method: 1"),
        ('{"method":7}', "1.9", 400, "Invalid query method. Must be a string, got integer"),
        ('{"method":"equal","attribute":"title","values":"a"}', "1.5", 500, "Server Error"),
        (
            '{"method":"equal","attribute":"title","values":"a"}',
            "1.6",
            400,
            "Invalid query values. Must be an array, got string",
        ),
        (
            '{"method":"equal","attribute":5}',
            "1.5",
            400,
            "Invalid query attribute. Must be a string, got integer",
        ),
        ("1", "1.5", 400, "Invalid query. Must be an array, got integer"),
        ('{"method":"and","values":[1,2]}', "1.5", 500, None),
    ],
)
def test_parse_type_checks(text: str, line: str, status: int, message: str | None) -> None:
    verdict = check_list_documents([text], COLLECTION, server=line)
    assert verdict.status == status
    assert verdict.stage == "parse"
    if message is not None:
        assert verdict.message == message


@pytest.mark.parametrize("line", LINES)
def test_param_limits_are_the_same_everywhere(line: str) -> None:
    verdict = check_list_documents(["x" * 4097], COLLECTION, server=line)
    assert (verdict.status, verdict.type, verdict.stage) == (400, "general_argument_invalid", "param")
    assert check_list_documents(["limit(1)"] * 101, COLLECTION, server=line).stage == "param"


@pytest.mark.parametrize("line", LINES)
def test_limit_has_no_upper_bound(line: str) -> None:
    text = "limit(5001)" if line == "1.4" else '{"method":"limit","values":[5001]}'
    assert check_list_documents([text], COLLECTION, server=line).valid


def test_parse_query_server_order_default() -> None:
    assert parse_query('{"method":"orderAsc"}', server="1.5").attribute == ""
    assert parse_query('{"method":"orderAsc"}', server="1.7").attribute == "$internalId"
    assert parse_query('{"method":"orderAsc"}', server="1.8").attribute == "$sequence"
    assert parse_query('orderDesc("")', server="1.4").attribute == ""
    with pytest.raises(ServerQueryError) as caught:
        parse_query('{"method":"containsAll","attribute":"a","values":[1]}', server="1.8")
    assert caught.value.message == "Invalid query method: containsAll"


# --------------------------------------------------------------------------------------------
# Value counts, internal ids and the other differences


def _equal(values: list[object], attribute: str = "title") -> str:
    return json.dumps({"method": "equal", "attribute": attribute, "values": values})


@pytest.mark.parametrize("line", LINES[1:])
@pytest.mark.parametrize("count", [100, 101, 500, 501])
def test_value_count_limits(line: str, count: int) -> None:
    limit = 100 if line == "1.5" else 500
    verdict = check_list_documents([_equal(["v"] * count)], COLLECTION, server=line)
    if count <= limit:
        assert verdict.valid
    else:
        assert verdict.message == f"Invalid query: Query on attribute has greater than {limit} values: title"


@pytest.mark.parametrize("count", [100, 101])
def test_value_count_limit_1_4(count: int) -> None:
    text = 'equal("title", [' + ",".join(['"v"'] * count) + "])"
    verdict = check_list_documents([text], COLLECTION, server="1.4")
    if count <= 100:
        assert verdict.valid
    else:
        assert (verdict.type, verdict.message) == (
            "general_argument_invalid",
            "Invalid query: Query on attribute has greater than 100 values: title",
        )


@pytest.mark.parametrize("line", LINES[1:])
def test_internal_id_renamed_in_1_8(line: str) -> None:
    old = check_list_documents([_equal(["5"], "$internalId")], COLLECTION, server=line)
    new = check_list_documents([_equal([5], "$sequence")], COLLECTION, server=line)
    if line in ("1.5", "1.6", "1.7"):
        assert old.valid
        assert new.message == "Invalid query: Attribute not found in schema: $sequence"
    else:
        assert old.message == "Invalid query: Attribute not found in schema: $internalId"
        assert new.valid


@pytest.mark.parametrize("line", LINES[1:])
def test_encrypted_attributes(line: str) -> None:
    col = Collection((Attribute("secret", "string", size=64, filters=("encrypt",)),))
    verdict = check_list_documents([_equal(["x"], "secret")], col, server=line)
    if line in ("1.5", "1.6"):
        assert verdict.valid
    else:
        assert verdict.message == "Invalid query: Cannot query encrypted attribute: secret"
    order = check_list_documents(['{"method":"orderAsc","attribute":"secret"}'], col, server=line)
    assert order.valid


def test_type_mismatch_messages() -> None:
    v14 = check_list_documents(['equal("n", ["x"])'], COLLECTION, server="1.4")
    assert v14.message == "Invalid query: Query type does not match expected: integer"
    v15 = check_list_documents([_equal(["x"], "n")], COLLECTION, server="1.5")
    assert v15.message == 'Invalid query: Query value is invalid for attribute "n"'


@pytest.mark.parametrize("line", LINES[1:])
def test_contains_on_a_number(line: str) -> None:
    text = '{"method":"contains","attribute":"n","values":[1]}'
    message = check_list_documents([text], COLLECTION, server=line).message
    if line in ("1.5", "1.6", "1.7"):
        assert (
            message
            == 'Invalid query: Cannot query contains on attribute "n" because it is not an array or string.'
        )
    else:
        assert message == (
            'Invalid query: Cannot query contains on attribute "n" '
            "because it is not an array, string, or object."
        )


@pytest.mark.parametrize("line", LINES[1:])
def test_cursor_step(line: str) -> None:
    verdict = check_list_documents(['{"method":"cursorAfter","values":["_bad"]}'], COLLECTION, server=line)
    if line == "1.5":
        assert (verdict.status, verdict.type, verdict.message) == (
            400,
            "general_cursor_not_found",
            "Document '_bad' for the 'cursor' value not found.",
        )
        crash = check_list_documents(['{"method":"cursorAfter","values":[null]}'], COLLECTION, server=line)
        assert (crash.status, crash.type) == (500, "general_unknown")
    else:
        assert verdict.type == "general_query_invalid"
        assert verdict.message.startswith("Invalid cursor: UID must contain at most 36 chars.")


def test_relationship_paths() -> None:
    col = Collection((Attribute("author", "relationship", relation_type="manyToOne", side="parent"),))
    text = _equal(["x"], "author.name")
    for line in ("1.5", "1.6", "1.7"):
        assert check_list_documents([text], col, server=line).message == (
            "Invalid query: Cannot query nested attribute on: author"
        )
    for line in ("1.8", "1.9", "latest"):
        assert check_list_documents([text], col, server=line).valid
    select = '{"method":"select","values":["author.name"]}'
    assert all(check_list_documents([select], col, server=line).valid for line in LINES[1:])


def test_select_checks() -> None:
    twice = '{"method":"select","values":["title","title"]}'
    for line in ("1.5", "1.6"):
        assert check_list_documents([twice], COLLECTION, server=line).valid
    for line in ("1.7", "1.8", "1.9", "latest"):
        assert check_list_documents([twice], COLLECTION, server=line).message == (
            "Invalid query: Duplicate attributes selected"
        )


def test_nested_search_needs_an_index_from_1_6() -> None:
    col = Collection((Attribute("body", "string", size=64), Attribute("n", "integer", size=8)))
    search = {"method": "search", "attribute": "body", "values": ["x"]}
    other = {"method": "equal", "attribute": "n", "values": [1]}
    text = json.dumps({"method": "or", "values": [search, other]})
    assert check_list_documents([text], col, server="1.5").valid
    assert check_list_documents([text], col, server="1.6").message == (
        'Searching by attribute "body" requires a fulltext index.'
    )


def test_attribute_types_of_newer_lines_do_not_exist() -> None:
    col = Collection((Attribute("big", "bigint", size=8),))
    text = _equal([1], "big")
    assert check_list_documents([text], col, server="1.8").message == (
        "Invalid query: Attribute not found in schema: big"
    )
    assert check_list_documents([text], col, server="1.9").valid


def test_profiles_by_line() -> None:
    from querykit.errors import QueryError

    with pytest.raises(QueryError, match="runs on mariadb only"):
        check_list_documents([], COLLECTION, profile="postgresql", server="1.8")
    assert check_list_documents([], COLLECTION, profile="postgresql", server="1.9").valid
    assert check_list_documents([], COLLECTION, server="1.6").valid
    with pytest.raises(QueryError, match="unknown Appwrite server"):
        check_list_documents([], COLLECTION, server="2.0")


def test_full_release_names_a_line() -> None:
    assert check_list_documents(["limit(1)"], COLLECTION, server="1.4.14").valid
