"""The parsing side of the upstream operator cases (tests/data/operator-cases.json): which data
values Appwrite reads as operators, what its parser makes of them (method and values, or its
exact message), and that every readable operator survives the text path as the SDK's string."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from querykit import update as qu
from querykit.errors import CodecError

DATA = json.loads((Path(__file__).parents[1] / "data" / "operator-cases.json").read_text(encoding="utf-8"))
CASES = DATA["cases"]
READABLE = [c for c in CASES if c["oracle"]["detected"] and c["oracle"]["parse"]["ok"]]
PLAIN_STRINGS = [c for c in CASES if not c["oracle"]["detected"] and isinstance(c["input"]["raw"], str)]


def _sdk_string(method: str, values: list[Any]) -> str:
    return json.dumps({"method": method, "values": values}, separators=(",", ":"))


def test_the_file_holds_the_cases() -> None:
    assert len(CASES) == 65
    assert len(READABLE) > 50 and len(PLAIN_STRINGS) >= 3


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_detection_matches_appwrite(case: dict[str, Any]) -> None:
    assert qu.reads_as_operator(case["input"]["raw"]) is case["oracle"]["detected"]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_parse_matches_the_server_parser(case: dict[str, Any]) -> None:
    raw = case["input"]["raw"]
    parsed = case["oracle"]["parse"]
    if parsed["ok"]:
        op = qu.read_operator(raw)
        assert op.method == parsed["method"]
        assert json.loads(json.dumps(op.to_dict()["values"])) == parsed["values"]
    else:
        with pytest.raises(CodecError) as info:
            qu.read_operator(raw)
        assert info.value.message == parsed["error"]


@pytest.mark.parametrize("case", READABLE, ids=[c["id"] for c in READABLE])
def test_readable_operators_compile_back_to_the_sdk_string(case: dict[str, Any]) -> None:
    key, raw = case["input"]["key"], case["input"]["raw"]
    parsed = case["oracle"]["parse"]
    text = qu.decompile({key: raw})
    assert qu.compile(text).data == {key: _sdk_string(parsed["method"], parsed["values"])}


@pytest.mark.parametrize("case", PLAIN_STRINGS, ids=[c["id"] for c in PLAIN_STRINGS])
def test_plain_values_stay_plain(case: dict[str, Any]) -> None:
    key, raw = case["input"]["key"], case["input"]["raw"]
    text = qu.decompile({key: raw})
    assert qu.compile(text).data == {key: raw}
