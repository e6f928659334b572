"""Every case of the shared Appwrite validation cases, through the matching validator."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from querykit.appwrite import Collection, check_list_documents, parse_query
from querykit.appwrite.phpdate import DateBound
from querykit.appwrite.profiles import DOCUMENTSDB, MARIADB
from querykit.appwrite.schema import Attribute, Index
from querykit.appwrite.server import ServerQueryError
from querykit.appwrite.validator import (
    CursorValidator,
    DocumentsValidator,
    DocumentValidator,
    FilterValidator,
    IndexedQueriesValidator,
    LimitValidator,
    OffsetValidator,
    OrderValidator,
    QueriesValidator,
    SelectValidator,
)

DATA = Path(__file__).parents[1] / "data" / "query-validation-cases.json"
CASES: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))

Check = Callable[[list[str]], str | None]


def _bound(text: str) -> DateBound:
    date, _, time = text.partition(" ")
    y, m, d = (int(p) for p in date.split("-"))
    hh, mm, ss = (int(p) for p in (time or "0:0:0").split(":"))
    return DateBound.of(y, m, d, hh, mm, ss)


def _single(validate: Callable[[Any], str | None]) -> Check:
    def check(queries: list[str]) -> str | None:
        (text,) = queries
        try:
            query = parse_query(text)
        except ServerQueryError as e:  # standalone validators never see an unparsed string
            return e.message
        return validate(query)

    return check


def _validator_for(name: str) -> Check:
    ctx = CASES["contexts"][name]
    attrs = [Attribute.from_metadata(a) for a in ctx["attributes"]]
    indexes = [Index.from_mapping(i) for i in ctx.get("indexes", [])]
    if name == "FilterTest":
        return _single(FilterValidator(attrs).validate)
    if name == "LimitTest":
        return _single(LimitValidator(100).validate)
    if name == "OffsetTest":
        return _single(OffsetValidator(5000).validate)
    if name == "CursorTest":
        return _single(CursorValidator().validate)
    if name == "OrderTest":
        return _single(OrderValidator(attrs).validate)
    if name == "SelectTest":
        return _single(SelectValidator(attrs).validate)
    if name == "QueriesTest":
        return QueriesValidator(
            [
                CursorValidator(),
                FilterValidator(attrs),
                LimitValidator(),
                OffsetValidator(),
                OrderValidator(attrs),
            ]
        ).validate
    if name.startswith("IndexedQueriesTest"):
        validators = [CursorValidator(), FilterValidator(attrs), LimitValidator(), OffsetValidator()]
        return IndexedQueriesValidator(attrs, indexes, [*validators, OrderValidator(attrs)]).validate
    if name == "IndexedQueries_empty":
        return IndexedQueriesValidator().validate
    if name == "IndexedQueries_limitOnly":
        return IndexedQueriesValidator([], [], [LimitValidator()]).validate
    if name == "Queries_empty":
        return QueriesValidator().validate
    if name == "Queries_limitOnly":
        return QueriesValidator([LimitValidator()]).validate
    if name == "DocumentQueriesTest":
        return DocumentValidator(attrs).validate
    if name == "derived_tablesdb":
        profile = MARIADB
    elif name == "derived_schemaless":
        profile = DOCUMENTSDB
    else:
        kwargs: dict[str, Any] = {}
        if "maxValues" in ctx:
            kwargs["max_values"] = ctx["maxValues"]
        if "minDate" in ctx:
            kwargs["min_date"] = _bound(ctx["minDate"])
            kwargs["max_date"] = _bound(ctx.get("maxDate", "9999-12-31 23:59:59"))
        return DocumentsValidator(attrs, indexes, **kwargs).validate
    return DocumentsValidator(
        attrs,
        indexes,
        id_type=profile.id_type,
        max_values=ctx.get("maxValues", profile.max_query_values),
        max_uid_length=profile.max_uid_length,
        min_date=profile.min_date if "minDate" not in ctx else _bound(ctx["minDate"]),
        max_date=profile.max_date if "maxDate" not in ctx else _bound(ctx["maxDate"]),
        support_attributes=profile.support_attributes,
        support_unsigned_bigint=profile.support_unsigned_bigint,
    ).validate


def _inputs(case: dict[str, Any]) -> list[str]:
    raw = case["input"]
    if isinstance(raw, dict):  # a generated input, described instead of spelled out
        low, high = raw["values_range"]
        query = {
            "method": raw["template"],
            "attribute": raw["attribute"],
            "values": list(range(low, high + 1)),
        }
        return [json.dumps(query, separators=(",", ":"))]
    return list(raw)


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["id"] for c in CASES["cases"]])
def test_validator_case(case: dict[str, Any]) -> None:
    message = _validator_for(case["context"])(_inputs(case))
    expected = case["expected"]
    if expected["valid"]:
        assert message is None
    else:
        assert message == expected["message"]


def _http_queries(case: dict[str, Any]) -> list[str]:
    queries: list[str] = case["input"]["queries"]
    if case["id"] == "a004":  # described as "values":[0,1,...,500] (501 ints)
        values = list(range(501))
        return [json.dumps({"method": "equal", "attribute": "releaseYear", "values": values})]
    return queries


HTTP_DOCUMENT_CASES = [c for c in CASES["appwrite_http_cases"] if c["id"] in {"a001", "a002", "a003", "a004"}]


@pytest.mark.parametrize("case", HTTP_DOCUMENT_CASES, ids=[c["id"] for c in HTTP_DOCUMENT_CASES])
@pytest.mark.parametrize("profile", ["postgresql", "mariadb"])
def test_http_list_documents_case(case: dict[str, Any], profile: str) -> None:
    schema = case.get("schema", {})
    size = {"integer": 4}
    collection = Collection(tuple(Attribute(k, t, size=size.get(t, 0)) for k, t in schema.items()))
    verdict = check_list_documents(_http_queries(case), collection, profile)
    expected = case["expected"]
    if expected["status"] == 200:
        assert verdict.valid, verdict
    else:
        assert (verdict.valid, verdict.status, verdict.message) == (False, 400, expected["message"])
        assert verdict.type == "general_query_invalid"


def test_http_param_level_cases() -> None:
    """Other list endpoints wrap the same validators' text in the parameter error."""
    by_id = {c["id"]: c for c in CASES["appwrite_http_cases"]}
    memberships = QueriesValidator([FilterValidator([Attribute("roles", "string", array=True)])])
    message = memberships.validate(by_id["a005"]["input"]["queries"])
    assert "Invalid `queries` param: " + str(message) == by_id["a005"]["expected"]["message"]
    projects = QueriesValidator([SelectValidator([Attribute("$id", "string"), Attribute("name", "string")])])
    message = projects.validate(by_id["a006"]["input"]["queries"])
    assert "Invalid `queries` param: " + str(message) == by_id["a006"]["expected"]["message"]
