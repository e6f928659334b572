"""The documentation site, built once per session, served on 127.0.0.1, and a headless Chromium.

Where the docs tools (``pip install -e ".[docs]"``), npm, Chromium or ChromeDriver are missing the
tests that need them are skipped with the reason; with ``QUERYKIT_REQUIRE_BROWSER=1`` (as CI sets
it) they fail instead, so a CI machine cannot pass them by skipping.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).parents[2]


def unavailable(reason: str) -> None:
    """Skip with ``reason``, or fail where CI requires the browser tests to run."""
    if os.environ.get("QUERYKIT_REQUIRE_BROWSER") == "1":
        pytest.fail(f"required but unavailable: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built by ``mkdocs build --strict`` (playground assets included)."""
    if importlib.util.find_spec("mkdocs") is None:
        unavailable('the docs tools are not installed (pip install -e ".[docs]")')
    if shutil.which("npm") is None and not (ROOT / "node_modules" / "pyodide").is_dir():
        unavailable("npm is not installed (the playground's Pyodide comes from the npm registry)")
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, f"mkdocs build --strict failed:\n{done.stdout}{done.stderr}"
    return out


class Handler(http.server.SimpleHTTPRequestHandler):
    """``python -m http.server``'s handler, quiet, counting the requests it serves."""

    requests: list[str]

    def log_message(self, format: str, *args: Any) -> None:
        self.requests.append(self.path)


@pytest.fixture(scope="session")
def served(site_dir: Path) -> Iterator[tuple[str, list[str]]]:
    """The site's base URL on 127.0.0.1 and the list of paths requested so far."""
    requests: list[str] = []
    handler = type("SiteHandler", (Handler,), {"requests": requests})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site_dir))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", requests
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(served: tuple[str, list[str]]) -> str:
    return served[0]


def _browser_paths() -> tuple[str, str]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    driver = shutil.which("chromedriver")
    if chromium is None or driver is None:
        unavailable("Chromium and ChromeDriver are not installed (apt-get install chromium chromium-driver)")
    assert chromium is not None and driver is not None
    return chromium, driver


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A headless Chromium driven by selenium, with the browser console log kept."""
    if importlib.util.find_spec("selenium") is None:
        unavailable('selenium is not installed (pip install -e ".[test]")')
    chromium, driver_path = _browser_paths()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,1600",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    os.environ.setdefault("SE_OFFLINE", "true")
    try:
        driver = webdriver.Chrome(options=options, service=Service(executable_path=driver_path))
    except Exception as e:  # the browser is installed but cannot start here
        unavailable(f"Chromium did not start: {e}")
        raise
    try:
        yield driver
    finally:
        driver.quit()
