"""Bundled demo sources: a deterministic generator and the expected mapping.

``generate_demo(scale, seed, keys)`` returns ``{source key: {table: Arrow
table}}``; ``EXPECTED_MAPPING`` is the hand-checked ground truth of every
demo column against the default ontology.
"""

from autonomos_dcl.sources.demo.expected_mapping import (
    EXPECTED_MAPPING,
    expected_field_mappings,
    expected_pairs,
)
from autonomos_dcl.sources.demo.systems import (
    DEFAULT_SEED,
    DEMO_KEYS,
    DEMO_SYSTEMS,
    DemoSystem,
    demo_system,
    generate_demo,
)

__all__ = [
    "DEFAULT_SEED",
    "DEMO_KEYS",
    "DEMO_SYSTEMS",
    "EXPECTED_MAPPING",
    "DemoSystem",
    "demo_system",
    "expected_field_mappings",
    "expected_pairs",
    "generate_demo",
]
