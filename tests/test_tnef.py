"""A `winmail.dat` (Outlook's "rich text" wrapper, TNEF) in a saved e-mail is opened: the
attachments and the body it wraps are members of the message (`base.tnef_parts`,
`base.mail_parts.mail_members`).

Every stream is written here from the published format (`tests.tnef_files`); the notices are
written for these tests."""

from __future__ import annotations

import json
import random
from email.message import EmailMessage
from pathlib import Path

import pytest
from typer.testing import CliRunner

from duban.base.mail_parts import mail_members, parse, payload
from duban.base.tnef_parts import DamagedTnef, unpack
from duban.index import open_store
from duban.pipeline.cli import app
from duban.pipeline.ingest import ingest
from tests.outlook_files import Attachment, Outlook, literal_rtf
from tests.test_archives import docx_of
from tests.tnef_files import Tnef, Wrapped

runner = CliRunner()

SUBJECT = "关于农村供水保障工作的报告"
REPORT_NAME = "农村供水工程维修进展报告.docx"
REPORT = "县水务局要于2025年9月底前完成供水管网维修。"
NOTE_NAME = "水质抽检情况说明.txt"
NOTE = "水质抽检情况说明\n县卫生健康局要在2025年8月15日前完成水质抽检。\n"


def wrapper(**changes: object) -> Tnef:
    """What Outlook wraps for a unit's report: a Word report and a text note under Chinese long
    names, with their 8.3 titles in GBK."""
    fields: dict[str, object] = {
        "attachments": [
            Wrapped(REPORT_NAME, docx_of("供水工程维修进展", REPORT), title="农村供~1.DOC"),
            Wrapped(NOTE_NAME, NOTE.encode("utf-8"), title="水质抽~1.TXT", mime="text/plain"),
        ]
    }
    fields.update(changes)
    return Tnef(**fields)  # type: ignore[arg-type]


def eml(path: Path, dat: bytes, *, body: str = "", beside: tuple[tuple[str, bytes], ...] = ()) -> Path:
    """A message as Exchange sends rich text mail: a plain body (often empty) and `winmail.dat`."""
    mail = EmailMessage()
    mail["Subject"] = SUBJECT
    mail["From"] = "县水务局办公室 <swj@example.cn>"
    mail["Date"] = "Wed, 2 Jul 2025 10:00:00 +0800"
    mail.set_content(body)
    for name, data in beside:
        mail.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    mail.add_attachment(dat, maintype="application", subtype="ms-tnef", filename="winmail.dat")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(mail.as_bytes())
    return path


def test_the_wrapped_attachments_are_read_under_their_long_names(tmp_path: Path) -> None:
    mail = eml(
        tmp_path / "批次" / "供水报告.eml", wrapper().dat(), body="各位：\n报告和说明见附件。\n请查收。"
    )
    url = f"sqlite:///{tmp_path}/index.db"
    report = ingest([mail.parent], index_url=url, progress=False)
    assert (report.ingested, report.failed) == (3, 0), report.failures
    assert not report.skipped
    base = str(mail.resolve())
    with open_store(url) as store:
        sources = {source for doc in store.iter_documents() for source in doc.sources}
        assert sources == {f"{base}/正文.txt", f"{base}/{REPORT_NAME}", f"{base}/{NOTE_NAME}"}
        hits = store.search("供水管网维修", target="measures").hits
        assert hits and hits[0].source == f"{base}/{REPORT_NAME}"
        hits = store.search("水质抽检", target="measures").hits
        assert hits and hits[0].source == f"{base}/{NOTE_NAME}"
    again = ingest([mail.parent], index_url=url, progress=False)
    assert (again.ingested, again.unchanged, again.failed) == (0, 3, 0)


def test_titles_in_the_code_page_name_attachments_without_a_long_name() -> None:
    inner = Tnef(attachments=[Wrapped("", b"abc", title="情况说明.TXT")])
    (part,) = unpack(inner.dat()).attachments
    assert part.get_filename() == "情况说明.TXT"
    eight_bit = Tnef(attachments=[Wrapped(NOTE_NAME, b"abc", unicode=False)])
    assert unpack(eight_bit.dat()).attachments[0].get_filename() == NOTE_NAME


def test_attachments_beside_the_wrapper_keep_their_names() -> None:
    beside = ((NOTE_NAME, "另一份说明".encode()),)
    mail = EmailMessage()
    mail["Subject"] = SUBJECT
    mail.set_content("")
    mail.add_attachment(wrapper().dat(), maintype="application", subtype="ms-tnef", filename="winmail.dat")
    mail.add_attachment(beside[0][1], maintype="text", subtype="plain", filename=NOTE_NAME)
    message = parse(mail.as_bytes())
    members = mail_members(message)
    assert list(members) == [NOTE_NAME, REPORT_NAME, "水质抽检情况说明(2).txt"]
    assert payload(members[NOTE_NAME]) == beside[0][1]
    assert payload(members["水质抽检情况说明(2).txt"]) == NOTE.encode("utf-8")


