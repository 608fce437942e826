"""Text boxes (文本框) in a Word 97-2003 file are read as the .docx loader reads them: each box's
paragraphs as lines right after the paragraph holding its anchor, once, a table in a box as the
loader writes tables, a box whose shape has no anchor after the last paragraph, never lost.

The fixtures (tests/fixtures/doc, `make_fixtures.py` there) are our own notices written as .docx
with the boxes' XML of test_loader_docx_textboxes.py and converted by LibreOffice: a box above the
title, a flow chart's two steps in a group, a task line in a box; the .docx loader's own box
fixture with a task table; a notice typed wholly in one box. A .doc named for another format
(an OpenDocument file, a PowerPoint 97-2003 deck) is read with its loader and a warning.
"""

from __future__ import annotations

import json
import random
import shutil
import struct
from pathlib import Path

import olefile
import pytest
from typer.testing import CliRunner

from duban.base.errors import DubanError
from duban.pipeline.cli import app
from duban.pipeline.ingest import ingest
from duban.pipeline.loaders import doc as doc_loader
from duban.pipeline.loaders import load, ocr
from duban.pipeline.normalize import normalise

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BOXES_DOC = FIXTURES / "doc" / "textboxes.doc"
BOXES_DOCX = FIXTURES / "doc" / "textboxes.docx"
TABLE_DOC = FIXTURES / "doc" / "boxes.doc"
TABLE_DOCX = FIXTURES / "docx" / "boxes.docx"
ONLY_DOC = FIXTURES / "doc" / "boxes-only.doc"
TASK = "整治侵占河道问题，县水利局牵头，县自然资源局配合，完成时限：2026年6月30日前。"
runner = CliRunner()


def lines(path: Path) -> list[str]:
    (page,) = load(path).pages
    return page.text.split("\n")


def copy(source: Path, target: Path) -> Path:
    shutil.copyfile(source, target)
    return target


def test_boxes_read_after_their_anchor_paragraph_as_in_the_docx() -> None:
    assert lines(BOXES_DOC) == [
        "",
        "县河长制办公室文件",
        "关于开展河湖“清四乱”专项行动的通知",
        "各乡镇人民政府，县直有关单位：",
        "工作流程如下：",
        "第一步：摸清底数",
        "第二步：制定方案",
        "一、重点任务",
        TASK,
        "请各单位按期完成，并报县河长办。",
    ]
    assert lines(BOXES_DOC) == lines(BOXES_DOCX)
    assert normalise(load(BOXES_DOC)).text == normalise(load(BOXES_DOCX)).text


def test_a_table_in_a_box_reads_as_the_docx_loader_writes_it() -> None:
    doc, docx = load(TABLE_DOC), load(TABLE_DOCX)
    assert doc.pages[0].text == docx.pages[0].text
    assert (
        doc.pages[0].tables
        == docx.pages[0].tables
        == [[["工作任务", "责任单位", "完成时限"], ["清理河道阻水障碍", "县水利局", "2026年5月31日前"]]]
    )
    assert normalise(doc).text == normalise(docx).text


def test_a_box_in_a_table_cell_is_part_of_the_cell_as_in_the_docx(tmp_path: Path) -> None:
    """`box-in-cell.doc`: the .docx below converted by LibreOffice (`make_fixtures.py`)."""
    import sys

    sys.path.insert(0, str(FIXTURES / "doc"))
    from make_fixtures import box_in_cell

    box_in_cell().save(str(tmp_path / "表中框.docx"))
    doc, written = load(FIXTURES / "doc" / "box-in-cell.doc"), load(tmp_path / "表中框.docx")
    assert doc.pages[0].text == written.pages[0].text
    assert doc.pages[0].tables == written.pages[0].tables
    assert doc.pages[0].tables[0][1] == ["清理违规占用河道", "县水利局框内补充：会同县公安局"]


def measures(path: Path) -> list[tuple[str, list[str], list[str | None]]]:
    result = runner.invoke(app, ["extract", "--format", "jsonl", str(path)])
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return [
        (m["text"], sorted(u["name"] for u in m["units"]), [d.get("due") for d in m["deadlines"]])
        for m in record["measures"]
    ]


