"""The REPL's pure layer: one input in, a reply and the next state out."""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path

import pytest

import querykit as qk
from querykit import cli
from querykit.cli.repl import register
from querykit.repl import (
    COMMANDS,
    INSTALL_HINT,
    ReplState,
    Reply,
    default_history_path,
    help_text,
    is_complete,
    live_problem,
    load_schema,
    prompt_text,
    respond,
    run_lines,
)


def run(*inputs: str, state: ReplState | None = None) -> tuple[ReplState, list[Reply]]:
    current = state or ReplState()
    replies = []
    for text in inputs:
        current, reply = respond(current, text)
        replies.append(reply)
    return current, replies


# ----------------------------------------------------------------------------- queries


def test_text_becomes_json_one_string_per_line() -> None:
    text = 'name = "John" and age between 18..30 order by age desc limit 10'
    _, [reply] = run(text)
    assert reply.ok and not reply.diagnostics
    assert reply.output.splitlines() == qk.compile(text)
    assert reply.language == "json"


def test_json_object_becomes_text() -> None:
    _, [reply] = run('{"method":"between","attribute":"age","values":[18,30]}')
    assert (reply.output, reply.ok, reply.language) == ("age between 18..30", True, "querykit")


def test_json_list_becomes_text() -> None:
    strings = qk.compile("a = 1 or b is null limit 3")
    _, [reply] = run(json.dumps(strings))
    assert reply.output == "a = 1 or b is null limit 3"


def test_json_list_of_objects_becomes_text() -> None:
    _, [reply] = run('[{"method":"isNotNull","attribute":"x"}]')
    assert reply.output == "x is not null"


def test_syntax_error_is_rendered_with_a_caret() -> None:
    state, [reply] = run("age >= ")
    assert not reply.ok and reply.output == ""
    first, line, caret = reply.diagnostics.splitlines()[:3]
    assert first.startswith("1:8: ")
    assert line.rstrip() == "age >="
    assert caret == " " * 7 + "^"
    assert state == ReplState()


def test_structural_error_gives_no_json() -> None:
    _, [reply] = run("a = 1 limit 0")
    assert not reply.ok and reply.output == ""
    assert reply.diagnostics.splitlines() == [
        "1:7: limit must be at least 1",
        "a = 1 limit 0",
        "      ^^^^^^^",
    ]


def test_warning_keeps_the_json() -> None:
    _, [reply] = run("a = 1 limit 1 limit 2")
    assert reply.ok
    assert reply.output.splitlines() == qk.to_appwrite(qk.parse("a = 1 limit 1 limit 2"))
    assert reply.diagnostics.startswith("warning: 1:15: only the first limit is used")


def test_json_with_a_structural_problem_still_shows_the_text() -> None:
    _, [reply] = run('{"method":"limit","values":[0]}')
    assert reply.output == "limit 0"
    assert reply.diagnostics == "limit must be at least 1"
    assert not reply.ok


def test_bad_json_is_rendered() -> None:
    _, [reply] = run('{"method":"limit"')
    assert not reply.ok
    assert reply.diagnostics.startswith("1:18: invalid JSON")
    assert reply.diagnostics.splitlines()[1] == '{"method":"limit"'


def test_multi_line_input() -> None:
    _, [reply] = run("x in [1,\n  2] # the ids\nlimit 2")
    assert reply.output.splitlines() == [
        '{"method":"equal","attribute":"x","values":[1,2]}',
        '{"method":"limit","values":[2]}',
    ]


@pytest.mark.parametrize("text", ["", "   ", "\n", "# only a comment"])
def test_blank_and_comment_inputs_print_nothing(text: str) -> None:
    _, [reply] = run(text)
    assert reply == Reply()


