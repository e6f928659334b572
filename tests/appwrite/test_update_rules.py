"""check_update's rules one by one, each as the reference states it."""

from __future__ import annotations

import json

import pytest

from querykit.appwrite import Attribute, Collection, check_update
from querykit.errors import QueryError

COLLECTION = Collection(
    (
        Attribute("count", "integer"),
        Attribute("big", "integer", size=8),
        Attribute("huge", "bigint"),
        Attribute("score", "double"),
        Attribute("title", "string", size=5),
        Attribute("tags", "string", size=20, array=True),
        Attribute("ints", "integer", array=True),
        Attribute("reals", "double", array=True),
        Attribute("when", "datetime"),
        Attribute("meta", "object"),
        Attribute("active", "boolean"),
        Attribute("author", "relationship", relation_type="manyToOne", side="parent"),
        Attribute("code", "string", size=5, required=True),
        Attribute("age", "integer", format="intRange", minimum=0, maximum=120),
        Attribute("kind", "string", size=10, format="enum", elements=("a", "b")),
    )
)
STRUCTURE = "Invalid document structure: "


def op(method: str, *values: object) -> str:
    return json.dumps({"method": method, "values": list(values)})


def message(data: dict[str, object], current: dict[str, object] | None = None) -> tuple[int, str]:
    verdict = check_update(data, COLLECTION, current=current)
    return verdict.status, verdict.message


@pytest.mark.parametrize(
    ("data", "current", "status", "text"),
    [
        # bigint takes no numeric operator
        (
            {"huge": op("increment", 1)},
            None,
            400,
            "Cannot apply increment operator to non-numeric field 'huge'",
        ),
        # a 64-bit integer already above int32 overflows without a bound...
        (
            {"big": op("increment", 1)},
            {"big": 3000000000},
            400,
            "Cannot apply increment operator: would overflow maximum value of 2147483647",
        ),
        # ...and the bound skips the prediction, whatever its size; a null bound does not
        ({"big": op("increment", 1, 5000000000)}, {"big": 3000000000}, 200, ""),
        (
            {"count": op("decrement", 1, None)},
            {"count": -2147483648},
            400,
            "Cannot apply decrement operator: would underflow minimum value of -2147483648",
        ),
        # numeric strings are numbers; hex, bools and a missing value are not
        ({"count": op("increment", " 5")}, {"count": 1}, 200, ""),
        (
            {"count": op("increment", "0x1A")},
            None,
            400,
            "Cannot apply increment operator: value must be numeric, got string",
        ),
        (
            {"count": op("multiply", True)},
            None,
            400,
            "Cannot apply multiply operator: value must be numeric, got boolean",
        ),
        (
            {"count": '{"method":"power"}'},
            None,
            400,
            "Cannot apply power operator: value must be numeric, got NULL",
        ),
        ({"count": op("divide", "0e0")}, None, 400, "Cannot apply divide operator: division by zero"),
        (
            {"count": op("increment", 1, "x")},
            None,
            400,
            "Cannot apply increment operator: max/min limit must be numeric, got string",
        ),
        # PHP errors in the prediction end in 500
        ({"count": op("modulo", 0.5)}, {"count": 10}, 500, "Server Error"),
        ({"count": op("modulo", 0.5, 10)}, {"count": 10}, 200, ""),
        ({"ints": op("increment", 1)}, {"ints": None}, 500, "Server Error"),
        ({"ints": op("increment", 1)}, None, 200, ""),
        ({"reals": op("increment", 1)}, {"reals": [1.0]}, 200, ""),
        # int32 items, including numeric strings, only for integer arrays
        (
            {"ints": op("arrayAppend", "3000000000")},
            None,
            400,
            "Cannot apply arrayAppend operator: array items must be between -2147483648 and 2147483647",
        ),
        ({"tags": op("arrayAppend", "3000000000")}, None, 200, ""),
        # a stored NULL array reads as []
        (
            {"tags": op("arrayInsert", 1, "x")},
            {"tags": None},
            400,
            "Cannot apply arrayInsert operator: index 1 is out of bounds for array of length 0",
        ),
        (
            {"tags": op("arrayInsert", 1.0, "x")},
            None,
            400,
            "Cannot apply arrayInsert operator: index must be a non-negative integer",
        ),
        ({"tags": op("stringReplace", "a", "b")}, None, 200, ""),
        (
            {"tags": op("stringConcat", "a")},
            None,
            400,
            "Cannot apply stringConcat operator to non-string field 'tags'",
        ),
        # stringConcat counts bytes, and only against a current document
        (
            {"title": op("stringConcat", "éé")},
            {"title": "abc"},
            400,
            "Cannot apply stringConcat operator: result would exceed maximum length of 5 characters",
        ),
        ({"title": op("stringConcat", "éé")}, None, 200, ""),
        (
            {"when": op("dateAddDays", "1")},
            None,
            400,
            "Cannot apply dateAddDays operator: requires an integer number of days",
        ),
        (
            {"tags": op("arrayFilter", "contains", "x")},
            None,
            400,
            "Invalid array filter condition 'contains'. Must be one of: equal, notEqual, greaterThan, "
            "greaterThanEqual, lessThan, lessThanEqual, isNull, isNotNull",
        ),
        (
            {"count": op("arrayIntersect", "x")},
            None,
            400,
            "Cannot use arrayIntersect operator on non-array attribute 'count'",
        ),
        (
            {"tags": json.dumps({"method": "arrayAppend", "values": list(range(10001))})},
            None,
            400,
            "Array size 10001 exceeds maximum allowed size of 10000 for array operations",
        ),
        # values as a JSON object with keys "0", "1"... is a list; duplicate keys: the last wins
        ({"count": '{"method":"decrement","values":{"0":1}}'}, None, 200, ""),
        (
            {"count": '{"method":"increment","values":[1],"method":"toggle"}'},
            None,
            400,
            "Cannot apply toggle operator to non-boolean field 'count'",
        ),
        ({"count": '{"method":"\\u0069ncrement","values":[1]}'}, None, 200, ""),
    ],
)
def test_operator_rules(
    data: dict[str, object], current: dict[str, object] | None, status: int, text: str
) -> None:
    got_status, got_message = message(data, current)
    assert got_status == status
    if status == 400:
        assert got_message == STRUCTURE + text
    elif status == 500:
        assert got_message == text


