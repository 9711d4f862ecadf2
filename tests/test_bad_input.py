"""Whatever scrapers and archives hold: each bad input is named with its reason, the rest is built.

In-process tests (``kg.pipeline.build``) cover one case each; the command-line tests check the
exit statuses a script relies on: 0 built, 3 partial, 2 nothing usable or ``--strict``.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from kg.errors import InputError, OutputError
from kg.ingest import decode, find_inputs
from kg.pipeline import build, check_out

from .test_cli import OUTPUTS, run_kg

GOOD = "开展场景创新的产学研合作，支持高校、科研院所开展人工智能研究，提升创新能力。\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02\x00\x00\x00\x90wS\xde"


def _good(folder: Path, name: str = "good.txt") -> Path:
    path = folder / name
    path.write_text(GOOD, encoding="utf-8")
    return path


def _skipped_reason(tmp_path: Path, bad: Path) -> str:
    """Build a good file and ``bad``; the good one is built and ``bad`` is skipped: why."""
    result = build([_good(tmp_path), bad])
    assert [d.source.name for d in result.documents] == ["good.txt"]
    assert result.measures, "the good file must still be built"
    ((path, reason),) = result.skipped
    assert path == str(bad)
    return reason


def test_missing_path_is_skipped(tmp_path: Path) -> None:
    assert _skipped_reason(tmp_path, tmp_path / "missing.txt") == "input not found"


def test_folder_without_input_files_is_skipped(tmp_path: Path) -> None:
    empty = tmp_path / "nothing-here"
    empty.mkdir()
    (empty / "notes.rtf").write_text("{\\rtf1 not a format policykg reads}", encoding="utf-8")
    assert _skipped_reason(tmp_path, empty) == "no .txt, .md, .html, .docx or .pdf files in this folder"


def test_unreadable_file_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "locked.txt"
    bad.write_text(GOOD, encoding="utf-8")
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:  # root ignores chmod 000, so refuse the read here
        if self == bad:
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert _skipped_reason(tmp_path, bad) == "cannot read: Permission denied"


def test_link_to_nothing_is_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    _good(folder)
    (folder / "gone.txt").symlink_to(tmp_path / "deleted.txt")
    result = build([folder])
    assert result.skipped == ((str(folder / "gone.txt"), "cannot read: a link to nothing"),)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifo_named_txt_is_skipped_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # reading it would block for ever
    assert _skipped_reason(tmp_path, fifo) == "not a regular file"


@pytest.mark.parametrize("content, reason", [
    (b"", "empty file"),
    (b"  \n\t\r\n\xe3\x80\x80\n", "only whitespace, no text"),
])
def test_empty_and_whitespace_files_are_skipped(tmp_path: Path, content: bytes, reason: str) -> None:
    bad = tmp_path / "blank.txt"
    bad.write_bytes(content)
    assert _skipped_reason(tmp_path, bad) == reason


@pytest.mark.parametrize("content", [PNG * 20, bytes(range(1, 32)) * 100], ids=["png", "control-bytes"])
def test_binary_file_renamed_txt_is_skipped(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "photo.txt"
    bad.write_bytes(content)
    assert _skipped_reason(tmp_path, bad).startswith("binary file")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030", "gbk"])
def test_every_supported_encoding_gives_the_same_measures(tmp_path: Path, encoding: str) -> None:
    reference = build([_good(tmp_path)]).measures
    path = tmp_path / "encoded" / "good.txt"
    path.parent.mkdir()
    path.write_bytes(GOOD.encode(encoding))
    measures = build([path]).measures
    assert [m.text for m in measures] == [m.text for m in reference]
    source = build([path]).documents[0].source.text
    assert all(source[m.start:m.end] == m.text for m in measures)


def test_mixed_line_endings_are_one_text(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes("第一条 加强政策引导。\r\n第二条 完善体制机制。\r第三条 推进数据共享。\n".encode())
    result = build([path])
    assert [m.text for m in result.measures] == ["加强政策引导", "完善体制机制", "推进数据共享"]
    text = result.documents[0].source.text
    assert all(text[m.start:m.end] == m.text for m in result.measures)


def test_damaged_utf8_is_replaced_and_the_byte_offset_named(caplog: pytest.LogCaptureFixture) -> None:
    data = GOOD.encode("utf-8")
    cut = data.index("支持".encode())  # a character boundary
    damaged = data[:cut] + b"\xff" + data[cut:]
    with caplog.at_level(logging.WARNING):
        text, encoding = decode(damaged, "page.txt")
    assert encoding == "utf-8", "a few bad bytes must not turn a UTF-8 file into GB18030 nonsense"
    assert text == GOOD[:GOOD.index("支持")] + "\ufffd" + GOOD[GOOD.index("支持"):]
    assert f"page.txt: 1 undecodable byte(s) in utf-8 at byte offset {cut}: replaced with U+FFFD" in caplog.text


def test_gb18030_is_not_mistaken_for_damaged_utf8() -> None:
    text, encoding = decode((GOOD * 3).encode("gb18030"))
    assert (text, encoding) == (GOOD * 3, "gb18030")


def test_utf16_with_bad_bytes_is_refused() -> None:
    with pytest.raises(InputError, match="UTF-16 byte order mark, but byte"):
        decode(b"\xff\xfe" + "加强".encode("utf-16-le") + b"\x00\xd8")


def test_odd_file_names_survive_every_output(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    names = ["with space.txt", "政策 文件.txt", "it's \"quoted\".txt", "a#b%c?.txt"]
    for name in names:
        _good(folder, name)
    out = tmp_path / "out"
    done = run_kg("build", str(folder), "--out", str(out), "--rdf-format", "nt,json-ld,trig")
    assert done.returncode == 0, done.stderr
    import json

    import pyoxigraph as ox

    rows = [json.loads(line) for line in (out / "measures.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {r["source"] for r in rows} == set(names)
    for name, fmt in [("graph.ttl", ox.RdfFormat.TURTLE), ("graph.nt", ox.RdfFormat.N_TRIPLES),
                      ("graph.jsonld", ox.RdfFormat.JSON_LD), ("graph.trig", ox.RdfFormat.TRIG)]:
        quads = list(ox.parse((out / name).read_bytes(), format=fmt))
        file_names = {q.object.value for q in quads if q.predicate.value.endswith("#fileName")}
        assert file_names == set(names), name


# --------------------------------------------------------------------------- the command line

def _folder_with_bad_files(tmp_path: Path) -> Path:
    folder = tmp_path / "batch"
    folder.mkdir()
    _good(folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "photo.txt").write_bytes(PNG * 20)
    return folder


def test_a_batch_goes_on_past_bad_files_and_exits_3(tmp_path: Path) -> None:
    folder = _folder_with_bad_files(tmp_path)
    out = tmp_path / "out"
    done = run_kg("build", str(folder), str(tmp_path / "missing"), "--out", str(out))
    assert done.returncode == 3, done.stderr
    assert "1 file (3 skipped)" in done.stdout
    for name, reason in [("empty.txt", "empty file"), ("photo.txt", "binary file"), ("missing", "input not found")]:
        assert f"kg: skipped {tmp_path / 'batch' / name if name != 'missing' else tmp_path / name}: {reason}" \
            in done.stderr
    assert all((out / name).exists() for name in OUTPUTS)


def test_strict_stops_at_the_first_bad_file_and_writes_nothing(tmp_path: Path) -> None:
    folder = _folder_with_bad_files(tmp_path)
    out = tmp_path / "out"
    done = run_kg("build", str(folder), "--out", str(out), "--strict")
    assert done.returncode == 2
    assert "kg: error:" in done.stderr and "empty.txt: empty file" in done.stderr
    assert not out.exists()


def test_no_usable_input_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("previous", encoding="utf-8")
    done = run_kg("build", str(tmp_path / "empty.txt"), "--out", str(out))
    assert done.returncode == 2
    assert "no usable input" in done.stderr and "empty file" in done.stderr
    assert [p.name for p in out.iterdir()] == ["graph.ttl"]
    assert (out / "graph.ttl").read_text(encoding="utf-8") == "previous"


def test_out_in_a_folder_that_cannot_be_written_fails_before_any_work(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("keep me", encoding="utf-8")
    for out in (blocker / "out", Path("/proc/policykg-out")):  # /proc refuses even root
        with pytest.raises(OutputError, match="cannot"):
            check_out(out)
    done = run_kg("build", "--out", str(blocker / "out"))
    assert done.returncode == 2
    assert "is a file, not a folder" in done.stderr
    assert "files," not in done.stdout, "no build may run when the output cannot be written"
    assert blocker.read_text(encoding="utf-8") == "keep me"


def test_find_inputs_lists_what_it_passes_over(tmp_path: Path) -> None:
    good = _good(tmp_path)
    found = find_inputs([tmp_path, tmp_path / "nope"])
    assert found.files == (good,)
    assert found.skipped == ((str(tmp_path / "nope"), "input not found"),)
