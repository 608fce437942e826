"""An Outlook message saved as `.msg`, turned into the MIME message a saved `.eml` is.

Outlook's "另存为" writes a `.msg` by default: a compound file ([MS-CFB], read with `olefile`)
whose properties ([MS-OXMSG]) hold the subject, sender, dates, the body (plain text, HTML, or
compressed RTF) and one storage per attachment. Staff who save a unit's report from Outlook get
such a file in the batch folder, and before this it was skipped. Rather than a second reader for
a second container, the message is rebuilt here as the standard library's `Message` that
`mail_parts.parse` returns for an `.eml` (subject, From and Date headers, the body as a `text/html`
or `text/plain` part, each attachment a part with its file name), so that naming the members,
the limits, prune and the body document (`pipeline.mail`) are those of an `.eml`, unchanged.

An attachment that is itself an Outlook item (a report forwarded "as attachment": attach method
`afEmbeddedMessage`, a storage holding a whole message with its own properties and attachments,
[MS-OXMSG] 2.2.2.1) is rebuilt by the same code into a `message/rfc822` part named
`<its subject>.eml`, so that the walk reads it one level down exactly as an `.eml` attached to an
`.eml` (`<x.msg>/<转发.eml>/正文.txt`, its attachments beside it), and its bytes (the `.eml`'s) count
within the message's limits as any attachment's. Only one level is rebuilt (`_EMBEDDED_LEVELS`):
a message embedded in that one stays a part of that name with no bytes, which the walk skips with
the nested hint as it skips a third level; so is an embedded message whose storage is damaged
(logged), the outer message's other parts read all the same.

What is not carried over: recipients (the body document names subject, sender and date only, as
for an `.eml`), OLE objects, and attachments Outlook marks hidden (pictures shown inside the HTML
body). A body stored only as compressed RTF (old Outlook, "rich text" mail) becomes the attachment
`正文.rtf`, read by the RTF loader.
"""

from __future__ import annotations

import codecs
import io
import logging
import struct
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.charset import QP, Charset
from email.header import Header
from email.message import Message
from email.mime.application import MIMEApplication
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime
from typing import Any

log = logging.getLogger(__name__)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Property ids ([MS-OXPROPS]) and types ([MS-OXCDATA] 2.11.1) read here.
SUBJECT, SENDER_NAME, SENDER_ADDRESS = 0x0037, 0x0C1A, 0x0C1F
SUBMIT_TIME, DELIVERY_TIME, CREATION_TIME = 0x0039, 0x0E06, 0x3007
BODY, HTML, RTF_COMPRESSED = 0x1000, 0x1013, 0x1009
MESSAGE_CODEPAGE, INTERNET_CODEPAGE = 0x3FFD, 0x3FDE
ATTACH_DATA, ATTACH_FILENAME, ATTACH_LONG_FILENAME, DISPLAY_NAME = 0x3701, 0x3704, 0x3707, 0x3001
ATTACH_METHOD, ATTACH_MIME_TAG, ATTACHMENT_HIDDEN = 0x3705, 0x370E, 0x7FFE
PT_LONG, PT_BOOLEAN, PT_SYSTIME = 0x0003, 0x000B, 0x0040
PT_STRING8, PT_UNICODE, PT_BINARY, PT_OBJECT = 0x001E, 0x001F, 0x0102, 0x000D
RTF_BODY_NAME = "正文.rtf"
"""The member a body kept only as compressed RTF becomes."""
EMBEDDED_MESSAGE = 5
"""`PidTagAttachMethod` of an attachment that is itself a message (`afEmbeddedMessage`)."""

_PROPERTIES = "__properties_version1.0"
_TOP_HEADER = 32
"""Bytes before the first property entry in the message's own property stream ([MS-OXMSG]
2.4.1.1); an attachment's has 8 (2.4.2)."""
_ATTACHMENT_HEADER = 8
_EMBEDDED_HEADER = 24
"""Bytes before the first entry in an embedded message's property stream ([MS-OXMSG] 2.4.1.2)."""
_EMBEDDED_STORAGE = "__substg1.0_3701000D"
"""The storage under an attachment that holds the embedded message (`PidTagAttachDataObject`)."""
_EMBEDDED_LEVELS = 1
"""How many levels of embedded messages are rebuilt: one, as the walk opens one container in
another; deeper ones would only be skipped, and each level re-reads the storage below it."""
_EMBEDDED_BOUNDARY = "=_duban_embedded_message"
"""The embedded message's MIME boundary, fixed so that its `.eml` bytes are the same at each read
(a random one would change them; `=_` never occurs in quoted-printable or base64 text)."""
_ATTACHMENT_PREFIX = "__attach_version1.0_#"
_CODEPAGES = {
    936: "gb18030",
    54936: "gb18030",
    20936: "gb18030",
    950: "big5hkscs",
    65001: "utf-8",
    1200: "utf-16-le",
}
_FILETIME_EPOCH = datetime(1601, 1, 1, tzinfo=UTC)


