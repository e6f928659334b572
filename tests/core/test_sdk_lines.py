"""Every line the official SDK helpers emit (Appendix A and B of the reference) goes through
the codec and through text byte for byte."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import querykit as qk

DATA = json.loads((Path(__file__).parents[1] / "data" / "sdk-lines.json").read_text(encoding="utf-8"))
ROWS = DATA["appendix_a"] + DATA["appendix_b"]
IDS = [row["call"][:60] for row in ROWS]


def _sdk() -> Any:
    query = pytest.importorskip("appwrite.query")
    return query.Query


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_sdk_emits_the_line(row: dict[str, str]) -> None:
    assert eval(row["call"], {"Query": _sdk()}) == row["line"]


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_codec_round_trip_is_byte_identical(row: dict[str, str]) -> None:
    line = row["line"]
    assert qk.to_appwrite(qk.from_appwrite(line)) == [line]
    assert qk.to_appwrite(qk.from_appwrite([line])) == [line]
    assert qk.to_appwrite(qk.from_appwrite(json.loads(line))) == [line]


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_text_round_trip_is_byte_identical(row: dict[str, str]) -> None:
    line = row["line"]
    text = qk.format(qk.from_appwrite(line))
    assert qk.to_appwrite(qk.parse(text)) == [line], text
    assert qk.format(qk.parse(text)) == text


def test_page_helper() -> None:
    page = DATA["page"]
    assert eval(page["call"], {"Query": _sdk()}) == page["lines"]
    assert qk.compile("page 3 size 20") == page["lines"]
    assert qk.format(qk.parse("page 3 size 20")) == "limit 20 offset 40"


def test_server_to_string_form_is_read() -> None:
    # The server's toString: "values":[] on order methods, "\/" escapes.
    server = '{"method":"orderAsc","attribute":"a\\/b","values":[]}'
    assert qk.to_appwrite(qk.from_appwrite(server)) == ['{"method":"orderAsc","attribute":"a/b"}']
    assert qk.to_appwrite(qk.from_appwrite('{"method":"isNull","attribute":"x","values":[]}')) == [
        '{"method":"isNull","attribute":"x"}'
    ]
    assert qk.to_appwrite(
        qk.from_appwrite(
            '{"method":"and","values":[]}'.replace(
                "[]", "[" + ",".join(['{"method":"equal","attribute":"a","values":[1]}'] * 2) + "]"
            )
        )
    ) == [
        '{"method":"and","values":[{"method":"equal","attribute":"a","values":[1]},'
        '{"method":"equal","attribute":"a","values":[1]}]}'
    ]


def test_join_with_a_null_alias_reads_back_byte_identical() -> None:
    # The SDK writes an alias of None as a fourth value, null; that is not a join without alias.
    line = '{"method":"join","attribute":"t","values":["a","=","b",null]}'
    assert eval('Query.join("t", "a", "b", "=", None)', {"Query": _sdk()}) == line
    assert qk.to_appwrite(qk.from_appwrite(line)) == [line]
    assert qk.to_appwrite(qk.parse(qk.format(qk.from_appwrite(line)))) == [line]
