"""Certificate serial numbers: short enough to read over the phone, impossible to guess.

A serial is 10 random symbols of Crockford's base32 (50 bits from ``secrets``) and one check symbol
(Luhn mod 32). Luhn mod N catches every single wrong symbol and every swap of two neighbours except a swap of
the symbols worth 0 and N - 1 (``0`` and ``Z``), so ``generate`` never puts those two side by side: every
serial it issues has all its neighbour swaps caught. It is stored as those
11 symbols and shown grouped with the platform prefix: ``HVS-7KQ2-M9XD-P4W``.

People type serials from paper: ``normalize`` accepts any case, spaces, dashes and the letters Crockford
reads as digits (I, L → 1; O → 0), with or without the ``HVS`` prefix.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
PREFIX = "HVS"
RANDOM_LENGTH = 10
LENGTH = RANDOM_LENGTH + 1
_VALUE = {symbol: index for index, symbol in enumerate(ALPHABET)}
_READ_AS = str.maketrans({"I": "1", "L": "1", "O": "0"})


def check_symbol(payload: str) -> str:
    """Luhn mod N (N = 32) check symbol of ``payload`` (symbols of ``ALPHABET``)."""
    n = len(ALPHABET)
    total = 0
    factor = 2
    for symbol in reversed(payload):
        addend = factor * _VALUE[symbol]
        total += addend // n + addend % n
        factor = 1 if factor == 2 else 2
    return ALPHABET[(n - total % n) % n]


def is_valid(serial: str) -> bool:
    """True when ``serial`` is 11 symbols of the alphabet whose last one checks the others."""
    return (
        len(serial) == LENGTH
        and all(symbol in _VALUE for symbol in serial)
        and check_symbol(serial[:-1]) == serial[-1]
    )


_BLIND_PAIRS = (ALPHABET[0] + ALPHABET[-1], ALPHABET[-1] + ALPHABET[0])  # "0Z", "Z0": Luhn cannot see their swap


def generate() -> str:
    """A new serial whose every single-symbol error and neighbour swap fails ``is_valid``."""
    while True:
        payload = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
        serial = payload + check_symbol(payload)
        if not any(pair in serial for pair in _BLIND_PAIRS):
            return serial


def normalize(text: str) -> str | None:
    """The stored form of a serial typed by a person, or ``None`` when it cannot be one of ours."""
    cleaned = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    if len(cleaned) == LENGTH + len(PREFIX) and cleaned.startswith(PREFIX):
        cleaned = cleaned[len(PREFIX):]
    cleaned = cleaned.translate(_READ_AS)
    return cleaned if is_valid(cleaned) else None


def display(serial: str) -> str:
    """``HVS-XXXX-XXXX-XXX``: the form printed on the certificate and used in its URL."""
    return f"{PREFIX}-{serial[:4]}-{serial[4:8]}-{serial[8:]}"
