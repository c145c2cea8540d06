"""Vectorised text builders for the demo generator (no per-row Python loops).

Identifiers are built as ASCII byte matrices (one row per value) and turned
into Arrow string arrays in one step; numbers and dates are formatted with
Arrow compute kernels.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
_BASE62 = np.frombuffer(
    b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", dtype=np.uint8
)
_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)

U64 = npt.NDArray[np.uint64]
Bytes = npt.NDArray[np.uint8]


def scramble(index: npt.NDArray[np.int64], salt: int) -> U64:
    """A bijection of 64-bit integers (odd multiply, xor-shift): distinct in, distinct out."""
    x = index.astype(np.uint64) + np.uint64(salt & 0xFFFFFFFF)
    with np.errstate(over="ignore"):
        x = (x * np.uint64(0x9E3779B97F4A7C15)) & _MASK64
        x ^= x >> np.uint64(29)
        x = (x * np.uint64(0xBF58476D1CE4E5B9)) & _MASK64
        x ^= x >> np.uint64(32)
    return x


def hex_digits(values: U64, width: int = 16) -> Bytes:
    """The lowest ``width`` hex digits of each value as an ``(n, width)`` ASCII matrix."""
    shifts = np.arange(width - 1, -1, -1, dtype=np.uint64) * np.uint64(4)
    nibbles = (values[:, None] >> shifts[None, :]) & np.uint64(15)
    return _HEX[nibbles.astype(np.intp)]


def base62_digits(values: U64, width: int) -> Bytes:
    """``width`` base-62 digits of each value (most significant first)."""
    out = np.empty((len(values), width), dtype=np.uint8)
    rest = values.copy()
    for pos in range(width - 1, -1, -1):
        out[:, pos] = _BASE62[(rest % np.uint64(62)).astype(np.intp)]
        rest //= np.uint64(62)
    return out


def literal(text: str, n: int) -> Bytes:
    """A constant ASCII text repeated as an ``(n, len(text))`` matrix."""
    row = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    return np.broadcast_to(row, (n, len(row)))


def ascii_strings(*parts: Bytes) -> pa.StringArray:
    """Concatenate ASCII matrices column-wise and return one string per row."""
    matrix = np.ascontiguousarray(np.concatenate(parts, axis=1))
    n, width = matrix.shape
    offsets = np.arange(0, (n + 1) * width, width, dtype=np.int32)
    array = pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(matrix.tobytes()))
    assert isinstance(array, pa.StringArray)
    return array


def guids(index: npt.NDArray[np.int64], salt: int) -> pa.StringArray:
    """Distinct lower-case GUIDs (8-4-4-4-12) for distinct indices."""
    hi = hex_digits(scramble(index, salt))
    lo = hex_digits(scramble(index, salt ^ 0x5BD1E995))
    dash = literal("-", len(index))
    return ascii_strings(
        hi[:, :8], dash, hi[:, 8:12], dash, hi[:, 12:16], dash, lo[:, :4], dash, lo[:, 4:]
    )


def prefixed_hex(
    prefix: str, index: npt.NDArray[np.int64], salt: int, width: int
) -> pa.StringArray:
    """``prefix`` + ``width`` (at most 16) hex digits, distinct for distinct indices."""
    return ascii_strings(literal(prefix, len(index)), hex_digits(scramble(index, salt), width))


def prefixed_base62(
    prefix: str, index: npt.NDArray[np.int64], width: int, multiplier: int
) -> pa.StringArray:
    """``prefix`` + ``width`` base-62 digits; distinct for distinct indices below 62**width.

    ``multiplier`` must be coprime with 62 (odd, not a multiple of 31) and
    ``multiplier * max(index)`` must stay below 2**64.
    """
    modulus = np.uint64(62**width)
    values = (index.astype(np.uint64) * np.uint64(multiplier) + np.uint64(7919)) % modulus
    return ascii_strings(literal(prefix, len(index)), base62_digits(values, width))


def padded(prefix: str, numbers: npt.NDArray[np.int64], width: int) -> pa.Array:
    """``prefix`` + the number zero-padded to ``width`` digits (``ACC-000042``)."""
    digits = pc.utf8_lpad(pc.cast(pa.array(numbers), pa.string()), width, "0")
    return pc.binary_join_element_wise(prefix, digits, "")


def pick(
    rng: np.random.Generator, choices: Sequence[str], n: int, p: Sequence[float] | None = None
) -> pa.Array:
    """``n`` values drawn from ``choices`` (with probabilities ``p``)."""
    return take(choices, rng.choice(len(choices), size=n, p=p))


def take(choices: Sequence[str], index: npt.NDArray[np.int64]) -> pa.Array:
    """``choices[index]`` for each index, as an Arrow string array."""
    return pa.array(list(choices), type=pa.string()).take(pa.array(index))


def join(*parts: pa.Array | str, sep: str = " ") -> pa.Array:
    """Element-wise concatenation with ``sep``; scalars broadcast."""
    return pc.binary_join_element_wise(*parts, sep)


_TIME_CODES = {"%Y": 4, "%m": 2, "%d": 2, "%H": 2, "%M": 2, "%S": 2}
_TIME_TOKEN = re.compile(r"(%[YmdHMS])")


def decimal_digits(values: npt.NDArray[np.int64], width: int) -> Bytes:
    """Each non-negative value as ``width`` zero-padded decimal digits (an ASCII matrix)."""
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    return (48 + (values[:, None] // powers[None, :]) % 10).astype(np.uint8)


def format_time(values: npt.NDArray[np.datetime64], fmt: str) -> pa.StringArray:
    """Format datetimes with the codes ``%Y %m %d %H %M %S`` and literal text.

    Built from numpy calendar arithmetic (Arrow's ``strftime`` is far slower).
    """
    seconds = values.astype("datetime64[s]")
    days = seconds.astype("datetime64[D]")
    months = seconds.astype("datetime64[M]")
    of_day = (seconds - days).astype(np.int64)
    parts = {
        "%Y": seconds.astype("datetime64[Y]").astype(np.int64) + 1970,
        "%m": months.astype(np.int64) % 12 + 1,
        "%d": (days - months.astype("datetime64[D]")).astype(np.int64) + 1,
        "%H": of_day // 3600,
        "%M": of_day // 60 % 60,
        "%S": of_day % 60,
    }
    pieces = [
        decimal_digits(parts[token], _TIME_CODES[token])
        if token in _TIME_CODES
        else literal(token, len(values))
        for token in _TIME_TOKEN.split(fmt)
        if token
    ]
    return ascii_strings(*pieces)


def money_text(amounts: npt.NDArray[np.float64], symbol: str = "$") -> pa.Array:
    """Currency text with thousands separators: ``$12,345.67`` (below one billion)."""
    cents = np.round(np.abs(amounts) * 100).astype(np.int64)
    dollars, cent = np.divmod(cents, 100)
    millions, rest = np.divmod(dollars, 1_000_000)
    thousands, units = np.divmod(rest, 1000)

    def text(values: npt.NDArray[np.int64], width: int = 0) -> pa.Array:
        raw = pc.cast(pa.array(values), pa.string())
        return pc.utf8_lpad(raw, width, "0") if width else raw

    body = pc.if_else(
        pa.array(millions > 0),
        join(text(millions), text(thousands, 3), text(units, 3), sep=","),
        pc.if_else(
            pa.array(thousands > 0), join(text(thousands), text(units, 3), sep=","), text(units)
        ),
    )
    sign = pa.array(np.where(amounts < 0, "-" + symbol, symbol))
    return join(sign, body, ".", text(cent, 2), sep="")
