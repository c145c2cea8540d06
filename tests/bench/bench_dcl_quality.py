"""Mapping quality of the DCL heuristic matcher on the schema-matching benchmark.

Usage::

    python tests/bench/bench_dcl_quality.py [--bench-dir DIR] [--split dev|holdout|all]
    python tests/bench/bench_dcl_quality.py --fit-calibration   # dev cases only

Prints, per case, precision, recall, F1 and seconds (load + match); the mean
over the cases that carry instance data, over the three enterprise holdout
cases, and over all cases; and a reliability table of the confidences.

``--fit-calibration`` refits the isotonic calibration on the ``dev/`` cases
only (never the holdout) and prints the ``BREAKPOINTS`` literal for
``autonomos_dcl/mapping/calibration.py``.

The data is read where it lies (``--bench-dir``); nothing is copied.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "layers" / "dcl" / "python"))

from autonomos_dcl.mapping import MatchOptions, calibration, match_schemas  # noqa: E402
from autonomos_dcl.mapping.calibration import (  # noqa: E402
    fit_platt,
    reliability_table,
)
from autonomos_dcl.mapping.layout import case_sides, load_tables  # noqa: E402
from autonomos_dcl.mapping.types import Match  # noqa: E402

DEFAULT_BENCH_DIR = Path("/work/shared/bench/schema-matching")
# Pairs a case is assumed to have on top of its own when weighing it in a
# calibration fit: a case with few pairs of a kind weighs less than one with
# many, and no case weighs more than one.
CASE_PRIOR = 20
ENTERPRISE_HOLDOUT = (
    "enterprise_sap_kna1_to_crm",
    "isia_inventory_flat_to_northwind",
    "valentine_nyu_capital_projects",
)


@dataclass(frozen=True)
class CaseResult:
    """Scores of one case."""

    split: str
    name: str
    has_data: bool
    precision: float
    recall: float
    f1: float
    seconds: float
    predicted: int
    truth: int
    judged: tuple[tuple[Match, bool], ...]

    @property
    def samples(self) -> list[tuple[float, bool]]:
        """(confidence, was right) of every emitted match."""
        return [(m.confidence, ok) for m, ok in self.judged]


def _pair_key(match: Match, qualified: bool) -> tuple[str, str]:
    if qualified:
        return (
            f"{match.source_table}.{match.source_column}",
            f"{match.target_table}.{match.target_column}",
        )
    return match.source_column, match.target_column


def run_case(case_dir: Path, split: str, options: MatchOptions) -> CaseResult:
    """Match one case and score it against its ground truth."""
    meta = json.loads((case_dir / "meta.json").read_text())
    truth = {tuple(pair) for pair in json.loads((case_dir / "ground_truth.json").read_text())}
    qualified = bool(meta.get("qualified_names")) or bool(meta.get("schema_only"))
    started = time.perf_counter()
    source_path, target_path = case_sides(case_dir)
    source, target = load_tables(source_path), load_tables(target_path)
    matches = match_schemas(source, target, options=options)
    seconds = time.perf_counter() - started
    predicted = {_pair_key(m, qualified) for m in matches}
    hits = len(predicted & truth)
    precision = hits / len(predicted) if predicted else 0.0
    recall = hits / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    judged = tuple((m, _pair_key(m, qualified) in truth) for m in matches)
    return CaseResult(
        split,
        case_dir.name,
        not meta.get("schema_only", False),
        precision,
        recall,
        f1,
        seconds,
        len(predicted),
        len(truth),
        judged,
    )


def _cases(bench_dir: Path, split: str) -> list[tuple[str, Path]]:
    splits = ("dev", "holdout") if split == "all" else (split,)
    found: list[tuple[str, Path]] = []
    for name in splits:
        folder = bench_dir / name
        if folder.is_dir():
            found.extend((name, p) for p in sorted(folder.iterdir()) if (p / "meta.json").is_file())
    return found


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else float("nan")


def _print_results(results: list[CaseResult]) -> None:
    print(f"{'case':52} {'P':>6} {'R':>6} {'F1':>6} {'sec':>6} {'pred':>5} {'gt':>5}")
    for r in results:
        label = f"{r.split}/{r.name}" + ("" if r.has_data else " (schema)")
        print(
            f"{label:52} {r.precision:6.3f} {r.recall:6.3f} {r.f1:6.3f} {r.seconds:6.2f} "
            f"{r.predicted:5d} {r.truth:5d}"
        )
    with_data = [r.f1 for r in results if r.has_data]
    enterprise = [r.f1 for r in results if r.split == "holdout" and r.name in ENTERPRISE_HOLDOUT]
    dev = [r.f1 for r in results if r.split == "dev"]
    print()
    print(f"mean F1, cases with data ({len(with_data)}):        {_mean(with_data):.3f}")
    if enterprise:
        print(f"mean F1, enterprise holdout ({len(enterprise)}):       {_mean(enterprise):.3f}")
    print(f"mean F1, dev cases ({len(dev)}):                 {_mean(dev):.3f}")
    print(
        f"mean F1, all cases ({len(results)}):                {_mean([r.f1 for r in results]):.3f}"
    )
    print(f"max seconds per case:                  {max(r.seconds for r in results):.2f}")
    samples = [s for r in results for s in r.samples]
    _print_reliability(samples, "reliability of the emitted matches' confidences")


def _print_reliability(samples: list[tuple[float, bool]], title: str) -> None:
    print()
    print(title)
    print(f"{'confidence':>14} {'n':>6} {'mean conf':>10} {'right':>8}")
    for low, high, count, mean_conf, share in reliability_table(samples):
        print(f"{low:6.2f}-{high:5.2f}   {count:6d} {mean_conf:10.3f} {share:8.3f}")


def _write_constants(literals: dict[str, str]) -> None:
    """Replace the curve literals in calibration.py with refitted ones."""
    path = Path(calibration.__file__)
    text = path.read_text()
    for name, literal in literals.items():
        text = re.sub(rf"^{name}: Curve = \(\n.*?^\)$", literal, text, flags=re.S | re.M)
    path.write_text(text)
    print(f"wrote {path}")


def fit_calibration(bench_dir: Path, write: bool) -> None:
    """Refit both calibration curves on the dev cases and print (or write) the constants."""
    options = MatchOptions(min_confidence=0.0)
    before: list[tuple[float, bool]] = []
    raw: dict[str, list[tuple[float, bool, float]]] = {
        calibration.INSTANCE: [],
        calibration.SCHEMA: [],
    }
    for split, case_dir in _cases(bench_dir, "dev"):
        judged = run_case(case_dir, split, options).judged
        # Propagated keys and composite parts take their confidence from other
        # evidence (the fields that tie their tables, values found inside
        # values), not from the curves: they do not shape the curves.
        judged = tuple(
            (m, ok)
            for m, ok in judged
            if "propagated_key" not in m.evidence and "composite" not in m.evidence
        )
        counts = {kind: 0 for kind in raw}
        for match, _ in judged:
            counts[str(match.evidence["kind"])] += 1
        for match, ok in judged:
            kind = str(match.evidence["kind"])
            before.append((match.confidence, ok))
            # Every case weighs at most one within a curve (see CASE_PRIOR).
            raw[kind].append(
                (float(match.evidence["score"]), ok, 1.0 / (counts[kind] + CASE_PRIOR))
            )
    _print_reliability(before, "before refitting (current constants)")
    after: list[tuple[float, bool]] = []
    literals: dict[str, str] = {}
    for kind, samples in raw.items():
        points = fit_platt(samples)
        after.extend((calibration.calibrate(s, points), ok) for s, ok, _ in samples)
        _print_reliability(
            [(calibration.calibrate(s, points), ok) for s, ok, _ in samples], f"after, {kind} pairs"
        )
        name = f"{kind.upper()}_BREAKPOINTS"
        lines = [f"{name}: Curve = ("]
        lines += [f"    ({x}, {y})," for x, y in points]
        lines.append(")")
        literals[name] = "\n".join(lines)
    _print_reliability(after, "after refitting, all pairs")
    print()
    print("\n".join(literals.values()))
    if write:
        _write_constants(literals)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench-dir", type=Path, default=DEFAULT_BENCH_DIR)
    parser.add_argument("--split", choices=("dev", "holdout", "all"), default="all")
    parser.add_argument("--min-confidence", type=float, default=None)
    parser.add_argument("--fit-calibration", action="store_true", help="refit on dev/ cases")
    parser.add_argument(
        "--write", action="store_true", help="with --fit-calibration: update calibration.py"
    )
    args = parser.parse_args(argv)
    if not args.bench_dir.is_dir():
        print(f"benchmark folder not found: {args.bench_dir}", file=sys.stderr)
        return 2
    if args.fit_calibration:
        fit_calibration(args.bench_dir, args.write)
        return 0
    options = MatchOptions()
    if args.min_confidence is not None:
        options = replace(options, min_confidence=args.min_confidence)
    results = [run_case(path, split, options) for split, path in _cases(args.bench_dir, args.split)]
    if not results:
        print("no cases found", file=sys.stderr)
        return 2
    _print_results(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
