"""What every ``querykit`` command shares: the exit statuses.

>>> EXIT_OK, EXIT_INVALID, EXIT_UNUSABLE
(0, 1, 2)
"""

from __future__ import annotations

__all__ = ["EXIT_INTERRUPTED", "EXIT_INVALID", "EXIT_OK", "EXIT_UNUSABLE"]

#: The input was read and the command did what it was asked.
EXIT_OK = 0
#: The input was read and is well formed, but fails the check asked for.
EXIT_INVALID = 1
#: The input cannot be used (bad syntax, unreadable file); the message goes to standard error.
EXIT_UNUSABLE = 2
#: Interrupted from the keyboard.
EXIT_INTERRUPTED = 130
