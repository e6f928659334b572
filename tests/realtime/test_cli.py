"""``querykit realtime check`` and ``querykit realtime match`` through ``querykit.cli.main``."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from querykit import cli

EQUAL_N = '{"method":"equal","attribute":"n","values":[1]}'
SEARCH = '{"method":"search","attribute":"t","values":["x"]}'


@pytest.fixture(autouse=True)
def _registered(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "querykit.cli.realtime" in cli.COMMAND_MODULES


def run(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(argv, stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def payload_file(tmp_path: Path, payload: object) -> str:
    path = tmp_path / "payload.json"
    path.write_text(json.dumps(payload) if not isinstance(payload, str) else payload, encoding="utf-8")
    return str(path)


def test_check_accepts_and_prints_stored_strings() -> None:
    code, out, err = run(["realtime", "check", '{"values":[30.0],"attribute":"n","method":"equal"}'])
    assert (code, err) == (0, "")
    assert out.splitlines() == ["accepted", '{"method":"equal","attribute":"n","values":[30]}']


def test_check_with_no_queries_is_select_all() -> None:
    code, out, _ = run(["realtime", "check"], stdin="")
    assert code == 0
    assert out.splitlines() == ["accepted (receives every event)", '{"method":"select","values":["*"]}']


def test_check_refuses_with_the_frame_of_the_transport() -> None:
    code, out, _ = run(["realtime", "check", EQUAL_N, SEARCH])
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith(
        "refused (query 2): Query method 'search' is not supported in Realtime queries."
    )
    assert lines[1].startswith(
        'frame (message transport): {"code":1003,"message":"Invalid query: Query method'
    )
    code, out, _ = run(["realtime", "check", "--transport", "url", "nope"])
    assert code == 1
    assert out.splitlines() == [
        "refused (query 1): Invalid query: Syntax error",
        'frame (url transport): {"code":1008,"message":"Invalid query: Syntax error","closes":true}',
    ]


def test_check_reports_server_errors() -> None:
    code, out, _ = run(["realtime", "check", '{"method":"select","values":["a"]}'])
    assert code == 1
    assert "thrown: InvalidArgumentException while converting" in out
    assert 'frame (message transport): {"code":0,"message":"Error: Server Error","closes":false}' in out


def test_check_json() -> None:
    code, out, _ = run(["realtime", "check", "--json", EQUAL_N])
    assert code == 0
    assert json.loads(out) == {"accepted": True, "stored": [EQUAL_N], "select_all": False}
    code, out, _ = run(["realtime", "check", "--json", "[1]"])
    data = json.loads(out)
    assert code == 1
    assert data["accepted"] is False and data["message"] == "Invalid query method: "
    assert data["frames"]["url"] == {"code": 1008, "message": "Invalid query method: ", "closes": True}


def test_check_reads_stdin_lines_and_json_arrays() -> None:
    assert run(["realtime", "check"], stdin=EQUAL_N + "\n\n" + EQUAL_N + "\n")[1].count(EQUAL_N) == 2
    code, out, _ = run(["realtime", "check"], stdin=json.dumps([EQUAL_N, None]))
    assert code == 1 and "must be of type string, null given" in out


def test_check_text() -> None:
    code, out, _ = run(["realtime", "check", "--text", "n", "=", "1"])
    assert code == 0 and out.splitlines()[1] == EQUAL_N
    code, out, err = run(["realtime", "check", "--text", "n ="])
    assert code == 2 and out == ""
    assert "^" in err and "Traceback" not in err


def test_match(tmp_path: Path) -> None:
    path = payload_file(tmp_path, {"n": 1.0})
    assert run(["realtime", "match", "--payload", path, EQUAL_N]) == (0, "delivered\n", "")
    path = payload_file(tmp_path, {"n": "1"})
    assert run(["realtime", "match", "--payload", path, EQUAL_N]) == (1, "not delivered\n", "")


def test_match_explain_and_json(tmp_path: Path) -> None:
    path = payload_file(tmp_path, {"n": 1, "m": None})
    code, out, _ = run(["realtime", "match", "--payload", path, "--explain", EQUAL_N])
    assert code == 0
    assert out.splitlines() == ["delivered", "held      equal n: value 1 (realtime: equal)"]
    code, out, _ = run(["realtime", "match", "--json", "--explain", "--payload", path, EQUAL_N])
    data = json.loads(out)
    assert data["delivered"] is True and data["explain"][0]["held"] is True


def test_match_payload_from_stdin() -> None:
    assert run(["realtime", "match", "--payload", "-", EQUAL_N], stdin='{"n": 1}')[0] == 0
    code, _, err = run(["realtime", "match", "--payload", "-"], stdin='{"n": 1}')
    assert code == 2 and "give the queries as arguments" in err


def test_match_select_all(tmp_path: Path) -> None:
    path = payload_file(tmp_path, {"n": 2})
    code, out, _ = run(
        ["realtime", "match", "--payload", path, '{"method":"select","values":["*"]}', EQUAL_N]
    )
    assert code == 0 and out == "delivered (the subscription receives every event)\n"


@pytest.mark.parametrize(
    ("payload", "message"),
    [("[1]", "the payload must be a JSON object"), ("{", "the payload is not valid JSON: Syntax error")],
)
def test_match_unusable_payload(tmp_path: Path, payload: str, message: str) -> None:
    code, out, err = run(["realtime", "match", "--payload", payload_file(tmp_path, payload), EQUAL_N])
    assert (code, out) == (2, "")
    assert message in err and "Traceback" not in err


def test_match_missing_payload_file(tmp_path: Path) -> None:
    code, _, err = run(["realtime", "match", "--payload", str(tmp_path / "none.json"), EQUAL_N])
    assert code == 2 and "cannot read payload" in err


def test_match_refused_queries(tmp_path: Path) -> None:
    code, out, _ = run(["realtime", "match", "--payload", payload_file(tmp_path, {}), SEARCH])
    assert code == 1 and out.startswith("refused (query 1): Query method 'search'")


def test_realtime_needs_a_command() -> None:
    assert run(["realtime"])[0] == 2  # argparse's usage error, as an exit status
