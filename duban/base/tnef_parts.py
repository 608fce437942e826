"""The attachments and body an Outlook `winmail.dat` (TNEF, [MS-OXTNEF]) wraps, as MIME parts.

When a unit sends from Outlook or Exchange in "rich text" (RTF) format, the recipient's saved
message holds one attachment, `winmail.dat` (`application/ms-tnef`), that wraps the real
attachments and sometimes the body (RTF or HTML). Skipped as an unknown type, it hid the report
inside. Here the stream is read (pure Python: the format is a flat list of attributes) and each
attachment is rebuilt as the MIME part `outlook_parts` builds for a `.msg` attachment, so that
`mail_parts.mail_members` names it, and the walk, limits and prune treat it, as any attachment.

The stream: the signature 0x223E9F78, a 16-bit key, then attributes, each a level byte, a 32-bit
id (its type in the high word), a 32-bit length, the data and a 16-bit checksum (the sum of the
data bytes). `attAttachRendData` starts an attachment; its `attAttachTitle` (the 8.3 name in the
message's code page, `attOemCodepage`), `attAttachData` (the bytes) and `attAttachment` (a MAPI
property list: the long name, MIME type, method) follow. The message's `attMsgProps` may hold the
body as plain text, HTML or compressed RTF. Every length is checked against the bytes left and
every checksum against the data: a damaged or truncated stream raises `DamagedTnef` (never an
index error or a loop), and the caller skips the `winmail.dat` with a hint rather than read a part
of it whose bytes may be wrong.
"""

from __future__ import annotations

import logging
import struct
from dataclasses import dataclass, field
from email.message import Message

from duban.base.outlook_parts import (
    ATTACH_DATA,
    ATTACH_FILENAME,
    ATTACH_LONG_FILENAME,
    ATTACH_METHOD,
    ATTACH_MIME_TAG,
    ATTACHMENT_HIDDEN,
    BODY,
    DISPLAY_NAME,
    EMBEDDED_MESSAGE,
    HTML,
    INTERNET_CODEPAGE,
    PT_BINARY,
    PT_STRING8,
    PT_UNICODE,
    RTF_COMPRESSED,
    attachment_part,
    body_part,
    codepage_codec,
)

log = logging.getLogger(__name__)

SIGNATURE = 0x223E9F78
TNEF_TYPES = frozenset({"application/ms-tnef", "application/vnd.ms-tnef"})
TNEF_NAME = "winmail.dat"

# Attribute ids ([MS-OXTNEF] 2.1.3.3), the type in the high word.
ATT_OEM_CODEPAGE = 0x00069007
ATT_ATTACH_REND_DATA = 0x00069002
ATT_ATTACH_TITLE = 0x00018010
ATT_ATTACH_DATA = 0x0006800F
ATT_ATTACHMENT = 0x00069005
ATT_MSG_PROPS = 0x00069003
ATT_BODY = 0x0002800C
LEVEL_MESSAGE, LEVEL_ATTACHMENT = 1, 2
OLE_OBJECT = 6
"""`PidTagAttachMethod` of an OLE object (`afOle`): a picture or a control, not a document."""

_FIXED_SIZES = {
    0x0002: 2,  # PtypInteger16 (padded to 4)
    0x0003: 4,
    0x0004: 4,
    0x0005: 8,
    0x0006: 8,
    0x0007: 8,
    0x000A: 4,
    0x000B: 2,  # PtypBoolean (padded to 4)
    0x0014: 8,
    0x0040: 8,
    0x0048: 16,
}
"""Bytes of one value of each fixed-size property type ([MS-OXCDATA] 2.11.1)."""
_COUNTED = frozenset({0x000D, 0x001E, 0x001F, 0x0102, 0x00FB, 0x00FD, 0x00FE})
"""Types written as a count of values, each a length, the bytes and padding to 4."""
_MULTIPLE = 0x1000


class DamagedTnef(ValueError):
    """The bytes are not a TNEF stream, or one cut short or damaged (the message says where)."""


