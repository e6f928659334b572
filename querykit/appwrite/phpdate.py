"""What PHP's ``new DateTime($value)`` accepts, for the date formats queries use.

The server validates datetime query values by constructing a PHP ``DateTime`` (in UTC), then
requiring a standalone four-digit year inside the adapter's year range and the instant inside
the adapter's date range (utopia-php/database ``Validator/Datetime.php``). PHP's date parser is
large; this module covers the subset that carries a four-digit year, which is the only kind a
query value can use (a value without one always fails the year check):

- dates ``YYYY-M-D``, ``YYYY-MM``, ``YYYY/M/D``, ``M/D/YYYY``, ``D.M.YYYY``, ``D-M-YYYY``, and
  with month names (``Dec 31 2024``, ``31 December 2024``, ``December 31st, 2024``, ``Dec 2024``),
  optionally after a day name (``Tue``, ``Tuesday,``);
- an optional time after a space, ``T`` or nothing: ``H:MM``, ``H:MM:SS``, a fraction after
  ``.`` or ``,``, or a 12-hour time with ``am``/``pm`` (``a.m.``, ``p.m.``);
- an optional zone: ``Z``, ``UTC``, ``GMT``, ``±H``, ``±HHMM``, ``±H:MM`` (optionally after
  ``GMT``/``UTC``).

PHP's field ranges are kept: month 1-12, day 0-31 (overflow rolls into the next month, as in
PHP), hour 0-24, minute 0-59, second 0-60. A day name that does not match the date moves it
forward to that weekday, as PHP does. Other PHP formats (relative words such as ``tomorrow``,
zone names such as ``Europe/Paris`` or ``EST``, ordinal days) are not recognised and count as
invalid. Two forms PHP reads surprisingly are kept: ISO week dates (``2024-W01-1``, ``2024W01``)
and four digits alone, which PHP reads as a time of day (``"2024"`` is 20:24 today).

    >>> to_micros("1960-01-01 10:10:10+02:30")
    -315591590000000
    >>> to_micros("1975-12-06 00:00:61") is None
    True
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

__all__ = ["DateBound", "civil_from_days", "days_from_civil", "standalone_year", "to_micros"]

_MONTHS: Final = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
    "i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10,
    "xi": 11, "xii": 12,
}  # fmt: skip
_DAYS: Final = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}  # fmt: skip

_MONTH_WORD = r"(?P<mname>[a-z]+)\.?"
_DATE_PATTERNS: Final = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"(?P<year>[+-]?\d{4})-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?",
        r"(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})",
        r"(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})",
        r"(?P<day>\d{1,2})[.\t-](?P<month>\d{1,2})[.-](?P<year>\d{4})",
        _MONTH_WORD + r"[ .\t-]*(?P<day>\d{1,2})(?:st|nd|rd|th)?[,. \t]*(?P<year>\d{4})",
        r"(?P<day>\d{1,2})(?:st|nd|rd|th)?[ .\t-]*" + _MONTH_WORD + r"[ .\t-]*(?P<year>\d{4})",
        _MONTH_WORD + r"[ .\t-]*(?P<year>\d{4})",
    )
]
_DAY_NAME: Final = re.compile(r"(?P<dname>[a-z]+)[,.]?[ \t]*", re.IGNORECASE)
_TIME24: Final = re.compile(
    r"(?:[Tt]|[ \t]*)(?P<h>\d{1,2}):(?P<i>\d{1,2})(?::(?P<s>\d{1,2})(?:[.,:](?P<f>\d+))?)?"
)
_TIME12: Final = re.compile(
    r"(?:[Tt]|[ \t]*)(?P<h>\d{1,2})(?:[:.](?P<i>\d{2})(?:[:.](?P<s>\d{2}))?)?[ \t]*"
    r"(?P<ampm>[ap])\.?m\.?(?![a-z])",
    re.IGNORECASE,
)
_ZONE: Final = re.compile(
    r"[ \t]*(?:(?P<z>z|utc|gmt)(?![a-z])"
    r"(?:(?P<zs>[+-])(?P<zh>\d{1,2})(?::?(?P<zm>\d{2}))?)?"
    r"|(?P<s>[+-])(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?)",
    re.IGNORECASE,
)
_YEAR4: Final = re.compile(r"(?<![0-9])[0-9]{4}(?![0-9])")
_WS: Final = " \t\n\r\v\f"


def days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date (any year, day may overflow)."""
    y = year - (month <= 2)
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    mp = (month + 9) % 12
    doy = (153 * mp + 2) // 5
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468 + (day - 1)


def civil_from_days(days: int) -> tuple[int, int, int]:
    """The proleptic Gregorian ``(year, month, day)`` of a day count since 1970-01-01.

    >>> civil_from_days(days_from_civil(-4713, 11, 24))
    (-4713, 11, 24)
    """
    z = days + 719468
    era = (z if z >= 0 else z - 146096) // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (month <= 2), month, day


def standalone_year(text: str) -> int | None:
    """The first run of exactly four digits in ``text``, as the server's year check reads it."""
    m = _YEAR4.search(text)
    return int(m.group()) if m else None


