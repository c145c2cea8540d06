"""The ``autonomos`` command: ``autonomos dcl match SOURCE_DIR TARGET_DIR`` and friends."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["dcl"]:
        from autonomos_dcl.cli import main as dcl_main

        return dcl_main(args[1:])
    print("usage: autonomos dcl match SOURCE_DIR TARGET_DIR [options]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
