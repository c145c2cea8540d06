"""Command-line pieces shared by the bench and hardening runners."""

from __future__ import annotations

import argparse


def add_setting_option(parser: argparse.ArgumentParser, example: str) -> None:
    """``--setting NAME=VALUE`` (repeatable): settings of the stack under test, collected as
    ``(name, value)`` pairs in ``args.setting``."""
    parser.add_argument(
        "--setting",
        action="append",
        default=[],
        type=lambda s: tuple(s.split("=", 1)),
        metavar="NAME=VALUE",
        help=f"a setting of the stack under test (e.g. {example})",
    )
