"""A new user's first hour: every subcommand, given a bad path, a bad file or a bad option,
says ``kg: error: ...`` (or ``kg: skipped ...`` for a partial build) with the README's exit
status, and never shows a Python traceback.

One table: each row is a subcommand and one bad thing, run as a user runs it
(``python -m kg ...``). The machine these tests run on runs them as root, for whom no file is
unreadable, so "cannot read" is played by a path under a file (``plain.txt/x.ttl``) and by a
folder where a file is wanted.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from kg.commands import COMMANDS

from .conftest import DATA, ROOT
from .test_cli import run_kg

GOOD = "鼓励企业加大研发投入，提升自主创新能力。\n"
BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02\x00\x00\x00\x90wS\xde"
NOT_UTF8 = "鼓励企业加大研发投入，提升自主创新能力。".encode("gb18030")[:-1] + b"\xff\xfe"
GOLD = DATA / "dev_gold.jsonl"


@pytest.fixture(scope="module")
def bad(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of bad things, made once: the rows below name them by path."""
    root = tmp_path_factory.mktemp("bad")
    (root / "good.txt").write_text(GOOD, encoding="utf-8")
    (root / "plain.txt").write_text("a plain file", encoding="utf-8")  # paths under it cannot exist
    for name in ("empty-folder", "folder.txt", "folder.ttl", "folder.jsonl", "folder.rq", "rules-file-folder"):
        (root / name).mkdir()
    (root / "rules-file-folder" / "verbs.txt").mkdir()
    (root / "rules-not-utf8").mkdir()
    (root / "rules-not-utf8" / "verbs.txt").write_bytes(NOT_UTF8)
    for suffix in (".txt", ".ttl", ".jsonl", ".rq", ".md"):
        (root / f"binary{suffix}").write_bytes(BINARY)
        (root / f"empty{suffix}").write_bytes(b"")
    (root / "blank.ttl").write_text("  \n\n", encoding="utf-8")
    (root / "prefixes-only.ttl").write_text("@prefix x: <https://example.org/> .\n", encoding="utf-8")
    (root / "not-turtle.ttl").write_text("this is { not turtle .\n", encoding="utf-8")
    (root / "not-json.jsonl").write_text("{\"sentence\": \"加强监管。\"\nnot json\n", encoding="utf-8")
    (root / "not-utf8.jsonl").write_bytes(NOT_UTF8)
    (root / "byline.txt").write_text("■王峥\n", encoding="utf-8")  # text, but not one sentence
    for name in ("fifo.txt", "fifo.ttl", "fifo.jsonl", "fifo.rq"):  # reading one would wait forever
        os.mkfifo(root / name)
    (root / "rules-fifo").mkdir()
    os.mkfifo(root / "rules-fifo" / "verbs.txt")
    (root / "out").mkdir()
    return root


@dataclass(frozen=True)
class Case:
    """``args`` with ``{bad}`` (the folder above) and ``{out}`` (a fresh output folder) filled in;
    the run must exit ``status`` and say ``says`` on stderr."""

    id: str
    args: tuple[str, ...]
    status: int
    says: str

    def argv(self, bad: Path, out: Path) -> list[str]:
        return [a.format(bad=bad, out=out, gold=GOLD, gold_graph=ROOT / "output" / "graph.ttl")
                for a in self.args]


def _cases(command: str, rows: list[tuple[str, str, int, str]]) -> list[Case]:
    return [Case(f"{command}-{name}", (command, *args.split()), status, says) for name, args, status, says in rows]


