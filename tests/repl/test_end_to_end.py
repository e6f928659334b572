"""``python -m querykit repl`` as a user runs it: through a pipe, and in a pseudo-terminal."""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

TIMEOUT = 30


def repl(*args: str, input: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "querykit", "repl", *args],
        input=input,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=env,
    )


def test_pipe_session(schema_file: Path) -> None:
    session = "\n".join(
        [
            'title = "Dune" and year between 1965..1970',
            "# a comment line prints nothing",
            '{"method":"orderDesc","attribute":"year"}',
            "tags in [",
            '  "a", "b"]',
            ":perm",
            "read: any; write: team:editors",
            '["read(\\"any\\")", "update(\\"users\\")"]',
            ":query",
            f":schema {schema_file}",
            'titel = "x"',
            ":quit",
            "never = 1",
        ]
    )
    done = repl(input=session + "\n")
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        '{"method":"equal","attribute":"title","values":["Dune"]}',
        '{"method":"between","attribute":"year","values":[1965,1970]}',
        "order by year desc",
        '{"method":"equal","attribute":"tags","values":["a","b"]}',
        "permission mode",
        'read("any")',
        'write("team:editors")',
        "read: any",
        "update: users",
        "query mode",
        "schema books: 3 attributes, 1 index; profile postgresql",
    ]
    first, line, caret, *_ = done.stderr.splitlines()
    assert first.startswith("1:1: ") and '"titel"' in first and '"title"' in done.stderr
    assert (line, caret) == ('titel = "x"', "^" * 11)


def test_pipe_exit_status_is_0_when_all_inputs_work(schema_file: Path) -> None:
    done = repl("--schema", str(schema_file), "--profile", "mariadb", input="year > 1 order by title\n")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == [
        '{"method":"greaterThan","attribute":"year","values":[1]}',
        '{"method":"orderAsc","attribute":"title"}',
    ]


def test_pipe_with_an_unreadable_schema_exits_2(tmp_path: Path) -> None:
    done = repl("--schema", str(tmp_path / "missing.json"), input="a = 1\n")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "missing.json: No such file or directory" in done.stderr


def test_help_mentions_repl() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "querykit", "repl", "--help"], capture_output=True, text=True, timeout=TIMEOUT
    )
    assert done.returncode == 0
    for option in ("--schema", "--profile", "--history"):
        assert option in done.stdout


# ----------------------------------------------------------------------------- pseudo-terminal

_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]|\x1b[=>]")


class Terminal:
    """A child process on a pseudo-terminal, read with a deadline so a hang fails the test."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        import fcntl
        import pty
        import struct
        import termios

        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 120, 0, 0))
        self.process = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True
        )
        os.close(slave)
        self.raw = b""

    @property
    def screen(self) -> str:
        """Everything written so far, without the terminal's control sequences."""
        return _ESCAPE.sub("", self.raw.decode("utf-8", "replace"))

    def read_until(self, expected: str | Callable[[str], bool], timeout: float = TIMEOUT) -> str:
        check = expected if callable(expected) else (lambda text: expected in text)
        deadline = time.monotonic() + timeout
        while not check(self.screen):
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"timed out; the screen so far:\n{self.screen}")
            ready, _, _ = select.select([self.master], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # the child closed the terminal
                chunk = b""
            if not chunk:
                raise AssertionError(f"the REPL ended early; the screen:\n{self.screen}")
            self.raw += chunk
        return self.screen

    def read_to_end(self, timeout: float = TIMEOUT) -> str:
        """Read until the child closes the terminal."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"the REPL did not end; the screen:\n{self.screen}")
            ready, _, _ = select.select([self.master], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                return self.screen
            self.raw += chunk

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=TIMEOUT)
        os.close(self.master)


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX only")
def test_terminal_session(tmp_path: Path, schema_file: Path) -> None:
    pytest.importorskip("prompt_toolkit")
    history = tmp_path / "state" / "history"
    env = dict(os.environ, TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1", HOME=str(tmp_path))
    argv = [sys.executable, "-m", "querykit", "repl", "--history", str(history)]
    term = Terminal(argv, env)
    try:
        term.read_until("qk>")
        assert "querykit" in term.screen and ":help" in term.screen

        def step(keys: str, expect: str, prompt: str = "qk>") -> None:
            # Wait for the prompt after the answer too: a key sent while the REPL is between
            # prompts may be taken by the terminal's line discipline instead (Ctrl-D above all).
            term.send(keys)
            term.read_until(lambda screen: expect in screen and prompt in screen[screen.rfind(expect) :])

        step("a = 1\r", '{"method":"equal","attribute":"a","values":[1]}')
        # An open bracket continues on the next line.
        step("x in [1,\r2]\r", '{"method":"equal","attribute":"x","values":[1,2]}')
        # Esc Enter starts a new line even when the brackets are closed.
        step("a = 1\x1b\rand b = 2\r", '{"method":"equal","attribute":"b","values":[2]}')
        step('{"method":"limit","values":[3]}\r', "limit 3")
        step("a >= \r", "unexpected end of input")
        step(f":schema {schema_file}\r", "schema books: 3 attributes")
        step('titel = "x"\r', 'did you mean "title"?')
        step(":perm\r", "permission mode", prompt="perm>")
        step("read: any\r", 'read("any")', prompt="perm>")
        term.send("\x04")
        term.read_to_end()
        assert term.process.wait(timeout=TIMEOUT) == 0
    finally:
        term.close()
    saved = history.read_text(encoding="utf-8")
    assert "+a = 1" in saved
    assert "+x in [1,\n+2]" in saved
    assert "+a = 1\n+and b = 2" in saved
    assert "+read: any" in saved
