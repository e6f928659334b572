"""The `querykit perm` command, driven through its argparse registration."""

from __future__ import annotations

import argparse
import io
import json

from querykit.cli.perm import register


def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="querykit")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(list(argv))
    out, err = io.StringIO(), io.StringIO()
    code = args.func(args, io.StringIO(stdin), out, err)
    return code, out.getvalue(), err.getvalue()


def test_compile() -> None:
    code, out, _ = run("perm", "compile", "read: any; update, delete: user:abc/verified")
    assert code == 0
    assert json.loads(out) == ['read("any")', 'update("user:abc/verified")', 'delete("user:abc/verified")']
    code, out, _ = run("perm", "compile", "--lines", "--resource", "document", stdin="write: users\n")
    assert (code, out) == (0, 'update("users")\ndelete("users")\n')


def test_compile_error_has_a_caret() -> None:
    code, out, err = run("perm", "compile", "read: anyone")
    assert code == 2 and out == ""
    assert 'Role "anyone" is not allowed' in err and "^^^^^^" in err


def test_decompile() -> None:
    code, out, _ = run(
        "perm", "decompile", 'read("any")', 'delete("team:t1/owner")', 'update("team:t1/owner")'
    )
    assert (code, out) == (0, "read: any\nupdate, delete: team:t1/owner\n")
    code, out, _ = run("perm", "decompile", stdin='["read(\\"any\\")"]')
    assert (code, out) == (0, "read: any\n")
    code, out, _ = run("perm", "decompile", "--server", stdin='read("users:")\n\n')
    assert (code, out) == (0, "read: users\n")
    code, out, _ = run("perm", "decompile", "--collapse-write", "file", 'update("any")', 'delete("any")')
    assert (code, out) == (0, "write: any\n")
    code, _, err = run("perm", "decompile", "read(any)")
    assert code == 2 and "^" in err
    code, _, err = run("perm", "decompile", stdin="[1]")
    assert code == 2


def test_check_issue_example() -> None:
    code, out, _ = run("perm", "check", "--resource", "document", 'create("any")')
    assert code == 1
    assert out == (
        "400 general_argument_invalid: Invalid `permissions` param: "
        'Permission "create("any")" is not allowed. Must be one of: read, update, delete, write. or null\n'
    )


def test_check() -> None:
    assert run("perm", "check", 'read("any")') == (0, "ok\n", "")
    code, out, _ = run("perm", "check", "--roles", "users,user:abc", "--resource", "row", 'write("user:abc")')
    assert code == 0 and out == 'ok\n["update(\\"user:abc\\")", "delete(\\"user:abc\\")"]\n'
    code, out, _ = run("perm", "check", "--roles", "users", 'read("team:x")', "--resource", "document")
    assert code == 1 and out.startswith("401 user_unauthorized: Permissions must be one of: (any, users)")
    code, out, _ = run("perm", "check", stdin='["read(\\"any\\")", 5]')
    assert code == 1 and "Every permission must be of type string." in out
    code, _, err = run("perm", "check", stdin='["read(\\"any\\")",')
    assert code == 2 and "invalid JSON" in err
