"""Every example in the docs runs: doctest sessions, JSON tables and shell sessions.

- ```` ```python ```` fences hold doctest sessions, run with :func:`doctest.testfile`.
- A table row whose cell holds only code spans that start with ``{"method"`` shows the JSON a
  text compiles to. Every other cell of that row that is a single code span is a spelling of
  that text, and must compile to exactly those strings.
- ```` ```console ```` fences hold ``$ querykit ...`` commands followed by their exact output.
"""

from __future__ import annotations

import doctest
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import querykit as qk

ROOT = Path(__file__).parents[2]
DOCS = [ROOT / "docs" / name for name in ("language.md", "quickstart.md", "guide-reports.md")]

# A CommonMark code span: a run of backticks, the content, the same run again.
_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")


def _spans(cell: str) -> list[str]:
    out = []
    for m in _SPAN.finditer(cell):
        text = m.group(2)
        if len(text) > 1 and text.startswith(" ") and text.endswith(" ") and text.strip():
            text = text[1:-1]
        out.append(text)
    return out


def _cells(row: str) -> list[str]:
    """The cells of a table row; a `|` inside a code span does not split."""
    body = row.strip()[1:-1]
    cells, current, tick_run, i = [], "", 0, 0
    while i < len(body):
        if body[i] == "`":
            j = i
            while j < len(body) and body[j] == "`":
                j += 1
            run = j - i
            tick_run = 0 if tick_run == run else (run if tick_run == 0 else tick_run)
            current += body[i:j]
            i = j
            continue
        if body[i] == "|" and tick_run == 0:
            cells.append(current.strip())
            current = ""
        else:
            current += body[i]
        i += 1
    cells.append(current.strip())
    return cells


def _json_rows(path: Path) -> list[tuple[int, list[str], list[str]]]:
    """(line number, text spellings, JSON strings) for every JSON table row in ``path``."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if not line.startswith("|"):
            continue
        texts: list[str] = []
        wire: list[str] = []
        for cell in _cells(line):
            spans = _spans(cell)
            if spans and all(s.startswith('{"method"') for s in spans):
                wire = spans
            elif len(spans) == 1 and cell == cell[cell.index("`") :] and cell.endswith("`"):
                texts.append(spans[0])
        if wire:
            rows.append((number, texts, wire))
    return rows


ROWS = [(path, number, texts, wire) for path in DOCS for number, texts, wire in _json_rows(path)]


@pytest.mark.parametrize("path", DOCS, ids=[p.name for p in DOCS])
def test_doctests(path: Path) -> None:
    result = doctest.testfile(
        str(path), module_relative=False, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    )
    assert result.attempted > 0, f"{path.name} has no examples"
    assert result.failed == 0


def test_tables_were_found() -> None:
    counts = {p.name: sum(1 for r in ROWS if r[0] == p) for p in DOCS}
    assert counts["language.md"] >= 100, counts
    assert counts["guide-reports.md"] >= 5, counts


@pytest.mark.parametrize(("path", "number", "texts", "wire"), ROWS, ids=[f"{r[0].name}:{r[1]}" for r in ROWS])
def test_table_row(path: Path, number: int, texts: list[str], wire: list[str]) -> None:
    assert texts, f"{path.name}:{number}: a JSON row needs its text"
    for text in texts:
        try:
            compiled = qk.compile(text)
        except qk.StructureError:
            # Unusual shapes and unknown methods: compile refuses them, to_appwrite writes them.
            compiled = qk.to_appwrite(qk.parse(text))
        assert compiled == wire, f"{path.name}:{number}: {text}"
    # The JSON reads back to the query the text means.
    assert qk.format(qk.from_appwrite(wire)) == qk.format(qk.parse(texts[0]))
    if len(texts) > 1:
        # A row with several spellings ends with the canonical one (the `not` table's "becomes").
        assert qk.format(qk.parse(texts[0])) == texts[-1], f"{path.name}:{number}"


# ----------------------------------------------------------------------------- shell sessions


def _console_sessions(path: Path) -> list[tuple[str, str]]:
    """(command, expected output) for each ``$ `` line in the console fences of ``path``."""
    sessions: list[tuple[str, str]] = []
    for block in re.findall(r"```console\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S):
        command: str | None = None
        output: list[str] = []
        for line in block.split("\n"):
            if line.startswith("$ "):
                if command is not None:
                    sessions.append((command, "\n".join(output).strip("\n")))
                command, output = line[2:], []
            elif command is not None:
                output.append(line)
        if command is not None:
            sessions.append((command, "\n".join(output).strip("\n")))
    return sessions


SESSIONS = [(p, cmd, out) for p in DOCS for cmd, out in _console_sessions(p)]


@pytest.mark.parametrize(("path", "command", "expected"), SESSIONS, ids=[s[1] for s in SESSIONS])
def test_console(path: Path, command: str, expected: str, tmp_path: Path) -> None:
    if importlib.util.find_spec("querykit.cli") is None:
        pytest.skip("the querykit command line (querykit.cli) is not available")
    # `querykit` runs the entry point of this interpreter's installation.
    shim = tmp_path / "querykit"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -c "import sys; from querykit.cli import main; '
                    f'sys.exit(main())" "$@"\n')  # fmt: skip
    shim.chmod(0o755)
    env = {**os.environ, "PATH": f"{tmp_path}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(
        ["sh", "-c", command], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip("\n") == expected
