"""The server's answer, as every server-parity check returns it.

A check that reproduces Appwrite (:func:`querykit.appwrite.check_list_documents`,
:func:`querykit.permissions.check_permissions`, :func:`querykit.permissions.check_grant`, and the
checks still to come) answers with one :class:`Verdict`: whether the server accepts the input and,
when it does not, the HTTP status, the error type and the exact message it sends.

>>> from querykit.permissions import check_grant
>>> check_grant(['read("any")'], None).valid
True
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["VALID", "Verdict"]


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the server answers.

    ``valid``; the HTTP ``status``, the error ``type`` and the full ``message`` the server sends
    (with its envelope, such as ``Invalid `permissions` param:``, where it has one). ``stage`` is
    the step that failed where a check has several (``param``, ``parse``, ``cursor`` or ``find``
    for list documents; ``None`` when valid or not told); ``detail`` is the bare validator
    description inside the envelope (``""`` when there is none); ``stored`` holds what the server
    would store, for checks that store something (the permissions of :func:`check_grant`);
    ``hint`` says why an older release line refuses what a later one accepts (``containsAny
    needs Appwrite 1.9 or later``), empty otherwise.

    >>> Verdict(True).status
    200
    >>> Verdict(False, 400, "general_argument_invalid", "Invalid `x` param", detail="bad").detail
    'bad'
    """

    valid: bool
    status: int = 200
    type: str = ""
    message: str = ""
    stage: str | None = None
    detail: str = ""
    stored: tuple[str, ...] = ()
    hint: str = ""


#: The verdict of an accepted input.
VALID = Verdict(True)