@dataclass(frozen=True, slots=True)
class DateBound:
    """A date limit of a database adapter: its text and the instant in microseconds (UTC)."""

    text: str
    micros: int
    year: int

    @classmethod
    def of(
        cls, year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
    ) -> DateBound:
        days = days_from_civil(year, month, day)
        micros = ((days * 24 + hour) * 60 + minute) * 60 + second
        sign = "-" if year < 0 else ""
        text = f"{sign}{abs(year):04d}-{month:02d}-{day:02d} {hour:02d}:{minute:02d}:{second:02d}"
        return cls(text, micros * 1_000_000, year)


_BARE_TIME: Final = re.compile(r"[Tt]?(?P<h>[01][0-9]|2[0-4])(?P<i>[0-5][0-9])")
_ISO_WEEK: Final = re.compile(r"(?P<year>\d{4})-?W(?P<week>5[0-3]|[1-4][0-9]|0?[1-9])(?:-?(?P<day>[0-7]))?")


def to_micros(text: str, now: int | None = None) -> int | None:
    """The instant (microseconds since 1970, UTC) PHP reads from ``text``; ``None`` if PHP throws.

    ``now`` (microseconds, UTC; the current time when omitted) dates the forms PHP reads as a
    time of day: four digits alone, such as ``"2024"``, are 20:24 today.

    >>> to_micros("2024-W01-1") == to_micros("2024-01-01")
    True
    >>> to_micros("2024", now=0) == to_micros("1970-01-01 20:24")
    True
    """
    bare = _BARE_TIME.fullmatch(text.strip(_WS))
    if bare is not None:
        if now is None:
            now = time.time_ns() // 1000
        today = now // 86_400_000_000 * 86_400_000_000
        return today + (int(bare.group("h")) * 3600 + int(bare.group("i")) * 60) * 1_000_000
    return _parse(text)


@lru_cache(maxsize=4096)
def _parse(text: str) -> int | None:
    s = text.strip(_WS)
    week = _ISO_WEEK.match(s)
    if week is not None:
        parsed = _rest(s, week.end())
        if parsed is not None:
            year = int(week.group("year"))
            jan4 = days_from_civil(year, 1, 4)
            monday = jan4 - (jan4 + 3) % 7  # 1970-01-01 was a Thursday
            day = int(week.group("day")) if week.group("day") is not None else 1
            days = monday + (int(week.group("week")) - 1) * 7 + day - 1
            seconds, micro = parsed
            return (days * 86400 + seconds) * 1_000_000 + micro
    pos = 0
    weekday: int | None = None
    m = _DAY_NAME.match(s)
    if m is not None and m.group("dname").lower() in _DAYS:
        weekday = _DAYS[m.group("dname").lower()]
        pos = m.end()
    for pattern in _DATE_PATTERNS:
        dm = pattern.match(s, pos)
        if dm is None:
            continue
        fields = dm.groupdict()
        if fields.get("mname") is not None:
            month = _MONTHS.get(fields["mname"].lower(), 0)
        else:
            month = int(fields["month"])
        day = int(fields["day"]) if fields.get("day") is not None else 1
        if 1 <= month <= 12 and 0 <= day <= 31:
            parsed = _rest(s, dm.end())
            if parsed is not None:
                seconds, micro = parsed
                days = days_from_civil(int(fields["year"]), month, day)
                if weekday is not None:
                    days += (weekday - (days + 3) % 7) % 7  # 1970-01-01 was a Thursday
                return (days * 86400 + seconds) * 1_000_000 + micro
    return None


def _rest(s: str, pos: int) -> tuple[int, int] | None:
    """Time and zone after the date: ``(seconds of day minus the offset, microseconds)``."""
    seconds = micro = 0
    tm = _TIME12.match(s, pos)
    if tm is not None:
        hour = int(tm.group("h"))
        minute = int(tm.group("i") or 0)
        second = int(tm.group("s") or 0)
        if not (1 <= hour <= 12 and minute <= 59 and second <= 60):
            return None
        hour = hour % 12 + (12 if tm.group("ampm").lower() == "p" else 0)
        seconds = hour * 3600 + minute * 60 + second
        pos = tm.end()
    else:
        tm = _TIME24.match(s, pos)
        if tm is not None:
            hour, minute = int(tm.group("h")), int(tm.group("i"))
            second = int(tm.group("s") or 0)
            if not (hour <= 24 and minute <= 59 and second <= 60):
                return None
            frac = tm.group("f") or ""
            micro = int((frac + "000000")[:6])
            seconds = hour * 3600 + minute * 60 + second
            pos = tm.end()
    zm = _ZONE.match(s, pos)
    if zm is not None:
        if zm.group("s") is not None:
            sign, zh, zmin = zm.group("s"), zm.group("h"), zm.group("m")
        else:
            sign, zh, zmin = zm.group("zs"), zm.group("zh"), zm.group("zm")
        if sign is not None:
            offset = int(zh) * 3600 + int(zmin or 0) * 60
            if int(zh) > 99:
                return None
            seconds -= offset if sign == "+" else -offset
        pos = zm.end()
    if s[pos:].strip(_WS):
        return None
    return seconds, micro
