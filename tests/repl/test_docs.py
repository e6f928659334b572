"""docs/repl.md runs as written: its Python examples as doctests, its session through the REPL."""

from __future__ import annotations

import doctest
import io
import re
from pathlib import Path

import pytest

from querykit.repl import ReplState, run_lines

ROOT = Path(__file__).parents[2]
PAGE = ROOT / "docs" / "repl.md"
_PROMPT = re.compile(r"^(qk|perm)> ?")


def test_python_examples() -> None:
    pytest.importorskip("pygments")
    result = doctest.testfile(str(PAGE), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0


def session() -> tuple[list[str], list[str]]:
    """The inputs typed in the page's session and the lines the REPL printed."""
    text = PAGE.read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```text\n(.*?)```", text, re.S) if "qk> " in b)
    lines = block.splitlines()
    assert lines[0] == "$ querykit repl"
    assert lines[1].startswith("querykit ") and ":help" in lines[1]
    inputs: list[str] = []
    printed: list[str] = []
    for line in lines[2:]:
        prompt = _PROMPT.match(line)
        if prompt:
            inputs.append(line[prompt.end() :])
        elif re.match(r"^\.+ ", line) and inputs:
            inputs[-1] += "\n" + line.split(" ", 1)[1]
        else:
            printed.append(line)
    return inputs, printed


def test_session_transcript(monkeypatch: pytest.MonkeyPatch) -> None:
    # The page's session loads the example collection shipped in the repository.
    monkeypatch.chdir(ROOT)
    inputs, printed = session()
    assert inputs[-1] == ":quit"
    out = io.StringIO()
    # In a terminal results and problems share the screen, in the order the session shows.
    run_lines("\n".join(inputs).splitlines(keepends=True), ReplState(), out, out)
    assert out.getvalue().splitlines() == printed


def test_every_command_is_documented() -> None:
    from querykit.repl import COMMANDS

    text = PAGE.read_text(encoding="utf-8")
    for command in COMMANDS:
        assert f"| `{command}" in text


@pytest.mark.parametrize("module", ["querykit.repl", "querykit.lexers"])
def test_module_examples(module: str) -> None:
    import importlib

    if module == "querykit.lexers":
        pytest.importorskip("pygments")
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0
