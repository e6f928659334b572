"""``python benchmarks/run.py``: the same as ``python -m benchmarks``, for running it as a script."""

import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks.suite import main

    raise SystemExit(main())
