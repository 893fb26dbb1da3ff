"""The ``htmlgen`` command.

Each subcommand is a module listed in COMMANDS with ``HELP``, ``add_arguments(parser)`` and
``run(args) -> exit code``; to add one, write the module and add a line here.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from htmlgen.config import ConfigError
from htmlgen.runner import EXIT_BAD_INPUT, setup_logging

COMMANDS = {
    "serve": "htmlgen.serve.command",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="htmlgen", description="Fine-tuned HTML generation: serving and tools.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(module_name)
        command = commands.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    setup_logging()
    try:
        return args.run(args)
    except (ConfigError, FileNotFoundError) as err:  # a wrong path or limit: one line, not a traceback
        print(f"error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
