"""Smoke run of the benchmark suite: every pipeline gives the right output on the corpus
and the results file is written. Nothing here asserts on time."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.corpus import CORPUS  # noqa: E402
from benchmarks.pipelines import PIPELINES  # noqa: E402
from benchmarks.suite import Options, SuiteResult, run_suite  # noqa: E402
from querykit.limits import DEFAULT_LIMITS  # noqa: E402


@pytest.fixture(scope="module")
def suite(tmp_path_factory: pytest.TempPathFactory) -> SuiteResult:
    output = tmp_path_factory.mktemp("bench") / "RESULTS.md"
    lines: list[str] = []
    return run_suite(Options(quick=True, output=output, rounds=2, echo=lines.append))


def test_corpus_is_realistic() -> None:
    assert len(CORPUS) >= 12
    assert CORPUS[0].text == 'name = "John"'
    assert max(len(c.text) for c in CORPUS) >= 380


def test_every_pipeline_checked_and_timed(suite: SuiteResult) -> None:
    # Setup asserts each pipeline's output on the whole corpus (a wrong one raises); a pipeline
    # whose code has not landed yet is reported as not available, never silently skipped.
    assert [r.pipeline.key for r in suite.pipelines] == [p.key for p in PIPELINES]
    for r in suite.pipelines:
        if r.available:
            assert len(r.per_case_ns) == len(r.ratios) > 0
            assert all(t > 0 for t in r.per_case_ns)
        else:
            assert r.reason
    for key in ("json.loads", "json.dumps", "compile", "from_appwrite", "format"):
        assert suite.result(key).available, key


def test_scaling_startup_and_report(suite: SuiteResult) -> None:
    assert [row.size for row in suite.scaling] == [10, 100, 1_000, 10_000]
    assert suite.nesting[-1].size == DEFAULT_LIMITS.max_depth
    assert suite.startup is not None
    text = suite.options.output.read_text(encoding="utf-8")
    assert text.startswith("# querykit benchmark results")
    for heading in ("## Targets", "## Pipelines", "## Scaling", "## Start-up and memory"):
        assert heading in text
    assert "model name" not in text and str(ROOT) not in text
