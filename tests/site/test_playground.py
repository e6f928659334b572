"""The playground as a person uses it: headless Chromium on the built site, served on 127.0.0.1."""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path
from typing import Any

import pytest

import querykit as qk
from querykit import appwrite, permissions

ROOT = Path(__file__).parents[2]
READY_SECONDS = 90


def _wait(driver: Any, condition: Any, seconds: float = 20) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds, poll_frequency=0.05).until(condition)


def _open(driver: Any, url: str) -> None:
    driver.get("about:blank")
    driver.get(url)
    status = _wait(
        driver,
        lambda d: (
            d.find_element("id", "status").get_attribute("data-ready") and d.find_element("id", "status")
        ),
        READY_SECONDS,
    )
    assert status.get_attribute("data-ready") == "true", status.text


def _type(driver: Any, element_id: str, text: str) -> None:
    box = driver.find_element("id", element_id)
    box.clear()
    box.send_keys(text)


def _text_of(driver: Any, element_id: str) -> str:
    return str(driver.find_element("id", element_id).get_property("textContent"))


def _shows(driver: Any, element_id: str, expected: str) -> None:
    try:
        _wait(driver, lambda d: _text_of(d, element_id) == expected)
    except Exception:
        assert _text_of(driver, element_id) == expected


SHARED = 'select title, author.* after "b1"'


@pytest.fixture(scope="module")
def playground(browser: Any, site_url: str) -> Any:
    """The playground, opened from a share link (``playground/#q=`` and the encoded query)."""
    browser.get_log("browser")  # start this page's console log empty
    _open(browser, site_url + "playground/#q=" + urllib.parse.quote(SHARED, safe=""))
    return browser


def test_share_link_opens_the_query_compiled(playground: Any) -> None:
    assert playground.find_element("id", "query").get_property("value") == SHARED
    _shows(playground, "query-json", "\n".join(qk.compile(SHARED)))
    href = playground.find_element("id", "share").get_attribute("href")
    assert urllib.parse.unquote(href.split("#q=", 1)[1]) == SHARED
    text = "a = 1 limit 2"
    _type(playground, "query", text)
    href = playground.find_element("id", "share").get_attribute("href")
    assert urllib.parse.unquote(href.split("#q=", 1)[1]) == text


def test_query_text_compiles_to_the_same_json_as_querykit(playground: Any) -> None:
    text = 'title starts with "Dune" and (year < 1970 or rating >= 4.5) order by year desc limit 3'
    _type(playground, "query", text)
    _shows(playground, "query-json", "\n".join(qk.compile(text)))
    assert playground.find_element("id", "query-error").get_attribute("hidden") is not None


def test_a_bad_query_shows_line_column_and_caret(playground: Any) -> None:
    text = 'status = "open"\nand priority >'
    _type(playground, "query", text)
    error = _wait(playground, lambda d: d.find_element("id", "query-error").get_attribute("data-line") and d)
    box = error.find_element("id", "query-error")
    with pytest.raises(qk.QueryError) as caught:
        qk.compile(text)
    expected = caught.value.with_source(text)
    assert (box.get_attribute("data-line"), box.get_attribute("data-column")) == (
        str(expected.line),
        str(expected.column),
    )
    assert expected.line == 2
    assert _text_of(playground, "query-error") == expected.render()
    assert _text_of(playground, "query-json") == ""


def test_json_round_trips_to_text(playground: Any) -> None:
    text = 'status in ["draft", "published"] and not (views < 10) limit 5'
    lines = qk.compile(text)
    _type(playground, "json", "\n".join(lines))
    _shows(playground, "json-text", qk.decompile(lines))
    assert qk.compile(_text_of(playground, "json-text")) == lines


def test_permissions_both_ways(playground: Any) -> None:
    text = "read: any; update, delete: user:abc/verified"
    _type(playground, "permissions", text)
    strings = permissions.compile(text)
    _shows(playground, "permission-strings-out", "\n".join(strings))
    _type(playground, "permission-strings", "\n".join(strings))
    _shows(playground, "permissions-text", permissions.decompile(strings))


def test_collection_schema_gives_the_server_verdict(playground: Any) -> None:
    schema = (ROOT / "tests" / "data" / "books.json").read_text(encoding="utf-8")
    playground.find_element("css selector", "#schema-panel summary").click()
    playground.execute_script(
        "const box = document.getElementById('schema'); box.value = arguments[0];"
        "box.dispatchEvent(new Event('input'));",
        schema,
    )
    text = 'summary ~ "dune" and nope = 1'
    _type(playground, "query", text)
    verdict = appwrite.check_list_documents(
        qk.compile(text), appwrite.Collection.from_api(json.loads(schema))
    )
    assert not verdict.valid
    _wait(playground, lambda d: verdict.message in _text_of(d, "verdict"))
    assert playground.find_element("id", "verdict").get_attribute("data-valid") == "false"
    diagnostics = qk.validate(qk.parse(text), schema=appwrite.Collection.from_api(json.loads(schema)))
    assert diagnostics
    assert _text_of(playground, "diagnostics") == "\n".join(d.render(text) for d in diagnostics)


def test_works_offline_and_sends_nothing(
    playground: Any, served: tuple[str, list[str]], tmp_path: Path
) -> None:
    site_url, requests = served
    before = len(requests)
    playground.execute_cdp_cmd("Network.enable", {})
    playground.execute_cdp_cmd(
        "Network.emulateNetworkConditions",
        {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    try:
        text = 'name = "John" and age between 18..30 order by age desc limit 10'
        _type(playground, "query", text)
        _shows(playground, "query-json", "\n".join(qk.compile(text)))
        _type(playground, "json", '{"method":"isNull","attribute":"b"}')
        _shows(playground, "json-text", "b is null")
    finally:
        playground.execute_cdp_cmd(
            "Network.emulateNetworkConditions",
            {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
        )
    assert requests[before:] == []
    origin = site_url.rstrip("/")
    loaded = playground.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert loaded
    assert [url for url in loaded if not url.startswith(origin + "/")] == []
    shot = tmp_path / "playground.png"
    assert playground.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000


def test_examples_fill_their_panel(playground: Any) -> None:
    from selenium.webdriver.support.ui import Select

    choose = Select(playground.find_element("id", "examples"))
    for option in choose.options[1:]:
        panel = option.get_attribute("data-panel")
        choose.select_by_visible_text(option.text)
        value = str(option.get_attribute("value"))
        if panel == "query":
            try:
                expected = "\n".join(qk.compile(value))
            except qk.QueryError as e:
                _shows(playground, "query-error", e.with_source(value).render())
                continue
            _shows(playground, "query-json", expected)
        elif panel == "json":
            _shows(playground, "json-text", qk.decompile(value))
        elif panel == "permissions":
            _shows(playground, "permission-strings-out", "\n".join(permissions.compile(value)))
        else:
            assert panel == "permission-strings"
            _shows(playground, "permissions-text", permissions.decompile(value.splitlines()))


def test_no_console_errors(playground: Any) -> None:
    errors = [e["message"] for e in playground.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
