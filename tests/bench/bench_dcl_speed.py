"""Speed of the DCL: connect (generate) -> profile -> map -> publish of all demo sources.

Usage::

    python tests/bench/bench_dcl_speed.py [--scales 1,210] [--seed 42] [--workdir DIR]
                                          [--repeat 1] [--views]

For each scale: generate every demo source (Arrow), describe them for the
catalogue, profile every column (sampled), map every source with the real
pipeline (heuristics; proposals at or above the default review threshold are
published, as the service does), and publish one DuckDB version
(``--expected`` publishes the hand-checked mapping instead of the matcher's).
Prints seconds per stage, the rows in and out, and the size of the version
file. Scale 210 gives just over a
million source rows.

Aims for the whole connect -> map -> publish: under 2 s at scale 1 and under
30 s at a million rows; these stages should be a small part of that.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "layers" / "dcl" / "python"))

from autonomos_dcl.ontology import DEFAULT_ONTOLOGY  # noqa: E402
from autonomos_dcl.pipeline import propose  # noqa: E402
from autonomos_dcl.profile import profile_sources  # noqa: E402
from autonomos_dcl.publish import build_version  # noqa: E402
from autonomos_dcl.sources.catalog import describe_source  # noqa: E402
from autonomos_dcl.sources.demo import (  # noqa: E402
    DEFAULT_SEED,
    DEMO_SYSTEMS,
    expected_field_mappings,
    generate_demo,
)

T = TypeVar("T")


def timed(action: Callable[[], T]) -> tuple[T, float]:
    """Run ``action`` and return its result and wall-clock seconds."""
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


REVIEW_THRESHOLD = 0.6


def run(
    scale: float, seed: int, workdir: Path, version: int, views: bool, expected: bool
) -> dict[str, float]:
    """One pass at ``scale``; returns seconds per stage and counts."""
    sources, generate_s = timed(lambda: generate_demo(scale=scale, seed=seed))
    rows_in = sum(t.num_rows for tables in sources.values() for t in tables.values())
    _, describe_s = timed(
        lambda: [
            describe_source(s.key, s.name, "demo", s.key, sources[s.key]) for s in DEMO_SYSTEMS
        ]
    )
    profiles, profile_s = timed(lambda: profile_sources(sources))

    def map_all() -> list[object]:
        found = []
        for system in DEMO_SYSTEMS:
            outcome = propose(system.key, system.key, sources[system.key], DEFAULT_ONTOLOGY)
            found += [m for m in outcome.mappings if m.confidence >= REVIEW_THRESHOLD]
        return found

    proposed, map_s = timed(map_all)
    mappings = expected_field_mappings() if expected else proposed
    published, publish_s = timed(
        lambda: build_version(
            workdir, version, sources, DEFAULT_ONTOLOGY, mappings, materialize=not views
        )
    )
    unified = sum(published.row_counts[f"entity_{e.name}"] for e in DEFAULT_ONTOLOGY.entities)
    return {
        "scale": scale,
        "rows_in": rows_in,
        "columns": len(profiles),
        "mappings": len(mappings),
        "unified_rows": unified,
        "generate_s": generate_s,
        "describe_s": describe_s,
        "profile_s": profile_s,
        "map_s": map_s,
        "publish_s": publish_s,
        "total_s": generate_s + describe_s + profile_s + map_s + publish_s,
        "file_mb": published.path.stat().st_size / 1e6,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--scales", default="1,210", help="comma-separated scales (default 1,210)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--workdir", type=Path, default=None, help="where versions are written")
    parser.add_argument("--repeat", type=int, default=1, help="passes per scale (best is kept)")
    parser.add_argument(
        "--views", action="store_true", help="publish entity unions as views, not tables"
    )
    parser.add_argument(
        "--expected", action="store_true", help="publish the hand-checked mapping instead"
    )
    args = parser.parse_args(argv)
    scales = [float(s) for s in args.scales.split(",") if s.strip()]
    generate_demo(scale=0.05)  # warm imports and kernels so the first pass is not penalised
    header = (
        f"{'scale':>7} {'rows in':>10} {'cols':>5} {'unified':>9} {'generate':>9} "
        f"{'describe':>9} {'profile':>8} {'map':>7} {'publish':>8} {'total':>7} {'file MB':>8}"
    )
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory(prefix="dcl-bench-") as scratch:
        workdir = args.workdir or Path(scratch)
        version = 1
        for scale in scales:
            passes = []
            for _ in range(max(1, args.repeat)):
                passes.append(
                    run(
                        scale,
                        args.seed,
                        workdir / f"scale-{scale:g}",
                        version,
                        args.views,
                        args.expected,
                    )
                )
                version += 1
            best = min(passes, key=lambda r: r["total_s"])
            print(
                f"{best['scale']:>7g} {best['rows_in']:>10,.0f} {best['columns']:>5.0f} "
                f"{best['unified_rows']:>9,.0f} {best['generate_s']:>8.2f}s "
                f"{best['describe_s']:>8.2f}s {best['profile_s']:>7.2f}s {best['map_s']:>6.2f}s "
                f"{best['publish_s']:>7.2f}s {best['total_s']:>6.2f}s {best['file_mb']:>8.1f}"
            )
    print("\naims (whole connect -> map -> publish): < 2 s at scale 1, < 30 s at >= 1M rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
