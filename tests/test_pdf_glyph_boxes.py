"""The page-wide read of glyph boxes (`pdf._GlyphBoxes`) against pypdfium2's own per-character read.

The loader reads every character's loose box through one ctypes prototype into one buffer, and
tests the reading order of every line on those boxes as arrays; pypdfium2's `get_charbox` is the
reference it must equal, box for box, on pages with what makes boxes differ: CJK and Latin
fonts side by side, a line drawn glyph by glyph from right to left, text turned upside down, a
glyph raised above its line, pdfium's line-end hyphen marker, and a page with /Rotate. The
drafted lines (text in box order, placement, first word) must be those the per-character read
gives, which these tests work out the way the loader did before the page-wide read.
"""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from duban.pipeline.loaders import pdf as pdf_loader
from duban.pipeline.loaders.pdf_layout import PDFIUM_HYPHEN, Line, lead_length
from tests.pdf_factory import CJK_FONT, LEFT, LINE, TOP, _register_fonts, two_font_pdf

BACKWARDS = "自右向左逐字绘制的一行"
QUOTED = ["各区县要持续深化“放管服”改革，在2025年6月底前全面推行“一网通办”，提升群众的获得感。"]


def _mixed_pdf(path: Path) -> Path:
    """Two pages: mixed scripts and lines out of order on an upright page, then a page with /Rotate."""
    _register_fonts()
    canvas = Canvas(str(path), pagesize=A4)
    canvas.setFont(CJK_FONT, 12)
    canvas.drawString(LEFT, TOP, "第1条 各单位要于2025年6月底前完成 ABC 整改任务。")
    canvas.setFont("Vera", 11)
    canvas.drawString(LEFT, TOP - LINE, "Quarterly reports on information tech-")
    canvas.drawString(LEFT, TOP - 2 * LINE, "nology budgets are due by 30 June 2025.")
    canvas.setFont(CJK_FONT, 12)
    for index, glyph in reversed(list(enumerate(BACKWARDS))):  # last glyph first: pdfium reads it so
        canvas.drawString(LEFT + 12 * index, TOP - 3 * LINE, glyph)
    canvas.drawString(LEFT, TOP - 4 * LINE, "见附件说明")
    canvas.setFont(CJK_FONT, 7)
    canvas.drawString(LEFT + 9, TOP - 4 * LINE + 8, "1")  # a raised note mark, drawn after its line
    # A glyph 4 points left of the one before: a step back by a quarter of the small glyph's
    # height, not of the large one's; the height that counts is the later glyph's.
    for row, (first, second) in enumerate(((6, 24), (24, 6)), start=5):
        canvas.setFont(CJK_FONT, first)
        canvas.drawString(LEFT, TOP - row * LINE, "字号")
        canvas.setFont(CJK_FONT, second)
        canvas.drawString(LEFT + first - 4, TOP - row * LINE, "大")
    canvas.saveState()
    canvas.translate(LEFT + 200, TOP - 8 * LINE)
    canvas.rotate(180)
    canvas.setFont(CJK_FONT, 12)
    canvas.drawString(0, 0, "倒置的文字 upside down")
    canvas.restoreState()
    canvas.showPage()
    canvas.setPageRotation(90)
    canvas.setFont(CJK_FONT, 12)
    canvas.drawString(LEFT, TOP, "横向页面上的文字 landscape 2025")
    canvas.showPage()
    canvas.save()
    return path


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("glyphs")
    return [_mixed_pdf(folder / "mixed.pdf"), two_font_pdf(folder / "quoted.pdf", QUOTED)]


def _pages(paths: list[Path]) -> list[tuple[pdfium.PdfPage, pdfium.PdfTextPage]]:
    pages = []
    for path in paths:
        pdf = pdfium.PdfDocument(str(path))
        for index in range(len(pdf)):
            page = pdf[index]
            pages.append((page, page.get_textpage()))
    return pages


def _reference_line(text: str, start: int, textpage: pdfium.PdfTextPage, top: float, left: float) -> Line:
    """One line as the loader drafted it from `get_charbox`, character by character."""
    boxes = [textpage.get_charbox(index, loose=True) for index in range(start, start + len(text))]
    text, boxes = pdf_loader.in_box_order(text, boxes)
    line = Line(text)
    first = len(text) - len(text.lstrip())
    box = boxes[first]
    line.top, line.bottom, line.left = top - box[3], top - box[1], box[0] - left
    line.right = boxes[len(text.rstrip()) - 1][2] - left
    line.lead = boxes[first + lead_length(text) - 1][2] - box[0]
    return line


def _line_spans(raw: str) -> list[tuple[int, int]]:
    return [match.span() for match in pdf_loader._LINE.finditer(raw) if match.group().strip()]


def _skip_without_cjk_font(pdfs: list[Path]) -> None:
    """The fixtures draw CJK text in a font they do not embed (reportlab's STSong-Light), as many
    printers do; pdfium places such glyphs by a system font with CJK glyphs, and on a machine with
    none (no `fonts-wqy-microhei`, say) its own text of the page lacks the glyphs drawn one by one.
    pypdfium2's text, not duban's, is what is looked at: these two tests then have no backwards
    line to compare and say so instead of failing on pdfium's missing characters."""
    raw = _pages(pdfs[:1])[0][1].get_text_range()
    if BACKWARDS not in raw:
        pytest.skip(
            "pdfium drops the glyphs of a font the PDF does not embed when no CJK system font is "
            "installed (install fonts-wqy-microhei, as .ci/run does)"
        )