@dataclass
class _Attachment:
    title: bytes = b""
    data: bytes | None = None
    props: dict[int, tuple[int, bytes]] = field(default_factory=dict)


@dataclass
class Unpacked:
    """What a `winmail.dat` holds: its attachments as parts (named, typed), and the body as a
    `text/html` or `text/plain` part, or as the attachment `正文.rtf` (None when it has none)."""

    attachments: list[Message]
    body: Message | None


def is_tnef(part: Message, name: str | None) -> bool:
    """Whether a message part is a TNEF stream by its MIME type or its file name `name`."""
    return part.get_content_type() in TNEF_TYPES or (name or "").strip().lower() == TNEF_NAME


def unpack(data: bytes) -> Unpacked:
    """The attachments and body the TNEF stream `data` holds; `DamagedTnef` when it is damaged."""
    if len(data) < 6 or struct.unpack_from("<I", data)[0] != SIGNATURE:
        raise DamagedTnef("开头没有 TNEF 标记，不是 winmail.dat 封装")
    codepage = "gb18030"
    message: dict[int, tuple[int, bytes]] = {}
    plain_body = b""
    attachments: list[_Attachment] = []
    at = 6
    while at < len(data):  # each step moves on by at least the 11 bytes of an attribute's frame
        if at + 9 > len(data):
            raise DamagedTnef(f"第 {at} 字节处的属性不完整，数据被截断")
        level, attribute, length = struct.unpack_from("<BII", data, at)
        start = at + 9
        end = start + length
        if level not in (LEVEL_MESSAGE, LEVEL_ATTACHMENT):
            raise DamagedTnef(f"第 {at} 字节处的属性级别 {level} 无效")
        if end + 2 > len(data):
            raise DamagedTnef(f"第 {at} 字节处的属性长 {length} 字节，超出数据末尾，数据被截断")
        value = data[start:end]
        if struct.unpack_from("<H", data, end)[0] != sum(value) & 0xFFFF:
            raise DamagedTnef(f"第 {at} 字节处的属性校验和不符，数据已损坏")
        at = end + 2
        if attribute == ATT_OEM_CODEPAGE and len(value) >= 4:
            codepage = codepage_codec(struct.unpack_from("<I", value)[0])
        elif attribute == ATT_MSG_PROPS:
            message.update(properties(value))
        elif attribute == ATT_BODY:
            plain_body = value
        elif attribute == ATT_ATTACH_REND_DATA:
            attachments.append(_Attachment())
        elif level == LEVEL_ATTACHMENT:
            if not attachments:  # an attachment's attribute before its rendering: one begins
                attachments.append(_Attachment())
            current = attachments[-1]
            if attribute == ATT_ATTACH_TITLE:
                current.title = value
            elif attribute == ATT_ATTACH_DATA:
                current.data = value
            elif attribute == ATT_ATTACHMENT:
                current.props.update(properties(value))
    parts = [part for part in (_part(found, codepage) for found in attachments) if part is not None]
    return Unpacked(parts, _body(message, plain_body, codepage))


def properties(data: bytes) -> dict[int, tuple[int, bytes]]:
    """A MAPI property list ([MS-OXTNEF] 2.1.3.4) as id → (type, the first value's bytes; a
    string's without its end); `DamagedTnef` when a count or length runs past the data."""
    found: dict[int, tuple[int, bytes]] = {}
    view = _Reader(data)
    count = view.u32()
    if count > len(data) // 4:
        raise DamagedTnef(f"属性表声明 {count} 项，超出其长度")
    for _ in range(count):
        tag = view.u32()
        kind, prop = tag & 0xFFFF, tag >> 16
        if prop >= 0x8000:  # a named property: its GUID, then a number or a name
            view.take(16)
            if view.u32() == 0:
                view.u32()
            else:
                view.take(_padded(view.u32()))
        base = kind & ~_MULTIPLE
        multiple = bool(kind & _MULTIPLE)
        values: list[bytes] = []
        if base in _FIXED_SIZES:
            size = _padded(_FIXED_SIZES[base])
            number = view.u32() if multiple else 1
            if number * size > view.left():
                raise DamagedTnef(f"属性 0x{prop:04X} 声明 {number} 个值，超出属性表长度")
            values = [view.take(size) for _ in range(number)]
        elif base in _COUNTED:
            number = view.u32()
            if number * 4 > view.left():
                raise DamagedTnef(f"属性 0x{prop:04X} 声明 {number} 个值，超出属性表长度")
            for _ in range(number):
                length = view.u32()
                values.append(view.take(_padded(length))[:length])
        else:
            raise DamagedTnef(f"属性 0x{prop:04X} 的类型 0x{kind:04X} 无法识别，属性表已损坏")
        if values and prop not in found:
            found[prop] = (base, values[0])
    return found


