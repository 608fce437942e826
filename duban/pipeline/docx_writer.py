"""A small streaming writer of .docx documents: the body's XML goes into the zip as text a block at a
time, so no object is made a paragraph, a run or a table cell.

Written for the 催办通知单 (`pipeline.reminders`), which needs paragraphs of runs (bold, size, Latin
and East Asian fonts), alignment, a first-line indent, line spacing, tables on a fixed grid (widths,
a header row repeated on each page and shaded, cells of several lines), sections of their own page
size and margins with page numbers restarting, and one footer with a page-number field.
python-docx built, checked and serialised an element tree of all that (about 20 s of CPU for the
whole real index's slips, nearly all of it there); this writes the same elements as text. It
stays the reader of Word documents (`pipeline.loaders.docx`).

The package holds only what the body uses: styles (Normal with the caller's fonts, the default
table, Table Grid, Footer), settings, the footer, core and app properties, relationships and
content types. Text is escaped (`&`, `<`, `>`), a tab and a line break written as Word's own
elements (`w:tab`, `w:br`, as python-docx's `run.text` did), and a character XML 1.0 cannot hold
(a control character pasted from another program, a lone surrogate) is left out rather than
making a file Word refuses to open."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
FOOTER_ID = "rId3"  # the footer's relationship, after styles (rId1) and settings (rId2)
_FLUSH_CHARS = 1 << 16  # body text handed to the zip at a time

#: What a run's text needs more than copying: markup, a tab or line break, and the characters XML 1.0
#: cannot hold (C0 controls but tab/newline/return, lone surrogates, U+FFFE and U+FFFF).
_SPECIAL = re.compile("[&<>\t\n\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile("([\t\n\r])")
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def escape(text: str) -> str:
    """`text` as XML character data: `&`, `<`, `>` as entities, what XML cannot hold left out."""
    text = _FORBIDDEN.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(text: str) -> str:
    return escape(text).replace('"', "&quot;")


def twips(cm: float) -> int:
    """Centimetres in twentieths of a point, rounded as python-docx rounds (through whole EMUs)."""
    return round(int(cm * 360000) / 635)


@dataclass(frozen=True)
class Font:
    """A run's or style's typefaces: `latin` for Latin letters and digits (`w:ascii`, `w:hAnsi`),
    `east_asian` for Chinese characters (`w:eastAsia`, which Word picks for them)."""

    latin: str
    east_asian: str

    def xml(self) -> str:
        latin, east = _attribute(self.latin), _attribute(self.east_asian)
        return f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east}"/>'


def run(text: str, bold: bool | None = None, size: float | None = None, font: Font | None = None) -> str:
    """A run of `text`: bold when True, explicitly not bold when False (as python-docx's
    `run.bold = False` writes it), `size` in points, `font` its faces; None leaves each to the style."""
    props = []
    if font is not None:
        props.append(font.xml())
    if bold is not None:
        props.append("<w:b/>" if bold else '<w:b w:val="0"/>')
    if size is not None:
        props.append(f'<w:sz w:val="{round(size * 2)}"/>')
    head = f"<w:r><w:rPr>{''.join(props)}</w:rPr>" if props else "<w:r>"
    return f"{head}{_content(text)}</w:r>"


def _content(text: str) -> str:
    """A run's content: the text in `w:t` elements, a tab as `w:tab`, a newline or carriage return
    as `w:br` (each, as python-docx wrote them); `xml:space` kept where the text has edge spaces."""
    if not text:
        return ""
    if _SPECIAL.search(text) is None:
        return _t(text)
    parts = []
    for piece in _BREAKS.split(text):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\n", "\r"):
            parts.append("<w:br/>")
        else:
            piece = escape(piece)
            if piece:
                parts.append(_t(piece))
    return "".join(parts)


def _t(text: str) -> str:
    if text != text.strip():
        return f'<w:t xml:space="preserve">{text}</w:t>'
    return f"<w:t>{text}</w:t>"


def paragraph(
    runs: str | Sequence[str] = "",
    align: str | None = None,
    first_line_indent: float | None = None,
    line_spacing: float | None = None,
    space_after: float | None = None,
    style: str | None = None,
    section: str | None = None,
) -> str:
    """A paragraph of `runs` (made by `run`): `align` `left|center|right|both`, a first-line indent
    and space after in points, `line_spacing` a multiple of a single line, `style` a paragraph
    style's id, `section` the properties (`section_properties`) of the section it ends."""
    props = []
    if style is not None:
        props.append(f'<w:pStyle w:val="{_attribute(style)}"/>')
    if space_after is not None or line_spacing is not None:
        after = f' w:after="{round(space_after * 20)}"' if space_after is not None else ""
        line = f' w:line="{round(line_spacing * 240)}" w:lineRule="auto"' if line_spacing is not None else ""
        props.append(f"<w:spacing{after}{line}/>")
    if first_line_indent is not None:
        props.append(f'<w:ind w:firstLine="{round(first_line_indent * 20)}"/>')
    if align is not None:
        props.append(f'<w:jc w:val="{align}"/>')
    if section is not None:
        props.append(section)
    body = runs if isinstance(runs, str) else "".join(runs)
    if not props and not body:
        return "<w:p/>"
    head = f"<w:pPr>{''.join(props)}</w:pPr>" if props else ""
    return f"<w:p>{head}{body}</w:p>"