def test_every_box_is_the_one_pypdfium2_gives_per_character(pdfs: list[Path]) -> None:
    """Read over the lines (as the loader reads them) and over the whole page in one span."""
    _skip_without_cjk_font(pdfs)
    checked, most_lines = "", 0
    for _page, textpage in _pages(pdfs):
        raw = textpage.get_text_range()
        spans = _line_spans(raw)
        most_lines = max(most_lines, len(spans))
        by_line = pdf_loader._GlyphBoxes(textpage, raw, spans)
        for index in itertools.chain.from_iterable(itertools.starmap(range, spans)):
            assert by_line.box(index) == textpage.get_charbox(index, loose=True), (raw[index], index)
            checked += raw[index]
        whole = pdf_loader._GlyphBoxes(textpage, raw, [(0, len(raw))])
        for index in range(textpage.count_chars()):
            assert whole.box(index) == textpage.get_charbox(index, loose=True), (raw[index], index)
    assert {"A", "2", "倒", "横", BACKWARDS[0], "“", PDFIUM_HYPHEN} <= set(checked)
    assert most_lines >= 8


def test_the_lines_out_of_order_are_those_the_per_character_test_finds(pdfs: list[Path]) -> None:
    _skip_without_cjk_font(pdfs)
    found = {True: 0, False: 0}
    for _page, textpage in _pages(pdfs):
        raw = textpage.get_text_range()
        glyphs = pdf_loader._GlyphBoxes(textpage, raw, _line_spans(raw))
        for match in pdf_loader._LINE.finditer(raw):
            if not match.group().strip():
                continue
            inked = [i for i, char in enumerate(match.group()) if not char.isspace()]
            boxes = [textpage.get_charbox(match.start() + i, loose=True) for i in range(len(match.group()))]
            expected = len(inked) >= 2 and pdf_loader._out_of_order(inked, boxes)
            assert glyphs.out_of_order(match.start()) == expected, match.group()
            found[expected] += 1
    assert found[True] >= 3 and found[False] >= 3, found  # backwards, upside down, quotes moved


def test_the_drafted_lines_are_those_of_the_per_character_read(pdfs: list[Path]) -> None:
    reordered = 0
    for number, (page, textpage) in enumerate(_pages(pdfs), start=1):
        draft = pdf_loader._pdfium_draft(number, page, textpage)
        raw = textpage.get_text_range()
        left, _bottom, _right, top = page.get_bbox()
        matches = [m for m in pdf_loader._LINE.finditer(raw) if m.group().strip()]
        if page.get_rotation():
            assert [line.text for line in draft.lines] == [m.group() for m in matches]
            assert all(line.top is None for line in draft.lines)  # a turned page is not placed
            continue
        expected = [
            _reference_line(m.group().replace(PDFIUM_HYPHEN, "-"), m.start(), textpage, top, left)
            for m in matches
        ]
        assert draft.lines == expected
        reordered += sum(m.group() != line.text for m, line in zip(matches, draft.lines, strict=True))
    assert reordered >= 2  # the backwards line and the quoted one were read in box order


def test_a_page_without_text_reads_no_boxes(tmp_path: Path) -> None:
    canvas = Canvas(str(tmp_path / "blank.pdf"), pagesize=A4)
    canvas.showPage()
    canvas.save()
    ((page, textpage),) = _pages([tmp_path / "blank.pdf"])
    assert textpage.count_chars() == 0
    assert pdf_loader._pdfium_draft(1, page, textpage).lines == []


def test_a_step_back_across_a_line_break_or_hyphen_marker_is_none(pdfs: list[Path]) -> None:
    """The next line starts left of where its line ended; lines part at a line break and after
    pdfium's hyphen marker, so neither is out of order."""
    ((_page, textpage), *_rest) = _pages(pdfs[:1])
    raw = textpage.get_text_range()
    glyphs = pdf_loader._GlyphBoxes(textpage, raw, _line_spans(raw))
    starts = [m.start() for m in pdf_loader._LINE.finditer(raw) if m.group().strip()]
    hyphened = [
        (start, after) for start, after in itertools.pairwise(starts) if raw[after - 1] == PDFIUM_HYPHEN
    ]
    assert len(hyphened) == 1
    assert not any(glyphs.out_of_order(start) for start in hyphened[0] + tuple(starts[:1]))


def test_the_page_wide_test_agrees_with_the_per_glyph_one_on_random_lines() -> None:
    """Random characters (spaces, line breaks and hyphen markers among them) with random boxes,
    glyph heights from 3 to 24 points and steps back of up to 8: the lines `_GlyphBoxes` finds
    out of order are those `_out_of_order` finds line by line. Box values are multiples of 1/4,
    exact in pdfium's float32."""
    rng = random.Random(54)
    alphabet = ["甲", "乙", "a", "1", " ", "\u3000", "\r", "\n", PDFIUM_HYPHEN]
    lines_seen = {True: 0, False: 0}
    for _ in range(400):
        raw = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 30)))
        boxes, x = [], 0.0
        for _char in raw:
            x += rng.choice([6.0, 6.0, 6.0, -rng.randrange(1, 33) / 4])
            bottom, height = rng.randrange(0, 8) / 4, rng.randrange(12, 97) / 4
            boxes.append((x, bottom, x + 6.0, bottom + height))
        floats = np.array(
            [(left, top, right, bottom) for left, bottom, right, top in boxes], dtype=np.float32
        )
        line_of, late = pdf_loader._GlyphBoxes._backstepping_lines(raw, floats.ravel())
        for match in pdf_loader._LINE.finditer(raw):
            if not match.group().strip():
                continue
            inked = [i for i, char in enumerate(match.group()) if not char.isspace()]
            expected = len(inked) >= 2 and pdf_loader._out_of_order(inked, boxes[match.start() : match.end()])
            assert (int(line_of[match.start()]) in late) == expected, (raw, match.group())
            lines_seen[expected] += 1
    assert min(lines_seen.values()) >= 100, lines_seen
