"""The REPL's update mode: compile, decompile, validate, completion."""

from __future__ import annotations

import json

from querykit.appwrite import Attribute, Collection
from querykit.repl import ReplState, complete, prompt_text
from querykit.repl import respond as evaluate


def _update_state() -> ReplState:
    state, reply = evaluate(ReplState(), ":update")
    assert reply.output == "update mode"
    return state


def test_update_mode_compiles_text() -> None:
    state = _update_state()
    assert prompt_text(state) == "upd> "
    _, reply = evaluate(state, 'views += 1, tags append ["x"] where a = 1')
    lines = reply.output.splitlines()
    assert json.loads(lines[0]) == {
        "views": '{"method":"increment","values":[1]}',
        "tags": '{"method":"arrayAppend","values":["x"]}',
    }
    assert lines[1:] == ['{"method":"equal","attribute":"a","values":[1]}']
    assert reply.language == "json"


def test_update_mode_decompiles_data() -> None:
    state = _update_state()
    data = {
        "data": {"n": '{"method":"decrement","values":[2,0]}'},
        "queries": ['{"method":"limit","values":[5]}'],
    }
    _, reply = evaluate(state, json.dumps(data))
    assert (reply.output, reply.ok, reply.language) == ("n -= 2 min 0 where limit 5", True, "querykit-update")


def test_update_mode_reports_problems_with_carets() -> None:
    state = _update_state()
    _, reply = evaluate(state, "n /= 0")
    assert not reply.ok
    assert reply.diagnostics.splitlines() == [
        "1:1: Cannot apply divide operator: division by zero",
        "n /= 0",
        "^^^^^^",
    ]
    _, reply = evaluate(state, "n apend [1]")
    assert not reply.ok and "did you mean `append`?" in reply.diagnostics


def test_update_mode_checks_against_the_schema() -> None:
    state = _update_state()
    col = Collection((Attribute("title", "string", size=10), Attribute("views", "integer")))
    from dataclasses import replace

    state = replace(state, schema=col)
    _, reply = evaluate(state, "title += 1")
    assert not reply.ok
    assert "non-numeric field 'title'" in reply.diagnostics
    _, reply = evaluate(state, "views += 1")
    assert reply.ok and reply.diagnostics.startswith("warning: ")
    assert complete(state, "vi") == ("vi", [complete(state, "vi")[1][0]])
    assert complete(state, "vi")[1][0].text == "views"


def test_update_mode_completion() -> None:
    state = _update_state()
    assert [s.text for s in complete(state, "tags kee")[1]] == ["keep"]
    assert [s.text for s in complete(state, "a = arrayF")[1]] == ["arrayFilter"]
    assert next(s.text for s in complete(state, "a += 1 where b = 1 ord")[1]) == "order"
    assert complete(state, 'a = "app')[1] == []


def test_update_completion_follows_the_grammar() -> None:
    from dataclasses import replace

    col = Collection((Attribute("views", "integer"), Attribute("title", "string", size=5)))
    state = replace(_update_state(), schema=col)
    assert [s.text for s in complete(state, "")[1]] == ["set", "views", "title"]
    assert [s.text for s in complete(state, "views += 1 ")[1]] == ["days", "max", "min", "where"]
    after_equals = complete(state, "views = ")[1]
    assert {"now", "increment", "dateSetNow"} <= {s.text for s in after_equals}
    assert not any(s.kind == "attribute" for s in after_equals)
    assert [s.text for s in complete(state, "views += 1, ")[1]] == ["where", "views", "title"]
    assert [s.text for s in complete(state, "tags keep i")[1]] == ["is"]


def test_update_highlighting() -> None:
    from pygments import lex
    from pygments.token import Keyword, Name, Operator

    from querykit.highlighting import QueryKitUpdateLexer

    tokens = [
        (t, v) for t, v in lex('set tags append ["x"]; n += 1 max 5 where a = 1', QueryKitUpdateLexer())
    ]
    kinds = {v: t for t, v in tokens if v.strip()}
    assert kinds["set"] in Keyword and kinds["append"] in Keyword and kinds["max"] in Keyword
    assert kinds["where"] in Keyword and kinds["+="] in Operator and kinds["tags"] in Name
    assert "".join(v for _, v in tokens) == 'set tags append ["x"]; n += 1 max 5 where a = 1\n'
