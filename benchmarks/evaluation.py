"""The evaluation benchmarks: compiled matchers against hand-written lambdas, and ``run`` as the
number of documents grows.

    python -m benchmarks.evaluation              # writes benchmarks/RESULTS-evaluation.md
    python -m benchmarks.evaluation --quick      # short rounds, small collections

1. **Matchers.** Ten realistic filters over the recorded collection (``tests/data/db-documents.json``),
   each compiled once with ``querykit.matcher`` (PostgreSQL profile) and written by hand as the
   Python lambda a programmer would write for the same predicate (NULL handling included). Both
   are first checked to agree on all 300 documents; then each is timed over the 300 documents,
   in interleaved rounds. Target: the compiled matcher within 3x of the lambda.
2. **Scaling.** ``querykit.run`` of a filter, an order and a page over 10,000 to 1,000,000
   documents (the recorded ones repeated with new ids). Target: the time per document stays
   within 20 %.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.timing import calibrate, geomean, time_once

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "data" / "db-documents.json"
OUTPUT = Path(__file__).resolve().parent / "RESULTS-evaluation.md"
MATCHER_TARGET = 3.0
SCALING_TARGET = 0.20

Doc = dict[str, Any]

#: (querykit text, the hand-written lambda of the same predicate)
FILTERS: tuple[tuple[str, Callable[[Doc], object]], ...] = (
    ("age > 18", lambda d: (v := d.get("age")) is not None and v > 18),
    ('status = "active"', lambda d: d.get("status") == "active"),
    ('name starts with "jo"', lambda d: (v := d.get("name")) is not None and v.lower().startswith("jo")),
    ("age between 18..30", lambda d: (v := d.get("age")) is not None and 18 <= v <= 30),
    ('tags contains "red"', lambda d: (v := d.get("tags")) is not None and "red" in v),
    ("active = true", lambda d: d.get("active") is True),
    ("score >= 1.5", lambda d: (v := d.get("score")) is not None and v >= 1.5),
    (
        'status in ["pending", "archived", "active"]',
        lambda d: d.get("status") in ("pending", "archived", "active"),
    ),
    (
        'age > 18 and status = "active"',
        lambda d: (v := d.get("age")) is not None and v > 18 and d.get("status") == "active",
    ),
    (
        "age < 18 or name is null",
        lambda d: ((v := d.get("age")) is not None and v < 18) or d.get("name") is None,
    ),
)
SCALING_QUERY = "age >= 18 order by status desc limit 25"


@dataclass(frozen=True, slots=True)
class MatcherRow:
    text: str
    matcher_ns: float
    lambda_ns: float
    #: fastest matcher round / fastest lambda round
    ratio: float


@dataclass(frozen=True, slots=True)
class ScalingRow:
    size: int
    seconds: float

    @property
    def per_document_ns(self) -> float:
        return self.seconds / self.size * 1e9


def load() -> tuple[Any, list[Doc]]:
    """The recorded collection and its documents as PostgreSQL stored them."""
    from querykit.appwrite import Collection

    seed = json.loads(SEED.read_text(encoding="utf-8"))
    documents: list[Doc] = []
    for stored, given in zip(seed["stored"]["postgresql"], seed["documents"], strict=True):
        doc = dict(stored)
        if given.get("tags") is None:
            doc["tags"] = None
        documents.append(doc)
    return Collection.from_api(seed["collection"]), documents


def check_matchers(schema: Any, documents: Sequence[Doc]) -> list[Callable[[Doc], bool]]:
    """The compiled matchers, after checking each agrees with its lambda on every document."""
    import querykit as qk

    compiled = []
    for text, by_hand in FILTERS:
        m = qk.matcher(text, schema=schema)
        got = [m(d) for d in documents]
        want = [bool(by_hand(d)) for d in documents]
        if got != want:
            raise AssertionError(f"{text}: the matcher and the lambda disagree")
        compiled.append(m)
    return compiled


def time_matchers(rounds: int, round_ns: int) -> list[MatcherRow]:
    """Each matcher and its lambda timed back to back in every round. A figure is the fastest
    round (on a shared machine, other processes only ever add time), and the ratio is taken
    between the fastest rounds."""
    schema, documents = load()
    compiled = check_matchers(schema, documents)

    def over(fn: Callable[[Doc], object]) -> Callable[[], object]:
        return lambda: [fn(d) for d in documents]

    pairs = [(over(m), over(fn)) for m, (_, fn) in zip(compiled, FILTERS, strict=True)]
    loops = [(calibrate(a, round_ns), calibrate(b, round_ns)) for a, b in pairs]
    samples: list[list[tuple[float, float]]] = [[] for _ in pairs]
    gc.enable()
    for _ in range(rounds):
        for i, ((a, b), (la, lb)) in enumerate(zip(pairs, loops, strict=True)):
            samples[i].append((time_once(a, la) / la, time_once(b, lb) / lb))
    n = len(documents)
    rows = []
    for (text, _), timed in zip(FILTERS, samples, strict=True):
        rows.append(
            MatcherRow(
                text,
                min(t for t, _ in timed) / n,
                min(t for _, t in timed) / n,
                min(t for t, _ in timed) / min(t for _, t in timed),
            )
        )
    return rows


def documents_of_size(documents: Sequence[Doc], size: int) -> list[Doc]:
    """``size`` documents: the recorded ones repeated with new ids and sequence numbers."""
    out = []
    keys = ("name", "age", "status", "score")
    for i in range(size):
        base = documents[i % len(documents)]
        doc = {k: base.get(k) for k in keys}
        doc["$id"] = f"d{i}"
        doc["$sequence"] = i + 1
        out.append(doc)
    return out


def time_scaling(sizes: Sequence[int], repeats: int) -> list[ScalingRow]:
    import querykit as qk

    schema, documents = load()
    qk.run(SCALING_QUERY, documents, schema=schema)  # first use loads the tables
    rows = []
    for size in sizes:
        docs = documents_of_size(documents, size)
        best = float("inf")
        for _ in range(repeats):
            start = time.perf_counter()
            qk.run(SCALING_QUERY, docs, schema=schema)
            best = min(best, time.perf_counter() - start)
        rows.append(ScalingRow(size, best))
        del docs
    return rows


def render(matchers: Sequence[MatcherRow], scaling: Sequence[ScalingRow], quick: bool) -> str:
    worst = max(r.ratio for r in matchers)
    mean = geomean([r.ratio for r in matchers])
    per_doc = [r.per_document_ns for r in scaling]
    spread = max(per_doc) / min(per_doc) - 1 if per_doc else 0.0
    lines = [
        "# querykit evaluation benchmarks",
        "",
        "Generated by `python -m benchmarks.evaluation`; do not edit by hand.",
        "",
        f"- **Python:** {platform.python_implementation()} {platform.python_version()}",
        f"- **Date:** {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        f"- **Mode:** {'quick' if quick else 'full'}",
        f"- **Load average (1 min) when the report was written:** {os.getloadavg()[0]:.2f} "
        "(on a loaded machine the ratios move; rerun on a quiet one)",
        "",
        "## Targets",
        "",
        "| what | target | measured | verdict |",
        "| --- | --- | ---: | --- |",
        f"| compiled matcher / hand-written lambda, worst of 10 filters | ≤ {MATCHER_TARGET:g}x "
        f"| {worst:.2f}x | {'met' if worst <= MATCHER_TARGET else '**not met**'} |",
        f"| compiled matcher / hand-written lambda, geometric mean | ≤ {MATCHER_TARGET:g}x | {mean:.2f}x | "
        f"{'met' if mean <= MATCHER_TARGET else '**not met**'} |",
        f"| `run` time per document, {scaling[0].size:,} to {scaling[-1].size:,} documents | within 20 % | "
        f"{spread * 100:+.0f} % | {'met' if spread <= SCALING_TARGET else '**not met**'} |",
        "",
        "## Matchers (per document, over the 300 recorded documents, PostgreSQL profile)",
        "",
        "| filter | matcher ns | lambda ns | ratio |",
        "| --- | ---: | ---: | ---: |",
        *(f"| `{r.text}` | {r.matcher_ns:.0f} | {r.lambda_ns:.0f} | {r.ratio:.2f}x |" for r in matchers),
        "",
        f"## Scaling: `{SCALING_QUERY}`",
        "",
        "| documents | seconds | ns per document |",
        "| ---: | ---: | ---: |",
        *(f"| {r.size:,} | {r.seconds:.3f} | {r.per_document_ns:.0f} |" for r in scaling),
        "",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.evaluation", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="short rounds and small collections")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    if args.quick:
        matchers = time_matchers(rounds=3, round_ns=1_000_000)
        scaling = time_scaling((1_000, 10_000), repeats=1)
    else:
        matchers = time_matchers(rounds=15, round_ns=5_000_000)
        scaling = time_scaling((10_000, 100_000, 1_000_000), repeats=3)
    text = render(matchers, scaling, args.quick)
    args.output.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