def test_unexpected_exceptions_do_not_escape(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(qk, "to_appwrite", broken)
    state, [reply] = run("a = 1")
    assert (reply.ok, reply.diagnostics) == (False, "internal error: RuntimeError: boom")
    assert state == ReplState()


# ----------------------------------------------------------------------------- permissions


def test_perm_mode_text_to_strings_and_back() -> None:
    state, replies = run(":perm", "read: any; update, delete: team:t1/owner")
    assert state.mode == "perm"
    assert replies[0].output == "permission mode"
    assert replies[1].output.splitlines() == [
        'read("any")',
        'update("team:t1/owner")',
        'delete("team:t1/owner")',
    ]
    _, [reply] = run('["read(\\"any\\")", "delete(\\"users\\")", "update(\\"users\\")"]', state=state)
    assert reply.output == "read: any\nupdate, delete: users"
    assert reply.language == "querykit-permissions"
    _, [reply] = run('read("any")', state=state)
    assert reply.output == "read: any"


def test_perm_mode_errors_have_carets() -> None:
    _, [_, reply] = run(":perm", "read: anyy")
    assert not reply.ok
    first, line, caret, *_ = reply.diagnostics.splitlines()
    assert first.startswith('1:7: Role "anyy" is not allowed.')
    assert (line, caret) == ("read: anyy", "      ^^^^")


def test_query_command_switches_back() -> None:
    state, replies = run(":perm", ":query", "a = 1")
    assert state.mode == "query"
    assert replies[1].output == "query mode"
    assert replies[2].output == '{"method":"equal","attribute":"a","values":[1]}'


def test_prompts_follow_the_mode() -> None:
    assert prompt_text(ReplState()) == "qk> "
    assert prompt_text(ReplState(mode="perm")) == "perm> "


# ----------------------------------------------------------------------------- commands


def test_help_lists_every_command() -> None:
    _, [reply] = run(":help")
    assert reply.output == help_text()
    for command in COMMANDS:
        assert command in reply.output
    assert run(":?")[1][0].output == run(":h")[1][0].output == help_text()


@pytest.mark.parametrize("command", [":quit", ":q", ":exit", ":QUIT", "  :quit  "])
def test_quit(command: str) -> None:
    _, [reply] = run(command)
    assert reply.quit and reply.ok


def test_unknown_command() -> None:
    _, [reply] = run(":frobnicate now")
    assert not reply.ok
    assert reply.diagnostics == "unknown command :frobnicate; :help lists the commands"


def test_profile_command() -> None:
    state, replies = run(":profile", ":profile MariaDB", ":profile")
    assert replies[0].output == "profile postgresql (one of postgresql, mariadb, documentsdb)"
    assert replies[1].output == "profile mariadb"
    assert state.profile == "mariadb"
    assert replies[2].output.startswith("profile mariadb")


def test_unknown_profile_keeps_the_state() -> None:
    state, [reply] = run(":profile oracle")
    assert not reply.ok
    assert reply.diagnostics == "unknown profile 'oracle'; expected one of postgresql, mariadb, documentsdb"
    assert state.profile == "postgresql"


# ----------------------------------------------------------------------------- schema


def test_schema_command_loads_and_describes(schema_file: Path) -> None:
    state, replies = run(":schema", f":schema {schema_file}", ":schema")
    assert replies[0].output == "no schema loaded; :schema FILE loads one"
    assert replies[1].output == "schema books: 3 attributes, 1 index; profile postgresql"
    assert replies[2].output == replies[1].output
    assert state.schema is not None and state.schema_source == str(schema_file)
    state, [reply] = run(":schema off", state=state)
    assert state.schema is None and reply.output == "schema forgotten"


def test_schema_diagnostics_with_carets(schema_file: Path) -> None:
    state, _ = run(f":schema {schema_file}")
    _, [reply] = run('year > 2000 and titel = "x"', state=state)
    assert not reply.ok and reply.output == ""
    first, line, caret, *_ = reply.diagnostics.splitlines()
    assert first.startswith("1:17: ") and '"titel"' in first and '"title"' in reply.diagnostics
    assert line == 'year > 2000 and titel = "x"'
    assert caret == " " * 16 + "^" * 11


def test_schema_server_messages(schema_file: Path) -> None:
    state, _ = run(f":schema {schema_file}")
    _, replies = run('year > "old"', 'title ~ "x"', "year > 2000 order by year", state=state)
    assert replies[0].diagnostics.splitlines()[0].endswith('Query value is invalid for attribute "year"')
    assert (
        replies[1].diagnostics.splitlines()[0]
        == '1:1: Searching by attribute "title" requires a fulltext index.'
    )
    assert replies[1].diagnostics.splitlines()[1:] == ['title ~ "x"', "^" * 11]
    assert replies[2].ok and len(replies[2].output.splitlines()) == 2


def test_attributes_still_processing_are_not_in_the_schema(schema_file: Path) -> None:
    state, _ = run(f":schema {schema_file}")
    _, [reply] = run('draft = "x"', state=state)
    assert 'attribute "draft" not found in schema' in reply.diagnostics


def test_schema_checks_json_input(schema_file: Path) -> None:
    state, _ = run(f":schema {schema_file}")
    _, [reply] = run('{"method":"equal","attribute":"nope","values":[1]}', state=state)
    assert reply.output == "nope = 1"
    assert reply.diagnostics.startswith('attribute "nope" not found')
    assert not reply.ok


def test_profile_reaches_the_schema_checks(tmp_path: Path) -> None:
    # The schemaless profile accepts any attribute.
    path = tmp_path / "empty.json"
    path.write_text('{"$id": "c", "attributes": []}', encoding="utf-8")
    state, _ = run(f":schema {path}")
    assert not run("anything = 1", state=state)[1][0].ok
    state, _ = run(":profile documentsdb", state=state)
    assert run("anything = 1", state=state)[1][0].ok


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "No such file or directory"),
        (b"\xff\xfe", "not UTF-8 text"),
        ("{not json", "not JSON: Expecting property name enclosed in double quotes (line 1, column 2)"),
        ("[1, 2]", ""),
        ('{"attributes": {}}', ""),
    ],
)
def test_bad_schema_files(tmp_path: Path, content: str | bytes | None, message: str) -> None:
    path = tmp_path / "bad.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    state, [reply] = run(f":schema {path}")
    assert not reply.ok and state.schema is None
    assert reply.diagnostics.startswith(f"{path}: ")
    assert message in reply.diagnostics
    with pytest.raises(qk.QueryError):
        load_schema(str(path))


