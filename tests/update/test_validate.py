"""update.validate: every problem at once with its place; the server's messages; did-you-mean."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from querykit import update as qu
from querykit.appwrite import Attribute, Collection
from querykit.errors import CodecError, QueryError

DATA = json.loads((Path(__file__).parents[1] / "data" / "operator-cases.json").read_text(encoding="utf-8"))
READABLE = [c for c in DATA["cases"] if c["oracle"]["detected"] and c["oracle"]["parse"]["ok"]]

COL = Collection(
    (
        Attribute("views", "integer"),
        Attribute("small", "integer", size=4),
        Attribute("big", "bigint"),
        Attribute("price", "double"),
        Attribute("title", "string", size=10),
        Attribute("tags", "string", size=20, array=True),
        Attribute("scores", "double", array=True),
        Attribute("ids", "integer", array=True),
        Attribute("active", "boolean"),
        Attribute("when", "datetime"),
    )
)


def _errors(text: str, **kwargs: Any) -> list[str]:
    return [d.message for d in qu.validate(text, **kwargs) if d.severity == "error"]


@pytest.mark.parametrize("case", READABLE, ids=[c["id"] for c in READABLE])
def test_cases_through_text_get_the_servers_verdict(case: dict[str, Any]) -> None:
    given = case["input"]
    col = Collection.from_metadata(DATA["schemas"][given["schema_name"]]["attributes"])
    try:
        update = qu.read_update({given["key"]: given["raw"]})
    except CodecError:
        pytest.skip("no text form (values given as a JSON object)")
    diagnostics = qu.validate(update, col, current=given.get("current"))
    errors = [d for d in diagnostics if d.severity == "error"]
    api = case["oracle"]["api"]
    if api["status"] == 200:
        assert errors == []
    else:
        assert api["message"] in [d.message for d in errors] or api["message"].removeprefix(
            "Invalid document structure: "
        ) in [d.message for d in errors]
        assert all(d.path == (0,) for d in errors)


def test_every_problem_at_once_with_places() -> None:
    text = "views += 1.5, title += 1, tags append 5, nope = 1, active toggle"
    with pytest.raises(QueryError):
        qu.parse(text)  # `append 5` is not an update
    text = 'views /= 0, title += 1, tags insert "x" at -1, nope = 1, active toggle, when += 1.5 days'
    diagnostics = [d for d in qu.validate(text, schema=COL) if d.severity == "error"]
    assert [d.path for d in diagnostics] == [(0,), (1,), (2,), (3,), (5,)]
    messages = [d.message for d in diagnostics]
    assert messages[0] == "Cannot apply divide operator: division by zero"
    assert (
        messages[1]
        == "Invalid document structure: Cannot apply increment operator to non-numeric field 'title'"
    )
    assert messages[2] == "Cannot apply arrayInsert operator: index must be a non-negative integer"
    assert messages[3] == 'Invalid document structure: Unknown attribute: "nope"'
    assert messages[4] == "Cannot apply dateAddDays operator: requires an integer number of days"
    for d in diagnostics:
        assert d.span is not None
        assert text[d.span.start : d.span.end].split(" ")[0] in ("views", "title", "tags", "nope", "when")


def test_unknown_attribute_has_a_did_you_mean() -> None:
    (d,) = qu.validate("titel = 'x'", schema=COL)
    assert d.hint == "did you mean `title`?"


def test_unknown_operator_has_a_did_you_mean() -> None:
    (d,) = qu.validate("views = incremnt(1)")
    assert d.code == "unknown-operator"
    assert d.hint == "did you mean `increment`?"


def test_bigint_takes_no_numeric_operator() -> None:
    assert _errors("big += 1", schema=COL) == [
        "Invalid document structure: Cannot apply increment operator to non-numeric field 'big'"
    ]


def test_overflow_with_the_stored_value() -> None:
    assert _errors("views += 10", schema=COL, current={"views": 2147483640}) == [
        "Invalid document structure: Cannot apply increment operator: "
        "would overflow maximum value of 2147483647"
    ]
    assert _errors("views += 10 max 100", schema=COL, current={"views": 2147483640}) == []


def test_overflow_risk_is_a_warning_without_the_stored_value() -> None:
    (d,) = qu.validate("views *= 2", schema=COL)
    assert (d.severity, d.code) == ("warning", "overflow-risk")
    assert qu.validate("views *= 2 max 1000", schema=COL) == []


def test_condition_contains_is_rejected_by_the_server() -> None:
    (d,) = qu.validate("tags keep contains 'a'")
    assert d.message.startswith("Invalid array filter condition 'contains'.")
    assert d.hint is not None and "CONTAINS" in d.hint


def test_operators_on_arrays_the_databases_fail() -> None:
    codes = [d.code for d in qu.validate("scores += 1", schema=COL)]
    assert "fails-on-array" in codes


def test_string_concat_on_a_string_array_is_an_error() -> None:
    assert _errors('tags append "x"', schema=COL) == [
        "Invalid document structure: Cannot apply stringConcat operator to non-string field 'tags'"
    ]


def test_integer_array_items_are_32_bit() -> None:
    assert _errors("ids append [3000000000]", schema=COL) == [
        "Invalid document structure: Cannot apply arrayAppend operator: array items must be between "
        "-2147483648 and 2147483647"
    ]


def test_structure_problems_need_no_schema() -> None:
    codes = [d.code for d in qu.validate("a = 1, a += 2, $id += 1, `12` toggle")]
    assert codes == ["duplicate-attribute", "operator-not-read", "operator-not-read"]


def test_where_query_is_validated_too() -> None:
    diagnostics = qu.validate("views += 1 where a = 1 limit 0")
    assert [d.message for d in diagnostics] == ["limit must be at least 1"]


def test_valid_update_has_no_problems() -> None:
    text = 'views += 1 max 100, price *= 1.1, title append "!", tags unique, active toggle, when = now'
    assert qu.validate(text, schema=COL) == []


def test_schema_may_be_the_collection_json() -> None:
    api = {"$id": "c", "attributes": [{"key": "title", "type": "string", "size": 5, "status": "available"}]}
    assert [d.hint for d in qu.validate("titel = 'x'", schema=api)] == ["did you mean `title`?"]