def test_where_operators_are_found() -> None:
    increment = op("increment", 1)
    # $ keys are skipped ($id is then replaced by the document's own id)
    assert check_update({"$id": increment}, COLLECTION).valid
    assert message({"$foo": increment}) == (400, STRUCTURE + 'Unknown attribute: "$foo"')
    # integer-like keys are never operators
    assert message({"123": increment}) == (400, STRUCTURE + 'Unknown attribute: "123"')
    # relationship keys are skipped: the string is a document id to Appwrite
    verdict = check_update({"author": increment}, COLLECTION)
    assert (verdict.status, verdict.type) == (400, "relationship_value_invalid")
    assert verdict.message.startswith("Parameter must contain at most 36 chars.")
    # misspelled methods stay plain values
    assert message({"title": op("incr", 1)}) == (
        400,
        STRUCTURE
        + 'Attribute "title" has invalid type. Value must be a valid string and no longer than 5 chars',
    )
    # operators nested in objects are parsed: an object attribute takes them, with the nested key named
    assert check_update({"meta": {"a": increment}}, COLLECTION).valid
    verdict = check_update({"meta": {"inner": '{"method":"toggle","values":"x"}'}}, COLLECTION)
    assert (verdict.status, verdict.type) == (400, "general_bad_request")
    assert (
        verdict.message
        == 'Invalid operator for attribute "inner": Invalid operator values. Must be an array, got string'
    )
    # an operator as a JSON object is read like the string
    verdict = check_update({"count": {"method": "increment", "attribute": 5}}, COLLECTION)
    assert (
        verdict.message
        == 'Invalid operator for attribute "count": Invalid operator attribute. Must be a string, got integer'
    )


def test_plain_values_and_structure() -> None:
    assert message({"code": None}) == (400, STRUCTURE + 'Missing required attribute "code"')
    assert message({"count": -2147483648}) == (
        400,
        STRUCTURE + 'Attribute "count" has invalid type. '
        "Value must be a valid range between -2,147,483,647 and 2,147,483,647",
    )
    assert message({"age": 121}) == (
        400,
        STRUCTURE + 'Attribute "age" has invalid format. Value must be a valid range between 0 and 120',
    )
    assert message({"kind": "c"}) == (
        400,
        STRUCTURE + 'Attribute "kind" has invalid format. Value must be one of (a, b)',
    )
    assert message({"tags": ["a", 5]})[1] == STRUCTURE + (
        "Attribute \"tags['1']\" has invalid type. Value must be a valid string and no longer than 20 chars"
    )
    assert message({"tags": "a"}) == (400, STRUCTURE + 'Attribute "tags" must be an array')
    assert message({"active": 1}) == (
        400,
        STRUCTURE + 'Attribute "active" has invalid type. Value must be a valid boolean',
    )
    assert message({"score": "1.5"}) == (
        400,
        STRUCTURE + 'Attribute "score" has invalid type. Value must be a valid float',
    )


def test_resources_and_payload() -> None:
    row = check_update({"count": "x"}, COLLECTION, resource="row")
    assert (row.status, row.type) == (400, "row_invalid_structure")
    assert row.message.startswith(STRUCTURE)
    empty = check_update({}, COLLECTION, resource="row")
    assert (empty.status, empty.type) == (400, "row_missing_payload")
    assert empty.message == (
        "The row data and permissions are missing. "
        "You must provide either row data or permissions to be updated."
    )
    assert check_update('{"count": 5}', COLLECTION).valid
    with pytest.raises(QueryError):
        check_update({"count": 5}, COLLECTION, resource="table")
    with pytest.raises(QueryError):
        check_update(5, COLLECTION)


def test_the_first_bad_operator_in_depth_first_order_wins() -> None:
    nested = {"x": {"method": "increment", "values": "s"}}
    verdict = check_update({"meta": nested, "count": {"method": "increment", "values": "t"}}, COLLECTION)
    assert (
        verdict.message
        == 'Invalid operator for attribute "x": Invalid operator values. Must be an array, got string'
    )


def test_many_side_relationships_take_lists() -> None:
    col = Collection((Attribute("rel", "relationship", relation_type="manyToMany"),))
    verdict = check_update({"rel": "abc"}, col)
    assert (verdict.status, verdict.type) == (400, "relationship_value_invalid")
    assert verdict.message == (
        "Invalid relationship value. Must be either an array of documents or document IDs, string given."
    )
    assert check_update({"rel": ["abc"]}, col).valid
