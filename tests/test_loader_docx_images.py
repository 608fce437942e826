"""A Word file that holds a scanned document as pictures is read by OCR, not silently empty.

Lower units send a signed, stamped notice as scanned pages pasted into a .docx. When the document's
own text is next to nothing, its page-like pictures are read by OCR, each a page; a document with
real text never has its pictures read; a Word file (.docx, .doc, .rtf) with no text at all is E035.
The scan is `fixtures/ocr/notice.png`, our own notice drawn as a scan (see test_loader_image.py for
the lines OCR reads from it); the documents are written here with python-docx.
"""

from __future__ import annotations

import json
import shutil
import struct
from pathlib import Path

import docx
import olefile
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsmap
from docx.shared import Cm
from PIL import Image
from typer.testing import CliRunner

from duban.base.errors import DubanError
from duban.pipeline.cli import app
from duban.pipeline.ingest import ingest
from duban.pipeline.loaders import doc as doc_loader
from duban.pipeline.loaders import load, ocr

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SCAN = FIXTURES / "ocr" / "notice.png"
NOTICE_DOC = FIXTURES / "doc" / "notice.doc"
SCAN_LINES = [
    "关于做好农村供水保障工作的通知",
    "各乡镇人民政府，县直有关单位：",
    "一、县水利局要在2025年6月30日前完成水源地排查。",
    "二、各乡镇要于9月底前建立供水工程运行台账。",
]
VML = "urn:schemas-microsoft-com:vml"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
runner = CliRunner()


def word(path: Path, *items: str | Path) -> Path:
    """A .docx of paragraphs (str) and pictures (Path), in that order."""
    document = docx.Document()
    for item in items:
        if isinstance(item, Path):
            document.add_picture(str(item), width=Cm(15))
        else:
            document.add_paragraph(item)
    document.save(str(path))
    return path


def picture(path: Path, size: tuple[int, int]) -> Path:
    """A plain picture of `size` pixels (a logo, a seal), with no text to read."""
    Image.new("RGB", size, (200, 30, 30)).save(path)
    return path


def error_of(path: Path) -> DubanError:
    with pytest.raises(DubanError) as caught:
        load(path)
    return caught.value


