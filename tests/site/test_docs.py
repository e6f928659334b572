"""The site's own pages and build pieces, without a browser.

docs/index.md runs as a doctest; every page under docs/ is in the mkdocs.yml nav; the API
reference pages (reference/querykit.md, reference/ast.md, reference/errors.md,
reference/permissions.md, reference/appwrite.md) document stable public modules; the examples on
playground.md and the playground's Python glue give querykit's own answers.
"""

from __future__ import annotations

import doctest
import html
import http.server
import importlib
import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType

import pytest

import querykit as qk
from querykit import appwrite, permissions

ROOT = Path(__file__).parents[2]
DOCS = ROOT / "docs"
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
STABLE = {"querykit", "querykit.ast", "querykit.errors", "querykit.permissions", "querykit.appwrite"}


def test_home_page_examples_run() -> None:
    result = doctest.testfile(str(DOCS / "index.md"), module_relative=False, optionflags=FLAGS)
    assert result.attempted > 0 and result.failed == 0


def _nav() -> list[str]:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    section = text.split("\nnav:\n", 1)[1].split("\n\n", 1)[0]
    return re.findall(r"^\s+- (?:[^:\n]+: )?(\S+\.md)$", section, flags=re.M)


def test_every_page_is_in_the_nav_once() -> None:
    nav = _nav()
    pages = sorted(str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md"))
    assert len(nav) == len(set(nav))
    assert sorted(nav) == pages, "add each new docs page to the nav in mkdocs.yml (one line)"


def test_reference_pages_document_stable_modules() -> None:
    documented = set()
    for page in sorted((DOCS / "reference").glob("*.md")):
        names = re.findall(r"^::: (\S+)$", page.read_text(encoding="utf-8"), flags=re.M)
        assert names, page.name
        documented.update(names)
    assert documented == STABLE
    for name in documented:
        assert importlib.import_module(name).__doc__


def _examples() -> list[tuple[str, str]]:
    text = (DOCS / "playground.md").read_text(encoding="utf-8")
    found = re.findall(r"<option data-panel=\"([\w-]+)\" value='([^']*)'", text)
    return [(panel, html.unescape(value)) for panel, value in found]


def test_playground_examples_give_querykit_answers() -> None:
    examples = _examples()
    assert {panel for panel, _ in examples} == {"query", "json", "permissions", "permission-strings"}
    errors = 0
    for panel, value in examples:
        if panel == "query":
            try:
                assert qk.compile(value)
            except qk.QueryError:
                errors += 1
        elif panel == "json":
            assert qk.compile(qk.decompile(value)) == [value]
        elif panel == "permissions":
            assert permissions.compile(value)
        else:
            assert permissions.compile(permissions.decompile(value.splitlines())) == value.splitlines()
    assert errors == 1  # exactly one example shows an error


@pytest.fixture(scope="module")
def glue() -> ModuleType:
    spec = importlib.util.spec_from_file_location("playground_glue", DOCS / "playground" / "glue.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_glue_compiles_as_querykit(glue: ModuleType) -> None:
    text = "a = 1 and b in [1, 2] order by c limit 3"
    assert json.loads(glue.compile_query(text)) == {"ok": True, "lines": qk.compile(text)}
    lines = "\n".join(qk.compile(text))
    assert json.loads(glue.decompile_queries(lines)) == {"ok": True, "text": qk.decompile(qk.compile(text))}
    array = json.dumps(qk.compile(text))
    assert json.loads(glue.decompile_queries(array))["text"] == qk.decompile(qk.compile(text))


def test_glue_errors_carry_line_column_and_caret(glue: ModuleType) -> None:
    text = "a = 1\nand b >"
    answer = json.loads(glue.compile_query(text))
    with pytest.raises(qk.QueryError) as caught:
        qk.compile(text)
    error = caught.value.with_source(text)
    assert error.column is not None
    assert answer == {
        "ok": False,
        "error": {"message": error.message, "line": 2, "column": error.column, "rendered": error.render()},
    }
    assert answer["error"]["rendered"].splitlines()[1:] == ["and b >", " " * (error.column - 1) + "^"]
    bad_json = json.loads(glue.decompile_queries('{"method":"li'))
    assert bad_json["ok"] is False and bad_json["error"]["message"]


def test_glue_checks_against_a_collection(glue: ModuleType) -> None:
    schema = (ROOT / "tests" / "data" / "books.json").read_text(encoding="utf-8")
    collection = appwrite.Collection.from_api(json.loads(schema))
    for text in ('title ~ "dune" limit 2', 'summary ~ "dune" and nope = 1'):
        answer = json.loads(glue.compile_query(text, schema))
        verdict = appwrite.check_list_documents(qk.compile(text), collection)
        assert answer["verdict"] == {
            "valid": verdict.valid,
            "status": verdict.status,
            "type": verdict.type,
            "message": verdict.message,
        }
        assert answer["diagnostics"] == [
            d.render(text) for d in qk.validate(qk.parse(text), schema=collection)
        ]
    assert json.loads(glue.compile_query("a = 1", "{not json"))["ok"] is False
    assert json.loads(glue.compile_query("a = 1", '{"attributes": 3}'))["ok"] is False


def test_glue_permissions_both_ways(glue: ModuleType) -> None:
    text = "read: any; update, delete: team:admins/owner"
    strings = permissions.compile(text)
    assert json.loads(glue.compile_permissions(text)) == {"ok": True, "lines": strings}
    assert json.loads(glue.decompile_permissions("\n".join(strings))) == {
        "ok": True,
        "text": permissions.decompile(strings),
    }
    answer = json.loads(glue.compile_permissions("read: nobody"))
    assert answer["ok"] is False and (answer["error"]["line"], answer["error"]["column"]) == (1, 7)


def test_plain_http_server_serves_the_runtime_types() -> None:
    handler = http.server.SimpleHTTPRequestHandler
    assert handler.guess_type(handler, "pyodide.mjs") == "text/javascript"  # type: ignore[arg-type]
    assert handler.guess_type(handler, "pyodide.asm.wasm") == "application/wasm"  # type: ignore[arg-type]


def test_docstrings_render_as_markdown() -> None:
    if importlib.util.find_spec("griffe") is None:
        pytest.skip('the docs tools are not installed (pip install -e ".[docs]")')
    from site_hooks import docstrings

    result = doctest.testmod(docstrings, optionflags=FLAGS)
    assert result.attempted > 0 and result.failed == 0
    text = docstrings.markdown_docstring(qk.errors.__doc__ or "")
    assert "```pycon\n>>> import querykit as qk\n" in text


def test_reference_pages_show_examples_as_code(site_dir: Path) -> None:
    for name in ("querykit", "ast", "errors", "permissions", "appwrite"):
        page = (site_dir / "reference" / name / "index.html").read_text(encoding="utf-8")
        assert 'class="doc doc-object' in page, name
        assert ":func:" not in page and ":class:" not in page, name
        assert "&gt;&gt;&gt;" in page and "<blockquote>" not in page, name
