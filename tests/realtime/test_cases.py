"""Every Realtime case taken from Appwrite's own tests agrees with the real server's answer:
the verdict, the message and PHP class, both websocket frames, the stored strings, and whether
the event is delivered (also with the top-level select("*") queries removed)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import querykit as qk
from querykit.realtime import RealtimeQueryError, subscribe

CASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).parents[1] / "data" / "realtime-cases.json").read_text(encoding="utf-8")
)["cases"]


def test_case_file_is_complete() -> None:
    assert len(CASES) == 43
    assert {c["oracle"]["ok"] for c in CASES} == {True, False}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    queries, payload, oracle = case["input"]["queries"], case["input"]["payload"], case["oracle"]
    if not oracle["ok"]:
        with pytest.raises(RealtimeQueryError) as info:
            subscribe(queries)
        error = info.value
        assert error.message == oracle["error"]
        assert error.error_class == oracle["error_class"]
        assert error.stage == oracle["stage"]
        assert error.frame("message") == oracle["ws"]["subscribe_message"]
        assert error.frame("url") == oracle["ws"]["connect_url"]
        return
    sub = subscribe(queries)
    assert list(sub.stored) == oracle["stored_queries"]
    assert sub.matches(payload) is oracle["match"]
    assert sub.matches(json.dumps(payload)) is oracle["match"]
    assert sub.select_all is oracle["path"].startswith("select-all")
    assert sub.path(payload) == oracle["path"]
    if "match_without_select_all" in oracle:
        rest = [q for q in queries if not subscribe([q]).select_all]
        assert subscribe(rest).matches(payload) is oracle["match_without_select_all"]


@pytest.mark.parametrize("case", [c for c in CASES if c["oracle"]["ok"]], ids=lambda c: c["id"])
def test_case_through_the_top_level_entry(case: dict[str, Any]) -> None:
    sub = qk.realtime.subscribe(case["input"]["queries"])
    assert sub.matches(case["input"]["payload"]) is case["oracle"]["match"]
