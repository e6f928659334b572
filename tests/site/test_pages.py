"""Every page of the built site loads in Chromium without a console error or a broken link."""

from __future__ import annotations

import html.parser
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

LINKS = """
return [...document.querySelectorAll('a[href], link[href], script[src], img[src]')]
  .map(e => [e.tagName.toLowerCase(), e.href || e.src])
"""


class _Ids(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)


def _pages(site_dir: Path) -> list[str]:
    return sorted(
        str(p.parent.relative_to(site_dir)).replace(".", "") + "/" if p.parent != site_dir else ""
        for p in site_dir.rglob("index.html")
    )


def _fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status), response.read()
    except urllib.error.HTTPError as e:
        return int(e.code), b""


def test_every_page_loads_without_console_errors_or_broken_links(
    browser: Any, site_dir: Path, site_url: str
) -> None:
    pages = [page.lstrip("/") for page in _pages(site_dir)]
    assert "" in pages and "playground/" in pages and "reference/querykit/" in pages
    checked: dict[str, tuple[int, set[str]]] = {}
    problems: list[str] = []
    for page in pages:
        # The playground's own tests wait for Pyodide and check its console; here, its HTML and links.
        browser.get(site_url + page)
        for entry in browser.get_log("browser"):
            if entry["level"] in ("SEVERE", "ERROR"):
                problems.append(f"{page}: console: {entry['message']}")
        for tag, link in browser.execute_script(LINKS):
            target, _, fragment = link.partition("#")
            if not target.startswith(site_url):
                # A hyperlink elsewhere is the reader's choice; a resource from elsewhere is not.
                if tag != "a" and target.startswith(("http:", "https:", "//")):
                    problems.append(f"{page}: loads {link} from outside the site")
                continue
            if target not in checked:
                status, body = _fetch(target)
                parser = _Ids()
                if target.endswith("/") or target.endswith(".html"):
                    parser.feed(body.decode("utf-8", "replace"))
                checked[target] = (status, parser.ids)
            status, ids = checked[target]
            if status != 200:
                problems.append(f"{page}: broken link ({status}): {link}")
            elif fragment and not fragment.startswith("q=") and urllib.parse.unquote(fragment) not in ids:
                problems.append(f"{page}: no anchor #{fragment} in {target}")
    assert problems == []
    assert len(checked) > len(pages)
