"""Completion: commands, keywords, method names, attributes from a schema, permission words."""

from __future__ import annotations

from pathlib import Path

import pytest

from querykit.methods import METHODS
from querykit.repl import COMMANDS, ReplState, Suggestion, complete, query_keywords, respond


def texts(state: ReplState, before: str) -> list[str]:
    return [s.text for s in complete(state, before)[1]]


@pytest.fixture
def with_schema(schema_file: Path) -> ReplState:
    state, reply = respond(ReplState(), f":schema {schema_file}")
    assert reply.ok
    return state


def test_query_keywords() -> None:
    assert complete(ReplState(), "a = 1 lim") == ("lim", [Suggestion("limit", "keyword")])
    assert texts(ReplState(), "a is nu") == ["null"]
    assert texts(ReplState(), "a is no")[0] == "not"
    # After a filter the grammar takes no call, so the call-form methods are not offered.
    assert texts(ReplState(), "a = 1 ORD") == ["order"]


def test_every_method_and_the_opening_keywords_are_offered_at_the_start() -> None:
    everything = complete(ReplState(), "")[1]
    offered = {s.text for s in everything}
    assert set(METHODS) <= offered
    assert "distance" in offered
    assert {"not", "select", "limit", "order", "after", "group", "populate"} <= offered
    keywords = {s.text for s in everything if s.kind == "keyword"}
    # `between`, `and` and `or` are methods of the call form here, not keywords.
    assert {"between", "and", "or", "null", "desc", "by"}.isdisjoint(keywords)
    assert "equals" not in offered
    # A word that is both a keyword and a method is offered once, as a keyword.
    assert [s.kind for s in everything if s.text == "limit"] == ["keyword"]


def test_after_a_syntax_error_every_keyword_and_method_is_offered() -> None:
    offered = {s.text for s in complete(ReplState(), "a = = 1 ")[1]}
    assert query_keywords() <= offered
    assert set(METHODS) <= offered


def test_completion_follows_the_grammar_at_the_cursor() -> None:
    # At the start of a query `equ` is the call form's `equal`; `equals` only follows `spatially`.
    assert complete(ReplState(), "equ") == ("equ", [Suggestion("equal", "method")])
    assert texts(ReplState(), "loc spatially ") == ["equals"]
    assert texts(ReplState(), "loc spatially e") == ["equals"]
    assert texts(ReplState(), "a ")[:3] == ["between", "contains", "covers"]
    assert texts(ReplState(), "a = 1 order ") == ["by"]
    assert texts(ReplState(), "a = 1 order by a d") == ["desc"]
    assert texts(ReplState(), "a = 1 left ") == ["join"]
    assert texts(ReplState(), "a = tr") == ["true"]
    assert texts(ReplState(), "a between 1..2 o") == ["offset", "or", "order"]


def test_method_names_keep_their_case() -> None:
    assert texts(ReplState(), "vectorc") == ["vectorCosine"]
    assert complete(ReplState(), "startsw")[1] == [Suggestion("startsWith", "method")]


def test_nothing_inside_strings_backticks_and_comments() -> None:
    assert complete(ReplState(), 'a = "lim') == ("", [])
    assert complete(ReplState(), "`lim") == ("", [])
    assert complete(ReplState(), "a = 1 # lim") == ("", [])


def test_completion_after_a_closed_string() -> None:
    assert texts(ReplState(), 'a = "x" lim') == ["limit"]


def test_a_full_word_is_not_offered_again() -> None:
    assert "limit" not in texts(ReplState(), "a = 1 limit")


def test_attributes_from_the_schema(with_schema: ReplState) -> None:
    assert complete(with_schema, "ti") == ("ti", [Suggestion("title", "attribute")])
    assert complete(with_schema, "y")[1][0] == Suggestion("year", "attribute")
    # A key that is not a plain name comes in backticks.
    assert complete(with_schema, "my")[1][0] == Suggestion("`my-key`", "attribute")
    assert complete(with_schema, "$cr")[1] == [Suggestion("$createdAt", "attribute")]
    assert "draft" not in texts(with_schema, "dr")
    assert "title" not in texts(ReplState(), "ti")


def test_attributes_come_after_the_grammar_words_and_only_where_a_name_may(with_schema: ReplState) -> None:
    offered = complete(with_schema, "a = 1 and ")[1]
    kinds = [s.kind for s in offered]
    assert kinds.index("attribute") > max(i for i, k in enumerate(kinds) if k != "attribute")
    assert "title" in [s.text for s in offered]
    # Where an operator must come, no attribute is offered.
    assert [s for s in complete(with_schema, "title ")[1] if s.kind == "attribute"] == []
    assert texts(with_schema, "title = 1 order by ") == [
        "asc",
        "desc",
        "random",
        *texts(with_schema, "title = 1 order by ")[3:],
    ]
    assert "year" in texts(with_schema, "title = 1 order by ")


def test_multi_line_input_completes_the_last_line() -> None:
    assert complete(ReplState(), "a in [1,\n2] lim")[0] == "lim"


def test_commands() -> None:
    assert texts(ReplState(), ":") == list(COMMANDS)
    assert complete(ReplState(), ":pe") == (":pe", [Suggestion(":perm", "command")])
    assert texts(ReplState(mode="perm"), ":sch") == [":schema"]
    assert complete(ReplState(), ":profile ma") == ("ma", [Suggestion("mariadb", "profile")])
    assert texts(ReplState(), ":profile ") == ["postgresql", "mariadb", "documentsdb"]
    assert complete(ReplState(), ":schema bo") == ("bo", [])


def test_permission_words() -> None:
    perm = ReplState(mode="perm")
    assert complete(perm, "re") == ("re", [Suggestion("read", "action")])
    assert texts(perm, "read: te") == ["team:"]
    # After `read: ` a role comes, not an action.
    assert texts(perm, "read: u") == ["users", "user:"]
    assert texts(perm, "read, u") == ["update"]
    assert texts(perm, "read: any; u") == ["update"]
    assert texts(perm, "read: any, g") == ["guests"]
    assert "read" not in texts(perm, "read: ")
    assert texts(perm, "read: team:a") == []
    assert texts(perm, "read: users/v") == []
    assert "limit" not in texts(perm, "li")


def test_prompt_toolkit_completer() -> None:
    pytest.importorskip("prompt_toolkit")
    from prompt_toolkit.completion import CompleteEvent
    from prompt_toolkit.document import Document

    from querykit.repl import _completer

    state = [ReplState()]
    completer = _completer(lambda: state[0])

    def run(text: str, requested: bool = False) -> list[tuple[str, int, str]]:
        found = completer.get_completions(Document(text), CompleteEvent(completion_requested=requested))
        return [(c.text, c.start_position, c.display_meta_text) for c in found]

    assert run("a = 1 lim") == [("limit", -3, "keyword")]
    # While typing, an empty word offers nothing; Tab offers everything.
    assert run("a = 1 ") == []
    assert len(run("a = 1 and ", requested=True)) > 50
    state[0] = ReplState(mode="perm")
    assert run("wr") == [("write", -2, "action")]


def test_prompt_toolkit_completer_completes_schema_paths(
    schema_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("prompt_toolkit")
    from prompt_toolkit.completion import CompleteEvent
    from prompt_toolkit.document import Document

    from querykit.repl import _completer

    monkeypatch.chdir(schema_file.parent)
    completer = _completer(ReplState)
    found = list(completer.get_completions(Document(":schema bo"), CompleteEvent()))
    assert [c.text for c in found] == ["oks.json"]