# build: every input is skipped with its reason; with nothing left, status 2 and nothing written.
BUILD = _cases("build", [
    ("missing", "{bad}/missing.txt --out {out}", 2, "missing.txt: input not found"),
    ("link-threshold", "{bad}/good.txt --out {out} --link-threshold 1.5", 2, "a score from 0 to 1"),
    ("under-a-file", "{bad}/plain.txt/x.txt --out {out}", 2, "x.txt: input not found"),
    ("folder-named-txt", "{bad}/folder.txt --out {out}", 2, "folder.txt: no .txt, .md, .html, .docx or .pdf files in this folder"),
    ("binary", "{bad}/binary.txt --out {out}", 2, "binary.txt: binary file"),
    ("empty-file", "{bad}/empty.txt --out {out}", 2, "empty.txt: empty file"),
    ("empty-folder", "{bad}/empty-folder --out {out}", 2, "empty-folder: no .txt, .md, .html, .docx or .pdf files in this folder"),
    ("fifo", "{bad}/fifo.txt --out {out}", 2, "fifo.txt: not a regular file"),
    ("no-sentences", "{bad}/byline.txt --out {out}", 2, "byline.txt: no sentences"),
    ("partial", "{bad}/good.txt {bad}/binary.txt --out {out}", 3, "kg: skipped {bad}/binary.txt: binary file"),
    ("partial-no-sentences", "{bad}/good.txt {bad}/byline.txt --out {out}", 3,
     "kg: skipped {bad}/byline.txt: no sentences"),
    ("strict", "{bad}/good.txt {bad}/empty.txt --out {out} --strict", 2, "empty.txt: empty file"),
    ("out-is-a-file", "{bad}/good.txt --out {bad}/plain.txt", 2, "--out is a file, not a folder"),
    ("out-under-a-file", "{bad}/good.txt --out {bad}/plain.txt/out", 2, "plain.txt is a file, not a folder"),
    ("rules-missing", "{bad}/good.txt --out {out} --rules {bad}/missing", 2, "rules folder not found"),
    ("rules-is-a-file", "{bad}/good.txt --out {out} --rules {bad}/plain.txt", 2, "not a file"),
    ("rule-file-is-a-folder", "{bad}/good.txt --out {out} --rules {bad}/rules-file-folder", 2,
     "verbs.txt: a folder, not a rule file"),
    ("rule-file-not-utf8", "{bad}/good.txt --out {out} --rules {bad}/rules-not-utf8", 2, "verbs.txt: not UTF-8"),
    ("rule-file-fifo", "{bad}/good.txt --out {out} --rules {bad}/rules-fifo", 2, "verbs.txt: a special file"),
    ("cache-dir-is-a-file", "{bad}/good.txt --out {out} --cache-dir {bad}/plain.txt", 2,
     "--cache-dir is a file, not a folder"),
    ("cache-dir-under-a-file", "{bad}/good.txt --out {out} --cache-dir {bad}/plain.txt/cache", 2,
     "plain.txt is a file, not a folder"),
    ("dask-address", "{bad}/good.txt --out {out} --dask nowhere", 2, "--dask"),
    ("workers-0", "{bad}/good.txt --out {out} --workers 0", 2, "must be 1 or more"),
    ("rdf-format", "{bad}/good.txt --out {out} --rdf-format xml", 2, "--rdf-format"),
    ("unknown-option", "{bad}/good.txt --out {out} --bogus", 2, "unrecognized arguments: --bogus"),
])

VIEW = _cases("view", [
    ("missing", "{bad}/missing.txt --no-open --out {out}/v.html", 2, "missing.txt: input not found"),
    ("under-a-file", "{bad}/plain.txt/x.txt --no-open --out {out}/v.html", 2, "x.txt: input not found"),
    ("binary", "{bad}/binary.txt --no-open --out {out}/v.html", 2, "binary.txt: binary file"),
    ("empty-file", "{bad}/empty.txt --no-open --out {out}/v.html", 2, "empty.txt: empty file"),
    ("empty-folder", "{bad}/empty-folder --no-open --out {out}/v.html", 2, "no .txt, .md, .html, .docx or .pdf files in this folder"),
    ("partial", "{bad}/good.txt {bad}/empty.txt --no-open --out {out}/v.html", 3,
     "kg: skipped {bad}/empty.txt: empty file"),
    ("out-is-a-folder", "{bad}/good.txt --no-open --out {bad}/empty-folder", 2, "--out is a folder, not a file"),
    ("out-under-a-file", "{bad}/good.txt --no-open --out {bad}/plain.txt/v.html", 2,
     "plain.txt is a file, not a folder"),
    ("no-such-actor", "{bad}/good.txt --no-open --out {out}/v.html --actor 不存在", 2, "no actor '不存在'"),
    ("no-such-article", "{bad}/good.txt --no-open --out {out}/v.html --article 不存在", 2,
     "no article title contains '不存在'"),
    ("depth-0", "{bad}/good.txt --no-open --depth 0", 2, "must be 1 or more"),
    ("actor-and-article", "--actor 企业 --article 标题", 2, "not allowed with argument"),
    ("unknown-option", "{bad}/good.txt --bogus", 2, "unrecognized arguments: --bogus"),
])

