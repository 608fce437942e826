from __future__ import annotations

from pathlib import Path

import pytest

from duban.base.errors import DubanError
from duban.pipeline.loaders import load

SAMPLE = "关于加强督查督办工作的通知\n各部门要于2021年6月底前完成整改，并向市委报告。"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "big5"])
def test_text_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    text = SAMPLE if encoding != "big5" else "關於加強督查督辦工作的通知\n各部門要於六月底前完成整改。"
    path = tmp_path / f"doc-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    raw = load(path)
    assert raw.pages[0].text.lstrip("\ufeff") == text
    assert raw.format == "text"


def test_empty_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(DubanError) as info:
        load(path)
    assert info.value.code == "E002"
    assert "empty.txt" in info.value.message


def test_missing_and_unsupported_files(tmp_path: Path) -> None:
    with pytest.raises(DubanError) as missing:
        load(tmp_path / "nope.txt")
    assert missing.value.code == "E001"
    odd = tmp_path / "scan.wps"
    odd.write_bytes(b"x")
    with pytest.raises(DubanError) as unsupported:
        load(odd)
    assert unsupported.value.code == "E003"
    assert ".docx" in unsupported.value.hint


def test_docx_paragraphs_and_tables_in_order(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("重点任务分工方案")
    table = document.add_table(rows=2, cols=3)
    for cell, value in zip(table.rows[0].cells, ["工作任务", "牵头单位", "完成时限"], strict=True):
        cell.text = value
    table.rows[1].cells[0].text = "建立问题整改台账，\n每月更新。"
    table.rows[1].cells[1].text = "市发展改革委"
    table.rows[1].cells[2].text = "2026年6月底前"
    document.add_paragraph("各单位要认真落实。")
    path = tmp_path / "plan.docx"
    document.save(str(path))
    raw = load(path)
    page = raw.pages[0]
    assert page.tables == [
        [
            ["工作任务", "牵头单位", "完成时限"],
            ["建立问题整改台账，每月更新。", "市发展改革委", "2026年6月底前"],
        ]
    ]
    lines = page.text.split("\n")
    assert lines[0] == "重点任务分工方案"
    assert lines[2] == "建立问题整改台账，每月更新。 | 市发展改革委 | 2026年6月底前"
    assert lines[-1] == "各单位要认真落实。"


def test_docx_reads_what_word_shows_under_tracked_changes_and_fields(tmp_path: Path) -> None:
    """Runs wrapped in a tracked insertion, a simple field or a content control are text; deleted
    runs, a field's code and a text box's own paragraphs are not part of the paragraph that anchors
    it (a well-formed box is read on lines of its own: tests/test_loader_docx_textboxes.py)."""
    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    body = document.add_paragraph("逾期未报的，")
    body._p.append(
        parse_xml(f'<w:ins {w} w:id="1" w:author="a"><w:r><w:t>由县督查室督促整改</w:t></w:r></w:ins>')
    )
    body._p.append(
        parse_xml(f'<w:del {w} w:id="2" w:author="a"><w:r><w:delText>予以通报</w:delText></w:r></w:del>')
    )
    body._p.append(
        parse_xml(f'<w:moveFrom {w} w:id="3" w:author="a"><w:r><w:t>挪走的字</w:t></w:r></w:moveFrom>')
    )
    body.add_run("。")
    field = document.add_paragraph("完成时限：")
    field._p.append(
        parse_xml(f'<w:fldSimple {w} w:instr=" DATE "><w:r><w:t>2026年6月30日前</w:t></w:r></w:fldSimple>')
    )
    control = document.add_paragraph()
    control._p.append(
        parse_xml(f"<w:sdt {w}><w:sdtContent><w:r><w:t>责任单位：县水利局</w:t></w:r></w:sdtContent></w:sdt>")
    )
    boxed = document.add_paragraph("正文")
    boxed._p.append(
        parse_xml(
            f"<w:r {w}><w:pict><w:txbxContent><w:p><w:r><w:t>文本框里的字</w:t></w:r></w:p></w:txbxContent>"
            "</w:pict></w:r>"
        )
    )
    path = tmp_path / "tracked.docx"
    document.save(str(path))
    lines = load(path).pages[0].text.split("\n")
    assert lines == [
        "逾期未报的，由县督查室督促整改。",
        "完成时限：2026年6月30日前",
        "责任单位：县水利局",
        "正文",
    ]


def test_broken_docx_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(DubanError) as info:
        load(path)
    assert info.value.code == "E020"


def test_html_as_text(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><style>p{}</style></head><body><p>各部门要落实。</p>"
        "<table><tr><td>任务</td><td>单位</td></tr></table></body></html>",
        encoding="utf-8",
    )
    text = load(path).pages[0].text
    assert "各部门要落实。" in text
    assert "任务 | 单位" in text
    assert "p{}" not in text


def test_an_odt_under_a_docx_name_is_read_with_a_warning(tmp_path: Path) -> None:
    # It was E020 (no word/document.xml); loaders.odf reads it now, and says the name is wrong.
    import shutil

    renamed = tmp_path / "通知.docx"
    shutil.copyfile(Path(__file__).resolve().parent / "fixtures" / "odf" / "notice.odt", renamed)
    document = load(renamed)
    assert document.format == "odt" and document.pages[0].text.startswith(
        "关于推进城区排水防涝设施建设的通知"
    )
    assert "通知.docx" in document.warnings[0] and "实际是 OpenDocument 文本（.odt）" in document.warnings[0]
    assert sum("实际是" in warning for warning in document.warnings) == 1


def test_a_phone_photo_in_apples_format_is_skipped_with_the_hint_to_save_it_as_jpg(tmp_path: Path) -> None:
    from duban.pipeline.ingest import ingest

    (tmp_path / "批次").mkdir()
    (tmp_path / "批次" / "IMG_0001.HEIC").write_bytes(b"\x00\x00\x00\x18ftypheic" + b"\x00" * 64)
    (tmp_path / "批次" / "通知.txt").write_text("县财政局要于2026年6月底前拨付资金。", encoding="utf-8")
    report = ingest([tmp_path / "批次"], index_url=f"sqlite:///{tmp_path}/i.db", progress=False)
    assert report.ingested == 1
    (skipped,) = report.skipped
    assert skipped.code == "E003" and "IMG_0001.HEIC" in skipped.message
    assert "JPG" in skipped.hint and "兼容性最佳" in skipped.hint
