"""The measurements beyond the corpus: scaling with size and depth, start-up and memory in a
fresh process, and profiles that say where the time goes."""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from time import perf_counter_ns
from typing import Any

from benchmarks.corpus import chain_text, nested_text
from benchmarks.pipelines import CorrectnessError, Unavailable, loads_all
from benchmarks.timing import measure

__all__ = [
    "FunctionCost",
    "ImportCost",
    "Installed",
    "ScalingRow",
    "Startup",
    "import_costs",
    "nesting",
    "profile_thunks",
    "scaling",
    "startup",
    "top_functions",
]

ROOT = Path(__file__).resolve().parent.parent
STARTUP_QUERY = 'name = "John" and age between 18..30 order by age desc limit 10'


@dataclass(frozen=True, slots=True)
class ScalingRow:
    """One size (terms, or levels of nesting) with nanoseconds per call of each pipeline."""

    size: int
    text_length: int
    compile_ns: float
    from_appwrite_ns: float
    loads_ns: float


def _series(
    texts: Sequence[tuple[int, str]], rounds: int, round_ns: int, best: bool = False
) -> list[ScalingRow]:
    import querykit as qk

    thunks: dict[str, list[Callable[[], object]]] = {"compile": [], "from_appwrite": [], "loads": []}
    for _, text in texts:
        strings = qk.compile(text)
        if qk.to_appwrite(qk.from_appwrite(strings)) != strings:
            raise CorrectnessError(f"the JSON round trip changed a {len(text)}-character query")
        thunks["compile"].append(partial(qk.compile, text))
        thunks["from_appwrite"].append(partial(qk.from_appwrite, strings))
        thunks["loads"].append(partial(loads_all, strings))
    times = measure(thunks, rounds, round_ns, best=best)
    return [
        ScalingRow(size, len(text), times["compile"][i], times["from_appwrite"][i], times["loads"][i])
        for i, (size, text) in enumerate(texts)
    ]


def scaling(sizes: Sequence[int], rounds: int, round_ns: int, best: bool = False) -> list[ScalingRow]:
    """``n`` comparisons joined by ``and`` for each ``n`` in ``sizes``."""
    return _series([(n, chain_text(n)) for n in sizes], rounds, round_ns, best)


def nesting(rounds: int, round_ns: int, best: bool = False) -> list[ScalingRow]:
    """Brackets nested 1, 2, 4, ... levels deep, up to ``DEFAULT_LIMITS.max_depth``."""
    from querykit.limits import DEFAULT_LIMITS

    limit = DEFAULT_LIMITS.max_depth
    depths = sorted({*(1 << k for k in range(limit.bit_length()) if 1 << k <= limit), limit})
    return _series([(d, nested_text(d)) for d in depths], rounds, round_ns, best)


# ----------------------------------------------------------------------------- start-up


@dataclass(frozen=True, slots=True)
class Startup:
    """Medians over fresh processes; memory as the child's own peak RSS."""

    runs: int
    #: How querykit was installed for the children.
    install: str
    wall_ms: float
    bare_wall_ms: float
    import_ms: float
    first_compile_ms: float
    peak_rss_mb: float
    bare_peak_rss_mb: float
    #: The fastest run of each (steadier than the median when other work shares the machine).
    fastest_wall_ms: float = 0.0
    fastest_bare_wall_ms: float = 0.0

    @property
    def extra_wall_ms(self) -> float:
        return self.wall_ms - self.bare_wall_ms

    @property
    def fastest_extra_wall_ms(self) -> float:
        return self.fastest_wall_ms - self.fastest_bare_wall_ms

    @property
    def extra_rss_mb(self) -> float:
        return self.peak_rss_mb - self.bare_peak_rss_mb


