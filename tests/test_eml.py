"""Saved e-mails (`.eml`) are read like `.zip` deliveries: the body and each attachment a document
(`pipeline.mail`, `base.mail_parts`).

Every message is built here with `email.message.EmailMessage`; the notices are written for these
tests."""

from __future__ import annotations

import base64
import json
from email.message import EmailMessage
from pathlib import Path

from typer.testing import CliRunner

from duban.base.limits import Limits
from duban.base.paths import still_there
from duban.index import open_store
from duban.pipeline.cli import app
from duban.pipeline.ingest import ingest
from tests.test_archives import docx_of

runner = CliRunner()
IN_PROCESS = Limits(timeout=0, memory_mb=0)

SUBJECT = "关于汛前安全隐患排查的报告"
PAGE = "<html><head><title>x</title></head><body><p>各单位：</p><p>县应急局要于6月30日前完成排查。</p></body></html>"
REPORT = "县交通运输局要于2025年9月底前完成危桥改造。"
DOCX_NAME = "危桥改造进展报告.docx"


def gbk_subject(subject: str) -> bytes:
    """The Subject header as Chinese mailers write it: an RFC 2047 word in GB2312's label."""
    return b"Subject: =?gb2312?B?" + base64.b64encode(subject.encode("gbk")) + b"?=\r\n"


TOWNSHIP = "县农业农村局要于2025年8月底前完成高标准农田验收。"
TOWNSHIP_NOTE = "关于秋粮收购的安排\n县粮食和物资储备局要在2025年10月底前完成仓容检查。\n"


def township_zip(*, note: bool = True) -> bytes:
    """The townships' materials zipped and attached to the message: a Word report and a notice
    (without the notice when `note` is False: the zip sent again lost a member)."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("乡镇/农田验收报告.docx", docx_of("高标准农田验收情况", TOWNSHIP))
        if note:
            package.writestr("秋粮通知.txt", TOWNSHIP_NOTE)
    return buffer.getvalue()


def message(
    path: Path, *, page: str | None = PAGE, attachments: tuple[tuple[str, bytes], ...] | None = None
) -> Path:
    """A unit's report by e-mail: a GBK subject, an HTML body in GB2312 with a plain alternative,
    a Word report under a Chinese RFC 2231 name, an attachment of an unread type, a second
    attachment of the same name and a zip of the townships' materials attached."""
    mail = EmailMessage()
    mail["From"] = "县应急局办公室 <yjj@example.cn>"
    mail["To"] = "county@example.cn"
    mail["Date"] = "Mon, 16 Jun 2025 09:30:00 +0800"
    if page is not None:
        mail.set_content("请查看网页版正文。")
        mail.add_alternative(page, subtype="html", charset="gb2312")
    else:
        mail.set_content("")
    if attachments is None:
        attachments = (
            (DOCX_NAME, docx_of("危桥改造进展情况", REPORT)),
            ("现场数据.xyz", b"\x00\x01 not a document"),
            (DOCX_NAME, docx_of("补充说明", "县公路中心要于2025年10月底前完成验收。")),
            ("乡镇材料.zip", township_zip()),
        )
    for name, data in attachments:
        mail.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gbk_subject(SUBJECT) + mail.as_bytes())
    return path


def url_for(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/index.db"


def sources_in(url: str) -> set[str]:
    with open_store(url) as store:
        return {source for doc in store.iter_documents() for source in doc.sources}


def test_ingest_takes_the_body_and_the_attachments_it_reads(tmp_path: Path) -> None:
    mail = message(tmp_path / "批次" / "报送邮件.eml")
    url = url_for(tmp_path)
    report = ingest([mail.parent], index_url=url, progress=False)
    base = str(mail.resolve())
    assert (report.ingested, report.failed) == (5, 0), report.failures
    assert sources_in(url) == {
        f"{base}/正文.txt",
        f"{base}/{DOCX_NAME}",
        f"{base}/危桥改造进展报告(2).docx",
        f"{base}/乡镇材料.zip/乡镇/农田验收报告.docx",  # the attached zip's members (one level down)
        f"{base}/乡镇材料.zip/秋粮通知.txt",
    }
    skipped = {Path(s.source).name: s.hint for s in report.skipped}
    assert set(skipped) == {"现场数据.xyz"}
    assert "duban 读取" in skipped["现场数据.xyz"]
    with open_store(url) as store:
        hits = store.search("完成排查", target="measures").hits
        assert hits and hits[0].source == f"{base}/正文.txt"
        hits = store.search("危桥改造", target="measures").hits
        assert hits and hits[0].source == f"{base}/{DOCX_NAME}"
        hits = store.search("高标准农田验收", target="measures").hits
        assert hits and hits[0].source == f"{base}/乡镇材料.zip/乡镇/农田验收报告.docx"
        assert store.search("仓容检查", target="measures").hits
    again = ingest([mail.parent], index_url=url, progress=False)
    assert (again.ingested, again.unchanged, again.failed) == (0, 5, 0)


def test_extract_prints_a_line_per_document_with_the_subject_as_title(tmp_path: Path) -> None:
    mail = message(tmp_path / "报送邮件.eml")
    result = runner.invoke(app, ["extract", str(mail), "--workers", "1"])
    assert result.exit_code == 3, result.output  # the .xyz is skipped
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["source"] for row in rows] == [
        f"{mail}/正文.txt",
        f"{mail}/{DOCX_NAME}",
        f"{mail}/危桥改造进展报告(2).docx",
        f"{mail}/乡镇材料.zip/乡镇/农田验收报告.docx",
        f"{mail}/乡镇材料.zip/秋粮通知.txt",
    ]
    township = rows[3]["measures"][0]
    assert township["text"] == TOWNSHIP and township["deadlines"][0]["due"] == "2025-08-31"
    assert [u["name"] for u in township["units"]] == ["县农业农村局"]
    assert rows[4]["measures"][0]["units"][0]["name"] == "县粮食和物资储备局"
    body = rows[0]
    assert body["doc"]["title"] == SUBJECT and body["doc"]["date"] == "2025-06-16"
    assert [m["text"] for m in body["measures"]] == ["县应急局要于6月30日前完成排查。"]
    assert body["measures"][0]["deadlines"][0]["due"] == "2025-06-30"
    assert rows[1]["measures"][0]["text"] == REPORT
    assert "跳过 E003" in result.stderr and "现场数据.xyz" in result.stderr