def test_schema_path_expands_the_home_folder(schema_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(schema_file.parent))
    assert load_schema("~/books.json").id == "books"


# ----------------------------------------------------------------------------- input shape


@pytest.mark.parametrize(
    ("text", "complete"),
    [
        ("a = 1", True),
        ("a in [1,", False),
        ("a in [1,\n2]", True),
        ("(a = 1 or\n", False),
        ("a has (b = 1 and (c = 2", False),
        ("a = ']' and b in [", False),
        ('a = "[" and b = 1', True),
        ('a = "\\"(" ', True),
        ("`weird(` = 1", True),
        ("a = 1 # (", True),
        ("a in [1, # ]\n", False),
        ("a = 1)", True),
        (":schema (", True),
        ('["read(\\"any\\")",', False),
    ],
)
def test_is_complete(text: str, complete: bool) -> None:
    assert is_complete(text) is complete


def test_live_problem() -> None:
    assert live_problem(ReplState(), "") is None
    assert live_problem(ReplState(), "a = 1") is None
    assert live_problem(ReplState(), "a in [1,") is None
    assert live_problem(ReplState(), ":schema nowhere") is None
    assert live_problem(ReplState(), "a = 1 limit 0") == "1:7: limit must be at least 1"
    assert live_problem(ReplState(mode="perm"), "read: x") is not None
    assert live_problem(ReplState(), "a = 1 " * 1000 + "limit 0") is None


# ----------------------------------------------------------------------------- driving from lines


