"""The identity corpus: every canonical query prints back unchanged and compiles to the recorded JSON.

``tests/data/identity.qk`` holds one canonical query per line; ``tests/data/identity.json`` holds,
for each of those lines in the same order, the Appwrite JSON strings it must compile to. The
expected JSON was checked against the reference shapes and against the official Python SDK's
helpers (the last test here repeats that check whenever the SDK is installed).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import querykit as qk

DATA = Path(__file__).parents[1] / "data"


def _corpus() -> tuple[list[str], dict[str, str]]:
    """The corpus lines, and the section (the last ``# ...`` comment before it) of each."""
    lines: list[str] = []
    sections: dict[str, str] = {}
    section = ""
    # Split on "\n" only: str.splitlines would also split inside a string holding U+2028 or U+0085.
    for raw in (DATA / "identity.qk").read_text(encoding="utf-8").split("\n"):
        if raw.startswith("#"):
            section = raw[1:].strip()
            continue
        if raw.strip():
            lines.append(raw)
            sections[raw] = section
    return lines, sections


LINES, SECTIONS = _corpus()
ANALYTICS = {line for line in LINES if SECTIONS[line] == "analytics"}
GENERIC = {line for line in LINES if SECTIONS[line].startswith("the generic call form")}
EXPECTED: list[dict[str, Any]] = json.loads((DATA / "identity.json").read_text(encoding="utf-8"))
CASES = list(zip(LINES, EXPECTED, strict=False))


def test_corpus_shape() -> None:
    assert len(LINES) >= 200
    assert len(ANALYTICS) >= 40
    assert len(set(LINES)) == len(LINES), "a corpus line is repeated"
    assert [e["query"] for e in EXPECTED] == LINES, "identity.json is out of step with identity.qk"
    for line in LINES:
        assert line == line.strip(), f"stray whitespace around {line!r}"


@pytest.mark.parametrize(("line", "expected"), CASES, ids=[c[0] for c in CASES])
def test_identity(line: str, expected: dict[str, Any]) -> None:
    query = qk.parse(line)
    assert qk.format(query, wrap=False) == line

    wire = qk.to_appwrite(query)
    assert wire == expected["appwrite"]

    back = qk.from_appwrite(wire)
    assert back == query
    assert qk.format(back, wrap=False) == line


@pytest.mark.parametrize("line", LINES)
def test_wrapped_text_reads_back(line: str) -> None:
    """The default (wrapping) layout is only layout: it parses to the same query."""
    query = qk.parse(line)
    assert qk.parse(qk.format(query)) == query


# ----------------------------------------------------------------------------- the SDK as an oracle


def _sdk_encode(d: dict[str, Any], raw_ok: bool) -> str:
    """``d`` rebuilt through the official SDK's helpers; the SDK's raw ``Query`` constructor is
    used only when ``raw_ok`` (the corpus's unusual shapes), so every ordinary query must have
    exactly the shape a helper gives it."""
    from appwrite.query import Query as Q

    m, a, v = d["method"], d.get("attribute"), d.get("values")
    snake = "".join("_" + c.lower() if c.isupper() else c for c in m)
    helper = getattr(Q, snake, None)
    one = {
        "notEqual", "lessThan", "lessThanEqual", "greaterThan", "greaterThanEqual", "search", "notSearch",
        "startsWith", "notStartsWith", "endsWith", "notEndsWith", "regex",
    }  # fmt: skip
    spatial = {"intersects", "crosses", "overlaps", "touches", "covers", "spatialEquals"}
    spatial |= {"not" + s[0].upper() + s[1:] for s in spatial}
    joins = {"join", "leftJoin", "rightJoin", "fullOuterJoin"}
    ops = ("=", "!=", "<", "<=", ">", ">=")

    def nested(queries: list[Any]) -> list[str]:
        return [_sdk_encode(q, raw_ok) for q in queries]

    def on(o: dict[str, Any]) -> str:
        return str(Q.on(o["values"][0], o["values"][2], o["values"][1]))

    if m in one and v is not None and len(v) == 1:
        return str(helper(a, [v[0]]))
    if m in {"equal", "contains", "containsAny", "containsAll", "notContains"} and v is not None:
        return str(helper(a, v))
    if m in {"between", "notBetween"} and v is not None and len(v) == 2:
        return str(helper(a, *v))
    if m in {"isNull", "isNotNull"} and v is None:
        return str(helper(a))
    if m in {"exists", "notExists"} and a is None and v:
        return str(helper(v))
    if m in spatial and v is not None and len(v) == 1:
        return str(helper(a, v[0]))
    if m.startswith("distance") and v is not None and len(v) == 1 and len(v[0]) == 3:
        return str(helper(a, *v[0]))
    if m.startswith("vector") and v is not None and len(v) == 1 and isinstance(v[0], list):
        return str(helper(a, v[0]))
    if m in {"and", "or"}:
        return str(getattr(Q, m + "_queries")(nested(v)))
    if m in {"elemMatch", "relationship"}:
        return str(helper(a, nested(v)))
    if m == "having":
        return str(Q.having(nested(v)))
    if m in {"select", "groupBy"} and a is None and v is not None and all(isinstance(x, str) for x in v):
        return str(helper(v))
    if m in {"orderAsc", "orderDesc"} and v is None:
        return str(helper(a))
    if m in {"orderRandom", "distinct"} and a is None and v is None:
        return str(helper())
    if m in {"limit", "offset"} and a is None and v is not None and len(v) == 1 and type(v[0]) is int:
        return str(helper(v[0]))
    if m in {"cursorAfter", "cursorBefore"} and a is None and v is not None and len(v) == 1:
        return str(helper(v[0]))
    if helper is not None and _category(m) == "aggregate" and a and (v is None or (len(v) == 1 and v[0])):
        return str(helper(a, v[0] if v else ""))
    if m == "crossJoin" and a and (v is None or len(v) == 1):
        return str(Q.cross_join(a, v[0] if v else ""))
    if m in joins and v and all(isinstance(x, dict) for x in v):
        return str(helper(a, [on(o) for o in v]))
    if m in joins and v and isinstance(v[0], str) and len(v) > 1 and all(isinstance(x, dict) for x in v[1:]):
        return str(helper(a, v[0], [on(o) for o in v[1:]]))
    if m in joins and v and len(v) in (3, 4) and all(isinstance(x, str) for x in v) and v[1] in ops:
        return str(helper(a, v[0], v[2], v[1], v[3] if len(v) == 4 else ""))
    assert raw_ok, f"no SDK helper emits {d}"
    return str(Q(m, a, v))


def _category(method: str) -> str | None:
    from querykit.methods import METHODS

    row = METHODS.get(method)
    return None if row is None else row.category


def test_expected_json_is_what_the_sdk_helpers_emit() -> None:
    pytest.importorskip("appwrite.query")
    for line, expected in CASES:
        for wire in expected["appwrite"]:
            assert _sdk_encode(json.loads(wire), raw_ok=line in GENERIC) == wire, line