def _padded(length: int) -> int:
    return length + (-length % 4)


class _Reader:
    """Bytes read in order, each read checked against what is left."""

    def __init__(self, data: bytes) -> None:
        self.data, self.at = data, 0

    def left(self) -> int:
        return len(self.data) - self.at

    def take(self, size: int) -> bytes:
        if size > self.left():
            raise DamagedTnef(f"属性表在第 {self.at} 字节处截断")
        chunk = self.data[self.at : self.at + size]
        self.at += size
        return chunk

    def u32(self) -> int:
        value: int = struct.unpack("<I", self.take(4))[0]
        return value


def _text(props: dict[int, tuple[int, bytes]], prop: int, codepage: str) -> str:
    """A string property (UTF-16, or 8-bit in the message's code page; a binary one as 8-bit)."""
    found = props.get(prop)
    if found is None:
        return ""
    kind, raw = found
    if kind == PT_UNICODE:
        text = raw.decode("utf-16-le", errors="replace")
    elif kind in (PT_STRING8, PT_BINARY):
        text = raw.decode(codepage, errors="replace")
    else:
        return ""
    return text.split("\x00", 1)[0]


def _long(props: dict[int, tuple[int, bytes]], prop: int) -> int | None:
    found = props.get(prop)
    if found is None or len(found[1]) < 4 or found[0] not in (0x0003, 0x000B):
        return None
    return int(struct.unpack_from("<i", found[1])[0])


def _part(found: _Attachment, codepage: str) -> Message | None:
    """An attachment as the part `outlook_parts` builds for one in a `.msg`: an embedded message
    as a `.msg` of no bytes (the walk skips it with the nested hint); None for one Outlook hides
    (a picture shown in the body), an OLE object, or one with neither name nor bytes."""
    props = found.props
    if _long(props, ATTACHMENT_HIDDEN) or _long(props, ATTACH_METHOD) == OLE_OBJECT:
        return None
    title = found.title.decode(codepage, errors="replace").split("\x00", 1)[0]
    name = (
        _text(props, ATTACH_LONG_FILENAME, codepage)
        or title
        or _text(props, ATTACH_FILENAME, codepage)
        or _text(props, DISPLAY_NAME, codepage)
    ).strip()
    embedded = _long(props, ATTACH_METHOD) == EMBEDDED_MESSAGE
    binary = props.get(ATTACH_DATA)
    data = found.data if found.data is not None else binary[1] if binary and binary[0] == PT_BINARY else b""
    return attachment_part(name, data, _text(props, ATTACH_MIME_TAG, codepage), embedded)


def _body(props: dict[int, tuple[int, bytes]], plain_body: bytes, codepage: str) -> Message | None:
    """The body as `outlook_parts.body_part` takes it from a `.msg`: HTML, else plain text (the
    property, else `attBody`), else compressed RTF as the attachment `正文.rtf`."""
    web = props.get(INTERNET_CODEPAGE)
    web_codepage = codepage_codec(_long(props, INTERNET_CODEPAGE) or 0) if web is not None else codepage
    rtf = props.get(RTF_COMPRESSED)
    return body_part(
        _text(props, HTML, web_codepage),
        lambda: (
            _text(props, BODY, codepage) or plain_body.decode(codepage, errors="replace").split("\x00", 1)[0]
        ),
        lambda: rtf[1] if rtf is not None and rtf[0] == PT_BINARY else None,
    )