def test_extract_finds_the_measure_in_a_box_with_its_unit_and_deadline() -> None:
    found = measures(BOXES_DOC)
    assert found == measures(BOXES_DOCX)
    (task,) = [measure for measure in found if "整治侵占河道问题" in measure[0]]
    assert "县水利局" in task[1] and task[2] == ["2026-06-30"]


def test_a_doc_whose_only_text_is_in_a_box_is_read_not_e035_nor_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> None:
        raise AssertionError("OCR was run")

    monkeypatch.setattr(ocr, "ocr_page", refuse)
    document = load(ONLY_DOC)
    assert document.format == "doc" and document.pages[0].extractor == "msdoc"
    assert document.pages[0].text.split("\n")[1:3] == [
        "关于做好秋冬季森林防火工作的通知",
        "各乡镇人民政府，县直有关单位：",
    ]
    found = measures(ONLY_DOC)
    assert (
        "一、县林业局要于2026年10月31日前完成重点林区防火隔离带清理。",
        ["县林业局"],
        ["2026-10-31"],
    ) in found


def plcftxbx(path: Path) -> tuple[str, int, int, int]:
    """The table stream's name, and PlcftxbxTxt's offset and size in it and its FIB entry's offset
    in the WordDocument stream."""
    with olefile.OleFileIO(str(path)) as ole:
        word = ole.openstream("WordDocument").read()
    flags = struct.unpack_from("<H", word, 0x0A)[0]
    csw = struct.unpack_from("<H", word, 0x20)[0]
    at = 0x22 + 2 * csw
    cslw = struct.unpack_from("<H", word, at)[0]
    pairs_at = at + 2 + 4 * cslw + 2
    entry = pairs_at + 8 * doc_loader._PLCF_TXBX_TXT
    offset, size = struct.unpack_from("<II", word, entry)
    return ("1Table" if flags & 0x0200 else "0Table"), offset, size, entry


def changed_table(source: Path, target: Path, change: object) -> Path:
    """A copy of `source` whose table stream `change` (called with the bytes, PlcftxbxTxt's offset
    and size) edits in place."""
    copy(source, target)
    name, offset, size, _ = plcftxbx(target)
    with olefile.OleFileIO(str(target), write_mode=True) as ole:
        table = bytearray(ole.openstream(name).read())
        change(table, offset, size)  # type: ignore[operator]
        ole.write_stream(name, bytes(table))
    return target


def entry_of(table: bytearray, offset: int, size: int, lid: int) -> int:
    """Where the FTXBXS naming shape `lid` starts."""
    count = (size - 4) // 26
    for index in range(count):
        at = offset + 4 * (count + 1) + 22 * index
        if struct.unpack_from("<i", table, at + 14)[0] == lid:
            return at
    raise AssertionError(f"no box for shape {lid}")


def task_lid(path: Path) -> int:
    """The shape id of the box holding the task line (the last box with text)."""
    name, offset, size, _ = plcftxbx(path)
    with olefile.OleFileIO(str(path)) as ole:
        table = ole.openstream(name).read()
    count = (size - 4) // 26
    return max(
        struct.unpack_from("<i", table, offset + 4 * (count + 1) + 22 * i + 14)[0] for i in range(count)
    )


def test_a_box_whose_shape_has_no_anchor_is_read_after_the_last_paragraph(tmp_path: Path) -> None:
    lid = task_lid(BOXES_DOC)

    def unanchor(table: bytearray, offset: int, size: int) -> None:
        struct.pack_into("<i", table, entry_of(table, offset, size, lid) + 14, 0x7FFF0000)

    read = lines(changed_table(BOXES_DOC, tmp_path / "无锚.doc", unanchor))
    assert read[-2:] == ["请各单位按期完成，并报县河长办。", TASK] and read.count(TASK) == 1