class DamagedOutlookMessage(ValueError):
    """The compound file is damaged or holds no Outlook message (no property stream)."""


def outlook_message(data: bytes) -> Message:
    """The MIME message a saved `.msg` holds (see the module); `DamagedOutlookMessage` if none."""
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception as exc:  # olefile raises OSError, struct errors, IndexError on damage
        raise DamagedOutlookMessage(f"复合文档结构损坏（{type(exc).__name__}）") from exc
    try:
        return _message(_Storage(ole, []))
    except DamagedOutlookMessage:
        raise
    except Exception as exc:  # a stream that ends early, a sector chain that loops
        raise DamagedOutlookMessage(f"邮件属性无法读取（{type(exc).__name__}）") from exc
    finally:
        ole.close()


class _Storage:
    """One storage of the file (the message, or an attachment) and its properties."""

    def __init__(self, ole: Any, path: list[str], header: int = _TOP_HEADER) -> None:
        self.ole, self.path = ole, path
        self.fixed: dict[int, tuple[int, bytes]] = {}
        if not ole.exists("/".join([*path, _PROPERTIES])):
            if not path:
                raise DamagedOutlookMessage("没有 Outlook 邮件的属性流，不是 .msg 邮件")
            return
        table = self._read(_PROPERTIES)
        for at in range(header, len(table) - 15, 16):
            tag, _flags, value = struct.unpack_from("<II8s", table, at)
            self.fixed[tag >> 16] = (tag & 0xFFFF, value)

    def _read(self, name: str) -> bytes:
        data: bytes = self.ole.openstream("/".join([*self.path, name])).read()
        return data

    def stream(self, prop: int, kind: int) -> bytes | None:
        name = f"__substg1.0_{prop:04X}{kind:04X}"
        if not self.ole.exists("/".join([*self.path, name])):
            return None
        return self._read(name)

    def long(self, prop: int) -> int | None:
        found = self.fixed.get(prop)
        if found is None or found[0] not in (PT_LONG, PT_BOOLEAN):
            return None
        return int(struct.unpack_from("<i", found[1])[0])

    def time(self, prop: int) -> datetime | None:
        found = self.fixed.get(prop)
        if found is None or found[0] != PT_SYSTIME:
            return None
        ticks = struct.unpack_from("<Q", found[1])[0]
        try:
            return _FILETIME_EPOCH + timedelta(microseconds=ticks // 10)
        except OverflowError:
            return None

    def text(self, prop: int, codepage: str) -> str:
        """A string property, stored as UTF-16 (`PT_UNICODE`) or in the message's code page."""
        unicode = self.stream(prop, PT_UNICODE)
        if unicode is not None:
            return unicode.decode("utf-16-le", errors="replace").rstrip("\x00")
        eight = self.stream(prop, PT_STRING8)
        if eight is not None:
            return eight.decode(codepage, errors="replace").rstrip("\x00")
        return ""

    def children(self) -> list[str]:
        """The names of the storages right below this one."""
        depth = len(self.path)
        names = {
            entry[depth]
            for entry in self.ole.listdir(streams=True, storages=True)
            if len(entry) > depth + 1 and entry[:depth] == self.path
        }
        return sorted(names)


def _codepage(storage: _Storage, prop: int) -> str:
    number = storage.long(prop)
    if number is None:
        return "gb18030"  # what Chinese Outlook writes 8-bit text in when the file does not say
    return codepage_codec(number)


def codepage_codec(number: int) -> str:
    """The codec of a Windows code page (936 and its kin as GB18030, which GBK text fits);
    GB18030 when Python knows no such page (what Chinese Outlook writes). Shared with
    `tnef_parts`."""
    if number in _CODEPAGES:
        return _CODEPAGES[number]
    try:
        return codecs.lookup(f"cp{number}").name
    except LookupError:
        return "gb18030"


def _message(top: _Storage, level: int = 0) -> Message:
    """The MIME message the storage `top` holds (the file's, or an embedded one at `level` 1)."""
    codepage = _codepage(top, MESSAGE_CODEPAGE)
    web_codepage = _codepage(top, INTERNET_CODEPAGE) if top.long(INTERNET_CODEPAGE) is not None else codepage
    message = MIMEMultipart("mixed")
    subject = top.text(SUBJECT, codepage)
    if subject:
        message["Subject"] = Header(subject, "utf-8").encode()
    name, address = top.text(SENDER_NAME, codepage), top.text(SENDER_ADDRESS, codepage)
    sender = f"{name} <{address}>" if name and "@" in address else name or address
    if sender:
        message["From"] = Header(sender, "utf-8").encode()
    when = top.time(SUBMIT_TIME) or top.time(DELIVERY_TIME) or top.time(CREATION_TIME)
    if when is not None:
        message["Date"] = format_datetime(when)
    body = _body(top, codepage, web_codepage)
    if body is not None:
        message.attach(body)
    for child in top.children():
        if child.startswith(_ATTACHMENT_PREFIX):
            part = _attachment(_Storage(top.ole, [*top.path, child], _ATTACHMENT_HEADER), codepage, level)
            if part is not None:
                message.attach(part)
    return message


def _utf8_text(text: str, subtype: str) -> MIMEText:
    charset = Charset("utf-8")
    charset.body_encoding = QP
    part = MIMEText("", subtype, _charset=None)
    part.set_charset(charset)
    part.set_payload(text, charset)
    return part


def _body(top: _Storage, codepage: str, web_codepage: str) -> Message | None:
    """The message's body as a part (`body_part`)."""
    html = top.stream(HTML, PT_BINARY)
    if html is None:
        html_text = top.text(HTML, web_codepage)
    else:
        html_text = html.decode(web_codepage, errors="replace").rstrip("\x00")
    return body_part(
        html_text, lambda: top.text(BODY, codepage), lambda: top.stream(RTF_COMPRESSED, PT_BINARY)
    )


def body_part(html: str, plain: Callable[[], str], rtf: Callable[[], bytes | None]) -> Message | None:
    """The body as a part, as Outlook shows it: the HTML when there is some, else the plain text,
    else the compressed RTF decompressed as the attachment `RTF_BODY_NAME` (read by the RTF
    loader); None when there is none. Shared with `tnef_parts`, which finds the same three."""
    if html.strip():
        return _utf8_text(html, "html")
    text = plain()
    if text.strip():
        return _utf8_text(text, "plain")
    compressed = rtf()
    if compressed is None:
        return None
    try:
        raw = decompress_rtf(compressed)
    except ValueError:
        log.warning("RTF 正文无法解压，未读取")
        return None
    part = MIMEApplication(raw, "rtf")
    part.add_header("Content-Disposition", "attachment", filename=("utf-8", "", RTF_BODY_NAME))
    return part


def _attachment(storage: _Storage, codepage: str, level: int = 0) -> Message | None:
    """An attachment as a part named by its file name (an embedded message at `level` 0 as the
    `.eml` `_embedded` rebuilds); None for one Outlook hides (a picture inside the HTML body) or
    one with neither a name nor bytes."""
    if storage.long(ATTACHMENT_HIDDEN):
        return None
    name = (
        storage.text(ATTACH_LONG_FILENAME, codepage)
        or storage.text(ATTACH_FILENAME, codepage)
        or storage.text(DISPLAY_NAME, codepage)
    ).strip()
    embedded = storage.long(ATTACH_METHOD) == EMBEDDED_MESSAGE
    if embedded and level < _EMBEDDED_LEVELS:
        inner = _embedded(storage, name, level + 1)
        if inner is not None:
            return inner
    data = None if embedded else storage.stream(ATTACH_DATA, PT_BINARY)
    if data is None and not embedded:
        return None  # an OLE object or a link: nothing duban reads
    return attachment_part(name, data or b"", storage.text(ATTACH_MIME_TAG, codepage), embedded)


def _embedded(storage: _Storage, name: str, level: int) -> Message | None:
    """The message embedded in the attachment `storage` as a `message/rfc822` part named
    `<subject, else the attachment's name>.eml`; None (logged) when its storage is missing or
    damaged, so that it stays the empty `.msg` the walk skips and the other parts are read."""
    path = [*storage.path, _EMBEDDED_STORAGE]
    shown = name or "（无名称）"
    try:
        properties = "/".join([*path, _PROPERTIES])
        # olefile reads a stream whose sectors lie past the file as empty: shorter than its header
        if (
            not storage.ole.exists(properties)
            or len(storage.ole.openstream(properties).read()) < _EMBEDDED_HEADER
        ):
            log.warning("Outlook 邮件中嵌入的邮件“%s”没有完整的属性流，未展开", shown)
            return None
        top = _Storage(storage.ole, path, _EMBEDDED_HEADER)
        inner = _message(top, level)
        subject = top.text(SUBJECT, _codepage(top, MESSAGE_CODEPAGE)).strip()
        inner.set_boundary(_EMBEDDED_BOUNDARY)
        inner.as_bytes()  # what the walk will ask for: fail here, not there
    except Exception as exc:  # olefile and struct errors on a damaged storage, as in `outlook_message`
        log.warning("Outlook 邮件中嵌入的邮件“%s”无法读取（%s），未展开", shown, type(exc).__name__)
        return None
    stem = subject or (name.rsplit(".", 1)[0] if name.lower().endswith(".msg") else name) or "邮件"
    part = MIMEMessage(inner)
    part.add_header("Content-Disposition", "attachment", filename=("utf-8", "", f"{stem}.eml"))
    return part


def attachment_part(name: str, data: bytes, mime: str, embedded: bool = False) -> Message | None:
    """An attachment as a MIME part named by its file name, of its MIME type; a message in the
    message not rebuilt (a second level, a damaged one, one in a `winmail.dat`) as a `.msg` of no
    bytes, so that the walk skips it with its hint; None for one with
    neither a name nor bytes. Shared with `tnef_parts`."""
    if embedded:
        data = b""
        stem = name.rsplit(".", 1)[0] if name.lower().endswith(".msg") else name
        name = f"{stem or '邮件'}.msg"
    if not name and not data:
        return None
    maintype, _, subtype = (mime or "application/octet-stream").partition("/")
    part = MIMEApplication(data, subtype.strip() or "octet-stream")
    if maintype.strip() and maintype.strip() != "application":
        part.replace_header("Content-Type", f"{maintype.strip()}/{subtype.strip() or 'octet-stream'}")
    if name:
        part.add_header("Content-Disposition", "attachment", filename=("utf-8", "", name))
    else:
        part.add_header("Content-Disposition", "attachment")
    return part


# -- compressed RTF ([MS-OXRTFCP]) --------------------------------------------------------------

_RTF_DICTIONARY = (
    b"{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript "
    b"\\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par "
    b"\\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx"
)
"""The 207 bytes the decompression dictionary starts with ([MS-OXRTFCP] 2.1.2.1)."""
_COMPRESSED, _UNCOMPRESSED = 0x75465A4C, 0x414C454D  # "LZFu", "MELA"


def decompress_rtf(data: bytes) -> bytes:
    """The RTF that `PidTagRtfCompressed` holds; `ValueError` when the bytes are not that."""
    if len(data) < 16:
        raise ValueError("too short")
    size, raw_size, kind, _crc = struct.unpack_from("<IIII", data)
    body = data[16 : 4 + size]
    if kind == _UNCOMPRESSED:
        return body[:raw_size]
    if kind != _COMPRESSED:
        raise ValueError("unknown compression")
    window = bytearray(4096)
    window[: len(_RTF_DICTIONARY)] = _RTF_DICTIONARY
    write = len(_RTF_DICTIONARY)
    out = bytearray()
    at = 0
    while at < len(body) and len(out) < raw_size:
        control = body[at]
        at += 1
        for bit in range(8):
            if at >= len(body) or len(out) >= raw_size:
                break
            if control & (1 << bit):
                if at + 1 >= len(body):
                    raise ValueError("reference cut short")
                reference = (body[at] << 8) | body[at + 1]
                at += 2
                offset, length = reference >> 4, (reference & 0xF) + 2
                if offset == write:
                    return bytes(out)  # the end marker
                for step in range(length):
                    byte = window[(offset + step) % 4096]
                    out.append(byte)
                    window[write] = byte
                    write = (write + 1) % 4096
            else:
                byte = body[at]
                at += 1
                out.append(byte)
                window[write] = byte
                write = (write + 1) % 4096
    return bytes(out)
