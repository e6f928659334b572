"""The measurements beyond the corpus: scaling with size and depth, start-up and memory in a
fresh process, and profiles that say where the time goes."""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
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


def _series(texts: Sequence[tuple[int, str]], rounds: int, round_ns: int) -> list[ScalingRow]:
    import querykit as qk

    thunks: dict[str, list[Callable[[], object]]] = {"compile": [], "from_appwrite": [], "loads": []}
    for _, text in texts:
        strings = qk.compile(text)
        if qk.to_appwrite(qk.from_appwrite(strings)) != strings:
            raise CorrectnessError(f"the JSON round trip changed a {len(text)}-character query")
        thunks["compile"].append(partial(qk.compile, text))
        thunks["from_appwrite"].append(partial(qk.from_appwrite, strings))
        thunks["loads"].append(partial(loads_all, strings))
    times = measure(thunks, rounds, round_ns)
    return [
        ScalingRow(size, len(text), times["compile"][i], times["from_appwrite"][i], times["loads"][i])
        for i, (size, text) in enumerate(texts)
    ]


def scaling(sizes: Sequence[int], rounds: int, round_ns: int) -> list[ScalingRow]:
    """``n`` comparisons joined by ``and`` for each ``n`` in ``sizes``."""
    return _series([(n, chain_text(n)) for n in sizes], rounds, round_ns)


def nesting(rounds: int, round_ns: int) -> list[ScalingRow]:
    """Brackets nested 1, 2, 4, ... levels deep, up to ``DEFAULT_LIMITS.max_depth``."""
    from querykit.limits import DEFAULT_LIMITS

    limit = DEFAULT_LIMITS.max_depth
    depths = sorted({*(1 << k for k in range(limit.bit_length()) if 1 << k <= limit), limit})
    return _series([(d, nested_text(d)) for d in depths], rounds, round_ns)


# ----------------------------------------------------------------------------- start-up


@dataclass(frozen=True, slots=True)
class Startup:
    """Medians over fresh processes; memory as the child's own peak RSS."""

    runs: int
    wall_ms: float
    bare_wall_ms: float
    import_ms: float
    first_compile_ms: float
    peak_rss_mb: float
    bare_peak_rss_mb: float

    @property
    def extra_wall_ms(self) -> float:
        return self.wall_ms - self.bare_wall_ms

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


def _child(body: str) -> tuple[float, float, float, float]:
    """Wall ms of the whole process, the child's import and compile ms, and its peak RSS in MB."""
    # Bytecode caches are allowed, as in any installed package (a warm-up run writes them).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    start = perf_counter_ns()
    done = subprocess.run(
        [sys.executable, "-c", _CHILD.format(body=body)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        env=env,
    )
    wall = (perf_counter_ns() - start) / 1e6
    if done.returncode != 0:
        raise Unavailable(f"the start-up child failed: {done.stderr.strip()[-300:]}")
    import_ns, compile_ns, rss_kb = (int(x) for x in done.stdout.split())
    return wall, import_ns / 1e6, compile_ns / 1e6, rss_kb / 1024


def startup(runs: int) -> Startup:
    """Fresh processes that import querykit and compile one query, against bare ``python -c``."""
    bare: list[tuple[float, float, float, float]] = []
    full: list[tuple[float, float, float, float]] = []
    _child(_QUERYKIT_BODY)  # warm-up: writes the bytecode caches
    for _ in range(runs):  # alternate, so both see the same machine state
        bare.append(_child(_BARE_BODY))
        full.append(_child(_QUERYKIT_BODY))

    def med(rows: list[tuple[float, float, float, float]], i: int) -> float:
        return statistics.median(r[i] for r in rows)

    return Startup(
        runs=runs,
        wall_ms=med(full, 0),
        bare_wall_ms=med(bare, 0),
        import_ms=med(full, 1),
        first_compile_ms=med(full, 2),
        peak_rss_mb=med(full, 3),
        bare_peak_rss_mb=med(bare, 3),
    )


@dataclass(frozen=True, slots=True)
class ImportCost:
    """One module from ``python -X importtime``."""

    module: str
    self_ms: float
    cumulative_ms: float


_IMPORTTIME = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def import_costs() -> list[ImportCost]:
    """Every module the start-up child imports, from one ``-X importtime`` run."""
    done = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-c",
            _QUERYKIT_BODY.replace("t1 = time.perf_counter_ns()\n", ""),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    costs = []
    for line in done.stderr.splitlines():
        m = _IMPORTTIME.match(line)
        if m:
            costs.append(ImportCost(m.group(4), int(m.group(1)) / 1000, int(m.group(2)) / 1000))
    return costs


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
