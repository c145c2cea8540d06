"""Command line of the DCL engine.

``autonomos dcl match SOURCE TARGET`` (the ``autonomos`` entry point passes
the arguments after ``dcl`` to :func:`main`), or
``python -m autonomos_dcl.cli match SOURCE TARGET``.

SOURCE and TARGET follow the schema-matching benchmark layout: a folder of
``<table>.csv`` files, or a ``*_schema.csv`` file (columns
``table,column,qualified,type,column_description,table_description``).
Prints ``{"matches": [...]}`` as JSON. Bad paths or files: a message on
stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import replace

from autonomos_dcl.mapping import MatchOptions, match_schemas
from autonomos_dcl.mapping.layout import LayoutError, load_tables

EXIT_OK = 0
EXIT_USAGE = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="autonomos dcl", description="DCL engine commands")
    commands = parser.add_subparsers(dest="command", required=True)
    match = commands.add_parser("match", help="propose column correspondences as JSON")
    match.add_argument("source", help="folder of <table>.csv files, or a *_schema.csv file")
    match.add_argument("target", help="folder of <table>.csv files, or a *_schema.csv file")
    match.add_argument(
        "--min-confidence",
        type=float,
        default=MatchOptions().min_confidence,
        help="drop matches under this calibrated confidence (default %(default)s)",
    )
    match.add_argument(
        "--max-targets",
        type=int,
        default=MatchOptions().max_targets_per_column,
        help="most target fields one source column may map to (default %(default)s)",
    )
    match.add_argument("--system", default=None, help="source system naming conventions (e.g. sap)")
    match.add_argument("--evidence", action="store_true", help="include per-signal evidence")
    return parser


def _run_match(args: argparse.Namespace) -> int:
    try:
        source = load_tables(args.source)
        target = load_tables(args.target)
    except LayoutError as error:
        print(f"autonomos dcl match: {error}", file=sys.stderr)
        return EXIT_USAGE
    if args.system:
        source = [replace(t, system=args.system) for t in source]
    options = MatchOptions(
        min_confidence=args.min_confidence, max_targets_per_column=max(1, args.max_targets)
    )
    matches = match_schemas(source, target, options=options)
    rows = []
    for match in matches:
        row = match.to_dict()
        if not args.evidence:
            row.pop("evidence")
        rows.append(row)
    json.dump({"matches": rows}, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run a DCL command; returns the process exit code."""
    parser = _parser()
    try:
        args = parser.parse_args(list(argv) if argv is not None else None)
    except SystemExit as exit_:
        return int(exit_.code) if isinstance(exit_.code, int) else EXIT_USAGE
    if args.command == "match":
        return _run_match(args)
    parser.print_help(sys.stderr)
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
