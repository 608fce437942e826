"""The pipeline's work grows in proportion to the input (issue 13).

Wall time is too noisy on a shared machine to assert on, so the work is counted instead: the
number of lines of the project's own code that run while one document is built and extracted.
A stage that rescans the text from its start for every match, or compares every block with
every other, makes that count grow with the square of the input; doubling the document must
instead add about twice the work the previous doubling added. The documents are written here: sections of requirements, each with
a lead unit, a deadline and a statement of progress, numbered so that no two are the same.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

from duban.extractors.registry import get_extractors
from duban.pipeline.extract import extract_file

ROOT = str(Path(__file__).resolve().parents[1])
_NUMERALS = "一二三四五六七八九十"


def _section(n: int) -> str:
    """One numbered section: a heading, two enumerated measures, a table-like unit line and progress."""
    head = _NUMERALS[n % 10]
    return (
        f"{head}、加强第{n}片区基础设施建设\n"
        f"（一）推进第{n}批老旧小区改造。各区县人民政府要在{2025 + n % 3}年{n % 12 + 1}月底前"
        f"完成改造任务{n * 3 + 7}个，市住房城乡建设局负责督促指导。\n"
        f"责任单位：市住房城乡建设局、市财政局\n"
        f"完成时限：{2026 + n % 2}年12月31日前\n"
        f"（二）完善第{n}号排水管网。市水务局牵头，会同市发展改革委，于{n % 9 + 1}月底前制定"
        f"实施方案，并于年底前全面完成建设。\n"
        f"截至目前，已完成管网铺设{n * 5 + 2}公里，{n % 4 + 1}个泵站正在加紧施工。\n\n"
    )


def _document(sections: int) -> str:
    title = "关于印发《城市基础设施建设三年行动方案》的通知\n\n"
    return title + "".join(_section(n) for n in range(1, sections + 1))


def _lines_run(path: Path) -> tuple[int, int]:
    """Lines of project code run while extracting `path`, and how many measures came out."""
    extractors = get_extractors(("rules",))  # rule files load before counting starts
    count = 0

    def local(frame: FrameType, event: str, arg: Any) -> Callable[..., Any] | None:
        nonlocal count
        if event == "line":
            count += 1
        return local

    def calls(frame: FrameType, event: str, arg: Any) -> Callable[..., Any] | None:
        filename = frame.f_code.co_filename
        own = filename.startswith(ROOT) and "/.venv/" not in filename and "/tests/" not in filename
        return local if own else None

    previous = sys.gettrace()
    sys.settrace(calls)
    try:
        doc = extract_file(path, path.name, extractors)
    finally:
        sys.settrace(previous)
    return count, len(doc.measures)


def test_doubling_the_document_roughly_doubles_the_work(tmp_path: Path) -> None:
    # One document first, uncounted: what the finders load on their first document (word lists
    # read lazily, caches) is paid once per process, and run alone this test would otherwise
    # count it in the first run only, where the differences below assume the same fixed cost.
    warm = tmp_path / "warm.txt"
    warm.write_text(_document(4), encoding="utf-8")
    _lines_run(warm)
    runs = []
    for sections in (40, 80, 160):
        path = tmp_path / f"doc-{sections}.txt"
        path.write_text(_document(sections), encoding="utf-8")
        runs.append(_lines_run(path))
    (work_1, measures_1), (work_2, measures_2), (work_4, measures_4) = runs
    assert measures_1 >= 80  # the fixture really exercises the measure, unit and deadline finders
    assert measures_4 >= 2 * measures_2 - 2 >= 4 * measures_1 - 6
    # What the second doubling adds over what the first added: the fixed cost (loading, the
    # title) cancels out, linear work gives 2, and work growing with the square of the input
    # gives 4. Now about 2.1; one loop over all blocks per measure made it 2.7.
    growth = (work_4 - work_2) / (work_2 - work_1)
    assert growth < 2.4, (work_1, work_2, work_4)
