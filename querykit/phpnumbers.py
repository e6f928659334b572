"""How PHP writes a float as text: the one copy every part of querykit that imitates PHP reads.

PHP turns a float into text with ``zend_gcvt`` in two ways. A float cast to a string (string
concatenation, a PDO bind, ``var_export`` of old versions) uses the ``precision`` setting, 14
significant digits, with a capital ``E``; ``json_encode`` and ``serialize`` use
``serialize_precision`` -1, the shortest digits that read back as the same float, with a small
``e``. Both write fixed notation unless the decimal exponent is below -4 or reaches the number of
digits, and both keep the sign of negative zero.

>>> float_text(0.1 + 0.2), float_text(1e20), float_text(-0.0), float_text(1e-5)
('0.3', '1.0E+20', '-0', '1.0E-5')
>>> json_float(0.1 + 0.2), json_float(1e20), json_float(1.0), json_float(1e25)
('0.30000000000000004', '1.0e+20', '1', '1.0e+25')
"""

from __future__ import annotations

import math

__all__ = ["PRECISION", "SHORTEST", "float_text", "gcvt", "json_float"]

#: PHP's ``precision`` setting: the significant digits of a float cast to a string.
PRECISION = 14
#: The ``precision`` argument that asks for the shortest round-trip digits (``serialize_precision``
#: -1), which PHP writes in fixed notation up to 17 digits before the point.
SHORTEST = 17


def _digits(magnitude: float, precision: int) -> tuple[str, int]:
    """The significant digits of ``magnitude`` (no trailing zeros) and where the decimal point
    goes, as ``zend_dtoa`` gives them: the shortest round trip for :data:`SHORTEST`, else
    ``precision`` digits rounded half to even on the binary value."""
    if magnitude == 0:
        return "0", 1
    text = repr(magnitude) if precision == SHORTEST else f"{magnitude:.{precision - 1}e}"
    mantissa, _, exponent_text = text.partition("e")
    whole, _, fraction = mantissa.partition(".")
    exponent = int(exponent_text) if exponent_text else 0
    digits = whole + fraction
    point = len(whole) + exponent
    stripped = digits.lstrip("0")
    point -= len(digits) - len(stripped)
    return stripped.rstrip("0") or "0", point


def gcvt(value: float, precision: int, exponent_char: str) -> str:
    """``zend_gcvt``: ``value`` with ``precision`` significant digits (:data:`SHORTEST` for the
    shortest round trip), in fixed notation unless the exponent is below -4 or at least
    ``precision``; ``INF``, ``-INF`` and ``NAN`` as PHP prints them.

    >>> gcvt(123456789012345.0, PRECISION, "E"), gcvt(2.5e-7, SHORTEST, "e")
    ('1.2345678901234E+14', '2.5e-7')
    """
    if math.isnan(value):
        return "NAN"
    if math.isinf(value):
        return "-INF" if value < 0 else "INF"
    sign = "-" if math.copysign(1.0, value) < 0 else ""
    digits, point = _digits(abs(value), precision)
    if point < -3 or point > precision:
        power = point - 1
        mantissa = digits[0] + "." + (digits[1:] or "0")
        return f"{sign}{mantissa}{exponent_char}{'-' if power < 0 else '+'}{abs(power)}"
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    if len(digits) <= point:
        return sign + digits + "0" * (point - len(digits))
    return f"{sign}{digits[:point]}.{digits[point:]}"


def float_text(value: float) -> str:
    """A float cast to a PHP string (``precision`` 14): ``0.3``, ``1.0E+20``, ``-0``."""
    return gcvt(value, PRECISION, "E")


def json_float(value: float) -> str:
    """A float as PHP's ``json_encode`` writes it (shortest digits; ``1.0`` is ``1``). The
    caller refuses infinities and NaN first, as ``json_encode`` does."""
    return gcvt(value, SHORTEST, "e")
