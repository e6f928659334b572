"""The benchmark suite: check every pipeline on the corpus, time it, and write the report.

python -m benchmarks               # full run, writes benchmarks/RESULTS.md
python -m benchmarks --quick       # a few rounds (CI smoke run)
python -m benchmarks --profile compile
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from benchmarks.corpus import CORPUS, PERMISSIONS
from benchmarks.measure import (
    STARTUP_QUERY,
    FunctionCost,
    ImportCost,
    ScalingRow,
    Startup,
    import_costs,
    nesting,
    profile_thunks,
    scaling,
    startup,
    top_functions,
)
from benchmarks.pipelines import PIPELINES, Pipeline, Unavailable
from benchmarks.timing import Thunk, geomean, measure

__all__ = ["Options", "PipelineResult", "SuiteResult", "main", "render", "run_suite"]

HERE = Path(__file__).resolve().parent
DEFAULT_OUTPUT = HERE / "RESULTS.md"
ANALYSIS = HERE / "analysis.md"
SCALING_SIZES = (10, 100, 1_000, 10_000)
STARTUP_TARGET_MS = 40.0
STARTUP_TARGET_MB = 8.0
SCALING_TOLERANCE = 0.20
COMMAND = "python -m benchmarks"


@dataclass(frozen=True, slots=True)
class Options:
    """How hard to measure and where to write."""

    quick: bool = False
    output: Path = DEFAULT_OUTPUT
    rounds: int | None = None
    echo: Callable[[str], None] = print
    #: Report the fastest round instead of the median (for a machine busy with other work).
    best: bool = False

    @property
    def corpus_rounds(self) -> int:
        return self.rounds or (3 if self.quick else 15)

    @property
    def round_ns(self) -> int:
        return 300_000 if self.quick else 5_000_000

    @property
    def scaling_rounds(self) -> int:
        return min(self.corpus_rounds, 3 if self.quick else 7)

    @property
    def startup_runs(self) -> int:
        return 3 if self.quick else 41


@dataclass(frozen=True, slots=True)
class PipelineResult:
    """One pipeline's figures (empty when it is not available)."""

    pipeline: Pipeline
    available: bool
    reason: str = ""
    per_case_ns: tuple[float, ...] = ()
    #: Ratios to the pipeline's floor: for queries, one ``json.loads`` of the list as a JSON array.
    ratios: tuple[float, ...] = ()
    #: For queries, ratios to ``json.loads`` of each string on its own (empty otherwise).
    per_string_ratios: tuple[float, ...] = ()

    @property
    def ratio(self) -> float:
        return geomean(self.ratios)

    @property
    def per_string_ratio(self) -> float | None:
        return geomean(self.per_string_ratios) if self.per_string_ratios else None

    @property
    def met(self) -> bool | None:
        if not self.available or self.pipeline.target is None:
            return None
        return self.ratio <= self.pipeline.target


@dataclass(slots=True)
class SuiteResult:
    """Everything one run measured."""

    options: Options
    machine: dict[str, str]
    pipelines: list[PipelineResult]
    scaling: list[ScalingRow]
    nesting: list[ScalingRow]
    startup: Startup | None
    imports: list[ImportCost]
    profiles: dict[str, list[FunctionCost]] = field(default_factory=dict)

    def result(self, key: str) -> PipelineResult:
        return next(r for r in self.pipelines if r.pipeline.key == key)


# ----------------------------------------------------------------------------- running


def _machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    versions = []
    for dist in ("lark", "appwrite", "luqum", "sqlglot"):
        try:
            versions.append(f"{dist} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{dist} (not installed)")
    return {
        "CPU": f"{cpu} ({os.cpu_count()} logical cores)",
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "OS": f"{platform.system()} {platform.release()}",
        "Libraries": ", ".join(versions),
        "Date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "Load average (1 min) when the report was written": _load(),
    }


