"""MkDocs hook: build the playground's assets beside ``site/playground/index.html``.

After MkDocs writes the site, this copies the Pyodide runtime from the npm package ``pyodide``
(installed with ``npm ci`` from the committed ``package-lock.json`` when missing), builds
querykit's own wheel from the working tree and fetches the lark wheel matching the installed
lark. The page loads all of them from its own folder: nothing is fetched from elsewhere at
run time.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

RUNTIME = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")


def _run(command: list[str], cwd: Path) -> None:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise PluginError(f"playground: {' '.join(command)} failed:\n{done.stdout}{done.stderr}")


def _pinned_pyodide(root: Path) -> str:
    lock = json.loads((root / "package-lock.json").read_text(encoding="utf-8"))
    return str(lock["packages"]["node_modules/pyodide"]["version"])


def install_runtime(root: Path) -> Path:
    """The folder of the npm package ``pyodide`` at the version the lock file pins."""
    package = root / "node_modules" / "pyodide"
    wanted = _pinned_pyodide(root)
    manifest = package / "package.json"
    have = json.loads(manifest.read_text(encoding="utf-8"))["version"] if manifest.is_file() else None
    if have != wanted:
        npm = shutil.which("npm")
        if npm is None:
            raise PluginError("playground: npm is needed to install the pyodide package (see package.json)")
        _run([npm, "ci", "--no-audit", "--no-fund"], root)
    missing = [name for name in RUNTIME if not (package / name).is_file()]
    if missing:
        raise PluginError(f"playground: the pyodide package lacks {', '.join(missing)}")
    return package


def build_wheels(root: Path, out: Path) -> list[str]:
    """querykit's wheel built from ``root`` and lark's wheel, written to ``out``; their names."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        # The docs extra installs the build backend, so the wheel builds without a fresh isolated env.
        wheel = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation"]
        _run([*wheel, "-w", tmp, str(root)], root)
        lark = f"lark=={metadata.version('lark')}"
        _run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--only-binary=:all:",
                "-d",
                tmp,
                lark,
            ],
            root,
        )
        names = sorted(p.name for p in Path(tmp).glob("*.whl"))
        for name in names:
            shutil.copyfile(Path(tmp) / name, out / name)
    if len(names) != 2:
        raise PluginError(f"playground: expected querykit's and lark's wheels, got {names}")
    return names


def build_playground(root: Path, target: Path) -> None:
    """Everything ``target`` (the playground page's folder) needs beside its ``index.html``."""
    package = install_runtime(root)
    runtime = target / "pyodide"
    runtime.mkdir(parents=True, exist_ok=True)
    for name in RUNTIME:
        shutil.copyfile(package / name, runtime / name)
    wheels = build_wheels(root, target / "wheels")
    (target / "wheels.json").write_text(json.dumps(wheels) + "\n", encoding="utf-8")


def on_post_build(config: Any, **kwargs: Any) -> None:
    """MkDocs event: build the playground once the pages are written."""
    root = Path(config["config_file_path"]).parent
    target = Path(config["site_dir"]) / "playground"
    if not (target / "index.html").is_file():
        raise PluginError("playground: the site has no playground page (docs/playground.md)")
    build_playground(root, target)
