"""Smoke run of the evaluation benchmarks: the matchers agree with their lambdas and the report is
written. Nothing here asserts on time."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import evaluation  # noqa: E402


def test_matchers_agree_with_the_hand_written_lambdas() -> None:
    schema, documents = evaluation.load()
    compiled = evaluation.check_matchers(schema, documents)
    assert len(compiled) == len(evaluation.FILTERS) == 10
    assert any(compiled[0](d) for d in documents) and not all(compiled[0](d) for d in documents)


def test_report(tmp_path: Path) -> None:
    matchers = evaluation.time_matchers(rounds=1, round_ns=100_000)
    scaling = evaluation.time_scaling((300, 600), repeats=1)
    text = evaluation.render(matchers, scaling, quick=True)
    assert text.startswith("# querykit evaluation benchmarks")
    assert "## Matchers" in text and "## Scaling" in text and "| 600 |" in text
    assert [r.size for r in scaling] == [300, 600]
    docs = evaluation.documents_of_size(evaluation.load()[1], 601)
    assert docs[600]["$id"] == "d600" and docs[600]["age"] == docs[0]["age"]
