"""The README is the manual: every command it shows runs, and every output it shows is what
the command prints (numbers included), in a fresh workspace laid out as a clone is.

The workspace holds what a visitor's clone holds (``seeds/``, ``tests/data/``) plus
``my-documents/`` and ``archive/`` with the sample pages in them, so that the examples which
name the user's own folders run as written.  Commands run from the README's code blocks in
order, as a user follows them:

- a ``$ kg …`` line in a block starts a shown output: the lines after it, up to the next
  ``$`` line or the block's end, must be the command's first lines (a summary's seconds are
  the only thing masked);
- a block that shows only output (the build summary, the scores) belongs to the command the
  README names just before it (``kg build``, ``kg eval …``), written in the block's
  ``data-command`` comment: ``<!-- command: kg eval … -->``;
- every ``kg …`` line of a ``bash`` block runs and must exit 0, except commands that need a
  machine the test does not have (a Dask scheduler at a network address);
- each ``python`` block runs as a script.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

README = ROOT / "README.md"
_BLOCK = re.compile(r"(?:<!-- command: (?P<command>[^\n]*?) -->\n)?```(?P<lang>\w*)\n(?P<body>.*?)```", re.S)
_SECONDS = re.compile(r"in [0-9.]+ s$", re.M)
_SYNOPSIS = re.compile(r"^kg \w+ .*\[")  # a synopsis line: options in brackets
_NEEDS_A_CLUSTER = "tcp://"


def _blocks() -> list[tuple[str, str, str | None]]:
    return [(m["lang"], m["body"], m["command"]) for m in _BLOCK.finditer(README.read_text(encoding="utf-8"))]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clone's files the README's commands read, and the user's folders it names."""
    root = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "seeds", root / "seeds")
    shutil.copytree(ROOT / "tests" / "data", root / "tests" / "data")
    for folder in ("my-documents", "archive"):
        shutil.copytree(ROOT / "seeds", root / folder)
    return root


def _run(command: str, cwd: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    """Run a README command line as a shell would: ``kg`` is this interpreter's ``-m kg``."""
    env = {**os.environ, "POLICYKG_CACHE": str(cache), "BROWSER": "true", "COLUMNS": "200"}
    line = re.sub(r"^kg ", f"{shlex.quote(sys.executable)} -m kg ", command)
    line = re.sub(r"(&&|;)\s*kg ", rf"\1 {shlex.quote(sys.executable)} -m kg ", line)
    return subprocess.run(line, shell=True, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def _commands() -> list[tuple[str, list[str] | None]]:
    """(command, the output lines the README shows or None), in README order."""
    steps: list[tuple[str, list[str] | None]] = []
    for lang, body, command in _blocks():
        lines = body.rstrip("\n").split("\n")
        if command:
            steps.append((command, lines))
        elif any(line.startswith("$ ") for line in lines):
            for chunk in re.split(r"\n(?=\$ )", body.rstrip("\n")):
                head, *shown = chunk.rstrip("\n").split("\n")
                while shown and not shown[-1].strip():
                    shown.pop()
                steps.append((head[2:], shown))
        elif lang == "bash":
            for line in lines:
                code = line.split("  #", 1)[0].strip()
                for part in (p.strip() for p in code.split("&&")):  # pip install -e . && kg build
                    if part.startswith(("kg ", "mkdir ", "printf ")) and not _SYNOPSIS.match(part) \
                            and _NEEDS_A_CLUSTER not in part:
                        steps.append((part, None))
    return steps


def test_the_readme_shows_commands_to_check() -> None:
    shown = [c for c, out in _commands() if out is not None]
    assert any(c.startswith("kg build") for c in shown) and any(c.startswith("kg eval") for c in shown)
    assert len(shown) >= 8


def test_every_command_runs_and_prints_what_the_readme_shows(workspace: Path, tmp_path: Path) -> None:
    failures = []
    for command, shown in _commands():
        done = _run(command, workspace, tmp_path / "cache")
        if done.returncode != 0:
            failures.append(f"$ {command}\nexit {done.returncode}\n{done.stderr[-2000:]}")
            continue
        if shown is None:
            continue
        printed = _SECONDS.sub("in N s", done.stdout).rstrip("\n").split("\n")
        expected = [_SECONDS.sub("in N s", line) for line in shown]
        if printed[:len(expected)] != expected:
            failures.append(f"$ {command}\nREADME shows:\n" + "\n".join(expected)
                            + "\nthe command prints:\n" + "\n".join(printed[:len(expected) + 2]))
    assert not failures, "\n\n".join(failures)


def test_the_python_examples_run(workspace: Path) -> None:
    codes = [body for lang, body, _ in _blocks() if lang == "python"]
    assert len(codes) >= 2  # the notebook API, and spaCy
    for code in codes:
        done = subprocess.run([sys.executable, "-c", code], cwd=workspace, capture_output=True, text=True,
                              timeout=600, env={**os.environ, "MPLBACKEND": "Agg"})
        assert done.returncode == 0, code + "\n" + done.stderr[-2000:]


def test_the_synopses_name_every_option_and_only_real_ones() -> None:
    """The README's synopsis of each subcommand against its ``--help``."""
    usage = next(body for lang, body, _ in _blocks() if lang == "bash" and _SYNOPSIS.match(body))
    synopses: dict[str, str] = {}
    for line in usage.split("\n"):
        if line.startswith("kg "):
            name = line.split()[1]
            synopses[name] = line
        else:
            synopses[name] += " " + line.strip()
    for name, synopsis in synopses.items():
        helped = subprocess.run([sys.executable, "-m", "kg", name, "--help"], capture_output=True, text=True,
                                env={**os.environ, "COLUMNS": "200"})
        assert helped.returncode == 0, name
        options = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*|-v)\b", helped.stdout)) - {"--help", "--verbose", "-v"}
        listed = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*|-v)\b", synopsis)) - {"-v"}  # all take -v
        assert listed == options, f"kg {name}: README lists {sorted(listed - options)} that --help lacks, " \
                                  f"and lacks {sorted(options - listed)}"