def _load() -> str:
    """Other work on the machine inflates every time alike; ratios suffer less than absolute figures."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "unknown"


def _setup(pipelines: Sequence[Pipeline]) -> tuple[dict[str, list[Thunk]], dict[str, str]]:
    """Check every pipeline's output (raising on a wrong one) and collect its callables."""
    thunks: dict[str, list[Thunk]] = {}
    missing: dict[str, str] = {}
    for p in pipelines:
        try:
            thunks[p.key] = p.setup()
        except Unavailable as e:
            missing[p.key] = str(e)
    return thunks, missing


def run_suite(options: Options) -> SuiteResult:
    """Check, time, and report; writes ``options.output`` and returns the figures."""
    echo = options.echo
    echo(
        f"checking {len(PIPELINES)} pipelines on {len(CORPUS)} queries and {len(PERMISSIONS)} permission sets"
    )
    thunks, missing = _setup(PIPELINES)
    for key, reason in missing.items():
        echo(f"  {key}: not available ({reason})")
    echo(
        f"timing: {options.corpus_rounds} rounds of about {options.round_ns / 1e6:g} ms"
        " per pipeline and query"
    )
    times = measure(thunks, options.corpus_rounds, options.round_ns, best=options.best)
    floors = {"queries": times["json.loads (list)"], "permissions": times["json.loads (permissions)"]}
    per_string = times["json.loads"]
    results = []
    for p in PIPELINES:
        if p.key not in times:
            results.append(PipelineResult(p, False, missing.get(p.key, "")))
            continue
        per_case = times[p.key]
        ratios = tuple(t / f for t, f in zip(per_case, floors[p.floor], strict=True))
        beside: tuple[float, ...] = ()
        if p.floor == "queries":
            beside = tuple(t / f for t, f in zip(per_case, per_string, strict=True))
        results.append(PipelineResult(p, True, "", tuple(per_case), ratios, beside))

    echo(f"scaling: {', '.join(str(n) for n in SCALING_SIZES)} terms, and nesting depth")
    scale_rows = scaling(SCALING_SIZES, options.scaling_rounds, options.round_ns, options.best)
    nest_rows = nesting(options.scaling_rounds, options.round_ns, options.best)
    echo(f"start-up: {options.startup_runs} fresh processes")
    try:
        started: Startup | None = startup(options.startup_runs, wheel=not options.quick)
    except Unavailable as e:
        echo(f"  start-up: not available ({e})")
        started = None
    suite = SuiteResult(options, _machine(), results, scale_rows, nest_rows, started, import_costs())
    if not options.quick:
        for r in results:
            if r.met is False:
                echo(f"profiling {r.pipeline.key} (misses its target)")
                try:
                    profiler = profile_thunks(thunks[r.pipeline.key], 2.0)
                except Unavailable as e:
                    echo(f"  not profiled: {e}")
                    continue
                suite.profiles[r.pipeline.key] = top_functions(profiler, 12)
    text = render(suite)
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(text, encoding="utf-8")
    echo("")
    echo(_summary(suite))
    echo(f"\nwrote {_display_path(options.output)}")
    return suite


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# ----------------------------------------------------------------------------- the report


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], align: str = "") -> str:
    align = align or "l" + "r" * (len(headers) - 1)
    marks = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(marks) + " |"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(lines)


def _x(ratio: float) -> str:
    return f"{ratio:.2f}x" if ratio < 10 else f"{ratio:.1f}x"


def _us(ns: float) -> str:
    return f"{ns / 1000:.2f}" if ns < 100_000 else f"{ns / 1000:,.0f}"


def _verdict(met: bool | None) -> str:
    return "n/a" if met is None else ("met" if met else "**not met**")


def _flatness(rows: Sequence[ScalingRow], attr: str) -> float:
    """Per-term cost at the largest size over the cost at the smallest."""
    first, last = rows[0], rows[-1]
    last_ns: float = getattr(last, attr)
    first_ns: float = getattr(first, attr)
    return (last_ns / last.size) / (first_ns / first.size)