@dataclass(frozen=True)
class Page:
    """A section's page: size and margins in centimetres (portrait when taller than wide), and
    whether its page numbers start again at 1."""

    width: float = 21.0
    height: float = 29.7
    top: float = 2.5
    right: float = 2.0
    bottom: float = 2.0
    left: float = 2.0
    restart_numbers: bool = True


def section_properties(page: Page, footer: bool = False) -> str:
    """A section's `w:sectPr`: the footer (`Writer`'s, by `FOOTER_ID`) when `footer` (a section
    without one shows the one before it), page size and margins (header and footer half an inch
    from the edge), page numbering, one column, the line grid, in the schema's order."""
    orient = ' w:orient="landscape"' if page.width > page.height else ""
    parts = [f'<w:footerReference w:type="default" r:id="{FOOTER_ID}"/>'] if footer else []
    parts.append(f'<w:pgSz w:w="{twips(page.width)}" w:h="{twips(page.height)}"{orient}/>')
    parts.append(
        f'<w:pgMar w:top="{twips(page.top)}" w:right="{twips(page.right)}" w:bottom="{twips(page.bottom)}" '
        f'w:left="{twips(page.left)}" w:header="720" w:footer="720" w:gutter="0"/>'
    )
    if page.restart_numbers:
        parts.append('<w:pgNumType w:start="1"/>')
    parts.append('<w:cols w:space="720"/><w:docGrid w:linePitch="360"/>')
    return f"<w:sectPr>{''.join(parts)}</w:sectPr>"


