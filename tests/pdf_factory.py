"""Real PDFs for the loader tests, drawn with reportlab at test time (no binary fixtures).

reportlab's built-in CID font STSong-Light draws CJK without a font file, and its bundled Vera.ttf
gives an embedded TrueType font whose ToUnicode map can be blanked out to imitate broken fonts.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

CJK_FONT = "STSong-Light"
WIDTH, HEIGHT = A4
LEFT = 25 * mm
TOP = HEIGHT - 30 * mm
LINE = 8 * mm


def _register_fonts() -> None:
    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    if "Vera" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))


def text_pdf(
    path: Path,
    pages: Sequence[Sequence[str]],
    header: str | None = None,
    footer: Callable[[int], str] | None = None,
    font: str = CJK_FONT,
    furniture_first: bool = False,
    **canvas_options: object,
) -> Path:
    """Lines of text per page, with an optional running header and a page footer like `- 3 -`.

    `furniture_first` draws the header and footer before the body, as many printers do: the
    footer then comes out second in extraction order, far from the page's bottom lines.
    """
    _register_fonts()
    canvas = Canvas(str(path), pagesize=A4, **canvas_options)
    for number, lines in enumerate(pages, start=1):
        canvas.setFont(font, 12)
        if header is not None:
            canvas.drawCentredString(WIDTH / 2, HEIGHT - 15 * mm, header)
        if footer is not None and furniture_first:
            canvas.drawCentredString(WIDTH / 2, 12 * mm, footer(number))
        for row, line in enumerate(lines):
            canvas.drawString(LEFT, TOP - row * LINE, line)
        if footer is not None and not furniture_first:
            canvas.drawCentredString(WIDTH / 2, 12 * mm, footer(number))
        canvas.showPage()
    canvas.save()
    return path


def paragraph_pdf(
    path: Path,
    paragraphs: Sequence[str],
    indent: int = 2,
    lines_per_page: int = 30,
    right_aligned: Sequence[str] = (),
    footer: Callable[[int], str] | None = None,
    kinsoku: bool = False,
) -> Path:
    """Paragraphs wrapped glyph by glyph to the text width, as a word processor prints CJK.

    Each paragraph's first line is indented by `indent` glyphs, the lines it wraps onto start at
    the left margin, and a paragraph goes on over a page break. `right_aligned` paragraphs (a
    signature, a date) are set flush right on one line. With `kinsoku`, closing punctuation never
    starts a line: the glyph before it is carried down too, as Word and LibreOffice do.
    """
    _register_fonts()
    size = 12
    right = WIDTH - LEFT
    placed: list[tuple[float, str, bool]] = []  # (x, text, flush right)
    for paragraph in paragraphs:
        if paragraph in right_aligned:
            placed.append((right, paragraph, True))
            continue
        x, line = LEFT + indent * size, ""
        for glyph in paragraph:
            if x + pdfmetrics.stringWidth(line + glyph, CJK_FONT, size) > right and line:
                carried = 1 if kinsoku and glyph in "，。、；：）”" and len(line) > 1 else 0
                placed.append((x, line[: len(line) - carried], False))
                x, line = LEFT, line[len(line) - carried :]
            line += glyph
        placed.append((x, line, False))
    canvas = Canvas(str(path), pagesize=A4)
    for start in range(0, len(placed), lines_per_page):
        number = start // lines_per_page + 1
        canvas.setFont(CJK_FONT, size)
        for row, (x, line, flush_right) in enumerate(placed[start : start + lines_per_page]):
            if flush_right:
                canvas.drawRightString(x, TOP - row * LINE, line)
            else:
                canvas.drawString(x, TOP - row * LINE, line)
        if footer is not None:
            canvas.drawCentredString(WIDTH / 2, 12 * mm, footer(number))
        canvas.showPage()
    canvas.save()
    return path


# What a word processor sets in the document's Latin font beside its CJK font.
LATIN_GLYPHS = "“”‘’0123456789"
_CLOSING = "，。、；：）》”’"
_OPENING = "（《“‘"


def two_font_pdf(path: Path, paragraphs: Sequence[str], autospace: float = 0.0) -> Path:
    """Paragraphs printed as LibreOffice prints a CJK document with a Latin font beside it.

    Quotes and digits (`LATIN_GLYPHS`) are set in Vera, the rest in the CJK font; `autospace`
    points stand between a digit and a CJK glyph (LibreOffice's spacing of Asian and non-Asian
    text). Lines wrap glyph by glyph at the text width, flush left; closing punctuation never
    starts a line nor opening punctuation ends one (the glyphs next to it go down too). Each line
    is drawn as LibreOffice writes one: first its Latin glyphs as one run, then its CJK glyphs as
    one run across the whole line, kerned over the gaps the Latin ones fill. pdfium reads a text
    run whole, so it gives the Latin glyphs at the end of their line.
    """
    _register_fonts()
    size = 12
    rows: list[list[str]] = []
    for paragraph in paragraphs:
        line: list[str] = []
        for glyph in paragraph:
            if line and _set_width([*line, glyph], size, autospace) > WIDTH - 2 * LEFT:
                carried = 1 if glyph in _CLOSING and len(line) > 1 else 0
                while carried < len(line) - 1 and line[len(line) - 1 - carried] in _OPENING:
                    carried += 1
                rows.append(line[: len(line) - carried])
                line = line[len(line) - carried :]
            line.append(glyph)
        rows.append(line)
    canvas = Canvas(str(path), pagesize=A4)
    for row, glyphs in enumerate(rows):
        for font in ("Vera", CJK_FONT):
            placed = [
                (LEFT + _set_width(glyphs[:index], size, autospace, before=glyph), glyph)
                for index, glyph in enumerate(glyphs)
                if _font(glyph) == font
            ]
            if placed:
                _kerned_run(canvas, font, size, TOP - row * LINE, placed)
    canvas.showPage()
    canvas.save()
    return path


def _font(glyph: str) -> str:
    return "Vera" if glyph in LATIN_GLYPHS else CJK_FONT


def _set_width(glyphs: Sequence[str], size: int, autospace: float, before: str = "") -> float:
    """How far the glyphs reach, with `autospace` wherever a digit and a CJK glyph meet (also
    between the last of them and `before`, the glyph that follows)."""
    width = sum(pdfmetrics.stringWidth(glyph, _font(glyph), size) for glyph in glyphs)
    pairs = itertools.pairwise([*glyphs, before] if before else glyphs)
    return width + autospace * sum(1 for a, b in pairs if a.isdigit() != b.isdigit() and _font(a) != _font(b))


def _kerned_run(canvas: Canvas, font: str, size: int, y: float, placed: Sequence[tuple[float, str]]) -> None:
    """Glyphs of one font at their x, shown by one `TJ` whose kerning skips the gaps between them."""
    text = canvas.beginText(placed[0][0], y)
    text.setFont(font, size)
    operands: list[str] = []
    x, prefix = placed[0][0], ""
    for at, glyph in placed:
        shown = re.fullmatch(r"(.*?)\s*(\(.*\)) Tj", text._formatText(glyph), re.S)
        if shown is None:
            raise ValueError(f"unexpected text operator for {glyph!r}")
        prefix = prefix or shown.group(1)  # the font is selected once, before the first glyph
        if operands:
            operands.append(f"{-(at - x) * 1000 / size:.2f}")
        operands.append(shown.group(2))
        x = at + pdfmetrics.stringWidth(glyph, font, size)
    text._code.append(f"{prefix} [{' '.join(operands)}] TJ")
    canvas.drawText(text)


def table_pdf(
    path: Path,
    before: str,
    rows: Sequence[Sequence[str]],
    after: str,
    widths: Sequence[float],
    **doc_options: object,
) -> Path:
    """A paragraph, a ruled table whose cells are Paragraphs (so long ones wrap), a paragraph.

    A table too long for one page is split by platypus, without repeating its header row.
    """
    _register_fonts()
    style = ParagraphStyle("cjk", fontName=CJK_FONT, fontSize=11, leading=15, wordWrap="CJK")
    cells = [[Paragraph(cell, style) for cell in row] for row in rows]
    table = Table(cells, colWidths=[w * mm for w in widths])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.75, colors.black)]))
    story = [Paragraph(before, style), Spacer(1, 6 * mm), table, Spacer(1, 6 * mm), Paragraph(after, style)]
    SimpleDocTemplate(str(path), pagesize=A4, **doc_options).build(story)
    return path


def image_pdf(path: Path, pages: int) -> Path:
    """Pages that carry only a picture, as a scanner writes them."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    canvas = Canvas(str(path), pagesize=A4)
    for number in range(pages):
        picture = Image.new("RGB", (400, 560), "white")
        draw = ImageDraw.Draw(picture)
        for row in range(12):
            draw.rectangle((40, 40 + row * 40, 360 - number * 10, 52 + row * 40), fill="black")
        canvas.drawImage(ImageReader(picture), 0, 0, WIDTH, HEIGHT)
        canvas.showPage()
    canvas.save()
    return path