def _targets(s: SuiteResult) -> str:
    rows: list[list[str]] = []
    for key, label in (
        ("compile", "text to JSON strings (`compile`)"),
        ("from_appwrite+validate", "JSON strings to AST with structural checks"),
        ("format", "AST to text (`format`)"),
        ("check_list_documents", "`check_list_documents`, realistic collection"),
        ("permissions.compile", "permission text to strings (`permissions.compile`)"),
    ):
        r = s.result(key)
        target = f"≤ {r.pipeline.target:g}x one json.loads of the list"
        if r.available:
            beside = r.per_string_ratio
            shown = _x(r.ratio) if beside is None else f"{_x(r.ratio)} ({_x(beside)} per string)"
            rows.append([label, target, shown, _verdict(r.met)])
        else:
            rows.append([label, target, "not available", "n/a"])
    if s.startup is not None:
        st = s.startup
        rows.append(
            [
                "import + first compile, fresh process: wall",
                f"≤ {STARTUP_TARGET_MS:g} ms above bare Python",
                f"{st.extra_wall_ms:.1f} ms",
                _verdict(st.extra_wall_ms <= STARTUP_TARGET_MS),
            ]
        )
        rows.append(
            [
                "import + first compile, fresh process: memory",
                f"≤ {STARTUP_TARGET_MB:g} MB peak RSS above bare Python",
                f"{st.extra_rss_mb:.1f} MB",
                _verdict(st.extra_rss_mb <= STARTUP_TARGET_MB),
            ]
        )
    for attr, label in (("compile_ns", "compile"), ("from_appwrite_ns", "from_appwrite")):
        flat = _flatness(s.scaling, attr)
        rows.append(
            [
                f"scaling, {label}: per-term cost {s.scaling[0].size:,} → {s.scaling[-1].size:,} terms",
                f"within {SCALING_TOLERANCE:.0%}",
                f"{flat:.2f}x ({flat - 1:+.0%})",
                _verdict(abs(flat - 1) <= SCALING_TOLERANCE),
            ]
        )
    return _table(["pipeline", "target", "measured", "verdict"], rows, "llrl")


