"""PDF loading throughput: pages/s of `load_pdf` beside bare pypdfium2 text extraction, same files.

`load_pdf` reads every page with pypdfium2 too, then scans the page objects for ruling lines, runs
pdfplumber on the pages with a grid, places each line by its glyphs' boxes and removes furniture;
the ratio says what that costs. Runs over the shared dev-pdf and pdf corpora, or over PDFs drawn
by the test factory when they are absent.

The figure is CPU time (`time.process_time`), with wall time beside it: on the shared two-core
machine other processes slow the wall clock of whichever reader runs while they are busy, so a
wall-clock ratio measured reader after reader drifts with the load (0.27× one day, 0.57× another
for the same code). The two readers also alternate within each round (raw then loader, then
loader then raw), and the ratio reported is the median of the per-round ratios, so a burst of
load lands on both sides. The load average at the start and end is printed with the table.
"""

from __future__ import annotations

import argparse
import os
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
Reader = Callable[[Path], int]


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


READERS: dict[str, Reader] = {"pypdfium2": pdfium_text, "load_pdf": loader}


def timed(files: list[Path], read: Reader) -> tuple[float, float]:
    """Wall and CPU seconds of one pass of `read` over `files`."""
    wall, cpu = time.perf_counter(), time.process_time()
    for path in files:
        read(path)
    return time.perf_counter() - wall, time.process_time() - cpu


def rounds(files: list[Path], repeat: int) -> list[dict[str, tuple[float, float]]]:
    """`repeat` rounds, each timing both readers once, the order swapped every other round."""
    found = []
    for number in range(repeat):
        names = list(READERS) if number % 2 == 0 else list(READERS)[::-1]
        found.append({name: timed(files, READERS[name]) for name in names})
    return found


def extractor_counts(files: list[Path]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for path in files:
        try:
            counts.update(page.extractor for page in load_pdf(path, path.name).pages)
        except DubanError as error:
            counts[error.kind.name] += 1
    return counts


def report(name: str, files: list[Path], repeat: int) -> None:
    pages = sum(pdfium_text(path) for path in files)
    timed(files, loader)  # warm: imports, rule files, pdfplumber on the first grid
    measured = rounds(files, repeat)
    for clock, label in ((1, "CPU"), (0, "wall")):
        raw = statistics.median(pages / found["pypdfium2"][clock] for found in measured)
        loaded = statistics.median(pages / found["load_pdf"][clock] for found in measured)
        ratio = statistics.median(found["pypdfium2"][clock] / found["load_pdf"][clock] for found in measured)
        print(f"{name:<10} {label:<5} {len(files):>5} {pages:>5} {raw:>14.0f} {loaded:>13.1f} {ratio:>6.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5, help="rounds per corpus; medians are reported")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        corpora = shared_corpora() or generated_corpus(Path(scratch))
        start_load = os.getloadavg()
        print(f"median of {args.repeat} rounds, readers alternating; pages/s over all pages of each corpus")
        print("ratio: median over the rounds of load_pdf's pages/s over pypdfium2's in the same round\n")
        print(
            f"{'corpus':<10} {'clock':<5} {'files':>5} {'pages':>5} {'pypdfium2 p/s':>14} "
            f"{'load_pdf p/s':>13} {'ratio':>6}"
        )
        for name, files in corpora.items():
            report(name, files, args.repeat)
        end_load = os.getloadavg()
        print(f"\nload average (1 min) {start_load[0]:.2f} at the start, {end_load[0]:.2f} at the end")
        for name, files in corpora.items():
            counts = ", ".join(f"{key} {value}" for key, value in sorted(extractor_counts(files).items()))
            print(f"\n{name}: pages by extractor (and files by error): {counts}")


if __name__ == "__main__":
    main()