def test_the_body_outlook_wrapped_as_html_is_the_body(tmp_path: Path) -> None:
    page = "<html><body><p>各乡镇：</p><p>县水务局要于2025年7月20日前完成水源地巡查。</p></body></html>"
    mail = eml(tmp_path / "通知.eml", wrapper(html=page, attachments=[]).dat(), body="\n")
    result = runner.invoke(app, ["extract", str(mail), "--workers", "1"])
    assert result.exit_code == 0, result.output
    (row,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert row["source"] == f"{mail}/正文.txt"
    assert row["doc"]["title"] == SUBJECT and row["doc"]["date"] == "2025-07-02"
    (measure,) = row["measures"]
    assert measure["text"] == "县水务局要于2025年7月20日前完成水源地巡查。"
    assert measure["deadlines"][0]["due"] == "2025-07-20"


def test_a_full_body_of_the_message_is_kept_over_the_wrapped_one() -> None:
    text = "各乡镇：\n县水务局要于2025年7月20日前完成水源地巡查，并报送巡查记录。\n"
    message = parse(_mail_bytes(wrapper(html="<p>另一份</p>", attachments=[]).dat(), text))
    assert "水源地巡查" in payload(mail_members(message)["正文.txt"]).decode("utf-8")


def _mail_bytes(dat: bytes, body: str) -> bytes:
    mail = EmailMessage()
    mail["Subject"] = SUBJECT
    mail.set_content(body)
    mail.add_attachment(dat, maintype="application", subtype="ms-tnef", filename="winmail.dat")
    return mail.as_bytes()


def test_a_body_wrapped_only_as_compressed_rtf_is_its_own_document() -> None:
    rtf = rb"{\rtf1\ansi\ansicpg936 \'b9\'a9\'cb\'ae\par}"
    members = mail_members(parse(_mail_bytes(wrapper(rtf=literal_rtf(rtf)).dat(), "")))
    assert list(members) == ["正文.rtf", REPORT_NAME, NOTE_NAME]
    assert payload(members["正文.rtf"]) == rtf


def test_a_wrapped_message_is_skipped_with_the_nested_hint(tmp_path: Path) -> None:
    inner = wrapper(attachments=[Wrapped("转发：供水调度通知", method=5), wrapper().attachments[0]])
    mail = eml(tmp_path / "批次" / "转发.eml", inner.dat())
    report = ingest([mail.parent], index_url=f"sqlite:///{tmp_path}/i.db", progress=False)
    assert (report.ingested, report.failed) == (1, 0), report.failures
    (skipped,) = report.skipped
    assert Path(skipped.source).name == "转发：供水调度通知.msg"
    assert "不再向下展开" in skipped.hint


def test_a_damaged_wrapper_is_skipped_with_a_hint_and_the_rest_is_read(tmp_path: Path) -> None:
    data = wrapper().dat()
    beside = (("补充材料.docx", docx_of("补充", "县财政局要于2025年8月底前拨付维修资金。")),)
    mail = eml(tmp_path / "批次" / "截断.eml", data[: len(data) // 2], body="报告见附件。", beside=beside)
    report = ingest([mail.parent], index_url=f"sqlite:///{tmp_path}/i.db", progress=False)
    assert (report.ingested, report.failed) == (2, 0), report.failures
    (skipped,) = report.skipped
    assert Path(skipped.source).name == "winmail.dat" and skipped.code == "E003"
    assert "无法解开" in skipped.hint and "普通附件重新发送" in skipped.hint and "截断" in skipped.hint
    with pytest.raises(DamagedTnef, match="TNEF"):
        unpack(b"not a tnef stream at all")


def test_damaged_bytes_anywhere_give_the_attachments_or_a_damaged_wrapper() -> None:
    data = wrapper(html="<p>县水务局要于7月前完成巡查。</p>").dat()
    rng = random.Random(4646)
    outcomes = set()
    for _ in range(300):
        damaged = bytearray(data)
        for _ in range(rng.choice([1, 2, 8])):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        try:
            found = unpack(bytes(damaged))
            for part in found.attachments:
                payload(part)
            outcomes.add("read")
        except DamagedTnef:
            outcomes.add("damaged")
        members = mail_members(parse(_mail_bytes(bytes(damaged), "")))  # never raises
        assert members
    assert "damaged" in outcomes  # the checksums catch a changed byte of the data
    key_changed = bytearray(data)
    key_changed[4] ^= 0xFF  # the key is not checked: the stream is read
    assert [p.get_filename() for p in unpack(bytes(key_changed)).attachments] == [REPORT_NAME, NOTE_NAME]


def test_a_wrapper_attached_to_an_outlook_msg_is_opened_too() -> None:
    outlook = Outlook(
        subject=SUBJECT,
        body="报告见附件。",
        codepage=936,
        attachments=[Attachment("winmail.dat", wrapper().dat(), mime="application/ms-tnef")],
    )
    members = mail_members(parse(outlook.msg()))
    assert list(members) == ["正文.txt", REPORT_NAME, NOTE_NAME]
    assert payload(members[REPORT_NAME]).startswith(b"PK\x03\x04")
