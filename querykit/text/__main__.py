"""``python -m querykit.text``: regenerate the shipped parse tables after editing the grammar."""

import os
import sys

from querykit.text.tables import regenerate

if os.environ.get("PYTHONHASHSEED") != "0":
    # Lark numbers the parser states in set order; a fixed hash seed keeps the file stable
    # from one regeneration to the next.
    os.execve(sys.executable, [sys.executable, "-m", "querykit.text"], {**os.environ, "PYTHONHASHSEED": "0"})
print(f"wrote {regenerate()}")