EVAL = _cases("eval", [
    ("gold-missing", "{bad}/missing.jsonl {bad}/good.txt", 2, "gold file not found"),
    ("gold-under-a-file", "{bad}/plain.txt/gold.jsonl {bad}/good.txt", 2, "gold.jsonl"),
    ("gold-is-a-folder", "{bad}/folder.jsonl {bad}/good.txt", 2, "gold file is a folder, not a file"),
    ("gold-binary", "{bad}/binary.jsonl {bad}/good.txt", 2, "not UTF-8"),
    ("gold-not-utf8", "{bad}/not-utf8.jsonl {bad}/good.txt", 2, "not UTF-8"),
    ("gold-not-json", "{bad}/not-json.jsonl {bad}/good.txt", 2, "not JSON"),
    ("gold-empty", "{bad}/empty.jsonl {bad}/good.txt", 2, "gold file is empty"),
    ("gold-fifo", "{bad}/fifo.jsonl {bad}/good.txt", 2, "gold file is not a regular file"),
    ("input-missing", "{gold} {bad}/missing.txt", 2, "missing.txt: input not found"),
    ("input-empty-folder", "{gold} {bad}/empty-folder", 2, "no .txt, .md, .html, .docx or .pdf files in this folder"),
    ("input-binary", "{gold} {bad}/binary.txt", 2, "binary.txt: binary file"),
    ("partial", "{gold} {bad}/good.txt {bad}/missing.txt", 3, "kg: skipped {bad}/missing.txt: input not found"),
    ("genres-missing", "{gold} {bad}/good.txt --genres {bad}/missing.md", 2, "genres file not found"),
    ("genres-is-a-folder", "{gold} {bad}/good.txt --genres {bad}/empty-folder", 2, "genres file is a folder"),
    ("genres-binary", "{gold} {bad}/good.txt --genres {bad}/binary.md", 2, "not UTF-8"),
    ("genres-empty", "{gold} {bad}/good.txt --genres {bad}/empty.md", 2, "genres file is empty"),
    ("genres-not-a-table", "{gold} {bad}/good.txt --genres {bad}/good.txt", 2, "expected file<TAB>genre"),
    ("no-gold", "", 2, "the following arguments are required: gold"),
    ("unknown-option", "{gold} {bad}/good.txt --bogus", 2, "unrecognized arguments: --bogus"),
])

