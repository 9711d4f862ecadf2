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

_VERBOSE_HELP = "log each file's progress"


class _Parser(argparse.ArgumentParser):
    """argparse with one error prefix for every subcommand: ``kg: error: ...`` under the usage
    of the command that was asked for, status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]  # never returns
        self.print_usage(sys.stderr)
        self.exit(2, f"kg: error: {message}\n")


def _parser() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    parser = _Parser(prog="kg", description="Chinese policy texts -> a knowledge graph of policy measures.")
    parser.add_argument("--version", action="version", version=f"policykg {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help=_VERBOSE_HELP)
    sub = parser.add_subparsers(dest="command", required=True)
    commands = {}
    for name in COMMANDS:
        module = importlib.import_module(f"kg.commands.{name}")
        command = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
        if "-v" not in command._option_string_actions:
            # After the subcommand too (`kg build seeds -v`); SUPPRESS keeps a -v given
            # before it from being reset to False by the subcommand's default.
            command.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                                 help=_VERBOSE_HELP)
        command.set_defaults(run=module.run)
        commands[name] = command
    return parser, commands


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The options of ``argv``; a usage error exits with status 2 under the usage of the
    subcommand it concerns (``kg build --bogus`` shows kg build's usage, not kg's)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    parser, commands = _parser()
    args, rest = parser.parse_known_args(argv)
    if not rest:
        return args
    at = argv.index(args.command)
    if any(arg in rest for arg in argv[:at]):  # `kg --bogus build`: kg's own option
        parser.error(f"unrecognized arguments: {' '.join(a for a in argv[:at] if a in rest)}")
    # Parsed again by the subcommand alone, with options and inputs in any order
    # (`kg build a.txt --no-cache b.txt`); what it still does not know is its error.
    command = commands[args.command]
    top = argparse.Namespace(command=args.command, verbose=args.verbose)
    try:
        return command.parse_intermixed_args(argv[at + 1:], namespace=top)
    except TypeError:  # a subcommand whose arguments cannot be intermixed (argparse.REMAINDER)
        command.error(f"unrecognized arguments: {' '.join(rest)}")
        raise  # not reached: error() exits


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
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
    except OSError as err:  # a file the command did not check first: said as the system says it
        where = f"{err.filename}: " if err.filename else ""
        print(f"kg: error: {where}{err.strerror or err}", file=sys.stderr)
        return 2
    except Exception as err:  # a bug: one line, the traceback only when asked for
        if args.verbose:
            logging.getLogger("kg").exception("unexpected error")
        hint = "" if args.verbose else "; run again with -v for the traceback"
        print(f"kg: error: unexpected {type(err).__name__}: {' '.join(str(err).split())}{hint}",
              file=sys.stderr)
        return 2


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
