"""The one-pass check of plain query lists (``DocumentsValidator.plainly_valid``) accepts only
what the full list-documents pipeline accepts, and ``check_list_documents`` gives the same
verdict either way."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from querykit.appwrite import Collection, check_list_documents
from querykit.appwrite.profiles import PROFILES
from querykit.appwrite.schema import Attribute, Index
from querykit.appwrite.validator import DocumentsValidator, _list_documents_verdict
from querykit.releases import LATEST
from querykit.verdicts import VALID

DATA = Path(__file__).parents[1] / "data"
BOOKS = Collection.from_api(json.loads((DATA / "books.json").read_text(encoding="utf-8")))
CASES: dict[str, Any] = json.loads((DATA / "query-validation-cases.json").read_text(encoding="utf-8"))

#: A collection with an attribute of each kind the one-pass check treats differently.
MIXED = Collection(
    (
        Attribute("name", "string", size=64),
        Attribute("tags", "string", size=16, array=True),
        Attribute("count", "integer", size=4),
        Attribute("wide", "integer", size=8),
        Attribute("small", "integer", size=4, signed=False),
        Attribute("big", "bigint", size=8),
        Attribute("ubig", "bigint", size=8, signed=False),
        Attribute("score", "double"),
        Attribute("flag", "boolean"),
        Attribute("when", "datetime"),
        Attribute("secret", "string", size=64, filters=("encrypt",)),
        Attribute("author", "relationship", relation_type="manyToOne", side="parent"),
        Attribute("owner", "relationship", relation_type="oneToMany", side="parent"),
        Attribute("meta", "object"),
        Attribute("spot", "point"),
        Attribute("embedding", "vector", size=3),
    ),
    (Index("ft", "fulltext", ("name",)),),
)

_METHODS = [
    "equal", "notEqual", "lessThan", "lessThanEqual", "greaterThan", "greaterThanEqual",
    "search", "notSearch", "isNull", "isNotNull", "between", "notBetween",
    "startsWith", "notStartsWith", "endsWith", "notEndsWith", "regex",
    "contains", "containsAny", "containsAll", "notContains", "exists", "notExists",
    "elemMatch", "and", "or", "select", "orderAsc", "orderDesc", "orderRandom",
    "limit", "offset", "cursorAfter", "cursorBefore", "intersects", "distanceEqual",
    "vectorDot", "unknown", "",
]  # fmt: skip
_ATTRIBUTES = [
    *(a.key for a in MIXED.attributes),
    *(a.key for a in BOOKS.attributes),
    "$id", "$sequence", "$createdAt", "*", "author.name", "name.first", "missing", "",
]  # fmt: skip
_SCALARS = st.one_of(
    st.sampled_from(["", "a", "Dune", "0", "12", "2020-01-01T00:00:00Z", "_x", "a" * 40, "é", "x\ud800"]),
    st.sampled_from(
        [0, 1, -1, 25, 5000, 2**31, 2**32, 2**63 - 1, 2**63, -(2**63), -(2**63) - 1, 2**64, 10**30]
    ),
    st.sampled_from([0.0, 1.5, -2.25, 1e300]),
    st.booleans(),
    st.none(),
)
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=3), max_leaves=6)


@st.composite
def _query(draw: st.DrawFn, depth: int = 0) -> object:
    method = draw(st.sampled_from(_METHODS))
    query: dict[str, object] = {"method": method}
    if draw(st.booleans()):
        query["attribute"] = draw(st.sampled_from(_ATTRIBUTES))
    if method in ("and", "or", "elemMatch") and depth < 3 and draw(st.booleans()):
        query["values"] = draw(st.lists(_query(depth + 1), max_size=3))
    elif draw(st.integers(0, 5)):
        query["values"] = draw(st.lists(_VALUES, max_size=4))
    if not draw(st.integers(0, 20)):
        return draw(st.sampled_from([[query], "q", 1, None]))
    return query


_COMMON = [
    "equal", "notEqual", "lessThan", "greaterThanEqual", "between", "isNull", "isNotNull",
    "startsWith", "search", "contains", "containsAny", "exists", "orderAsc", "orderDesc",
    "orderRandom", "limit", "offset", "cursorAfter", "select",
]  # fmt: skip


@st.composite
def _common_query(draw: st.DrawFn, depth: int = 0) -> object:
    """Mostly of the shapes the server accepts, to reach the accepting side often."""
    if depth < 2 and not draw(st.integers(0, 4)):
        method = draw(st.sampled_from(["and", "or"]))
        return {"method": method, "values": draw(st.lists(_common_query(depth + 1), min_size=1, max_size=3))}
    method = draw(st.sampled_from(_COMMON))
    query: dict[str, object] = {"method": method}
    if method not in ("limit", "offset", "cursorAfter", "select", "orderRandom"):
        query["attribute"] = draw(st.sampled_from(_ATTRIBUTES))
    if method not in ("isNull", "isNotNull", "orderAsc", "orderDesc", "orderRandom"):
        scalars = _SCALARS if method != "select" else st.sampled_from(_ATTRIBUTES)
        query["values"] = draw(st.lists(scalars, min_size=1, max_size=2))
    return query


def _text(query: object) -> str:
    # Non-ASCII text (a lone surrogate too) as it is, not escaped.
    return json.dumps(query, separators=(",", ":"), ensure_ascii=False)


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.one_of(_query(), _common_query()), max_size=4),
    st.sampled_from([MIXED, BOOKS]),
    st.sampled_from(sorted(PROFILES)),
)
def test_plain_lists_agree_with_the_pipeline(
    queries: list[object], collection: Collection, profile: str
) -> None:
    strings = [_text(q) for q in queries]
    prof = PROFILES[profile]
    full = _list_documents_verdict(strings, collection, prof, LATEST)
    if DocumentsValidator.for_collection(collection, prof).plainly_valid(strings):
        assert full is VALID
    assert check_list_documents(strings, collection, profile) == full


def _case_inputs(case: dict[str, Any]) -> list[str] | None:
    raw = case["input"]
    return list(raw) if isinstance(raw, list) else None


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_shared_cases_agree_with_the_pipeline(profile: str) -> None:
    prof = PROFILES[profile]
    for case in CASES["cases"]:
        strings = _case_inputs(case)
        if strings is None:
            continue
        for collection in (MIXED, BOOKS):
            full = _list_documents_verdict(strings, collection, prof, LATEST)
            if DocumentsValidator.for_collection(collection, prof).plainly_valid(strings):
                assert full is VALID, case["id"]
            assert check_list_documents(strings, collection, profile) == full, case["id"]


@pytest.mark.parametrize(
    "query",
    [
        {"method": "equal", "attribute": "big", "values": [2**63]},  # a PHP float: not a bigint
        {"method": "equal", "attribute": "ubig", "values": [2**64]},
        {"method": "equal", "attribute": "$sequence", "values": [2**63]},
        {"method": "limit", "values": [2**63]},
        {"method": "equal", "attribute": "score", "values": [2**70]},
        {"method": "orderAsc", "attribute": "name", "values": [2**70]},
    ],
)
def test_integers_beyond_64_bits(query: dict[str, object]) -> None:
    strings = [json.dumps(query, separators=(",", ":"))]
    for profile, prof in PROFILES.items():
        full = _list_documents_verdict(strings, MIXED, prof, LATEST)
        assert check_list_documents(strings, MIXED, profile) == full
