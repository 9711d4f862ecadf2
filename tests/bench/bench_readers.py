"""Benchmark: how fast each reader turns a realistic document into text; prints pages per second.

    python tests/bench/bench_readers.py [--pages 60] [--text FILE]

One document (a regulation from policy-corpus if ``--text`` names one, else the seeds) is
written in every format by the tools the tests use: a PDF of about 900 characters a page
(reportlab, a built-in CJK font), a Word file (python-docx), a web page in a government
site's layout, and plain text. Each is read ``--repeat`` times by :func:`kg.ingest.read_source`;
a "page" of the Word file, the web page and the text is 900 characters, so that the figures
compare. Figures, not assertions.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from kg.ingest import read_source  # noqa: E402
from tests.test_formats import pdf_bytes, write_docx, write_html, write_txt  # noqa: E402

PAGE_CHARS = 900


def _lines(path: Path | None, pages: int) -> list[str]:
    text = path.read_text(encoding="utf-8") if path else "\n".join(
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    out: list[str] = []
    while sum(map(len, out)) < pages * PAGE_CHARS:
        out.extend(lines)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--text", type=Path, help="a text file to lay out (default: the seeds)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    lines = _lines(args.text, args.pages)
    chars = sum(map(len, lines))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        per_page = max(1, len(lines) * PAGE_CHARS // chars)
        pdf_pages = [lines[i:i + per_page] for i in range(0, len(lines), per_page)]
        (folder / "doc.pdf").write_bytes(pdf_bytes(pdf_pages, header="国务院办公厅文件"))
        files = {"pdf": folder / "doc.pdf", "docx": write_docx(folder / "doc.docx", lines),
                 "html": write_html(folder / "doc.html", lines), "txt": write_txt(folder / "doc.txt", lines)}
        print(f"{chars:,} characters, {len(pdf_pages)} PDF pages of ~{PAGE_CHARS} characters\n")
        print(f"{'reader':<7}{'bytes':>12}{'seconds':>10}{'pages/s':>10}{'chars/s':>13}")
        for name, path in files.items():
            read_source(path)  # imports and first-use costs are not the reader's speed
            started = time.perf_counter()
            for _ in range(args.repeat):
                text = read_source(path).text
            seconds = (time.perf_counter() - started) / args.repeat
            pages = len(pdf_pages) if name == "pdf" else len(text) / PAGE_CHARS
            print(f"{name:<7}{path.stat().st_size:>12,}{seconds:>10.2f}{pages / seconds:>10.1f}{len(text) / seconds:>13,.0f}")


if __name__ == "__main__":
    main()