QUERY = _cases("query", [
    ("graph-missing", "top-goals --graph {bad}/missing.ttl", 2, "graph file not found"),
    ("graph-under-a-file", "top-goals --graph {bad}/plain.txt/g.ttl", 2, "graph file not found"),
    ("graph-is-a-folder", "top-goals --graph {bad}/folder.ttl", 2, "graph file is a folder, not a file"),
    ("graph-binary", "top-goals --graph {bad}/binary.ttl", 2, "cannot parse"),
    ("graph-not-turtle", "top-goals --graph {bad}/not-turtle.ttl", 2, "cannot parse"),
    ("graph-not-turtle-oxigraph", "top-goals --engine oxigraph --graph {bad}/not-turtle.ttl", 2, "cannot parse"),
    ("graph-empty", "top-goals --graph {bad}/empty.ttl", 2, "graph file is empty"),
    ("graph-blank", "top-goals --graph {bad}/blank.ttl", 2, "graph file is empty"),
    ("graph-fifo", "top-goals --graph {bad}/fifo.ttl", 2, "graph file is not a regular file"),
    ("graph-of-unknown-kind", "top-goals --graph {bad}/good.txt", 2, "cannot tell the RDF format"),
    ("query-file-missing", "{bad}/missing.rq", 2, "query file not found"),
    ("query-file-is-a-folder", "{bad}/folder.rq", 2, "query file is a folder, not a file"),
    ("query-file-binary", "{bad}/binary.rq", 2, "cannot read"),
    ("query-file-empty", "{bad}/empty.rq", 2, "query file is empty"),
    ("query-file-fifo", "{bad}/fifo.rq", 2, "query file is not a regular file"),
    ("not-sparql", "nonsense", 2, "neither a .rq file"),
    ("no-query", "", 2, "give a QUERY"),
    ("param-without-value", "top-goals --param name", 2, "--param takes NAME=VALUE"),
    ("max-width-negative", "top-goals --max-width -1", 2, "must be 0 (never) or more"),
    ("engine", "top-goals --engine nope", 2, "invalid choice"),
    ("unknown-option", "top-goals --bogus", 2, "unrecognized arguments: --bogus"),
]) + [Case("query-bad-sparql", ("query", "SELECT * WHERE {{ ?s ?p }}"), 2, "SPARQL error")]

VALIDATE = _cases("validate", [
    ("missing", "{bad}/missing.ttl", 2, "graph file not found"),
    ("under-a-file", "{bad}/plain.txt/g.ttl", 2, "graph file not found"),
    ("folder", "{bad}/folder.ttl", 2, "graph file is a folder, not a file"),
    ("binary", "{bad}/binary.ttl", 2, "cannot parse"),
    ("not-turtle", "{bad}/not-turtle.ttl", 2, "cannot parse"),
    ("empty-file", "{bad}/empty.ttl", 2, "graph file is empty"),
    ("fifo", "{bad}/fifo.ttl", 2, "graph file is not a regular file"),
    ("prefixes-only", "{bad}/prefixes-only.ttl", 2, "no triples in"),
    ("unknown-kind", "{bad}/good.txt", 2, "cannot tell the RDF format"),
    ("shapes-missing", "{bad}/not-turtle.ttl --shapes {bad}/missing.ttl", 2, "shapes file not found"),
    ("shapes-folder", "{bad}/not-turtle.ttl --shapes {bad}/folder.ttl", 2, "shapes file is a folder"),
    ("shapes-not-turtle", "{gold_graph} --shapes {bad}/not-turtle.ttl", 2, "cannot read the shapes"),
    ("limit-negative", "--limit -1", 2, "must be 0 or more"),
    ("unknown-option", "--bogus", 2, "unrecognized arguments: --bogus"),
])

EXPORT = _cases("export", [
    ("from-missing", "{out}/tables --from {bad}/missing --format csv", 2, "missing"),
    ("from-a-file", "{out}/tables --from {bad}/plain.txt --format csv", 2, "plain.txt"),
    ("from-empty-folder", "{out}/tables --from {bad}/empty-folder --format csv", 2, "empty-folder"),
    ("into-a-file", "{bad}/plain.txt --format csv", 2, "plain.txt"),
    ("format", "{out}/tables --format nope", 2, "nope"),
    ("unknown-option", "{out}/tables --format csv --bogus", 2, "unrecognized arguments: --bogus"),
]) if "export" in COMMANDS else []

SHOW = _cases("show", [
    ("from-missing", "actor 企业 --from {bad}/missing", 2, "missing"),
    ("from-a-file", "actor 企业 --from {bad}/plain.txt", 2, "plain.txt"),
    ("from-empty-folder", "actor 企业 --from {bad}/empty-folder", 2, "empty-folder"),
    ("kind", "measure 企业", 2, "invalid choice"),
    ("no-name", "actor", 2, "the following arguments are required"),
    ("unknown-option", "actor 企业 --bogus", 2, "unrecognized arguments: --bogus"),
]) if "show" in COMMANDS else []