# The child reports its own peak RSS. Linux carries the parent's RSS at fork time into the
# child's ru_maxrss (in either RUSAGE_SELF of the child or RUSAGE_CHILDREN of the parent), so a
# large parent would hide the difference; VmHWM in /proc/self/status belongs to the new program
# alone. ru_maxrss is the fallback where there is no /proc.
_CHILD = """
import resource, time
t0 = time.perf_counter_ns()
{body}
t2 = time.perf_counter_ns()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    with open("/proc/self/status") as f:
        peak = next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    pass
print(t1 - t0, t2 - t1, peak)
"""
_QUERYKIT_BODY = f"import querykit\nt1 = time.perf_counter_ns()\nquerykit.compile({STARTUP_QUERY!r})"
_BARE_BODY = "t1 = time.perf_counter_ns()"


class Installed:
    """querykit installed outside the source tree, its bytecode compiled, as a user has it.

    The wheel is built with ``pip wheel`` and installed with ``pip install --target``; where that
    is not possible (no network for the build backend, or a quick run), the package directory is
    copied, which is what the wheel holds. Use as a context manager; the directory is removed after.
    """

    def __init__(self, wheel: bool) -> None:
        self.wheel = wheel
        self.how = ""
        self.root = Path(tempfile.mkdtemp(prefix="querykit-startup-"))
        self.site = self.root / "site"

    def __enter__(self) -> Installed:
        if not (self.wheel and self._from_wheel()):
            shutil.rmtree(self.site, ignore_errors=True)
            shutil.copytree(ROOT / "querykit", self.site / "querykit")
            self.how = "the package directory copied as the wheel holds it"
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", str(self.site)], check=True, capture_output=True
        )
        return self

    def _from_wheel(self) -> bool:
        pip = [sys.executable, "-m", "pip"]
        dist = self.root / "dist"
        try:
            built = subprocess.run(
                [*pip, "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
                capture_output=True,
                check=False,
                timeout=300,
            )
        except subprocess.TimeoutExpired:
            return False
        wheels = sorted(dist.glob("*.whl"))
        if built.returncode != 0 or not wheels:
            return False
        done = subprocess.run(
            [*pip, "install", "--no-deps", "-q", "--target", str(self.site), str(wheels[0])],
            capture_output=True,
            check=False,
        )
        self.how = f"the wheel `{wheels[0].name}` installed with pip"
        return bool(done.returncode == 0)

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def env(self) -> dict[str, str]:
        """The children's environment: the installed copy first on the path, bytecode allowed."""
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}
        env["PYTHONPATH"] = str(self.site)
        return env


def _child(body: str, installed: Installed) -> tuple[float, float, float, float]:
    """Wall ms of the whole process, the child's import and compile ms, and its peak RSS in MB."""
    start = perf_counter_ns()
    done = subprocess.run(
        [sys.executable, "-c", _CHILD.format(body=body)],
        capture_output=True,
        text=True,
        cwd=installed.root,
        check=False,
        env=installed.env(),
    )
    wall = (perf_counter_ns() - start) / 1e6
    if done.returncode != 0:
        raise Unavailable(f"the start-up child failed: {done.stderr.strip()[-300:]}")
    import_ns, compile_ns, rss_kb = (int(x) for x in done.stdout.split())
    return wall, import_ns / 1e6, compile_ns / 1e6, rss_kb / 1024


def _check_installed(installed: Installed) -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import querykit; print(querykit.__file__)"],
        capture_output=True,
        text=True,
        cwd=installed.root,
        check=False,
        env=installed.env(),
    )
    if done.returncode != 0 or not done.stdout.strip().startswith(str(installed.site)):
        raise Unavailable(f"the installed copy is not the one imported: {done.stdout or done.stderr}")


def startup(runs: int, *, wheel: bool = True) -> Startup:
    """Fresh processes that import querykit (installed, bytecode compiled) and compile one query,
    against bare ``python -c`` in the same environment; medians over ``runs`` of each."""
    bare: list[tuple[float, float, float, float]] = []
    full: list[tuple[float, float, float, float]] = []
    with Installed(wheel) as installed:
        _check_installed(installed)
        _child(_QUERYKIT_BODY, installed)  # warm-up: the operating system's file cache
        for _ in range(runs):  # alternate, so both see the same machine state
            bare.append(_child(_BARE_BODY, installed))
            full.append(_child(_QUERYKIT_BODY, installed))
        how = installed.how

    def med(rows: list[tuple[float, float, float, float]], i: int) -> float:
        return statistics.median(r[i] for r in rows)

    return Startup(
        runs=runs,
        install=how,
        wall_ms=med(full, 0),
        bare_wall_ms=med(bare, 0),
        import_ms=med(full, 1),
        first_compile_ms=med(full, 2),
        peak_rss_mb=med(full, 3),
        bare_peak_rss_mb=med(bare, 3),
        fastest_wall_ms=min(r[0] for r in full),
        fastest_bare_wall_ms=min(r[0] for r in bare),
    )


