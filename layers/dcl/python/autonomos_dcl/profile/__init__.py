"""Column profiling: inferred types, null and distinct ratios, value patterns,
min/max and samples, computed with Arrow kernels on (sampled) tables."""

from autonomos_dcl.profile.profiler import (
    DEFAULT_SAMPLE_ROWS,
    profile_column,
    profile_sources,
    profile_table,
    sample_rows,
)

__all__ = [
    "DEFAULT_SAMPLE_ROWS",
    "profile_column",
    "profile_sources",
    "profile_table",
    "sample_rows",
]