def drive(text: str, state: ReplState | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run_lines(io.StringIO(text), state or ReplState(), out, err)
    return status, out.getvalue(), err.getvalue()


def test_run_lines_joins_open_brackets_and_splits_streams() -> None:
    status, out, err = drive("a in [1,\n 2]\nlimit 0\n:perm\nread: any\n")
    assert status == 1
    assert out == '{"method":"equal","attribute":"a","values":[1,2]}\npermission mode\nread("any")\n'
    assert err == "1:1: limit must be at least 1\nlimit 0\n^^^^^^^\n"


def test_run_lines_stops_at_quit() -> None:
    assert drive("a = 1\n:quit\nb = 2\n") == (0, '{"method":"equal","attribute":"a","values":[1]}\n', "")


def test_run_lines_reports_an_unclosed_bracket_at_the_end() -> None:
    status, out, err = drive("a in [1,\n")
    assert status == 1 and out == ""
    assert "unexpected end of input" in err


def test_run_lines_handles_crlf() -> None:
    assert drive("a = 1\r\n")[1] == '{"method":"equal","attribute":"a","values":[1]}\n'


# ----------------------------------------------------------------------------- command line


def parse_args(*argv: str) -> argparse.Namespace:
    top = argparse.ArgumentParser(prog="querykit")
    register(top.add_subparsers(dest="command"))
    return top.parse_args(["repl", *argv])


def test_cli_registers_repl() -> None:
    out = io.StringIO()
    assert cli.main(["repl"], io.StringIO("b != 2\n"), out, io.StringIO()) == 0
    assert out.getvalue() == '{"method":"notEqual","attribute":"b","values":[2]}\n'


def test_cli_options(schema_file: Path) -> None:
    args = parse_args("--schema", str(schema_file), "--profile", "mariadb")
    out, err = io.StringIO(), io.StringIO()
    assert args.func(args, io.StringIO(":schema\ntitel = 1\n"), out, err) == 1
    assert out.getvalue() == "schema books: 3 attributes, 1 index; profile mariadb\n"
    assert 'did you mean "title"?' in err.getvalue()


@pytest.mark.parametrize(("option", "value"), [("--schema", "missing.json"), ("--profile", "oracle")])
def test_cli_bad_options_exit_2(tmp_path: Path, option: str, value: str) -> None:
    args = parse_args(option, str(tmp_path / value) if option == "--schema" else value)
    err = io.StringIO()
    assert args.func(args, io.StringIO("a = 1\n"), io.StringIO(), err) == 2
    assert err.getvalue()


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_terminal_without_prompt_toolkit_explains_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "prompt_toolkit", None)
    args = parse_args()
    err = io.StringIO()
    assert args.func(args, FakeTerminal(), FakeTerminal(), err) == 2
    assert err.getvalue() == INSTALL_HINT + "\n"
    assert "pip install 'appwrite-querykit[repl]'" in INSTALL_HINT


def test_module_imports_without_prompt_toolkit_or_pygments() -> None:
    import subprocess

    code = (
        "import sys; sys.modules['prompt_toolkit'] = None; sys.modules['pygments'] = None\n"
        "import querykit.repl, querykit.cli\n"
        "querykit.cli.main(['--help'])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "repl" in done.stdout


# ----------------------------------------------------------------------------- history


def test_default_history_path(tmp_path: Path) -> None:
    assert default_history_path({"XDG_DATA_HOME": str(tmp_path)}) == tmp_path / "querykit" / "history"
    assert default_history_path({}, home=tmp_path) == tmp_path / ".local" / "share" / "querykit" / "history"


def test_the_former_name_warns_and_answers_the_same() -> None:
    from querykit import repl

    assert "evaluate" not in repl.__all__
    state = ReplState()
    for text in ("a = 1 limit 5", ":perm", "limit 0", ""):
        with pytest.warns(DeprecationWarning, match="respond"):
            old = repl.evaluate(state, text)
        assert old == respond(state, text)