def test_a_box_of_a_shape_in_a_group_is_read_at_the_groups_anchor(tmp_path: Path) -> None:
    """Word keeps a grouped box's text under the child shape's id, which PlcSpaMom does not anchor:
    the group's anchor places it. In `textboxes.doc` LibreOffice wrote the group as shape 1028 with
    children 1029 and 1030, and the steps' text as frames 1031 and 1032 (`make_fixtures.py`): the
    first step's box is given to child 1029 here."""
    with olefile.OleFileIO(str(BOXES_DOC)) as ole:
        word = ole.openstream("WordDocument").read()
        table = ole.openstream("1Table").read()
    _, places = doc_loader._fib_arrays(word)
    assert doc_loader._grouped(table, places) == {1029: 1028, 1030: 1028}

    def to_child(table: bytearray, offset: int, size: int) -> None:
        struct.pack_into("<i", table, entry_of(table, offset, size, 1032) + 14, 1029)

    assert lines(changed_table(BOXES_DOC, tmp_path / "组合.doc", to_child)) == lines(BOXES_DOC)


def test_an_entry_kept_for_reuse_holds_no_box(tmp_path: Path) -> None:
    lid = task_lid(BOXES_DOC)

    def reusable(table: bytearray, offset: int, size: int) -> None:
        struct.pack_into("<h", table, entry_of(table, offset, size, lid) + 8, 1)

    read = lines(changed_table(BOXES_DOC, tmp_path / "复用.doc", reusable))
    assert TASK not in read and "第一步：摸清底数" in read


def test_a_damaged_box_table_is_a_damaged_word_file_never_a_crash(tmp_path: Path) -> None:
    def backwards(table: bytearray, offset: int, size: int) -> None:
        struct.pack_into("<I", table, offset + 4, 0xFFFFFF)  # a box's range runs past the story

    with pytest.raises(DubanError) as caught:
        load(changed_table(BOXES_DOC, tmp_path / "倒序.doc", backwards))
    assert caught.value.code == "E020" and "倒序.doc" in caught.value.message

    oversized = copy(BOXES_DOC, tmp_path / "超长.doc")
    *_, entry = plcftxbx(oversized)
    with olefile.OleFileIO(str(oversized), write_mode=True) as ole:
        word = bytearray(ole.openstream("WordDocument").read())
        struct.pack_into("<I", word, entry + 4, 0x7FFFFFF0)
        ole.write_stream("WordDocument", bytes(word))
    with pytest.raises(DubanError) as caught:
        load(oversized)
    assert caught.value.code == "E020"

    noise = random.Random(46)
    for number in range(20):

        def scribble(table: bytearray, offset: int, size: int) -> None:
            for _ in range(8):
                table[offset + noise.randrange(size)] = noise.randrange(256)

        try:
            document = load(changed_table(BOXES_DOC, tmp_path / f"噪声{number}.doc", scribble))
        except DubanError as exc:
            assert exc.code == "E020"
        else:
            assert "请各单位按期完成，并报县河长办。" in document.pages[0].text


def test_ingest_takes_a_folder_with_a_doc_of_boxes(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    copy(BOXES_DOC, folder / "通知.doc")
    copy(ONLY_DOC, folder / "全在框里.wps")
    report = ingest([folder], index_url=f"sqlite:///{tmp_path}/index.db", progress=False)
    assert (report.ingested, report.failures, report.skipped) == (2, [], [])
    assert report.measures >= 3


def test_a_doc_that_is_really_an_opendocument_file_is_read_with_its_loader(tmp_path: Path) -> None:
    odt = FIXTURES / "odf" / "notice.odt"
    read = load(copy(odt, tmp_path / "改名.doc"))
    assert read.format == load(odt).format and normalise(read).text == normalise(load(odt)).text
    assert "改名.doc" in read.warnings[0] and "OpenDocument 文本" in read.warnings[0]
    sheet = load(copy(FIXTURES / "odf" / "tasks.ods", tmp_path / "任务表.wps"))
    assert "OpenDocument 表格" in sheet.warnings[0] and "区水务局" in sheet.pages[0].text


def test_a_doc_that_is_really_a_powerpoint_97_deck_is_read_with_its_loader(tmp_path: Path) -> None:
    deck = FIXTURES / "ppt" / "notice.ppt"
    read = load(copy(deck, tmp_path / "汇报.doc"))
    assert read.format == "ppt" and [page.text for page in read.pages] == [
        page.text for page in load(deck).pages
    ]
    assert "汇报.doc" in read.warnings[0] and "PowerPoint 97-2003" in read.warnings[0]
