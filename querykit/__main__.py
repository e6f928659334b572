"""``python -m querykit``: the same as the ``querykit`` command."""

import sys

from querykit.cli import main

sys.exit(main())
