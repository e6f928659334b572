"""requires(), validate(server=), compile(server=), the CLI's --server, and the registry."""

from __future__ import annotations

import io
import itertools
import json

import pytest

import querykit as qk
from querykit.appwrite import Attribute, Collection
from querykit.cli import main
from querykit.methods import METHODS
from querykit.releases import LINE_NAMES, LINES, NEVER_ACCEPTED, first_line, get_line


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a = 1 and b < 2 order by c desc limit 5 offset 2", "1.4"),
        ('title starts with "x" select a, b.*', "1.4"),
        ("a = 1 or b = 2", "1.5"),
        ("(a = 1 or b = 2) and c = 3", "1.5"),
        ("a in [" + ", ".join(["1"] * 101) + "]", "1.6"),
        ("a in [" + ", ".join(["1"] * 100) + "]", "1.4"),
        ('title not starts with "x"', "1.8"),
        ("order by random", "1.8"),
        ("$sequence > 5", "1.8"),
        ("order by $sequence", "1.8"),
        ("select $sequence", "1.8"),
        ('author.name = "x"', "1.8"),
        ('tags contains any ["a"] and title not starts with "x"', "1.9"),
        ('tags contains all ["a"]', "1.9"),
    ],
)
def test_requires(text: str, line: str) -> None:
    assert qk.requires(qk.parse(text)) == line


def test_requires_the_json_format_for_what_legacy_strings_cannot_hold() -> None:
    query = qk.parse('a = "back\\\\,slash"')
    assert qk.requires(query) == "1.5"
    assert qk.requires(qk.parse('a = "plain"')) == "1.4"


def test_requires_reads_the_schema_when_given() -> None:
    col = Collection((Attribute("loc", "point"), Attribute("a.b", "string", size=10)))
    assert qk.requires(qk.parse("loc is null")) == "1.4"
    assert qk.requires(qk.parse("loc is null"), schema=col) == "1.8"
    # a dotted key the collection has is an ordinary attribute
    assert qk.requires(qk.parse('a.b = "x"'), schema=col) == "1.4"


@pytest.mark.parametrize("text", ['title matches "x"', "a in [" + ", ".join(["1"] * 501) + "]"])
def test_requires_refuses_what_no_release_accepts(text: str) -> None:
    try:
        query = qk.parse(text)
    except qk.QueryError:
        pytest.skip("no text form")
    with pytest.raises(qk.QueryError, match="no Appwrite release accepts"):
        qk.requires(query)


def test_requires_of_a_hand_built_node() -> None:
    from querykit.ast import Filter

    assert qk.requires(Filter("containsAll", "tags", ("a",))) == "1.9"
    assert qk.requires("a = 1") == "1.4"


def test_validate_names_the_line_that_accepts() -> None:
    query = qk.parse('a = 1 and tags contains any ["a"]')
    problems = qk.validate(query, server="1.7")
    assert [(d.code, d.message, d.hint) for d in problems] == [
        ("version", "Appwrite 1.7 does not accept containsAny", "containsAny needs Appwrite 1.9 or later")
    ]
    assert problems[0].span is not None
    assert query_text_at(query, problems[0]) == 'tags contains any ["a"]'
    assert qk.validate(query, server="1.9") == []
    assert qk.validate(query) == []


def query_text_at(query: qk.Query, d: qk.Diagnostic) -> str:
    text = 'a = 1 and tags contains any ["a"]'
    assert d.span is not None
    return text[d.span.start : d.span.end]


def test_validate_internal_id_on_new_lines() -> None:
    problems = qk.validate(qk.parse('$internalId = "5"'), server="1.8")
    assert [d.hint for d in problems] == ["it is called $sequence from Appwrite 1.8"]
    assert qk.validate(qk.parse('$internalId = "5"'), server="1.7") == []


def test_validate_with_schema_on_an_old_line() -> None:
    col = Collection((Attribute("n", "integer", size=8),))
    problems = qk.validate(qk.parse('n = "x"'), schema=col, server="1.4")
    assert [d.message for d in problems] == ["Query type does not match expected: integer"]
    assert qk.validate(qk.parse("n = 1"), schema=col, server="1.4") == []
    assert [d.code for d in qk.validate(qk.parse("n = 1 or n = 2"), schema=col, server="1.4")] == ["version"]


def test_compile_for_1_4() -> None:
    assert qk.compile("a = 1 and b < 2", server="1.4") == ['equal("a", [1])', 'lessThan("b", [2])']
    assert qk.compile('title in ["x", "y"] order by t desc limit 3', server="1.4") == [
        'equal("title", ["x","y"])',
        'orderDesc("t")',
        "limit(3)",
    ]
    with pytest.raises(qk.QueryError) as caught:
        qk.compile("a = 1 or b < 2", server="1.4")
    assert caught.value.span == qk.Span(0, 14)
    assert caught.value.hint == "or needs Appwrite 1.5 or later"
    with pytest.raises(qk.QueryError) as caught:
        qk.compile('x = 1 and a = "q\\\\]"', server="1.4")
    assert caught.value.message.startswith("Appwrite 1.4 cannot take this query: ")
    assert caught.value.span == qk.Span(10, 20)