@dataclass(frozen=True, slots=True)
class ImportCost:
    """One module from ``python -X importtime``."""

    module: str
    self_ms: float
    cumulative_ms: float


_IMPORTTIME = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def import_costs() -> list[ImportCost]:
    """Every module the start-up child imports, from one ``-X importtime`` run of the installed
    copy (bytecode compiled; the median of five runs for each module)."""
    with Installed(False) as installed:
        runs = [
            subprocess.run(
                [
                    sys.executable,
                    "-X",
                    "importtime",
                    "-c",
                    _QUERYKIT_BODY.replace("t1 = time.perf_counter_ns()\n", ""),
                ],
                capture_output=True,
                text=True,
                cwd=installed.root,
                check=False,
                env=installed.env(),
            )
            for _ in range(5)
        ]
    seen: dict[str, list[tuple[float, float]]] = {}
    for done in runs:
        for line in done.stderr.splitlines():
            m = _IMPORTTIME.match(line)
            if m:
                seen.setdefault(m.group(4), []).append((int(m.group(1)) / 1000, int(m.group(2)) / 1000))
    return [
        ImportCost(module, statistics.median(a for a, _ in t), statistics.median(b for _, b in t))
        for module, t in seen.items()
    ]


# ----------------------------------------------------------------------------- profiles


@dataclass(frozen=True, slots=True)
class FunctionCost:
    """Self time of one function in a profile."""

    function: str
    where: str
    self_s: float
    share: float


def profile_thunks(thunks: Sequence[Callable[[], object]], seconds: float) -> Any:
    """Run ``thunks`` round-robin for about ``seconds`` under pyinstrument; the Profiler."""
    try:
        from pyinstrument import Profiler
    except ImportError as e:
        raise Unavailable(f"pyinstrument is not installed ({e})") from None
    profiler = Profiler(interval=0.0002)
    deadline = perf_counter_ns() + int(seconds * 1e9)
    profiler.start()
    while perf_counter_ns() < deadline:
        for fn in thunks:
            fn()
    profiler.stop()
    return profiler


def _where(path: str | None, line: int | None) -> str:
    if not path:
        return "<built-in>"
    text = path.replace(os.sep, "/")
    for marker in ("site-packages/", "/lib/python"):
        if marker in text:
            text = text.split(marker, 1)[1]
            if marker == "/lib/python":
                text = "stdlib/" + text.split("/", 1)[-1]
            break
    else:
        root = str(ROOT).replace(os.sep, "/") + "/"
        text = text[len(root) :] if text.startswith(root) else Path(text).name
    return f"{text}:{line}" if line else text


def top_functions(profiler: Any, count: int) -> list[FunctionCost]:
    """The ``count`` functions with the most self time, summed over every call path."""
    root = profiler.last_session.root_frame()
    totals: dict[tuple[str, str], float] = {}
    stack = [root]
    while stack:
        frame = stack.pop()
        children = list(frame.children)
        stack.extend(children)
        if frame.is_synthetic:
            continue
        own = frame.time - sum(c.time for c in children if not c.is_synthetic)
        name = f"{frame.class_name}.{frame.function}" if frame.class_name else frame.function
        key = (name, _where(frame.file_path, frame.line_no))
        totals[key] = totals.get(key, 0.0) + own
    whole = root.time or 1.0
    ranked = sorted(totals.items(), key=lambda kv: kv[1], reverse=True)[:count]
    return [FunctionCost(fn, where, s, s / whole) for (fn, where), s in ranked]