DIFF = _cases("diff", [
    ("old-missing", "{bad}/missing.txt {bad}/good.txt", 2, "missing.txt does not exist"),
    ("new-empty", "{bad}/good.txt {bad}/empty.txt", 2, "empty file"),
    ("one-side", "{bad}/good.txt", 2, "the following arguments are required: NEW"),
    ("threshold", "{bad}/good.txt {bad}/good.txt --threshold 2", 2, "a score above 0 and at most 1"),
    ("threshold-zero", "{bad}/good.txt {bad}/good.txt --threshold 0", 2, "a score above 0 and at most 1"),
    ("format", "{bad}/good.txt {bad}/good.txt --format nope", 2, "invalid choice"),
    ("unknown-option", "{bad}/good.txt {bad}/good.txt --bogus", 2, "unrecognized arguments: --bogus"),
]) if "diff" in COMMANDS else []

#: The least each subcommand needs besides options, so that an unknown option is the error.
REQUIRED = {"eval": (str(GOLD),), "export": ("tables", "--format", "csv"), "show": ("actor", "企业"),
            "diff": ("old.txt", "new.txt")}

# Subcommands added after this table was written: at least their options are checked.
OTHERS = [Case(f"{name}-unknown-option", (name, "--bogus"), 2, "kg: error: ")
          for name in COMMANDS if name not in ("build", "view", "eval", "query", "validate", "export", "show", "diff")]

