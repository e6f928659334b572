"""Every recorded database case: run() gives the real code's ids, order, totals and errors."""

from __future__ import annotations

from typing import Any

import pytest

from querykit.appwrite import ServerQueryError
from querykit.evaluate.listing import run
from tests.evaluate.cases import PROFILES, cases, collection, seed, server_message, stored


def _answer(case: dict[str, Any], documents: list[dict[str, Any]], profile: str) -> dict[str, Any]:
    want = case["oracle"][profile]
    try:
        result = run(case["input"]["queryStrings"], documents, schema=collection(), profile=profile)
    except ServerQueryError as e:
        return {"error": e.message}
    got: dict[str, Any] = {"ids": result.ids}
    if "count" in want:
        got["count"] = result.total
    if "documents" in want:
        got["documents"] = [{"keys": list(d), "values": d} for d in result.documents]
    return got


def _expected(case: dict[str, Any], profile: str) -> dict[str, Any]:
    want = dict(case["oracle"][profile])
    want.pop("stage", None)
    if "error" in want:
        return {"error": server_message(want["error"]["message"])}
    return want


@pytest.mark.parametrize("profile", PROFILES)
def test_every_case_on_stored_documents(profile: str) -> None:
    documents = stored(profile)
    wrong = [
        (case["id"], _expected(case, profile), got)
        for case in cases()
        if (got := _answer(case, documents, profile)) != _expected(case, profile)
    ]
    assert not wrong, f"{len(wrong)} cases differ; first: {wrong[0]}"


@pytest.mark.parametrize("profile", PROFILES)
def test_input_documents_give_the_same_ids(profile: str) -> None:
    """The documents as created (offsets, unrounded floats, no $sequence) select the same rows."""
    documents = seed()["documents"]
    for case in cases():
        want = _expected(case, profile)
        got = _answer(case, documents, profile)
        if "documents" in want:  # the input documents carry no $permissions
            continue
        assert got == want, case["id"]


def test_the_cases_cover_both_outcomes() -> None:
    errors = sum("error" in c["oracle"]["postgresql"] for c in cases())
    assert 10 < errors < len(cases()) - 300
