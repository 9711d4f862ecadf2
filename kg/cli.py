"""The ``kg`` command: a thin layer over the library, one module per subcommand."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys

from kg import __version__
from kg.commands import COMMANDS
from kg.errors import KGError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kg", description="Chinese policy texts -> a knowledge graph of policy measures.")
    parser.add_argument("--version", action="version", version=f"policykg {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log each file's progress")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMANDS:
        module = importlib.import_module(f"kg.commands.{name}")
        command = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.run(args)
    except KGError as err:
        print(f"kg: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `kg query ... | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 141


def run() -> None:
    """The ``kg`` executable: :func:`main`, then exit without tearing the heap down.

    A large build leaves millions of objects (the graph, the documents) that the interpreter
    would free one by one, and collect, on its way out: a second or more after the work is
    done and written. Everything that must outlive the process is out already (the outputs
    are written and renamed, the pools joined), so the streams are flushed and the process
    ends at once, as Instagram's services do for the same reason.
    """
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader has gone: nothing left to say
        code = code or 141
    logging.shutdown()
    os._exit(code)


if __name__ == "__main__":
    run()
