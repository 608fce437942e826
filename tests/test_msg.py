"""Outlook messages saved as `.msg` are read as saved `.eml` ones are: the body and each attachment
a document (`base.outlook_parts` rebuilds the MIME message; `pipeline.mail` does the rest).

Every `.msg` is written here from the published formats (`tests.outlook_files`); the notices are
written for these tests."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import olefile
import pytest
from typer.testing import CliRunner

from duban.base.mail_parts import DamagedMessage, header_text, mail_members, parse, payload
from duban.base.outlook_parts import decompress_rtf
from duban.base.paths import still_there
from duban.index import open_store
from duban.pipeline.cli import app
from duban.pipeline.ingest import ingest
from tests.outlook_files import Attachment, Outlook, compound_file, literal_rtf
from tests.test_archives import docx_of

runner = CliRunner()

SUBJECT = "关于防汛物资储备检查情况的报告"
PAGE = "<html><body><p>各乡镇：</p><p>一、县应急管理局牵头，于2025年6月20日前完成防汛物资清点。</p></body></html>"
REPORT = "县水利局要于2025年8月底前完成堤防除险加固。"
SENT = datetime(2025, 6, 5, 1, 30, tzinfo=UTC)
FORWARDED_SUBJECT = "关于河道清淤进度的报告"
FORWARDED_BODY = "二、镇水务站负责，于2025年9月30日前完成主河道清淤。"
FORWARDED_REPORT = "县住建局要于2025年10月底前完成老城区排水管网改造。"
FORWARDED_STORAGE = "__attach_version1.0_#00000002/__substg1.0_3701000D"
"""Where `outlook()` keeps the forwarded message (its third attachment)."""


def forwarded(**changes: object) -> Outlook:
    """A township's report that a county office forwards "as attachment": a plain body and a Word
    report of its own."""
    fields: dict[str, object] = {
        "subject": FORWARDED_SUBJECT,
        "sender": "镇水务站",
        "body": FORWARDED_BODY,
        "sent": datetime(2025, 6, 3, 2, 0, tzinfo=UTC),
        "codepage": 936,
        "attachments": [Attachment("清淤进度.docx", docx_of("清淤进度情况", FORWARDED_REPORT))],
    }
    fields.update(changes)
    return Outlook(**fields)  # type: ignore[arg-type]


def outlook(**changes: object) -> Outlook:
    """A unit's report from Outlook: an HTML body with its plain twin, a Word report, a picture
    Outlook hides (shown inside the body), a forwarded message and an attachment of an unread type."""
    fields: dict[str, object] = {
        "subject": SUBJECT,
        "sender": "县应急管理局办公室",
        "address": "yjj@example.cn",
        "html": PAGE,
        "body": "请查看网页版正文。",
        "sent": SENT,
        "codepage": 936,
        "attachments": [
            Attachment("堤防加固进展.docx", docx_of("堤防加固进展情况", REPORT)),
            Attachment("image001.png", b"\x89PNG not shown", hidden=True, mime="image/png"),
            Attachment("转发：上级通知", embedded=True, message=forwarded()),
            Attachment("现场数据.xyz", b"\x00\x01 not a document"),
        ],
    }
    fields.update(changes)
    return Outlook(**fields)  # type: ignore[arg-type]


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_the_test_files_are_compound_files_an_independent_reader_opens() -> None:
    data = outlook().msg()
    ole = olefile.OleFileIO(io.BytesIO(data))
    names = {"/".join(entry) for entry in ole.listdir()}
    assert "__substg1.0_0037001F" in names
    assert ole.openstream("__substg1.0_0037001F").read().decode("utf-16-le").rstrip("\x00") == SUBJECT
    big = ole.openstream("__attach_version1.0_#00000000/__substg1.0_37010102").read()
    assert len(big) >= 4096 and big.startswith(b"PK")  # a regular-sector stream, not the mini stream


def test_the_message_becomes_the_mime_message_an_eml_would_be() -> None:
    message = parse(outlook().msg())
    assert header_text(message["Subject"]) == SUBJECT
    assert header_text(message["From"]) == "县应急管理局办公室 <yjj@example.cn>"
    members = mail_members(message)
    # the HTML body is the body (what Outlook shows); the hidden picture is not a member
    # the forwarded message is an attached `.eml` named by its subject
    assert list(members) == ["正文.txt", "堤防加固进展.docx", f"{FORWARDED_SUBJECT}.eml", "现场数据.xyz"]
    assert "县应急管理局牵头" in payload(members["正文.txt"]).decode("utf-8")
    assert payload(members["堤防加固进展.docx"]).startswith(b"PK\x03\x04")


def test_ingest_takes_the_body_and_the_attachments_it_reads(tmp_path: Path) -> None:
    mail = write(tmp_path / "批次" / "报送.msg", outlook().msg())
    url = f"sqlite:///{tmp_path}/index.db"
    report = ingest([mail.parent], index_url=url, progress=False)
    assert (report.ingested, report.failed) == (4, 0), report.failures
    assert [Path(s.source).name for s in report.skipped] == ["现场数据.xyz"]
    base = str(mail.resolve())
    inner = f"{base}/{FORWARDED_SUBJECT}.eml"
    with open_store(url) as store:
        sources = {source for doc in store.iter_documents() for source in doc.sources}
    # the forwarded message is read one level down, as an `.eml` attached to an `.eml`
    assert sources == {
        f"{base}/正文.txt",
        f"{base}/堤防加固进展.docx",
        f"{inner}/正文.txt",
        f"{inner}/清淤进度.docx",
    }


def test_extract_reads_subject_date_measure_unit_and_deadline(tmp_path: Path) -> None:
    mail = write(tmp_path / "报送.msg", outlook().msg())
    result = runner.invoke(app, ["extract", str(mail), "--format", "jsonl"])
    assert result.exit_code == 3, result.output  # the forwarded message and the .xyz are skipped
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    body = next(line for line in lines if line["source"].endswith("正文.txt"))
    assert body["doc"]["title"] == SUBJECT
    assert body["doc"]["date"] == "2025-06-05"
    (measure,) = body["measures"]
    assert [unit["name"] for unit in measure["units"]] == ["县应急管理局"]
    assert [deadline["text"] for deadline in measure["deadlines"]] == ["2025年6月20日前"]
    report = next(line for line in lines if line["source"].endswith(".docx"))
    assert any("县水利局" in [u["name"] for u in m["units"]] for m in report["measures"])


def test_a_plain_text_body_in_the_chinese_code_page_is_read(tmp_path: Path) -> None:
    plain = outlook(html=None, body="二、各乡镇人民政府负责，于2025年7月1日前上报排查清单。", unicode=False)
    members = mail_members(parse(plain.msg()))
    assert payload(members["正文.txt"]).decode("utf-8").startswith("二、各乡镇人民政府负责")
    assert list(members)[1] == "堤防加固进展.docx"  # attachment names in the code page too


def test_a_body_kept_only_as_compressed_rtf_is_its_own_document() -> None:
    rtf = rb"{\rtf1\ansi\ansicpg936 \'b8\'f7\'cf\'e7\'d5\'f2\par}"
    members = mail_members(parse(outlook(html=None, body=None, rtf=literal_rtf(rtf)).msg()))
    assert "正文.txt" not in members
    assert payload(members["正文.rtf"]) == rtf


def test_compressed_rtf_references_reach_into_the_initial_dictionary() -> None:
    # a control byte per 8 tokens, bit k set for a reference: first a reference to the
    # dictionary's first 11 bytes, "{\\rtf1\\ansi", then 7 literals; then a literal and the end
    body = bytes([0b0000_0001]) + (0 << 4 | 9).to_bytes(2, "big") + b" hello!"
    end = 207 + 11 + 8
    body += bytes([0b0000_0010]) + b"!" + (end << 4).to_bytes(2, "big")
    data = (len(body) + 12).to_bytes(4, "little") + (19).to_bytes(4, "little") + b"LZFu" + bytes(4) + body
    assert decompress_rtf(data) == rb"{\rtf1\ansi hello!!"
    with pytest.raises(ValueError):
        decompress_rtf(b"short")


def test_a_compound_file_that_is_no_message_is_a_damaged_message(tmp_path: Path) -> None:
    with pytest.raises(DamagedMessage, match="属性流"):
        parse(compound_file({"WordDocument": b"\x00" * 100}))
    mail = write(tmp_path / "批次" / "坏.msg", outlook().msg()[:900])
    write(tmp_path / "批次" / "好.txt", "县财政局要于2025年6月底前拨付资金。".encode())
    report = ingest([mail.parent], index_url=f"sqlite:///{tmp_path}/i.db", progress=False)
    assert report.ingested == 1
    assert [(f.code, Path(f.source).name) for f in report.failures] == [("E037", "坏.msg")]
    assert "坏.msg" in report.failures[0].message and ".msg" in report.failures[0].hint


def test_damaged_bytes_anywhere_give_a_message_or_a_damaged_message() -> None:
    import random

    data = outlook().msg()
    rng = random.Random(46)
    outcomes = set()
    for _ in range(200):
        damaged = bytearray(data)
        for _ in range(rng.choice([1, 4, 16])):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        try:
            members = mail_members(parse(bytes(damaged)))
            for part in members.values():
                payload(part)
            outcomes.add("read")
        except DamagedMessage:
            outcomes.add("damaged")
    assert outcomes == {"read", "damaged"}


def test_a_forwarded_report_gives_its_body_and_attachment_their_measures(tmp_path: Path) -> None:
    mail = write(tmp_path / "报送.msg", outlook().msg())
    result = runner.invoke(app, ["extract", str(mail), "--format", "jsonl"])
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    inner = f"{FORWARDED_SUBJECT}.eml"
    body = next(line for line in lines if line["source"].endswith(f"{inner}/正文.txt"))
    assert body["doc"]["title"] == FORWARDED_SUBJECT
    assert body["doc"]["date"] == "2025-06-03"
    (measure,) = body["measures"]
    assert [unit["name"] for unit in measure["units"]] == ["镇水务站"]
    assert [deadline["text"] for deadline in measure["deadlines"]] == ["2025年9月30日前"]
    report = next(line for line in lines if line["source"].endswith(f"{inner}/清淤进度.docx"))
    (measure,) = report["measures"]
    assert [unit["name"] for unit in measure["units"]] == ["县住建局"]
    assert [deadline["text"] for deadline in measure["deadlines"]] == ["2025年10月底前"]


def test_a_message_embedded_in_the_forwarded_one_is_skipped_with_the_nested_hint(tmp_path: Path) -> None:
    deeper = Outlook(subject="更早的通知", body="县交通局要于2025年7月底前完成危桥排查。")
    inner = forwarded(attachments=[Attachment("更早的通知", embedded=True, message=deeper)])
    mail = write(
        tmp_path / "批次" / "报送.msg",
        outlook(attachments=[Attachment("转发", embedded=True, message=inner)]).msg(),
    )
    report = ingest([mail.parent], index_url=f"sqlite:///{tmp_path}/i.db", progress=False)
    assert (report.ingested, report.failed) == (2, 0), report.failures  # both bodies
    (skip,) = report.skipped
    assert skip.source.endswith(f"报送.msg/{FORWARDED_SUBJECT}.eml/更早的通知.msg")
    assert "不再向下展开" in skip.hint


def test_a_damaged_embedded_message_leaves_the_other_parts_read(tmp_path: Path) -> None:
    # the forwarded message's property stream starts at a sector far past the file's end (what
    # olefile reads as an empty stream): it stays the `.msg` skipped, the rest is read
    data = outlook().msg()
    ole = olefile.OleFileIO(io.BytesIO(data))
    entry = ole.direntries[ole._find(f"{FORWARDED_STORAGE}/__properties_version1.0")]
    ole.close()
    broken = bytearray(data)
    at = 512 * (1 + int.from_bytes(data[48:52], "little")) + 128 * entry.sid + 116  # its start sector
    broken[at : at + 4] = (0x00FFFFF0).to_bytes(4, "little")
    members = mail_members(parse(bytes(broken)))
    assert list(members) == ["正文.txt", "堤防加固进展.docx", "转发：上级通知.msg", "现场数据.xyz"]
    mail = write(tmp_path / "批次" / "报送.msg", bytes(broken))
    report = ingest([mail.parent], index_url=f"sqlite:///{tmp_path}/i.db", progress=False)
    assert (report.ingested, report.failed) == (2, 0), report.failures
    skipped = {Path(s.source).name: s for s in report.skipped}
    assert set(skipped) == {"转发：上级通知.msg", "现场数据.xyz"}
    assert "不再向下展开" in skipped["转发：上级通知.msg"].hint


def test_an_embedded_message_that_cannot_be_read_is_skipped_not_the_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a stream of the forwarded message that fails to read (a broken sector chain)
    from duban.base import outlook_parts

    read = outlook_parts._Storage._read

    def failing(self: outlook_parts._Storage, name: str) -> bytes:
        if FORWARDED_STORAGE.split("/")[-1] in self.path and name != "__properties_version1.0":
            raise OSError("sector chain loops")
        return read(self, name)

    monkeypatch.setattr(outlook_parts._Storage, "_read", failing)
    members = mail_members(parse(outlook().msg()))
    assert list(members) == ["正文.txt", "堤防加固进展.docx", "转发：上级通知.msg", "现场数据.xyz"]
    assert payload(members["转发：上级通知.msg"]) == b""


def test_ingesting_a_forwarded_message_twice_changes_nothing(tmp_path: Path) -> None:
    mail = write(tmp_path / "批次" / "报送.msg", outlook().msg())
    url = f"sqlite:///{tmp_path}/index.db"
    first = ingest([mail.parent], index_url=url, progress=False)
    assert (first.ingested, first.failed) == (4, 0), first.failures
    second = ingest([mail.parent], index_url=url, progress=False)
    assert (second.ingested, second.failed) == (0, 0), second.failures
    assert second.unchanged == 4
    inner = f"{mail.resolve()}/{FORWARDED_SUBJECT}.eml"  # what `duban prune` asks
    assert still_there(f"{inner}/清淤进度.docx") and not still_there(f"{inner}/另一份.docx")
