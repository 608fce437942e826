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


def test_html_source_line_breaks_show_as_a_browser_shows_them(tmp_path: Path) -> None:
    # An editor's HTML export wraps a long <p> in the source; the break cut an article's number
    # from its text and a sentence in two. A break between two Chinese characters shows as nothing,
    # any other as a space; breaks between tags and inside <pre> are layout and kept as such.
    path = tmp_path / "page.html"
    path.write_text(
        "<html><body><p>第三条\n各区人民政府应当在年底前完成\n  排查，and report\nback.</p>\n"
        "<p>第四条 市交通局负责\n督促。</p>\n<pre>甲\n乙</pre></body></html>",
        encoding="utf-8",
    )
    lines = load(path).pages[0].text.splitlines()
    assert lines[:2] == [
        "第三条各区人民政府应当在年底前完成排查，and report back.",
        "第四条 市交通局负责督促。",
    ]
    assert lines[2:4] == ["甲", "乙"]


def test_a_text_file_under_an_html_name_keeps_its_lines(tmp_path: Path) -> None:
    path = tmp_path / "notice.html"
    path.write_text("关于加强管理的通知\n一、各单位要按期上报。\n", encoding="utf-8")
    assert load(path).pages[0].text.splitlines() == ["关于加强管理的通知", "一、各单位要按期上报。"]


def test_a_wrapped_html_page_gives_the_measures_of_its_text(tmp_path: Path) -> None:
    # LibreOffice's HTML export breaks the source after an article's number; kept as a line, the
    # number stood alone, its lead sentence was lost and the purpose clause taken for a measure.
    from duban.pipeline.extract import extract_file

    lines = [
        "关于老旧小区改造的规定",
        "第一条 为了改善居住条件，制定本规定。",
        "第五条 对城区老旧小区实施综合改造，统一规划建筑外观，主要改造内容包括：",
        "（一）拆除楼顶和楼道内的违章搭建，恢复公共空间；",
        "（二）更新供水、排水管网，消除漏损隐患；",
        "第六条 区住房和城乡建设局负责组织实施改造工作，在年底前完成。",
    ]
    txt = tmp_path / "rules.txt"
    txt.write_text("\n".join(lines) + "\n", encoding="utf-8")
    page = tmp_path / "rules.html"
    wrapped = ['<p><font face="宋体">' + line.replace(" ", "\n", 1) + "</font></p>" for line in lines]
    page.write_text("<html><body>\n" + "\n".join(wrapped) + "\n</body></html>", encoding="utf-8")

    def measures(path: Path) -> list[tuple[str, list[str], list[str]]]:
        return [
            ("".join(m.text.split()), [u.name for u in m.units], [d.text for d in m.deadlines])
            for m in extract_file(path).measures
        ]

    assert measures(page) == measures(txt)
    assert [text[:3] for text, _, _ in measures(page)] == ["第五条", "第六条"]


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
