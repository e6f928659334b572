"""Measure glibc's en_US.UTF-8 collation elements, one code point at a time, into a data file.

Needs a glibc system with the en_US.UTF-8 locale (Debian: the `locales` package and
`locale-gen`). Writes querykit/evaluate/data/glibc-en_US-collation.json: runs of consecutive
code points whose weights at levels 2 and 3 are the same and whose level-1 and level-4 weights
step by constant amounts. See querykit/evaluate/collation.py for how the runs are read.
"""

from __future__ import annotations

import json
import locale
import platform
import sys
from pathlib import Path


def backward(code: int) -> bool:
    """Whether glibc reads the character's level-2 weights backwards: between two combining marks
    it then joins their backward run, which comes out reversed."""
    raw = [ord(c) for c in locale.strxfrm("\u0301" + chr(code) + "\u0308")]
    second = raw[raw.index(1) + 1 :]
    return second[0] == 0x28  # U+0308's accent weight first: the run was reversed


def levels(code: int) -> tuple[list[int], list[int], list[int], int]:
    raw = [ord(c) for c in locale.strxfrm(chr(code))]
    parts: list[list[int]] = [[]]
    for value in raw:
        if value == 1:
            parts.append([])
        else:
            parts[-1].append(value)
    fourth = parts[4][0] if len(parts) >= 5 else 0
    while len(parts) < 3:
        parts.append([])
    return parts[0], parts[1], parts[2], fourth


def main() -> None:
    locale.setlocale(locale.LC_COLLATE, "en_US.UTF-8")
    runs: list[list[object]] = []
    previous: tuple[int, list[int], list[int], list[int], int] | None = None
    step: tuple[int, int] | None = None
    for code in range(1, 0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        l1, l2, l3, l4 = levels(code)
        back = backward(code)
        if back:
            l2 = l2[::-1]  # alone, a backward character's own weights come out reversed
        if previous is not None:
            pc, pl1, pl2, pl3, pl4 = previous
            same = l2 == pl2 and l3 == pl3 and back == runs[-1][8]
            if code == pc + 1 and same and len(l1) == len(pl1) and l1[:-1] == pl1[:-1]:
                here = ((l1[-1] - pl1[-1]) if l1 else 0, l4 - pl4)
                if step is None or step == here:
                    step = here
                    runs[-1][1] = int(runs[-1][1]) + 1  # type: ignore[call-overload]
                    runs[-1][3], runs[-1][7] = step
                    previous = (code, l1, l2, l3, l4)
                    continue
        runs.append([code, 1, l1, 0, l2, l3, l4, 0, back])
        previous = (code, l1, l2, l3, l4)
        step = None
    out = {
        "about": (
            "Collation elements of glibc's en_US.UTF-8 locale, per code point, measured with strxfrm on "
            "single characters. Each run is [first code point, count, level-1 weights, level-1 step, "
            "level-2 weights, level-3 weights, level-4 weight, level-4 step, backward]: code point first+i "
            "has the level-1 weights with the last one increased by i*step, the same level-2 and level-3 "
            "weights, and level-4 weight + i*step (0: none). A backward character's level-2 weights are "
            "read backwards: in a string, each run of consecutive backward characters contributes its "
            "level-2 weights reversed."
        ),
        "generatedBy": f"scripts/make_glibc_collation.py on glibc {platform.libc_ver()[1]}",
        "runs": runs,
    }
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "querykit/evaluate/data/glibc-en_US-collation.json")
    target.write_text(json.dumps(out, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(runs)} runs written to {target}")


if __name__ == "__main__":
    main()
