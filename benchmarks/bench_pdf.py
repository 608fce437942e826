"""PDF loading throughput: pages/s of `load_pdf` beside bare pypdfium2 text extraction, same files.

`load_pdf` reads every page with pypdfium2 too, then scans the page objects for ruling lines, runs
pdfplumber on the pages with a grid, and removes furniture; the ratio says what that costs. Runs
over the shared dev-pdf and pdf corpora, or over PDFs drawn by the test factory when they are
absent; prints the median of several runs per corpus.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium

from duban.base.errors import DubanError
from duban.pipeline.loaders.pdf import load_pdf

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"


def shared_corpora() -> dict[str, list[Path]]:
    found = {name: sorted((SHARED / name).glob("*.pdf")) for name in ("dev-pdf", "pdf")}
    return {name: files for name, files in found.items() if files}


def generated_corpus(folder: Path) -> dict[str, list[Path]]:
    """Text, table and scan PDFs from the test factory, for machines without the shared corpus."""
    sys.path.insert(0, str(ROOT))
    from tests.pdf_factory import image_pdf, table_pdf, text_pdf

    body = [
        [
            f"第{n}条 各单位要于2025年{n % 12 + 1}月底前完成第{n}项整改任务，并报送进展情况。"
            for n in range(30)
        ]
    ]
    rows = [["序号", "任务", "牵头单位", "完成时限"]] + [
        [str(n), f"第{n}项任务", "市发展改革委", "年底前"] for n in range(40)
    ]
    files = [
        text_pdf(folder / "text.pdf", body * 20, header="某某市人民政府文件", footer=lambda n: f"- {n} -"),
        table_pdf(folder / "table.pdf", "任务分工如下。", rows, "抓好落实。", [15, 55, 36, 40]),
        image_pdf(folder / "scan.pdf", 2),
    ]
    return {"generated": files}


def pdfium_text(path: Path) -> int:
    """The baseline: open, read every page's text with pypdfium2, close; returns the page count."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        return len(pdf)
    finally:
        pdf.close()


def loader(path: Path) -> int:
    try:
        return len(load_pdf(path, path.name).pages)
    except DubanError:
        return 0


def median_seconds(files: list[Path], read: Callable[[Path], int], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for path in files:
            read(path)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def extractor_counts(files: list[Path]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for path in files:
        try:
            counts.update(page.extractor for page in load_pdf(path, path.name).pages)
        except DubanError as error:
            counts[error.kind.name] += 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5, help="runs per corpus; the median is reported")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        corpora = shared_corpora() or generated_corpus(Path(scratch))
        print(f"median of {args.repeat} runs; pages/s over all pages of each corpus\n")
        print(
            f"{'corpus':<10} {'files':>5} {'pages':>5} {'pypdfium2 p/s':>14} {'load_pdf p/s':>13} {'ratio':>6}"
        )
        for name, files in corpora.items():
            pages = sum(pdfium_text(path) for path in files)
            loader(files[0])
            raw = pages / median_seconds(files, pdfium_text, args.repeat)
            loaded = pages / median_seconds(files, loader, args.repeat)
            print(f"{name:<10} {len(files):>5} {pages:>5} {raw:>14.0f} {loaded:>13.1f} {loaded / raw:>6.2f}")
        for name, files in corpora.items():
            counts = ", ".join(f"{key} {value}" for key, value in sorted(extractor_counts(files).items()))
            print(f"\n{name}: pages by extractor (and files by error): {counts}")


if __name__ == "__main__":
    main()