def outline_pdf(path: Path, pages: int) -> Path:
    """Glyph-like shapes drawn as filled Bézier paths: text turned into outlines, no font at all."""
    canvas = Canvas(str(path), pagesize=A4)
    for _ in range(pages):
        for row in range(20):
            for col in range(25):
                x, y = LEFT + col * 6 * mm, TOP - row * LINE
                shape = canvas.beginPath()
                shape.moveTo(x, y)
                shape.curveTo(x + 4, y + 9, x + 8, y - 3, x + 12, y + 6)
                shape.lineTo(x + 3, y + 1)
                shape.close()
                canvas.drawPath(shape, stroke=0, fill=1)
        canvas.showPage()
    canvas.save()
    return path


def without_tounicode(path: Path) -> Path:
    """Blank every /ToUnicode entry in place; same length, so the xref offsets stay valid."""
    data = path.read_bytes()
    blanked, count = re.subn(rb"/ToUnicode\s+\d+\s+\d+\s+R", lambda m: b" " * len(m.group()), data)
    if count == 0:
        raise ValueError(f"{path}: no /ToUnicode entry to remove")
    path.write_bytes(blanked)
    return path


def truncated(source: Path, target: Path, keep: float) -> Path:
    """The first `keep` share of a PDF's bytes, as an interrupted download leaves it."""
    data = source.read_bytes()
    target.write_bytes(data[: int(len(data) * keep)])
    return target