CASES = BUILD + VIEW + EVAL + QUERY + VALIDATE + EXPORT + SHOW + DIFF + OTHERS


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_bad_path_file_or_option_is_one_clean_message(case: Case, bad: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = run_kg(*case.argv(bad, out))
    said = done.stdout + done.stderr
    assert "Traceback" not in said, said
    assert done.returncode == case.status, said
    assert case.says.format(bad=bad) in done.stderr, done.stderr
    if case.status == 2:
        assert "kg: error: " in done.stderr, done.stderr
        assert not out.exists() or case.id.startswith("view-no-such"), "status 2 writes nothing"
    else:
        assert "kg: skipped " in done.stderr and "kg: error" not in done.stderr, done.stderr
    if "unrecognized arguments" in case.says or "must be" in case.says or "invalid choice" in case.says:
        assert done.stderr.startswith(f"usage: kg {case.args[0]} "), done.stderr  # the subcommand's usage


def test_the_table_walks_every_subcommand() -> None:
    assert {c.args[0] for c in CASES} == set(COMMANDS)


# --------------------------------------------------------------------------- options anywhere


@pytest.mark.parametrize("command", COMMANDS)
def test_an_unknown_option_shows_the_subcommands_usage(command: str) -> None:
    done = run_kg(command, *REQUIRED.get(command, ()), "--bogus")
    assert done.returncode == 2
    assert done.stderr.startswith(f"usage: kg {command} "), done.stderr
    assert done.stderr.rstrip().endswith("kg: error: unrecognized arguments: --bogus"), done.stderr
    assert "{build,eval" not in done.stderr, "not kg's own usage"


def test_an_unknown_option_before_the_subcommand_is_kgs_own() -> None:
    done = run_kg("--bogus", "build")
    assert done.returncode == 2
    assert done.stderr.startswith("usage: kg [-h]") and "unrecognized arguments: --bogus" in done.stderr


@pytest.mark.parametrize("where", ["before", "after", "between inputs"])
def test_verbose_works_before_and_after_the_subcommand(where: str, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text("支持高校开展人工智能研究。\n", encoding="utf-8")
    out = str(tmp_path / "out")
    argv = {"before": ["-v", "build", str(good), str(other), "--out", out],
            "after": ["build", str(good), str(other), "--out", out, "-v"],
            "between inputs": ["build", str(good), "-v", str(other), "--out", out]}[where]
    done = run_kg(*argv)
    assert done.returncode == 0, done.stderr
    assert "INFO kg.extract.document: good.txt:" in done.stderr and "INFO kg.extract.document: other.txt:" in done.stderr
    assert done.stdout.startswith("2 files, 2 articles, 2 sentences")


def test_without_verbose_nothing_is_logged(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    done = run_kg("build", str(good), "--out", str(tmp_path / "out"))
    assert done.returncode == 0 and "INFO" not in done.stderr, done.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_every_subcommand_takes_verbose(command: str) -> None:
    helped = run_kg(command, "--help")
    assert helped.returncode == 0 and "-v, --verbose" in helped.stdout


# --------------------------------------------------------------------------- the last resort


def test_an_unexpected_error_is_one_line_and_the_traceback_is_behind_verbose(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A bug is still no traceback on the screen: one line, and -v to see where it was."""
    from kg import cli

    original = cli.parse_args

    def parse(args: list[str] | None = None):  # noqa: ANN202
        namespace = original(args)
        namespace.run = lambda _args: 1 / 0
        return namespace

    monkeypatch.setattr(cli, "parse_args", parse)
    assert cli.main(["query", "--list"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kg: error: unexpected ZeroDivisionError: division by zero")
    assert "run again with -v" in err and "Traceback" not in err


def test_an_os_error_is_said_as_the_system_says_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from kg import cli

    original = cli.parse_args

    def parse(args: list[str] | None = None):  # noqa: ANN202
        namespace = original(args)
        namespace.run = lambda _args: open(tmp_path / "gone" / "x", encoding="utf-8")  # noqa: SIM115
        return namespace

    monkeypatch.setattr(cli, "parse_args", parse)
    assert cli.main(["query", "--list"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kg: error: ") and "gone" in err and "No such file or directory" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file whatever its mode")
@pytest.mark.parametrize("argv", [
    ("build", "{f}", "--out", "{out}"),
    ("validate", "{f}"),
    ("query", "top-goals", "--graph", "{f}"),
])
def test_an_unreadable_file_is_a_clean_error(argv: tuple[str, ...], tmp_path: Path) -> None:
    f = tmp_path / ("locked.ttl" if argv[0] != "build" else "locked.txt")
    f.write_text(GOOD, encoding="utf-8")
    f.chmod(0)
    done = run_kg(*(a.format(f=f, out=tmp_path / "out") for a in argv))
    assert done.returncode == 2 and "kg: error: " in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("argv, says", [
    (("build", "{f}.txt", "--out", "{out}", "--no-cache"), "locked.txt: cannot read: Permission denied"),
    (("view", "{f}.txt", "--out", "{out}/v.html", "--no-open", "--no-cache"), "locked.txt: cannot read"),
    (("validate", "{f}.ttl"), "cannot read the graph file"),
    (("query", "top-goals", "--graph", "{f}.ttl"), "cannot read the graph file"),
    (("query", "{f}.rq"), "cannot read the query file"),
    (("eval", "{f}.jsonl", "{f}.txt", "--no-cache"), "cannot read the gold file"),
])
def test_an_unreadable_file_is_a_clean_error_even_for_root(argv: tuple[str, ...], says: str, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """Root reads every file, so here opening ``locked.*`` fails as it would for another user."""
    from kg import cli

    for suffix in (".txt", ".ttl", ".rq", ".jsonl"):
        (tmp_path / f"locked{suffix}").write_text(GOOD, encoding="utf-8")
    real_open = Path.open

    def locked_open(self: Path, *args: object, **kwargs: object):  # noqa: ANN202
        if self.name.startswith("locked."):
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", locked_open)
    code = cli.main([a.format(f=tmp_path / "locked", out=tmp_path / "out") for a in argv])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.startswith("kg: error: ") and says in err and "Traceback" not in err, err
