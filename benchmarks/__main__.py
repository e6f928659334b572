"""``python -m benchmarks``: run the suite and write ``benchmarks/RESULTS.md``."""

from benchmarks.suite import main

raise SystemExit(main())