def _same_length(data: bytes, pattern: bytes, replacement: bytes, count: int = 1) -> bytes:
    """`pattern` replaced by `replacement` padded with spaces to the same length, so that every
    cross-reference offset stays valid and only what the replacement says is broken."""
    changed, found = re.subn(pattern, lambda m: replacement.ljust(len(m.group())), data, count=count)
    if found == 0:
        raise ValueError(f"no {pattern!r} to replace")
    return changed


def name_mediabox(source: Path, target: Path) -> Path:
    """A page whose /MediaBox holds a name instead of four numbers (pdfminer cannot size it)."""
    target.write_bytes(_same_length(source.read_bytes(), rb"/MediaBox \[[^\]]*\]", b"/MediaBox /A4"))
    return target


def untyped_page(source: Path, target: Path) -> Path:
    """The first page object without its /Type: pdfium still counts it as a page, pdfminer skips it,
    so the two readers see different page counts."""
    target.write_bytes(_same_length(source.read_bytes(), rb"/Type /Page\b(?!s)", b""))
    return target


def broken_page_tree(source: Path, target: Path) -> Path:
    """A stray name in the page tree's dictionary and a wrong `startxref`: pdfium repairs the
    cross-reference table, pdfminer re-parses every object and rejects the dictionary."""
    data = source.read_bytes().replace(b"/Type /Pages", b"/Type /Pages/", 1)
    target.write_bytes(re.sub(rb"startxref\s+(\d+)", lambda m: b"startxref\n" + b"9" * len(m.group(1)), data))
    return target


def flipped(source: Path, target: Path, seed: int, flips: int) -> Path:
    """`flips` random bits flipped, as a bad disk or transfer leaves a file."""
    import random

    rng = random.Random(seed)
    data = bytearray(source.read_bytes())
    for _ in range(flips):
        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    target.write_bytes(bytes(data))
    return target
