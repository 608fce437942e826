"""Single-file web pages (`.mht`, `.mhtml`) as offices save a portal's notice: the page they hold is
read as an `.html` file is, whatever the browser that wrote them; what is not such a page says so."""

from __future__ import annotations

import base64
import quopri
from pathlib import Path

import pytest

from duban.base.errors import DubanError
from duban.extractors.registry import get_extractors
from duban.pipeline.extract import build_document, extract_document
from duban.pipeline.ingest import ingest
from duban.pipeline.loaders import load, loader_for, readable_type

PAGE = (
    "<html><head><title>县政府网站</title></head><body>"
    "<div>首页 &gt; 政务公开 &gt; 通知公告</div>"
    "<p>关于做好冬季供暖保障工作的通知</p>"
    "<p>县住建局要于2026年11月15日前完成供热管网检修。</p><p>重点任务分工如下：</p>"
    "<table><tr><td>序号</td><td>工作任务</td><td>责任单位</td><td>完成时限</td></tr>"
    "<tr><td>1</td><td>开展燃气安全隐患排查整治</td><td>县城管局</td><td>12月底前</td></tr></table>"
    "<p>联系人：王堃</p></body></html>"
)


def ie_archive(page: str, charset: str = "gb2312", declare: bool = True) -> bytes:
    """What Internet Explorer's “网页，单个文件” writes: multipart/related, the page
    quoted-printable in the office's code page, then the page's images."""
    body = quopri.encodestring(page.encode("gb18030")).decode("ascii")
    declared = f'; charset="{charset}"' if declare else ""
    picture = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40).decode("ascii")
    return (
        "From: <由 Windows Internet Explorer 8 保存>\r\n"
        "Subject: =?gb2312?B?1qrNqA==?=\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; type="text/html"; boundary="----=_NextPart_000_0000"\r\n\r\n'
        "------=_NextPart_000_0000\r\n"
        f"Content-Type: text/html{declared}\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n"
        "Content-Location: http://www.example.gov.cn/tzgg/1.html\r\n\r\n"
        f"{body}\r\n"
        "------=_NextPart_000_0000\r\n"
        "Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
        "Content-Location: http://www.example.gov.cn/logo.png\r\n\r\n"
        f"{picture}\r\n"
        "------=_NextPart_000_0000--\r\n"
    ).encode("gb18030")  # the `From:` line in the office's code page, as IE writes it


def chrome_archive(page: str) -> bytes:
    """What Chrome and Edge save as `.mhtml`: headers from `From:` on, the page base64 in UTF-8,
    its charset declared only in the page's own `<meta>`."""
    page = page.replace("<head>", '<head><meta charset="utf-8">')
    body = base64.encodebytes(page.encode("utf-8")).decode("ascii")
    return (
        "From: <Saved by Blink>\r\n"
        "Snapshot-Content-Location: http://www.example.gov.cn/tzgg/1.html\r\n"
        "Subject: notice\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; type="text/html"; boundary="----MultipartBoundary--x"\r\n\r\n'
        "------MultipartBoundary--x\r\n"
        "Content-Type: text/html\r\nContent-ID: <frame-1@mhtml.blink>\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\n"
        f"{body}\r\n"
        "------MultipartBoundary--x--\r\n"
    ).encode("ascii")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("通知.mht", ie_archive(PAGE)),
        (
            "通知-无字符集.mht",
            ie_archive(PAGE.replace("<head>", '<head><meta charset="gbk">'), declare=False),
        ),
        ("通知.mhtml", chrome_archive(PAGE)),
        ("大写.MHT", ie_archive(PAGE)),
    ],
)
def test_the_page_of_a_single_file_web_page_is_read_as_html(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    read = load(path)
    text = read.pages[0].text
    assert read.format == "html" and read.warnings == []
    assert "关于做好冬季供暖保障工作的通知" in text
    assert "开展燃气安全隐患排查整治 | 县城管局 | 12月底前" in text
    assert "王堃" in text  # a character GBK has and gb2312 lacks: the declared gb2312 read as GBK
    assert "PNG" not in text and "<p>" not in text


def test_its_measures_are_those_of_the_same_page_saved_as_html(tmp_path: Path) -> None:
    archive = tmp_path / "通知.mht"
    archive.write_bytes(ie_archive(PAGE))
    page = tmp_path / "通知.html"
    page.write_text(PAGE, encoding="utf-8")

    def measures(path: Path) -> list[tuple[str, list[str], list[str]]]:
        doc = extract_document(build_document(load(path)), get_extractors(("rules",)))
        return [(m.text, [u.name for u in m.units], [d.text for d in m.deadlines]) for m in doc.measures]

    found = measures(archive)
    assert found == measures(page)
    assert any("县住建局" in units and "2026年11月15日前" in due for _, units, due in found)


def test_a_plain_page_saved_as_mht_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "另存.mht"
    path.write_text(PAGE, encoding="gb18030")
    read = load(path)
    assert "关于做好冬季供暖保障工作的通知" in read.pages[0].text
    assert "另存.mht" in read.warnings[0] and "普通网页" in read.warnings[0]


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"MIME-Version: 1.0\r\nContent-Type: image/png\r\n\r\nabc", "没有网页正文"),
        (b"\x00\x01\x02 binary garbage \xff\xfe", "没有 MIME 头"),
    ],
)
def test_a_file_holding_no_page_is_e007_saying_why(tmp_path: Path, data: bytes, says: str) -> None:
    path = tmp_path / "坏.mht"
    path.write_bytes(data)
    with pytest.raises(DubanError) as caught:
        load(path)
    assert caught.value.code == "E007" and says in str(caught.value) and "坏.mht" in str(caught.value)


def test_an_empty_mht_is_e002(tmp_path: Path) -> None:
    path = tmp_path / "空.mht"
    path.write_bytes(b"\r\n")
    with pytest.raises(DubanError) as caught:
        load(path)
    assert caught.value.code == "E002"


def test_a_nightly_batch_takes_single_file_web_pages(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "通知.mht").write_bytes(ie_archive(PAGE))
    (folder / "转发.mhtml").write_bytes(chrome_archive(PAGE.replace("冬季供暖", "春季防火")))
    assert loader_for(".mhtml") is not None and readable_type(folder / "通知.mht")
    report = ingest([folder], index_url=f"sqlite:///{tmp_path}/index.db", progress=False)
    assert (report.ingested, report.failures, report.skipped) == (2, [], [])
    assert report.measures == 4
