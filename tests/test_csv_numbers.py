"""CSV numbers are plain decimals with a dot, never exponent notation (SPEC §3)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ntm_cli.formats.csv_report import cell


def test_small_and_large_numbers_are_written_out() -> None:
    assert cell(6.480000053719201e-07) == "0.0000006480000053719201"
    assert cell(1.5e20) == "150000000000000000000"
    assert cell(94.45) == "94.45"
    assert cell(36) == "36"


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_every_float_reads_back_the_same(value: float) -> None:
    text = cell(value)
    assert "e" not in text.lower()
    assert float(text) == value