def no_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if any picture is read by OCR (about 4 s each)."""

    def refuse(*_: object) -> None:
        raise AssertionError("OCR was run")

    monkeypatch.setattr(ocr, "ocr_page", refuse)


def records(*paths: Path) -> list[dict[str, object]]:
    result = runner.invoke(app, ["extract", *map(str, paths), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def measures(record: dict[str, object]) -> list[tuple[str, list[str], list[str | None]]]:
    return [
        (m["text"], [u["name"] for u in m["units"]], [d.get("due") for d in m["deadlines"]])
        for m in record["measures"]  # type: ignore[attr-defined]
    ]


def test_a_docx_of_one_scanned_page_reads_as_the_scan_itself(tmp_path: Path) -> None:
    scanned = word(tmp_path / "扫描通知.docx", SCAN)
    raw = load(scanned)
    assert [(page.number, page.extractor) for page in raw.pages] == [(1, "ocr:rapidocr")]
    assert raw.pages[0].text.splitlines() == SCAN_LINES
    assert raw.pages[0].note.startswith("OCR 平均置信度")
    assert "OCR" in raw.warnings[0] and "核对原件" in raw.warnings[0]
    from_docx, from_png = records(scanned, SCAN)
    assert measures(from_docx) == measures(from_png)
    assert ("一、县水利局要在2025年6月30日前完成水源地排查。", ["县水利局"], ["2025-06-30"]) in measures(
        from_docx
    )


def test_a_typed_title_stays_before_the_scan_and_each_scan_is_a_page(tmp_path: Path) -> None:
    raw = load(word(tmp_path / "转发.docx", "县政府办公室转发", SCAN, SCAN, "（此页无正文）"))
    assert [page.number for page in raw.pages] == [1, 2]
    assert raw.pages[0].text.splitlines() == ["县政府办公室转发", *SCAN_LINES]
    # text after the last picture ends the last page
    assert raw.pages[1].text.splitlines() == [*SCAN_LINES, "（此页无正文）"]


def test_a_covering_note_is_read_with_its_scan_but_a_report_never_has_its_pictures_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = [
        "县人民政府办公室关于转发《关于做好农村供水保障工作的通知》的通知",
        "各乡镇人民政府：现将该通知转发给你们，请结合实际认真贯彻落实。",
        "2025年4月2日",
    ]
    raw = load(word(tmp_path / "转发.docx", *note, SCAN))
    assert [page.extractor for page in raw.pages] == ["ocr:rapidocr"]
    assert raw.pages[0].text.splitlines() == [*note, *SCAN_LINES]
    no_ocr(monkeypatch)
    body = [
        "县水利局关于农村供水保障工作进展情况的报告",
        "今年以来，我局按照县政府部署，全面开展水源地排查，已完成排查任务的八成。",
        "一是摸清底数。组织技术人员逐村核查水源地位置、供水人口和水质检测情况。",
        "二是压实责任。将排查任务分解到各乡镇，明确责任人和完成时限。",
        "下一步，我局将于9月底前完成剩余水源地排查，并建立供水工程运行台账。",
    ]
    logo = picture(tmp_path / "logo.png", (240, 120))
    # a logo, and a picture as large as a scan (a chart, a photo) in a report with real text
    raw = load(word(tmp_path / "报告.docx", logo, *body, SCAN))
    assert [page.extractor for page in raw.pages] == ["python-docx"]
    assert raw.pages[0].text.split() == body and not raw.warnings  # a picture's paragraph is blank


def test_a_legacy_vml_picture_is_read_too(tmp_path: Path) -> None:
    """Word 2003 and WPS write a pasted picture as VML: `w:pict/v:shape/v:imagedata r:id`. The
    document is made by python-docx, its `w:drawing` replaced with the VML Word 2003 writes."""
    path = word(tmp_path / "旧版.docx", SCAN)
    document = docx.Document(str(path))
    (drawing,) = document.element.body.iter(f"{{{nsmap['w']}}}drawing")
    (blip,) = drawing.iter(f"{{{nsmap['a']}}}blip")
    ref = blip.get(f"{{{R}}}embed")
    vml = parse_xml(
        f'<w:pict xmlns:w="{nsmap["w"]}" xmlns:v="{VML}" xmlns:r="{R}">'
        '<v:shape id="_x0000_i1025" type="#_x0000_t75" style="width:415pt;height:140pt">'
        f'<v:imagedata r:id="{ref}"/></v:shape></w:pict>'
    )
    drawing.getparent().replace(drawing, vml)
    document.save(str(path))
    raw = load(path)
    assert [page.extractor for page in raw.pages] == ["ocr:rapidocr"]
    assert raw.pages[0].text.splitlines() == SCAN_LINES


def test_an_empty_docx_or_one_with_only_a_seal_is_an_error_not_an_empty_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_ocr(monkeypatch)
    empty = word(tmp_path / "空白.docx")
    caught = error_of(empty)
    assert caught.code == "E035" and str(empty) in caught.message and "没有图片" in caught.message
    seal = word(tmp_path / "印章.docx", picture(tmp_path / "seal.png", (420, 420)))
    caught = error_of(seal)
    assert caught.code == "E035" and "不像扫描页" in caught.message
    assert "另存为图片" in caught.hint and "打印" in caught.hint


def test_without_ocr_the_hint_is_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "ocr_available", lambda: False)
    no_ocr(monkeypatch)
    caught = error_of(word(tmp_path / "扫描通知.docx", SCAN))
    assert caught.code == "E035" and "扫描页" in caught.message and "pip install 'duban[ocr]'" in caught.hint
    # a typed title is kept, with a warning that the scan was not read
    raw = load(word(tmp_path / "转发.docx", "县政府办公室转发", SCAN))
    assert raw.pages[0].text.strip() == "县政府办公室转发" and "未安装 OCR" in raw.warnings[0]


def rtf_with(path: Path, title: str, picture: str) -> Path:
    """An RTF document of a title line (GBK bytes) and one picture, as Word writes a picture:
    `\\shppict` for readers that know it, `\\nonshppict` for older ones (one picture, twice)."""
    typed = "".join(f"\\'{byte:02x}" for byte in title.encode("gbk"))
    path.write_text(
        "{\\rtf1\\ansi\\ansicpg936{\\fonttbl{\\f0\\fnil\\fcharset134 SimSun;}}\\pard\\f0 "
        f"{typed}\\par "
        f"{{\\*\\shppict{{\\pict{{\\*\\picprop{{\\sp{{\\sn wzName}}{{\\sv 1}}}}}}{picture}}}}}"
        f"{{\\nonshppict{{\\pict\\wmetafile8\\picw100\\pich100 0100090000}}}}\\par}}",
        encoding="ascii",
    )
    return path


def hex_lines(data: bytes) -> str:
    """Picture bytes as Word writes them in RTF: hex digits, 128 a line."""
    digits = data.hex()
    return "\n".join(digits[i : i + 128] for i in range(0, len(digits), 128))


def test_an_rtf_scan_is_read_by_ocr_and_one_without_text_is_an_error(tmp_path: Path) -> None:
    scan = f"\\pngblip\\picw1100\\pich370{{\\*\\blipuid 0123456789abcdef}}\n{hex_lines(SCAN.read_bytes())}"
    raw = load(rtf_with(tmp_path / "扫描件.rtf", "县政府办公室转发", scan))
    assert [page.extractor for page in raw.pages] == ["ocr:rapidocr"]  # the picture once, not twice
    assert raw.pages[0].text.splitlines() == ["县政府办公室转发", *SCAN_LINES]
    assert "OCR" in raw.warnings[0]
    drawing = rtf_with(tmp_path / "图.rtf", "", "\\emfblip\\picw100\\pich100 0100000084")
    caught = error_of(drawing)
    assert caught.code == "E035" and "有 1 张图片" in caught.message and "另存为 .docx" in caught.hint
    blank = tmp_path / "空白.rtf"
    blank.write_text("{\\rtf1\\ansi\\pard\\par\\par}", encoding="ascii")
    assert error_of(blank).code == "E035"


def test_a_doc_without_text_is_an_error(tmp_path: Path) -> None:
    """notice.doc with every character of its text turned into a paragraph mark."""
    blank = tmp_path / "扫描件.doc"
    shutil.copyfile(NOTICE_DOC, blank)
    with olefile.OleFileIO(str(blank), write_mode=True) as ole:
        stream = bytearray(ole.openstream("WordDocument").read())
        flags = struct.unpack_from("<H", stream, 0x0A)[0]
        table = ole.openstream("1Table" if flags & 0x0200 else "0Table").read()
        counts, places = doc_loader._fib_arrays(bytes(stream))
        _, pieces = doc_loader._pieces(bytes(stream), table, places[33], counts[3])
        for piece in pieces:
            mark = "\r".encode("utf-16-le" if piece.width == 2 else "latin-1")
            stream[piece.fc : piece.fc + len(piece.text) * piece.width] = mark * len(piece.text)
        ole.write_stream("WordDocument", bytes(stream))
    caught = error_of(blank)
    assert caught.code == "E035" and str(blank) in caught.message and "另存为 .docx" in caught.hint


def test_ingest_reads_a_scanned_docx_in_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "报送"
    folder.mkdir()
    word(folder / "扫描通知.docx", SCAN)
    report = ingest([folder], index_url=f"sqlite:///{tmp_path}/index.db", progress=False)
    assert (report.ingested, report.failures, report.skipped) == (1, [], [])
    assert report.measures >= 2


def test_a_picture_over_the_pixel_bound_is_not_decoded(tmp_path: Path) -> None:
    """Pillow's decompression-bomb bound (~89 M pixels): over it a picture is refused, never
    decoded (Pillow itself would only warn), and the file says why nothing was read."""
    huge = tmp_path / "huge.png"
    Image.new("1", (10_000, 9_500), 1).save(huge)  # 95 M pixels in a few KB
    caught = error_of(word(tmp_path / "超大.docx", huge))
    assert caught.code == "E035" and "无法解码或过大" in caught.message
