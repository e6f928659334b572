"""apply's rules per database, each as measured on PostgreSQL 15 and MariaDB 10.11."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from querykit.appwrite import Attribute, Collection
from querykit.errors import QueryError
from querykit.update import UpdateError, apply

COLLECTION = Collection(
    (
        Attribute("n", "integer"),
        Attribute("big", "integer", size=8),
        Attribute("u", "integer", signed=False),
        Attribute("d", "double"),
        Attribute("s", "string", size=20),
        Attribute("tags", "string", size=20, array=True),
        Attribute("ints", "integer", array=True),
        Attribute("reals", "double", array=True),
        Attribute("flags", "boolean", array=True),
        Attribute("b", "boolean"),
        Attribute("t", "datetime"),
    )
)
ERROR = "error"


def op(method: str, *values: object) -> str:
    return json.dumps({"method": method, "values": list(values)})


def run(document: dict[str, object], key: str, operator: str, profile: str) -> object:
    try:
        return apply(document, {key: operator}, COLLECTION, profile=profile)[key]
    except UpdateError as e:
        assert (e.status, e.type, e.server_message) == (500, "general_unknown", "Server Error")
        return ERROR


@pytest.mark.parametrize(
    ("document", "key", "operator", "postgresql", "mariadb"),
    [
        # integers: PostgreSQL types a bare operand as the column; MariaDB rounds half to even
        ({"n": 29}, "n", op("increment", 1.5), ERROR, 30),
        ({"n": 30}, "n", op("increment", 1.5), ERROR, 32),
        ({"n": 30}, "n", op("decrement", 1.5), ERROR, 28),
        ({"n": -2}, "n", op("decrement", 0.5), ERROR, -2),
        ({"n": 30}, "n", op("increment", "1e3"), ERROR, 1030),
        # with a bound PostgreSQL computes in NUMERIC and rounds half away from zero
        ({"n": 29}, "n", op("increment", 1.5, 100), 31, 30),
        ({"n": 5}, "n", op("multiply", 0.5, 100), 3, 2),
        # integer division
        ({"n": 7}, "n", op("divide", 2), 3, 4),
        ({"n": -7}, "n", op("divide", 2), -3, -4),
        ({"big": 5000000000}, "big", op("divide", 3), 1666666666, 1666666667),
        ({"n": 5}, "n", op("divide", 2, 0), 3, 3),
        # bounds leave the value unchanged; a result on the bound applies; NULL counts as 0
        ({"n": 30}, "n", op("increment", 5, 34), 30, 30),
        ({"n": 30}, "n", op("increment", 5, 35), 35, 35),
        ({"n": 30}, "n", op("divide", 2, 20), 30, 30),
        ({"n": None}, "n", op("increment", 5, 3), 0, 0),
        # modulo keeps the dividend's sign and fractions
        ({"n": -7}, "n", op("modulo", 3), -1, -1),
        ({"n": 7}, "n", op("modulo", -3), 1, 1),
        ({"d": -7.5}, "d", op("modulo", 2), -1.5, -1.5),
        ({"d": 1.5}, "d", op("modulo", 1), 0.5, 0.5),
        ({"n": 30}, "n", op("modulo", 0.5, 10), 0, 0),
        ({"d": 1.5}, "d", op("modulo", 1e-7), 0.0, 6.787783226117061e-17),
        # power
        ({"n": -2}, "n", op("power", 3), -8, -8),
        ({"d": -2.5}, "d", op("power", 2), 6.25, 6.25),
        ({"n": 2147483647}, "n", op("power", 0.5), 46341, 46341),
        ({"n": -8}, "n", op("power", 0.5), ERROR, ERROR),
        ({"n": -8}, "n", op("power", 0.5, 100), -8, -8),
        # column ranges and unsigned columns
        ({"n": 2147483647}, "n", op("increment", 1, 2**63 - 1), ERROR, ERROR),
        ({"u": 0}, "u", op("decrement", 1), -1, ERROR),
        ({"u": 10}, "u", op("multiply", -1), -10, ERROR),
        # doubles: IEEE arithmetic; -0.0 only on PostgreSQL; INF operands
        ({"d": 0.1}, "d", op("increment", 0.2), 0.30000000000000004, 0.30000000000000004),
        ({"d": 2.0}, "d", op("multiply", -0.0), -0.0, 0.0),
        ({"d": 1.0}, "d", '{"method":"increment","values":[1e309]}', 0.0, ERROR),
        # strings
        ({"s": None}, "s", op("stringConcat", "x"), "x", "x"),
        ({"s": "banana"}, "s", op("stringReplace", "an", "AN"), "bANANa", "bANANa"),
        ({"s": "Banana"}, "s", op("stringReplace", "b", "X"), "Banana", "Banana"),
        ({"s": None}, "s", op("stringReplace", "a", "b"), "", None),
        ({"s": "a" * 11}, "s", op("stringReplace", "a", "bb"), ERROR, ERROR),
        ({"tags": ["a", "b", "c"]}, "tags", op("stringReplace", "a", "é"), ERROR, ["é", "b", "c"]),
        # booleans
        ({"b": None}, "b", op("toggle"), True, True),
        ({"flags": [True]}, "flags", op("toggle"), ERROR, ERROR),
        # arrays: typed jsonb against collated text rebuilt as strings
        ({"tags": ["c", "a", "c", "b", "a"]}, "tags", op("arrayUnique"), ["a", "b", "c"], ["a", "b", "c"]),
        ({"ints": [10, 9, 10, 2]}, "ints", op("arrayUnique"), [2, 9, 10], [10, 2, 9]),
        ({"tags": ["b", "B", "a", "A"]}, "tags", op("arrayUnique"), ["a", "A", "b", "B"], ["a", "b"]),
        ({"tags": ["a", "E", "é", "e"]}, "tags", op("arrayRemove", "e"), ["a", "E", "é"], ["a"]),
        ({"flags": [True, False]}, "flags", op("arrayRemove", "a"), [True, False], [True, True]),
        ({"tags": ["a", "b", "c"]}, "tags", op("arrayIntersect", "c", "a"), ["a", "c"], ["c", "a"]),
        ({"tags": ["a", "b"]}, "tags", op("arrayDiff", "x", None), ["a", "b"], []),
        ({"tags": ["a", "A"]}, "tags", op("arrayFilter", "equal", "A"), ["A"], ["a", "A"]),
        ({"tags": ["a"]}, "tags", op("arrayFilter", "equal"), [], []),
        ({"tags": ["10", "9", "1"]}, "tags", op("arrayFilter", "greaterThan", "2"), ERROR, ["10", "9"]),
        ({"ints": [1, 5, 2]}, "ints", op("arrayFilter", "greaterThan"), [], []),
        ({"tags": None}, "tags", op("arrayInsert", 0, "x"), ["x"], []),
        ({"tags": None}, "tags", op("arrayAppend", "x"), ["x"], ["x"]),
        ({"tags": ["a"]}, "tags", op("arrayAppend", ["x", "y"]), ["a", ["x", "y"]], ["a", ["x", "y"]]),
        ({"reals": None}, "reals", op("increment", 2.5), ERROR, 2.5),
        ({"reals": [1.0]}, "reals", op("increment", 2.5), ERROR, ERROR),
        # dates: UTC calendar arithmetic, NULL stays NULL, and each engine's range
        (
            {"t": "2024-02-28T00:00:00.000+00:00"},
            "t",
            op("dateAddDays", 1),
            "2024-02-29T00:00:00.000+00:00",
            "2024-02-29T00:00:00.000+00:00",
        ),
        (
            {"t": "2024-03-31T10:00:00.123+00:00"},
            "t",
            op("dateSubDays", 30),
            "2024-03-01T10:00:00.123+00:00",
            "2024-03-01T10:00:00.123+00:00",
        ),
        (
            {"t": "2024-03-10T01:30:00-05:00"},
            "t",
            op("dateAddDays", 0),
            "2024-03-10T06:30:00.000+00:00",
            "2024-03-10T06:30:00.000+00:00",
        ),
        ({"t": None}, "t", op("dateAddDays", 1), None, None),
        ({"t": "9999-12-01T10:00:00.000+00:00"}, "t", op("dateAddDays", 100), "10000-03-10 10:00:00", ERROR),
        ({"t": "2024-01-01T00:00:00.000+00:00"}, "t", op("dateAddDays", 2**31), ERROR, ERROR),
    ],
)
def test_database_rules(
    document: dict[str, object], key: str, operator: str, postgresql: object, mariadb: object
) -> None:
    for profile, expected in (("postgresql", postgresql), ("mariadb", mariadb)):
        got = run(document, key, operator, profile)
        assert got == expected, profile
        assert type(got) is type(expected), profile


def test_date_set_now_per_engine() -> None:
    now = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
    data = {"t": op("dateSetNow")}
    assert apply({}, data, COLLECTION, now=now)["t"] == "2026-01-02T03:04:05.678+00:00"
    assert apply({}, data, COLLECTION, profile="mariadb", now=now)["t"] == "2026-01-02T03:04:05.000+00:00"


def test_plain_values_and_the_rest_of_the_document() -> None:
    document = {"n": 1, "s": "keep", "tags": None}
    result = apply(
        document, {"d": 0.1 + 0.2, "s": "a\x00b", "n": '{"method":"increment","values":[2]}'}, COLLECTION
    )
    assert result == {"n": 3, "s": "a", "tags": [], "d": 0.3}
    result = apply(document, {"s": "a\x00b"}, COLLECTION, profile="mariadb")
    assert result["s"] == "a\x00b"


def test_rejected_updates_raise_the_servers_answer() -> None:
    with pytest.raises(UpdateError) as info:
        apply({"s": "x"}, {"s": op("increment", 1)}, COLLECTION)
    assert (info.value.status, info.value.type) == (400, "document_invalid_structure")
    assert (
        info.value.message
        == "Invalid document structure: Cannot apply increment operator to non-numeric field 's'"
    )
    with pytest.raises(UpdateError) as info:
        apply({"ints": [1]}, {"ints": op("increment", 1)}, COLLECTION)
    assert info.value.status == 500


def test_without_a_collection_types_are_guessed() -> None:
    assert apply({"views": 41}, {"views": op("increment", 1)}) == {"views": 42}
    assert apply({}, {"flag": op("toggle")}) == {"flag": True}
    assert apply({"tags": ["b", "a"]}, {"tags": op("arrayUnique")}, profile="mariadb") == {"tags": ["a", "b"]}


def test_bad_arguments() -> None:
    with pytest.raises(QueryError):
        apply({}, {"n": 1}, COLLECTION, profile="sqlite")
    with pytest.raises(QueryError):
        apply([], {"n": 1}, COLLECTION)  # type: ignore[arg-type]
    assert issubclass(UpdateError, QueryError)


def test_operators_inside_object_values_are_stored_as_empty_objects() -> None:
    col = Collection((Attribute("meta", "object"),))
    data = {"meta": {"a": op("increment", 1), "b": 2}}
    assert apply({}, data, col) == {"meta": {"a": {}, "b": 2}}


def test_mariadb_refuses_json_deeper_than_32_levels() -> None:
    col = Collection((Attribute("tags", "string", size=20, array=True),))
    item: object = "x"
    for _ in range(31):
        item = [item]
    fits = {"tags": json.dumps({"method": "arrayAppend", "values": [item]})}
    too_deep = {"tags": json.dumps({"method": "arrayAppend", "values": [[item]]})}
    assert apply({"tags": []}, fits, col, profile="mariadb")["tags"] == [item]
    assert apply({"tags": []}, too_deep, col)["tags"] == [[item]]
    with pytest.raises(UpdateError):
        apply({"tags": []}, too_deep, col, profile="mariadb")