def _pipelines(s: SuiteResult) -> str:
    rows = []
    for r in s.pipelines:
        p = r.pipeline
        target = "" if p.target is None else f"≤ {p.target:g}x"
        if not r.available:
            rows.append([p.key, p.description, "not available", "", "", "", target, ""])
            continue
        beside = r.per_string_ratio
        rows.append(
            [
                p.key,
                p.description,
                _x(r.ratio),
                "" if beside is None else _x(beside),
                f"{_x(min(r.ratios))} – {_x(max(r.ratios))}",
                _us(sorted(r.per_case_ns)[len(r.per_case_ns) // 2]),
                target,
                _verdict(r.met) if p.target is not None else "",
            ]
        )
    return _table(
        [
            "pipeline",
            "what",
            "vs one loads of the list",
            "vs loads per string",
            "range (list)",
            "median µs",
            "target",
            "verdict",
        ],
        rows,
        "llrrrrll",
    )


def _per_query(s: SuiteResult) -> str:
    keys = [
        "compile",
        "from_appwrite+validate",
        "check_list_documents",
        "format",
        "querykit builder",
        "SDK builder",
        "luqum parse",
        "sqlglot parse",
    ]
    shown = [s.result(k) for k in keys if s.result(k).available]
    floor = s.result("json.loads (list)")
    per_string = s.result("json.loads")
    rows = []
    for i, case in enumerate(CORPUS):
        rows.append(
            [case.name, str(len(case.text)), _us(floor.per_case_ns[i]), _us(per_string.per_case_ns[i])]
            + [_x(r.ratios[i]) for r in shown]
        )
    headers = ["query", "chars", "loads of the list µs", "loads per string µs"] + [
        r.pipeline.key for r in shown
    ]
    return _table(headers, rows)


def _permissions(s: SuiteResult) -> str:
    shown = [s.result(k) for k in ("permissions.compile", "permissions.decompile") if s.result(k).available]
    floor = s.result("json.loads (permissions)")
    if not shown:
        return "Not available in this run."
    rows = []
    for i, case in enumerate(PERMISSIONS):
        rows.append(
            [case.name, str(len(case.strings)), _us(floor.per_case_ns[i])]
            + [f"{_x(r.ratios[i])} ({_us(r.per_case_ns[i])} µs)" for r in shown]
        )
    return _table(["permission set", "strings", "json.loads µs"] + [r.pipeline.key for r in shown], rows)


def _series(rows: Sequence[ScalingRow], unit: str) -> str:
    out = []
    for row in rows:
        out.append(
            [
                f"{row.size:,}",
                f"{row.text_length:,}",
                _us(row.compile_ns),
                f"{row.compile_ns / row.size / 1000:.2f}",
                _x(row.compile_ns / row.loads_ns),
                _us(row.from_appwrite_ns),
                f"{row.from_appwrite_ns / row.size / 1000:.2f}",
                _x(row.from_appwrite_ns / row.loads_ns),
                f"{row.loads_ns / row.size / 1000:.2f}",
            ]
        )
    return _table(
        [
            unit,
            "chars",
            "compile µs",
            f"µs per {unit[:-1]}",
            "vs loads",
            "from_appwrite µs",
            f"µs per {unit[:-1]}",
            "vs loads",
            f"json.loads µs per {unit[:-1]}",
        ],
        out,
    )


def _startup(s: SuiteResult) -> str:
    st = s.startup
    if st is None:
        return "Not available in this run."
    rows = [
        ["process wall time, import querykit + compile one query", f"{st.wall_ms:.1f} ms"],
        ["process wall time, bare `python -c`", f"{st.bare_wall_ms:.1f} ms"],
        [f"**difference** (target ≤ {STARTUP_TARGET_MS:g} ms)", f"**{st.extra_wall_ms:.1f} ms**"],
        [
            "fastest run of each: querykit, bare, difference",
            f"{st.fastest_wall_ms:.1f} ms, {st.fastest_bare_wall_ms:.1f} ms, "
            f"{st.fastest_extra_wall_ms:.1f} ms",
        ],
        ["inside the child: `import querykit`", f"{st.import_ms:.1f} ms"],
        ["inside the child: first `compile` (loads the tables)", f"{st.first_compile_ms:.1f} ms"],
        ["peak RSS, querykit child", f"{st.peak_rss_mb:.1f} MB"],
        ["peak RSS, bare child", f"{st.bare_peak_rss_mb:.1f} MB"],
        [f"**difference** (target ≤ {STARTUP_TARGET_MB:g} MB)", f"**{st.extra_rss_mb:.1f} MB**"],
    ]
    text = (
        f"Median of {st.runs} fresh processes each (`{sys.implementation.name}` started the same way, "
        f"alternating); the query is `{STARTUP_QUERY}`. querykit is imported as a user meets it: "
        f"{st.install}, with its bytecode compiled ahead, outside the source tree.\n\n"
    )
    text += _table(["measure", "value"], rows)
    if s.imports:
        heavy = sorted(s.imports, key=lambda c: c.self_ms, reverse=True)[:12]
        text += (
            "\n\nSlowest modules to import (median of five `python -X importtime` runs of the"
            " installed copy, self time):\n\n"
        )
        text += _table(
            ["module", "self ms", "cumulative ms"],
            [[f"`{c.module}`", f"{c.self_ms:.1f}", f"{c.cumulative_ms:.1f}"] for c in heavy],
        )
    return text


def _profiles(s: SuiteResult) -> str:
    if not s.profiles:
        return "Skipped in quick mode (or every target met)." if s.options.quick else "Every target met."
    parts = []
    for key, costs in s.profiles.items():
        rows = [[f"`{c.function}`", f"`{c.where}`", f"{c.share:.1%}"] for c in costs]
        parts.append(
            f"**{key}** (top functions by self time, pyinstrument, all corpus queries in turn)\n\n"
            + _table(["function", "where", "self time"], rows, "llr")
        )
    return "\n\n".join(parts)


def render(s: SuiteResult) -> str:
    """The Markdown of ``benchmarks/RESULTS.md``."""
    o = s.options
    machine = "\n".join(f"- **{k}:** {v}" for k, v in s.machine.items())
    mode = "quick (smoke run; figures are rough)" if o.quick else "full"
    sections = [
        "# querykit benchmark results",
        f"Generated by `{COMMAND}{' --quick' if o.quick else ''}`; do not edit by hand "
        "(the analysis at the end is kept in `benchmarks/analysis.md`).",
        f"{machine}\n- **Mode:** {mode}: {o.corpus_rounds} rounds of about {o.round_ns / 1e6:g} ms "
        "per pipeline and query, interleaved, garbage collection on;"
        + (
            " every figure is the fastest round (`--best`, for a machine busy with other work)."
            if o.best
            else " every figure is a median over the rounds."
        ),
        "Every ratio is against `json.loads` of the same Appwrite JSON, measured in the same run. Two "
        "floors for queries, side by side: ONE `json.loads` of the query list as a JSON array (as a "
        "server receives a whole list; the targets use this one) and `json.loads` of each string on its "
        "own (per string). For permissions: one `json.loads` of the permission list as a JSON array. "
        f"Corpus: {len(CORPUS)} "
        f"queries against the `books` collection, {len(PERMISSIONS)} permission sets"
        " (`benchmarks/corpus.py`).",
        "## Targets",
        _targets(s),
        "## Pipelines",
        "Ratio: geometric mean over the corpus of (pipeline time / floor time), against one "
        "`json.loads` of the list (the targets) and against `json.loads` per string. "
        "Median µs: the median query's time per call.",
        _pipelines(s),
        "## Per query (ratio to one json.loads of the list)",
        _per_query(s),
        "## Permissions",
        _permissions(s),
        "## Scaling: terms joined by `and`",
        "Each term is one top-level Appwrite query; per-term cost should stay flat.",
        _series(s.scaling, "terms"),
        "## Scaling: nesting depth (up to `DEFAULT_LIMITS.max_depth`)",
        _series(s.nesting, "levels"),
        "## Start-up and memory",
        _startup(s),
        "## Where the time goes (generated)",
        _profiles(s),
    ]
    if ANALYSIS.is_file():
        sections.append(ANALYSIS.read_text(encoding="utf-8").strip())
    return "\n\n".join(sections) + "\n"


def _summary(s: SuiteResult) -> str:
    return "\n\n".join(
        ["Targets", _targets(s), "Pipelines", _pipelines(s), "Scaling (terms)", _series(s.scaling, "terms")]
    )


# ----------------------------------------------------------------------------- command line


def _profile_one(key: str, quick: bool) -> int:
    if key == "startup":
        costs = import_costs()
        print("slowest imports (self ms, cumulative ms):")
        for c in sorted(costs, key=lambda c: c.self_ms, reverse=True)[:20]:
            print(f"  {c.self_ms:8.1f} {c.cumulative_ms:8.1f}  {c.module}")
        return 0
    pipeline = next(p for p in PIPELINES if p.key == key)
    try:
        thunks = pipeline.setup()
    except Unavailable as e:
        print(f"{key}: not available ({e})", file=sys.stderr)
        return 1
    profiler = profile_thunks(thunks, 1.0 if quick else 3.0)
    print(profiler.output_text(unicode=True, color=False))
    print("top functions by self time:")
    for cost in top_functions(profiler, 20):
        print(f"  {cost.share:6.1%}  {cost.function}  ({cost.where})")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """The ``python -m benchmarks`` command."""
    parser = argparse.ArgumentParser(
        prog=COMMAND, description="querykit benchmarks: ratios against json.loads, measured in one run"
    )
    parser.add_argument("--quick", action="store_true", help="a few rounds only, for CI smoke runs")
    parser.add_argument("--rounds", type=int, help="rounds per figure (default 15, quick 3)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="where to write the results")
    parser.add_argument(
        "--best",
        action="store_true",
        help="report the fastest round instead of the median (steadier on a machine busy with other work)",
    )
    parser.add_argument(
        "--profile",
        metavar="PIPELINE",
        choices=[p.key for p in PIPELINES] + ["startup"],
        help="run pyinstrument over one pipeline (or `startup`: the import times)"
        " and print where the time goes",
    )
    args = parser.parse_args(argv)
    if args.profile:
        return _profile_one(args.profile, args.quick)
    run_suite(Options(quick=args.quick, output=args.output, rounds=args.rounds, best=args.best))
    return 0