def test_compile_for_json_lines() -> None:
    assert qk.compile("a = 1", server="1.5") == qk.compile("a = 1")
    with pytest.raises(qk.QueryError, match=r"Appwrite 1\.8 does not accept containsAll"):
        qk.compile("t contains all [1]", server="1.8")
    with pytest.raises(qk.QueryError, match="unknown Appwrite server"):
        qk.compile("a = 1", server="0.9")


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), io.StringIO(""), out, err)
    return code, out.getvalue(), err.getvalue()


def test_cli_check_server() -> None:
    code, out, _ = _run(
        "check", "--server", "1.7", '{"method":"containsAny","attribute":"tags","values":["a"]}'
    )
    assert code == 1
    assert out == (
        "400 general_query_invalid: Invalid query method: containsAny\n"
        "hint: containsAny needs Appwrite 1.9 or later\n"
    )
    code, out, _ = _run("check", "--server", "1.4", "--json", "limit(5)")
    assert (code, json.loads(out)["valid"]) == (0, True)
    code, out, _ = _run("check", "--server", "1.4", "--json", '{"method":"limit","values":[5]}')
    assert json.loads(out)["status"] == 500
    assert "hint" in json.loads(out)
    code, out, _ = _run("check", "--server", "1.4", "--text", "limit 5")
    assert (code, out) == (0, "valid\n")
    code, _, err = _run("check", "--server", "1.8", "--profile", "postgresql", "limit(1)")
    assert code == 2
    assert "mariadb only" in err


def test_cli_compile_server() -> None:
    assert _run("compile", "--server", "1.4", "a = 1 and b < 2") == (
        0,
        'equal("a", [1])\nlessThan("b", [2])\n',
        "",
    )
    code, _, err = _run("compile", "--server", "1.4", "a = 1 or b < 2")
    assert code == 2
    assert "or needs Appwrite 1.5 or later" in err


# --------------------------------------------------------------------------------------------
# The registry


def test_registry_rows_match_the_reference_table() -> None:
    rows = {
        name: (
            line.tag,
            line.database,
            line.query_format,
            line.max_values,
            line.cursor_checked,
            line.find_error_type,
        )
        for name, line in LINES.items()
    }
    assert rows == {
        "1.4": ("1.4.14", "0.45.2", "legacy", 100, False, "general_argument_invalid"),
        "1.5": ("1.5.11", "0.52.1", "json", 100, False, "general_query_invalid"),
        "1.6": ("1.6.2", "0.66.0", "json", 500, True, "general_query_invalid"),
        "1.7": ("1.7.5", "0.69.5", "json", 500, True, "general_query_invalid"),
        "1.8": ("1.8.1", "3.5.0", "json", 500, True, "general_query_invalid"),
        "1.9": ("1.9.6", "6.0.0", "json", 500, True, "general_query_invalid"),
        "latest": ("main", "7.2.6", "json", 500, True, "general_query_invalid"),
    }


def test_lines_only_add_methods() -> None:
    for older, newer in itertools.pairwise(LINE_NAMES):
        assert LINES[older].methods <= LINES[newer].methods


def test_latest_knows_what_the_server_parser_knows() -> None:
    from querykit.appwrite.server import METHODS as SERVER_METHODS

    assert LINES["latest"].methods == SERVER_METHODS


def test_catalog_since_agrees_with_the_registry() -> None:
    for name, row in METHODS.items():
        line = first_line(name)
        if line is None:
            assert row.since == ("never" if name in NEVER_ACCEPTED else "-"), name
        elif line == "1.4":
            major, minor = (int(p) for p in row.since.split(".")[:2])
            assert (major, minor) <= (1, 4), name
        else:
            assert row.since == f"{line}.0", name
    assert METHODS["regex"].since == "never"


def test_get_line() -> None:
    assert get_line("1.9.6") is LINES["1.9"]
    assert get_line(LINES["1.5"]) is LINES["1.5"]
    for bad in ("2.0", "", "1.4.x", "latest.1"):
        with pytest.raises(qk.QueryError):
            get_line(bad)


def test_requires_reads_query_text_and_names_the_parameter_otherwise() -> None:
    assert qk.requires('tags contains any ["a"]') == "1.9"
    with pytest.raises(qk.QueryError):
        qk.requires("a = ")
    with pytest.raises(TypeError, match=r"^query must be"):
        qk.requires(5)  # type: ignore[arg-type]
