"""The command line as a careless user meets it: each defect found at the boundary is a command
run here, and a property drives every registered command with hostile input."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from querykit.cli import COMMAND_MODULES, build_parser, main

ROOT = Path(__file__).parents[2]
BOOKS = str(ROOT / "examples" / "books.json")
DEEP = "[" * 1000 + "]" * 1000


def run(argv: list[str], stdin: bytes | str = b"") -> tuple[int, str, str]:
    """Run ``querykit argv`` in this process with ``stdin`` (bytes, as a pipe gives them)."""
    data = stdin.encode("utf-8", "surrogateescape") if isinstance(stdin, str) else stdin
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):  # argparse's own output
        code = main(argv, io.BytesIO(data), out, err)
    return code, out.getvalue(), err.getvalue()


# Deep JSON: a limit, never RecursionError -------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["decompile"],
        ["check"],
        ["perm", "decompile"],
        ["perm", "check"],
        ["check", "--text"],
        ["update", "decompile"],
        ["update", "check"],
        ["realtime", "check"],
    ],
)
def test_deep_json_on_stdin_is_refused_by_the_depth_limit(argv: list[str]) -> None:
    code, out, err = run(argv, DEEP)
    assert (code, out) == (2, "")
    assert "nested deeper than 128" in err and "Recursion" not in err


def test_deep_schema_file_is_refused(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text(DEEP)
    code, _, err = run(["check", "--schema", str(deep), '{"method":"limit","values":[1]}'])
    assert code == 2 and "nested deeper than 128" in err
    code, out, err = run(["repl"], f":schema {deep}\n")
    assert "nested deeper than 128" in out + err and "RecursionError" not in out + err


def test_max_depth_raises_the_limit() -> None:
    code, _, err = run(["decompile", "--max-depth", "2", "[[[1]]]"])
    assert code == 2 and "nested deeper than 2" in err
    code, _, err = run(["decompile", "--max-depth", "3", "[[[1]]]"])
    assert code == 2 and "nested deeper" not in err and "expected a JSON query object" in err
    assert run(["compile", "--max-length", "3", "a = 1"])[0] == 2
    assert run(["compile", "--max-length", "5", "a = 1"])[0] == 0
    code, _, err = run(["compile", "--max-depth", "0", "a = 1"])
    assert code == 2 and "max_depth must be at least 1" in err


# Encoding: strict UTF-8, a byte-order mark skipped ------------------------------------------


def test_invalid_utf8_on_stdin_names_the_byte_and_place() -> None:
    code, out, err = run(["compile"], b'a = "\xff"\n')
    assert (code, out, err) == (2, "", "invalid UTF-8 (byte 0xff) at 1:6\n")
    code, _, err = run(["decompile"], b'{"method":"limit","values":[1]}\n\n  "\xc3("\n')
    assert (code, err) == (2, "invalid UTF-8 (byte 0xc3) at 3:4\n")


def test_invalid_utf8_in_an_argument() -> None:
    argument = b'a = "\xff"'.decode("utf-8", "surrogateescape")  # as Python hands it over
    code, _, err = run(["compile", argument])
    assert (code, err) == (2, "argument 1: invalid UTF-8 (byte 0xff) at 1:6\n")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["compile"], '{"method":"equal","attribute":"a","values":[1]}\n'),
        (["decompile"], "limit 1\n"),
        (["perm", "compile"], 'read("any")\n'),
        (["format"], "a = 1\n"),
    ],
)
def test_byte_order_mark_is_skipped(argv: list[str], expected: str) -> None:
    text = {"decompile": '{"method":"limit","values":[1]}', "perm": "read: any"}.get(argv[0], "a = 1")
    assert run(argv, "\ufeff" + text + "\n") == (0, expected, "")
    assert run([*argv, "\ufeff" + text]) == (0, expected, "")


def test_real_process_reads_bytes_strictly() -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict"}
    done = subprocess.run(
        [sys.executable, "-m", "querykit", "compile"],
        input=b'a = "\xff"\n',
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.decode() == "invalid UTF-8 (byte 0xff) at 1:6\n"
    done = subprocess.run(
        [sys.executable, "-m", "querykit", "decompile"], input=DEEP.encode(), capture_output=True, timeout=60
    )
    assert done.returncode == 2 and b"Traceback" not in done.stderr


# perm compile prints lines; every console example of the docs runs --------------------------


def test_perm_compile_prints_one_string_per_line_and_json_on_request() -> None:
    text = "read: any; update, delete: user:abc/verified"
    expected = ['read("any")', 'update("user:abc/verified")', 'delete("user:abc/verified")']
    code, out, _ = run(["perm", "compile", text])
    assert (code, out.splitlines()) == (0, expected)
    code, out, _ = run(["perm", "compile", "--json", text])
    assert (code, json.loads(out)) == (0, expected)


def _console_examples() -> list[tuple[str, str, str]]:
    """Every ``$ querykit ...`` command of a console block in README.md and docs/*.md, with the
    output the page shows."""
    import re

    found = []
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for block in re.findall(r"```console\n(.*?)```", page.read_text(encoding="utf-8"), re.S):
            command: str | None = None
            output: list[str] = []
            for line in [*block.splitlines(), "$ "]:
                if line.startswith("$ "):
                    if command is not None and command.startswith("querykit"):
                        found.append((page.name, command, "".join(o + "\n" for o in output).rstrip("\n")))
                    command, output = line[2:], []
                elif line.strip():
                    output.append(line)
    return found


def _pipeline(command: str) -> tuple[int, str]:
    import shlex

    lexer = shlex.shlex(command, posix=True, punctuation_chars="|")
    lexer.whitespace_split = True
    stages: list[list[str]] = [[]]
    for token in lexer:
        if token == "|":
            stages.append([])
        else:
            stages[-1].append(token)
    data, code = "", 0
    for stage in stages:
        assert stage[0] == "querykit", command
        code, data, err = run(stage[1:], data)
        assert code in (0, 1), err  # 1: the example shows a check that fails
    return code, data


def test_docs_have_console_examples() -> None:
    pages = {page for page, _, _ in _console_examples()}
    assert {"README.md", "quickstart.md", "permissions.md", "migration.md", "validation.md"} <= pages


@pytest.mark.parametrize(("page", "command", "output"), _console_examples())
def test_console_example_runs_as_shown(page: str, command: str, output: str) -> None:
    cwd = os.getcwd()
    os.chdir(ROOT)  # the examples name files such as examples/books.json
    try:
        _, out = _pipeline(command)
    finally:
        os.chdir(cwd)
    assert out.rstrip("\n") == output, f"{page}: $ {command}"


# compile warnings and --strict --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "place", "words"),
    [
        ('a matches "^x"', "1:1", "rejects regex"),
        ("limit 5 limit 6", "1:9", "only the first limit"),
        ("a = null", "1:1", "is null"),
        ("a between 30..18", "1:1", "empty"),
    ],
)
def test_compile_prints_warnings_with_their_place(text: str, place: str, words: str) -> None:
    code, out, err = run(["compile", text])
    assert code == 0 and out
    assert err.startswith(f"{place}: warning: ") and words in err and "^" in err
    code, out, err = run(["compile", "--strict", text])
    assert (code, out) == (1, "") and err.startswith(f"{place}: error (--strict): ")


def test_compile_without_warnings_is_quiet() -> None:
    assert run(["compile", "--strict", "a = 1"]) == (
        0,
        '{"method":"equal","attribute":"a","values":[1]}\n',
        "",
    )


# decompile: places, lines, URLs, text where JSON was expected ------------------------------


def test_decompile_json_error_has_line_column_and_caret() -> None:
    stdin = '{"method":"limit","values":[1]}\n\n{"method":"limit" "values":[1]}\n'
    code, out, err = run(["decompile"], stdin)
    assert (code, out) == (2, "")
    assert err == (
        "3:19: invalid JSON: Expecting ',' delimiter\n"
        '{"method":"limit" "values":[1]}\n'
        "                  ^\n"
    )


def test_decompile_counts_input_lines_from_one() -> None:
    stdin = '{"method":"limit","values":[1]}\n\n{"method":"or","values":[]}\n'
    code, _, err = run(["decompile"], stdin)
    assert code == 2 and err.startswith("3:1: query 3: ")


def test_decompile_url_without_queries() -> None:
    code, out, err = run(["decompile", "--url", "not a url"])
    assert (code, out) == (2, "") and "no queries found" in err
    assert run(["decompile"], "\n\n")[0] == 2


def test_decompile_and_check_notice_the_wrong_kind_of_input() -> None:
    code, _, err = run(["decompile", "a = 1 limit 2"])
    assert code == 2 and "query text, not JSON" in err and "querykit compile" in err
    code, _, err = run(["check", "limit 2"])
    assert code == 2 and "query text, not JSON" in err and "--text" in err
    code, _, err = run(["check", "--text", '{"method":"limit","values":[1]}'])
    assert code == 2 and "is JSON, not query text" in err and "drop --text" in err
    code, _, err = run(["decompile", "queries[0]=x"])
    assert code == 2 and "--url" in err
    for command in ("compile", "format"):
        code, _, err = run([command, '{"method":"limit","values":[1]}'])
        assert code == 2 and "querykit decompile" in err


# perm: arguments and stdin take the same forms ----------------------------------------------


@pytest.mark.parametrize("command", ["decompile", "check"])
def test_perm_arguments_and_stdin_take_the_same_forms(command: str) -> None:
    strings = ['read("any")', 'update("user:abc")']
    as_list = json.dumps(strings)
    results = {
        run(["perm", command, as_list]),
        run(["perm", command, *strings]),
        run(["perm", command], as_list),
        run(["perm", command], "\n".join(strings) + "\n"),
    }
    assert len(results) == 1
    assert next(iter(results))[0] == 0


def test_perm_check_of_a_list_argument_checks_each_permission() -> None:
    code, out, _ = run(["perm", "check", '["read(\\"any\\")", "bogus(\\"any\\")"]'])
    assert code == 1 and "bogus" in out


# migrate warns -----------------------------------------------------------------------------


def test_migrate_warns_on_a_conversion_the_server_rejects() -> None:
    code, out, err = run(["migrate", 'equal("a", ['])
    assert code == 1
    assert out == '{"method":"equal","attribute":"a"}\n# a in []\n'
    assert "warning:" in err and "server rejects" in err
    assert run(["migrate", 'equal("title", ["Iron Man"])'])[0] == 0


# help: descriptions, examples, exit statuses; no silent wait on a terminal ------------------


def _commands() -> list[list[str]]:
    """Every command path of the registry (``perm`` and its sub-commands, ...)."""

    def walk(parser: argparse.ArgumentParser, prefix: list[str]) -> list[list[str]]:
        paths = []
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    paths.append([*prefix, name])
                    paths.extend(walk(sub, [*prefix, name]))
        return paths

    return walk(build_parser(), [])


def test_registry_is_walked() -> None:
    names = {p[0] for p in _commands()}
    for module in COMMAND_MODULES:
        assert importlib.import_module(module).register  # every module registers itself
    assert {"compile", "decompile", "check", "perm", "migrate", "format", "methods", "repl"} <= names
    assert ["perm", "check"] in _commands()
    assert {("update", "check"), ("realtime", "match")} <= {tuple(p) for p in _commands()}


@pytest.mark.parametrize("path", _commands(), ids=" ".join)
def test_every_help_has_a_description_an_example_and_exit_statuses(path: list[str]) -> None:
    parser = build_parser()
    for name in path:
        parser = next(a.choices[name] for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert parser.get_default("command_parser") is parser  # made by add_command
    code, out, _ = run([*path, "--help"])
    assert code == 0
    assert "examples:\n  $ querykit " in out and "exit status:\n  0  " in out
    assert out.count("\n") > 8


def test_check_help_says_what_exists_without_a_schema() -> None:
    out = run(["check", "--help"])[1]
    assert "Without --schema" in out and "internal" in out


class _Terminal(io.BytesIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    "path",
    [p for p in _commands() if p not in (["repl"], ["perm"], ["update"], ["realtime"], ["methods"])],
    ids=" ".join,
)
def test_no_command_waits_silently_on_a_terminal(path: list[str]) -> None:
    from tests.cli.test_properties import COMMANDS

    argv = next(c for c in COMMANDS if c[: len(path)] == path)  # with the options it requires
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, _Terminal(b""), out, err)
    assert code == 2 and "usage: querykit" in err.getvalue()


# format and methods ------------------------------------------------------------------------


def test_format_and_check() -> None:
    assert run(["format", "a = 1  AND b='x'"]) == (0, 'a = 1 and b = "x"\n', "")
    assert run(["format", "--check", 'a = 1 and b = "x"']) == (0, "", "")
    code, out, err = run(["format", "--check"], "a=1\n")
    assert (code, out) == (1, "") and "a = 1" in err
    assert run(["format", "a ="])[0] == 2


def test_methods_lists_the_catalog() -> None:
    from querykit.methods import METHODS

    code, out, _ = run(["methods", "--json"])
    rows = json.loads(out)
    assert code == 0 and [r["method"] for r in rows] == list(METHODS)
    between = next(r for r in rows if r["method"] == "between")
    assert between == {
        "method": "between",
        "text": "a between 1..9",
        "applies_to": "filter",
        "since": METHODS["between"].since,
        "summary": METHODS["between"].summary,
    }
    assert run(["methods", "nosuch"])[0] == 2


def test_a_command_reading_text_itself_gets_strict_utf8(monkeypatch: pytest.MonkeyPatch) -> None:
    import types

    import querykit.cli

    def echo(args: argparse.Namespace, stdin: io.TextIOBase, stdout: io.StringIO, stderr: io.StringIO) -> int:
        stdout.write(stdin.read())
        return 0

    def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
        subparsers.add_parser("echo").set_defaults(func=echo)

    module = types.ModuleType("tests.cli.echo_command")
    module.register = register  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setattr(querykit.cli, "COMMAND_MODULES", (*COMMAND_MODULES, module.__name__))
    assert run(["echo"], "é\n") == (0, "é\n", "")
    assert run(["echo"], b"ab\n\xff") == (2, "", "invalid UTF-8 (byte 0xff) at 2:1\n")