@dataclass(frozen=True)
class Table:
    """A table on a fixed grid of `widths` (centimetres), centred, in the Table Grid style: `head`
    opens it, `row` makes each row, `end` closes it. Each cell is one paragraph a line (a `\\n` in
    a run prints as a line break in Word but not in every reader), without space after, in `size`
    points, bold or explicitly not."""

    widths: Sequence[float]
    size: float
    header_fill: str = "D9D9D9"

    def head(self) -> str:
        grid = "".join(f'<w:gridCol w:w="{twips(w)}"/>' for w in self.widths)
        return (
            '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:type="auto" w:w="0"/>'
            '<w:jc w:val="center"/><w:tblLayout w:type="fixed"/><w:tblLook w:firstColumn="1" '
            'w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" w:noVBand="1" w:val="04A0"/>'
            f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
        )

    def row(self, values: Sequence[str], header: bool = False) -> str:
        """A row of `values`, one a column. A `header` row is bold, centred, shaded, repeated at
        the top of each printed page (`w:tblHeader`) and never split across pages."""
        parts = [
            '<w:tr><w:trPr><w:tblHeader w:val="true"/><w:cantSplit w:val="true"/></w:trPr>'
            if header
            else "<w:tr>"
        ]
        shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{self.header_fill}"/>' if header else ""
        align = "center" if header else None
        for value, width in zip(values, self.widths, strict=True):
            parts.append(f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{twips(width)}"/>{shade}</w:tcPr>')
            for i, line in enumerate(value.split("\n")):
                parts.append(
                    paragraph(
                        run(line, bold=header, size=self.size), space_after=0, align=align if i == 0 else None
                    )
                )
            parts.append("</w:tc>")
        parts.append("</w:tr>")
        return "".join(parts)

    @staticmethod
    def end() -> str:
        return "</w:tbl>"


def styles_xml(font: Font, size: float) -> str:
    """The styles the body uses: Normal (the default paragraph style) in `font` and `size` points,
    the default character and table styles, Table Grid (single borders, no space after) and
    Footer (centre and right tab stops), over document defaults of 11 pt with 10 pt after a
    paragraph and 1.15 lines, and the languages, as python-docx's template had them (LibreOffice
    breaks Chinese lines by the East Asian language: zh-CN for the template's en-US moved the
    line breaks of one page in seven of the real index's slips)."""
    cell_margins = (
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>'
    )
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    latin = _attribute(font.latin)
    return (
        f'{XML_HEAD}<w:styles xmlns:w="{W}"><w:docDefaults><w:rPrDefault><w:rPr>'
        f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{_attribute(font.east_asian)}" w:cs="{latin}"/>'
        '<w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-US" w:eastAsia="en-US" w:bidi="ar-SA"/>'
        '</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="200" w:line="276" w:lineRule="auto"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
        f'<w:rPr>{font.xml()}<w:sz w:val="{round(size * 2)}"/></w:rPr></w:style>'
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/>'
        "</w:style>"
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>'
        f'<w:tblPr><w:tblInd w:w="0" w:type="dxa"/>{cell_margins}</w:tblPr></w:style>'
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
        '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/>'
        '<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>'
        '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        f'<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>{borders}</w:tblBorders>{cell_margins}</w:tblPr>'
        "</w:style>"
        '<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/>'
        '<w:link w:val="FooterChar"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
        '<w:pPr><w:tabs><w:tab w:val="center" w:pos="4680"/><w:tab w:val="right" w:pos="9360"/></w:tabs>'
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:style>'
        '<w:style w:type="character" w:customStyle="1" w:styleId="FooterChar"><w:name w:val="Footer Char"/>'
        '<w:basedOn w:val="DefaultParagraphFont"/><w:link w:val="Footer"/><w:uiPriority w:val="99"/></w:style>'
        "</w:styles>"
    )


def page_number_footer(before: str, after: str) -> str:
    """A footer's paragraph, centred: `before`, the page number (a PAGE field, shown as 1 until a
    reader updates it), `after`."""
    field = '<w:fldSimple w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'
    return paragraph(run(before) + field + run(after), style="Footer", align="center")


_SETTINGS = (
    f'{XML_HEAD}<w:settings xmlns:w="{W}"><w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>'
    '<w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:useFELayout/>'
    '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="14"/>'
    '<w:compatSetting w:name="overrideTableStyleFontSizeAndJustification" '
    'w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>'
    '<w:compatSetting w:name="enableOpenTypeFeatures" w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>'
    '<w:compatSetting w:name="doNotFlipMirrorIndents" w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>'
    '</w:compat><w:themeFontLang w:val="en-US" w:eastAsia="ja-JP"/>'
    '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>'
)


class Writer:
    """A .docx package being written to `target` (a path or a binary stream): `write` the body's
    blocks (paragraphs, tables, section breaks) in order; `close` with the last section's
    properties writes the rest of the package. `footer` (a paragraph's XML) is the footer part a
    section names with `section_properties(..., footer=True)`. A failure before `close` leaves no
    file at a path (the document is refused whole, as when it was built in memory first)."""

    def __init__(
        self, target: Path | str | IO[bytes], styles: str, footer: str | None = None, compresslevel: int = 6
    ) -> None:
        self.target = target
        self.styles = styles
        self.footer = footer
        self.zip = zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel)
        self.stream = self.zip.open("word/document.xml", "w", force_zip64=True)
        self._pending: list[str] = [f'{XML_HEAD}<w:document xmlns:w="{W}" xmlns:r="{_REL}"><w:body>']
        self._size = 0

    def write(self, xml: str) -> None:
        """Add the next block of the body; it reaches the zip once enough text waits."""
        self._pending.append(xml)
        self._size += len(xml)
        if self._size >= _FLUSH_CHARS:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self.stream.write("".join(self._pending).encode("utf-8"))
            self._pending.clear()
            self._size = 0

    def close(self, last_section: str) -> None:
        """End the body with `last_section` (the properties of the last section) and write the
        styles, settings, footer, properties, relationships and content types."""
        self._pending.append(f"{last_section}</w:body></w:document>")
        self._flush()
        self.stream.close()
        rels = [
            f'<Relationship Id="rId1" Type="{_REL}/styles" Target="styles.xml"/>',
            f'<Relationship Id="rId2" Type="{_REL}/settings" Target="settings.xml"/>',
        ]
        overrides = [
            ("/word/document.xml", f"{_WORD}.document.main+xml"),
            ("/word/styles.xml", f"{_WORD}.styles+xml"),
            ("/word/settings.xml", f"{_WORD}.settings+xml"),
            ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
            ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"),
        ]
        parts = {"word/styles.xml": self.styles, "word/settings.xml": _SETTINGS}
        if self.footer is not None:
            rels.append(f'<Relationship Id="{FOOTER_ID}" Type="{_REL}/footer" Target="footer1.xml"/>')
            overrides.append(("/word/footer1.xml", f"{_WORD}.footer+xml"))
            parts["word/footer1.xml"] = (
                f'{XML_HEAD}<w:ftr xmlns:w="{W}" xmlns:r="{_REL}">{self.footer}</w:ftr>'
            )
        now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        parts |= {
            "word/_rels/document.xml.rels": f'{XML_HEAD}<Relationships xmlns="{_PKG_REL}">{"".join(rels)}</Relationships>',
            "docProps/core.xml": (
                f'{XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
                'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/'
                'terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>duban</dc:creator>'
                f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
                f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified></cp:coreProperties>'
            ),
            "docProps/app.xml": (
                f'{XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
                'extended-properties"><Application>duban</Application></Properties>'
            ),
            "_rels/.rels": (
                f'{XML_HEAD}<Relationships xmlns="{_PKG_REL}">'
                f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/>'
                f'<Relationship Id="rId2" Type="{_PKG_REL}/metadata/core-properties" Target="docProps/core.xml"/>'
                f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
                "</Relationships>"
            ),
            "[Content_Types].xml": (
                f'{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                + "".join(f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in overrides)
                + "</Types>"
            ),
        }
        for name, text in parts.items():
            self.zip.writestr(name, text)
        self.zip.close()

    def abandon(self) -> None:
        """Close the zip after a failure, and remove what was written at a path."""
        with contextlib.suppress(Exception):  # the error that stopped the writing is the one to see
            self.stream.close()
            self.zip.close()
        if isinstance(self.target, str | Path):
            Path(self.target).unlink(missing_ok=True)

    def __enter__(self) -> Writer:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if kind is not None:
            self.abandon()
