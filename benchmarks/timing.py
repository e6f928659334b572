"""Timing: medians over interleaved rounds, garbage collection on.

Each callable is first calibrated: the loop count grows until one round takes at least
``round_ns``. Then every round times every callable once, in turn, so slow drift of the machine
(frequency scaling, a neighbour's load) spreads over all callables alike instead of landing on one.
A figure is the median over the rounds of (round time / loop count), or with ``best=True`` the
fastest round (on a machine busy with other work, where a round is often interrupted, the fastest
round is the steadier figure). The loop itself costs the
same for every callable (a ``for`` over ``range`` and one call), and is not subtracted.
"""

from __future__ import annotations

import gc
import math
import statistics
from collections.abc import Callable, Mapping, Sequence
from time import perf_counter_ns

__all__ = ["calibrate", "geomean", "measure", "time_once"]

Thunk = Callable[[], object]


def time_once(fn: Thunk, loops: int) -> int:
    """Nanoseconds for ``loops`` calls of ``fn``."""
    it = range(loops)
    start = perf_counter_ns()
    for _ in it:
        fn()
    return perf_counter_ns() - start


def calibrate(fn: Thunk, round_ns: int) -> int:
    """The loop count that makes one round take about ``round_ns`` (at least 1)."""
    loops = 1
    while True:
        elapsed = time_once(fn, loops)
        if elapsed >= round_ns // 4 or loops >= 1 << 24:
            break
        loops *= 4
    return max(1, round(loops * round_ns / max(elapsed, 1)))


def measure(
    thunks: Mapping[str, Sequence[Thunk]], rounds: int, round_ns: int, *, best: bool = False
) -> dict[str, list[float]]:
    """The median (or with ``best``, the smallest) nanoseconds per call of every thunk, keyed
    like ``thunks``.

    Interleaves the rounds across all thunks; garbage collection stays enabled throughout.
    """
    gc.enable()
    loops = {key: [calibrate(fn, round_ns) for fn in fns] for key, fns in thunks.items()}
    samples: dict[str, list[list[float]]] = {key: [[] for _ in fns] for key, fns in thunks.items()}
    for _ in range(rounds):
        for key, fns in thunks.items():
            for i, fn in enumerate(fns):
                n = loops[key][i]
                samples[key][i].append(time_once(fn, n) / n)
    pick = min if best else statistics.median
    return {key: [pick(s) for s in per_case] for key, per_case in samples.items()}


def geomean(values: Sequence[float]) -> float:
    """The geometric mean (the targets are geometric means over the corpus)."""
    return math.exp(sum(math.log(v) for v in values) / len(values))