def test_a_plain_text_body_is_read_when_there_is_no_page(tmp_path: Path) -> None:
    mail = EmailMessage()
    mail["Subject"] = "关于秸秆禁烧的通知"
    mail["Date"] = "Tue, 3 Jun 2025 08:00:00 +0800"
    mail.set_content("各乡镇：\n县农业农村局要于6月15日前完成秸秆综合利用摸底。\n", charset="gbk")
    path = tmp_path / "通知.eml"
    path.write_bytes(mail.as_bytes())
    result = runner.invoke(app, ["extract", str(path), "--workers", "1"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 0, result.output
    assert rows[0]["doc"]["title"] == "关于秸秆禁烧的通知"
    assert "秸秆综合利用摸底" in rows[0]["measures"][0]["text"]


def test_an_attachment_dropped_from_a_resent_message_is_pruned(tmp_path: Path) -> None:
    mail = message(tmp_path / "报送邮件.eml")
    url = url_for(tmp_path)
    ingest([mail], index_url=url, progress=False, limits=IN_PROCESS)
    base = str(mail.resolve())
    assert still_there(f"{base}/{DOCX_NAME}") and still_there(f"{base}/正文.txt")
    assert not still_there(f"{base}/没有这份.docx")
    message(mail, attachments=((DOCX_NAME, docx_of("危桥改造进展情况", REPORT)),))  # sent again
    report = ingest([mail], index_url=url, progress=False, limits=IN_PROCESS)
    assert (report.ingested, report.unchanged, report.failed) == (0, 2, 0)
    assert not still_there(f"{base}/危桥改造进展报告(2).docx")
    pruned = runner.invoke(app, ["prune", "--index", url, "--json"])
    assert pruned.exit_code == 0, pruned.output
    removed = sorted(row["sources"][0] for row in json.loads(pruned.stdout)["removed"])
    gone = ["危桥改造进展报告(2).docx", "乡镇材料.zip/乡镇/农田验收报告.docx", "乡镇材料.zip/秋粮通知.txt"]
    assert removed == sorted(f"{base}/{name}" for name in gone)  # the zip's members went with it


def test_unsafe_attachment_names_stay_inside_the_message(tmp_path: Path) -> None:
    attachments = (
        ("../../逃逸.txt", "县林业局要于7月底前完成巡山。".encode()),
        ("a\\b.txt", b"\xe5\x8e\xbf"),
    )
    mail = message(tmp_path / "a" / "b" / "邮件.eml", attachments=attachments)
    result = runner.invoke(app, ["extract", str(mail), "--workers", "1"])
    sources = [json.loads(line)["source"] for line in result.stdout.splitlines()]
    assert sources == [f"{mail}/正文.txt", f"{mail}/_.._逃逸.txt", f"{mail}/a_b.txt"], result.output
    assert not list(tmp_path.rglob("逃逸.txt"))


def test_a_message_with_nothing_to_read_is_an_error(tmp_path: Path) -> None:
    mail = message(tmp_path / "空邮件.eml", page=None, attachments=(("照片.xyz", b"\x00\x01"),))
    report = ingest([mail], index_url=url_for(tmp_path), progress=False, limits=IN_PROCESS)
    assert [(f.code, Path(f.source).name) for f in report.failures] == [("E036", "空邮件.eml")]
    assert "空邮件.eml" in report.failures[0].message and report.ingested == 0


def test_a_damaged_message_is_named_and_the_batch_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "批次"
    message(folder / "乙县.eml")
    (folder / "甲县.eml").write_bytes(b"\x00\x01\x02PK garbage\x00" * 50)
    (folder / "丙县.txt").write_text(
        "关于道路养护的通知\n县交通运输局要于2025年3月底前完成危桥改造。\n", encoding="utf-8"
    )
    report = ingest([folder], index_url=url_for(tmp_path), progress=False)
    assert [(f.code, Path(f.source).name) for f in report.failures] == [("E037", "甲县.eml")]
    assert "甲县.eml" in report.failures[0].message and "另存为" in report.failures[0].hint
    assert report.ingested == 6  # the body, two reports and the zip's two members of 乙县.eml, 丙县.txt
    assert still_there(f"{folder / '甲县.eml'}/正文.txt"), "a damaged message cannot tell: kept"


def test_a_message_beyond_the_size_limit_is_refused(tmp_path: Path) -> None:
    big = docx_of("附件", "县统计局要于8月底前完成数据核查。") + bytes(2 * 1024 * 1024)
    mail = message(tmp_path / "大邮件.eml", attachments=(("大.docx", big),))
    limits = Limits(timeout=0, memory_mb=0, docx_max_mb=1)
    report = ingest([mail], index_url=url_for(tmp_path), progress=False, limits=limits)
    assert [(f.code, Path(f.source).name) for f in report.failures] == [("E021", "大邮件.eml")]
    assert "邮件" in report.failures[0].message


def test_a_message_inside_a_zip_is_read_and_its_own_zip_is_a_third_level(tmp_path: Path) -> None:
    """A message in a zip is read one level down; the zip attached to it would be a third level:
    skipped with the nested hint."""
    import zipfile

    mail = message(tmp_path / "src" / "内层.eml")
    archive = tmp_path / "材料.zip"
    with zipfile.ZipFile(archive, "w") as package:
        package.writestr("内层.eml", mail.read_bytes())
        package.writestr("说明.txt", "关于道路养护的通知\n县交通运输局要于2025年3月底前完成危桥改造。\n")
    report = ingest([archive], index_url=url_for(tmp_path), progress=False, limits=IN_PROCESS)
    skipped = {Path(s.source).name: s.hint for s in report.skipped}
    assert set(skipped) == {"现场数据.xyz", "乡镇材料.zip"}
    assert "不再向下展开" in skipped["乡镇材料.zip"]
    base = str(archive.resolve())
    assert sources_in(url_for(tmp_path)) == {
        f"{base}/说明.txt",
        f"{base}/内层.eml/正文.txt",
        f"{base}/内层.eml/{DOCX_NAME}",
        f"{base}/内层.eml/危桥改造进展报告(2).docx",
    }
    assert report.ingested == 4 and not report.failures


def test_prune_drops_a_member_the_resent_zip_attachment_lost(tmp_path: Path) -> None:
    mail = message(tmp_path / "报送邮件.eml")
    url = url_for(tmp_path)
    ingest([mail], index_url=url, progress=False, limits=IN_PROCESS)
    base = str(mail.resolve())
    note = f"{base}/乡镇材料.zip/秋粮通知.txt"
    assert still_there(note) and still_there(f"{base}/乡镇材料.zip/乡镇/农田验收报告.docx")
    assert not still_there(f"{base}/乡镇材料.zip/没有这份.txt")
    attachments = (
        (DOCX_NAME, docx_of("危桥改造进展情况", REPORT)),
        ("乡镇材料.zip", township_zip(note=False)),
    )
    message(mail, attachments=attachments)  # sent again: the townships' zip lost its notice
    report = ingest([mail], index_url=url, progress=False, limits=IN_PROCESS)
    assert (report.ingested, report.unchanged, report.failed) == (0, 3, 0)
    assert not still_there(note)
    pruned = runner.invoke(app, ["prune", "--index", url, "--json"])
    assert pruned.exit_code == 0, pruned.output
    removed = sorted(row["sources"][0] for row in json.loads(pruned.stdout)["removed"])
    assert removed == sorted([f"{base}/危桥改造进展报告(2).docx", note])


def test_a_message_forwarded_as_an_attachment_is_read_one_level_down(tmp_path: Path) -> None:
    inner = EmailMessage()
    inner["Subject"] = "关于秸秆禁烧的通知"
    inner["Date"] = "Tue, 3 Jun 2025 08:00:00 +0800"
    inner.set_content("各乡镇：\n县农业农村局要于6月15日前完成秸秆综合利用摸底。\n")
    outer = EmailMessage()
    outer["Subject"] = "转发：关于秸秆禁烧的通知"
    outer.set_content("请各单位落实。")
    outer.add_attachment(inner, filename="原通知.eml")
    path = tmp_path / "转发.eml"
    path.write_bytes(outer.as_bytes())
    url = url_for(tmp_path)
    report = ingest([path], index_url=url, progress=False, limits=IN_PROCESS)
    base = str(path.resolve())
    assert sources_in(url) == {f"{base}/正文.txt", f"{base}/原通知.eml/正文.txt"}, report.failures
    with open_store(url) as store:
        assert (
            store.search("秸秆综合利用摸底", target="measures").hits[0].source
            == f"{base}/原通知.eml/正文.txt"
        )
