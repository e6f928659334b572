"""The public functions as a user meets them: what they accept, how they refuse, and what they
report (one diagnostic per problem, in source order)."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

import querykit as qk
from querykit import appwrite, permissions
from querykit.errors import QueryError

ROOT = Path(__file__).resolve().parents[2]
BOOKS: dict[str, Any] = json.loads((ROOT / "tests" / "data" / "books.json").read_text())


# ----------------------------------------------------------------------------- one problem, one diagnostic


def test_validate_reports_in_source_order_with_a_schema() -> None:
    diagnostics = qk.validate("nope = 1 and a in [] limit 0", schema=BOOKS)
    assert [d.path for d in diagnostics] == sorted(d.path for d in diagnostics)
    starts = [d.span.start for d in diagnostics if d.span is not None]
    assert starts == sorted(starts)
    assert [d.code for d in diagnostics] == ["server", "arity", "range"]


def test_limit_zero_is_one_diagnostic() -> None:
    diagnostics = qk.validate("limit 0", schema=BOOKS)
    assert len(diagnostics) == 1
    assert diagnostics[0].code == "range"


def test_a_regex_query_is_one_diagnostic_with_a_schema() -> None:
    diagnostics = qk.validate('a matches "x"', schema=BOOKS)
    assert [(d.severity, d.message) for d in diagnostics] == [("error", "Invalid query method: regex")]
    # Without a schema the warning predicting the server's answer stays.
    assert [d.code for d in qk.validate('a matches "x"')] == ["server-rejects"]


def test_every_problem_once_in_source_order() -> None:
    text = 'title matches "x" and year between 2000..1990 and nope = 1 limit 0 limit 3'
    diagnostics = qk.validate(text, schema=BOOKS)
    assert [d.path for d in diagnostics] == sorted(d.path for d in diagnostics)
    assert len({d.path for d in diagnostics if d.severity == "error"}) == len(
        [d for d in diagnostics if d.severity == "error"]
    )
    assert [d.code for d in diagnostics] == ["server", "empty-range", "server", "range", "repeated"]


# ----------------------------------------------------------------------------- what the functions accept


def test_validate_takes_text() -> None:
    assert qk.validate("a = 1") == []
    assert [d.code for d in qk.validate("a in []")] == ["arity"]


def test_validate_takes_the_collection_json_from_the_api() -> None:
    query = qk.parse("title = 1")
    from_json = qk.validate(query, schema=BOOKS)
    from_object = qk.validate(query, schema=appwrite.Collection.from_api(BOOKS))
    assert from_json == from_object
    assert [d.message for d in from_json] == ['Query value is invalid for attribute "title"']


def test_compile_takes_none_for_the_default_limits() -> None:
    assert qk.compile("a=1", limits=None) == ['{"method":"equal","attribute":"a","values":[1]}']
    assert qk.parse("a=1", limits=None) == qk.parse("a=1")
    assert qk.decompile('{"method":"limit","values":[1]}', limits=None) == "limit 1"
    assert qk.from_appwrite(['{"method":"limit","values":[1]}'], limits=None).parts == (qk.ast.Limit(1),)


def test_format_takes_text() -> None:
    assert qk.format("a = 1") == "a = 1"
    assert qk.format("NOT (a < 1)   ORDER BY b") == "a >= 1 order by b"
    assert qk.to_appwrite("limit 1") == ['{"method":"limit","values":[1]}']


def test_check_list_documents_takes_the_collection_json() -> None:
    queries = ['{"method":"equal","attribute":"title","values":[1]}']
    verdict = appwrite.check_list_documents(queries, BOOKS)
    assert verdict == appwrite.check_list_documents(queries, appwrite.Collection.from_api(BOOKS))
    assert not verdict.valid


@pytest.mark.parametrize(
    ("call", "parameter"),
    [
        (lambda: qk.validate(5), "query"),
        (lambda: qk.validate(["a = 1"]), "query"),
        (lambda: qk.validate("a = 1", schema=[1]), "schema"),
        (lambda: qk.format(None), "query"),
        (lambda: qk.format(b"a = 1"), "query"),
        (lambda: qk.compile(b"a = 1"), "text"),
        (lambda: qk.compile("a = 1", limits={"max_depth": 3}), "limits"),
        (lambda: qk.parse(None), "text"),
        (lambda: qk.to_appwrite(5), "query"),
        (lambda: qk.from_appwrite(5), "queries"),
        (lambda: qk.decompile(None), "queries"),
        (lambda: appwrite.check_list_documents([], "books"), "collection"),
        (lambda: permissions.format(5), "permissions"),
        (lambda: permissions.format(["read: any"]), "permissions"),
        (lambda: permissions.decompile(5), "strings"),
        (lambda: permissions.aggregate(5), "strings"),
        (lambda: permissions.check_grant(['read("any")'], 5), "caller_roles"),
        (lambda: permissions.session_roles("u", labels=5), "labels"),
        (lambda: permissions.session_roles("u", memberships=[("t",)]), "memberships"),
        (lambda: permissions.session_roles(5), "user_id"),
    ],
)
def test_anything_else_is_a_type_error_naming_the_parameter(call: Any, parameter: str) -> None:
    with pytest.raises(TypeError) as caught:
        call()
    assert not isinstance(caught.value, QueryError)
    assert str(caught.value).startswith(f"{parameter} must be ")


def test_permission_format_takes_text() -> None:
    assert permissions.format("update: users;  read: any") == "read: any\nupdate: users"


# ----------------------------------------------------------------------------- small gaps


def test_an_unknown_profile_is_an_error_without_a_schema() -> None:
    with pytest.raises(QueryError, match="unknown database profile 'mysql'"):
        qk.validate(qk.parse("a = 1"), profile="mysql")
    with pytest.raises(QueryError, match="unknown database profile"):
        qk.validate("a = 1", schema=BOOKS, profile="mysql")
    assert qk.validate("a = 1", profile="mariadb") == []


@pytest.mark.parametrize("field", ["max_length", "max_depth", "max_items", "max_queries"])
@pytest.mark.parametrize("value", [-1, 0])
def test_limits_refuse_a_bound_below_one(field: str, value: int) -> None:
    with pytest.raises(QueryError, match=rf"Limits\.{field} must be at least 1, got {value}"):
        qk.Limits(**{field: value})


@pytest.mark.parametrize("value", [True, 1.5, "5", None])
def test_limits_refuse_a_bound_that_is_not_an_int(value: object) -> None:
    with pytest.raises(TypeError, match=r"Limits\.max_depth must be an int"):
        qk.Limits(max_depth=value)  # type: ignore[arg-type]


def test_raised_limits_let_larger_input_through() -> None:
    deep = "(" * 200 + "a = 1" + ")" * 200
    with pytest.raises(qk.errors.LimitError):
        qk.parse(deep)
    assert qk.parse(deep, limits=qk.Limits(max_depth=300)) == qk.parse("a = 1")
    long_text = 'a = "' + "x" * 600_000 + '"'
    with pytest.raises(qk.errors.LimitError):
        qk.parse(long_text)
    assert len(qk.parse(long_text, limits=qk.Limits(max_length=700_000)).parts) == 1


def test_a_huge_integer_is_a_limit_error_not_a_value_error() -> None:
    with pytest.raises(qk.errors.LimitError, match="does not fit in 64 bits"):
        qk.parse("a = " + "1" * 5000)
    with pytest.raises(QueryError):
        qk.from_appwrite('{"method":"limit","values":[' + "1" * 5000 + "]}")
    # The server decodes an integer beyond 64 bits as a double, as PHP does.
    assert appwrite.parse_query('{"method":"limit","values":[' + "1" * 5000 + "]}").values == (float("inf"),)


def test_an_empty_between_range_gets_a_warning() -> None:
    (d,) = qk.validate("a between 30..18")
    assert (d.code, d.severity) == ("empty-range", "warning")
    assert d.message.startswith("the range 30..18 is empty")
    assert d.hint == "write a between 18..30"
    assert d.span == qk.errors.Span(0, 16)
    assert qk.validate("a between 18..30") == []
    assert qk.validate("a between 18..18") == []
    # Strings compare by the database's collation, so they are left alone.
    assert qk.validate('a between "b".."a"') == []


# ----------------------------------------------------------------------------- to_dict


def test_every_node_and_query_has_to_dict() -> None:
    import inspect

    from querykit import ast

    cases = json.loads((ROOT / "tests" / "data" / "identity.json").read_text())
    seen: set[type] = set()

    def walk(node: ast.Node) -> None:
        seen.add(type(node))
        assert node.to_dict() == json.loads(str(node))
        for child in (*getattr(node, "children", ()), *getattr(node, "conditions", ())):
            if isinstance(child, ast.Node):
                walk(child)

    for case in cases:
        query = qk.parse(case["query"])
        assert query.to_dict() == {"queries": [json.loads(s) for s in case["appwrite"]]}
        for part in query.parts:
            walk(part)
    kinds = {
        c for c in vars(ast).values() if inspect.isclass(c) and issubclass(c, ast.Node) and c is not ast.Node
    }
    assert kinds <= seen


# ----------------------------------------------------------------------------- the project's own texts


def test_the_distribution_name() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["name"] == "appwrite-querykit"
    assert project["scripts"] == {"querykit": "querykit.cli:main"}


def _install_lines() -> list[tuple[str, str]]:
    files = [
        ROOT / "README.md",
        *sorted((ROOT / "docs").glob("*.md")),
        *sorted((ROOT / "querykit").rglob("*.py")),
    ]
    out = []
    for path in files:
        for line in path.read_text().splitlines():
            if re.search(r"pip install\b", line):
                out.append((path.name, line))
    return out


def test_every_install_line_names_the_distribution() -> None:
    lines = _install_lines()
    assert lines
    for name, line in lines:
        for target in re.findall(r"pip install\s+(?:-\S+\s+)*(\S+)", line):
            target = target.strip("'\"`")
            assert target.startswith(("appwrite-querykit", ".")), (name, line)


def test_the_repl_install_hint() -> None:
    from querykit.repl import INSTALL_HINT

    assert "pip install 'appwrite-querykit[repl]'" in INSTALL_HINT


def test_ci_builds_the_wheel_by_its_distribution_name() -> None:
    script = (ROOT / ".ci" / "run").read_text()
    assert "dist/appwrite_querykit-*.whl" in script
    assert "dist/querykit-*.whl" not in script


def test_benchmark_help_speaks_of_the_project_only() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--help"], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert "benchmarks" in result.stdout
    assert not re.search(r"\bissue\b", result.stdout, re.IGNORECASE)


# ----------------------------------------------------------------------------- the docs' example collection


def test_the_docs_example_collection_ships_with_the_repository() -> None:
    example = json.loads((ROOT / "examples" / "books.json").read_text())
    assert example == BOOKS  # the collection the tests use is the one the docs use
    assert appwrite.Collection.from_api(example).id == "books"
    for page in ("repl.md", "validation.md"):
        text = (ROOT / "docs" / page).read_text()
        assert "examples/books.json" in text
        assert not re.search(r"(?<![/\w])books\.json", text.replace("examples/books.json", ""))


def test_the_validation_page_console_example_runs_as_written() -> None:
    import shlex
    import subprocess
    import sys

    text = (ROOT / "docs" / "validation.md").read_text()
    match = re.search(r"^    \$ (querykit check .*)\n    (.*)$", text, re.MULTILINE)
    assert match is not None
    command, expected = match.groups()
    args = shlex.split(command)[1:]
    result = subprocess.run(
        [sys.executable, "-m", "querykit", *args], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 1
    assert result.stdout.splitlines() == [expected]
