"""The Realtime page runs as written: its Python examples as doctests, its console examples
through ``querykit.cli.main``."""

from __future__ import annotations

import doctest
import io
import re
import shlex
from pathlib import Path

import pytest

from querykit import cli

ROOT = Path(__file__).parents[2]
PAGE = ROOT / "docs" / "realtime.md"


def test_realtime_page_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = doctest.testfile(
        str(PAGE), module_relative=False, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    )
    assert result.attempted > 20 and result.failed == 0


def _console_examples() -> list[tuple[str, list[str]]]:
    text = PAGE.read_text(encoding="utf-8")
    examples: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", text, flags=re.DOTALL):
        for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
            command, *output = chunk.rstrip("\n").split("\n")
            examples.append((command, output))
    return examples


@pytest.mark.parametrize(("command", "output"), _console_examples())
def test_realtime_page_console_examples(
    command: str, output: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    assert "querykit.cli.realtime" in cli.COMMAND_MODULES
    argv = shlex.split(command)
    assert argv[0] == "querykit"
    out = io.StringIO()
    cli.main(argv[1:], stdin=io.StringIO(""), stdout=out, stderr=io.StringIO())
    assert out.getvalue().splitlines() == output


def test_page_has_console_examples() -> None:
    assert len(_console_examples()) >= 4
